/**
 * A deployment's steps as pure decisions: host commands one event at a time, failures that skip a
 * host's later events, the batching rule ending the deployment, stop, and automatic rollback.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { advanceDeployment, type AdvanceResult } from '../../src/model/deploy/advance.ts';
import type { DeploymentAggregate, DeploymentRecord, TargetRecord } from '../../src/model/deploy/deployment.ts';
import { inPlaceEvents } from '../../src/model/deploy/lifecycle.ts';

const T0 = 1_700_000_000_000;
const REVISION = { revisionType: 'S3' as const, s3Location: { bucket: 'b', key: 'app-2.zip', bundleType: 'zip' as const } };
const PREVIOUS = { revisionType: 'S3' as const, s3Location: { bucket: 'b', key: 'app-1.zip', bundleType: 'zip' as const } };

function makeDeployment(over: Partial<DeploymentRecord> = {}): DeploymentRecord {
  return {
    deploymentId: 'd-AAAAAAAAA', applicationName: 'app', deploymentGroupName: 'prod', deploymentGroupId: 'g-1',
    deploymentConfigName: 'CodeDeployDefault.OneAtATime', minimumHealthyHosts: { type: 'FLEET_PERCENT', value: 99 },
    revision: REVISION, bundle: { ...REVISION.s3Location, sha256: 'ab' }, status: 'Created', createTime: T0, creator: 'user',
    ignoreApplicationStopFailures: false, fileExistsBehavior: 'DISALLOW', deploymentStyle: { deploymentType: 'IN_PLACE', deploymentOption: 'WITHOUT_TRAFFIC_CONTROL' },
    loadBalanced: false, ...over,
  };
}

function makeTargets(...names: string[]): TargetRecord[] {
  return names.map((name, order) => ({
    deploymentId: 'd-AAAAAAAAA', instanceName: name, instanceArn: `arn:aws:codedeploy:us-east-1:000000000000:instance/${name}`, order,
    healthyBefore: true, status: 'Pending', lastUpdatedAt: T0, lifecycleEvents: inPlaceEvents(false).map((e) => ({ lifecycleEventName: e, status: 'Pending' })),
  }));
}

/** Runs steps, answering each command with `outcome(host, event)`, until the deployment ends and settles. */
function run(start: DeploymentAggregate, outcome: (host: string, event: string) => 'Succeeded' | 'Failed' = () => 'Succeeded', stopAfter = Infinity): { aggregate: DeploymentAggregate; steps: AdvanceResult[] } {
  let aggregate = start;
  const steps: AdvanceResult[] = [];
  let ids = 0;
  for (let i = 0; i < 200; i++) {
    if (i === stopAfter) aggregate = { ...aggregate, deployment: { ...aggregate.deployment, stopRequest: { autoRollback: true } } };
    const result = advanceDeployment(aggregate, { now: T0 + i, newCommandId: () => `c${++ids}`, newDeploymentId: () => 'd-ROLLBACK1' });
    steps.push(result);
    const kept = aggregate.commands.filter((c) => !result.dropCommandIds.includes(c.hostCommandId));
    const commands = [...kept, ...result.newCommands].map((c) => (c.status === 'Pending'
      ? { ...c, acknowledged: true, status: outcome(c.instanceName, c.commandName), completedAt: T0 + i } : c));
    aggregate = { deployment: result.deployment, targets: result.targets, commands };
    const settled = result.targets.every((t) => t.status !== 'InProgress' && t.status !== 'Pending');
    if (['Succeeded', 'Failed', 'Stopped'].includes(result.deployment.status) && settled && result.newCommands.length === 0) break;
  }
  return { aggregate, steps };
}

