/**
 * Notification rules of a server: the CodeStar Notifications API (rest-json), the managed rule
 * that turns bus events into notifications, and the target kind of `Webhook` targets.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingCall } from '../api/aws-json/dispatcher.ts';
import { makeNotificationsHandler } from '../api/codestar-notifications/service.ts';
import type { RestJsonHandlerOptions } from '../api/rest-json/handler.ts';
import type { BusEvent } from '../model/events/envelope.ts';
import type { TargetKind } from '../services/event-targets.ts';
import { NotificationRuleService } from '../services/notification-rule-service.ts';
import { makeNotificationRules } from '../services/notification-rules.ts';
import { makeNotificationWebhookKind } from '../services/notification-webhook-target.ts';
import type { NewDelivery } from '../store/event-ports.ts';
import type { Store } from '../store/ports.ts';

export interface NotificationServicesOptions {
  store: Pick<Store, 'notificationRules' | 'topics' | 'pipelines' | 'executions'>;
  accountId: string;
  region: string;
  /** The server's URL once it listens (chat messages link to the console). */
  url(): string | undefined;
}

export interface NotificationServices {
  rules: NotificationRuleService;
  /** The managed rule of the event bus. */
  managed: (event: BusEvent) => Promise<NewDelivery[]>;
  /** The `codestar-notifications` target kind (Webhook targets). */
  kind: TargetKind;
  handler(options: RestJsonHandlerOptions): (call: IncomingCall) => Promise<Response>;
}

export function makeNotificationServices(options: NotificationServicesOptions): NotificationServices {
  const { store } = options;
  const rules = new NotificationRuleService({
    store: store.notificationRules, region: options.region, accountId: options.accountId, now: () => Date.now(),
    newId: () => randomBytes(20).toString('hex'),
    topicExists: async (arn) => await store.topics.get(arn) !== undefined,
    pipelineExists: async (name) => await store.pipelines.get(name) !== undefined,
  });
  return {
    rules,
    managed: makeNotificationRules({ rules: store.notificationRules, executions: store.executions, url: () => options.url(), uuid: randomUUID }),
    kind: makeNotificationWebhookKind(),
    handler: (handlerOptions) => makeNotificationsHandler(rules, handlerOptions),
  };
}
