/**
 * EventBridge on a real server through `@aws-sdk/client-eventbridge`: every operation with its
 * success and error cases, then delivery end to end — a pipeline's SUCCEEDED event starting
 * another pipeline, and a rule posting to a real local HTTP receiver through an API destination
 * (connection auth header, Sluice's signature, a failed first attempt retried once).
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type {
  CodePipelineClient} from '@aws-sdk/client-codepipeline';
import { CreateCustomActionTypeCommand, CreatePipelineCommand, GetPipelineStateCommand, ListPipelineExecutionsCommand,
  PutApprovalResultCommand,
} from '@aws-sdk/client-codepipeline';
import {
  CreateApiDestinationCommand, CreateConnectionCommand, DeleteApiDestinationCommand, DeleteConnectionCommand, DeleteRuleCommand,
  DescribeApiDestinationCommand, DescribeConnectionCommand, DescribeRuleCommand, DisableRuleCommand, EnableRuleCommand, EventBridgeClient,
  ListApiDestinationsCommand, ListConnectionsCommand, ListRuleNamesByTargetCommand, ListRulesCommand, ListTagsForResourceCommand,
  ListTargetsByRuleCommand, PutEventsCommand, PutRuleCommand, PutTargetsCommand, RemoveTargetsCommand, TagResourceCommand,
  TestEventPatternCommand, UntagResourceCommand, UpdateApiDestinationCommand,
} from '@aws-sdk/client-eventbridge';
import { Sha256 } from '@smithy/core/checksum';
import { HttpRequest } from '@smithy/core/protocols';
import { SignatureV4 } from '@smithy/signature-v4';
import { signBody } from '../../src/services/event-http-target.ts';
import { makeUser, policyOf } from '../support/iam.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { builtInSourcePipeline, runnablePipeline, SOURCE_TYPE_INPUT, startWorker, waitFor } from '../compat/support.ts';

const RULE_ARN = 'arn:aws:events:us-east-1:000000000000:rule';
const PIPELINE_ARN = 'arn:aws:codepipeline:us-east-1:000000000000';

/** `GET /api/events/deliveries?<query>`, SigV4-signed for `events`. */
async function listDeliveries(t: TestServer, query: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const url = new URL(t.url);
  const signer = new SignatureV4({ service: 'events', region: 'us-east-1', credentials: t.credentials, sha256: Sha256 });
  const signed = await signer.sign(new HttpRequest({
    method: 'GET', protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path: '/api/events/deliveries', query, headers: { host: url.host },
  }));
  const { host: _host, ...headers } = signed.headers;
  const response = await fetch(`${t.url}/api/events/deliveries?${new URLSearchParams(query).toString()}`, { headers });
  return { status: response.status, body: await response.json() as Record<string, unknown> };
}

