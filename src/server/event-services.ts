/**
 * The event bus of a server: the EventBridge API service, the delivery loops (matching and
 * delivering, schedules) and the dead-letter route, on the runtime's store. Target kinds are one
 * table: pipelines start through the runtime's pipeline service, API destinations post over HTTP;
 * notification topics (`sns`) join with one entry in `kinds`.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { IncomingCall } from '../api/aws-json/dispatcher.ts';
import type { AwsJsonService, Caller } from '../api/aws-json/operation.ts';
import { eventsService } from '../api/events/service.ts';
import { makeEventDeliveriesRoute } from '../api/rest/event-deliveries.ts';
import type { Logger } from '../logging.ts';
import type { LocalRuntime } from '../runtime.ts';
import { EventDelivery, type EventDeliveryOptions } from '../scheduler/event-delivery.ts';
import type { Loop } from '../scheduler/loop.ts';
import { makeScheduleLoop } from '../scheduler/schedules.ts';
import { systemClock, type Clock } from '../scheduler/system.ts';
import { EventConnectionService } from '../services/event-connections.ts';
import { makeHttpTargetKind } from '../services/event-http-target.ts';
import { makePipelineTargetKind } from '../services/event-pipeline-target.ts';
import { EventRuleService } from '../services/event-rules.ts';
import type { TargetKinds } from '../services/event-targets.ts';
import { loadOrCreateDataKey, makeSecretCrypto } from '../services/secret-crypto.ts';

export interface EventServicesOptions {
  runtime: LocalRuntime;
  dataDir: string;
  accountId: string;
  region: string;
  logger: Logger;
  authenticate(call: IncomingCall): Promise<{ caller: Caller; region: string; signingService: string }>;
  authorize(caller: Caller, action: string, resource: string, sourceIp: string): Promise<void>;
  /** @default the system clock */
  clock?: Clock;
  /** Longest sleep of the delivery and schedule loops. @default 1000 */
  pollMs?: number;
  /** Extra target kinds by key (`sns`), added to the built-in ones. */
  kinds?: TargetKinds;
  /** Managed rules (see EventDelivery). */
  managed?: EventDeliveryOptions['managed'];
}

export interface EventServices {
  service: AwsJsonService;
  delivery: EventDelivery;
  deliveriesRoute: (call: IncomingCall, url: URL) => Promise<Response>;
  start(): void;
  stop(): Promise<void>;
}

export async function openEventServices(options: EventServicesOptions): Promise<EventServices> {
  const { runtime, logger } = options;
  const clock = options.clock ?? systemClock;
  const scope = { region: options.region, accountId: options.accountId };
  const store = runtime.store;
  const crypto = makeSecretCrypto(await loadOrCreateDataKey(join(options.dataDir, 'secrets.key')));
  const kinds: TargetKinds = {
    codepipeline: makePipelineTargetKind(scope, runtime.pipelines),
    'events:api-destination': makeHttpTargetKind({ destinations: store.events.destinations, crypto }),
    ...options.kinds,
  };
  const uuid = (): string => randomUUID();
  const delivery = new EventDelivery({
    store, kinds, scope, clock, logger, uuid, workerId: `${hostname()}:${process.pid}:events`,
    ...(options.pollMs !== undefined && { pollMs: options.pollMs }),
    ...(options.managed && { managed: options.managed }),
  });
  const schedules: Loop = makeScheduleLoop({
    deliveries: store.events.deliveries, scope, clock, logger, uuid, fired: () => delivery.wake(),
    ...(options.pollMs !== undefined && { maxSleepMs: options.pollMs }),
  });
  const rules = new EventRuleService({ store: store.events.rules, kinds, now: () => clock.now(), changed: () => delivery.wake() });
  const connections = new EventConnectionService({ store: store.events.destinations, crypto, uuid, now: () => clock.now() });
  // Events the engine commits in this process are matched at once rather than at the next poll.
  const unsubscribe = runtime.scheduler.driver.onCommit((_, commands) => {
    if (commands.some((c) => c.type === 'Emit')) delivery.wake();
  });
  return {
    service: eventsService({
      rules, connections, outbox: store.outbox, now: () => clock.now(), uuid, published: () => delivery.wake(),
      authorize: (caller, action, resource, sourceIp) => options.authorize(caller, action, resource, sourceIp),
    }),
    delivery,
    deliveriesRoute: makeEventDeliveriesRoute({ deliveries: store.events.deliveries, authenticate: (call) => options.authenticate(call),
      authorize: (caller, action, resource, sourceIp) => options.authorize(caller, action, resource, sourceIp) }),
    start() {
      delivery.start();
      schedules.start();
    },
    async stop() {
      unsubscribe();
      await Promise.all([delivery.stop(), schedules.stop()]);
    },
  };
}
