/**
 * Recording moved refs on a real bare repository and a real SQLite store: one event per branch or
 * tag in order, the first branch becoming the default (and git's HEAD), changed files from the
 * diff, an annotated tag routed as the commit it tags, deletions and other refs starting nothing.
 * The router here records what it is given: which pipelines start is git-triggers.test.ts's subject.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gitText } from '../../src/git/run-git.ts';
import { treeWithFile, writeBlob, writeCommit } from '../../src/git/trees.ts';
import { silentLogger } from '../../src/logging.ts';
import type { GitEvent } from '../../src/model/triggers/git-event.ts';
import { makeRefChangeRecorder, type RecordRefChanges } from '../../src/services/ref-changes.ts';
import { RepositoryService } from '../../src/services/repositories.ts';
import type { HostedRepository } from '../../src/services/hosted-repository.ts';
import type { Store } from '../../src/store/ports.ts';
import { openSqliteStore } from '../../src/store/sqlite/open.ts';

const T0 = Date.UTC(2026, 0, 2, 3, 4, 5);
const CALLER = 'arn:aws:iam::000000000000:user/alice';

describe('recording moved refs', () => {
  let dir: string;
  let store: Store;
  let repository: HostedRepository;
  let record: RecordRefChanges;
  const routed: GitEvent[] = [];
  let ids = 0;

  /** A commit with `files` (path → content) on top of `parent`. */
  async function commit(files: Record<string, string>, parent?: string): Promise<string> {
    let tree = parent === undefined ? undefined : await gitText({ gitDir: repository.gitDir, args: ['rev-parse', `${parent}^{tree}`] });
    for (const [path, content] of Object.entries(files)) {
      const built = await treeWithFile(repository.gitDir, tree, path.split('/'), { mode: '100644', id: await writeBlob(repository.gitDir, new TextEncoder().encode(content)) });
      assert.ok(!('conflict' in built));
      tree = built.treeId;
    }
    return writeCommit(repository.gitDir, { treeId: tree ?? '', parents: parent === undefined ? [] : [parent], message: 'm', author: { name: 'a', email: '' }, timeSeconds: T0 / 1000 });
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-ref-changes-'));
    store = await openSqliteStore({ path: join(dir, 'sluice.db') });
    const repositories = new RepositoryService({ store: store.repositories, reposDir: join(dir, 'repos'), accountId: '000000000000', region: 'eu-west-1', now: () => T0, uuid: () => `id-${++ids}` });
    await repositories.create({ name: 'app' });
    repository = await repositories.find('app') ?? assert.fail('created');
    record = makeRefChangeRecorder({
      repositories: store.repositories, now: () => T0, uuid: () => `event-${++ids}`, logger: silentLogger,
      router: { route: async (event) => { routed.push(event); return []; } },
    });
  });
  after(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('appends one event per branch and tag in order, and routes each moved ref as a push', async () => {
    const first = await commit({ 'README.md': 'a' });
    const second = await commit({ 'src/a.ts': 'x', 'README.md': 'b' }, first);
    const tag = await gitText({ gitDir: repository.gitDir, args: ['mktag'], stdin: `object ${second}\ntype commit\ntag v1\ntagger t <t@example.com> 1700000000 +0000\n\nv1\n` });
    await record({ repository, callerArn: CALLER, changes: [
      { ref: 'refs/heads/main', newCommit: first },
      { ref: 'refs/notes/commits', newCommit: first },
      { ref: 'refs/heads/main', oldCommit: first, newCommit: second },
      { ref: 'refs/tags/v1', oldCommit: '0'.repeat(40), newCommit: tag },
      { ref: 'refs/heads/old', oldCommit: first, newCommit: '0'.repeat(40) },
    ] });
    const events = (await store.outbox.read(0, 100)).map((e) => e.event);
    assert.deepEqual(events.map((e) => [e['detail-type'], e.source, e.region, e.account, e.time, e.resources]), Array.from({ length: 4 }, () =>
      ['CodeCommit Repository State Change', 'aws.codecommit', 'eu-west-1', '000000000000', '2026-01-02T03:04:05Z', ['arn:aws:codecommit:eu-west-1:000000000000:app']]));
    assert.deepEqual(events.map((e) => e.detail), [
      { event: 'referenceCreated', repositoryName: 'app', repositoryId: repository.repositoryId, referenceType: 'branch', referenceName: 'main', referenceFullName: 'refs/heads/main', commitId: first, callerUserArn: CALLER },
      { event: 'referenceUpdated', repositoryName: 'app', repositoryId: repository.repositoryId, referenceType: 'branch', referenceName: 'main', referenceFullName: 'refs/heads/main', commitId: second, oldCommitId: first, callerUserArn: CALLER },
      { event: 'referenceCreated', repositoryName: 'app', repositoryId: repository.repositoryId, referenceType: 'tag', referenceName: 'v1', referenceFullName: 'refs/tags/v1', commitId: tag, callerUserArn: CALLER },
      { event: 'referenceDeleted', repositoryName: 'app', repositoryId: repository.repositoryId, referenceType: 'branch', referenceName: 'old', referenceFullName: 'refs/heads/old', oldCommitId: first, callerUserArn: CALLER },
    ]);
    assert.deepEqual(routed, [
      { kind: 'push', repository: { provider: 'CodeCommit', repositoryName: 'app' }, ref: 'refs/heads/main', commitId: first },
      { kind: 'push', repository: { provider: 'CodeCommit', repositoryName: 'app' }, ref: 'refs/heads/main', commitId: second, changedFiles: ['README.md', 'src/a.ts'] },
      { kind: 'push', repository: { provider: 'CodeCommit', repositoryName: 'app' }, ref: 'refs/tags/v1', commitId: second },
    ], 'a new ref has no changed files; the annotated tag is routed as the commit it tags; the deletion is not routed');
  });

  it('makes the first branch the default, in the store and as git HEAD', async () => {
    const stored = await store.repositories.get('app');
    assert.deepEqual([stored?.defaultBranch, stored?.modifiedAt], ['main', T0]);
    assert.equal(await gitText({ gitDir: repository.gitDir, args: ['symbolic-ref', 'HEAD'] }), 'refs/heads/main');
  });
});
