/**
 * The notification event types of pipelines (CodeStar Notifications' catalogue, spec events.md
 * §6) and which bus events each one names. A notification rule lists event type ids; an event is
 * notified when it is one of them and concerns the rule's resource.
 *
 * Manual approval types are the action events of `Approval`/`Manual` actions: "needed" when the
 * action starts, "succeeded"/"failed" when it is approved/rejected. Such an action's events are
 * also "Action execution" events, as in AWS.
 */
import type { BusEvent } from '../events/envelope.ts';

export interface NotificationEventType {
  eventTypeId: string;
  serviceName: 'CodePipeline';
  /** As ListEventTypes shows it, e.g. `Pipeline execution: Failed`. */
  eventTypeName: string;
  resourceType: 'Pipeline';
}

interface Selector { detailType: string; state: string; approval?: true }

const PIPELINE = 'CodePipeline Pipeline Execution State Change';
const STAGE = 'CodePipeline Stage Execution State Change';
const ACTION = 'CodePipeline Action Execution State Change';

/** id suffix → what it selects; the name is derived from the id. */
const GROUPS: { prefix: string; label: string; detailType: string; approval?: true; states: Record<string, string> }[] = [
  { prefix: 'codepipeline-pipeline-pipeline-execution', label: 'Pipeline execution', detailType: PIPELINE,
    states: { started: 'STARTED', succeeded: 'SUCCEEDED', failed: 'FAILED', canceled: 'CANCELED', resumed: 'RESUMED', superseded: 'SUPERSEDED' } },
  { prefix: 'codepipeline-pipeline-stage-execution', label: 'Stage execution', detailType: STAGE,
    states: { started: 'STARTED', succeeded: 'SUCCEEDED', failed: 'FAILED', canceled: 'CANCELED', resumed: 'RESUMED' } },
  { prefix: 'codepipeline-pipeline-action-execution', label: 'Action execution', detailType: ACTION,
    states: { started: 'STARTED', succeeded: 'SUCCEEDED', failed: 'FAILED', canceled: 'CANCELED' } },
  { prefix: 'codepipeline-pipeline-manual-approval', label: 'Manual approval', detailType: ACTION, approval: true,
    states: { needed: 'STARTED', succeeded: 'SUCCEEDED', failed: 'FAILED' } },
];

const capitalized = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);

const SELECTORS = new Map<string, Selector>();
export const NOTIFICATION_EVENT_TYPES: readonly NotificationEventType[] = GROUPS.flatMap((group) =>
  Object.entries(group.states).map(([suffix, state]) => {
    const eventTypeId = `${group.prefix}-${suffix}`;
    SELECTORS.set(eventTypeId, { detailType: group.detailType, state, ...(group.approval && { approval: true as const }) });
    return { eventTypeId, serviceName: 'CodePipeline' as const, eventTypeName: `${group.label}: ${capitalized(suffix)}`, resourceType: 'Pipeline' as const };
  }));

export function isNotificationEventTypeId(id: string): boolean {
  return SELECTORS.has(id);
}

function isManualApproval(detail: Record<string, unknown>): boolean {
  const type = detail.type as { category?: unknown; provider?: unknown } | undefined;
  return type?.category === 'Approval' && type.provider === 'Manual';
}

/** The event type ids `event` is an instance of (none for events that are not pipeline events). */
export function notificationEventTypesOf(event: BusEvent): string[] {
  if (event.source !== 'aws.codepipeline') return [];
  const detail = event.detail as Record<string, unknown>;
  const ids: string[] = [];
  for (const [id, selector] of SELECTORS) {
    if (selector.detailType !== event['detail-type'] || selector.state !== detail.state) continue;
    if (selector.approval && !isManualApproval(detail)) continue;
    ids.push(id);
  }
  return ids;
}
