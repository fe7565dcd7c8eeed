/**
 * S3 sources through the `aws` CLI (awscli 1.x; skipped when it is not installed): `aws s3api
 * put-object` answers with the object's VersionId, `get-object --version-id` reads a replaced
 * version back, and `aws codepipeline start-pipeline-execution --source-revisions` pins an
 * execution to an older version than the latest.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { strToU8, strFromU8, unzipSync, zipSync } from 'fflate';
import { AwsCli, awsCliAvailable, waitFor } from '../compat/support.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const ROLE = 'arn:aws:iam::000000000000:role/pipeline';
const cliAvailable = awsCliAvailable();

describe('S3 sources with the aws CLI', { skip: cliAvailable.ok ? false : cliAvailable.reason }, () => {
  let t: TestServer;
  let cli: AwsCli;
  let dir: string;
  before(async () => {
    t = await startTestServer({ buildConcurrency: 0 });
    cli = new AwsCli(t.awsEnv());
    dir = await mkdtemp(join(tmpdir(), 'sluice-s3-source-cli-'));
  });
  after(async () => {
    await cli?.close();
    await t?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function aws(...args: string[]): Promise<Record<string, unknown>> {
    const result = await cli.run([...args, '--output', 'json']);
    assert.equal(result.rc, 0, result.stderr);
    return result.stdout.trim() ? JSON.parse(result.stdout) as Record<string, unknown> : {};
  }

  async function upload(version: string): Promise<string> {
    const file = join(dir, `${version}.zip`);
    await writeFile(file, zipSync({ 'version.txt': strToU8(version) }));
    const put = await aws('s3api', 'put-object', '--bucket', 'cli-sources', '--key', 'app.zip', '--body', file);
    assert.match(String(put.VersionId), /^[A-Za-z0-9_-]{32}$/);
    return String(put.VersionId);
  }

  it('pins a started execution to an older object version', async () => {
    await aws('s3api', 'create-bucket', '--bucket', 'cli-sources');
    const pipeline = {
      name: 'cli-s3', roleArn: ROLE, artifactStore: { type: 'S3', location: 'cli-artifacts' },
      stages: [
        { name: 'Source', actions: [{ name: 'Bundle', actionTypeId: { category: 'Source', owner: 'AWS', provider: 'S3', version: '1' },
          configuration: { S3Bucket: 'cli-sources', S3ObjectKey: 'app.zip', PollForSourceChanges: 'false' }, outputArtifacts: [{ name: 'Bundle' }] }] },
        { name: 'Approve', actions: [{ name: 'Ship', actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' } }] },
      ],
    };
    await aws('codepipeline', 'create-pipeline', '--pipeline', JSON.stringify(pipeline));
    const first = await upload('one');
    await upload('two');

    const old = join(dir, 'old.zip');
    const got = await aws('s3api', 'get-object', '--bucket', 'cli-sources', '--key', 'app.zip', '--version-id', first, old);
    assert.equal(got.VersionId, first);
    assert.equal(strFromU8(unzipSync(await readFile(old))['version.txt'] ?? new Uint8Array()), 'one');

    const started = await aws('codepipeline', 'start-pipeline-execution', '--name', 'cli-s3',
      '--source-revisions', `actionName=Bundle,revisionType=S3_OBJECT_VERSION_ID,revisionValue=${first}`);
    const id = String(started.pipelineExecutionId);
    const source = await waitFor('the pinned source action', async () => {
      const listed = await aws('codepipeline', 'list-action-executions', '--pipeline-name', 'cli-s3', '--filter', `pipelineExecutionId=${id}`);
      const details = listed.actionExecutionDetails as { actionName: string; status: string; output?: { outputVariables?: Record<string, string> } }[];
      const bundle = details.find((d) => d.actionName === 'Bundle');
      return bundle?.status === 'InProgress' ? undefined : bundle;
    }, 20_000);
    assert.equal(source.status, 'Succeeded');
    assert.equal(source.output?.outputVariables?.VersionId, first);
  });
});
