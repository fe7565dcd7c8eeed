/**
 * Store ports of the event bus: EventBridge rules with their targets, connections and API
 * destinations (the HTTP targets), and deliveries — one leased row per (event, target), created in
 * the transaction that advances the bus's cursor over the outbox or claims a schedule's firing.
 *
 * Terminology:
 * - rule: selects events by pattern and/or fires on a schedule; `version` grows with every change
 *   of the rule or its targets, `revision` (bus-wide) with every change of any.
 * - target: where a rule's events go, kept as PutTargets gave it (AWS field names).
 * - delivery: one event for one target; PENDING until DELIVERED or FAILED (a dead letter).
 */
import type { Tag } from '../engine/state.ts';

/** A target as the API shapes it (`Id`, `Arn`, `Input`, `InputPath`, `InputTransformer`, `RetryPolicy`, …). */
export interface EventTarget {
  Id: string;
  Arn: string;
  Input?: string;
  InputPath?: string;
  InputTransformer?: { InputPathsMap?: Record<string, string>; InputTemplate: string };
  RetryPolicy?: { MaximumRetryAttempts?: number; MaximumEventAgeInSeconds?: number };
  RoleArn?: string;
  DeadLetterConfig?: { Arn?: string };
  HttpParameters?: object;
}

export type RuleState = 'ENABLED' | 'DISABLED';

export interface EventRuleRecord {
  name: string;
  eventPattern?: string;
  scheduleExpression?: string;
  state: RuleState;
  description?: string;
  roleArn?: string;
  tags: Tag[];
  createdBy?: string;
  createdAt: number;
  version: number;
  /** Next firing of a scheduled rule, epoch ms. */
  nextFireAt?: number;
}

/**
 * What PutRule writes: the rule's own fields. An existing rule keeps its tags (`tags` are a new
 * rule's; an update leaves tags alone, as AWS does), creation time and, when the schedule is
 * unchanged, next firing, which `nextFireAt` computes from the creation time (absent: no schedule).
 */
export type RuleWrite = Omit<EventRuleRecord, 'createdAt' | 'version' | 'nextFireAt'> & {
  nextFireAt?(createdAt: number): number;
};

/** An enabled rule with a pattern, and its targets, as the matcher needs it. */
export interface MatchableRule {
  name: string;
  version: number;
  eventPattern: string;
  targets: EventTarget[];
}

export interface EventRuleStore {
  /** Creates or updates the rule; false when creating would pass `maxRules`. */
  put(rule: RuleWrite, now: number, maxRules: number): Promise<boolean>;
  get(name: string): Promise<EventRuleRecord | undefined>;
  /** Rules by name ascending, names after `after`, starting with `prefix`. */
  list(page: { prefix?: string; after?: string; limit: number }): Promise<EventRuleRecord[]>;
  /** 'deleted', 'missing', or 'has-targets' (nothing deleted). */
  delete(name: string): Promise<'deleted' | 'missing' | 'has-targets'>;
  /** Sets ENABLED/DISABLED (and the next firing on enabling); false when missing. */
  setState(name: string, state: RuleState, nextFireAt: number | undefined): Promise<boolean>;
  /** Replaces the rule's tags; false when missing. */
  setTags(name: string, tags: Tag[]): Promise<boolean>;
  /** Adds or replaces targets by Id; 'missing' when no rule, 'limit' (nothing written) when the rule would pass `maxTargets`. */
  putTargets(name: string, targets: readonly EventTarget[], maxTargets: number): Promise<'ok' | 'missing' | 'limit'>;
  /** Removes targets by Id; the Ids that were not there; undefined when no rule. */
  removeTargets(name: string, ids: readonly string[]): Promise<string[] | undefined>;
  /** The rule's targets in insertion order; undefined when no rule. */
  targets(name: string): Promise<EventTarget[] | undefined>;
  /** Names (ascending, after `after`) of rules with a target of this ARN. */
  namesByTarget(arn: string, page: { after?: string; limit: number }): Promise<string[]>;
  /** Bus-wide revision: changes whenever any rule or target does. */
  revision(): Promise<number>;
  /** Every enabled rule that has a pattern and at least one target. */
  matchable(): Promise<MatchableRule[]>;
}

export interface ConnectionRecord {
  name: string;
  uuid: string;
  description?: string;
  authorizationType: 'API_KEY' | 'BASIC';
  /** The API key's header name, or the basic-auth user name. */
  authName: string;
  /** The key value or password, sealed by the secret crypto. */
  authSecret: string;
  createdAt: number;
  modifiedAt: number;
}

