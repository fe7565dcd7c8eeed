/**
 * CodeDeploy operations on on-premises instances, deployments and their targets, over
 * `services/deploy/`.
 */
import { SluiceError } from '../../model/errors.ts';
import type { DeploymentAggregate, TargetRecord } from '../../model/deploy/deployment.ts';
import type { TagFilter } from '../../model/deploy/tag-filters.ts';
import type { DeploymentStatus, RegistrationStatus } from '../../model/deploy/vocabulary.ts';
import { batchLimit, BATCH_LIMITS, noDeployment, noGroup, requireApplication, type DeployDeps } from '../../services/deploy/context.ts';
import { continueDeployment, createDeployment, stopDeployment, type CreateDeploymentInput } from '../../services/deploy/deployments.ts';
import { changeInstanceTags, getInstance, listInstances, registerInstance } from '../../services/deploy/instances.ts';
import type { CallContext, Operation } from '../aws-json/operation.ts';
import { tagsIn, wireDeployment, wireInstance, wireInstanceSummary, wireTarget, type WireTag } from './wire.ts';

const op = <I>(handle: (input: I, context: CallContext) => Promise<object>): Operation<never, object> => ({ handle });

async function loadDeployment(deps: DeployDeps, id: string): Promise<DeploymentAggregate> {
  return await deps.stores.deployments.load(id) ?? (() => { throw noDeployment(id); })();
}

async function targetOf(deps: DeployDeps, deploymentId: string, targetId: string, code: 'DeploymentTargetDoesNotExistException' | 'InstanceDoesNotExistException'): Promise<TargetRecord> {
  const { targets } = await loadDeployment(deps, deploymentId);
  const target = targets.find((t) => t.instanceName === targetId);
  if (!target) throw new SluiceError(code, `The target ${targetId} is not part of deployment ${deploymentId}.`);
  return target;
}

/** A host status filter (`TargetStatus` / `instanceStatusFilter`) applied to a deployment's targets. */
async function targetsWith(deps: DeployDeps, deploymentId: string, statuses: readonly string[] | undefined): Promise<TargetRecord[]> {
  const { targets } = await loadDeployment(deps, deploymentId);
  return statuses && statuses.length > 0 ? targets.filter((t) => statuses.includes(t.status)) : targets;
}

