/**
 * The CodeCommit API of `sluice server` through the `aws codecommit` CLI (awscli 1.x; skipped when
 * it is not installed): a repository made, filled with put-file, read back with get-file,
 * get-folder and get-differences, branched, renamed and deleted, with the JSON the CLI prints and
 * its exit code (255) for a service error. The SDK tests are in codecommit.test.ts.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AwsCli, awsCliAvailable } from '../compat/support.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const cliAvailable = awsCliAvailable();

describe('aws codecommit CLI', { skip: cliAvailable.ok ? false : cliAvailable.reason }, () => {
  let t: TestServer;
  let cli: AwsCli;
  let dir: string;
  before(async () => {
    t = await startTestServer();
    cli = new AwsCli(t.awsEnv());
    dir = await mkdtemp(join(tmpdir(), 'sluice-cc-cli-'));
  });
  after(async () => {
    await cli?.close();
    await t?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Runs `aws codecommit <args>`; returns its parsed JSON output, or the error code it exited with. */
  async function aws(...args: string[]): Promise<{ rc: number; json: Record<string, unknown>; error?: string }> {
    const result = await cli.run(['codecommit', ...args, '--output', 'json']);
    const error = /An error occurred \((\w+)\)/.exec(result.stderr)?.[1];
    return { rc: result.rc, json: result.stdout.trim() ? JSON.parse(result.stdout) as Record<string, unknown> : {}, ...(error !== undefined && { error }) };
  }
  async function contentFile(name: string, content: string): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, content);
    return `fileb://${path}`;
  }

  it('manages a repository, its files and branches end to end', async () => {
    const created = await aws('create-repository', '--repository-name', 'cli-repo', '--repository-description', 'from the CLI', '--tags', 'team=a');
    assert.equal(created.rc, 0);
    const metadata = created.json.repositoryMetadata as Record<string, string>;
    assert.deepEqual([metadata.repositoryName, metadata.cloneUrlHttp, metadata.Arn], ['cli-repo', `${t.url}/v1/repos/cli-repo`, 'arn:aws:codecommit:us-east-1:000000000000:cli-repo']);

    const first = await aws('put-file', '--repository-name', 'cli-repo', '--branch-name', 'main', '--file-path', 'app/run.sh',
      '--file-content', await contentFile('run.sh', 'echo hi\n'), '--file-mode', 'EXECUTABLE', '--commit-message', 'add run.sh', '--name', 'Ci', '--email', 'ci@example.com');
    assert.equal(first.rc, 0);
    const commitId = first.json.commitId as string;
    const stale = await aws('put-file', '--repository-name', 'cli-repo', '--branch-name', 'main', '--file-path', 'x', '--file-content', await contentFile('x', 'x'));
    assert.deepEqual([stale.rc, stale.error], [255, 'ParentCommitIdRequiredException']);

    const file = await aws('get-file', '--repository-name', 'cli-repo', '--file-path', 'app/run.sh');
    assert.deepEqual([Buffer.from(file.json.fileContent as string, 'base64').toString(), file.json.fileMode, file.json.commitId], ['echo hi\n', 'EXECUTABLE', commitId]);
    const folder = await aws('get-folder', '--repository-name', 'cli-repo', '--folder-path', 'app');
    assert.deepEqual((folder.json.files as { absolutePath: string }[]).map((f) => f.absolutePath), ['app/run.sh']);
    const differences = await aws('get-differences', '--repository-name', 'cli-repo', '--after-commit-specifier', commitId);
    assert.deepEqual((differences.json.differences as { changeType: string }[]).map((d) => d.changeType), ['A']);
    const commit = await aws('get-commit', '--repository-name', 'cli-repo', '--commit-id', commitId);
    assert.equal((commit.json.commit as { message: string }).message, 'add run.sh');

    assert.equal((await aws('create-branch', '--repository-name', 'cli-repo', '--branch-name', 'release', '--commit-id', commitId)).rc, 0);
    assert.deepEqual((await aws('list-branches', '--repository-name', 'cli-repo')).json.branches, ['main', 'release']);
    assert.deepEqual((await aws('get-branch', '--repository-name', 'cli-repo', '--branch-name', 'release')).json.branch, { branchName: 'release', commitId });
    assert.deepEqual((await aws('delete-branch', '--repository-name', 'cli-repo', '--branch-name', 'release')).json.deletedBranch, { branchName: 'release', commitId });

    assert.equal((await aws('update-repository-name', '--old-name', 'cli-repo', '--new-name', 'cli-renamed')).rc, 0);
    const listed = await aws('list-repositories', '--sort-by', 'repositoryName', '--order', 'ascending');
    assert.deepEqual((listed.json.repositories as { repositoryName: string }[]).map((r) => r.repositoryName), ['cli-renamed']);
    const missing = await aws('get-repository', '--repository-name', 'cli-repo');
    assert.deepEqual([missing.rc, missing.error], [255, 'RepositoryDoesNotExistException']);
    const deleted = await aws('delete-repository', '--repository-name', 'cli-renamed');
    assert.equal(deleted.json.repositoryId, metadata.repositoryId);
  });

  it('stores triggers and tags given on the command line', async () => {
    await aws('create-repository', '--repository-name', 'cli-triggers');
    const put = await aws('put-repository-triggers', '--repository-name', 'cli-triggers', '--triggers',
      'name=notify,destinationArn=arn:aws:sns:us-east-1:123456789012:topic,branches=main,events=all');
    assert.equal(put.rc, 0);
    const got = await aws('get-repository-triggers', '--repository-name', 'cli-triggers');
    assert.deepEqual([got.json.configurationId, (got.json.triggers as { name: string }[]).map((tr) => tr.name)], [put.json.configurationId, ['notify']]);
    const arn = 'arn:aws:codecommit:us-east-1:000000000000:cli-triggers';
    assert.equal((await aws('tag-resource', '--resource-arn', arn, '--tags', 'env=prod')).rc, 0);
    assert.deepEqual((await aws('list-tags-for-resource', '--resource-arn', arn)).json.tags, { env: 'prod' });
  });
});
