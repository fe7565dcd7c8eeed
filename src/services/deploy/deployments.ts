/**
 * Deployments: CreateDeployment (the group's registered hosts matching its tags, in deployment
 * order, the revision pinned, the config's rule copied), StopDeployment and ContinueDeployment.
 * Everything after creation is the orchestrator's (scheduler/deploy-orchestrator.ts).
 */
import { SluiceError } from '../../model/errors.ts';
import { orderHosts } from '../../model/deploy/batching.ts';
import type { AutoRollbackConfiguration, DeploymentRecord, RevisionLocation, TargetRecord } from '../../model/deploy/deployment.ts';
import { inPlaceEvents } from '../../model/deploy/lifecycle.ts';
import { selectsInstance, type TagFilter } from '../../model/deploy/tag-filters.ts';
import { isTerminalDeployment, type AutoRollbackEvent, type DeploymentCreator, type FileExistsBehavior } from '../../model/deploy/vocabulary.ts';
import type { DeploymentGroupView, OnPremisesInstanceRecord } from '../../store/deploy-ports.ts';
import { registerRevision } from './applications.ts';
import { pinRevision, revisionKeyOf } from './bundles.ts';
import { noApplication, noDeployment, noGroup, type DeployDeps } from './context.ts';
import { findConfig, type GroupSettingsInput } from './groups.ts';

export interface CreateDeploymentInput {
  applicationName: string;
  deploymentGroupName?: string;
  revision?: { revisionType?: string; s3Location?: { bucket?: string; key?: string; bundleType?: string; version?: string; eTag?: string } };
  deploymentConfigName?: string;
  description?: string;
  ignoreApplicationStopFailures?: boolean;
  fileExistsBehavior?: FileExistsBehavior;
  autoRollbackConfiguration?: { enabled?: boolean; events?: string[] };
  targetInstances?: unknown;
  updateOutdatedInstancesOnly?: boolean;
  /** Who asks: `user` through the API, `CodeDeploy` for a pipeline's action [guess: AWS records pipeline deployments as `user`]. */
  creator?: DeploymentCreator;
  createdBy?: string;
  externalId?: string;
}

function autoRollbackOf(input: CreateDeploymentInput['autoRollbackConfiguration'], group: GroupSettingsInput['autoRollbackConfiguration']): AutoRollbackConfiguration | undefined {
  const chosen = input ?? group;
  if (!chosen) return undefined;
  if (chosen.enabled === true && (chosen.events ?? []).length === 0) {
    throw new SluiceError('InvalidAutoRollbackConfigException', 'Automatic rollback needs at least one event when enabled.');
  }
  return { enabled: chosen.enabled === true, events: (chosen.events ?? []) as AutoRollbackEvent[] };
}

/** The group's registered hosts, failed ones first, each with whether it was healthy before. */
async function targetsOf(deps: DeployDeps, group: DeploymentGroupView, deploymentId: string, revision: RevisionLocation, events: string[]): Promise<TargetRecord[]> {
  const settings = group.settings as GroupSettingsInput;
  const selectors = { filters: settings.onPremisesInstanceTagFilters as TagFilter[] | undefined, tagSet: settings.onPremisesTagSet?.onPremisesTagSetList as TagFilter[][] | undefined };
  const instances = (await deps.stores.instances.list('Registered')).filter((i) => selectsInstance(i.tags, selectors));
  const history = new Map((await deps.stores.deployments.hostHistory(group.deploymentGroupId)).map((h) => [h.instanceName, h]));
  // Same object and version: the host already runs this revision.
  const wanted = revisionKeyOf({ ...revision.s3Location, eTag: '' });
  const hosts = instances.map((i: OnPremisesInstanceRecord) => {
    const last = history.get(i.instanceName);
    const revisionState = !last ? 'unknown' as const : revisionKeyOf({ ...last.bundle, eTag: '' }) === wanted ? 'current' as const : 'old' as const;
    return { name: i.instanceName, arn: i.instanceArn, revision: revisionState, ...(last && { lastResult: last.lastResult }) };
  });
  return orderHosts(hosts).map((h, order) => ({
    deploymentId, instanceName: h.name, instanceArn: h.arn, order, healthyBefore: h.lastResult !== 'Failed', status: 'Pending', lastUpdatedAt: deps.now(),
    lifecycleEvents: events.map((e) => ({ lifecycleEventName: e, status: 'Pending' as const })),
  }));
}

