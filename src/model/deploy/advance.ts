/**
 * The pure decision of a deployment's next step: from the deployment, its targets and the host
 * commands reported so far, to the new deployment and targets, the commands to hand out, the
 * commands to withdraw, the notices for the bus, and the rollback deployment to create.
 *
 * Flow: Created → InProgress (or Failed at once: no instances, or a minimum that cannot be met) →
 * each running host gets its next lifecycle event as a command once the previous one succeeded →
 * the batching rule starts more hosts or ends the deployment → a terminal deployment withdraws
 * the commands no agent has acknowledged and settles its hosts as their last commands finish.
 * Calling it again on its own result changes nothing, so a step can be repeated after a crash.
 */
import { decideBatch, healthRuleOf, type BatchHost, type HostProgress } from './batching.ts';
import type { DeploymentAggregate, DeploymentRecord, DeployNotice, HostCommandRecord, TargetRecord } from './deployment.ts';
import { isTrafficEvent } from './lifecycle.ts';
import { foldCommands, nextTargetStep, skipPending } from './target-progress.ts';
import { isTerminalDeployment, type DeploymentErrorCode, type DeploymentStatus } from './vocabulary.ts';

export interface AdvanceContext {
  now: number;
  newCommandId(): string;
  newDeploymentId(): string;
}

export interface AdvanceResult {
  deployment: DeploymentRecord;
  targets: TargetRecord[];
  newCommands: HostCommandRecord[];
  /** Commands no agent acknowledged, withdrawn because their deployment ended. */
  dropCommandIds: string[];
  notices: DeployNotice[];
  /** The automatic rollback to create, already linked both ways through `rollbackInfo`. */
  rollback?: { deployment: DeploymentRecord; targets: TargetRecord[] };
}

/** AWS's message when too many hosts failed. */
export const HEALTH_CONSTRAINTS_MESSAGE = 'The overall deployment failed because too many individual instances failed deployment, too few healthy instances are available for deployment, or some instances in your deployment group are experiencing problems.';
/** AWS's message when the group matched no instance. */
export const NO_INSTANCES_MESSAGE = 'The deployment failed because no instances were found for your deployment group. Check your deployment group settings to make sure the tags for your EC2 instances or Auto Scaling groups correctly identify the instances you want to deploy to, and then try again.';
export const MANUAL_STOP_MESSAGE = 'The deployment was stopped by a StopDeployment request.';

const PROGRESS: Record<string, HostProgress> = { Pending: 'Waiting', InProgress: 'InFlight', Succeeded: 'Succeeded', Failed: 'Failed', Skipped: 'Failed' };

class Step {
  deployment: DeploymentRecord;
  targets: TargetRecord[];
  readonly newCommands: HostCommandRecord[] = [];
  readonly dropCommandIds: string[] = [];
  readonly notices: DeployNotice[] = [];
  readonly aggregate: DeploymentAggregate;
  readonly context: AdvanceContext;

  constructor(aggregate: DeploymentAggregate, context: AdvanceContext) {
    this.aggregate = aggregate;
    this.context = context;
    this.deployment = { ...aggregate.deployment };
    this.targets = aggregate.targets.map((t) => ({ ...t, lifecycleEvents: foldCommands(t, aggregate.commands) }));
  }

  finish(status: DeploymentStatus, error?: { code: DeploymentErrorCode; message: string }): void {
    this.deployment = { ...this.deployment, status, completeTime: this.context.now, ...(error && { errorInformation: error }) };
    delete this.deployment.stopRequest;
    this.notices.push({ kind: 'deployment', state: status === 'Succeeded' ? 'SUCCESS' : status === 'Stopped' ? 'STOP' : 'FAILURE' });
  }

