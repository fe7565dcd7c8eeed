/**
 * Notification rules' use cases (CodeStar Notifications): create (idempotent by client request
 * token), describe, list with filters, update, delete, subscribe and unsubscribe targets, tags,
 * and the target and event type listings. Targets are kept on their rules: a target exists while
 * a rule names it.
 *
 * Limits: 1000 rules, 10 targets a rule (the model's), 50 tags a rule.
 */
import { isNotificationEventTypeId } from '../model/notifications/event-types.ts';
import { SluiceError } from '../model/errors.ts';
import type { NotificationRuleRecord, NotificationRuleStatus, NotificationRuleStore, NotificationTarget } from '../store/notification-ports.ts';
import { checkTargets, uniqueTargets } from './notification-targets.ts';

export const MAX_NOTIFICATION_RULES = 1000;
export const MAX_RULE_TARGETS = 10;
export const MAX_RULE_TAGS = 50;

export interface NotificationRuleServiceOptions {
  store: NotificationRuleStore;
  region: string;
  accountId: string;
  topicExists(arn: string): Promise<boolean>;
  pipelineExists(name: string): Promise<boolean>;
  now(): number;
  /** A new rule's id (40 hex digits, as AWS's). */
  newId(): string;
  /** A rule was created, changed or deleted. */
  changed?(): void;
}

export interface NewNotificationRule {
  name: string;
  resource: string;
  eventTypeIds: string[];
  targets: NotificationTarget[];
  detailType: 'BASIC' | 'FULL';
  status?: NotificationRuleStatus;
  tags?: Record<string, string>;
  clientRequestToken?: string;
}

export interface RuleChange {
  name?: string;
  status?: NotificationRuleStatus;
  eventTypeIds?: string[];
  targets?: NotificationTarget[];
  detailType?: 'BASIC' | 'FULL';
}

const notFound = (arn: string): SluiceError => new SluiceError('ResourceNotFoundException', `Notification rule ${arn} does not exist.`);

export class NotificationRuleService {
  readonly #options: NotificationRuleServiceOptions;

  constructor(options: NotificationRuleServiceOptions) {
    this.#options = options;
  }

  async create(input: NewNotificationRule, createdBy: string): Promise<string> {
    await this.#checkResource(input.resource);
    this.#checkEventTypes(input.eventTypeIds);
    const targets = await this.#checkedTargets(input.targets);
    checkTagCount(input.tags ?? {});
    const id = this.#options.newId();
    const now = this.#options.now();
    const rule: NotificationRuleRecord = {
      arn: `arn:aws:codestar-notifications:${this.#options.region}:${this.#options.accountId}:notificationrule/${id}`, id,
      name: input.name, resource: input.resource, eventTypeIds: [...new Set(input.eventTypeIds)], targets,
      detailType: input.detailType, status: input.status ?? 'ENABLED', tags: input.tags ?? {}, createdBy,
      ...(input.clientRequestToken !== undefined && { clientRequestToken: input.clientRequestToken }), createdAt: now, modifiedAt: now,
    };
    const result = await this.#options.store.create(rule, MAX_NOTIFICATION_RULES);
    if (result === 'limit') throw new SluiceError('LimitExceededException', `An account can have at most ${MAX_NOTIFICATION_RULES} notification rules.`);
    if (!result.created) {
      // A retry with the same token gets the rule it created; anything else is a conflict of names.
      if (input.clientRequestToken !== undefined && result.rule.clientRequestToken === input.clientRequestToken) return result.rule.arn;
      throw new SluiceError('ResourceAlreadyExistsException', `A notification rule with the name ${input.name} already exists.`);
    }
    this.#options.changed?.();
    return rule.arn;
  }

  async describe(arn: string): Promise<NotificationRuleRecord> {
    const rule = await this.#options.store.get(arn);
    if (!rule) throw notFound(arn);
    return rule;
  }

  all(): Promise<NotificationRuleRecord[]> {
    return this.#options.store.all();
  }

