/**
 * Notification event types and messages: which pipeline events each type id names (manual
 * approvals are approval actions' events only), and the message shapes a rule sends.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BusEvent } from '../../../src/model/events/envelope.ts';
import {
  isNotificationEventTypeId, NOTIFICATION_EVENT_TYPES, notificationEventTypesOf,
} from '../../../src/model/notifications/event-types.ts';
import { chatMessage, notificationMessage, notificationSummary } from '../../../src/model/notifications/render.ts';

function pipelineEvent(detailType: string, detail: object): BusEvent {
  return {
    version: '0', id: 'e1', 'detail-type': detailType, source: 'aws.codepipeline', account: '000000000000',
    time: '2026-01-02T03:04:05Z', region: 'us-east-1', resources: ['arn:aws:codepipeline:us-east-1:000000000000:app'],
    detail: { pipeline: 'app', 'execution-id': '0d0f1a2b-3c4d', version: 1, ...detail },
  };
}

const APPROVAL = { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' };
const BUILD = { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' };

describe('notification event types', () => {
  it('lists the 18 pipeline event types with AWS ids and readable names', () => {
    assert.equal(NOTIFICATION_EVENT_TYPES.length, 18);
    const failed = NOTIFICATION_EVENT_TYPES.find((t) => t.eventTypeId === 'codepipeline-pipeline-pipeline-execution-failed');
    assert.deepEqual(failed, { eventTypeId: 'codepipeline-pipeline-pipeline-execution-failed', serviceName: 'CodePipeline', eventTypeName: 'Pipeline execution: Failed', resourceType: 'Pipeline' });
    assert.ok(isNotificationEventTypeId('codepipeline-pipeline-manual-approval-needed'));
    assert.ok(!isNotificationEventTypeId('codepipeline-pipeline-manual-approval-started'));
  });

  const cases: [string, BusEvent, string[]][] = [
    ['pipeline failed', pipelineEvent('CodePipeline Pipeline Execution State Change', { state: 'FAILED' }), ['codepipeline-pipeline-pipeline-execution-failed']],
    ['pipeline stopping names no type', pipelineEvent('CodePipeline Pipeline Execution State Change', { state: 'STOPPING' }), []],
    ['stage canceled', pipelineEvent('CodePipeline Stage Execution State Change', { state: 'CANCELED', stage: 'Build' }), ['codepipeline-pipeline-stage-execution-canceled']],
    ['build action started', pipelineEvent('CodePipeline Action Execution State Change', { state: 'STARTED', stage: 'Build', action: 'Compile', type: BUILD }), ['codepipeline-pipeline-action-execution-started']],
    ['approval started is also approval needed', pipelineEvent('CodePipeline Action Execution State Change', { state: 'STARTED', stage: 'Gate', action: 'Ok', type: APPROVAL }),
      ['codepipeline-pipeline-action-execution-started', 'codepipeline-pipeline-manual-approval-needed']],
    ['approval rejected', pipelineEvent('CodePipeline Action Execution State Change', { state: 'FAILED', stage: 'Gate', action: 'Ok', type: APPROVAL }),
      ['codepipeline-pipeline-action-execution-failed', 'codepipeline-pipeline-manual-approval-failed']],
    ['other sources name none', { ...pipelineEvent('CodePipeline Pipeline Execution State Change', { state: 'FAILED' }), source: 'custom.app' }, []],
  ];
  for (const [name, event, expected] of cases) {
    it(name, () => assert.deepEqual(notificationEventTypesOf(event), expected));
  }
});

describe('notification messages', () => {
  const failed = pipelineEvent('CodePipeline Pipeline Execution State Change', { state: 'FAILED' });
  const rule = 'arn:aws:codestar-notifications:us-east-1:000000000000:notificationrule/abc';

  it('FULL adds the additional attributes; BASIC sends the event only; neither keeps id or version', () => {
    const attributes = { failedStage: 'Build', failedActionCount: 1, failedActions: [{ action: 'Compile', additionalInformation: 'exit 1' }] };
    const full = notificationMessage(failed, { arn: rule, detailType: 'FULL' }, attributes);
    assert.deepEqual(full, {
      account: '000000000000', detailType: 'CodePipeline Pipeline Execution State Change', region: 'us-east-1', source: 'aws.codepipeline',
      time: '2026-01-02T03:04:05Z', notificationRuleArn: rule, detail: failed.detail, resources: failed.resources, additionalAttributes: attributes,
    });
    const basic = notificationMessage(failed, { arn: rule, detailType: 'BASIC' }, attributes);
    assert.equal('additionalAttributes' in basic, false);
    assert.equal('id' in basic || 'version' in basic, false);
  });

  it('summarises pipeline events in one line and appends a link for chat', () => {
    assert.equal(notificationSummary(failed), '❌ Pipeline app, execution 0d0f1a2b: FAILED');
    const approval = pipelineEvent('CodePipeline Action Execution State Change', { state: 'STARTED', stage: 'Gate', action: 'Ok', type: APPROVAL });
    assert.equal(notificationSummary(approval), '✋ Pipeline app, execution 0d0f1a2b, stage Gate, action Ok: approval needed');
    assert.deepEqual(chatMessage(failed, 'http://127.0.0.1:8090/#/pipelines/app'), { text: '❌ Pipeline app, execution 0d0f1a2b: FAILED\nhttp://127.0.0.1:8090/#/pipelines/app' });
    assert.equal(notificationSummary({ ...failed, source: 'custom.app', 'detail-type': 'Deploy Done' }), 'Deploy Done (custom.app)');
  });
});
