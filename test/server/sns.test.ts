/**
 * Notification topics on a real server through `@aws-sdk/client-sns`: topics,
 * HTTP subscriptions confirmed by following the SubscribeURL a real local endpoint receives,
 * Publish delivering SNS-shaped, signed messages (retried when the endpoint fails), a topic as an
 * EventBridge rule's target, and bad input refused with SNS's error codes, changing nothing.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { EventBridgeClient, PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import {
  CreateTopicCommand, DeleteTopicCommand, GetSubscriptionAttributesCommand, GetTopicAttributesCommand, ListSubscriptionsByTopicCommand,
  ListSubscriptionsCommand, ListTagsForResourceCommand, ListTopicsCommand, PublishCommand, SetTopicAttributesCommand, SNSClient,
  SubscribeCommand, TagResourceCommand, UntagResourceCommand,
} from '@aws-sdk/client-sns';
import { GetPipelineStateCommand } from '@aws-sdk/client-codepipeline';
import { signBody } from '../../src/services/event-http-target.ts';
import { waitFor } from '../compat/support.ts';
import { createApprovalPipeline } from '../support/approval-pipeline.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

interface Received { path: string; headers: IncomingHttpHeaders; body: string }

describe('SNS topics', () => {
  let t: TestServer;
  let sns: SNSClient;
  let events: EventBridgeClient;
  const received: Received[] = [];
  /** Answers 500 to this many posts first, to see retries. */
  let failNext = 0;
  const endpoint = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => { body += chunk.toString('utf8'); });
    req.on('end', () => {
      if (failNext > 0) {
        failNext--;
        res.writeHead(500).end();
        return;
      }
      received.push({ path: req.url ?? '', headers: req.headers, body });
      res.writeHead(200).end();
    });
  });
  const endpointUrl = (path: string): string => `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}${path}`;
  const message = async (path: string, type: string, match = ''): Promise<Received & { json: Record<string, string> }> => {
    const found = await waitFor(`a ${type} at ${path}`, async () => received.find((r) => r.path === path && r.headers['x-amz-sns-message-type'] === type && r.body.includes(match)));
    return { ...found, json: JSON.parse(found.body) as Record<string, string> };
  };

  /** Subscribes `path` and confirms by fetching the SubscribeURL, as an SNS endpoint does. */
  async function subscribed(topicArn: string, path: string): Promise<{ arn: string; token: string }> {
    await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'http', Endpoint: endpointUrl(path) }));
    const confirmation = await message(path, 'SubscriptionConfirmation');
    const confirmed = await fetch(confirmation.json.SubscribeURL ?? '');
    assert.equal(confirmed.status, 200);
    const arn = /<SubscriptionArn>([^<]+)<\/SubscriptionArn>/.exec(await confirmed.text())?.[1] ?? '';
    return { arn, token: confirmation.json.Token ?? '' };
  }

  before(async () => {
    t = await startTestServer();
    await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
    const config = { endpoint: t.url, region: 'us-east-1', credentials: t.credentials, maxAttempts: 1 };
    sns = new SNSClient(config);
    events = new EventBridgeClient(config);
  });
  after(async () => {
    sns.destroy();
    events.destroy();
    await t.close();
    await new Promise((resolve) => endpoint.close(resolve));
  });

  it('creates topics idempotently, with attributes, tags and listings', async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'builds', Attributes: { DisplayName: 'Builds' }, Tags: [{ Key: 'team', Value: 'a' }] }));
    assert.equal(TopicArn, 'arn:aws:sns:us-east-1:000000000000:builds');
    assert.equal((await sns.send(new CreateTopicCommand({ Name: 'builds' }))).TopicArn, TopicArn);
    await sns.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: 'DisplayName', AttributeValue: 'CI builds' }));
    const { Attributes } = await sns.send(new GetTopicAttributesCommand({ TopicArn }));
    assert.equal(Attributes?.DisplayName, 'CI builds');
    assert.equal(Attributes?.Owner, '000000000000');
    assert.equal(Attributes?.SubscriptionsConfirmed, '0');
    await sns.send(new TagResourceCommand({ ResourceArn: TopicArn, Tags: [{ Key: 'env', Value: 'prod' }] }));
    await sns.send(new UntagResourceCommand({ ResourceArn: TopicArn, TagKeys: ['team'] }));
    assert.deepEqual((await sns.send(new ListTagsForResourceCommand({ ResourceArn: TopicArn }))).Tags, [{ Key: 'env', Value: 'prod' }]);
    assert.ok((await sns.send(new ListTopicsCommand({}))).Topics?.some((topic) => topic.TopicArn === TopicArn));
  });

  it('confirms an HTTP subscription through its SubscribeURL and delivers published messages, signed, retrying a failing endpoint', async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'deploys' }));
    const pending = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'http', Endpoint: endpointUrl('/pending') }));
    assert.equal(pending.SubscriptionArn, 'pending confirmation');
    const subscription = await subscribed(TopicArn ?? '', '/deploys');
    assert.match(subscription.arn, /^arn:aws:sns:us-east-1:000000000000:deploys:[0-9a-f-]{36}$/);
    const { Attributes } = await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: subscription.arn }));
    assert.equal(Attributes?.PendingConfirmation, 'false');
    const listed = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn }));
    assert.deepEqual(listed.Subscriptions?.map((s) => s.SubscriptionArn).sort(), ['PendingConfirmation', subscription.arn].sort());
    assert.ok((await sns.send(new ListSubscriptionsCommand({}))).Subscriptions?.some((s) => s.SubscriptionArn === subscription.arn));

    failNext = 1;
    const { MessageId } = await sns.send(new PublishCommand({ TopicArn, Subject: 'Deployed', Message: 'v1.2.3 is live' }));
    const notification = await message('/deploys', 'Notification', MessageId);
    assert.deepEqual([notification.json.Type, notification.json.MessageId, notification.json.TopicArn, notification.json.Subject, notification.json.Message],
      ['Notification', MessageId, TopicArn, 'Deployed', 'v1.2.3 is live']);
    assert.equal(notification.headers['x-amz-sns-subscription-arn'], subscription.arn);
    assert.equal(notification.headers['x-sluice-signature-256'], signBody(subscription.token, notification.body));
    assert.equal(received.filter((r) => r.path === '/pending' && r.headers['x-amz-sns-message-type'] === 'Notification').length, 0, 'a pending subscription gets no notifications');

    const unsubscribed = await fetch(notification.json.UnsubscribeURL ?? '');
    assert.equal(unsubscribed.status, 200);
    await assert.rejects(sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: subscription.arn })), { name: 'NotFoundException' });
  });

  it('publishes events a rule sends to a topic', async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'events' }));
    await subscribed(TopicArn ?? '', '/events');
    await events.send(new PutRuleCommand({ Name: 'to-topic', EventPattern: JSON.stringify({ source: ['my.app'] }) }));
    const put = await events.send(new PutTargetsCommand({ Rule: 'to-topic', Targets: [{ Id: 'topic', Arn: TopicArn }] }));
    assert.equal(put.FailedEntryCount, 0);
    await events.send(new PutEventsCommand({ Entries: [{ Source: 'my.app', DetailType: 'Release', Detail: JSON.stringify({ version: '7' }) }] }));
    const notification = await message('/events', 'Notification', 'Release');
    assert.deepEqual((JSON.parse(notification.json.Message ?? '{}') as { detail: unknown }).detail, { version: '7' });
  });

  it('publishes a manual approval\'s notification, with its token, to the topic it names', async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'approvals' }));
    await subscribed(TopicArn ?? '', '/approvals');
    const pipelines = t.codepipeline();
    await createApprovalPipeline(t, 'gated', { NotificationArn: TopicArn ?? '', CustomData: 'Check the release notes', ExternalEntityLink: 'https://example.com/notes' });
    const token = async (stage: string): Promise<string> => waitFor(`the ${stage} approval`, async () => {
      const state = await pipelines.send(new GetPipelineStateCommand({ name: 'gated' }));
      return state.stageStates?.find((s) => s.stageName === stage)?.actionStates?.[0]?.latestExecution?.token;
    });
    const review = await token('Gate');
    const notification = await message('/approvals', 'Notification', review);
    const { approval, consoleLink } = JSON.parse(notification.json.Message ?? '{}') as { consoleLink: string; approval: Record<string, string> };
    assert.deepEqual([approval.pipelineName, approval.stageName, approval.actionName, approval.token, approval.customData, approval.externalEntityLink],
      ['gated', 'Gate', 'Review', review, 'Check the release notes', 'https://example.com/notes']);
    assert.match(approval.expires ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\dZ$/);
    assert.equal(consoleLink, `${t.url}/#/pipelines/gated`);
    assert.equal(received.filter((r) => r.path === '/approvals' && r.headers['x-amz-sns-message-type'] === 'Notification').length, 1, 'only the approval that names the topic notifies');
  });

  it('refuses bad input with SNS errors and changes nothing', async () => {
    const before = (await sns.send(new ListTopicsCommand({}))).Topics?.length;
    await assert.rejects(sns.send(new CreateTopicCommand({ Name: 'bad name' })), { name: 'InvalidParameterException' });
    await assert.rejects(sns.send(new CreateTopicCommand({ Name: 'queue.fifo' })), { name: 'InvalidParameterException' });
    await assert.rejects(sns.send(new CreateTopicCommand({ Name: 'x', Attributes: { FifoTopic: 'true' } })), { name: 'InvalidParameterException' });
    assert.equal((await sns.send(new ListTopicsCommand({}))).Topics?.length, before);
    const missing = 'arn:aws:sns:us-east-1:000000000000:missing';
    await assert.rejects(sns.send(new PublishCommand({ TopicArn: missing, Message: 'x' })), { name: 'NotFoundException' });
    await assert.rejects(sns.send(new SubscribeCommand({ TopicArn: missing, Protocol: 'http', Endpoint: endpointUrl('/x') })), { name: 'NotFoundException' });
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'strict' }));
    await assert.rejects(sns.send(new SubscribeCommand({ TopicArn, Protocol: 'email', Endpoint: 'a@example.com' })), { name: 'InvalidParameterException' });
    await assert.rejects(sns.send(new SubscribeCommand({ TopicArn, Protocol: 'https', Endpoint: endpointUrl('/x') })), { name: 'InvalidParameterException' });
    await assert.rejects(sns.send(new PublishCommand({ TopicArn, Message: 'x', Subject: 'line\nbreak' })), { name: 'InvalidParameterException' });
    await assert.rejects(sns.send(new PublishCommand({ TopicArn, Message: '{"http":"x"}', MessageStructure: 'json' })), { name: 'InvalidParameterException' });
    await assert.rejects(sns.send(new PublishCommand({ TopicArn, Message: 'x'.repeat(262_145) })), { name: 'InvalidParameterException' });
    assert.deepEqual((await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn }))).Subscriptions, []);
    await sns.send(new DeleteTopicCommand({ TopicArn }));
    await sns.send(new DeleteTopicCommand({ TopicArn }));
  });
});
