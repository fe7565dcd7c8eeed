/**
 * Notification topics (an SNS subset): create topics, subscribe HTTP(S) endpoints, publish.
 *
 * Flow of a subscription: Subscribe stores it pending with a random token and sends the endpoint
 * a `SubscriptionConfirmation` message whose `SubscribeURL` confirms it (an unsigned GET, as in
 * AWS); ConfirmSubscription with the token makes it active. Publish sends one `Notification`
 * message to every confirmed subscription of the topic. Sending is handed to `outbound`, a
 * durable, retried delivery queue: Publish returns once the messages are queued.
 *
 * Limits (AWS's): topic names 1–256 of `[A-Za-z0-9_-]`, FIFO topics are not served; messages up
 * to 256 KiB; subjects up to 100 printable ASCII characters without line breaks.
 */
import { SluiceError } from '../model/errors.ts';
import type { Tag } from '../engine/state.ts';
import type { SubscriptionProtocol, SubscriptionRecord, TopicRecord, TopicStore } from '../store/topic-ports.ts';
import { confirmationMessage, notificationMessage, type TopicDelivery } from './topic-messages.ts';

export const TOPIC_LIMITS = { nameLength: 256, messageBytes: 262_144, subjectLength: 100, displayNameLength: 100, pageSize: 100 } as const;
const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}$/;
const SUBJECT = /^[\x20-\x7e]{1,100}$/;
/** Topic attributes a caller may set; the others AWS has are read-only or about features Sluice does not serve. */
const SETTABLE_ATTRIBUTES = new Set(['DisplayName', 'Policy', 'DeliveryPolicy']);
const PROTOCOLS: readonly SubscriptionProtocol[] = ['http', 'https'];

/** A published message: `default` for every protocol unless the protocol has its own. */
export interface PublishedMessage { default: string; http?: string; https?: string }

export interface TopicOutbound {
  /** Queues the deliveries durably; each is retried until its endpoint accepts it or its retries run out. */
  send(deliveries: TopicDelivery[]): Promise<void>;
}

export interface TopicServiceOptions {
  store: TopicStore;
  outbound: TopicOutbound;
  region: string;
  accountId: string;
  /** The server's URL once it listens: SubscribeURL and UnsubscribeURL point at it. */
  url(): string;
  now(): number;
  uuid(): string;
  /** An unguessable confirmation token. */
  newToken(): string;
}

function invalid(message: string): SluiceError {
  return new SluiceError('InvalidParameterException', `Invalid parameter: ${message}`);
}

function notFound(what: string): SluiceError {
  return new SluiceError('NotFoundException', `${what} does not exist`);
}

export class TopicService {
  readonly #options: TopicServiceOptions;

  constructor(options: TopicServiceOptions) {
    this.#options = options;
  }

  topicArn(name: string): string {
    return `arn:aws:sns:${this.#options.region}:${this.#options.accountId}:${name}`;
  }

  async createTopic(name: string, attributes: Record<string, string> = {}, tags: Tag[] = []): Promise<TopicRecord> {
    if (name.endsWith('.fifo')) throw invalid('Topic Name: FIFO topics are not supported by Sluice');
    if (!TOPIC_NAME.test(name)) throw invalid('Topic Name');
    checkAttributes(attributes);
    const { topic } = await this.#options.store.create({ arn: this.topicArn(name), name, attributes, tags, created: this.#options.now() });
    return topic;
  }

  async getTopic(arn: string): Promise<TopicRecord> {
    const topic = await this.#options.store.get(arn);
    if (!topic) throw notFound('Topic');
    return topic;
  }

  async listTopics(after: string | undefined): Promise<{ topics: TopicRecord[]; next?: string }> {
    const limit = TOPIC_LIMITS.pageSize;
    const topics = await this.#options.store.list({ ...(after !== undefined && { after }), limit: limit + 1 });
    const page = topics.slice(0, limit);
    return topics.length > limit ? { topics: page, next: page.at(-1)?.arn ?? '' } : { topics: page };
  }

  /** Deleting a topic that does not exist succeeds, as in AWS. */
  async deleteTopic(arn: string): Promise<void> {
    await this.#options.store.delete(arn);
  }

