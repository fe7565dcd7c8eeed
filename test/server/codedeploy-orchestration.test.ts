/**
 * Deployments end to end on a real server: scripted agents speak the host-command protocol with
 * their own IAM users, the orchestrator hands out lifecycle events host by host per the batching
 * rule, a failed ValidateService fails the deployment and rolls back to the last good revision,
 * a silent agent loses its command at the lease, StopDeployment stops, traffic events go to the
 * server's traffic control, and agents may only act for their own instance.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  BatchGetDeploymentTargetsCommand, CodeDeployClient, CreateApplicationCommand, CreateDeploymentCommand, CreateDeploymentConfigCommand,
  CreateDeploymentGroupCommand, GetDeploymentCommand, GetDeploymentGroupCommand, GetDeploymentTargetCommand, ListDeploymentInstancesCommand,
  ListDeploymentsCommand, ListDeploymentTargetsCommand, StopDeploymentCommand, type DeploymentInfo,
} from '@aws-sdk/client-codedeploy';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { inPlaceEvents } from '../../src/model/deploy/lifecycle.ts';
import type { TrafficOutcome, TrafficRequest } from '../../src/model/deploy/traffic.ts';
import { waitFor } from '../compat/support.ts';
import { registerHost, type CommandError, type TestAgent } from '../support/deploy-agent.ts';
import { s3Client } from '../support/s3.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const ROLE = 'arn:aws:iam::000000000000:role/deployer';
const revision = (key: string) => ({ revisionType: 'S3' as const, s3Location: { bucket: 'releases', key, bundleType: 'zip' as const } });

describe('deployments with agents', () => {
  let t: TestServer;
  let client: CodeDeployClient;
  const agents: TestAgent[] = [];
  const trafficCalls: string[] = [];

  async function ended(deploymentId: string | undefined): Promise<DeploymentInfo> {
    return waitFor(`deployment ${deploymentId} to end`, async () => {
      const { deploymentInfo } = await client.send(new GetDeploymentCommand({ deploymentId }));
      return ['Succeeded', 'Failed', 'Stopped'].includes(deploymentInfo?.status ?? '') ? deploymentInfo : undefined;
    }, 20_000);
  }

  /** An application with a group over hosts tagged `fleet=<fleet>`, and one agent per host. */
  async function fleet(name: string, hosts: number, config: string, autoRollback = false, targetGroup?: string): Promise<TestAgent[]> {
    await client.send(new CreateApplicationCommand({ applicationName: name }));
    await client.send(new CreateDeploymentGroupCommand({
      applicationName: name, deploymentGroupName: 'prod', serviceRoleArn: ROLE, deploymentConfigName: config,
      onPremisesInstanceTagFilters: [{ Key: 'fleet', Value: name, Type: 'KEY_AND_VALUE' }],
      ...(autoRollback && { autoRollbackConfiguration: { enabled: true, events: ['DEPLOYMENT_FAILURE'] } }),
      ...(targetGroup !== undefined && {
        deploymentStyle: { deploymentType: 'IN_PLACE', deploymentOption: 'WITH_TRAFFIC_CONTROL' }, loadBalancerInfo: { targetGroupInfoList: [{ name: targetGroup }] },
      }),
    }));
    const made: TestAgent[] = [];
    for (let i = 1; i <= hosts; i++) made.push(await registerHost(t, client, `${name}-${i}`, [{ Key: 'fleet', Value: name }]));
    agents.push(...made);
    return made;
  }

  before(async () => {
    // Traffic control stands in for the load balancer: it records each request and refuses to let traffic back to `lb-2`.
    const traffic = {
      apply: async (request: TrafficRequest): Promise<TrafficOutcome> => {
        trafficCalls.push(`${request.instanceName}:${request.eventName}:${request.targetGroups.join(',')}`);
        return request.instanceName === 'lb-2' && request.eventName === 'AllowTraffic' ? { status: 'Failed', message: 'target lb-2 is unhealthy in web-tg' } : { status: 'Succeeded' };
      },
    };
    t = await startTestServer({ deploy: { pollWaitMs: 5000, hostCommandLeaseMs: 1500, orchestratorIntervalMs: 100, traffic } });
    client = new CodeDeployClient({ endpoint: t.url, region: 'us-east-1', credentials: t.credentials, maxAttempts: 1 });
    const s3 = s3Client(t);
    await s3.send(new CreateBucketCommand({ Bucket: 'releases' }));
    for (const key of ['v1.zip', 'v2.zip']) await s3.send(new PutObjectCommand({ Bucket: 'releases', Key: key, Body: `bundle ${key}` }));
    s3.destroy();
  });
  after(async () => {
    const stopping = agents.map((a) => a.stop());
    await t.close(); // drains: waiting polls answer at once
    await Promise.all(stopping);
    client.destroy();
  });

  it('OneAtATime: each host gets every lifecycle event in order, one host at a time, and the group records the success', async () => {
    const [a, b] = await fleet('one', 2, 'CodeDeployDefault.OneAtATime');
    assert.ok(a && b);
    a.start();
    b.start();
    const { deploymentId } = await client.send(new CreateDeploymentCommand({ applicationName: 'one', deploymentGroupName: 'prod', revision: revision('v1.zip') }));
    const info = await ended(deploymentId);
    assert.equal(info.status, 'Succeeded');
    assert.deepEqual(info.deploymentOverview, { Pending: 0, InProgress: 0, Succeeded: 2, Failed: 0, Skipped: 0, Ready: 0 });
    const events = inPlaceEvents(false);
    assert.deepEqual(a.ran, events.map((e) => `${deploymentId}:${e}`));
    assert.deepEqual(b.ran, events.map((e) => `${deploymentId}:${e}`));
    const { deploymentTarget } = await client.send(new GetDeploymentTargetCommand({ deploymentId, targetId: 'one-1' }));
    const target = deploymentTarget?.instanceTarget;
    assert.equal(target?.status, 'Succeeded');
    assert.deepEqual(target?.lifecycleEvents?.map((e) => [e.lifecycleEventName, e.status]), events.map((e) => [e, 'Succeeded']));
    // One at a time: the second host started after the first host's last event ended.
    const { deploymentTargets } = await client.send(new BatchGetDeploymentTargetsCommand({ deploymentId, targetIds: ['one-1', 'one-2'] }));
    const [first, second] = [...deploymentTargets ?? []].map((x) => x.instanceTarget?.lifecycleEvents ?? [])
      .sort((x, y) => (x[0]?.startTime?.getTime() ?? 0) - (y[0]?.startTime?.getTime() ?? 0));
    assert.ok((second?.[0]?.startTime?.getTime() ?? 0) >= (first?.at(-1)?.endTime?.getTime() ?? Infinity));
    const group = await client.send(new GetDeploymentGroupCommand({ applicationName: 'one', deploymentGroupName: 'prod' }));
    assert.equal(group.deploymentGroupInfo?.lastSuccessfulDeployment?.deploymentId, deploymentId);
    assert.deepEqual(group.deploymentGroupInfo?.targetRevision, revision('v1.zip'));
    const bus = await t.server.runtime.store.outbox.read(0, 10_000);
    const states = bus.map((e) => e.event).filter((e) => e.source === 'aws.codedeploy' && (e.detail as { deploymentId?: string }).deploymentId === deploymentId)
      .map((e) => `${e['detail-type'].startsWith('CodeDeploy Deployment') ? 'deployment' : (e.detail as { instanceId: string }).instanceId}:${(e.detail as { state: string }).state}`);
    assert.deepEqual(states, ['deployment:START', 'one-1:START', 'one-1:SUCCESS', 'one-2:START', 'one-2:SUCCESS', 'deployment:SUCCESS']);
  });

  it('a custom minimum with one host failing ValidateService fails at once, skips the rest and rolls back to the last good revision', async () => {
    await client.send(new CreateDeploymentConfigCommand({ deploymentConfigName: 'AllButOne', minimumHealthyHosts: { type: 'HOST_COUNT', value: 2 } }));
    const hosts = await fleet('half', 3, 'AllButOne', true);
    const bad = new Set<string>();
    // v2's ValidateService fails on whichever host goes first; everything else (and the rollback) succeeds.
    for (const agent of hosts) agent.start((id, event) => (event === 'ValidateService' && bad.has(id) ? 'Failed' : 'Succeeded'));
    const good = await client.send(new CreateDeploymentCommand({ applicationName: 'half', deploymentGroupName: 'prod', revision: revision('v1.zip') }));
    assert.equal((await ended(good.deploymentId)).status, 'Succeeded');
    const broken = await client.send(new CreateDeploymentCommand({ applicationName: 'half', deploymentGroupName: 'prod', revision: revision('v2.zip') }));
    bad.add(broken.deploymentId ?? '');
    const failed = await ended(broken.deploymentId);
    assert.equal(failed.status, 'Failed');
    assert.equal(failed.errorInformation?.code, 'HEALTH_CONSTRAINTS');
    assert.deepEqual(failed.deploymentOverview, { Pending: 0, InProgress: 0, Succeeded: 0, Failed: 1, Skipped: 2, Ready: 0 });
    const rollbackId = failed.rollbackInfo?.rollbackDeploymentId;
    assert.match(rollbackId ?? '', /^d-[A-Z0-9]{9}$/);
    const failedHost = (await client.send(new ListDeploymentTargetsCommand({ deploymentId: broken.deploymentId, targetFilters: { TargetStatus: ['Failed'] } }))).targetIds?.[0];
    const { deploymentTarget } = await client.send(new GetDeploymentTargetCommand({ deploymentId: broken.deploymentId, targetId: failedHost }));
    const validate = deploymentTarget?.instanceTarget?.lifecycleEvents?.find((e) => e.lifecycleEventName === 'ValidateService');
    assert.deepEqual([validate?.status, validate?.diagnostics?.errorCode, validate?.diagnostics?.scriptName], ['Failed', 'ScriptFailed', 'scripts/ValidateService.sh']);
    assert.equal(validate?.diagnostics?.logTail, 'unhealthy\n');
    const rollback = await ended(rollbackId);
    assert.deepEqual([rollback.status, rollback.creator, rollback.revision?.s3Location?.key], ['Succeeded', 'codeDeployRollback', 'v1.zip']);
    assert.deepEqual(rollback.rollbackInfo, { rollbackTriggeringDeploymentId: broken.deploymentId });
    const order = (await client.send(new ListDeploymentInstancesCommand({ deploymentId: rollbackId }))).instancesList;
    assert.equal(order?.[0], failedHost, 'the rollback goes to the failed host first');
    const group = await client.send(new GetDeploymentGroupCommand({ applicationName: 'half', deploymentGroupName: 'prod' }));
    assert.equal(group.deploymentGroupInfo?.lastSuccessfulDeployment?.deploymentId, rollbackId);
    const listed = await client.send(new ListDeploymentsCommand({ applicationName: 'half', deploymentGroupName: 'prod', includeOnlyStatuses: ['Failed'] }));
    assert.deepEqual(listed.deployments, [broken.deploymentId]);
  });

  it('an agent that stops answering loses its command at the lease: the event fails with UnknownError', async () => {
    const [host] = await fleet('silent', 1, 'CodeDeployDefault.AllAtOnce');
    assert.ok(host);
    host.start((_id, event) => (event === 'BeforeInstall' ? 'silent' : 'Succeeded'));
    const { deploymentId } = await client.send(new CreateDeploymentCommand({ applicationName: 'silent', deploymentGroupName: 'prod', revision: revision('v1.zip') }));
    const info = await ended(deploymentId);
    assert.equal(info.status, 'Failed');
    const { deploymentTarget } = await client.send(new GetDeploymentTargetCommand({ deploymentId, targetId: 'silent-1' }));
    const events = deploymentTarget?.instanceTarget?.lifecycleEvents ?? [];
    const beforeInstall = events.find((e) => e.lifecycleEventName === 'BeforeInstall');
    assert.deepEqual([beforeInstall?.status, beforeInstall?.diagnostics?.errorCode], ['Failed', 'UnknownError']);
    assert.match(beforeInstall?.diagnostics?.message ?? '', /stopped answering/);
    assert.deepEqual(events.slice(3).map((e) => e.status), ['Skipped', 'Skipped', 'Skipped', 'Skipped']);
  });

  it('StopDeployment stops: the host in flight fails, waiting hosts are skipped', async () => {
    const hosts = await fleet('stop', 2, 'CodeDeployDefault.OneAtATime');
    const { deploymentId } = await client.send(new CreateDeploymentCommand({ applicationName: 'stop', deploymentGroupName: 'prod', revision: revision('v1.zip') }));
    const [first] = hosts;
    assert.ok(first);
    // The first host takes ApplicationStop and never completes it: the deployment is mid-flight.
    const command = await waitFor('a command', () => first.poll());
    await first.call('PutHostCommandAcknowledgement', { HostCommandIdentifier: command.HostCommandIdentifier });
    const stop = await client.send(new StopDeploymentCommand({ deploymentId }));
    assert.equal(stop.status, 'Pending');
    await first.call('PutHostCommandComplete', { HostCommandIdentifier: command.HostCommandIdentifier, CommandStatus: 'Succeeded' });
    const info = await ended(deploymentId);
    assert.deepEqual([info.status, info.errorInformation?.code], ['Stopped', 'MANUAL_STOP']);
    await waitFor('hosts to settle', async () => {
      const { deploymentInfo } = await client.send(new GetDeploymentCommand({ deploymentId }));
      return deploymentInfo?.deploymentOverview?.InProgress === 0 ? true : undefined;
    });
    const { deploymentInfo } = await client.send(new GetDeploymentCommand({ deploymentId }));
    assert.deepEqual(deploymentInfo?.deploymentOverview, { Pending: 0, InProgress: 0, Succeeded: 0, Failed: 1, Skipped: 1, Ready: 0 });
  });

  it('an agent acts only for its own instance and only on commands it holds; a refused call changes nothing', async () => {
    const [mine, other] = await fleet('guard', 2, 'CodeDeployDefault.AllAtOnce');
    assert.ok(mine && other);
    await assert.rejects(mine.call('PollHostCommand', { HostIdentifier: other.hostIdentifier }), (e: CommandError) => e.name === 'AccessDeniedException' && /registered to another IAM identity/.test(e.message));
    const { deploymentId } = await client.send(new CreateDeploymentCommand({ applicationName: 'guard', deploymentGroupName: 'prod', revision: revision('v1.zip') }));
    const command = await waitFor('a command for the other host', () => other.poll());
    await assert.rejects(mine.call('PutHostCommandComplete', { HostCommandIdentifier: command.HostCommandIdentifier, CommandStatus: 'Failed' }),
      (e: CommandError) => e.name === 'InvalidCommandException');
    await assert.rejects(other.call('PutHostCommandComplete', { HostCommandIdentifier: command.HostCommandIdentifier, CommandStatus: 'Failed', Diagnostics: { Format: 'JSON', Payload: '{"error_code":"Nope"}' } }),
      (e: CommandError) => e.name === 'ValidationException');
    const { deploymentTarget } = await client.send(new GetDeploymentTargetCommand({ deploymentId, targetId: 'guard-2' }));
    assert.equal(deploymentTarget?.instanceTarget?.lifecycleEvents?.[0]?.status, 'InProgress', 'refused answers changed nothing');
    await assert.rejects(mine.call('GetDeploymentSpecification', { DeploymentExecutionId: deploymentId, HostIdentifier: other.hostIdentifier }),
      (e: CommandError) => e.name === 'AccessDeniedException');
    const spec = await other.call('GetDeploymentSpecification', { DeploymentExecutionId: deploymentId, HostIdentifier: other.hostIdentifier });
    const payload = JSON.parse((spec.DeploymentSpecification as { GenericEnvelope: { Payload: string } }).GenericEnvelope.Payload) as { Revision: { S3Revision: { Key: string; Sha256: string } }; AllPossibleLifecycleEvents: string[] };
    assert.equal(payload.Revision.S3Revision.Key, 'v1.zip');
    assert.match(payload.Revision.S3Revision.Sha256, /^[0-9a-f]{64}$/);
    assert.deepEqual(payload.AllPossibleLifecycleEvents, inPlaceEvents(false));
  });

  it('with a load balancer, the server blocks and allows traffic itself; the agent runs only the hooks around it', async () => {
    const [ok, unhealthy] = await fleet('lb', 2, 'CodeDeployDefault.AllAtOnce', false, 'web-tg');
    assert.ok(ok && unhealthy);
    ok.start();
    unhealthy.start();
    const { deploymentId } = await client.send(new CreateDeploymentCommand({ applicationName: 'lb', deploymentGroupName: 'prod', revision: revision('v1.zip') }));
    const info = await ended(deploymentId);
    assert.equal(info.status, 'Succeeded', 'AllAtOnce: one healthy host is enough');
    const hooks = inPlaceEvents(true).filter((e) => e !== 'BlockTraffic' && e !== 'AllowTraffic');
    assert.deepEqual(ok.ran, hooks.map((e) => `${deploymentId}:${e}`));
    assert.deepEqual(trafficCalls.filter((c) => c.startsWith('lb-1:')), ['lb-1:BlockTraffic:web-tg', 'lb-1:AllowTraffic:web-tg']);
    const { deploymentTarget } = await client.send(new GetDeploymentTargetCommand({ deploymentId, targetId: 'lb-2' }));
    const events = deploymentTarget?.instanceTarget?.lifecycleEvents ?? [];
    const allow = events.find((e) => e.lifecycleEventName === 'AllowTraffic');
    assert.deepEqual([deploymentTarget?.instanceTarget?.status, allow?.status, allow?.diagnostics?.message], ['Failed', 'Failed', 'target lb-2 is unhealthy in web-tg']);
    assert.equal(events.at(-1)?.status, 'Skipped', 'AfterAllowTraffic does not run after a failed AllowTraffic');
  });

  it('a waiting poll is answered as soon as its host gets a command', async () => {
    const [host] = await fleet('wake', 1, 'CodeDeployDefault.AllAtOnce');
    assert.ok(host);
    const started = Date.now();
    const polled = host.poll();
    await client.send(new CreateDeploymentCommand({ applicationName: 'wake', deploymentGroupName: 'prod', revision: revision('v1.zip') }));
    const command = await polled;
    assert.equal(command?.CommandName, 'ApplicationStop');
    assert.ok(Date.now() - started < 4000, 'answered before the 5 s wait ran out');
  });
});
