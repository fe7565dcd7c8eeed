/**
 * The git poller's rules without git: which refs count as moved, exponential backoff on a
 * failing repository, and a failure logged once when it starts and once when it ends — with a
 * fake clock and fake remotes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Logger } from '../../src/logging.ts';
import { GitPoller, movedRefs } from '../../src/scheduler/git-poller.ts';
import type { RepositoryChange } from '../../src/services/connection-events.ts';
import type { ConnectionRecord, GitWatchStore, WatchedRepository } from '../../src/store/connection-ports.ts';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const CONNECTION: ConnectionRecord = {
  id: '00000000-0000-0000-0000-000000000001', arn: 'arn:aws:codestar-connections:us-east-1:000000000000:connection/00000000-0000-0000-0000-000000000001',
  name: 'c', providerType: 'GitHub', ownerAccountId: '000000000000', status: 'AVAILABLE', tags: [], created: 0,
};

function memoryWatch(): GitWatchStore {
  const seen = new Map<string, Map<string, string>>();
  const key = (r: WatchedRepository): string => `${r.connectionId}/${r.fullRepositoryId}`;
  return {
    claimDelivery: async () => true,
    releaseDelivery: async () => {},
    seenRefs: async (r) => (seen.has(key(r)) ? new Map(seen.get(key(r))) : undefined),
    saveSeenRefs: async (r, refs) => { seen.set(key(r), new Map(refs)); },
    recordRef: async () => {},
  };
}

function recordingLogger(lines: string[]): Logger {
  const logger: Logger = {
    debug: () => {}, info: (_f, m) => { lines.push(`info ${m}`); }, warn: (_f, m) => { lines.push(`warn ${m}`); }, error: (_f, m) => { lines.push(`error ${m}`); },
    child: () => logger,
  };
  return logger;
}

describe('git poller', () => {
  it('treats new and moved refs as pushes, in name order, and ignores unchanged and deleted ones', () => {
    const seen = new Map([['refs/heads/main', A], ['refs/heads/old', A], ['refs/tags/v1', A]]);
    const now = new Map([['refs/tags/v1', A], ['refs/heads/main', B], ['refs/heads/dev', B]]);
    assert.deepEqual(movedRefs(seen, now), [
      { kind: 'push', ref: 'refs/heads/dev', after: B },
      { kind: 'push', ref: 'refs/heads/main', after: B, before: A },
    ]);
  });

  it('backs off a failing repository exponentially and logs only when it starts failing and when it recovers', async () => {
    let clock = 0;
    let remote: Map<string, string> | Error = new Error('unreachable');
    let calls = 0;
    const handled: RepositoryChange[][] = [];
    const lines: string[] = [];
    const poller = new GitPoller({
      intervalMs: 1000, now: () => clock, logger: recordingLogger(lines), watch: memoryWatch(),
      watched: async () => [{ connection: CONNECTION, fullRepositoryId: 'octo/app' }],
      listRemoteRefs: async () => {
        calls++;
        if (remote instanceof Error) throw remote;
        return remote;
      },
      events: { handle: async (_c, _r, changes) => { handled.push([...changes]); return []; } },
    });
    assert.equal((await poller.pollOnce()).failed, 1);
    clock = 1999;
    assert.equal((await poller.pollOnce()).polled, 0, 'waits 2 intervals after the first failure');
    clock = 2000;
    assert.equal((await poller.pollOnce()).failed, 1);
    clock = 5999;
    await poller.pollOnce();
    assert.equal(calls, 2, 'then 4 intervals');
    clock = 6000;
    remote = new Map([['refs/heads/main', A]]);
    assert.deepEqual(await poller.pollOnce(), { polled: 1, baselined: 1, moved: 0, failed: 0, executions: 0 });
    remote = new Map([['refs/heads/main', B]]);
    await poller.pollOnce();
    assert.deepEqual(handled, [[{ kind: 'push', ref: 'refs/heads/main', before: A, after: B }]]);
    assert.deepEqual(lines, ['warn connection repository cannot be polled; retrying with backoff', 'info connection repository polls again']);
  });

  it('does not start when the interval is 0, and stops a running loop', async () => {
    let polls = 0;
    const options = {
      now: () => 0, logger: recordingLogger([]), watch: memoryWatch(),
      watched: async () => { polls++; return []; }, listRemoteRefs: async () => new Map<string, string>(), events: { handle: async () => [] },
    };
    const disabled = new GitPoller({ ...options, intervalMs: 0 });
    disabled.start();
    await disabled.stop();
    assert.equal(polls, 0);
    const running = new GitPoller({ ...options, intervalMs: 1, random: () => 0 });
    running.start();
    await new Promise<void>((resolve) => { const check = (): void => { if (polls >= 3) resolve(); else setImmediate(check); }; check(); });
    await running.stop();
    const after = polls;
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(polls, after);
  });
});