  async setTopicAttribute(arn: string, name: string, value: string): Promise<void> {
    checkAttributes({ [name]: value });
    if (!await this.#options.store.setAttribute(arn, name, value)) throw notFound('Topic');
  }

  async retag(arn: string, change: { add?: Tag[]; remove?: string[] }): Promise<void> {
    if (!await this.#options.store.retag(arn, change)) throw new SluiceError('ResourceNotFoundException', 'Resource does not exist');
  }

  /** Subscribes an endpoint; the subscription stays pending until confirmed. Resubscribing an endpoint returns its subscription. */
  async subscribe(topicArn: string, protocol: string, endpoint: string | undefined, attributes: Record<string, string> = {}): Promise<SubscriptionRecord> {
    if (!PROTOCOLS.includes(protocol as SubscriptionProtocol)) throw invalid(`Invalid protocol type: ${protocol} (Sluice delivers to http and https endpoints)`);
    checkEndpoint(protocol as SubscriptionProtocol, endpoint);
    const subscribed = await this.#options.store.subscribe({
      arn: `${topicArn}:${this.#options.uuid()}`, topicArn, protocol: protocol as SubscriptionProtocol, endpoint: endpoint ?? '',
      owner: this.#options.accountId, confirmationToken: this.#options.newToken(), confirmed: false, attributes, created: this.#options.now(),
    });
    if (!subscribed) throw notFound('Topic');
    const { subscription } = subscribed;
    if (!subscription.confirmed) {
      await this.#options.outbound.send([confirmationMessage(subscription, { url: this.#options.url(), messageId: this.#options.uuid(), now: this.#options.now() })]);
    }
    return subscription;
  }

  async confirmSubscription(topicArn: string, token: string): Promise<SubscriptionRecord> {
    const confirmed = await this.#options.store.confirm(topicArn, token);
    if (!confirmed) throw invalid('Token');
    return confirmed;
  }

  async getSubscription(arn: string): Promise<SubscriptionRecord> {
    const subscription = await this.#options.store.getSubscription(arn);
    if (!subscription) throw notFound('Subscription');
    return subscription;
  }

  async listSubscriptions(topicArn: string | undefined, after: string | undefined): Promise<{ subscriptions: SubscriptionRecord[]; next?: string }> {
    if (topicArn !== undefined) await this.getTopic(topicArn);
    const limit = TOPIC_LIMITS.pageSize;
    const found = await this.#options.store.listSubscriptions(topicArn === undefined ? {} : { topicArn }, { ...(after !== undefined && { after }), limit: limit + 1 });
    const page = found.slice(0, limit);
    return found.length > limit ? { subscriptions: page, next: page.at(-1)?.arn ?? '' } : { subscriptions: page };
  }

  /** Every subscription of the topic, page after page. */
  async allSubscriptions(topicArn: string): Promise<SubscriptionRecord[]> {
    const all: SubscriptionRecord[] = [];
    let after: string | undefined;
    do {
      const page = await this.listSubscriptions(topicArn, after);
      all.push(...page.subscriptions);
      after = page.next;
    } while (after !== undefined);
    return all;
  }

  async unsubscribe(arn: string): Promise<void> {
    if (!await this.#options.store.unsubscribe(arn)) throw notFound('Subscription');
  }

  /** Queues the message for every confirmed subscription; returns the message id. */
  async publish(topicArn: string, message: PublishedMessage, subject?: string): Promise<string> {
    for (const text of [message.default, message.http, message.https].filter((t) => t !== undefined)) {
      if (Buffer.byteLength(text) > TOPIC_LIMITS.messageBytes) throw invalid(`Message too long (at most ${TOPIC_LIMITS.messageBytes} bytes)`);
      if (text.length === 0) throw invalid('Empty message');
    }
    if (subject !== undefined && !SUBJECT.test(subject)) throw invalid(`Subject (1 to ${TOPIC_LIMITS.subjectLength} printable ASCII characters, no line breaks)`);
    await this.getTopic(topicArn);
    const messageId = this.#options.uuid();
    const now = this.#options.now();
    const deliveries = (await this.allSubscriptions(topicArn)).filter((s) => s.confirmed).map((subscription) => notificationMessage(subscription, {
      url: this.#options.url(), messageId, now, message: message[subscription.protocol] ?? message.default, ...(subject !== undefined && { subject }),
    }));
    await this.#options.outbound.send(deliveries);
    return messageId;
  }
}

function checkAttributes(attributes: Record<string, string>): void {
  for (const [name, value] of Object.entries(attributes)) {
    if (!SETTABLE_ATTRIBUTES.has(name)) throw invalid(`AttributeName: ${name} (settable: ${[...SETTABLE_ATTRIBUTES].join(', ')})`);
    if (name === 'DisplayName' && value.length > TOPIC_LIMITS.displayNameLength) throw invalid(`DisplayName (at most ${TOPIC_LIMITS.displayNameLength} characters)`);
  }
}

function checkEndpoint(protocol: SubscriptionProtocol, endpoint: string | undefined): void {
  let url: URL;
  try {
    url = new URL(endpoint ?? '');
  } catch {
    throw invalid('Endpoint: not a URL');
  }
  if (url.protocol !== `${protocol}:`) throw invalid(`Endpoint: must start with ${protocol}://`);
}
