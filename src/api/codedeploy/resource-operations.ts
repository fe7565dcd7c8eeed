/**
 * CodeDeploy operations on applications, revisions, deployment groups, deployment configs and
 * tags, over `services/deploy/`.
 */
import { SluiceError } from '../../model/errors.ts';
import { BUILT_IN_CONFIGS, builtInConfig, isBuiltInConfigName, validateDeploymentConfig, type MinimumHealthyHosts, type TrafficRoutingConfig } from '../../model/deploy/configs.ts';
import type { RevisionLocation } from '../../model/deploy/deployment.ts';
import type { ComputePlatform } from '../../model/deploy/vocabulary.ts';
import type { RevisionRecord } from '../../store/deploy-ports.ts';
import { checkTags, createApplication, getApplication, getRevision, mergeTags, registerRevision, renameApplication } from '../../services/deploy/applications.ts';
import { batchLimit, BATCH_LIMITS, noApplication, noConfig, noGroup, requireApplication, type DeployDeps } from '../../services/deploy/context.ts';
import { createGroup, findConfig, updateGroup, type GroupSettingsInput } from '../../services/deploy/groups.ts';
import type { Operation } from '../aws-json/operation.ts';
import { resourceOf } from './arns.ts';
import { tagsIn, tagsOut, wireApplication, wireConfig, wireGroup, type WireTag } from './wire.ts';

const op = <I>(handle: (input: I) => Promise<object>): Operation<never, object> => ({ handle });
function revisionInfoOf(r: RevisionRecord): object {
  return {
    deploymentGroups: r.deploymentGroups, registerTime: r.registerTime / 1000, ...(r.description !== undefined && { description: r.description }),
    ...(r.firstUsedTime !== undefined && { firstUsedTime: r.firstUsedTime / 1000 }), ...(r.lastUsedTime !== undefined && { lastUsedTime: r.lastUsedTime / 1000 }),
  };
}

const next = (token: string | undefined): object => (token !== undefined ? { nextToken: token } : {});

interface RevisionInput { applicationName: string; revision: RevisionLocation; description?: string }

async function tagsOf(deps: DeployDeps, arn: string): Promise<{ kind: 'application' | 'group'; app: string; group?: string; tags: { key: string; value: string }[] }> {
  const resource = resourceOf(arn);
  if (resource.kind === 'application') return { kind: 'application', app: resource.name, tags: (await getApplication(deps, resource.name)).tags };
  if (resource.kind === 'deploymentgroup') {
    const group = await deps.stores.groups.get(resource.application, resource.group);
    if (!group) throw noGroup(resource.group);
    return { kind: 'group', app: resource.application, group: resource.group, tags: group.tags };
  }
  throw new SluiceError('ArnNotSupportedException', `Sluice tags CodeDeploy applications and deployment groups; ${arn} is neither.`);
}

async function setTags(deps: DeployDeps, arn: string, change: (tags: { key: string; value: string }[]) => { key: string; value: string }[]): Promise<void> {
  const found = await tagsOf(deps, arn);
  const tags = change(found.tags);
  checkTags(tags);
  if (found.kind === 'application') await deps.stores.applications.setTags(found.app, tags);
  else await deps.stores.groups.update(found.app, found.group ?? '', (g) => ({ ...g, tags }));
}

