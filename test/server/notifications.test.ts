/**
 * Notification rules on a real server through `@aws-sdk/client-codestar-notifications`: every
 * operation and its errors (bad input changes nothing), and end to end a pipeline run through a
 * CodeCommit source and a manual approval notifying a confirmed SNS subscriber and a chat webhook,
 * while a DISABLED rule sends nothing.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import {
  CodestarNotificationsClient, CreateNotificationRuleCommand, DeleteNotificationRuleCommand, DeleteTargetCommand,
  DescribeNotificationRuleCommand, ListEventTypesCommand, ListNotificationRulesCommand, ListTagsForResourceCommand, ListTargetsCommand,
  SubscribeCommand, TagResourceCommand, UnsubscribeCommand, UntagResourceCommand, UpdateNotificationRuleCommand,
} from '@aws-sdk/client-codestar-notifications';
import { GetPipelineStateCommand, PutApprovalResultCommand } from '@aws-sdk/client-codepipeline';
import { CreateTopicCommand, SNSClient, SubscribeCommand as SnsSubscribeCommand } from '@aws-sdk/client-sns';
import { signBody } from '../../src/services/event-http-target.ts';
import { waitFor } from '../compat/support.ts';
import { createApprovalPipeline } from '../support/approval-pipeline.ts';
import { makeUser, policyOf } from '../support/iam.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const SUCCEEDED = 'codepipeline-pipeline-pipeline-execution-succeeded';
const APPROVAL_NEEDED = 'codepipeline-pipeline-manual-approval-needed';
const PIPELINE_ARN = (name: string): string => `arn:aws:codepipeline:us-east-1:000000000000:${name}`;

/** Rejects with the AWS error `name` and, when given, the HTTP status. */
async function rejectsWith(promise: Promise<unknown>, name: string, status?: number): Promise<void> {
  await assert.rejects(promise, (e: Error & { $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(e.name, name, e.message);
    if (status !== undefined) assert.equal(e.$metadata?.httpStatusCode, status);
    return true;
  });
}

interface Received { path: string; headers: IncomingHttpHeaders; body: string }

describe('CodeStar Notifications', () => {
  let t: TestServer;
  let notifications: CodestarNotificationsClient;
  let sns: SNSClient;
  const received: Received[] = [];
  const endpoint = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => { body += chunk.toString('utf8'); });
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body });
      res.writeHead(200).end();
    });
  });
  const endpointUrl = (path: string): string => `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}${path}`;
  const at = (path: string): Received[] => received.filter((r) => r.path === path);


  async function topic(name: string): Promise<string> {
    return (await sns.send(new CreateTopicCommand({ Name: name }))).TopicArn ?? '';
  }

  before(async () => {
    t = await startTestServer({ buildConcurrency: 0 });
    await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
    const config = { endpoint: t.url, region: 'us-east-1', credentials: t.credentials, maxAttempts: 1 };
    notifications = new CodestarNotificationsClient(config);
    sns = new SNSClient(config);
  });
  after(async () => {
    notifications.destroy();
    sns.destroy();
    await t.close();
    await new Promise((resolve) => endpoint.close(resolve));
  });

  it('lists the pipeline event types, filtered and paged', async () => {
    const all = await notifications.send(new ListEventTypesCommand({}));
    assert.equal(all.EventTypes?.length, 18);
    assert.deepEqual(all.EventTypes?.find((e) => e.EventTypeId === 'codepipeline-pipeline-pipeline-execution-failed'),
      { EventTypeId: 'codepipeline-pipeline-pipeline-execution-failed', ServiceName: 'CodePipeline', EventTypeName: 'Pipeline execution: Failed', ResourceType: 'Pipeline' });
    const first = await notifications.send(new ListEventTypesCommand({ MaxResults: 10, Filters: [{ Name: 'SERVICE_NAME', Value: 'CodePipeline' }] }));
    assert.equal(first.EventTypes?.length, 10);
    const rest = await notifications.send(new ListEventTypesCommand({ MaxResults: 10, NextToken: first.NextToken, Filters: [{ Name: 'SERVICE_NAME', Value: 'CodePipeline' }] }));
    assert.equal(rest.EventTypes?.length, 8);
    assert.equal(rest.NextToken, undefined);
    assert.deepEqual((await notifications.send(new ListEventTypesCommand({ Filters: [{ Name: 'RESOURCE_TYPE', Value: 'Repository' }] }))).EventTypes, []);
    await assert.rejects(notifications.send(new ListEventTypesCommand({ NextToken: 'bm90YXRva2Vu' })), { name: 'InvalidNextTokenException' });
  });

  it('creates, describes, lists, updates, subscribes, tags and deletes a rule', async () => {
    await createApprovalPipeline(t, 'crud');
    const topicArn = await topic('crud-topic');
    const request = {
      Name: 'crud rule', Resource: PIPELINE_ARN('crud'), EventTypeIds: [SUCCEEDED], DetailType: 'FULL' as const,
      Targets: [{ TargetType: 'SNS', TargetAddress: topicArn }], Tags: { team: 'a' }, ClientRequestToken: 'token-1',
    };
    const { Arn } = await notifications.send(new CreateNotificationRuleCommand(request));
    assert.match(Arn ?? '', /^arn:aws:codestar-notifications:us-east-1:000000000000:notificationrule\/[0-9a-f]{40}$/);
    assert.equal((await notifications.send(new CreateNotificationRuleCommand(request))).Arn, Arn, 'the same token is idempotent');
    await rejectsWith(notifications.send(new CreateNotificationRuleCommand({ ...request, ClientRequestToken: 'token-2' })), 'ResourceAlreadyExistsException', 409);

    const described = await notifications.send(new DescribeNotificationRuleCommand({ Arn }));
    assert.equal(described.Name, 'crud rule');
    assert.equal(described.Resource, PIPELINE_ARN('crud'));
    assert.equal(described.Status, 'ENABLED');
    assert.equal(described.DetailType, 'FULL');
    assert.equal(described.CreatedBy, 'arn:aws:iam::000000000000:user/admin');
    assert.deepEqual(described.Targets, [{ TargetType: 'SNS', TargetAddress: topicArn, TargetStatus: 'ACTIVE' }]);
    assert.deepEqual(described.EventTypes?.map((e) => e.EventTypeName), ['Pipeline execution: Succeeded']);
    assert.ok(described.CreatedTimestamp instanceof Date && Math.abs(described.CreatedTimestamp.getTime() - Date.now()) < 60_000);
    assert.deepEqual(described.Tags, { team: 'a' });

    const byResource = await notifications.send(new ListNotificationRulesCommand({ Filters: [{ Name: 'RESOURCE', Value: PIPELINE_ARN('crud') }] }));
    assert.deepEqual(byResource.NotificationRules?.map((r) => r.Arn), [Arn]);
    assert.equal(byResource.NotificationRules?.[0]?.Id, Arn?.split('/')[1]);
    assert.deepEqual((await notifications.send(new ListNotificationRulesCommand({ Filters: [{ Name: 'TARGET_ADDRESS', Value: 'nowhere' }] }))).NotificationRules, []);

    await notifications.send(new UpdateNotificationRuleCommand({ Arn, Name: 'crud renamed', Status: 'DISABLED', DetailType: 'BASIC', EventTypeIds: [SUCCEEDED, APPROVAL_NEEDED] }));
    await notifications.send(new SubscribeCommand({ Arn, Target: { TargetType: 'Webhook', TargetAddress: endpointUrl('/crud') } }));
    const updated = await notifications.send(new DescribeNotificationRuleCommand({ Arn }));
    assert.deepEqual([updated.Name, updated.Status, updated.DetailType, updated.EventTypes?.length, updated.Targets?.length], ['crud renamed', 'DISABLED', 'BASIC', 2, 2]);
    const targets = await notifications.send(new ListTargetsCommand({ Filters: [{ Name: 'TARGET_TYPE', Value: 'Webhook' }] }));
    assert.deepEqual(targets.Targets?.map((x) => x.TargetAddress), [endpointUrl('/crud')]);
    await notifications.send(new UnsubscribeCommand({ Arn, TargetAddress: endpointUrl('/crud') }));
    assert.equal((await notifications.send(new DescribeNotificationRuleCommand({ Arn }))).Targets?.length, 1);

    assert.deepEqual((await notifications.send(new TagResourceCommand({ Arn, Tags: { env: 'prod' } }))).Tags, { team: 'a', env: 'prod' });
    await notifications.send(new UntagResourceCommand({ Arn, TagKeys: ['team'] }));
    assert.deepEqual((await notifications.send(new ListTagsForResourceCommand({ Arn }))).Tags, { env: 'prod' });

    await assert.rejects(notifications.send(new DeleteTargetCommand({ TargetAddress: topicArn })), { name: 'ValidationException' });
    await notifications.send(new DeleteTargetCommand({ TargetAddress: topicArn, ForceUnsubscribeAll: true }));
    assert.deepEqual((await notifications.send(new DescribeNotificationRuleCommand({ Arn }))).Targets, []);

    assert.equal((await notifications.send(new DeleteNotificationRuleCommand({ Arn }))).Arn, Arn);
    await rejectsWith(notifications.send(new DescribeNotificationRuleCommand({ Arn })), 'ResourceNotFoundException', 404);
    assert.equal((await notifications.send(new DeleteNotificationRuleCommand({ Arn }))).Arn, Arn, 'deleting again succeeds');

    const lookup = async (eventName: string) => (await t.server.runtime.store.audit.lookup(
      { eventSource: 'codestar-notifications.amazonaws.com', eventName }, { maxResults: 10 })).items.at(-1);
    const tagged = await waitFor('the TagResource audit event', () => lookup('TagResource'));
    assert.deepEqual(tagged.resources, [{ type: 'AWS::CodeStarNotifications::NotificationRule', name: Arn?.split('/')[1] }]);
    const created = await waitFor('the CreateNotificationRule audit event', () => lookup('CreateNotificationRule'));
    assert.equal(created.requestParameters?.Name, 'HIDDEN_DUE_TO_SECURITY_REASONS', 'members the model marks sensitive are not kept');
  });

  it('refuses bad input with CodeStar Notifications errors and changes nothing', async () => {
    await createApprovalPipeline(t, 'strict');
    const topicArn = await topic('strict-topic');
    const good = { Name: 'strict', Resource: PIPELINE_ARN('strict'), EventTypeIds: [SUCCEEDED], DetailType: 'BASIC' as const, Targets: [{ TargetType: 'SNS', TargetAddress: topicArn }] };
    const count = async (): Promise<number> => (await notifications.send(new ListNotificationRulesCommand({}))).NotificationRules?.length ?? 0;
    const before = await count();
    const refused = async (change: Record<string, unknown>, message: RegExp, name = 'ValidationException'): Promise<void> => {
      await assert.rejects(notifications.send(new CreateNotificationRuleCommand({ ...good, ...change })), (e: Error & { $metadata?: { httpStatusCode?: number } }) => {
        assert.equal(e.name, name);
        assert.match(e.message, message);
        assert.equal(e.$metadata?.httpStatusCode, 400);
        return true;
      });
    };
    await refused({ Name: 'bad/name' }, /1 validation error detected: Value '\*\*\*' at 'Name' failed to satisfy constraint/);
    await refused({ DetailType: 'VERBOSE' }, /at 'DetailType' failed to satisfy constraint: Member must satisfy enum value set: \[BASIC, FULL\]/);
    await refused({ Resource: 'arn:aws:codebuild:us-east-1:000000000000:project/x' }, /is not a pipeline/);
    await refused({ Resource: PIPELINE_ARN('missing') }, /does not exist/);
    await refused({ EventTypeIds: ['codepipeline-pipeline-pipeline-execution-exploded'] }, /Invalid event type id: codepipeline-pipeline-pipeline-execution-exploded/);
    await refused({ EventTypeIds: [] }, /at least one event type/);
    await refused({ Targets: [{ TargetType: 'AWSChatbotSlack', TargetAddress: 'arn:aws:chatbot::000000000000:chat-configuration/slack-channel/x' }] }, /Invalid target type: AWSChatbotSlack/);
    await refused({ Targets: [{ TargetType: 'SNS', TargetAddress: 'arn:aws:sns:us-east-1:000000000000:absent' }] }, /does not exist/);
    await refused({ Targets: [{ TargetType: 'Webhook', TargetAddress: 'ftp://example.com/hook' }] }, /http or https URL/);
    await refused({ Targets: Array.from({ length: 11 }, (_, i) => ({ TargetType: 'Webhook', TargetAddress: `http://127.0.0.1/${i}` })) }, /at 'Targets' failed to satisfy constraint: Member must have length less than or equal to 10/);
    await refused({ Tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) }, /at most 50 tags/, 'LimitExceededException');
    assert.equal(await count(), before);

    const { Arn } = await notifications.send(new CreateNotificationRuleCommand(good));
    await assert.rejects(notifications.send(new UpdateNotificationRuleCommand({ Arn, EventTypeIds: ['nope'] })), { name: 'ValidationException' });
    await assert.rejects(notifications.send(new SubscribeCommand({ Arn, Target: { TargetType: 'Email', TargetAddress: 'a@example.com' } })), { name: 'ValidationException' });
    assert.deepEqual((await notifications.send(new DescribeNotificationRuleCommand({ Arn }))).EventTypes?.map((e) => e.EventTypeId), [SUCCEEDED]);
    const missing = 'arn:aws:codestar-notifications:us-east-1:000000000000:notificationrule/0000000000000000000000000000000000000000';
    await assert.rejects(notifications.send(new UpdateNotificationRuleCommand({ Arn: missing, Status: 'DISABLED' })), { name: 'ResourceNotFoundException' });
    await assert.rejects(notifications.send(new SubscribeCommand({ Arn: missing, Target: { TargetType: 'SNS', TargetAddress: topicArn } })), { name: 'ResourceNotFoundException' });
    await assert.rejects(notifications.send(new TagResourceCommand({ Arn: missing, Tags: { a: 'b' } })), { name: 'ResourceNotFoundException' });
    await assert.rejects(notifications.send(new DescribeNotificationRuleCommand({ Arn: 'arn:aws:sns:us-east-1:000000000000:x' })), { name: 'ValidationException' });
    await assert.rejects(notifications.send(new ListNotificationRulesCommand({ MaxResults: 101 })), { name: 'ValidationException' });
  });

  it('authorizes codestar-notifications:<Operation> on the rule ARN, answering 403 AccessDeniedException', async () => {
    await createApprovalPipeline(t, 'guarded');
    const { Arn } = await notifications.send(new CreateNotificationRuleCommand({ Name: 'guarded', Resource: PIPELINE_ARN('guarded'),
      EventTypeIds: [SUCCEEDED], DetailType: 'BASIC', Targets: [{ TargetType: 'Webhook', TargetAddress: endpointUrl('/guarded') }] }));
    const credentials = await makeUser(t, 'rule-reader', policyOf({ Effect: 'Allow', Action: 'codestar-notifications:DescribeNotificationRule', Resource: Arn ?? '' }));
    const reader = new CodestarNotificationsClient({ endpoint: t.url, region: 'us-east-1', credentials, maxAttempts: 1 });
    try {
      assert.equal((await reader.send(new DescribeNotificationRuleCommand({ Arn }))).Name, 'guarded');
      await assert.rejects(reader.send(new UpdateNotificationRuleCommand({ Arn, Status: 'DISABLED' })),
        (e: Error & { $metadata?: { httpStatusCode?: number } }) => e.name === 'AccessDeniedException' && e.$metadata?.httpStatusCode === 403
          && /codestar-notifications:UpdateNotificationRule on resource: arn:aws:codestar-notifications:.*notificationrule\//.test(e.message));
      await rejectsWith(reader.send(new ListNotificationRulesCommand({})), 'AccessDeniedException', 403);
      assert.equal((await notifications.send(new DescribeNotificationRuleCommand({ Arn }))).Status, 'ENABLED');
    } finally {
      reader.destroy();
    }
  });

  it('notifies a confirmed SNS subscriber and a chat webhook of a run; a DISABLED rule sends nothing', async () => {
    const topicArn = await topic('releases');
    await sns.send(new SnsSubscribeCommand({ TopicArn: topicArn, Protocol: 'http', Endpoint: endpointUrl('/sns') }));
    const confirmation = await waitFor('the confirmation', async () => at('/sns').find((r) => r.headers['x-amz-sns-message-type'] === 'SubscriptionConfirmation'));
    assert.equal((await fetch((JSON.parse(confirmation.body) as { SubscribeURL: string }).SubscribeURL)).status, 200);

    // The rules exist before the pipeline does its first run.
    await createApprovalPipeline(t, 'release');
    const pipelines = t.codepipeline();
    const rule = { Resource: PIPELINE_ARN('release'), EventTypeIds: [SUCCEEDED, APPROVAL_NEEDED], DetailType: 'FULL' as const };
    const { Arn } = await notifications.send(new CreateNotificationRuleCommand({ ...rule, Name: 'release',
      Targets: [{ TargetType: 'SNS', TargetAddress: topicArn }, { TargetType: 'Webhook', TargetAddress: endpointUrl('/chat') }] }));
    const disabled = await notifications.send(new CreateNotificationRuleCommand({ ...rule, Name: 'release quiet', Status: 'DISABLED',
      Targets: [{ TargetType: 'Webhook', TargetAddress: endpointUrl('/quiet') }] }));

    const token = await waitFor('the approval', async () => {
      const state = await pipelines.send(new GetPipelineStateCommand({ name: 'release' }));
      return state.stageStates?.find((s) => s.stageName === 'Gate')?.actionStates?.[0]?.latestExecution?.token;
    });
    await pipelines.send(new PutApprovalResultCommand({ pipelineName: 'release', stageName: 'Gate', actionName: 'Review', token, result: { status: 'Approved', summary: 'ok' } }));

    const snsMessages = await waitFor('two SNS notifications', async () => {
      const found = at('/sns').filter((r) => r.headers['x-amz-sns-message-type'] === 'Notification');
      return found.length >= 2 ? found : undefined;
    });
    const messages = snsMessages.map((r) => JSON.parse((JSON.parse(r.body) as { Message: string }).Message) as Record<string, unknown>);
    const approval = messages.find((m) => m.detailType === 'CodePipeline Action Execution State Change');
    const succeeded = messages.find((m) => m.detailType === 'CodePipeline Pipeline Execution State Change');
    assert.equal(approval?.notificationRuleArn, Arn);
    assert.deepEqual([(approval?.detail as Record<string, string>).action, (approval?.detail as Record<string, string>).state], ['Review', 'STARTED']);
    assert.deepEqual((succeeded?.detail as Record<string, string>).state, 'SUCCEEDED');
    assert.deepEqual(succeeded?.resources, [PIPELINE_ARN('release')]);
    assert.deepEqual(succeeded?.additionalAttributes, {}, 'a FULL rule carries additionalAttributes');
    assert.equal(messages.length, 2, 'only the rule\'s event types notify');

    const chats = await waitFor('two chat posts', async () => (at('/chat').length >= 2 ? at('/chat') : undefined));
    const texts = chats.map((r) => (JSON.parse(r.body) as { text: string }).text);
    assert.ok(texts.some((text) => text.startsWith('✋ Pipeline release') && text.includes('approval needed')), texts.join('\n'));
    assert.ok(texts.some((text) => text.startsWith('✅ Pipeline release') && text.endsWith(`${t.url}/#/pipelines/release`)), texts.join('\n'));
    for (const chat of chats) assert.equal(chat.headers['x-sluice-signature-256'], signBody(endpointUrl('/chat'), chat.body));

    const store = t.server.runtime.store.events.deliveries;
    const quietId = disabled.Arn?.split('/')[1] ?? '';
    assert.deepEqual(await store.list({ ruleName: `notification/${quietId}` }, { limit: 10 }), [], 'a DISABLED rule queues nothing');
    assert.deepEqual(at('/quiet'), []);
  });
});
