/**
 * The git source actions with real bare repositories and the real file artifact store: the zip of
 * the branch tip or of a pinned commit, failures that name what is missing, the output variables
 * each provider reports, and the clone reference a CodeBuild action turns into a full clone.
 */
import assert from 'node:assert/strict';
import { lstat, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { makeFsArtifactStore } from '../../src/artifacts/fs-store.ts';
import { makeFsObjectStore } from '../../src/artifacts/objects/fs-objects.ts';
import type { JobData } from '../../src/engine/commands.ts';
import { SluiceError } from '../../src/model/errors.ts';
import { makeGitSourceProvider } from '../../src/providers/git-source.ts';
import { makeLocalSourceProvider } from '../../src/providers/local-source.ts';
import { isActionFailure, type ActionContext, type ActionProvider } from '../../src/providers/provider.ts';
import { CLONE_REF_FILE, cloneInto, cloneRefJson, cloneRefKeyOf, readCloneRef } from '../../src/services/clone-ref.ts';

const KEY = cloneRefKeyOf(Buffer.alloc(32, 1));
import type { ConnectionRepositories } from '../../src/services/connection-repository.ts';
import { git, makeBareRepository, type BareRepository } from './git-fixture.ts';

const CONNECTION = 'arn:aws:codestar-connections:us-east-1:000000000000:connection/4b7c1f0e-2d5a-4c1b-9e8f-0a1b2c3d4e5f';

describe('git source actions', () => {
  let root: string;
  let repo: BareRepository;
  let first: string;
  let second: string;
  let provider: ActionProvider;
  const artifacts = () => makeFsArtifactStore(join(root, 'artifacts'));
  const output = (key: string) => ({ name: 'Src', location: { type: 'S3' as const, s3Location: { bucketName: 'pipeline-store', objectKey: key } } });

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'sluice-git-source-'));
    repo = await makeBareRepository(root, 'app');
    first = await repo.commit('Add the app\n\nWith a longer body.', { 'README.md': 'v1', 'bin/run.sh': { exec: '#!/bin/sh\necho run\n' } });
    second = await repo.commit('Link the readme', { 'README.md': 'v2', 'docs/readme': { link: '../README.md' } });
    await repo.commit('Start a feature', { 'feature.txt': 'f' }, 'feature/x');
    const connections: ConnectionRepositories = {
      async fetch(arn, fullRepositoryId) {
        if (arn !== CONNECTION) throw new SluiceError('ResourceNotFoundException', `Connection ${arn} not found`);
        return Object.assign({ gitDir: repo.gitDir }, fullRepositoryId === 'octo/app' ? { providerType: 'GitHub' } : {});
      },
    };
    provider = makeGitSourceProvider({
      findRepository: async (name) => (name === 'app' ? { repositoryName: 'app', repositoryId: 'id-1', arn: 'arn:aws:codecommit:us-east-1:000000000000:app', gitDir: repo.gitDir } : undefined),
      connections, cloneRefKey: KEY,
      objects: makeFsObjectStore({ root: join(root, 'artifacts'), stateDir: join(root, 'objects') }),
    });
  });
  after(() => rm(root, { recursive: true, force: true }));

  function context(provider_: string, configuration: Record<string, string>, over: Partial<JobData> = {}): ActionContext & { lines: string[] } {
    const lines: string[] = [];
    let work: string | undefined;
    return {
      jobId: 'job-1', attempt: 1, signal: new AbortController().signal, artifacts: artifacts(), lines,
      workDir: async () => (work ??= await mkdtemp(join(root, 'work-'))),
      log: (line) => { lines.push(line); },
      data: {
        actionTypeId: { category: 'Source', owner: 'AWS', provider: provider_, version: '1' },
        actionConfiguration: { configuration },
        pipelineContext: {
          pipelineName: 'app', stage: { name: 'Source' }, action: { name: 'Src', actionExecutionId: 'ae-1' },
          pipelineArn: 'arn:aws:codepipeline:us-east-1:000000000000:app', pipelineExecutionId: 'exec-1',
        },
        inputArtifacts: [], outputArtifacts: [output('src.zip')], ...over,
      },
    };
  }

  async function unpacked(key: string): Promise<string> {
    const dir = await mkdtemp(join(root, 'out-'));
    await artifacts().extractTo({ bucket: 'pipeline-store', key }, dir);
    return dir;
  }

  async function failure(promise: Promise<unknown>): Promise<{ message: string; failureType: string }> {
    const e = await promise.then(() => undefined, (err: unknown) => err);
    assert.ok(isActionFailure(e), `expected an ActionFailure, got ${String(e)}`);
    return e;
  }

  it('zips the branch tip (executables stay executable, symbolic links are left out) and reports CodeCommit variables', async () => {
    const ctx = context('CodeCommit', { RepositoryName: 'app', BranchName: 'main' });
    const result = await provider.run(ctx);
    const dir = await unpacked('src.zip');
    assert.deepEqual((await readdir(dir, { recursive: true })).sort(), ['README.md', 'bin', 'bin/run.sh']);
    assert.equal(await readFile(join(dir, 'README.md'), 'utf8'), 'v2');
    assert.equal((await stat(join(dir, 'bin/run.sh'))).mode & 0o111, 0o111);
    const commitDate = await git(repo.gitDir, 'log', '-1', '--format=%cI', second);
    assert.deepEqual(Object.keys(result.outputVariables ?? {}).sort(), ['AuthorDate', 'BranchName', 'CommitId', 'CommitMessage', 'CommitterDate', 'RepositoryName']);
    assert.equal(result.outputVariables?.CommitId, second);
    assert.equal(result.outputVariables?.CommitMessage, 'Link the readme');
    assert.equal(result.outputVariables?.CommitterDate, commitDate);
    assert.equal(result.outputVariables?.BranchName, 'main');
    assert.equal(result.outputVariables?.RepositoryName, 'app');
    assert.deepEqual(result.currentRevision, { revision: second, changeIdentifier: second, revisionSummary: 'Link the readme' });
    assert.equal(result.externalExecutionId, second);
  });

  it('fetches the pinned commit, by full or abbreviated id, with its whole message', async () => {
    for (const value of [first, first.slice(0, 10)]) {
      const result = await provider.run(context('CodeCommit', { RepositoryName: 'app', BranchName: 'main' }, {
        sourceRevision: { revisionType: 'COMMIT_ID', revisionValue: value }, outputArtifacts: [output('pinned.zip')],
      }));
      const dir = await unpacked('pinned.zip');
      assert.equal(await readFile(join(dir, 'README.md'), 'utf8'), 'v1');
      assert.equal(result.outputVariables?.CommitId, first);
      assert.equal(result.outputVariables?.CommitMessage, 'Add the app\n\nWith a longer body.');
      assert.equal(result.currentRevision?.revisionSummary, 'Add the app');
    }
  });

  it('fails naming the commit when the pinned one is not in the repository, and never hands odd text to git', async () => {
    for (const value of ['0123456789abcdef0123456789abcdef01234567', '--output=/tmp/x', 'HEAD~1']) {
      const e = await failure(provider.run(context('CodeCommit', { RepositoryName: 'app', BranchName: 'main' }, {
        sourceRevision: { revisionType: 'COMMIT_ID', revisionValue: value },
      })));
      assert.equal(e.message, `The commit ${value} does not exist in repository app`);
      assert.equal(e.failureType, 'RevisionUnavailable');
    }
    const wrongType = await failure(provider.run(context('CodeCommit', { RepositoryName: 'app', BranchName: 'main' }, {
      sourceRevision: { revisionType: 'S3_OBJECT_VERSION_ID', revisionValue: 'v1' },
    })));
    assert.match(wrongType.message, /takes a COMMIT_ID revision, not S3_OBJECT_VERSION_ID/);
  });

  it('fails naming the branch or repository that does not exist', async () => {
    for (const name of ['release', 'main~1', 'mai*', 'HEAD']) {
      const branch = await failure(provider.run(context('CodeCommit', { RepositoryName: 'app', BranchName: name })));
      assert.equal(branch.message, `The branch ${name} does not exist in repository app`);
      assert.equal(branch.failureType, 'ConfigurationError');
    }
    const repository = await failure(provider.run(context('CodeCommit', { RepositoryName: 'nope', BranchName: 'main' })));
    assert.match(repository.message, /^The repository nope does not exist/);
    const connection = await failure(provider.run(context('CodeStarSourceConnection', {
      ConnectionArn: `${CONNECTION}0`, FullRepositoryId: 'octo/app', BranchName: 'main',
    })));
    assert.match(connection.message, /^Could not fetch octo\/app through connection .*0: Connection .* not found$/);
    assert.equal(connection.failureType, 'ConfigurationError');
  });

  it('reports the connection variables and a JSON revision summary for a connection source', async () => {
    const result = await provider.run(context('CodeStarSourceConnection', { ConnectionArn: CONNECTION, FullRepositoryId: 'octo/app', BranchName: 'feature/x' }));
    const vars = result.outputVariables ?? {};
    assert.deepEqual(Object.keys(vars).sort(), ['AuthorDate', 'BranchName', 'CommitId', 'CommitMessage', 'ConnectionArn', 'FullRepositoryName', 'ProviderType']);
    assert.equal(vars.BranchName, 'feature/x');
    assert.equal(vars.ConnectionArn, CONNECTION);
    assert.equal(vars.FullRepositoryName, 'octo/app');
    assert.equal(vars.ProviderType, 'GitHub');
    assert.equal(result.currentRevision?.revisionSummary, JSON.stringify({ ProviderType: 'GitHub', CommitMessage: 'Start a feature' }));
    const dir = await unpacked('src.zip');
    assert.equal(await readFile(join(dir, 'feature.txt'), 'utf8'), 'f');
  });

  it('writes a clone reference that becomes a full clone, branch checked out at the commit', async () => {
    const result = await provider.run(context('CodeCommit', { RepositoryName: 'app', BranchName: 'main', OutputArtifactFormat: 'CODEBUILD_CLONE_REF' }, {
      sourceRevision: { revisionType: 'COMMIT_ID', revisionValue: first }, outputArtifacts: [output('ref.zip')],
    }));
    assert.equal(result.outputVariables?.CommitId, first);
    const dir = await unpacked('ref.zip');
    assert.deepEqual(await readdir(dir), [CLONE_REF_FILE]);
    const written = JSON.parse(await readFile(join(dir, CLONE_REF_FILE), 'utf8')) as Record<string, unknown>;
    assert.deepEqual({ ...written, signature: undefined }, {
      sluiceCloneRef: 1, provider: 'CodeCommit', repositoryName: 'app', branchName: 'main', commitId: first, signature: undefined,
    });
    assert.match(String(written.signature), /^[0-9a-f]{64}$/);
    assert.equal(await readCloneRef(dir, cloneRefKeyOf(Buffer.alloc(32, 2))), undefined, 'another server\'s key does not verify');
    const ref = await readCloneRef(dir, KEY);
    assert.ok(ref);
    await cloneInto({ findRepository: async () => ({ repositoryName: 'app', repositoryId: 'id-1', arn: 'arn', gitDir: repo.gitDir }) }, ref, dir);
    assert.equal(await git(dir, 'rev-parse', 'HEAD'), first);
    assert.equal(await git(dir, 'rev-parse', '--abbrev-ref', 'HEAD'), 'main');
    assert.equal(await git(dir, 'status', '--porcelain'), '');
    assert.equal(await git(dir, 'remote'), '');
    assert.equal(await readFile(join(dir, 'README.md'), 'utf8'), 'v1');
    assert.ok((await lstat(join(dir, '.git'))).isDirectory());
  });

  it('honours only clone references it signed, naming a real commit and a plain branch', async () => {
    const dir = await mkdtemp(join(root, 'forged-'));
    const write = (value: object) => writeFile(join(dir, CLONE_REF_FILE), JSON.stringify(value));
    const ref = { provider: 'CodeCommit' as const, repositoryName: 'app', branchName: 'main', commitId: first };
    await write({ sluiceCloneRef: 1, ...ref });
    assert.equal(await readCloneRef(dir, KEY), undefined, 'unsigned');
    await write({ ...JSON.parse(cloneRefJson(ref, KEY)) as object, repositoryName: 'secret-repo' });
    assert.equal(await readCloneRef(dir, KEY), undefined, 'signed for another repository');
    for (const bad of [{ ...ref, commitId: '--output=/tmp/x' }, { ...ref, branchName: '-f' }, { ...ref, branchName: 'a..b' }]) {
      await writeFile(join(dir, CLONE_REF_FILE), cloneRefJson(bad, KEY));
      assert.equal(await readCloneRef(dir, KEY), undefined, JSON.stringify(bad));
    }
    await writeFile(join(dir, CLONE_REF_FILE), cloneRefJson(ref, KEY));
    assert.deepEqual(await readCloneRef(dir, KEY), ref);
    assert.equal(await readCloneRef(dir, undefined), undefined, 'no key, no clone');
  });

  it('a local working copy reports the same commit variables (shared reading)', async () => {
    const work = join(root, 'app-work');
    const local = makeLocalSourceProvider([{ category: 'Source', owner: 'AWS', provider: 'CodeCommit', version: '1' }], { Src: work });
    const result = await local.run(context('CodeCommit', { RepositoryName: 'app', BranchName: 'main' }, { outputArtifacts: [output('local.zip')] }));
    const head = await git(work, 'rev-parse', 'HEAD');
    assert.equal(result.outputVariables?.CommitId, head);
    assert.equal(result.outputVariables?.CommitMessage, 'Start a feature');
    assert.equal(result.currentRevision?.revision, head);
  });
});
