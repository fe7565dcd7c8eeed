/**
 * Deployments survive a server restart: all state is in the database, so a deployment started
 * before the restart goes on afterwards — the command an agent was running is still its own to
 * complete, and the next host gets its events from the new process. A draining server answers
 * waiting polls at once instead of holding its shutdown for them.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CodeDeployClient, CreateApplicationCommand, CreateDeploymentCommand, CreateDeploymentGroupCommand, GetDeploymentCommand } from '@aws-sdk/client-codedeploy';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { waitFor } from '../compat/support.ts';
import { registerHost, type TestAgent } from '../support/deploy-agent.ts';
import { s3Client } from '../support/s3.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const OPTIONS = { deploy: { pollWaitMs: 2000, orchestratorIntervalMs: 100 } };

describe('deployments across a restart', () => {
  let dataDir = '';
  const servers: TestServer[] = [];
  const agents: TestAgent[] = [];
  after(async () => {
    const stopping = agents.map((a) => a.stop());
    for (const server of servers) await server.close();
    await Promise.all(stopping);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('resumes a deployment where the last committed step left it', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sluice-deploy-restart-'));
    const first = await startTestServer({ dataDir, ...OPTIONS });
    servers.push(first);
    const client = new CodeDeployClient({ endpoint: first.url, region: 'us-east-1', credentials: first.credentials, maxAttempts: 1 });
    const s3 = s3Client(first);
    await s3.send(new CreateBucketCommand({ Bucket: 'releases' }));
    await s3.send(new PutObjectCommand({ Bucket: 'releases', Key: 'app.zip', Body: 'bundle' }));
    s3.destroy();
    await client.send(new CreateApplicationCommand({ applicationName: 'app' }));
    await client.send(new CreateDeploymentGroupCommand({ applicationName: 'app', deploymentGroupName: 'prod', serviceRoleArn: 'arn:aws:iam::000000000000:role/d',
      onPremisesInstanceTagFilters: [{ Key: 'app', Value: 'yes', Type: 'KEY_AND_VALUE' }] }));
    const a = await registerHost(first, client, 'r-1', [{ Key: 'app', Value: 'yes' }]);
    const b = await registerHost(first, client, 'r-2', [{ Key: 'app', Value: 'yes' }]);
    const { deploymentId } = await client.send(new CreateDeploymentCommand({ applicationName: 'app', deploymentGroupName: 'prod',
      revision: { revisionType: 'S3', s3Location: { bucket: 'releases', key: 'app.zip', bundleType: 'zip' } } }));
    client.destroy();
    // The first host takes its first event; the server goes down before it is completed.
    const command = await waitFor('the first command', () => a.poll());
    await a.call('PutHostCommandAcknowledgement', { HostCommandIdentifier: command.HostCommandIdentifier });
    await first.close();
    servers.pop();

    const second = await startTestServer({ dataDir, ...OPTIONS });
    servers.push(second);
    const [a2, b2] = [a.at(second.url), b.at(second.url)];
    agents.push(a2, b2);
    await a2.call('PutHostCommandComplete', { HostCommandIdentifier: command.HostCommandIdentifier, CommandStatus: 'Succeeded' });
    a2.start();
    b2.start();
    const after = new CodeDeployClient({ endpoint: second.url, region: 'us-east-1', credentials: second.credentials, maxAttempts: 1 });
    const info = await waitFor('the deployment to end', async () => {
      const { deploymentInfo } = await after.send(new GetDeploymentCommand({ deploymentId }));
      return ['Succeeded', 'Failed', 'Stopped'].includes(deploymentInfo?.status ?? '') ? deploymentInfo : undefined;
    }, 20_000);
    after.destroy();
    assert.equal(info.status, 'Succeeded');
    assert.equal(a2.ran.length, 6, 'the first host ran its six remaining events after the restart, none twice');
    assert.equal(b2.ran.length, 7);
  });

  it('a waiting poll ends promptly when the server drains', async () => {
    let waiting: () => void = () => undefined;
    const isWaiting = new Promise<void>((resolve) => { waiting = resolve; });
    const t = await startTestServer({ deploy: { pollWaitMs: 15_000, onPollWaiting: () => waiting() } });
    servers.push(t);
    const client = new CodeDeployClient({ endpoint: t.url, region: 'us-east-1', credentials: t.credentials, maxAttempts: 1 });
    const agent = await registerHost(t, client, 'drain-1', [{ Key: 'app', Value: 'drain' }]);
    client.destroy();
    const polled = agent.poll();
    await isWaiting;
    const started = Date.now();
    await t.close();
    servers.pop();
    assert.equal(await polled, undefined, 'the poll was answered, with no command');
    assert.ok(Date.now() - started < 5000, `closed in ${Date.now() - started} ms, not after the 15 s wait`);
  });
});
