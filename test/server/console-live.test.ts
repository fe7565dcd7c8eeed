/**
 * `GET /console/live` against a real server: a pipeline's events arrive in order as its run
 * moves, events of a pipeline the user may not read never do, a page resumes after a server
 * restart on the same data directory with `Last-Event-ID`, and the stream pings while quiet and
 * ends when the session does.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createApprovalPipeline } from '../support/approval-pipeline.ts';
import { consoleFetch, signIn, sseReader, type ConsoleSession, type SseMessage } from '../support/console-session.ts';
import { makeUser, policyOf } from '../support/iam.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const PIPELINE_ARN = 'arn:aws:codepipeline:us-east-1:000000000000';

interface Seen { id: string; pipeline: string; step: string }

function stepOf(message: SseMessage): Seen {
  const event = JSON.parse(message.data ?? '{}') as { 'detail-type': string; detail: { pipeline: string; stage?: string; action?: string; state: string } };
  const { pipeline, stage, action, state } = event.detail;
  return { id: message.id ?? '', pipeline, step: `${event['detail-type'].replace(/^CodePipeline | State Change$/g, '')}:${[stage, action].filter(Boolean).join('/')}:${state}` };
}

/** Messages of `stream` until `until` holds for a bus event (ready and pings are left out but `ready` is asserted first when asked). */
async function collect(stream: ReturnType<typeof sseReader>, until: (seen: Seen) => boolean): Promise<Seen[]> {
  const seen: Seen[] = [];
  for (;;) {
    const message = await stream.next();
    assert.ok(message, 'the stream ended early');
    if (message.event !== undefined || message.comment !== undefined) continue;
    seen.push(stepOf(message));
    if (until(seen.at(-1) as Seen)) return seen;
  }
}

/** The next message that is not a ping. */
async function nextNotPing(stream: ReturnType<typeof sseReader>): Promise<SseMessage | undefined> {
  for (;;) {
    const message = await stream.next();
    if (message?.comment !== 'ping') return message;
  }
}

describe('console live events', () => {
  let dataDir: string;
  let t: TestServer;
  let viewer: ConsoleSession;
  const start = (): Promise<TestServer> => startTestServer({ dataDir, console: { liveHeartbeatMs: 300 } });

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sluice-console-live-'));
    t = await start();
    const keys = await makeUser(t, 'watcher', policyOf({ Effect: 'Allow', Action: 'codepipeline:GetPipelineState', Resource: `${PIPELINE_ARN}:watched` }));
    viewer = await signIn(t, keys);
  });
  after(async () => {
    await t.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("delivers a readable pipeline's events in order, none of a pipeline the user may not read, and resumes after a restart", async () => {
    const live = sseReader(await consoleFetch(t, viewer, '/console/live'));
    const admin = sseReader(await consoleFetch(t, await signIn(t), '/console/live'));
    assert.equal((await nextNotPing(live))?.event, 'ready', 'nothing to catch up on: ready at once');
    assert.equal((await nextNotPing(admin))?.event, 'ready');

    await createApprovalPipeline(t, 'hidden');
    await createApprovalPipeline(t, 'watched');
    const seen = await collect(live, (s) => s.step === 'Stage Execution:Gate:STARTED');
    await live.close();
    assert.deepEqual(seen.map((s) => s.pipeline), seen.map(() => 'watched'), 'only the readable pipeline');
    assert.deepEqual(seen.map((s) => s.step), [
      'Pipeline Execution::STARTED', 'Stage Execution:Source:STARTED', 'Action Execution:Source/Repo:STARTED',
      'Action Execution:Source/Repo:SUCCEEDED', 'Stage Execution:Source:SUCCEEDED', 'Stage Execution:Gate:STARTED',
    ]);
    const ids = seen.map((s) => Number(s.id));
    assert.deepEqual(ids, [...ids].sort((a, b) => a - b), 'ids are outbox positions, rising');
    const everything = await collect(admin, (s) => s.pipeline === 'hidden' && s.step === 'Stage Execution:Gate:STARTED');
    assert.ok(everything.some((s) => s.pipeline === 'hidden'), 'the hidden pipeline has events; the admin sees them');
    await admin.close();

    await t.close();
    t = await start();
    const resumed = sseReader(await consoleFetch(t, viewer, '/console/live', { headers: { 'last-event-id': seen[0]?.id ?? '' } }));
    const caughtUp = await collect(resumed, (s) => s.id === seen.at(-1)?.id);
    assert.deepEqual(caughtUp, seen.slice(1), 'everything after the last event the page had, from the durable outbox');
    const query = sseReader(await consoleFetch(t, viewer, `/console/live?lastEventId=${seen[3]?.id ?? ''}`));
    assert.deepEqual((await collect(query, (s) => s.id === seen.at(-1)?.id)).map((s) => s.id), seen.slice(4).map((s) => s.id));
    await query.close();
    for (;;) {
      const message = await resumed.next();
      if (message?.event === 'ready') break;
      assert.equal(message?.data === undefined || stepOf(message).pipeline === 'watched', true);
    }
    await resumed.close();
  });

  it('pings while quiet and ends with session-expired when the session ends', async () => {
    const session = await signIn(t);
    const stream = sseReader(await consoleFetch(t, session, '/console/live'));
    assert.equal((await stream.next())?.event, 'ready');
    assert.deepEqual(await stream.next(), { comment: 'ping' });
    assert.equal((await consoleFetch(t, session, '/console/session', { method: 'DELETE' })).status, 204);
    assert.deepEqual(await nextNotPing(stream), { event: 'session-expired', data: '{}' });
    assert.equal(await stream.next(), undefined, 'the stream ends');
  });

  it('refuses a stream without a session and a malformed Last-Event-ID', async () => {
    const none = await fetch(`${t.url}/console/live`);
    assert.equal(none.status, 401);
    const bad = await consoleFetch(t, viewer, '/console/live', { headers: { 'last-event-id': 'yesterday' } });
    assert.equal(bad.status, 400);
    assert.deepEqual(await bad.json(), { __type: 'ValidationException', message: 'Cannot resume after "yesterday": expected an event id from this stream' });
  });
});
