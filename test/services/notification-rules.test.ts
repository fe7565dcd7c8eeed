/**
 * The notification rules' managed rule on a real SQLite store: which events of which rules become
 * deliveries (event types ∩ resource, ENABLED only), what each target gets (SNS: the BASIC/FULL
 * message; Webhook: the chat message and its URL), FULL rules' failure details, and the rule cache
 * following the store's revision.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BusEvent } from '../../src/model/events/envelope.ts';
import { makeNotificationRules } from '../../src/services/notification-rules.ts';
import type { NotificationRuleRecord } from '../../src/store/notification-ports.ts';
import type { Store } from '../../src/store/ports.ts';
import { openSqliteStore } from '../../src/store/sqlite/open.ts';
import { makeAction, makeExecutionWithActions, T0 } from '../store/builders.ts';

const APP = 'arn:aws:codepipeline:us-east-1:000000000000:app';
const TOPIC = 'arn:aws:sns:us-east-1:000000000000:builds';
const FAILED = 'codepipeline-pipeline-pipeline-execution-failed';

function failedEvent(executionId: string, resources = [APP]): BusEvent {
  return {
    version: '0', id: 'e1', 'detail-type': 'CodePipeline Pipeline Execution State Change', source: 'aws.codepipeline', account: '000000000000',
    time: '2026-01-02T03:04:05Z', region: 'us-east-1', resources, detail: { pipeline: 'app', 'execution-id': executionId, state: 'FAILED', version: 1 },
  };
}

function rule(over: Partial<NotificationRuleRecord> & { id: string }): NotificationRuleRecord {
  return {
    arn: `arn:aws:codestar-notifications:us-east-1:000000000000:notificationrule/${over.id}`, name: over.id, resource: APP,
    eventTypeIds: [FAILED], targets: [{ type: 'SNS', address: TOPIC }], detailType: 'FULL', status: 'ENABLED', tags: {},
    createdBy: 'arn:aws:iam::000000000000:user/admin', createdAt: T0, modifiedAt: T0, ...over,
  };
}

describe('notification rules on the bus', () => {
  let dir: string;
  let store: Store;
  const execution = makeExecutionWithActions({ pipelineName: 'app', status: 'Failed' }, (id) => [
    makeAction({ pipelineExecutionId: id, stageName: 'Build', actionName: 'Compile', status: 'Failed', errorDetails: { code: 'JobFailed', message: 'exit status 2' } }),
    makeAction({ pipelineExecutionId: id, stageName: 'Build', actionName: 'Lint', status: 'Succeeded' }),
  ]);
  const stage = execution.stages.Build;
  if (stage) stage.status = 'Failed';
  let ids = 0;
  const managed = () => makeNotificationRules({
    rules: store.notificationRules, url: () => 'http://sluice.test', uuid: () => `d${++ids}`,
    executions: { get: async (_pipeline, executionId) => (executionId === execution.pipelineExecutionId ? execution : undefined) },
  });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-notify-'));
    store = await openSqliteStore({ path: join(dir, 'sluice.db') });
  });
  after(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('sends FULL messages with the failed stage and actions, chat messages to webhooks, and nothing for DISABLED rules', async () => {
    await store.notificationRules.create(rule({ id: 'full', targets: [{ type: 'SNS', address: TOPIC }, { type: 'Webhook', address: 'https://chat.test/hook' }] }), 1000);
    await store.notificationRules.create(rule({ id: 'basic', detailType: 'BASIC' }), 1000);
    await store.notificationRules.create(rule({ id: 'off', status: 'DISABLED' }), 1000);
    await store.notificationRules.create(rule({ id: 'other', resource: `${APP}-other` }), 1000);
    await store.notificationRules.create(rule({ id: 'succeeded', eventTypeIds: ['codepipeline-pipeline-pipeline-execution-succeeded'] }), 1000);
    const deliveries = await managed()(failedEvent(execution.pipelineExecutionId));
    assert.deepEqual(deliveries.map((d) => [d.ruleName, d.target.Arn]).sort(), [
      ['notification/basic', TOPIC],
      ['notification/full', 'arn:aws:codestar-notifications:us-east-1:000000000000:notificationrule/full'], ['notification/full', TOPIC],
    ]);
    const byRule = (name: string, arn: string) => deliveries.find((d) => d.ruleName === `notification/${name}` && d.target.Arn === arn);
    const full = JSON.parse(byRule('full', TOPIC)?.target.Input ?? '{}') as Record<string, unknown>;
    assert.equal(full.notificationRuleArn, rule({ id: 'full' }).arn);
    assert.deepEqual(full.additionalAttributes, { failedStage: 'Build', failedActionCount: 1, failedActions: [{ action: 'Compile', additionalInformation: 'exit status 2' }] });
    assert.equal((JSON.parse(byRule('basic', TOPIC)?.target.Input ?? '{}') as Record<string, unknown>).additionalAttributes, undefined);
    const chat = JSON.parse(byRule('full', rule({ id: 'full' }).arn)?.target.Input ?? '{}') as { webhook: string; body: { text: string } };
    assert.equal(chat.webhook, 'https://chat.test/hook');
    assert.equal(chat.body.text, `❌ Pipeline app, execution ${execution.pipelineExecutionId.slice(0, 8)}: FAILED\nhttp://sluice.test/#/pipelines/app`);
    assert.ok(deliveries.every((d) => d.orderKey?.endsWith(execution.pipelineExecutionId)), 'one execution\'s notifications keep their order');
  });

  it('follows rule changes through the revision, and ignores events of other resources and other sources', async () => {
    const rules = managed();
    const before = (await rules(failedEvent(execution.pipelineExecutionId))).length;
    const stored = await store.notificationRules.get(rule({ id: 'basic' }).arn);
    assert.ok(stored);
    await store.notificationRules.replace({ ...stored, status: 'DISABLED' });
    assert.equal((await rules(failedEvent(execution.pipelineExecutionId))).length, before - 1);
    assert.deepEqual(await rules(failedEvent(execution.pipelineExecutionId, ['arn:aws:codepipeline:us-east-1:000000000000:elsewhere'])), []);
    assert.deepEqual(await rules({ ...failedEvent(execution.pipelineExecutionId), source: 'aws.codebuild' }), []);
  });
});
