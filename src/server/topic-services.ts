/**
 * Notification topics of a server: the SNS API on the query protocol, the `sns` target kind of
 * the event bus, and the outbound queue that turns a topic's messages into bus deliveries (so a
 * subscriber that is down gets its messages later, retried with backoff, or a dead letter).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingCall } from '../api/aws-json/dispatcher.ts';
import type { QueryHandlerOptions } from '../api/query/handler.ts';
import { makeSnsHandler } from '../api/sns/service.ts';
import type { TargetKind } from '../services/event-targets.ts';
import { makeTopicTargetKind, subscriberDelivery } from '../services/topic-target.ts';
import { TopicService } from '../services/topics.ts';
import type { Store } from '../store/ports.ts';

export interface TopicServicesOptions {
  store: Pick<Store, 'topics' | 'events'>;
  accountId: string;
  region: string;
  /** The server's URL once it listens (messages link back to it). */
  url(): string | undefined;
  /** Wakes the bus's delivery loop after messages are queued. */
  queued(): void;
}

export interface TopicServices {
  topics: TopicService;
  kind: TargetKind;
  handler(options: QueryHandlerOptions): (call: IncomingCall) => Promise<Response>;
}

export function makeTopicServices(options: TopicServicesOptions): TopicServices {
  const scope = { accountId: options.accountId, region: options.region };
  const now = (): number => Date.now();
  const topics = new TopicService({
    store: options.store.topics, region: options.region, accountId: options.accountId, now, uuid: randomUUID,
    url: () => options.url() ?? 'http://127.0.0.1',
    newToken: () => randomBytes(32).toString('hex'),
    outbound: {
      async send(messages) {
        if (messages.length === 0) return;
        const at = now();
        await options.store.events.deliveries.insert(messages.map((m) => subscriberDelivery(m, scope, at, randomUUID())), at);
        options.queued();
      },
    },
  });
  return {
    topics,
    kind: makeTopicTargetKind({ topics, store: options.store.topics }),
    handler: (handlerOptions) => makeSnsHandler({ ...handlerOptions, topics }),
  };
}