export async function createDeployment(deps: DeployDeps, input: CreateDeploymentInput): Promise<string> {
  if (!await deps.stores.applications.get(input.applicationName)) throw noApplication(input.applicationName);
  if (input.deploymentGroupName === undefined) throw new SluiceError('DeploymentGroupNameRequiredException', 'The deployment group name must be specified.');
  const group = await deps.stores.groups.get(input.applicationName, input.deploymentGroupName);
  if (!group) throw noGroup(input.deploymentGroupName);
  const settings = group.settings as GroupSettingsInput;
  if (settings.deploymentStyle?.deploymentType === 'BLUE_GREEN') {
    throw new SluiceError('InvalidDeploymentStyleException', 'Sluice runs in-place deployments; blue/green deployments need its traffic router, which this server does not run yet.');
  }
  if (input.targetInstances !== undefined) throw new SluiceError('InvalidTargetInstancesException', 'targetInstances applies to blue/green deployments only.');
  const config = await findConfig(deps, input.deploymentConfigName ?? group.deploymentConfigName);
  if (!config.minimumHealthyHosts) throw new SluiceError('InvalidDeploymentConfigNameException', `The deployment config ${config.deploymentConfigName} is for the ${config.computePlatform} compute platform, not Server.`);
  const autoRollback = autoRollbackOf(input.autoRollbackConfiguration, settings.autoRollbackConfiguration);
  const { revision, bundle } = await pinRevision(deps.bundles, input.revision);
  const deploymentId = deps.newDeploymentId();
  const loadBalanced = settings.deploymentStyle?.deploymentOption === 'WITH_TRAFFIC_CONTROL';
  const targets = await targetsOf(deps, group, deploymentId, revision, inPlaceEvents(loadBalanced));
  const deployment: DeploymentRecord = {
    deploymentId, applicationName: input.applicationName, deploymentGroupName: group.deploymentGroupName, deploymentGroupId: group.deploymentGroupId,
    deploymentConfigName: config.deploymentConfigName, minimumHealthyHosts: config.minimumHealthyHosts, revision, bundle, status: 'Created',
    createTime: deps.now(), creator: input.creator ?? 'user', ignoreApplicationStopFailures: input.ignoreApplicationStopFailures === true,
    fileExistsBehavior: input.fileExistsBehavior ?? 'DISALLOW', loadBalanced,
    deploymentStyle: { deploymentType: 'IN_PLACE', deploymentOption: loadBalanced ? 'WITH_TRAFFIC_CONTROL' : 'WITHOUT_TRAFFIC_CONTROL' },
    ...(input.createdBy !== undefined && { createdBy: input.createdBy }),
    ...(input.externalId !== undefined && { externalId: input.externalId }),
    ...(input.description !== undefined && { description: input.description }),
    ...(autoRollback && { autoRollbackConfiguration: autoRollback }),
    ...(group.lastSuccessfulRevision && { previous: group.lastSuccessfulRevision }),
  };
  const created = await deps.stores.deployments.create(deployment, targets, []);
  if (!created.created) {
    throw new SluiceError('DeploymentLimitExceededException', `The Deployment Group '${group.deploymentGroupName}' already has an active Deployment '${created.activeId}'`);
  }
  await registerRevision(deps, input.applicationName, revision, { groupName: group.deploymentGroupName, ...(input.description !== undefined && { description: input.description }) });
  deps.deploymentsChanged?.();
  return deploymentId;
}

export async function getDeployment(deps: DeployDeps, id: string): Promise<DeploymentRecord> {
  return await deps.stores.deployments.get(id) ?? (() => { throw noDeployment(id); })();
}

/** StopDeployment: `Pending` until the orchestrator has stopped it (hosts finishing a command settle later). */
export async function stopDeployment(deps: DeployDeps, id: string, autoRollbackEnabled: boolean): Promise<{ status: 'Pending' | 'Succeeded'; statusMessage: string }> {
  let completed = false;
  const change = await deps.stores.deployments.step(id, (agg) => {
    if (isTerminalDeployment(agg.deployment.status)) {
      completed = true;
      return undefined;
    }
    return { deployment: { ...agg.deployment, stopRequest: { autoRollback: autoRollbackEnabled } }, targets: agg.targets, newCommands: [], dropCommandIds: [], events: [] };
  });
  if (!change && !completed) throw noDeployment(id);
  if (completed) throw new SluiceError('DeploymentAlreadyCompletedException', `The deployment ${id} has already completed.`);
  deps.deploymentsChanged?.();
  return { status: 'Pending', statusMessage: 'Stopping Active Deployment' };
}

/** ContinueDeployment: only blue/green deployments wait in Ready, and Sluice does not run them yet. */
export async function continueDeployment(deps: DeployDeps, id: string): Promise<never> {
  const deployment = await getDeployment(deps, id);
  if (deployment.status !== 'Ready') throw new SluiceError('DeploymentIsNotInReadyStateException', `The deployment ${id} is not in the Ready state.`);
  throw new SluiceError('UnsupportedActionForDeploymentTypeException', 'ContinueDeployment applies to blue/green deployments, which Sluice does not run yet.');
}
