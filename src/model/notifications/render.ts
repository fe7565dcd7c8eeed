/**
 * What a notification says: the message AWS CodeStar Notifications publishes to a topic, and a
 * one-line summary for chat webhooks (Slack and Microsoft Teams incoming webhooks both accept
 * `{"text": …}`).
 *
 * The message is the event without `id` and `version`, `detail-type` spelled `detailType`, plus
 * the rule's ARN; `FULL` rules add `additionalAttributes` (e.g. which stage and actions failed),
 * `BASIC` rules send the event's own information only (spec events.md §6).
 */
import type { BusEvent } from '../events/envelope.ts';

export type NotificationDetailType = 'BASIC' | 'FULL';

export interface NotificationMessage {
  account: string;
  detailType: string;
  region: string;
  source: string;
  time: string;
  notificationRuleArn: string;
  detail: object;
  resources: string[];
  additionalAttributes?: object;
}

export function notificationMessage(event: BusEvent, rule: { arn: string; detailType: NotificationDetailType }, additionalAttributes: object = {}): NotificationMessage {
  return {
    account: event.account,
    detailType: event['detail-type'],
    region: event.region,
    source: event.source,
    time: event.time,
    notificationRuleArn: rule.arn,
    detail: event.detail,
    resources: event.resources,
    ...(rule.detailType === 'FULL' && { additionalAttributes }),
  };
}

const MARK: Record<string, string> = { SUCCEEDED: '✅', FAILED: '❌', CANCELED: '⏹', STOPPED: '⏹', SUPERSEDED: '⏭', STARTED: '▶', RESUMED: '▶', STOPPING: '⏸' };

/** `Pipeline app, execution 0d0f1a2b, stage Build, action Compile: FAILED`, or the detail-type for other events. */
export function notificationSummary(event: BusEvent): string {
  const detail = event.detail as Record<string, unknown>;
  if (event.source !== 'aws.codepipeline' || typeof detail.pipeline !== 'string') return `${event['detail-type']} (${event.source})`;
  const state = typeof detail.state === 'string' ? detail.state : '';
  const approval = (detail.type as { category?: string } | undefined)?.category === 'Approval' && state === 'STARTED';
  const parts = [`Pipeline ${detail.pipeline}`, `execution ${typeof detail['execution-id'] === 'string' ? detail['execution-id'].slice(0, 8) : ''}`];
  if (typeof detail.stage === 'string') parts.push(`stage ${detail.stage}`);
  if (typeof detail.action === 'string') parts.push(`action ${detail.action}`);
  const outcome = approval ? 'approval needed' : state;
  return `${approval ? '✋' : MARK[state] ?? '•'} ${parts.join(', ')}: ${outcome}`;
}

/** The body of a chat webhook post; `link` (e.g. the console page) is appended when known. */
export function chatMessage(event: BusEvent, link?: string): { text: string } {
  const summary = notificationSummary(event);
  return { text: link === undefined ? summary : `${summary}\n${link}` };
}
