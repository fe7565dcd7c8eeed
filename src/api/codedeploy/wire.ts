/**
 * CodeDeploy's wire shapes of stored deployments: ApplicationInfo, DeploymentGroupInfo,
 * DeploymentConfigInfo, InstanceInfo, DeploymentInfo (with its overview counted from the
 * targets), InstanceTarget and InstanceSummary. Timestamps are epoch seconds, as AWS JSON sends them.
 */
import type { Tag } from '../../engine/state.ts';
import type { DeploymentConfig } from '../../model/deploy/configs.ts';
import type { DeploymentAggregate, LifecycleEventRecord, TargetRecord } from '../../model/deploy/deployment.ts';
import type { ApplicationRecord, DeploymentGroupView, LastDeploymentInfo, OnPremisesInstanceRecord } from '../../store/deploy-ports.ts';

export interface WireTag { Key: string; Value?: string }

const seconds = (ms: number): number => ms / 1000;

export function tagsIn(tags: readonly WireTag[] | undefined): Tag[] {
  return (tags ?? []).map((t) => ({ key: t.Key, value: t.Value ?? '' }));
}

export function tagsOut(tags: readonly Tag[]): WireTag[] {
  return tags.map((t) => ({ Key: t.key, Value: t.value }));
}

export function wireApplication(a: ApplicationRecord): object {
  return { applicationId: a.applicationId, applicationName: a.applicationName, createTime: seconds(a.createTime), linkedToGitHub: false, computePlatform: a.computePlatform };
}

function wireLast(info: LastDeploymentInfo): object {
  return { deploymentId: info.deploymentId, status: info.status, createTime: seconds(info.createTime), ...(info.endTime !== undefined && { endTime: seconds(info.endTime) }) };
}

export function wireGroup(g: DeploymentGroupView): object {
  return {
    applicationName: g.applicationName, deploymentGroupId: g.deploymentGroupId, deploymentGroupName: g.deploymentGroupName,
    deploymentConfigName: g.deploymentConfigName, computePlatform: g.computePlatform,
    ec2TagFilters: [], onPremisesInstanceTagFilters: [], autoScalingGroups: [], triggerConfigurations: [],
    deploymentStyle: { deploymentType: 'IN_PLACE', deploymentOption: 'WITHOUT_TRAFFIC_CONTROL' }, outdatedInstancesStrategy: 'UPDATE',
    ...g.settings,
    ...(g.lastSuccessfulDeployment && { lastSuccessfulDeployment: wireLast(g.lastSuccessfulDeployment) }),
    ...(g.lastAttemptedDeployment && { lastAttemptedDeployment: wireLast(g.lastAttemptedDeployment) }),
    ...(g.lastSuccessfulRevision && { targetRevision: g.lastSuccessfulRevision.revision }),
  };
}

export function wireConfig(c: DeploymentConfig): object {
  return {
    deploymentConfigId: c.deploymentConfigId, deploymentConfigName: c.deploymentConfigName, createTime: seconds(c.createTime), computePlatform: c.computePlatform,
    ...(c.minimumHealthyHosts && { minimumHealthyHosts: c.minimumHealthyHosts }),
    ...(c.trafficRoutingConfig && { trafficRoutingConfig: c.trafficRoutingConfig }),
  };
}

export function wireInstance(i: OnPremisesInstanceRecord): object {
  return {
    instanceName: i.instanceName, instanceArn: i.instanceArn, registerTime: seconds(i.registerTime), tags: tagsOut(i.tags),
    ...(i.iamUserArn !== undefined && { iamUserArn: i.iamUserArn }), ...(i.iamSessionArn !== undefined && { iamSessionArn: i.iamSessionArn }),
    ...(i.deregisterTime !== undefined && { deregisterTime: seconds(i.deregisterTime) }),
  };
}

function overviewOf(targets: readonly TargetRecord[]): Record<string, number> {
  const counts: Record<string, number> = { Pending: 0, InProgress: 0, Succeeded: 0, Failed: 0, Skipped: 0, Ready: 0 };
  for (const t of targets) if (t.status in counts) counts[t.status] = (counts[t.status] ?? 0) + 1;
  return counts;
}

export function wireDeployment({ deployment: d, targets }: DeploymentAggregate): object {
  return {
    applicationName: d.applicationName, deploymentGroupName: d.deploymentGroupName, deploymentConfigName: d.deploymentConfigName, deploymentId: d.deploymentId,
    revision: d.revision, status: d.status, createTime: seconds(d.createTime), deploymentOverview: overviewOf(targets), creator: d.creator,
    ignoreApplicationStopFailures: d.ignoreApplicationStopFailures, updateOutdatedInstancesOnly: false, deploymentStyle: d.deploymentStyle,
    instanceTerminationWaitTimeStarted: false, fileExistsBehavior: d.fileExistsBehavior, computePlatform: 'Server', deploymentStatusMessages: [],
    ...(d.previous && { previousRevision: d.previous.revision }),
    ...(d.errorInformation && { errorInformation: d.errorInformation }),
    ...(d.startTime !== undefined && { startTime: seconds(d.startTime) }),
    ...(d.completeTime !== undefined && { completeTime: seconds(d.completeTime) }),
    ...(d.description !== undefined && { description: d.description }),
    ...(d.autoRollbackConfiguration && { autoRollbackConfiguration: d.autoRollbackConfiguration }),
    ...(d.rollbackInfo && { rollbackInfo: d.rollbackInfo }),
    ...(d.externalId !== undefined && { externalId: d.externalId }),
  };
}

function wireEvent(e: LifecycleEventRecord): object {
  return {
    lifecycleEventName: e.lifecycleEventName, status: e.status,
    ...(e.startTime !== undefined && { startTime: seconds(e.startTime) }), ...(e.endTime !== undefined && { endTime: seconds(e.endTime) }),
    ...(e.diagnostics && { diagnostics: e.diagnostics }),
  };
}

export function wireTarget(t: TargetRecord): object {
  return {
    deploymentTargetType: 'InstanceTarget',
    instanceTarget: {
      deploymentId: t.deploymentId, targetId: t.instanceName, targetArn: t.instanceArn, status: t.status,
      lastUpdatedAt: seconds(t.lastUpdatedAt), lifecycleEvents: t.lifecycleEvents.map(wireEvent),
    },
  };
}

export function wireInstanceSummary(t: TargetRecord): object {
  return {
    deploymentId: t.deploymentId, instanceId: t.instanceName, status: t.status, lastUpdatedAt: seconds(t.lastUpdatedAt),
    lifecycleEvents: t.lifecycleEvents.map(wireEvent), instanceType: 'Blue',
  };
}
