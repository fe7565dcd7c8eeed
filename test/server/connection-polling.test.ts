/**
 * Polling of connection repositories on a real server and a real "external" git server: the
 * first look records what is there and starts nothing, a new commit starts the watching V2
 * pipeline pinned to it (changed files computed from the mirror decide the file filter), and the
 * refs seen survive a restart, so a restarted server starts only what is new — found by the
 * server's own poll loop at a short interval.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { CodeStarConnectionsClient, CreateConnectionCommand } from '@aws-sdk/client-codestar-connections';
import { callConnections } from '../../src/cli/connections/signed-call.ts';
import type { StartedExecution } from '../../src/services/git-triggers.ts';
import { waitFor } from '../compat/support.ts';
import { makeExternalRepo, type ExternalRepo } from '../support/external-git.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

function pipelineOf(name: string, connectionArn: string, fullRepositoryId: string, detectChanges?: string): object {
  return {
    name, pipelineType: 'V2', roleArn: 'arn:aws:iam::000000000000:role/pipeline', artifactStore: { type: 'S3', location: 'artifacts' },
    stages: [
      { name: 'Source', actions: [{
        name: 'Source', actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeStarSourceConnection', version: '1' },
        configuration: { ConnectionArn: connectionArn, FullRepositoryId: fullRepositoryId, BranchName: 'main', ...(detectChanges !== undefined && { DetectChanges: detectChanges }) },
        outputArtifacts: [{ name: 'Src' }],
      }] },
      { name: 'Gate', actions: [{ name: 'Approve', actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' } }] },
    ],
    triggers: [{ providerType: 'CodeStarSourceConnection', gitConfiguration: {
      sourceActionName: 'Source', push: [{ branches: { includes: ['main'] }, filePaths: { includes: ['src/**'] } }],
    } }],
  };
}

describe('connection polling', () => {
  let dataDir: string;
  let t: TestServer;
  let repo: ExternalRepo;

  const pinned = async (server: TestServer, pipelineName: string): Promise<string[]> => {
    const executions = await server.server.runtime.store.executions.list(pipelineName, {}, {});
    return executions.items.filter((e) => e.trigger.triggerType === 'WebhookV2').map((e) => e.sourceRevisions[0]?.revisionValue ?? '');
  };

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sluice-polling-'));
    t = await startTestServer({ dataDir, gitPollIntervalMs: 0 });
    repo = await makeExternalRepo('octo/app');
    await repo.commit({ 'src/app.ts': 'v0\n' });
    const connections = new CodeStarConnectionsClient({ endpoint: t.url, region: 'us-east-1', credentials: t.credentials, maxAttempts: 1 });
    const arn = (await connections.send(new CreateConnectionCommand({ ConnectionName: 'polled', ProviderType: 'GitHub' }))).ConnectionArn ?? '';
    connections.destroy();
    await callConnections({ endpoint: t.url, region: 'us-east-1', credentials: t.credentials, maxAttempts: 1 }, 'UpdateConnectionCredentials', { ConnectionArn: arn, Url: repo.baseUrl });
    const codepipeline = t.codepipeline();
    await codepipeline.send(new CreatePipelineCommand({ pipeline: pipelineOf('polled-app', arn, 'octo/app') as never }));
    // Not watched: DetectChanges false.
    await codepipeline.send(new CreatePipelineCommand({ pipeline: pipelineOf('manual-app', arn, 'octo/other', 'false') as never }));
  });
  after(async () => {
    await t.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('records what is there on the first poll and starts nothing', async () => {
    const summary = await t.server.connections.poller.pollOnce();
    assert.deepEqual(summary, { polled: 1, baselined: 1, moved: 0, failed: 0, executions: 0 });
    assert.deepEqual(await pinned(t, 'polled-app'), []);
  });

  it('starts the pipeline for a new commit, pinned to it, once', async () => {
    const commit = await repo.commit({ 'src/app.ts': 'v1\n' });
    assert.deepEqual(await t.server.connections.poller.pollOnce(), { polled: 1, baselined: 0, moved: 1, failed: 0, executions: 1 });
    assert.deepEqual(await pinned(t, 'polled-app'), [commit]);
    assert.deepEqual(await t.server.connections.poller.pollOnce(), { polled: 1, baselined: 0, moved: 0, failed: 0, executions: 0 });
  });

  it('decides file filters on files computed from the mirror', async () => {
    await repo.commit({ 'docs/readme.md': 'words\n' });
    assert.deepEqual(await t.server.connections.poller.pollOnce(), { polled: 1, baselined: 0, moved: 1, failed: 0, executions: 0 });
  });

  it('after a restart starts only commits it has not seen, found by its own poll loop', async () => {
    const before = await pinned(t, 'polled-app');
    await t.close();
    const commit = await repo.commit({ 'src/app.ts': 'v2\n' });
    t = await startTestServer({ dataDir, gitPollIntervalMs: 100 });
    const found = await waitFor('the poll loop to start the new commit', async () => {
      const now = await pinned(t, 'polled-app');
      return now.length > before.length ? now : undefined;
    });
    assert.deepEqual(found.toSorted(), [...before, commit].toSorted(), 'the new commit once, nothing seen before the restart again');
    const idle: StartedExecution[] = [];
    assert.equal((await t.server.connections.poller.pollOnce()).executions, idle.length);
  });
});
