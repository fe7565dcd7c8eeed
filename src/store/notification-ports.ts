/**
 * Store port of notification rules (CodeStar Notifications): a rule names one resource (a
 * pipeline ARN), the event types it notifies, and its targets.
 *
 * Terminology:
 * - rule: `arn:aws:codestar-notifications:<region>:<account>:notificationrule/<id>`, unique by name.
 * - target: where a rule's notifications go (`SNS` topic ARN, or a Sluice `Webhook` URL).
 * - revision: grows with every change of any rule, so the bus reloads its cache only then.
 */
export type NotificationRuleStatus = 'ENABLED' | 'DISABLED';

export interface NotificationTarget {
  type: string;
  address: string;
}

export interface NotificationRuleRecord {
  arn: string;
  id: string;
  name: string;
  /** The notified resource: a pipeline ARN. */
  resource: string;
  eventTypeIds: string[];
  targets: NotificationTarget[];
  detailType: 'BASIC' | 'FULL';
  status: NotificationRuleStatus;
  tags: Record<string, string>;
  createdBy: string;
  /** The ClientRequestToken the rule was created with, for CreateNotificationRule's idempotency. */
  clientRequestToken?: string;
  createdAt: number;
  modifiedAt: number;
}

export interface NotificationRuleStore {
  /**
   * Creates the rule; when one of that name exists, returns it unchanged with `created: false`.
   * 'limit' (nothing written) when the account would pass `maxRules`.
   */
  create(rule: NotificationRuleRecord, maxRules: number): Promise<{ rule: NotificationRuleRecord; created: boolean } | 'limit'>;
  get(arn: string): Promise<NotificationRuleRecord | undefined>;
  /** Every rule, by ARN ascending. */
  all(): Promise<NotificationRuleRecord[]>;
  /**
   * Replaces the stored rule (same ARN); 'missing' when there is none, 'name-taken' (nothing
   * written) when another rule holds its new name.
   */
  replace(rule: NotificationRuleRecord): Promise<'ok' | 'missing' | 'name-taken'>;
  /** False when there was none. */
  delete(arn: string): Promise<boolean>;
  /** Grows with every change of any rule. */
  revision(): Promise<number>;
}
