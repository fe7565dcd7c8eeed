/**
 * Event delivery: the bus's two loops over the durable outbox.
 *
 * - Matching: reads the outbox after the bus cursor, matches each event against the enabled
 *   rules (RuleIndex: compiled once per rule version, indexed by source and detail-type), and
 *   inserts one delivery per (event, target) in the transaction that moves the cursor — a
 *   compare-and-set, so several servers on one database create each delivery once.
 * - Delivering: a ClaimPool claims due deliveries with a lease, computes each target's input,
 *   hands it to the target's kind, and records DELIVERED, a retry (exponential backoff with
 *   jitter) or a dead letter (FAILED, with the last error). A lease lost by a crashed server is
 *   claimed again once it expires: delivery is at least once.
 *
 * Both loops are woken when events are appended in this process (`wake()`) and poll otherwise.
 */
import type { Logger } from '../logging.ts';
import { coerceError } from '../model/errors.ts';
import type { BusEvent } from '../model/events/envelope.ts';
import { eventTime } from '../model/events/envelope.ts';
import { ruleArn, type EventScope } from '../services/event-names.ts';
import { targetInput, TargetInputError } from '../services/event-input.ts';
import { RuleIndex } from '../services/event-matcher.ts';
import { nextAttemptAt } from '../services/event-retry.ts';
import { DeliveryFailure, kindOf, type TargetKinds } from '../services/event-targets.ts';
import type { DeliveryRecord, EventStores, NewDelivery } from '../store/event-ports.ts';
import type { OutboxStore } from '../store/ports.ts';
import { ClaimPool } from './claim-pool.ts';
import { Loop } from './loop.ts';
import type { Clock } from './system.ts';

export interface EventDeliveryOptions {
  store: { outbox: OutboxStore; events: EventStores };
  kinds: TargetKinds;
  scope: EventScope;
  clock: Clock;
  logger: Logger;
  workerId: string;
  uuid(): string;
  /** Jitter source in [0, 1). @default Math.random */
  random?: () => number;
  /** Deliveries in flight at once. @default 8 */
  concurrency?: number;
  /** A claimed delivery is claimed again after this if its holder never reports. @default 60000 */
  leaseMs?: number;
  /** Longest sleep of both loops, so work from other processes is noticed. @default 1000 */
  pollMs?: number;
  /** Outbox events matched per transaction. @default 500 */
  batch?: number;
  /** Managed rules: deliveries Sluice itself derives from an event (approval notifications). */
  managed?: readonly ((event: BusEvent) => Promise<NewDelivery[]>)[];
}

/** The execution an event is about: one target gets one execution's events in order. */
function orderKeyOf(ruleName: string, targetId: string, event: BusEvent): string | undefined {
  const execution = (event.detail as Record<string, unknown>)['execution-id'];
  return typeof execution === 'string' ? `${ruleName}/${targetId}/${execution}` : undefined;
}

export class EventDelivery {
  readonly #options: EventDeliveryOptions;
  readonly #index = new RuleIndex();
  #revision = -1;
  readonly #matcher: Loop;
  readonly #pool: ClaimPool<DeliveryRecord>;

  constructor(options: EventDeliveryOptions) {
    this.#options = options;
    const pollMs = options.pollMs ?? 1000;
    this.#matcher = new Loop('event-matching', async () => (await this.matchPending() ? 0 : pollMs), options.logger);
    this.#pool = new ClaimPool({
      name: 'event-delivery', logger: options.logger, idlePollMs: pollMs,
      concurrency: () => options.concurrency ?? 8,
      claim: (limit) => this.#claim(limit),
      idOf: (d) => d.id,
      run: (d) => this.#deliver(d),
    });
  }

  start(): void {
    this.#matcher.start();
    this.#pool.start();
  }

  /** Events were appended or deliveries queued: match and claim now instead of at the next poll. */
  wake(): void {
    this.#matcher.wake();
    this.#pool.wake();
  }

  async stop(): Promise<void> {
    await Promise.all([this.#matcher.stop(), this.#pool.stop()]);
  }

  /** Matches one batch of outbox events after the cursor; true when there may be more. */
  async matchPending(): Promise<boolean> {
    const { store, clock } = this.#options;
    const revision = await store.events.rules.revision();
    if (revision !== this.#revision) {
      this.#index.load(await store.events.rules.matchable());
      this.#revision = revision;
    }
    const batch = this.#options.batch ?? 500;
    const cursor = await store.events.deliveries.cursor();
    const entries = await store.outbox.read(cursor, batch);
    const last = entries.at(-1);
    if (!last) return false;
    const deliveries: NewDelivery[] = [];
    for (const { event } of entries) {
      const text = JSON.stringify(event);
      for (const rule of this.#index.match(event)) {
        for (const target of rule.targets) {
          const orderKey = orderKeyOf(rule.name, target.Id, event);
          deliveries.push({ id: this.#options.uuid(), ruleName: rule.name, target, event: text, ...(orderKey !== undefined && { orderKey }) });
        }
      }
      for (const managed of this.#options.managed ?? []) deliveries.push(...await managed(event));
    }
    // Losing the compare-and-set means another process matched these events: read on from its cursor.
    await store.events.deliveries.enqueue(cursor, last.seq, deliveries, clock.now());
    if (deliveries.length > 0) this.#pool.wake();
    return true;
  }

  /** Claims and runs every due delivery (up to the concurrency), waiting for them: for tests and drains. */
  async deliverDue(): Promise<number> {
    const claimed = await this.#claim(this.#options.concurrency ?? 8);
    await Promise.all(claimed.map((d) => this.#deliver(d)));
    return claimed.length;
  }

  #claim(limit: number): Promise<DeliveryRecord[]> {
    const { store, clock, workerId } = this.#options;
    return store.events.deliveries.claim({ workerId, now: clock.now(), leaseMs: this.#options.leaseMs ?? 60_000, limit });
  }

  async #deliver(delivery: DeliveryRecord): Promise<void> {
    const { store, clock, workerId, scope, kinds, logger } = this.#options;
    try {
      const kind = kindOf(kinds, delivery.target.Arn);
      if (!kind) throw new DeliveryFailure(`No target kind delivers to ${delivery.target.Arn}`, false);
      const event = JSON.parse(delivery.event) as BusEvent;
      let input: string;
      try {
        input = targetInput(delivery.target, event, { ruleArn: ruleArn(scope, delivery.ruleName), ruleName: delivery.ruleName, ingestionTime: eventTime(delivery.createdAt) });
      } catch (e) {
        if (e instanceof TargetInputError) throw new DeliveryFailure(e.message, false);
        throw e;
      }
      await kind.deliver({ target: delivery.target, input, ruleArn: ruleArn(scope, delivery.ruleName), deliveryId: delivery.id, eventId: event.id });
      await store.events.deliveries.complete(delivery.seq, workerId, clock.now());
    } catch (e) {
      const err = coerceError(e);
      const retryable = !(err instanceof DeliveryFailure) || err.retryable;
      const now = clock.now();
      const retryAt = retryable ? nextAttemptAt(delivery.target, delivery, now, (this.#options.random ?? Math.random)()) : undefined;
      logger.warn({ deliveryId: delivery.id, rule: delivery.ruleName, target: delivery.target.Id, attempt: delivery.attempts, err, retryAt }, 'event delivery failed');
      await store.events.deliveries.fail(delivery.seq, workerId, err.message, retryAt, now);
    }
  }
}