describe('EventBridge API', () => {
  let t: TestServer;
  let events: EventBridgeClient;
  let pipelines: CodePipelineClient;

  before(async () => {
    t = await startTestServer();
    events = new EventBridgeClient({ endpoint: t.url, region: 'us-east-1', credentials: t.credentials, maxAttempts: 1 });
    pipelines = t.codepipeline();
  });
  after(async () => {
    events.destroy();
    await t.close();
  });

  it('puts, describes, lists, enables, disables and deletes rules', async () => {
    const put = await events.send(new PutRuleCommand({ Name: 'r-one', EventPattern: JSON.stringify({ source: ['app'] }), Description: 'd', Tags: [{ Key: 'team', Value: 'a' }] }));
    assert.equal(put.RuleArn, `${RULE_ARN}/r-one`);
    await events.send(new PutRuleCommand({ Name: 'r-two', ScheduleExpression: 'rate(5 minutes)', State: 'DISABLED' }));
    const one = await events.send(new DescribeRuleCommand({ Name: 'r-one' }));
    assert.deepEqual([one.State, one.Description, one.EventBusName, one.Arn], ['ENABLED', 'd', 'default', `${RULE_ARN}/r-one`]);
    const page = await events.send(new ListRulesCommand({ NamePrefix: 'r-', Limit: 1 }));
    assert.deepEqual(page.Rules?.map((r) => r.Name), ['r-one']);
    const rest = await events.send(new ListRulesCommand({ NamePrefix: 'r-', NextToken: page.NextToken }));
    assert.deepEqual(rest.Rules?.map((r) => [r.Name, r.State, r.ScheduleExpression]), [['r-two', 'DISABLED', 'rate(5 minutes)']]);
    await events.send(new EnableRuleCommand({ Name: 'r-two' }));
    assert.equal((await events.send(new DescribeRuleCommand({ Name: 'r-two' }))).State, 'ENABLED');
    await events.send(new DisableRuleCommand({ Name: 'r-two' }));
    assert.equal((await events.send(new DescribeRuleCommand({ Name: 'r-two' }))).State, 'DISABLED');
    await events.send(new DeleteRuleCommand({ Name: 'r-two' }));
    await assert.rejects(events.send(new DescribeRuleCommand({ Name: 'r-two' })), { name: 'ResourceNotFoundException', message: 'Rule r-two does not exist on EventBus default.' });
    await assert.rejects(events.send(new EnableRuleCommand({ Name: 'nope' })), { name: 'ResourceNotFoundException' });
  });

  it('refuses bad patterns, schedules, states and buses, naming the problem and changing nothing', async () => {
    await assert.rejects(events.send(new PutRuleCommand({ Name: 'bad', EventPattern: '{"source": "app"}' })),
      (e: Error) => e.name === 'InvalidEventPatternException' && /Event pattern is not valid/.test(e.message));
    await assert.rejects(events.send(new PutRuleCommand({ Name: 'bad', ScheduleExpression: 'rate(5 minute)' })),
      (e: Error) => e.name === 'ValidationException' && /Parameter ScheduleExpression is not valid: .*plural/.test(e.message));
    await assert.rejects(events.send(new PutRuleCommand({ Name: 'bad' })), { name: 'ValidationException', message: 'Parameter(s) EventPattern or ScheduleExpression must be specified.' });
    await assert.rejects(events.send(new PutRuleCommand({ Name: 'bad', EventPattern: '{"a":["b"]}', EventBusName: 'custom' })),
      { name: 'ResourceNotFoundException', message: 'Event bus custom does not exist.' });
    await assert.rejects(events.send(new DescribeRuleCommand({ Name: 'bad' })), { name: 'ResourceNotFoundException' });
  });

  it('puts, lists and removes targets with per-entry failures; a rule with targets cannot be deleted', async () => {
    await events.send(new PutRuleCommand({ Name: 'tg', EventPattern: JSON.stringify({ source: ['app'] }) }));
    const put = await events.send(new PutTargetsCommand({ Rule: 'tg', Targets: [
      { Id: 'p', Arn: `${PIPELINE_ARN}:some-pipeline`, Input: '{"variables":[{"name":"Env","value":"prod"}]}' },
      { Id: 'sqs', Arn: 'arn:aws:sqs:us-east-1:000000000000:queue' },
      { Id: 'sns', Arn: 'arn:aws:sns:us-east-1:000000000000:no-such-topic' },
      { Id: 'both', Arn: `${PIPELINE_ARN}:x`, Input: '{}', InputPath: '$.detail' },
      { Id: 'vars', Arn: `${PIPELINE_ARN}:x`, Input: '{"variables":[{"name":"bad name","value":"v"}]}' },
    ] }));
    assert.equal(put.FailedEntryCount, 4);
    assert.deepEqual(put.FailedEntries?.map((f) => [f.TargetId, f.ErrorCode]), [['sqs', 'ValidationException'], ['sns', 'ValidationException'], ['both', 'ValidationException'], ['vars', 'ValidationException']]);
    assert.match(put.FailedEntries?.[0]?.ErrorMessage ?? '', /is not a target Sluice can deliver to/);
    assert.match(put.FailedEntries?.[1]?.ErrorMessage ?? '', /Topic arn:aws:sns:us-east-1:000000000000:no-such-topic does not exist/);
    assert.equal(put.FailedEntries?.[2]?.ErrorMessage, 'Only one of Input, InputPath, or InputTransformer must be provided.');
    const listed = await events.send(new ListTargetsByRuleCommand({ Rule: 'tg' }));
    assert.deepEqual(listed.Targets?.map((x) => [x.Id, x.Arn]), [['p', `${PIPELINE_ARN}:some-pipeline`]]);
    assert.deepEqual((await events.send(new ListRuleNamesByTargetCommand({ TargetArn: `${PIPELINE_ARN}:some-pipeline` }))).RuleNames, ['tg']);
    await assert.rejects(events.send(new DeleteRuleCommand({ Name: 'tg' })), { name: 'ValidationException', message: 'Rule can\'t be deleted since it has targets.' });
    await assert.rejects(events.send(new PutTargetsCommand({ Rule: 'tg', Targets: ['1', '2', '3', '4', '5'].map((Id) => ({ Id, Arn: `${PIPELINE_ARN}:x` })) })),
      (e: Error) => e.name === 'LimitExceededException' && /5 targets per rule/.test(e.message));
    const removed = await events.send(new RemoveTargetsCommand({ Rule: 'tg', Ids: ['p', 'ghost'] }));
    assert.deepEqual([removed.FailedEntryCount, removed.FailedEntries?.[0]?.TargetId], [1, 'ghost']);
    await events.send(new DeleteRuleCommand({ Name: 'tg' }));
  });

  it('needs the permission a target uses on the target itself to put it', async () => {
    const key = await makeUser(t, 'rule-author', policyOf({ Effect: 'Allow', Action: 'events:*', Resource: '*' }));
    const author = new EventBridgeClient({ endpoint: t.url, region: 'us-east-1', credentials: key, maxAttempts: 1 });
    try {
      await author.send(new PutRuleCommand({ Name: 'authored', EventPattern: JSON.stringify({ source: ['app'] }) }));
      await assert.rejects(author.send(new PutTargetsCommand({ Rule: 'authored', Targets: [{ Id: 'p', Arn: `${PIPELINE_ARN}:any-pipeline` }] })),
        { name: 'AccessDeniedException', message: /codepipeline:StartPipelineExecution/ });
      assert.deepEqual((await events.send(new ListTargetsByRuleCommand({ Rule: 'authored' }))).Targets, []);
      await author.send(new DeleteRuleCommand({ Name: 'authored' }));
    } finally {
      author.destroy();
    }
  });

  it('tags rules and tests patterns', async () => {
    await events.send(new PutRuleCommand({ Name: 'tags', EventPattern: '{"source":["x"]}', Tags: [{ Key: 'a', Value: '1' }] }));
    await events.send(new TagResourceCommand({ ResourceARN: `${RULE_ARN}/tags`, Tags: [{ Key: 'b', Value: '2' }] }));
    await events.send(new UntagResourceCommand({ ResourceARN: `${RULE_ARN}/tags`, TagKeys: ['a'] }));
    assert.deepEqual((await events.send(new ListTagsForResourceCommand({ ResourceARN: `${RULE_ARN}/tags` }))).Tags, [{ Key: 'b', Value: '2' }]);
    await assert.rejects(events.send(new ListTagsForResourceCommand({ ResourceARN: `${RULE_ARN}/none` })), { name: 'ResourceNotFoundException' });
    const event = JSON.stringify({ id: '1', source: 'x', 'detail-type': 't', account: '000000000000', time: '2024-01-01T00:00:00Z', region: 'us-east-1', resources: [], detail: { n: 3 } });
    assert.equal((await events.send(new TestEventPatternCommand({ EventPattern: '{"detail":{"n":[{"numeric":[">",2]}]}}', Event: event }))).Result, true);
    assert.equal((await events.send(new TestEventPatternCommand({ EventPattern: '{"source":["y"]}', Event: event }))).Result, false);
    await assert.rejects(events.send(new TestEventPatternCommand({ EventPattern: '{"source":[{"bogus":1}]}', Event: event })), { name: 'InvalidEventPatternException' });
  });

  it('puts events with per-entry errors and a size limit', async () => {
    const result = await events.send(new PutEventsCommand({ Entries: [
      { Source: 'my.app', DetailType: 'Thing', Detail: '{"a":1}' },
      { Source: 'aws.codepipeline', DetailType: 'Thing', Detail: '{}' },
      { Source: 'my.app', DetailType: 'Thing', Detail: 'not json' },
      { Source: 'my.app', Detail: '{}' },
    ] }));
    assert.equal(result.FailedEntryCount, 3);
    assert.match(result.Entries?.[0]?.EventId ?? '', /^[0-9a-f-]{36}$/);
    assert.deepEqual(result.Entries?.slice(1).map((e) => e.ErrorCode), ['NotAuthorizedForSourceException', 'MalformedDetail', 'InvalidArgument']);
    const big = 'x'.repeat(200 * 1024);
    await assert.rejects(events.send(new PutEventsCommand({ Entries: [{ Source: 's', DetailType: 't', Detail: `{"a":"${big}"}` }, { Source: 's', DetailType: 't', Detail: `{"a":"${big}"}` }] })),
      (e: Error) => e.name === 'ValidationException' && /256 KB/.test(e.message));
    await assert.rejects(events.send(new PutEventsCommand({ Entries: Array.from({ length: 11 }, () => ({ Source: 's', DetailType: 't', Detail: '{}' })) })), { name: 'ValidationException' });
  });

  it('manages connections and API destinations without ever answering the secret', async () => {
    const conn = await events.send(new CreateConnectionCommand({ Name: 'c1', AuthorizationType: 'API_KEY', AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: 'x-api-key', ApiKeyValue: 'k-secret' } } }));
    assert.match(conn.ConnectionArn ?? '', /^arn:aws:events:us-east-1:000000000000:connection\/c1\/[0-9a-f-]+$/);
    await assert.rejects(events.send(new CreateConnectionCommand({ Name: 'c1', AuthorizationType: 'BASIC', AuthParameters: { BasicAuthParameters: { Username: 'u', Password: 'p' } } })), { name: 'ResourceAlreadyExistsException' });
    const described = await events.send(new DescribeConnectionCommand({ Name: 'c1' }));
    assert.deepEqual([described.ConnectionState, described.AuthParameters?.ApiKeyAuthParameters?.ApiKeyName], ['AUTHORIZED', 'x-api-key']);
    assert.ok(!JSON.stringify(described).includes('k-secret'));
    const dest = await events.send(new CreateApiDestinationCommand({ Name: 'd1', ConnectionArn: conn.ConnectionArn, InvocationEndpoint: 'http://127.0.0.1:9/hook', HttpMethod: 'POST', InvocationRateLimitPerSecond: 10 }));
    assert.match(dest.ApiDestinationArn ?? '', /:api-destination\/d1\//);
    await events.send(new UpdateApiDestinationCommand({ Name: 'd1', HttpMethod: 'PUT' }));
    const d = await events.send(new DescribeApiDestinationCommand({ Name: 'd1' }));
    assert.deepEqual([d.HttpMethod, d.ConnectionArn, d.InvocationRateLimitPerSecond], ['PUT', conn.ConnectionArn, 10]);
    assert.deepEqual((await events.send(new ListApiDestinationsCommand({ ConnectionArn: conn.ConnectionArn }))).ApiDestinations?.map((x) => x.Name), ['d1']);
    assert.deepEqual((await events.send(new ListConnectionsCommand({ NamePrefix: 'c' }))).Connections?.map((x) => x.Name), ['c1']);
    await assert.rejects(events.send(new DeleteConnectionCommand({ Name: 'c1' })), { name: 'ValidationException' });
    await assert.rejects(events.send(new CreateApiDestinationCommand({ Name: 'd2', ConnectionArn: conn.ConnectionArn, InvocationEndpoint: 'ftp://x', HttpMethod: 'POST' })), { name: 'ValidationException' });
    await events.send(new DeleteApiDestinationCommand({ Name: 'd1' }));
    assert.equal((await events.send(new DeleteConnectionCommand({ Name: 'c1' }))).ConnectionState, 'DELETING');
    await assert.rejects(events.send(new DescribeConnectionCommand({ Name: 'c1' })), { name: 'ResourceNotFoundException' });
  });

  it('starts pipeline B when pipeline A succeeds, with trigger CloudWatchEvent and the rule ARN', async () => {
    await pipelines.send(new CreateCustomActionTypeCommand(SOURCE_TYPE_INPUT));
    await pipelines.send(new CreatePipelineCommand({ pipeline: builtInSourcePipeline('chain-b') }));
    await events.send(new PutRuleCommand({ Name: 'a-succeeded', EventPattern: JSON.stringify({
      source: ['aws.codepipeline'], 'detail-type': ['CodePipeline Pipeline Execution State Change'], detail: { pipeline: ['chain-a'], state: ['SUCCEEDED'] },
    }) }));
    await events.send(new PutTargetsCommand({ Rule: 'a-succeeded', Targets: [{ Id: 'b', Arn: `${PIPELINE_ARN}:chain-b` }] }));
    const worker = startWorker(pipelines, ['chain-a']);
    try {
      await pipelines.send(new CreatePipelineCommand({ pipeline: runnablePipeline('chain-a') }));
      const token = await waitFor('the approval of chain-a', async () => {
        const s = await pipelines.send(new GetPipelineStateCommand({ name: 'chain-a' }));
        const latest = s.stageStates?.find((x) => x.stageName === 'Approve')?.actionStates?.[0]?.latestExecution;
        return latest?.status === 'InProgress' ? latest.token : undefined;
      });
      await pipelines.send(new PutApprovalResultCommand({ pipelineName: 'chain-a', stageName: 'Approve', actionName: 'Gate', token, result: { status: 'Approved', summary: 'ok' } }));
      const started = await waitFor('chain-b started by the rule', async () => {
        const list = await pipelines.send(new ListPipelineExecutionsCommand({ pipelineName: 'chain-b' }));
        return list.pipelineExecutionSummaries?.find((e) => e.trigger?.triggerType === 'CloudWatchEvent');
      });
      assert.equal(started.trigger?.triggerDetail, `${RULE_ARN}/a-succeeded`);
    } finally {
      await worker.stop();
    }
  });

  it('posts to an API destination with the auth header and signature, retrying a failed attempt once', async () => {
    const received: { headers: IncomingMessage['headers']; body: string }[] = [];
    let calls = 0;
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => { body += c.toString(); });
      req.on('end', () => {
        calls++;
        received.push({ headers: req.headers, body });
        res.statusCode = calls === 1 ? 503 : 204;
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const port = (receiver.address() as AddressInfo).port;
      const conn = await events.send(new CreateConnectionCommand({ Name: 'hook', AuthorizationType: 'BASIC', AuthParameters: { BasicAuthParameters: { Username: 'sluice', Password: 'pw-1' } } }));
      const dest = await events.send(new CreateApiDestinationCommand({ Name: 'hook', ConnectionArn: conn.ConnectionArn, InvocationEndpoint: `http://127.0.0.1:${port}/in`, HttpMethod: 'POST' }));
      await events.send(new PutRuleCommand({ Name: 'to-hook', EventPattern: JSON.stringify({ source: ['my.app'], 'detail-type': ['Deployed'] }) }));
      await events.send(new PutTargetsCommand({ Rule: 'to-hook', Targets: [{
        Id: 'h', Arn: dest.ApiDestinationArn, InputTransformer: { InputPathsMap: { v: '$.detail.version' }, InputTemplate: '{"text": "version <v> of <aws.events.rule-name>", "v": <v>}' },
      }] }));
      await events.send(new PutEventsCommand({ Entries: [{ Source: 'my.app', DetailType: 'Deployed', Detail: '{"version": 7}' }] }));
      await waitFor('the retried delivery', async () => (calls >= 2 ? true : undefined), 15_000);
      const [first, second] = received;
      assert.equal(second?.body, '{"text": "version 7 of to-hook", "v": 7}');
      assert.equal(second?.headers.authorization, `Basic ${Buffer.from('sluice:pw-1').toString('base64')}`);
      assert.equal(second?.headers['x-sluice-signature-256'], signBody('pw-1', second?.body ?? ''));
      assert.equal(second?.headers['x-sluice-delivery'], first?.headers['x-sluice-delivery'], 'a retry keeps the delivery id');
      const delivered = await waitFor('the DELIVERED record', async () => {
        const r = await listDeliveries(t, { rule: 'to-hook', state: 'DELIVERED' });
        const list = r.body.Deliveries as { Attempts: number }[] | undefined;
        return list && list.length > 0 ? list : undefined;
      });
      assert.equal(delivered[0]?.Attempts, 2);
      assert.equal(calls, 2, 'delivered once after the retry');
      const bad = await listDeliveries(t, { state: 'LOST' });
      assert.deepEqual([bad.status, bad.body.__type], [400, 'ValidationException']);
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  });
});
