/**
 * Ref moves survive a crash: when git moved a ref of a hosted repository but Sluice never
 * recorded it (the server died in between), the next start hands it on — the event on the bus
 * and the pipeline it starts — and a start after that hands on nothing again.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { CodeCommitClient, CreateRepositoryCommand, PutFileCommand } from '@aws-sdk/client-codecommit';
import { CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { startTestServer, type TestServer } from '../support/server.ts';

const exec = promisify(execFile);

describe('hosted repositories after a crash', () => {
  let dataDir: string;
  let gitDir: string;
  let first: string;

  async function withServer<T>(use: (t: TestServer) => Promise<T>): Promise<T> {
    const t = await startTestServer({ dataDir, buildConcurrency: 0 });
    try {
      return await use(t);
    } finally {
      await t.close();
    }
  }

  /** What the server recorded for the repository: its ref events and the executions pushes started. */
  async function recorded(t: TestServer): Promise<{ events: { event: string; commitId?: string; callerUserArn: string }[]; pinned: string[] }> {
    const events = (await t.server.runtime.store.outbox.read(0, 1000)).map((e) => e.event)
      .filter((e) => e.source === 'aws.codecommit').map((e) => e.detail as { event: string; commitId?: string; callerUserArn: string });
    const executions = await t.server.runtime.store.executions.list('recovered', {}, {});
    const pinned = executions.items.filter((e) => e.trigger.triggerType === 'CloudWatchEvent').map((e) => e.sourceRevisions[0]?.revisionValue ?? '');
    return { events, pinned };
  }

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sluice-recovery-'));
    await withServer(async (t) => {
      const codecommit = new CodeCommitClient({ endpoint: t.url, region: 'us-east-1', credentials: t.credentials, maxAttempts: 1 });
      const { repositoryMetadata } = await codecommit.send(new CreateRepositoryCommand({ repositoryName: 'recovering' }));
      gitDir = join(dataDir, 'repos', `${repositoryMetadata?.repositoryId ?? ''}.git`);
      first = (await codecommit.send(new PutFileCommand({ repositoryName: 'recovering', branchName: 'main', filePath: 'a.txt', fileContent: Buffer.from('a') }))).commitId ?? '';
      codecommit.destroy();
      await t.codepipeline().send(new CreatePipelineCommand({ pipeline: {
        name: 'recovered', roleArn: 'arn:aws:iam::000000000000:role/p', artifactStore: { type: 'S3', location: 'recovered-artifacts' },
        stages: [
          { name: 'Source', actions: [{ name: 'Repo', actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeCommit', version: '1' },
            configuration: { RepositoryName: 'recovering', BranchName: 'main', PollForSourceChanges: 'false' }, outputArtifacts: [{ name: 'Code' }] }] },
          { name: 'Gate', actions: [{ name: 'Ok', actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' } }] },
        ],
      } }));
    });
  });
  after(() => rm(dataDir, { recursive: true, force: true }));

  it('hands on a move git made while no server recorded it, once', async () => {
    // What a crash leaves: git has the new commit on main; Sluice's records still say `first`.
    const tree = (await exec('git', ['--git-dir', gitDir, 'rev-parse', `${first}^{tree}`])).stdout.trim();
    const moved = (await exec('git', ['--git-dir', gitDir, 'commit-tree', tree, '-p', first, '-m', 'pushed before the crash'],
      { env: { ...process.env, GIT_AUTHOR_NAME: 'a', GIT_AUTHOR_EMAIL: 'a@example.com', GIT_COMMITTER_NAME: 'a', GIT_COMMITTER_EMAIL: 'a@example.com' } })).stdout.trim();
    await exec('git', ['--git-dir', gitDir, 'update-ref', 'refs/heads/main', moved, first]);

    const afterCrash = await withServer(recorded);
    assert.deepEqual(afterCrash.events.at(-1), { ...afterCrash.events.at(-1), event: 'referenceUpdated', commitId: moved, callerUserArn: 'arn:aws:iam::000000000000:root' });
    assert.deepEqual(afterCrash.pinned, [moved]);

    const again = await withServer(recorded);
    assert.deepEqual(again, afterCrash, 'a further start hands on nothing');
  });
});
