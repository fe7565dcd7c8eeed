/**
 * Contract: deployments (CodeDeploy) — applications and revisions, groups with their derived last
 * deployments, configs in use, on-premises instances and their IAM ARNs, one active deployment per
 * group, atomic steps, and the host-command queue (poll, acknowledge, heartbeat, complete, sweep).
 */
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import type { DeploymentRecord, HostCommandRecord, TargetRecord } from '../../../src/model/deploy/deployment.ts';
import type { DeploymentGroupRecord } from '../../../src/store/deploy-ports.ts';
import type { Store } from '../../../src/store/ports.ts';
import { T0, uniqueName } from '../builders.ts';
import { type ContractIt, type MakeStore, useStore } from './helpers.ts';

const REVISION = { revisionType: 'S3' as const, s3Location: { bucket: 'b', key: 'app.zip', bundleType: 'zip' as const } };

function makeGroup(applicationName: string, over: Partial<DeploymentGroupRecord> = {}): DeploymentGroupRecord {
  return {
    applicationName, deploymentGroupName: uniqueName('group'), deploymentGroupId: uniqueName('gid'), deploymentConfigName: 'CodeDeployDefault.OneAtATime',
    computePlatform: 'Server', settings: { onPremisesInstanceTagFilters: [{ Key: 'role', Value: 'web', Type: 'KEY_AND_VALUE' }] }, tags: [], ...over,
  };
}

function makeDeployment(group: DeploymentGroupRecord, over: Partial<DeploymentRecord> = {}): DeploymentRecord {
  return {
    deploymentId: uniqueName('d'), applicationName: group.applicationName, deploymentGroupName: group.deploymentGroupName, deploymentGroupId: group.deploymentGroupId,
    deploymentConfigName: 'CodeDeployDefault.AllAtOnce', minimumHealthyHosts: { type: 'HOST_COUNT', value: 0 }, revision: REVISION,
    bundle: { ...REVISION.s3Location, sha256: 'ab' }, status: 'Created', createTime: T0, creator: 'user', ignoreApplicationStopFailures: false,
    fileExistsBehavior: 'DISALLOW', deploymentStyle: { deploymentType: 'IN_PLACE', deploymentOption: 'WITHOUT_TRAFFIC_CONTROL' }, loadBalanced: false, ...over,
  };
}

function makeTarget(deploymentId: string, instanceName: string, over: Partial<TargetRecord> = {}): TargetRecord {
  return {
    deploymentId, instanceName, instanceArn: `arn:aws:codedeploy:us-east-1:000000000000:instance/${instanceName}`, order: 0, healthyBefore: true,
    status: 'Pending', lastUpdatedAt: T0, lifecycleEvents: [{ lifecycleEventName: 'Install', status: 'Pending' }], ...over,
  };
}

function makeCommand(deploymentId: string, target: TargetRecord, over: Partial<HostCommandRecord> = {}): HostCommandRecord {
  return {
    hostCommandId: uniqueName('cmd'), deploymentId, instanceName: target.instanceName, hostIdentifier: target.instanceArn, commandName: 'Install',
    runner: 'agent', status: 'Pending', acknowledged: false, createdAt: T0, ...over,
  };
}

/** An application with a group and a created deployment to one host. */
async function deployedOnce(store: Store): Promise<{ group: DeploymentGroupRecord; deployment: DeploymentRecord; target: TargetRecord }> {
  const app = uniqueName('app');
  assert.equal(await store.deploy.applications.create({ applicationName: app, applicationId: uniqueName('id'), computePlatform: 'Server', createTime: T0, tags: [] }), true);
  const group = makeGroup(app);
  assert.equal(await store.deploy.groups.create(group), 'created');
  const deployment = makeDeployment(group);
  const target = makeTarget(deployment.deploymentId, uniqueName('host'));
  assert.deepEqual(await store.deploy.deployments.create(deployment, [target], []), { created: true });
  return { group, deployment, target };
}

/** Hands out one command for the deployment through a step, as the orchestrator does. */
async function handOut(store: Store, deployment: DeploymentRecord, command: HostCommandRecord): Promise<void> {
  await store.deploy.deployments.step(deployment.deploymentId, (agg) => ({
    deployment: { ...agg.deployment, status: 'InProgress' }, targets: agg.targets, newCommands: [command], dropCommandIds: [], events: [],
  }));
}

