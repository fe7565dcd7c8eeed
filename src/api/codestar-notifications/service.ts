/**
 * The CodeStar Notifications API (notification rules on pipelines) on the rest-json protocol,
 * signed for and authorized as `codestar-notifications`.
 */
import { readFileSync } from 'node:fs';
import type { NotificationRuleService } from '../../services/notification-rule-service.ts';
import { makeRestJsonHandler, type RestJsonHandlerOptions } from '../rest-json/handler.ts';
import type { RestJsonModel } from '../rest-json/routes.ts';
import type { IncomingCall } from '../aws-json/dispatcher.ts';
import { notificationOperations, notificationResourceArns } from './operations.ts';

/** CodeStar Notifications' API model (documentation stripped), API version 2019-10-15. */
export const CODESTAR_NOTIFICATIONS_MODEL = JSON.parse(readFileSync(new URL('./service-model.json', import.meta.url), 'utf8')) as RestJsonModel;

export const CODESTAR_NOTIFICATIONS = 'codestar-notifications';

export function makeNotificationsHandler(rules: NotificationRuleService, options: RestJsonHandlerOptions): (call: IncomingCall) => Promise<Response> {
  return makeRestJsonHandler({
    name: CODESTAR_NOTIFICATIONS, model: CODESTAR_NOTIFICATIONS_MODEL,
    operations: notificationOperations(rules), resourceArns: notificationResourceArns,
  }, options);
}