  setTarget(index: number, change: Partial<TargetRecord>): void {
    const target = this.targets[index];
    if (!target) return;
    this.targets[index] = { ...target, ...change, lastUpdatedAt: this.context.now };
    if (change.status === 'InProgress') this.notices.push({ kind: 'instance', state: 'START', instanceName: target.instanceName });
    if (change.status === 'Succeeded' || change.status === 'Failed') {
      this.notices.push({ kind: 'instance', state: change.status === 'Succeeded' ? 'SUCCESS' : 'FAILURE', instanceName: target.instanceName });
    }
  }

  command(target: TargetRecord, eventName: string): void {
    this.newCommands.push({
      hostCommandId: this.context.newCommandId(), deploymentId: target.deploymentId, instanceName: target.instanceName,
      hostIdentifier: target.instanceArn, commandName: eventName, runner: isTrafficEvent(eventName) ? 'service' : 'agent',
      status: 'Pending', acknowledged: false, createdAt: this.context.now,
    });
    const events = target.lifecycleEvents.map((e) => (e.lifecycleEventName === eventName ? { ...e, status: 'InProgress' as const, startTime: this.context.now } : e));
    this.targets = this.targets.map((t) => (t.instanceName === target.instanceName ? { ...t, lifecycleEvents: events, lastUpdatedAt: this.context.now } : t));
  }
}

function start(step: Step): void {
  const d = step.deployment;
  step.deployment = { ...d, status: 'InProgress', startTime: step.context.now };
  step.notices.push({ kind: 'deployment', state: 'START' });
  if (step.targets.length === 0) return step.finish('Failed', { code: 'NO_INSTANCES', message: NO_INSTANCES_MESSAGE });
  const rule = healthRuleOf(d.deploymentConfigName, d.minimumHealthyHosts, step.targets.length);
  if ('unmet' in rule) step.finish('Failed', { code: 'HEALTH_CONSTRAINTS_INVALID', message: rule.unmet });
}

/** Running hosts take their next event or end. */
function moveRunningHosts(step: Step): void {
  step.targets.forEach((target, index) => {
    if (target.status !== 'InProgress') return;
    const next = nextTargetStep(target.lifecycleEvents, step.deployment.ignoreApplicationStopFailures);
    if (next.kind === 'run') step.command(target, next.eventName);
    if (next.kind === 'end') step.setTarget(index, { status: next.status, lifecycleEvents: skipPending(target.lifecycleEvents) });
  });
}

function applyBatching(step: Step): void {
  const d = step.deployment;
  const rule = healthRuleOf(d.deploymentConfigName, d.minimumHealthyHosts, step.targets.length);
  if ('unmet' in rule) return;
  const hosts: BatchHost[] = step.targets.map((t) => ({ name: t.instanceName, progress: PROGRESS[t.status] ?? 'Failed', healthyBefore: t.healthyBefore }));
  const decision = decideBatch(hosts, rule);
  if (decision.kind === 'done') {
    if (decision.status === 'Succeeded') step.finish('Succeeded');
    else step.finish('Failed', { code: 'HEALTH_CONSTRAINTS', message: HEALTH_CONSTRAINTS_MESSAGE });
    return;
  }
  for (const name of decision.start) {
    const index = step.targets.findIndex((t) => t.instanceName === name);
    step.setTarget(index, { status: 'InProgress' });
    const target = step.targets[index];
    const first = target?.lifecycleEvents[0];
    if (target && first) step.command(target, first.lifecycleEventName);
  }
}

/**
 * A terminal deployment's hosts: waiting ones are Skipped; a running host keeps a command an agent
 * acknowledged until it is reported; then it ends Succeeded if all its events had run, else Failed
 * (a host stopped half-way counts as failed, so the next deployment takes it first). Events that
 * will not run — including one whose command no agent took — are Skipped.
 */