export function describeDeployContract(makeStore: MakeStore, test: ContractIt): void {
  describe('deployments', () => {
    const store = useStore(makeStore);

    test('applications: create once, rename carries groups along, delete takes groups and revisions', async () => {
      const apps = store().deploy.applications;
      const name = uniqueName('app');
      const app = { applicationName: name, applicationId: uniqueName('id'), computePlatform: 'Server', createTime: T0, tags: [] };
      assert.equal(await apps.create(app), true);
      assert.equal(await apps.create({ ...app, applicationId: 'other' }), false);
      assert.equal((await apps.get(name))?.applicationId, app.applicationId, 'a refused create writes nothing');
      const group = makeGroup(name);
      assert.equal(await store().deploy.groups.create(group), 'created');
      assert.equal(await store().deploy.groups.create({ ...group, deploymentGroupId: 'x' }), 'exists');
      assert.equal(await store().deploy.groups.create(makeGroup(uniqueName('missing'))), 'missing');
      await apps.putRevision({ applicationName: name, revisionKey: 'k1', revision: REVISION, registerTime: T0, deploymentGroups: [] });
      await apps.putRevision({ applicationName: name, revisionKey: 'k1', revision: REVISION, registerTime: T0 + 5, firstUsedTime: T0 + 1, lastUsedTime: T0 + 1, deploymentGroups: ['g'] });
      await apps.putRevision({ applicationName: name, revisionKey: 'k1', revision: REVISION, registerTime: T0 + 5, firstUsedTime: T0 + 2, lastUsedTime: T0 + 2, deploymentGroups: ['h', 'g'] });
      const revision = await apps.getRevision(name, 'k1');
      assert.deepEqual([revision?.registerTime, revision?.firstUsedTime, revision?.lastUsedTime, revision?.deploymentGroups.sort()], [T0, T0 + 1, T0 + 2, ['g', 'h']]);
      const renamed = uniqueName('renamed');
      assert.equal(await apps.rename(name, renamed), 'renamed');
      assert.equal((await store().deploy.groups.get(renamed, group.deploymentGroupName))?.deploymentGroupId, group.deploymentGroupId);
      assert.equal((await apps.listRevisions(renamed, {})).items.length, 1);
      assert.equal(await apps.delete(renamed), true);
      assert.equal(await store().deploy.groups.get(renamed, group.deploymentGroupName), undefined);
      assert.equal(await apps.getRevision(renamed, 'k1'), undefined);
    });

    test('configs: a config a group names cannot be deleted', async () => {
      const name = uniqueName('config');
      const config = { deploymentConfigName: name, deploymentConfigId: uniqueName('id'), computePlatform: 'Server' as const, minimumHealthyHosts: { type: 'HOST_COUNT' as const, value: 1 }, createTime: T0 };
      assert.equal(await store().deploy.configs.create(config), true);
      assert.equal(await store().deploy.configs.create(config), false);
      const app = uniqueName('app');
      await store().deploy.applications.create({ applicationName: app, applicationId: 'i', computePlatform: 'Server', createTime: T0, tags: [] });
      const group = makeGroup(app, { deploymentConfigName: name });
      await store().deploy.groups.create(group);
      assert.equal(await store().deploy.groups.usesConfig(name), true);
      assert.equal(await store().deploy.configs.delete(name), 'inUse');
      assert.deepEqual(await store().deploy.configs.get(name), config);
      assert.equal(await store().deploy.groups.update(app, group.deploymentGroupName, (g) => ({ ...g, deploymentConfigName: 'CodeDeployDefault.AllAtOnce' })), 'updated');
      assert.equal(await store().deploy.configs.delete(name), 'deleted');
      assert.equal(await store().deploy.configs.delete(name), 'missing');
    });

    test('instances: one registered instance per IAM ARN, deregistered names may register again, tags change atomically', async () => {
      const instances = store().deploy.instances;
      const name = uniqueName('host');
      const user = `arn:aws:iam::000000000000:user/${uniqueName('agent')}`;
      const record = { instanceName: name, instanceArn: `arn:aws:codedeploy:us-east-1:000000000000:instance/${name}`, iamUserArn: user, registerTime: T0, tags: [{ key: 'role', value: 'web' }] };
      assert.equal(await instances.register(record), 'registered');
      assert.equal(await instances.register(record), 'nameTaken');
      assert.equal(await instances.register({ ...record, instanceName: uniqueName('other') }), 'arnTaken');
      await instances.changeTags([name], { add: [{ key: 'env', value: 'prod' }, { key: 'role', value: 'api' }] });
      await instances.changeTags([name], { remove: [{ key: 'env', value: 'prod' }] });
      assert.deepEqual((await instances.get(name))?.tags, [{ key: 'role', value: 'api' }]);
      assert.equal(await instances.deregister(name, T0 + 1), true);
      assert.equal((await instances.get(name))?.deregisterTime, T0 + 1);
      assert.ok((await instances.list('Deregistered')).some((i) => i.instanceName === name));
      assert.ok(!(await instances.list('Registered')).some((i) => i.instanceName === name));
      assert.equal(await instances.register({ ...record, registerTime: T0 + 2 }), 'registered');
      assert.equal((await instances.get(name))?.deregisterTime, undefined);
    });

    test('deployments: one active per group; a group reads its last attempted and successful deployments', async () => {
      const { group, deployment, target } = await deployedOnce(store());
      const second = makeDeployment(group, { createTime: T0 + 1 });
      assert.deepEqual(await store().deploy.deployments.create(second, [], []), { created: false, activeId: deployment.deploymentId });
      assert.equal(await store().deploy.deployments.get(second.deploymentId), undefined);
      await store().deploy.deployments.step(deployment.deploymentId, (agg) => ({
        deployment: { ...agg.deployment, status: 'Succeeded', completeTime: T0 + 9 }, targets: agg.targets.map((t) => ({ ...t, status: 'Succeeded' })),
        newCommands: [], dropCommandIds: [], events: [],
      }));
      const view = await store().deploy.groups.get(group.applicationName, group.deploymentGroupName);
      assert.deepEqual(view?.lastSuccessfulDeployment, { deploymentId: deployment.deploymentId, status: 'Succeeded', createTime: T0, endTime: T0 + 9 });
      assert.deepEqual(await store().deploy.deployments.hostHistory(group.deploymentGroupId), [{ instanceName: target.instanceName, lastResult: 'Succeeded', bundle: deployment.bundle }]);
      assert.deepEqual(await store().deploy.deployments.create(second, [], []), { created: true });
      const listed = await store().deploy.deployments.list({ deploymentGroupId: group.deploymentGroupId }, {});
      assert.deepEqual(listed.items, [second.deploymentId, deployment.deploymentId], 'newest first');
      const succeeded = await store().deploy.deployments.list({ deploymentGroupId: group.deploymentGroupId, statuses: ['Succeeded'] }, {});
      assert.deepEqual(succeeded.items, [deployment.deploymentId]);
      const paged = await store().deploy.deployments.list({ deploymentGroupId: group.deploymentGroupId }, { maxResults: 1 });
      assert.ok(paged.nextToken);
      assert.deepEqual((await store().deploy.deployments.list({ deploymentGroupId: group.deploymentGroupId }, { nextToken: paged.nextToken })).items, [deployment.deploymentId]);
      assert.deepEqual(await store().deploy.deployments.list({ deploymentGroupId: group.deploymentGroupId, createdFrom: T0 + 1, createdTo: T0 + 1 }, {}).then((p) => p.items), [second.deploymentId]);
    });

    test('a step that throws writes nothing', async () => {
      const { deployment } = await deployedOnce(store());
      await assert.rejects(store().deploy.deployments.step(deployment.deploymentId, () => { throw new Error('decided nothing'); }), /decided nothing/);
      assert.equal((await store().deploy.deployments.get(deployment.deploymentId))?.status, 'Created');
      assert.ok((await store().deploy.deployments.unsettled(1000)).includes(deployment.deploymentId));
    });

    test('host commands: poll hands the oldest to one holder, only the holder acknowledges, heartbeats and completes', async () => {
      const { deployment, target } = await deployedOnce(store());
      const command = makeCommand(deployment.deploymentId, target);
      await handOut(store(), deployment, command);
      const commands = store().deploy.hostCommands;
      assert.equal(await commands.poll('arn:other', 'agent-a', 1000, T0), undefined, 'another host gets nothing');
      assert.equal((await commands.poll(target.instanceArn, 'agent-a', 1000, T0))?.hostCommandId, command.hostCommandId);
      assert.equal(await commands.poll(target.instanceArn, 'agent-b', 1000, T0 + 1), undefined, 'a dispatched command is not handed to another holder');
      assert.equal((await commands.poll(target.instanceArn, 'agent-a', 1000, T0 + 1))?.hostCommandId, command.hostCommandId, 'the same holder gets it again');
      assert.equal(await commands.acknowledge(command.hostCommandId, 'agent-b', 1000, T0 + 2), undefined);
      const acked = await commands.acknowledge(command.hostCommandId, 'agent-a', 1000, T0 + 2);
      assert.deepEqual([acked?.status, acked?.acknowledged, acked?.leaseExpiresAt], ['InProgress', true, T0 + 1002]);
      assert.equal((await commands.heartbeat(command.hostCommandId, 'agent-a', 1000, T0 + 500))?.leaseExpiresAt, T0 + 1500);
      assert.equal(await commands.complete(command.hostCommandId, 'agent-b', { status: 'Succeeded' }, T0 + 600), undefined);
      const diagnostics = { error_code: 'ScriptFailed' as const, script_name: 'x.sh', message: 'exit 1', log: 'boom' };
      const done = await commands.complete(command.hostCommandId, 'agent-a', { status: 'Failed', diagnostics }, T0 + 600);
      assert.deepEqual([done?.status, done?.diagnostics, done?.completedAt], ['Failed', diagnostics, T0 + 600]);
      assert.equal(await commands.complete(command.hostCommandId, 'agent-a', { status: 'Succeeded' }, T0 + 700), undefined, 'an ended command stays ended');
      assert.equal((await commands.get(command.hostCommandId))?.status, 'Failed');
    });

    test('host commands: the sweeper requeues an unacknowledged dispatch and fails an acknowledged command whose lease ran out', async () => {
      const { deployment, target } = await deployedOnce(store());
      const first = makeCommand(deployment.deploymentId, target);
      await handOut(store(), deployment, first);
      const commands = store().deploy.hostCommands;
      await commands.poll(target.instanceArn, 'agent-a', 100, T0);
      const swept = await commands.sweep(T0 + 101, 100);
      assert.ok(swept.requeued.includes(first.hostCommandId));
      assert.equal((await commands.poll(target.instanceArn, 'agent-b', 100, T0 + 102))?.hostCommandId, first.hostCommandId, 'pending again for anyone');
      await commands.acknowledge(first.hostCommandId, 'agent-b', 100, T0 + 103);
      const expired = await commands.sweep(T0 + 204, 100);
      assert.ok(expired.failed.includes(first.hostCommandId));
      assert.ok(expired.deploymentIds.includes(deployment.deploymentId));
      const failed = await commands.get(first.hostCommandId);
      assert.deepEqual([failed?.status, failed?.diagnostics?.error_code], ['Failed', 'UnknownError']);
    });

    test('host commands: a command no agent acknowledges within the agent timeout fails', async () => {
      const { deployment, target } = await deployedOnce(store());
      const command = makeCommand(deployment.deploymentId, target, { createdAt: T0 });
      await handOut(store(), deployment, command);
      const early = await store().deploy.hostCommands.sweep(T0 + 999, 100, 1000);
      assert.ok(!early.failed.includes(command.hostCommandId));
      const late = await store().deploy.hostCommands.sweep(T0 + 1001, 100, 1000);
      assert.ok(late.failed.includes(command.hostCommandId));
      assert.ok(late.deploymentIds.includes(deployment.deploymentId));
      const failed = await store().deploy.hostCommands.get(command.hostCommandId);
      assert.deepEqual([failed?.status, failed?.diagnostics?.error_code], ['Failed', 'UnknownError']);
      assert.match(failed?.diagnostics?.message ?? '', /No agent acknowledged the command/);
    });

    test('host commands: service commands are claimed by the service, never polled by agents; a step withdraws unacknowledged ones', async () => {
      const { deployment, target } = await deployedOnce(store());
      const traffic = makeCommand(deployment.deploymentId, target, { commandName: 'BlockTraffic', runner: 'service' });
      await handOut(store(), deployment, traffic);
      assert.equal(await store().deploy.hostCommands.poll(target.instanceArn, 'agent', 100, T0), undefined);
      const claimed = await store().deploy.hostCommands.claimService('runner', 100, T0, 100);
      assert.ok(claimed.some((c) => c.hostCommandId === traffic.hostCommandId));
      const agentCommand = makeCommand(deployment.deploymentId, target, { createdAt: T0 + 1 });
      await handOut(store(), deployment, agentCommand);
      await store().deploy.deployments.step(deployment.deploymentId, (agg) => ({ ...agg, newCommands: [], dropCommandIds: [agentCommand.hostCommandId, traffic.hostCommandId], events: [] }));
      assert.equal(await store().deploy.hostCommands.get(agentCommand.hostCommandId), undefined);
      assert.ok(await store().deploy.hostCommands.get(traffic.hostCommandId), 'an acknowledged command is never withdrawn');
    });
  });
}
