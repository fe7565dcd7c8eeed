/**
 * Source actions on `sluice server`, driven with the real SDK clients: a CodeCommit source whose
 * clone reference a real build turns into a full clone; an S3 source started by each upload (S3
 * SDK PutObject), pinned to the uploaded version even after a newer upload replaced it, with the
 * `Object Created` event published; and sources with PollForSourceChanges started by the poller
 * when their branch tip or object version changes, once per change.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CodeBuildClient, CreateProjectCommand } from '@aws-sdk/client-codebuild';
import {
  type CodePipelineClient, CreatePipelineCommand, GetPipelineExecutionCommand, ListActionExecutionsCommand, ListPipelineExecutionsCommand,
  type PipelineExecutionSummary, type StageDeclaration,
} from '@aws-sdk/client-codepipeline';
import {
  CompleteMultipartUploadCommand, CreateBucketCommand, CreateMultipartUploadCommand, GetObjectCommand, PutObjectCommand, type PutObjectCommandOutput,
  type S3Client, UploadPartCommand,
} from '@aws-sdk/client-s3';
import { strToU8, unzipSync, zipSync, strFromU8 } from 'fflate';
import { silentLogger } from '../../src/logging.ts';
import { makeFsObjectStore } from '../../src/artifacts/objects/fs-objects.ts';
import { SourcePoller } from '../../src/scheduler/source-poller.ts';
import { waitFor } from '../compat/support.ts';
import { git, makeBareRepository, type BareRepository } from '../providers/git-fixture.ts';
import { bytesOf, s3Client } from '../support/s3.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const ACCOUNT = '000000000000';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/pipeline`;
const STORE = { type: 'S3' as const, location: 'source-artifacts' };
const APPROVAL: StageDeclaration = { name: 'Approve', actions: [{ name: 'Ship', actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' } }] };

describe('source actions on the server', () => {
  let root: string;
  let repo: BareRepository;
  let t: TestServer;
  let cp: CodePipelineClient;
  let s3: S3Client;

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'sluice-sources-'));
    repo = await makeBareRepository(root, 'app');
    await repo.commit('First version', { 'app.txt': 'one' });
    const found = { repositoryName: 'app', repositoryId: 'c0a2d0e4-0000-4000-8000-000000000001', arn: `arn:aws:codecommit:us-east-1:${ACCOUNT}:app`, gitDir: repo.gitDir };
    t = await startTestServer({ findRepository: async (name) => (name === 'app' ? found : undefined), sourcePollIntervalMs: 100, buildConcurrency: 1 });
    cp = t.codepipeline();
    s3 = s3Client(t);
    await s3.send(new CreateBucketCommand({ Bucket: 'sources' }));
  });
  after(async () => {
    s3.destroy();
    await t.close();
    await rm(root, { recursive: true, force: true });
  });

  async function executions(pipelineName: string): Promise<PipelineExecutionSummary[]> {
    return (await cp.send(new ListPipelineExecutionsCommand({ pipelineName }))).pipelineExecutionSummaries ?? [];
  }

  /** A source action's run, once every source action of the execution has ended (they run in parallel). */
  async function sourceRun(pipelineName: string, pipelineExecutionId: string) {
    return waitFor(`the source actions of ${pipelineExecutionId}`, async () => {
      const { actionExecutionDetails = [] } = await cp.send(new ListActionExecutionsCommand({ pipelineName, filter: { pipelineExecutionId } }));
      const sources = actionExecutionDetails.filter((a) => a.stageName === 'Source');
      return sources.length === 0 || sources.some((a) => a.status === 'InProgress') ? undefined : sources.at(-1);
    }, 20_000);
  }

  it('a build from a CODEBUILD_CLONE_REF source sees the full clone: .git, the branch, the commit', async () => {
    const cb = new CodeBuildClient({ endpoint: t.url, region: 'us-east-1', credentials: t.credentials, maxAttempts: 1 });
    const buildspec = [
      'version: 0.2', 'env:', '  exported-variables: [HEAD_COMMIT, HEAD_BRANCH, HAS_GIT, HISTORY]', 'phases:', '  build:', '    commands:',
      '      - export HEAD_COMMIT="$(git rev-parse HEAD)" HEAD_BRANCH="$(git rev-parse --abbrev-ref HEAD)" HISTORY="$(git rev-list --count HEAD)"',
      '      - if [ -d .git ]; then export HAS_GIT=yes; fi',
    ].join('\n');
    await cb.send(new CreateProjectCommand({
      name: 'clone-build', serviceRole: ROLE, source: { type: 'CODEPIPELINE', buildspec }, artifacts: { type: 'CODEPIPELINE' },
      environment: { type: 'LINUX_CONTAINER', image: 'aws/codebuild/standard:7.0', computeType: 'BUILD_GENERAL1_SMALL' },
    }));
    cb.destroy();
    const tip = await repo.commit('Second version', { 'app.txt': 'two' });
    await cp.send(new CreatePipelineCommand({ pipeline: {
      name: 'clone-ref', roleArn: ROLE, artifactStore: STORE,
      stages: [
        { name: 'Source', actions: [{
          name: 'Src', actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeCommit', version: '1' },
          configuration: { RepositoryName: 'app', BranchName: 'main', OutputArtifactFormat: 'CODEBUILD_CLONE_REF', PollForSourceChanges: 'false' },
          outputArtifacts: [{ name: 'Code' }],
        }] },
        { name: 'Build', actions: [{
          name: 'Compile', actionTypeId: { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' },
          configuration: { ProjectName: 'clone-build' }, inputArtifacts: [{ name: 'Code' }],
        }] },
      ],
    } }));
    const [first] = await executions('clone-ref');
    const id = first?.pipelineExecutionId ?? '';
    const execution = await waitFor('the clone-ref execution to end', async () => {
      const { pipelineExecution } = await cp.send(new GetPipelineExecutionCommand({ pipelineName: 'clone-ref', pipelineExecutionId: id }));
      return pipelineExecution?.status === 'InProgress' ? undefined : pipelineExecution;
    }, 60_000);
    const { actionExecutionDetails } = await cp.send(new ListActionExecutionsCommand({ pipelineName: 'clone-ref', filter: { pipelineExecutionId: id } }));
    assert.equal(execution.status, 'Succeeded', JSON.stringify(actionExecutionDetails?.map((a) => a.output?.executionResult)));
    const compile = actionExecutionDetails?.find((a) => a.actionName === 'Compile');
    assert.deepEqual(compile?.output?.outputVariables, { HEAD_COMMIT: tip, HEAD_BRANCH: 'main', HAS_GIT: 'yes', HISTORY: '2' });
    const src = actionExecutionDetails?.find((a) => a.actionName === 'Src');
    assert.equal(src?.output?.outputVariables?.CommitId, tip);
    assert.equal(execution.artifactRevisions?.[0]?.revisionId, tip);
    assert.equal(execution.artifactRevisions?.[0]?.revisionSummary, 'Second version');
  });

  it('each upload starts the pipelines watching that object, pinned to the uploaded version, in upload order', async () => {
    await cp.send(new CreatePipelineCommand({ pipeline: {
      name: 's3-source', roleArn: ROLE, artifactStore: STORE,
      stages: [
        { name: 'Source', actions: [{
          name: 'Bundle', actionTypeId: { category: 'Source', owner: 'AWS', provider: 'S3', version: '1' },
          configuration: { S3Bucket: 'sources', S3ObjectKey: 'app/bundle.zip', PollForSourceChanges: 'false' }, outputArtifacts: [{ name: 'Bundle' }],
        }] },
        APPROVAL,
      ],
    } }));
    // The execution CreatePipeline starts fails: nothing is uploaded yet.
    const [created] = await executions('s3-source');
    const failed = await sourceRun('s3-source', created?.pipelineExecutionId ?? '');
    assert.equal(failed.status, 'Failed');
    assert.match(failed.output?.executionResult?.errorDetails?.message ?? '', /^The object s3:\/\/sources\/app\/bundle\.zip does not exist/);

    const bodies = ['one', 'two'].map((v) => zipSync({ 'version.txt': strToU8(v) }));
    const puts: PutObjectCommandOutput[] = [];
    for (const body of bodies) puts.push(await s3.send(new PutObjectCommand({ Bucket: 'sources', Key: 'app/bundle.zip', Body: body })));
    const versions = puts.map((p) => p.VersionId ?? '');
    assert.ok(versions.every((v) => /^[A-Za-z0-9_-]{32}$/.test(v)) && versions[0] !== versions[1], String(versions));

    const started = await waitFor('two executions started by the uploads', async () => {
      const list = (await executions('s3-source')).filter((e) => e.trigger?.triggerType === 'CloudWatchEvent');
      return list.length === 2 ? list.reverse() : undefined;
    });
    for (const [i, summary] of started.entries()) {
      assert.equal(summary.trigger?.triggerDetail, 'arn:aws:s3:::sources/app/bundle.zip');
      const source = await sourceRun('s3-source', summary.pipelineExecutionId ?? '');
      assert.equal(source.status, 'Succeeded', source.output?.executionResult?.errorDetails?.message);
      assert.deepEqual(source.output?.outputVariables, { ETag: puts[i]?.ETag?.replace(/"/g, ''), VersionId: versions[i], ObjectKey: 'app/bundle.zip' });
      // The first execution reads its own version, although the second upload replaced it.
      const artifact = source.output?.outputArtifacts?.[0]?.s3location;
      const zip = await s3.send(new GetObjectCommand({ Bucket: artifact?.bucket, Key: artifact?.key }));
      assert.equal(strFromU8(unzipSync(await bytesOf(zip.Body))['version.txt'] ?? new Uint8Array()), ['one', 'two'][i]);
    }
    const old = await s3.send(new GetObjectCommand({ Bucket: 'sources', Key: 'app/bundle.zip', VersionId: versions[0] }));
    assert.equal(old.VersionId, versions[0]);
    assert.deepEqual(await bytesOf(old.Body), Buffer.from(bodies[0] ?? []));
    await assert.rejects(s3.send(new GetObjectCommand({ Bucket: 'sources', Key: 'app/bundle.zip', VersionId: 'no-such-version' })), { name: 'NoSuchVersion' });

    // A multipart upload is an upload too: one more execution, pinned to its version.
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'sources', Key: 'app/bundle.zip' }));
    const part = await s3.send(new UploadPartCommand({ Bucket: 'sources', Key: 'app/bundle.zip', UploadId, PartNumber: 1, Body: zipSync({ 'version.txt': strToU8('three') }) }));
    const completed = await s3.send(new CompleteMultipartUploadCommand({
      Bucket: 'sources', Key: 'app/bundle.zip', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
    }));
    assert.ok(completed.VersionId !== undefined && !versions.includes(completed.VersionId));
    const third = await waitFor('the execution started by the multipart upload', async () => {
      const list = (await executions('s3-source')).filter((e) => e.trigger?.triggerType === 'CloudWatchEvent');
      return list.length === 3 ? list[0] : undefined;
    });
    const thirdSource = await sourceRun('s3-source', third.pipelineExecutionId ?? '');
    assert.equal(thirdSource.output?.outputVariables?.VersionId, completed.VersionId);

    const events = (await t.server.runtime.store.outbox.read(0, 10_000)).map((e) => e.event).filter((e) => e['detail-type'] === 'Object Created');
    const details = events.map((e) => e.detail as { bucket: { name: string }; object: { key: string; 'version-id': string; etag: string }; reason: string; requester: string });
    assert.deepEqual(details.filter((d) => d.object.key === 'app/bundle.zip').map((d) => [d.bucket.name, d.object['version-id'], d.object.etag, d.reason, d.requester]),
      [...versions.map((v, i) => ['sources', v, puts[i]?.ETag?.replace(/"/g, ''), 'PutObject', ACCOUNT]),
        ['sources', completed.VersionId, completed.ETag?.replace(/"/g, ''), 'CompleteMultipartUpload', ACCOUNT]]);
    assert.equal(events[0]?.source, 'aws.s3');
    assert.deepEqual(events[0]?.resources, ['arn:aws:s3:::sources']);
  });

  it('polls sources that ask for it and starts once per change: a new commit, a new object version', async () => {
    const initial = await git(repo.gitDir, 'rev-parse', 'refs/heads/main');
    await s3.send(new PutObjectCommand({ Bucket: 'sources', Key: 'polled.zip', Body: zipSync({ 'a.txt': strToU8('a') }) }));
    await cp.send(new CreatePipelineCommand({ pipeline: {
      name: 'polled', roleArn: ROLE, artifactStore: STORE,
      stages: [
        { name: 'Source', actions: [
          { name: 'Code', actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeCommit', version: '1' },
            configuration: { RepositoryName: 'app', BranchName: 'main', PollForSourceChanges: 'true' }, outputArtifacts: [{ name: 'Code' }] },
          { name: 'Bundle', actionTypeId: { category: 'Source', owner: 'AWS', provider: 'S3', version: '1' },
            configuration: { S3Bucket: 'sources', S3ObjectKey: 'polled.zip', PollForSourceChanges: 'true' }, outputArtifacts: [{ name: 'Bundle' }] },
        ] },
        APPROVAL,
      ],
    } }));
    const [created] = await executions('polled');
    assert.equal((await sourceRun('polled', created?.pipelineExecutionId ?? '')).status, 'Succeeded');

    const commit = await repo.commit('Third version', { 'app.txt': 'three' });
    assert.notEqual(commit, initial);
    const byCommit = await waitFor('the poller to start on the new commit', async () => (await executions('polled')).find((e) => e.trigger?.triggerType === 'PollForSourceChanges'));
    const run = await sourceRun('polled', byCommit.pipelineExecutionId ?? '');
    const { pipelineExecution } = await cp.send(new GetPipelineExecutionCommand({ pipelineName: 'polled', pipelineExecutionId: byCommit.pipelineExecutionId }));
    assert.equal(run.status, 'Succeeded');
    assert.equal(pipelineExecution?.artifactRevisions?.find((r) => r.name === 'Code')?.revisionId, commit);
    assert.equal(byCommit.trigger?.triggerDetail, 'Code');

    // An upload to a polled object is left to the poller: it starts one execution for it, not two.
    const put = await s3.send(new PutObjectCommand({ Bucket: 'sources', Key: 'polled.zip', Body: zipSync({ 'a.txt': strToU8('b') }) }));
    const byObject = await waitFor('the poller to start on the new object version', async () => {
      const list = (await executions('polled')).filter((e) => e.trigger?.triggerType === 'PollForSourceChanges');
      return list.length === 2 ? list[0] : undefined;
    });
    assert.equal(byObject.trigger?.triggerDetail, 'Bundle');
    await sourceRun('polled', byObject.pipelineExecutionId ?? '');
    const { pipelineExecution: second } = await cp.send(new GetPipelineExecutionCommand({ pipelineName: 'polled', pipelineExecutionId: byObject.pipelineExecutionId }));
    assert.equal(second?.artifactRevisions?.find((r) => r.name === 'Bundle')?.revisionId, put.VersionId);

    // Nothing changed since: another poll of the same store starts nothing.
    const poller = new SourcePoller({
      pipelines: t.server.runtime.store.pipelines, executions: t.server.runtime.store.executions, starter: t.server.runtime.pipelines,
      repositories: { findRepository: async () => ({ repositoryName: 'app', repositoryId: 'x', arn: 'x', gitDir: repo.gitDir }) },
      objects: makeFsObjectStore({ root: join(t.dataDir, 'artifacts'), stateDir: join(t.dataDir, 'objects') }), logger: silentLogger,
    });
    assert.deepEqual(await poller.pollOnce(), []);
    assert.equal((await executions('polled')).filter((e) => e.trigger?.triggerType !== 'CreatePipeline').length, 2);
  });
});
