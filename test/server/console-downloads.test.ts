/**
 * The console's reads that are not AWS JSON calls, against a real server: a build's live log and
 * an artifact download, each authorized as the session's user (allowed, denied, missing), and
 * open streams ended when the server drains.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CodeBuildClient, CreateProjectCommand, StartBuildCommand } from '@aws-sdk/client-codebuild';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { consoleFetch, signIn, sseReader, type ConsoleSession } from '../support/console-session.ts';
import { makeUser, policyOf } from '../support/iam.ts';
import { s3Client } from '../support/s3.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const ACCOUNT = '000000000000';

describe('console build logs and artifacts', () => {
  let t: TestServer;
  let reader: ConsoleSession;
  let buildId: string;

  before(async () => {
    t = await startTestServer({ console: { liveHeartbeatMs: 60_000 } });
    const cb = new CodeBuildClient({ endpoint: t.url, region: 'us-east-1', credentials: t.credentials, maxAttempts: 1 });
    const s3 = s3Client(t);
    try {
      for (const name of ['shown-build', 'hidden-build']) {
        await cb.send(new CreateProjectCommand({
          name, serviceRole: `arn:aws:iam::${ACCOUNT}:role/build`, artifacts: { type: 'NO_ARTIFACTS' },
          source: { type: 'NO_SOURCE', buildspec: 'version: 0.2\nphases:\n  build:\n    commands:\n      - echo first line\n      - echo second line\n' },
          environment: { type: 'LINUX_CONTAINER', image: 'aws/codebuild/standard:7.0', computeType: 'BUILD_GENERAL1_SMALL' },
        }));
      }
      buildId = (await cb.send(new StartBuildCommand({ projectName: 'shown-build' }))).build?.id ?? '';
      await s3.send(new CreateBucketCommand({ Bucket: 'console-artifacts' }));
      await s3.send(new PutObjectCommand({ Bucket: 'console-artifacts', Key: 'run 1/out/report été.zip', Body: Buffer.from('zip bytes'), ContentType: 'application/zip' }));
      await s3.send(new PutObjectCommand({ Bucket: 'console-artifacts', Key: 'secret/keys.txt', Body: Buffer.from('nope') }));
    } finally {
      cb.destroy();
      s3.destroy();
    }
    const keys = await makeUser(t, 'reader', policyOf(
      { Effect: 'Allow', Action: 'codebuild:BatchGetBuilds', Resource: `arn:aws:codebuild:us-east-1:${ACCOUNT}:project/shown-build` },
      { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::console-artifacts/run 1/*' },
    ));
    reader = await signIn(t, keys);
  });
  after(async () => {
    await t.close();
  });

  it("streams a build's log to a user who may read the build, to its end, and resumes after a line", async () => {
    const response = await consoleFetch(t, reader, `/console/builds/${encodeURIComponent(buildId)}/log`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/event-stream');
    const stream = sseReader(response);
    const lines: { id: string; message: string }[] = [];
    for (;;) {
      const message = await stream.next();
      assert.ok(message, 'the stream ends with an end event');
      if (message.event === 'end') break;
      if (message.event === 'log') lines.push({ id: message.id ?? '', message: (JSON.parse(message.data ?? '{}') as { message: string }).message });
    }
    const echoed = lines.filter((l) => /^(first|second) line$/.test(l.message));
    assert.deepEqual(echoed.map((l) => l.message), ['first line', 'second line']);
    const from = echoed[0]?.id ?? '';
    const resumed = sseReader(await consoleFetch(t, reader, `/console/builds/${encodeURIComponent(buildId)}/log?from=${from}`));
    const after: { id: string; message: string }[] = [];
    for (let message = await resumed.next(); message && message.event !== 'end'; message = await resumed.next()) {
      if (message.event === 'log') after.push({ id: message.id ?? '', message: (JSON.parse(message.data ?? '{}') as { message: string }).message });
    }
    assert.ok(after.every((l) => Number(l.id) > Number(from)), 'only lines after the one the page has');
    assert.deepEqual(after.map((l) => l.message).filter((m) => /^(first|second) line$/.test(m)), ['second line']);
  });

  it("refuses another project's build log and a missing build alike", async () => {
    const cb = new CodeBuildClient({ endpoint: t.url, region: 'us-east-1', credentials: t.credentials, maxAttempts: 1 });
    const hidden = (await cb.send(new StartBuildCommand({ projectName: 'hidden-build' }))).build?.id ?? '';
    cb.destroy();
    for (const id of [hidden, 'hidden-build:00000000-0000-0000-0000-000000000000']) {
      const response = await consoleFetch(t, reader, `/console/builds/${encodeURIComponent(id)}/log`);
      assert.equal(response.status, 403);
      assert.equal((await response.json() as { __type: string }).__type, 'AccessDeniedException');
    }
    assert.equal((await fetch(`${t.url}/console/builds/${encodeURIComponent(buildId)}/log`)).status, 401, 'no session');
  });

  it('downloads an artifact the user may get, as an attachment', async () => {
    const response = await consoleFetch(t, reader, `/console/artifacts/console-artifacts/${encodeURIComponent('run 1/out/report été.zip')}`);
    assert.equal(response.status, 200);
    assert.equal(Buffer.from(await response.arrayBuffer()).toString(), 'zip bytes');
    assert.equal(response.headers.get('content-type'), 'application/zip');
    assert.equal(response.headers.get('content-disposition'), `attachment; filename="report _t_.zip"; filename*=UTF-8''${encodeURIComponent('report été.zip')}`);
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
  });

  it('refuses an artifact the user may not get, and answers 404 for a missing one it may', async () => {
    const denied = await consoleFetch(t, reader, '/console/artifacts/console-artifacts/secret/keys.txt');
    assert.equal(denied.status, 403);
    const body = await denied.json() as { __type: string; message: string };
    assert.equal(body.__type, 'AccessDeniedException');
    assert.doesNotMatch(body.message, /nope/);
    const missing = await consoleFetch(t, reader, '/console/artifacts/console-artifacts/run 1/none.zip');
    assert.equal(missing.status, 404);
    assert.equal((await missing.json() as { __type: string }).__type, 'ResourceNotFoundException');
  });

  it('ends open live streams when the server drains', async () => {
    const session = await signIn(t);
    const stream = sseReader(await consoleFetch(t, session, '/console/live'));
    assert.equal((await stream.next())?.event, 'ready');
    const closed = t.close();
    assert.equal(await stream.next(), undefined, 'the stream ends');
    await closed;
    t = await startTestServer();
  });
});
