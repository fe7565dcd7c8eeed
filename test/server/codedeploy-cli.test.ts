/**
 * Deployments on `sluice server` through the `aws deploy` CLI (awscli 1.x; skipped when it is not
 * installed): an application, a group, a registered host whose scripted agent answers, a
 * deployment from `--s3-location` to success, `aws deploy push`, and CodeDeploy's error types as
 * the CLI shows them.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { AwsCli, awsCliAvailable, waitFor } from '../compat/support.ts';
import { registerHost, type TestAgent } from '../support/deploy-agent.ts';
import { s3Client } from '../support/s3.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const cliAvailable = awsCliAvailable();

describe('aws deploy CLI', { skip: cliAvailable.ok ? false : cliAvailable.reason }, () => {
  let t: TestServer;
  let cli: AwsCli;
  let client: CodeDeployClient;
  let agent: TestAgent | undefined;

  const json = async (args: string[]): Promise<Record<string, unknown>> => {
    const result = await cli.run(['deploy', ...args, '--output', 'json']);
    assert.equal(result.rc, 0, result.stderr);
    return result.stdout.trim() === '' ? {} : JSON.parse(result.stdout) as Record<string, unknown>;
  };

  before(async () => {
    t = await startTestServer({ buildConcurrency: 0, deploy: { pollWaitMs: 2000, orchestratorIntervalMs: 100 } });
    cli = new AwsCli(t.awsEnv());
    client = new CodeDeployClient({ endpoint: t.url, region: 'us-east-1', credentials: t.credentials, maxAttempts: 1 });
    const s3 = s3Client(t);
    await s3.send(new CreateBucketCommand({ Bucket: 'releases' }));
    await s3.send(new PutObjectCommand({ Bucket: 'releases', Key: 'site.zip', Body: 'bundle' }));
    s3.destroy();
  });
  after(async () => {
    const stopping = agent?.stop();
    await cli?.close();
    await t?.close();
    await stopping;
    client?.destroy();
  });

  it('deploys an S3 revision to a tagged host and reports the deployment', async () => {
    await json(['create-application', '--application-name', 'site']);
    const group = await json(['create-deployment-group', '--application-name', 'site', '--deployment-group-name', 'prod',
      '--service-role-arn', 'arn:aws:iam::000000000000:role/deployer', '--deployment-config-name', 'CodeDeployDefault.AllAtOnce',
      '--on-premises-instance-tag-filters', 'Key=env,Value=prod,Type=KEY_AND_VALUE']);
    assert.match(String(group.deploymentGroupId), /^[0-9a-f-]{36}$/);
    agent = await registerHost(t, client, 'site-1', [{ Key: 'env', Value: 'prod' }]);
    agent.start();
    const listed = await json(['list-on-premises-instances', '--registration-status', 'Registered']);
    assert.deepEqual(listed.instanceNames, ['site-1']);
    const { deploymentId } = await json(['create-deployment', '--application-name', 'site', '--deployment-group-name', 'prod',
      '--s3-location', 'bucket=releases,key=site.zip,bundleType=zip', '--description', 'from the CLI']) as { deploymentId: string };
    const info = await waitFor('the deployment to succeed', async () => {
      const { deploymentInfo } = await json(['get-deployment', '--deployment-id', deploymentId]) as { deploymentInfo: { status: string; deploymentOverview: object } };
      return deploymentInfo.status === 'Succeeded' ? deploymentInfo : undefined;
    }, 20_000, 200);
    assert.deepEqual(info.deploymentOverview, { Pending: 0, InProgress: 0, Succeeded: 1, Failed: 0, Skipped: 0, Ready: 0 });
    const targets = await json(['list-deployment-targets', '--deployment-id', deploymentId]);
    assert.deepEqual(targets.targetIds, ['site-1']);
    const stopped = await cli.run(['deploy', 'stop-deployment', '--deployment-id', deploymentId]);
    assert.notEqual(stopped.rc, 0);
    assert.match(stopped.stderr, /\(DeploymentAlreadyCompletedException\)/);
  });

  it('pushes a directory as a revision with `aws deploy push` and reads it back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sluice-push-'));
    try {
      await writeFile(join(dir, 'appspec.yml'), 'version: 0.0\nos: linux\n');
      await json(['create-application', '--application-name', 'pushed']);
      // `push` is a customization (zip, upload, register) the in-process CLI runner does not drive: run the executable.
      const pushed = await cli.spawnOne(['deploy', 'push', '--application-name', 'pushed', '--s3-location', 's3://releases/pushed.zip', '--source', dir]);
      assert.equal(pushed.rc, 0, pushed.stderr);
      const revisions = await json(['list-application-revisions', '--application-name', 'pushed']) as { revisions: { s3Location: { key: string; eTag?: string } }[] };
      assert.equal(revisions.revisions[0]?.s3Location.key, 'pushed.zip');
      assert.match(revisions.revisions[0]?.s3Location.eTag ?? '', /^[0-9a-f]{32}$/, 'push registers the uploaded object\'s ETag');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('lists the built-in configs and names a missing application', async () => {
    const configs = await json(['list-deployment-configs']);
    assert.ok((configs.deploymentConfigsList as string[]).includes('CodeDeployDefault.OneAtATime'));
    const missing = await cli.run(['deploy', 'get-application', '--application-name', 'nope']);
    assert.notEqual(missing.rc, 0);
    assert.match(missing.stderr, /\(ApplicationDoesNotExistException\).*No application found for name: nope/);
  });
});