function settleHosts(step: Step): void {
  const held = new Set(step.aggregate.commands.filter((c) => c.acknowledged && (c.status === 'Pending' || c.status === 'InProgress')).map((c) => c.instanceName));
  for (const c of step.aggregate.commands) {
    if (!c.acknowledged && (c.status === 'Pending' || c.status === 'InProgress')) step.dropCommandIds.push(c.hostCommandId);
  }
  step.targets.forEach((target, index) => {
    if (target.status === 'Pending') step.setTarget(index, { status: 'Skipped', lifecycleEvents: skipPending(target.lifecycleEvents) });
    if (target.status !== 'InProgress' || held.has(target.instanceName)) return;
    const next = nextTargetStep(target.lifecycleEvents, step.deployment.ignoreApplicationStopFailures);
    const events = skipPending(target.lifecycleEvents.map((e) => (e.status === 'InProgress' ? { ...e, status: 'Skipped' as const } : e)));
    step.setTarget(index, { status: next.kind === 'end' ? next.status : 'Failed', lifecycleEvents: events });
  });
}

function wantsRollback(before: DeploymentRecord, after: DeploymentRecord): boolean {
  if (after.creator === 'codeDeployRollback') return false;
  if (after.status === 'Stopped') return before.stopRequest?.autoRollback === true;
  if (after.status !== 'Failed') return false;
  const auto = after.autoRollbackConfiguration;
  return auto?.enabled === true && auto.events.includes('DEPLOYMENT_FAILURE');
}

/** The rollback deployment: the last good revision to the same hosts, failed hosts first. */
function rollbackOf(step: Step): AdvanceResult['rollback'] {
  const d = step.deployment;
  if (!d.previous) {
    step.deployment = { ...d, rollbackInfo: { rollbackMessage: 'Automatic rollback was not done: the deployment group has no earlier successful deployment to roll back to.' } };
    return undefined;
  }
  const id = step.context.newDeploymentId();
  step.deployment = { ...d, rollbackInfo: { rollbackDeploymentId: id, rollbackMessage: `Rolled back by deployment ${id}.` } };
  const deployment: DeploymentRecord = {
    ...d, deploymentId: id, revision: d.previous.revision, bundle: d.previous.bundle, status: 'Created', createTime: step.context.now,
    creator: 'codeDeployRollback', rollbackInfo: { rollbackTriggeringDeploymentId: d.deploymentId },
  };
  for (const key of ['startTime', 'completeTime', 'errorInformation', 'previous', 'stopRequest', 'description'] as const) delete deployment[key];
  const ranked = [...step.targets].sort((a, b) => Number(a.status !== 'Failed') - Number(b.status !== 'Failed') || a.order - b.order);
  const targets = ranked.map((t, order): TargetRecord => ({
    deploymentId: id, instanceName: t.instanceName, instanceArn: t.instanceArn, order, status: 'Pending', lastUpdatedAt: step.context.now,
    healthyBefore: t.status === 'Succeeded' || (t.status === 'Skipped' && t.healthyBefore),
    lifecycleEvents: t.lifecycleEvents.map((e) => ({ lifecycleEventName: e.lifecycleEventName, status: 'Pending' })),
  }));
  return { deployment, targets };
}

export function advanceDeployment(aggregate: DeploymentAggregate, context: AdvanceContext): AdvanceResult {
  const step = new Step(aggregate, context);
  const before = step.deployment;
  if (before.status === 'Created') start(step);
  if (step.deployment.status === 'InProgress' && step.deployment.stopRequest) step.finish('Stopped', { code: 'MANUAL_STOP', message: MANUAL_STOP_MESSAGE });
  if (step.deployment.status === 'InProgress') {
    moveRunningHosts(step);
    applyBatching(step);
  }
  if (isTerminalDeployment(step.deployment.status)) settleHosts(step);
  const ended = !isTerminalDeployment(before.status) && isTerminalDeployment(step.deployment.status);
  const rollback = ended && wantsRollback(before, step.deployment) ? rollbackOf(step) : undefined;
  return {
    deployment: step.deployment, targets: step.targets, newCommands: step.newCommands, dropCommandIds: step.dropCommandIds, notices: step.notices,
    ...(rollback && { rollback }),
  };
}