export interface ApiDestinationRecord {
  name: string;
  uuid: string;
  description?: string;
  connectionName: string;
  endpoint: string;
  httpMethod: string;
  rateLimitPerSecond?: number;
  createdAt: number;
  modifiedAt: number;
}

export interface EventDestinationStore {
  /** False when a connection of that name exists. */
  createConnection(connection: ConnectionRecord): Promise<boolean>;
  getConnection(name: string): Promise<ConnectionRecord | undefined>;
  listConnections(page: { prefix?: string; after?: string; limit: number }): Promise<ConnectionRecord[]>;
  /** 'deleted', 'missing', or 'in-use' (an API destination uses it; nothing deleted). */
  deleteConnection(name: string): Promise<'deleted' | 'missing' | 'in-use'>;
  /** False when one of that name exists or the connection does not. */
  createApiDestination(destination: ApiDestinationRecord): Promise<boolean>;
  getApiDestination(name: string): Promise<ApiDestinationRecord | undefined>;
  listApiDestinations(page: { prefix?: string; connectionName?: string; after?: string; limit: number }): Promise<ApiDestinationRecord[]>;
  /** Replaces the stored destination (same name); false when missing. */
  updateApiDestination(destination: ApiDestinationRecord): Promise<boolean>;
  deleteApiDestination(name: string): Promise<boolean>;
}

export type DeliveryState = 'PENDING' | 'DELIVERED' | 'FAILED';

export interface NewDelivery {
  id: string;
  ruleName: string;
  target: EventTarget;
  /** The event, as JSON text. */
  event: string;
  /** Deliveries with one key are claimed one at a time, in order; undefined: unordered. */
  orderKey?: string;
}

export interface DeliveryRecord extends NewDelivery {
  seq: number;
  state: DeliveryState;
  /** Attempts started so far (a claim starts one). */
  attempts: number;
  nextAttemptAt: number;
  createdAt: number;
  updatedAt: number;
  lastError?: string;
}

export interface EventDeliveryStore {
  /** The outbox seq the bus has matched up to. */
  cursor(): Promise<number>;
  /**
   * Moves the cursor from `fromSeq` to `toSeq` and inserts `deliveries`, atomically; false (nothing
   * written) when the cursor is no longer at `fromSeq` (another process matched those events).
   */
  enqueue(fromSeq: number, toSeq: number, deliveries: readonly NewDelivery[], now: number): Promise<boolean>;
  /** Inserts deliveries made outside the bus's matching (a topic's messages to its subscribers), atomically. */
  insert(deliveries: readonly NewDelivery[], now: number): Promise<void>;
  /**
   * Claims a scheduled rule's firing due at `dueAt`: moves its next firing to `nextFireAt` and
   * inserts one delivery of `event` per target of the rule, atomically; false when the rule is
   * gone, disabled, or its next firing is no longer `dueAt` (claimed elsewhere).
   */
  fireSchedule(ruleName: string, dueAt: number, nextFireAt: number, event: string, newId: () => string, now: number): Promise<boolean>;
  /** Enabled scheduled rules due at `now`, soonest first. */
  dueSchedules(now: number, limit: number): Promise<{ name: string; scheduleExpression: string; createdAt: number; nextFireAt: number }[]>;
  /** Earliest next firing of an enabled scheduled rule. */
  nextScheduleAt(): Promise<number | undefined>;
  /**
   * Leases up to `limit` PENDING deliveries due at `now` whose lease is free or expired, skipping
   * one whose order key has an earlier PENDING delivery; each claim counts an attempt.
   */
  claim(request: { workerId: string; now: number; leaseMs: number; limit: number }): Promise<DeliveryRecord[]>;
  /** Marks a claimed delivery DELIVERED; false when the lease was lost. */
  complete(seq: number, workerId: string, now: number): Promise<boolean>;
  /** Schedules the next attempt, or (retryAt undefined) dead-letters the delivery as FAILED; false when the lease was lost. */
  fail(seq: number, workerId: string, error: string, retryAt: number | undefined, now: number): Promise<boolean>;
  /** Earliest next attempt of a PENDING delivery. */
  nextAttemptAt(): Promise<number | undefined>;
  /** Deliveries by seq ascending, after `afterSeq`, optionally in one state or of one rule. */
  list(filter: { state?: DeliveryState; ruleName?: string }, page: { afterSeq?: number; limit: number }): Promise<DeliveryRecord[]>;
}

/** The event bus's stores, as one member of `Store`. */
export interface EventStores {
  rules: EventRuleStore;
  destinations: EventDestinationStore;
  deliveries: EventDeliveryStore;
}
