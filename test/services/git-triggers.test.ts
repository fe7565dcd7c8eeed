/**
 * Git event routing on a real SQLite store and engine: a push starts each pipeline it triggers
 * once, pinned to the pushed commit, with the trigger recorded; other pipelines stay untouched;
 * one pipeline that cannot start does not keep the others from starting.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { silentLogger } from '../../src/logging.ts';
import { makeActionTypeCatalog } from '../../src/model/action-types.ts';
import { EngineDriver } from '../../src/scheduler/driver.ts';
import { randomIds, systemClock } from '../../src/scheduler/system.ts';
import { makeGitTriggerRouter } from '../../src/services/git-triggers.ts';
import { PipelineService } from '../../src/services/pipelines.ts';
import type { Store } from '../../src/store/ports.ts';
import { openSqliteStore } from '../../src/store/sqlite/open.ts';

const COMMIT = 'a'.repeat(40);

function codeCommitPipeline(name: string, repository: string, over: object = {}): object {
  return {
    name, roleArn: 'arn:aws:iam::000000000000:role/p', artifactStore: { type: 'S3', location: 'artifacts' },
    stages: [
      { name: 'Source', actions: [
        { name: 'App', actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeCommit', version: '1' },
          configuration: { RepositoryName: repository, BranchName: 'main', PollForSourceChanges: 'false' }, outputArtifacts: [{ name: 'AppOut' }] },
        { name: 'Tools', actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeCommit', version: '1' },
          configuration: { RepositoryName: repository, BranchName: 'main', PollForSourceChanges: 'false' }, outputArtifacts: [{ name: 'ToolsOut' }] },
      ] },
      { name: 'Gate', actions: [{ name: 'Ok', actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' } }] },
    ],
    ...over,
  };
}

describe('git trigger router', () => {
  let dir: string;
  let store: Store;
  let service: PipelineService;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-git-triggers-'));
    store = await openSqliteStore({ path: join(dir, 'sluice.db') });
    service = new PipelineService(new EngineDriver({ store, clock: systemClock, ids: randomIds }), makeActionTypeCatalog());
    await service.createPipeline(codeCommitPipeline('app', 'app-repo'));
    await service.createPipeline(codeCommitPipeline('other', 'other-repo'));
  });
  after(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('starts each triggered pipeline once, pinning every matching source action to the pushed commit', async () => {
    const router = makeGitTriggerRouter({ pipelines: store.pipelines, starter: service, logger: silentLogger });
    const before = (await store.executions.list('other', {}, {})).items.length;
    const started = await router.route({ kind: 'push', repository: { provider: 'CodeCommit', repositoryName: 'app-repo' }, ref: 'refs/heads/main', commitId: COMMIT });
    assert.equal(started.length, 1);
    assert.equal(started[0]?.pipelineName, 'app');
    const execution = await store.executions.get('app', started[0].pipelineExecutionId);
    assert.equal(execution?.trigger.triggerType, 'CloudWatchEvent');
    assert.deepEqual(execution?.sourceRevisions.map((r) => [r.actionName, r.revisionType, r.revisionValue]),
      [['App', 'COMMIT_ID', COMMIT], ['Tools', 'COMMIT_ID', COMMIT]]);
    assert.equal((await store.executions.list('other', {}, {})).items.length, before);
  });

  it('starts nothing for a push to another branch', async () => {
    const router = makeGitTriggerRouter({ pipelines: store.pipelines, starter: service, logger: silentLogger });
    assert.deepEqual(await router.route({ kind: 'push', repository: { provider: 'CodeCommit', repositoryName: 'app-repo' }, ref: 'refs/heads/dev', commitId: COMMIT }), []);
  });

  it('skips a pipeline that refuses to start and still starts the others', async () => {
    const refusing = { startExecution: async (name: string, options: Parameters<PipelineService['startExecution']>[1]) => {
      if (name === 'app') throw new Error('refused');
      return service.startExecution(name, options);
    } };
    await service.createPipeline(codeCommitPipeline('app-2', 'app-repo'));
    const router = makeGitTriggerRouter({ pipelines: store.pipelines, starter: refusing, logger: silentLogger });
    const started = await router.route({ kind: 'push', repository: { provider: 'CodeCommit', repositoryName: 'app-repo' }, ref: 'refs/heads/main', commitId: COMMIT });
    assert.deepEqual(started.map((s) => s.pipelineName), ['app-2']);
  });
});