  async update(arn: string, change: RuleChange): Promise<void> {
    const rule = await this.describe(arn);
    if (change.eventTypeIds) this.#checkEventTypes(change.eventTypeIds);
    const targets = change.targets && await this.#checkedTargets(change.targets);
    await this.#replace({
      ...rule, ...(change.name !== undefined && { name: change.name }), ...(change.status !== undefined && { status: change.status }),
      ...(change.eventTypeIds && { eventTypeIds: [...new Set(change.eventTypeIds)] }), ...(targets && { targets }),
      ...(change.detailType !== undefined && { detailType: change.detailType }),
    });
  }

  /** Deleting a rule that is not there succeeds, as in AWS. */
  async delete(arn: string): Promise<void> {
    if (await this.#options.store.delete(arn)) this.#options.changed?.();
  }

  async subscribe(arn: string, target: NotificationTarget): Promise<void> {
    const rule = await this.describe(arn);
    await this.#replace({ ...rule, targets: await this.#checkedTargets([...rule.targets, target]) });
  }

  /** Removing a target the rule does not have changes nothing. */
  async unsubscribe(arn: string, address: string): Promise<void> {
    const rule = await this.describe(arn);
    if (!rule.targets.some((t) => t.address === address)) return;
    await this.#replace({ ...rule, targets: rule.targets.filter((t) => t.address !== address) });
  }

  /** Removes the target from every rule; without `force`, only a target no rule names can be deleted. */
  async deleteTarget(address: string, force: boolean): Promise<void> {
    const using = (await this.#options.store.all()).filter((rule) => rule.targets.some((t) => t.address === address));
    if (using.length === 0) return;
    if (!force) {
      throw new SluiceError('ValidationException', `The target is used by ${using.length} notification rule(s); unsubscribe it from them first or set ForceUnsubscribeAll.`);
    }
    for (const rule of using) await this.#replace({ ...rule, targets: rule.targets.filter((t) => t.address !== address) });
  }

  async tag(arn: string, tags: Record<string, string>): Promise<Record<string, string>> {
    const rule = await this.describe(arn);
    const merged = { ...rule.tags, ...tags };
    checkTagCount(merged);
    await this.#replace({ ...rule, tags: merged });
    return merged;
  }

  async untag(arn: string, keys: readonly string[]): Promise<void> {
    const rule = await this.describe(arn);
    await this.#replace({ ...rule, tags: Object.fromEntries(Object.entries(rule.tags).filter(([key]) => !keys.includes(key))) });
  }

  async #replace(rule: NotificationRuleRecord): Promise<void> {
    const result = await this.#options.store.replace({ ...rule, modifiedAt: this.#options.now() });
    if (result === 'missing') throw notFound(rule.arn);
    if (result === 'name-taken') throw new SluiceError('ResourceAlreadyExistsException', `A notification rule with the name ${rule.name} already exists.`);
    this.#options.changed?.();
  }

  async #checkResource(resource: string): Promise<void> {
    const parts = resource.split(':');
    const { region, accountId } = this.#options;
    if (parts.length !== 6 || parts[2] !== 'codepipeline' || parts[3] !== region || parts[4] !== accountId) {
      throw new SluiceError('ValidationException', `Resource ${resource} is not a pipeline: Sluice notifies on pipelines (arn:aws:codepipeline:${region}:${accountId}:<name>).`);
    }
    if (!await this.#options.pipelineExists(parts[5] ?? '')) throw new SluiceError('ValidationException', `Resource ${resource} does not exist.`);
  }

  #checkEventTypes(ids: readonly string[]): void {
    if (ids.length === 0) throw new SluiceError('ValidationException', 'EventTypeIds must name at least one event type.');
    const unknown = ids.find((id) => !isNotificationEventTypeId(id));
    if (unknown !== undefined) throw new SluiceError('ValidationException', `Invalid event type id: ${unknown}. ListEventTypes lists the valid ones.`);
  }

  async #checkedTargets(targets: readonly NotificationTarget[]): Promise<NotificationTarget[]> {
    const unique = uniqueTargets(targets);
    if (unique.length > MAX_RULE_TARGETS) throw new SluiceError('LimitExceededException', `A notification rule can have at most ${MAX_RULE_TARGETS} targets.`);
    await checkTargets(unique, (arn) => this.#options.topicExists(arn));
    return unique;
  }
}

function checkTagCount(tags: Record<string, string>): void {
  if (Object.keys(tags).length > MAX_RULE_TAGS) throw new SluiceError('LimitExceededException', `A notification rule can have at most ${MAX_RULE_TAGS} tags.`);
}
