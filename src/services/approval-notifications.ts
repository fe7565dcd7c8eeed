/**
 * The notification a manual approval sends when it starts: an approval action whose
 * configuration names a topic (`NotificationArn`) publishes CodePipeline's approval message to it,
 * as AWS does through SNS:
 *
 *   {"region": "us-east-1", "consoleLink": "<console>/#/pipelines/app",
 *    "approval": {"pipelineName", "stageName", "actionName", "token", "expires": "2026-01-09T10:00Z",
 *                 "externalEntityLink", "approvalReviewLink", "customData"}}
 *
 * It is a managed rule of the event bus: computed from each action STARTED event when the bus
 * matches it, delivered like every other delivery (queued, retried, dead-lettered). Links point at
 * the server's web console.
 */
import type { PipelineEventDetail } from '../engine/pipeline-events.ts';
import type { BusEvent } from '../model/events/envelope.ts';
import type { NewDelivery } from '../store/event-ports.ts';
import type { ExecutionQueries } from '../store/ports.ts';

export interface ApprovalNotificationOptions {
  executions: Pick<ExecutionQueries, 'get'>;
  /** The server's URL once it listens: the console links start with it. */
  url(): string | undefined;
  uuid(): string;
}

/** `2026-01-09T10:00Z`: AWS's approval expiry, to the minute. */
function expiry(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 16) + 'Z';
}

function isApprovalStart(event: BusEvent): event is BusEvent & { detail: PipelineEventDetail } {
  const detail = event.detail as Partial<PipelineEventDetail>;
  return event.source === 'aws.codepipeline' && event['detail-type'] === 'CodePipeline Action Execution State Change'
    && detail.state === 'STARTED' && detail.type?.category === 'Approval' && detail.type.provider === 'Manual';
}

export function makeApprovalNotifications(options: ApprovalNotificationOptions): (event: BusEvent) => Promise<NewDelivery[]> {
  return async (event) => {
    if (!isApprovalStart(event)) return [];
    const { pipeline, 'execution-id': executionId, stage = '', action = '' } = event.detail;
    const execution = await options.executions.get(pipeline, executionId);
    const started = execution?.stages[stage]?.actions[action];
    const topicArn = started?.resolvedConfiguration.NotificationArn;
    if (!started?.token || topicArn === undefined || topicArn === '') return [];
    const console = `${options.url() ?? ''}/#/pipelines/${encodeURIComponent(pipeline)}`;
    const { CustomData: customData, ExternalEntityLink: externalEntityLink } = started.resolvedConfiguration;
    const message = {
      region: event.region,
      consoleLink: console,
      approval: {
        pipelineName: pipeline, stageName: stage, actionName: action, token: started.token,
        ...(started.expiresAt !== undefined && { expires: expiry(started.expiresAt) }),
        ...(externalEntityLink !== undefined && { externalEntityLink }),
        approvalReviewLink: `${console}/${encodeURIComponent(stage)}/${encodeURIComponent(action)}/approve/${started.token}`,
        ...(customData !== undefined && { customData }),
      },
    };
    return [{
      id: options.uuid(), ruleName: `approval/${pipeline}`,
      target: { Id: 'approval', Arn: topicArn, Input: JSON.stringify(message) },
      event: JSON.stringify(event),
    }];
  };
}