export function resourceOperations(deps: DeployDeps): Record<string, Operation<never, object>> {
  return {
    CreateApplication: op<{ applicationName: string; computePlatform?: string; tags?: WireTag[] }>(async (input) =>
      ({ applicationId: (await createApplication(deps, { applicationName: input.applicationName, tags: tagsIn(input.tags), ...(input.computePlatform !== undefined && { computePlatform: input.computePlatform }) })).applicationId })),
    GetApplication: op<{ applicationName: string }>(async (input) => ({ application: wireApplication(await getApplication(deps, input.applicationName)) })),
    BatchGetApplications: op<{ applicationNames?: string[] }>(async (input) => {
      const names = input.applicationNames ?? [];
      batchLimit(names.length, BATCH_LIMITS.applications, 'applications');
      const found = await deps.stores.applications.batchGet(names);
      const missing = names.find((n) => !found.some((a) => a.applicationName === n));
      if (missing !== undefined) throw noApplication(missing);
      return { applicationsInfo: found.map(wireApplication) };
    }),
    ListApplications: op<{ nextToken?: string }>(async (input) => {
      const page = await deps.stores.applications.list({ ...(input.nextToken !== undefined && { nextToken: input.nextToken }) });
      return { applications: page.items, ...next(page.nextToken) };
    }),
    UpdateApplication: op<{ applicationName?: string; newApplicationName?: string }>(async (input) => {
      if (input.applicationName === undefined) throw new SluiceError('ApplicationNameRequiredException', 'The application name must be specified.');
      if (input.newApplicationName !== undefined) await renameApplication(deps, input.applicationName, input.newApplicationName);
      else await getApplication(deps, input.applicationName);
      return {};
    }),
    DeleteApplication: op<{ applicationName: string }>(async (input) => {
      await deps.stores.applications.delete(input.applicationName); // deleting a missing application succeeds, as on AWS
      return {};
    }),
    RegisterApplicationRevision: op<RevisionInput>(async (input) => {
      await requireApplication(deps, input.applicationName);
      if (input.revision.revisionType !== 'S3' || !input.revision.s3Location) throw new SluiceError('InvalidRevisionException', 'Sluice registers S3 revisions (revisionType S3 with s3Location).');
      await registerRevision(deps, input.applicationName, input.revision);
      if (input.description !== undefined) await deps.stores.applications.putRevision({ ...(await getRevision(deps, input.applicationName, input.revision)), description: input.description });
      return {};
    }),
    GetApplicationRevision: op<RevisionInput>(async (input) => {
      const r = await getRevision(deps, input.applicationName, input.revision);
      return { applicationName: r.applicationName, revision: r.revision, revisionInfo: revisionInfoOf(r) };
    }),
    BatchGetApplicationRevisions: op<{ applicationName: string; revisions: RevisionLocation[] }>(async (input) => {
      batchLimit(input.revisions.length, BATCH_LIMITS.revisions, 'revisions');
      await requireApplication(deps, input.applicationName);
      const found = await Promise.all(input.revisions.map((r) => getRevision(deps, input.applicationName, r).catch(() => undefined)));
      const missing = input.revisions.filter((_r, i) => !found[i]).map((r) => `s3://${r.s3Location.bucket}/${r.s3Location.key}`);
      return {
        applicationName: input.applicationName,
        revisions: found.flatMap((r) => (r ? [{ revisionLocation: r.revision, genericRevisionInfo: revisionInfoOf(r) }] : [])),
        ...(missing.length > 0 && { errorMessage: `Revisions not registered: ${missing.join(', ')}` }),
      };
    }),
    ListApplicationRevisions: op<{ applicationName: string; nextToken?: string }>(async (input) => {
      await requireApplication(deps, input.applicationName);
      const page = await deps.stores.applications.listRevisions(input.applicationName, { ...(input.nextToken !== undefined && { nextToken: input.nextToken }) });
      return { revisions: page.items.map((r) => r.revision), ...next(page.nextToken) };
    }),
    CreateDeploymentGroup: op<GroupSettingsInput & { applicationName: string; deploymentGroupName: string; tags?: WireTag[] }>(async (input) =>
      ({ deploymentGroupId: await createGroup(deps, { ...input, tags: tagsIn(input.tags) }) })),
    UpdateDeploymentGroup: op<GroupSettingsInput & { applicationName: string; currentDeploymentGroupName: string; newDeploymentGroupName?: string }>(async (input) => {
      await updateGroup(deps, input);
      return { hooksNotCleanedUp: [] };
    }),
    GetDeploymentGroup: op<{ applicationName: string; deploymentGroupName: string }>(async (input) => {
      await requireApplication(deps, input.applicationName);
      const group = await deps.stores.groups.get(input.applicationName, input.deploymentGroupName);
      if (!group) throw noGroup(input.deploymentGroupName);
      return { deploymentGroupInfo: wireGroup(group) };
    }),
    BatchGetDeploymentGroups: op<{ applicationName: string; deploymentGroupNames: string[] }>(async (input) => {
      batchLimit(input.deploymentGroupNames.length, BATCH_LIMITS.deploymentGroups, 'deployment groups');
      await requireApplication(deps, input.applicationName);
      const found = await deps.stores.groups.batchGet(input.applicationName, input.deploymentGroupNames);
      const missing = input.deploymentGroupNames.filter((n) => !found.some((g) => g.deploymentGroupName === n));
      return { deploymentGroupsInfo: found.map(wireGroup), ...(missing.length > 0 && { errorMessage: `Deployment groups not found: ${missing.join(', ')}` }) };
    }),
    ListDeploymentGroups: op<{ applicationName: string; nextToken?: string }>(async (input) => {
      await requireApplication(deps, input.applicationName);
      const page = await deps.stores.groups.list(input.applicationName, { ...(input.nextToken !== undefined && { nextToken: input.nextToken }) });
      return { applicationName: input.applicationName, deploymentGroups: page.items, ...next(page.nextToken) };
    }),
    DeleteDeploymentGroup: op<{ applicationName: string; deploymentGroupName: string }>(async (input) => {
      await requireApplication(deps, input.applicationName);
      await deps.stores.groups.delete(input.applicationName, input.deploymentGroupName);
      return { hooksNotCleanedUp: [] };
    }),
    CreateDeploymentConfig: op<{ deploymentConfigName: string; minimumHealthyHosts?: MinimumHealthyHosts; trafficRoutingConfig?: TrafficRoutingConfig; computePlatform?: ComputePlatform; zonalConfig?: unknown }>(async (input) => {
      if (input.zonalConfig !== undefined) throw new SluiceError('InvalidZonalDeploymentConfigurationException', 'Sluice has no availability zones: zonalConfig is not supported.');
      const config = {
        deploymentConfigName: input.deploymentConfigName, deploymentConfigId: deps.uuid(), computePlatform: input.computePlatform ?? 'Server', createTime: deps.now(),
        ...(input.minimumHealthyHosts && { minimumHealthyHosts: input.minimumHealthyHosts }), ...(input.trafficRoutingConfig && { trafficRoutingConfig: input.trafficRoutingConfig }),
      };
      if (builtInConfig(config.deploymentConfigName)) throw new SluiceError('DeploymentConfigAlreadyExistsException', `A deployment configuration named ${config.deploymentConfigName} already exists.`);
      const issue = validateDeploymentConfig(config);
      if (issue) throw new SluiceError(issue.code, issue.message);
      if (!await deps.stores.configs.create(config)) throw new SluiceError('DeploymentConfigAlreadyExistsException', `A deployment configuration named ${config.deploymentConfigName} already exists.`);
      return { deploymentConfigId: config.deploymentConfigId };
    }),
    GetDeploymentConfig: op<{ deploymentConfigName: string }>(async (input) => ({ deploymentConfigInfo: wireConfig(await findConfig(deps, input.deploymentConfigName)) })),
    ListDeploymentConfigs: op<{ nextToken?: string }>(async (input) => {
      // Built-ins come first, on the first page; custom configs page by name after them.
      const page = await deps.stores.configs.list({ ...(input.nextToken !== undefined && { nextToken: input.nextToken }) });
      const builtIns = input.nextToken === undefined ? BUILT_IN_CONFIGS.map((c) => c.deploymentConfigName) : [];
      return { deploymentConfigsList: [...builtIns, ...page.items], ...next(page.nextToken) };
    }),
    DeleteDeploymentConfig: op<{ deploymentConfigName: string }>(async (input) => {
      if (isBuiltInConfigName(input.deploymentConfigName)) throw new SluiceError('InvalidOperationException', `The built-in deployment configuration ${input.deploymentConfigName} cannot be deleted.`);
      const result = await deps.stores.configs.delete(input.deploymentConfigName);
      if (result === 'inUse') throw new SluiceError('DeploymentConfigInUseException', `The deployment configuration ${input.deploymentConfigName} is in use by a deployment group.`);
      if (result === 'missing') throw noConfig(input.deploymentConfigName);
      return {};
    }),
    TagResource: op<{ ResourceArn: string; Tags: WireTag[] }>(async (input) => {
      await setTags(deps, input.ResourceArn, (tags) => mergeTags(tags, tagsIn(input.Tags)));
      return {};
    }),
    UntagResource: op<{ ResourceArn: string; TagKeys: string[] }>(async (input) => {
      await setTags(deps, input.ResourceArn, (tags) => tags.filter((t) => !input.TagKeys.includes(t.key)));
      return {};
    }),
    ListTagsForResource: op<{ ResourceArn: string }>(async (input) => ({ Tags: tagsOut((await tagsOf(deps, input.ResourceArn)).tags) })),
  };
}