export function deploymentOperations(deps: DeployDeps): Record<string, Operation<never, object>> {
  return {
    RegisterOnPremisesInstance: op<{ instanceName: string; iamUserArn?: string; iamSessionArn?: string }>(async (input, context) => {
      await registerInstance(deps, context.region, input);
      return {};
    }),
    DeregisterOnPremisesInstance: op<{ instanceName: string }>(async (input) => {
      if (!await deps.stores.instances.deregister(input.instanceName, deps.now())) await getInstance(deps, input.instanceName);
      return {};
    }),
    GetOnPremisesInstance: op<{ instanceName: string }>(async (input) => ({ instanceInfo: wireInstance(await getInstance(deps, input.instanceName)) })),
    BatchGetOnPremisesInstances: op<{ instanceNames?: string[] }>(async (input) => {
      const names = input.instanceNames ?? [];
      batchLimit(names.length, BATCH_LIMITS.instances, 'on-premises instances');
      return { instanceInfos: (await deps.stores.instances.batchGet(names)).map(wireInstance) };
    }),
    ListOnPremisesInstances: op<{ registrationStatus?: RegistrationStatus; tagFilters?: TagFilter[] }>(async (input) =>
      ({ instanceNames: await listInstances(deps, input.registrationStatus, input.tagFilters ?? []) })),
    AddTagsToOnPremisesInstances: op<{ tags: WireTag[]; instanceNames: string[] }>(async (input) => {
      await changeInstanceTags(deps, input.instanceNames, { add: tagsIn(input.tags) });
      return {};
    }),
    RemoveTagsFromOnPremisesInstances: op<{ tags: WireTag[]; instanceNames: string[] }>(async (input) => {
      await changeInstanceTags(deps, input.instanceNames, { remove: tagsIn(input.tags) });
      return {};
    }),
    CreateDeployment: op<Omit<CreateDeploymentInput, 'creator' | 'createdBy' | 'externalId'>>(async (input, context) => ({ deploymentId: await createDeployment(deps, { ...input, creator: 'user', createdBy: context.caller.arn }) })),
    GetDeployment: op<{ deploymentId: string }>(async (input) => ({ deploymentInfo: wireDeployment(await loadDeployment(deps, input.deploymentId)) })),
    BatchGetDeployments: op<{ deploymentIds?: string[] }>(async (input) => {
      const ids = input.deploymentIds ?? [];
      batchLimit(ids.length, BATCH_LIMITS.deployments, 'deployments');
      const found = await Promise.all(ids.map((id) => deps.stores.deployments.load(id)));
      return { deploymentsInfo: found.flatMap((agg) => (agg ? [wireDeployment(agg)] : [])) };
    }),
    ListDeployments: op<{ applicationName?: string; deploymentGroupName?: string; includeOnlyStatuses?: DeploymentStatus[]; createTimeRange?: { start?: number | string; end?: number | string }; nextToken?: string; externalId?: string }>(async (input) => {
      if (input.deploymentGroupName !== undefined && input.applicationName === undefined) throw new SluiceError('ApplicationNameRequiredException', 'An application name is required with a deployment group name.');
      let groupId: string | undefined;
      if (input.applicationName !== undefined) {
        await requireApplication(deps, input.applicationName);
        if (input.deploymentGroupName !== undefined) {
          const group = await deps.stores.groups.get(input.applicationName, input.deploymentGroupName);
          if (!group) throw noGroup(input.deploymentGroupName);
          groupId = group.deploymentGroupId;
        }
      }
      const ms = (t: number | string | undefined): number | undefined => (t === undefined ? undefined : typeof t === 'number' ? t * 1000 : Date.parse(t));
      const from = ms(input.createTimeRange?.start);
      const to = ms(input.createTimeRange?.end);
      if (from !== undefined && to !== undefined && from > to) throw new SluiceError('InvalidTimeRangeException', 'The createTimeRange start is after its end.');
      const page = await deps.stores.deployments.list({
        ...(input.applicationName !== undefined && { applicationName: input.applicationName }), ...(groupId !== undefined && { deploymentGroupId: groupId }),
        ...(input.includeOnlyStatuses && { statuses: input.includeOnlyStatuses }), ...(from !== undefined && { createdFrom: from }), ...(to !== undefined && { createdTo: to }),
        ...(input.externalId !== undefined && { externalId: input.externalId }),
      }, { ...(input.nextToken !== undefined && { nextToken: input.nextToken }) });
      return { deployments: page.items, ...(page.nextToken !== undefined && { nextToken: page.nextToken }) };
    }),
    StopDeployment: op<{ deploymentId: string; autoRollbackEnabled?: boolean }>(async (input) => stopDeployment(deps, input.deploymentId, input.autoRollbackEnabled === true)),
    ContinueDeployment: op<{ deploymentId?: string }>(async (input) => {
      if (input.deploymentId === undefined) throw new SluiceError('DeploymentIdRequiredException', 'The deployment id must be specified.');
      return continueDeployment(deps, input.deploymentId);
    }),
    GetDeploymentTarget: op<{ deploymentId?: string; targetId?: string }>(async (input) => {
      if (input.deploymentId === undefined) throw new SluiceError('DeploymentIdRequiredException', 'The deployment id must be specified.');
      if (input.targetId === undefined) throw new SluiceError('DeploymentTargetIdRequiredException', 'The target id must be specified.');
      return { deploymentTarget: wireTarget(await targetOf(deps, input.deploymentId, input.targetId, 'DeploymentTargetDoesNotExistException')) };
    }),
    BatchGetDeploymentTargets: op<{ deploymentId?: string; targetIds?: string[] }>(async (input) => {
      if (input.deploymentId === undefined) throw new SluiceError('DeploymentIdRequiredException', 'The deployment id must be specified.');
      const ids = input.targetIds ?? [];
      if (ids.length > BATCH_LIMITS.targets) throw new SluiceError('DeploymentTargetListSizeExceededException', `At most ${BATCH_LIMITS.targets} target ids can be requested at once.`);
      const targets = await Promise.all(ids.map((id) => targetOf(deps, input.deploymentId ?? '', id, 'DeploymentTargetDoesNotExistException')));
      return { deploymentTargets: targets.map(wireTarget) };
    }),
    ListDeploymentTargets: op<{ deploymentId: string; targetFilters?: Record<string, string[]> }>(async (input) => {
      const targets = await targetsWith(deps, input.deploymentId, input.targetFilters?.TargetStatus);
      return { targetIds: targets.map((t) => t.instanceName) };
    }),
    GetDeploymentInstance: op<{ deploymentId: string; instanceId: string }>(async (input) =>
      ({ instanceSummary: wireInstanceSummary(await targetOf(deps, input.deploymentId, input.instanceId, 'InstanceDoesNotExistException')) })),
    BatchGetDeploymentInstances: op<{ deploymentId: string; instanceIds: string[] }>(async (input) => {
      batchLimit(input.instanceIds.length, BATCH_LIMITS.instances, 'instances');
      const { targets } = await loadDeployment(deps, input.deploymentId);
      const found = targets.filter((t) => input.instanceIds.includes(t.instanceName));
      const missing = input.instanceIds.filter((id) => !found.some((t) => t.instanceName === id));
      return { instancesSummary: found.map(wireInstanceSummary), ...(missing.length > 0 && { errorMessage: `Instances not in the deployment: ${missing.join(', ')}` }) };
    }),
    ListDeploymentInstances: op<{ deploymentId: string; instanceStatusFilter?: string[]; instanceTypeFilter?: string[] }>(async (input) => {
      const targets = await targetsWith(deps, input.deploymentId, input.instanceStatusFilter);
      return { instancesList: targets.map((t) => t.instanceName) };
    }),
  };
}
