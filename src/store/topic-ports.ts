/**
 * Store port of notification topics (an SNS subset): topics with their attributes and tags, and
 * their subscriptions. A subscription to an HTTP(S) endpoint is pending until the endpoint
 * confirms it with the token Sluice sent; only confirmed subscriptions receive messages.
 */
import type { Tag } from '../engine/state.ts';

export interface TopicRecord {
  /** `arn:aws:sns:<region>:<account>:<name>` */
  arn: string;
  name: string;
  /** Settable attributes (`DisplayName`, …) as AWS names them. */
  attributes: Record<string, string>;
  tags: Tag[];
  created: number;
}

export type SubscriptionProtocol = 'http' | 'https';

export interface SubscriptionRecord {
  /** `<topic arn>:<uuid>` */
  arn: string;
  topicArn: string;
  protocol: SubscriptionProtocol;
  endpoint: string;
  /** The account that subscribed. */
  owner: string;
  /** The token sent to the endpoint; confirming with it again is harmless, as in AWS. */
  confirmationToken: string;
  confirmed: boolean;
  attributes: Record<string, string>;
  created: number;
}

export interface TopicStore {
  /**
   * Creates the topic; when one of that name exists, returns it unchanged with `created: false`
   * (CreateTopic is idempotent by name).
   */
  create(topic: TopicRecord): Promise<{ topic: TopicRecord; created: boolean }>;
  get(arn: string): Promise<TopicRecord | undefined>;
  /** Topics by ARN ascending, after `after`. */
  list(page: { after?: string; limit: number }): Promise<TopicRecord[]>;
  /** Removes the topic and its subscriptions; false when there was none. */
  delete(arn: string): Promise<boolean>;
  /** Sets one attribute; false when the topic does not exist. */
  setAttribute(arn: string, name: string, value: string): Promise<boolean>;
  /** Adds or replaces tags by key, then removes `remove` keys, atomically; false when the topic does not exist. */
  retag(arn: string, change: { add?: Tag[]; remove?: string[] }): Promise<boolean>;

  /**
   * Adds the subscription; when the topic already has one for that protocol and endpoint,
   * returns that one with `created: false`. Undefined when the topic does not exist.
   */
  subscribe(subscription: SubscriptionRecord): Promise<{ subscription: SubscriptionRecord; created: boolean } | undefined>;
  getSubscription(arn: string): Promise<SubscriptionRecord | undefined>;
  /** Confirms the topic's subscription holding `token` (again, if it was); undefined when none holds it. */
  confirm(topicArn: string, token: string): Promise<SubscriptionRecord | undefined>;
  /** Subscriptions by ARN ascending, of one topic or all, after `after`. */
  listSubscriptions(scope: { topicArn?: string }, page: { after?: string; limit: number }): Promise<SubscriptionRecord[]>;
  /** Removes the subscription; false when there was none. */
  unsubscribe(arn: string): Promise<boolean>;
}
