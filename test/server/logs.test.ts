/**
 * The CloudWatch Logs API of `sluice server` over build logs, driven with
 * `@aws-sdk/client-cloudwatch-logs`: a project is the log group `/aws/codebuild/<project>`, a build
 * the stream named by its uuid. Log lines are appended through the store, as a build worker does.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CloudWatchLogsClient, DescribeLogGroupsCommand, DescribeLogStreamsCommand, FilterLogEventsCommand, GetLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { CodeBuildClient, CreateProjectCommand, StartBuildCommand } from '@aws-sdk/client-codebuild';
import { makeUser, policyOf } from '../support/iam.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const T0 = 1_700_000_000_000;
const GROUP = '/aws/codebuild/logged';

async function failure(call: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await call;
  } catch (e) {
    return { name: (e as Error).name, message: (e as Error).message };
  }
  throw new Error('the call succeeded');
}

describe('CloudWatch Logs API over build logs', () => {
  let t: TestServer;
  let logs: CloudWatchLogsClient;
  let cb: CodeBuildClient;
  const streams: string[] = [];
  const ids: string[] = [];

  before(async () => {
    // No build worker: these tests play the worker themselves through the store, or keep builds queued.
    t = await startTestServer({ buildConcurrency: 0 });
    logs = new CloudWatchLogsClient({ endpoint: t.url, region: 'us-east-1', credentials: t.credentials, maxAttempts: 1 });
    cb = new CodeBuildClient({ endpoint: t.url, region: 'us-east-1', credentials: t.credentials, maxAttempts: 1 });
    await cb.send(new CreateProjectCommand({
      name: 'logged', serviceRole: 'r', source: { type: 'NO_SOURCE', buildspec: 'version: 0.2' }, artifacts: { type: 'NO_ARTIFACTS' },
      environment: { type: 'LINUX_CONTAINER', image: 'img', computeType: 'BUILD_GENERAL1_SMALL' },
    }));
    for (let b = 0; b < 2; b++) {
      const { build } = await cb.send(new StartBuildCommand({ projectName: 'logged' }));
      ids.push(build?.id ?? '');
      streams.push(build?.logs?.streamName ?? '');
    }
    await t.server.runtime.store.buildLogs.append(ids[0] ?? '', Array.from({ length: 5 }, (_, i) => ({ timestamp: T0 + i, message: `line ${i + 1}` })));
    await t.server.runtime.store.buildLogs.append(ids[1] ?? '', [
      { timestamp: T0 + 10, message: 'npm ERR! missing script' }, { timestamp: T0 + 11, message: 'all good' }, { timestamp: T0 + 12, message: 'npm ERR! again' },
    ]);
  });
  after(async () => {
    logs?.destroy();
    cb?.destroy();
    await t?.close();
  });

  it('reads a stream\'s tail by default and pages backward, then forward to the end', async () => {
    const tail = await logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: streams[0], limit: 2 }));
    assert.deepEqual(tail.events?.map((e) => [e.timestamp, e.message]), [[T0 + 3, 'line 4'], [T0 + 4, 'line 5']]);
    const earlier = await logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: streams[0], limit: 2, nextToken: tail.nextBackwardToken }));
    assert.deepEqual(earlier.events?.map((e) => e.message), ['line 2', 'line 3']);
    const later = await logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: streams[0], nextToken: earlier.nextForwardToken }));
    assert.deepEqual(later.events?.map((e) => e.message), ['line 4', 'line 5']);
    const end = await logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: streams[0], nextToken: later.nextForwardToken }));
    assert.deepEqual(end.events, []);
    assert.equal(end.nextForwardToken, later.nextForwardToken, 'the same forward token at the end of the stream');
  });

  it('reads from the head in pages, and within a time range', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    for (;;) {
      const page = await logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: streams[0], startFromHead: true, limit: 2, ...(token !== undefined && { nextToken: token }) }));
      seen.push(...page.events?.map((e) => e.message ?? '') ?? []);
      if (page.nextForwardToken === token) break;
      token = page.nextForwardToken;
    }
    assert.deepEqual(seen, ['line 1', 'line 2', 'line 3', 'line 4', 'line 5']);
    const ranged = await logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: streams[0], startFromHead: true, startTime: T0 + 1, endTime: T0 + 2 }));
    assert.deepEqual(ranged.events?.map((e) => e.message), ['line 2', 'line 3']);
  });

  it('names missing groups, streams and bad tokens as CloudWatch does', async () => {
    assert.deepEqual(await failure(logs.send(new GetLogEventsCommand({ logGroupName: '/aws/codebuild/nope', logStreamName: 'x' }))),
      { name: 'ResourceNotFoundException', message: 'The specified log group does not exist.' });
    assert.deepEqual(await failure(logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: 'x' }))),
      { name: 'ResourceNotFoundException', message: 'The specified log stream does not exist.' });
    assert.equal((await failure(logs.send(new GetLogEventsCommand({ logGroupName: '/other/group', logStreamName: 'x' })))).name, 'ResourceNotFoundException');
    assert.equal((await failure(logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: streams[0], nextToken: 'x/1' })))).name, 'InvalidParameterException');
  });

  it('filters a group by terms and quoted phrases across streams, in pages', async () => {
    const errors = await logs.send(new FilterLogEventsCommand({ logGroupName: GROUP, filterPattern: 'ERR!' }));
    assert.deepEqual(errors.events?.map((e) => [e.logStreamName, e.message]), [[streams[1], 'npm ERR! missing script'], [streams[1], 'npm ERR! again']]);
    const phrase = await logs.send(new FilterLogEventsCommand({ logGroupName: GROUP, filterPattern: '"missing script"' }));
    assert.deepEqual(phrase.events?.map((e) => e.message), ['npm ERR! missing script']);
    const all: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await logs.send(new FilterLogEventsCommand({ logGroupName: GROUP, limit: 3, ...(nextToken !== undefined && { nextToken }) }));
      all.push(...page.events?.map((e) => e.message ?? '') ?? []);
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
    assert.equal(all.length, 8);
    const one = await logs.send(new FilterLogEventsCommand({ logGroupName: GROUP, logStreamNames: [streams[0] ?? ''], filterPattern: 'line 3' }));
    assert.deepEqual(one.events?.map((e) => e.message), ['line 3']);
    assert.equal((await failure(logs.send(new FilterLogEventsCommand({ logGroupName: GROUP, filterPattern: '{ $.level = "error" }' })))).name, 'InvalidParameterException');
    assert.equal((await failure(logs.send(new FilterLogEventsCommand({ logGroupName: GROUP, filterPattern: '?ERR ?WARN' })))).name, 'InvalidParameterException');
  });

  it('describes log streams and groups', async () => {
    const { logStreams } = await logs.send(new DescribeLogStreamsCommand({ logGroupName: GROUP, orderBy: 'LastEventTime', descending: true }));
    assert.deepEqual(logStreams?.map((s) => s.logStreamName), [streams[1], streams[0]]);
    assert.deepEqual([logStreams?.[1]?.firstEventTimestamp, logStreams?.[1]?.lastEventTimestamp], [T0, T0 + 4]);
    const page = await logs.send(new DescribeLogStreamsCommand({ logGroupName: GROUP, limit: 1 }));
    assert.equal(page.logStreams?.length, 1);
    assert.ok(page.nextToken);
    assert.equal((await logs.send(new DescribeLogStreamsCommand({ logGroupName: GROUP, nextToken: page.nextToken }))).logStreams?.length, 1);
    const { logGroups } = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/codebuild/' }));
    assert.deepEqual(logGroups?.map((g) => g.logGroupName), [GROUP]);
    assert.equal(logGroups?.[0]?.arn, `arn:aws:logs:us-east-1:000000000000:log-group:${GROUP}:*`);
  });

  it('authorizes against the log group and stream', async () => {
    const reader = new CloudWatchLogsClient({
      endpoint: t.url, region: 'us-east-1', maxAttempts: 1,
      credentials: await makeUser(t, 'log-reader', policyOf({
        Effect: 'Allow', Action: 'logs:GetLogEvents', Resource: `arn:aws:logs:us-east-1:000000000000:log-group:${GROUP}:log-stream:${streams[0]}`,
      })),
    });
    try {
      assert.equal((await reader.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: streams[0] }))).events?.length, 5);
      assert.equal((await failure(reader.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: streams[1] })))).name, 'AccessDeniedException');
      assert.equal((await failure(reader.send(new FilterLogEventsCommand({ logGroupName: GROUP })))).name, 'AccessDeniedException');
    } finally {
      reader.destroy();
    }
  });
});