describe('advancing a deployment', () => {
  it('fails at once with NO_INSTANCES when the group matched no host', () => {
    const result = advanceDeployment({ deployment: makeDeployment(), targets: [], commands: [] }, { now: T0, newCommandId: () => 'c', newDeploymentId: () => 'd' });
    assert.equal(result.deployment.status, 'Failed');
    assert.equal(result.deployment.errorInformation?.code, 'NO_INSTANCES');
    assert.deepEqual(result.notices.map((n) => n.state), ['START', 'FAILURE']);
  });

  it('fails at once with HEALTH_CONSTRAINTS_INVALID when the minimum cannot be met, touching no host', () => {
    const deployment = makeDeployment({ deploymentConfigName: 'Strict', minimumHealthyHosts: { type: 'HOST_COUNT', value: 2 } });
    const result = advanceDeployment({ deployment, targets: makeTargets('a', 'b'), commands: [] }, { now: T0, newCommandId: () => 'c', newDeploymentId: () => 'd' });
    assert.equal(result.deployment.errorInformation?.code, 'HEALTH_CONSTRAINTS_INVALID');
    assert.deepEqual(result.newCommands, []);
    assert.deepEqual(result.targets.map((t) => t.status), ['Skipped', 'Skipped']);
  });

  it('hands each host its events one at a time, one host at a time, and succeeds', () => {
    const { aggregate, steps } = run({ deployment: makeDeployment(), targets: makeTargets('a', 'b'), commands: [] });
    assert.equal(aggregate.deployment.status, 'Succeeded');
    assert.ok(steps.every((s) => s.newCommands.length <= 1), 'never two commands at once under OneAtATime');
    assert.deepEqual(aggregate.commands.map((c) => `${c.instanceName}:${c.commandName}`),
      [...inPlaceEvents(false).map((e) => `a:${e}`), ...inPlaceEvents(false).map((e) => `b:${e}`)]);
    assert.ok(aggregate.targets.every((t) => t.status === 'Succeeded' && t.lifecycleEvents.every((e) => e.status === 'Succeeded')));
  });

  it('fails a host at its failed event, skips its later events and the other hosts, and rolls back to the last good revision', () => {
    const deployment = makeDeployment({
      autoRollbackConfiguration: { enabled: true, events: ['DEPLOYMENT_FAILURE'] },
      previous: { deploymentId: 'd-PREVIOUS1', revision: PREVIOUS, bundle: { ...PREVIOUS.s3Location, sha256: 'cd' } },
    });
    const { aggregate, steps } = run({ deployment, targets: makeTargets('a', 'b', 'c'), commands: [] }, (_host, event) => (event === 'ValidateService' ? 'Failed' : 'Succeeded'));
    assert.equal(aggregate.deployment.status, 'Failed');
    assert.equal(aggregate.deployment.errorInformation?.code, 'HEALTH_CONSTRAINTS');
    const [a, b, c] = aggregate.targets;
    assert.equal(a?.status, 'Failed');
    assert.deepEqual(a?.lifecycleEvents.map((e) => e.status), ['Succeeded', 'Succeeded', 'Succeeded', 'Succeeded', 'Succeeded', 'Succeeded', 'Failed']);
    assert.deepEqual([b?.status, c?.status], ['Skipped', 'Skipped']);
    const rollback = steps.find((s) => s.rollback)?.rollback;
    assert.ok(rollback);
    assert.deepEqual(aggregate.deployment.rollbackInfo, { rollbackDeploymentId: 'd-ROLLBACK1', rollbackMessage: 'Rolled back by deployment d-ROLLBACK1.' });
    assert.equal(rollback.deployment.creator, 'codeDeployRollback');
    assert.deepEqual(rollback.deployment.rollbackInfo, { rollbackTriggeringDeploymentId: 'd-AAAAAAAAA' });
    assert.deepEqual(rollback.deployment.revision, PREVIOUS);
    assert.equal(rollback.deployment.status, 'Created');
    assert.deepEqual(rollback.targets.map((t) => [t.instanceName, t.healthyBefore]), [['a', false], ['b', true], ['c', true]], 'the failed host goes first');
  });

  it('keeps going past a failed ApplicationStop when told to ignore it', () => {
    const deployment = makeDeployment({ ignoreApplicationStopFailures: true });
    const { aggregate } = run({ deployment, targets: makeTargets('a'), commands: [] }, (_h, event) => (event === 'ApplicationStop' ? 'Failed' : 'Succeeded'));
    assert.equal(aggregate.deployment.status, 'Succeeded');
    assert.equal(aggregate.targets[0]?.lifecycleEvents[0]?.status, 'Failed');
  });

  it('stops: withdraws a command no agent took, fails the half-deployed host, skips the rest, rolls back only when asked', () => {
    const deployment = makeDeployment({ previous: { deploymentId: 'd-PREVIOUS1', revision: PREVIOUS, bundle: { ...PREVIOUS.s3Location, sha256: 'cd' } } });
    const first = advanceDeployment({ deployment, targets: makeTargets('a', 'b'), commands: [] }, { now: T0, newCommandId: () => 'c1', newDeploymentId: () => 'd-ROLLBACK1' });
    const stopped = advanceDeployment({ deployment: { ...first.deployment, stopRequest: { autoRollback: false } }, targets: first.targets, commands: first.newCommands },
      { now: T0 + 1, newCommandId: () => 'c2', newDeploymentId: () => 'd-ROLLBACK1' });
    assert.equal(stopped.deployment.status, 'Stopped');
    assert.equal(stopped.deployment.errorInformation?.code, 'MANUAL_STOP');
    assert.deepEqual(stopped.dropCommandIds, ['c1']);
    assert.deepEqual(stopped.targets.map((t) => t.status), ['Failed', 'Skipped']);
    assert.equal(stopped.targets[0]?.lifecycleEvents[0]?.status, 'Skipped', 'the withdrawn command never ran');
    assert.equal(stopped.rollback, undefined);
    assert.deepEqual(stopped.notices.map((n) => `${n.kind}:${n.state}`), ['deployment:STOP', 'instance:FAILURE']);
  });

  it('lets an acknowledged command finish after a stop, then settles the host', () => {
    const deployment = makeDeployment();
    const first = advanceDeployment({ deployment, targets: makeTargets('a'), commands: [] }, { now: T0, newCommandId: () => 'c1', newDeploymentId: () => 'x' });
    const held = first.newCommands.map((c) => ({ ...c, acknowledged: true, status: 'InProgress' as const }));
    const stopped = advanceDeployment({ deployment: { ...first.deployment, stopRequest: { autoRollback: false } }, targets: first.targets, commands: held },
      { now: T0 + 1, newCommandId: () => 'c2', newDeploymentId: () => 'x' });
    assert.deepEqual(stopped.dropCommandIds, []);
    assert.equal(stopped.targets[0]?.status, 'InProgress');
    const done = held.map((c) => ({ ...c, status: 'Succeeded' as const, completedAt: T0 + 2 }));
    const settled = advanceDeployment({ deployment: stopped.deployment, targets: stopped.targets, commands: done }, { now: T0 + 3, newCommandId: () => 'c3', newDeploymentId: () => 'x' });
    assert.equal(settled.targets[0]?.status, 'Failed', 'a host stopped half-way counts as failed');
    assert.deepEqual(settled.newCommands, []);
    assert.equal(settled.targets[0]?.lifecycleEvents[1]?.status, 'Skipped');
  });
});
