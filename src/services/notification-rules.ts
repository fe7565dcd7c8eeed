/**
 * Notification rules on the event bus, as a managed rule: each bus event that is an instance of
 * one of an ENABLED rule's event types (`notificationEventTypesOf`) and names the rule's resource
 * becomes one delivery per target of the rule:
 * - `SNS`: the rule's notification message (BASIC or FULL) published to the topic;
 * - `Webhook`: the event's chat message (`{"text": …}`) posted to the URL.
 *
 * The rules are cached by resource and reloaded only when the store's revision changes, so
 * matching an event costs one revision read and a map look-up.
 */
import type { BusEvent } from '../model/events/envelope.ts';
import { notificationEventTypesOf } from '../model/notifications/event-types.ts';
import { chatMessage, notificationMessage } from '../model/notifications/render.ts';
import type { NewDelivery } from '../store/event-ports.ts';
import type { NotificationRuleRecord, NotificationRuleStore } from '../store/notification-ports.ts';
import type { ExecutionQueries } from '../store/ports.ts';
import { additionalAttributes } from './notification-details.ts';
import { webhookInput } from './notification-webhook-target.ts';

export interface NotificationRulesOptions {
  rules: Pick<NotificationRuleStore, 'all' | 'revision'>;
  executions: Pick<ExecutionQueries, 'get'>;
  /** The server's URL once it listens: chat messages link to the pipeline's console page. */
  url(): string | undefined;
  uuid(): string;
}

export function makeNotificationRules(options: NotificationRulesOptions): (event: BusEvent) => Promise<NewDelivery[]> {
  let revision = -1;
  let byResource = new Map<string, NotificationRuleRecord[]>();
  const load = async (): Promise<void> => {
    const current = await options.rules.revision();
    if (current === revision) return;
    byResource = new Map();
    for (const rule of await options.rules.all()) {
      if (rule.status !== 'ENABLED' || rule.targets.length === 0) continue;
      byResource.set(rule.resource, [...byResource.get(rule.resource) ?? [], rule]);
    }
    revision = current;
  };
  return async (event) => {
    const types = notificationEventTypesOf(event);
    if (types.length === 0) return [];
    await load();
    const rules = event.resources.flatMap((resource) => byResource.get(resource) ?? [])
      .filter((rule) => rule.eventTypeIds.some((id) => types.includes(id)));
    const deliveries: NewDelivery[] = [];
    const text = JSON.stringify(event);
    for (const rule of rules) {
      const extra = rule.detailType === 'FULL' ? await additionalAttributes(event, options.executions) : {};
      const message = JSON.stringify(notificationMessage(event, rule, extra));
      const pipeline = (event.detail as { pipeline?: unknown }).pipeline;
      const link = options.url() !== undefined && typeof pipeline === 'string' ? `${options.url() ?? ''}/#/pipelines/${encodeURIComponent(pipeline)}` : undefined;
      const execution = (event.detail as { 'execution-id'?: unknown })['execution-id'];
      rule.targets.forEach((target, i) => {
        // One target gets one execution's notifications in order.
        const orderKey = typeof execution === 'string' ? `notification/${rule.id}/${i}/${execution}` : undefined;
        const input = target.type === 'SNS' ? message : webhookInput(target.address, chatMessage(event, link));
        deliveries.push({
          id: options.uuid(), ruleName: `notification/${rule.id}`, event: text,
          target: { Id: `target-${i}`, Arn: target.type === 'SNS' ? target.address : rule.arn, Input: input },
          ...(orderKey !== undefined && { orderKey }),
        });
      });
    }
    return deliveries;
  };
}
