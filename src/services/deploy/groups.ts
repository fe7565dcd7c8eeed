/**
 * Deployment groups (CreateDeploymentGroup, UpdateDeploymentGroup, ...): the checks CodeDeploy
 * makes of a group's settings, each with its own error type. Settings are kept as the API sent
 * them; `loadBalancerInfo` target groups are checked by name only until a traffic router serves them.
 */
import { SluiceError } from '../../model/errors.ts';
import { builtInConfig, DEFAULT_SERVER_CONFIG } from '../../model/deploy/configs.ts';
import type { DeploymentGroupRecord, JsonObject } from '../../store/deploy-ports.ts';
import { checkTags } from './applications.ts';
import { noConfig, type DeployDeps } from './context.ts';

/** The group members a Create or Update call sets (wire names). */
export interface GroupSettingsInput {
  deploymentConfigName?: string;
  onPremisesInstanceTagFilters?: unknown[];
  onPremisesTagSet?: { onPremisesTagSetList?: unknown[][] };
  ec2TagFilters?: unknown[];
  ec2TagSet?: unknown;
  autoScalingGroups?: string[];
  serviceRoleArn?: string;
  autoRollbackConfiguration?: { enabled?: boolean; events?: string[] };
  deploymentStyle?: { deploymentType?: string; deploymentOption?: string };
  loadBalancerInfo?: { elbInfoList?: { name?: string }[]; targetGroupInfoList?: { name?: string }[]; targetGroupPairInfoList?: { targetGroups?: { name?: string }[] }[] };
  blueGreenDeploymentConfiguration?: JsonObject;
  alarmConfiguration?: JsonObject;
  triggerConfigurations?: unknown[];
  outdatedInstancesStrategy?: string;
  terminationHookEnabled?: boolean;
}

const SETTING_KEYS = [
  'onPremisesInstanceTagFilters', 'onPremisesTagSet', 'ec2TagFilters', 'ec2TagSet', 'autoScalingGroups', 'serviceRoleArn', 'autoRollbackConfiguration',
  'deploymentStyle', 'loadBalancerInfo', 'blueGreenDeploymentConfiguration', 'alarmConfiguration', 'triggerConfigurations', 'outdatedInstancesStrategy', 'terminationHookEnabled',
] as const;

/** An ELBv2 target group name: 1–32 letters, digits and hyphens, not starting or ending with a hyphen. */
const TARGET_GROUP_NAME = /^(?!-)[A-Za-z0-9-]{1,32}(?<!-)$/;

function invalid(code: 'InvalidOnPremisesTagCombinationException' | 'InvalidAutoRollbackConfigException' | 'InvalidLoadBalancerInfoException' | 'InvalidDeploymentStyleException' | 'InvalidTargetGroupPairException', message: string): SluiceError {
  return new SluiceError(code, message);
}

/** Target group names the settings name (the traffic router looks them up). */
export function targetGroupNames(settings: JsonObject): string[] {
  const info = settings.loadBalancerInfo as GroupSettingsInput['loadBalancerInfo'];
  return [
    ...(info?.targetGroupInfoList ?? []).map((t) => t.name ?? ''),
    ...(info?.targetGroupPairInfoList ?? []).flatMap((p) => (p.targetGroups ?? []).map((t) => t.name ?? '')),
    ...(info?.elbInfoList ?? []).map((e) => e.name ?? ''),
  ];
}

function checkSettings(settings: JsonObject): void {
  const s = settings as GroupSettingsInput;
  if (s.onPremisesInstanceTagFilters?.length && s.onPremisesTagSet?.onPremisesTagSetList?.length) {
    throw invalid('InvalidOnPremisesTagCombinationException', 'A deployment group cannot have both onPremisesInstanceTagFilters and onPremisesTagSet.');
  }
  if ((s.onPremisesTagSet?.onPremisesTagSetList?.length ?? 0) > 3) {
    throw new SluiceError('TagSetListLimitExceededException', 'The number of tag groups included in the tag set list cannot exceed 3.');
  }
  if (s.autoRollbackConfiguration?.enabled === true && (s.autoRollbackConfiguration.events ?? []).length === 0) {
    throw invalid('InvalidAutoRollbackConfigException', 'Automatic rollback needs at least one event when enabled.');
  }
  const names = targetGroupNames(settings);
  const bad = names.find((n) => !TARGET_GROUP_NAME.test(n));
  if (bad !== undefined) throw invalid('InvalidLoadBalancerInfoException', `The target group name "${bad}" is not valid: use 1 to 32 letters, digits and hyphens.`);
  const pairs = s.loadBalancerInfo?.targetGroupPairInfoList ?? [];
  if (pairs.some((p) => (p.targetGroups ?? []).length !== 2)) throw invalid('InvalidTargetGroupPairException', 'A target group pair names exactly two target groups.');
  if (s.deploymentStyle?.deploymentOption === 'WITH_TRAFFIC_CONTROL' && names.length === 0) {
    throw invalid('InvalidLoadBalancerInfoException', 'A deployment with traffic control needs loadBalancerInfo naming at least one target group.');
  }
  if (s.deploymentStyle?.deploymentType === 'BLUE_GREEN' && s.deploymentStyle.deploymentOption !== 'WITH_TRAFFIC_CONTROL') {
    throw invalid('InvalidDeploymentStyleException', 'A blue/green deployment group needs deploymentOption WITH_TRAFFIC_CONTROL.');
  }
}

/** A config by name: built-in or custom. */
export async function findConfig(deps: DeployDeps, name: string): Promise<NonNullable<ReturnType<typeof builtInConfig>>> {
  return builtInConfig(name) ?? await deps.stores.configs.get(name) ?? (() => { throw noConfig(name); })();
}

function settingsOf(input: GroupSettingsInput, base: JsonObject = {}): JsonObject {
  const settings: JsonObject = { ...base };
  for (const key of SETTING_KEYS) if (input[key] !== undefined) settings[key] = input[key];
  return settings;
}

export async function createGroup(deps: DeployDeps, input: GroupSettingsInput & { applicationName: string; deploymentGroupName: string; tags?: { key: string; value: string }[] }): Promise<string> {
  const app = await deps.stores.applications.get(input.applicationName);
  if (!app) throw new SluiceError('ApplicationDoesNotExistException', `No application found for name: ${input.applicationName}`);
  const configName = input.deploymentConfigName ?? DEFAULT_SERVER_CONFIG;
  await findConfig(deps, configName);
  const settings = settingsOf(input);
  checkSettings(settings);
  checkTags(input.tags ?? []);
  const group: DeploymentGroupRecord = {
    applicationName: input.applicationName, deploymentGroupName: input.deploymentGroupName, deploymentGroupId: deps.uuid(),
    deploymentConfigName: configName, computePlatform: app.computePlatform, settings, tags: input.tags ?? [],
  };
  const result = await deps.stores.groups.create(group);
  if (result === 'missing') throw new SluiceError('ApplicationDoesNotExistException', `No application found for name: ${input.applicationName}`);
  if (result === 'exists') throw new SluiceError('DeploymentGroupAlreadyExistsException', `A deployment group named ${input.deploymentGroupName} already exists for application ${input.applicationName}.`);
  return group.deploymentGroupId;
}

export async function updateGroup(deps: DeployDeps, input: GroupSettingsInput & { applicationName: string; currentDeploymentGroupName: string; newDeploymentGroupName?: string }): Promise<void> {
  if (!await deps.stores.applications.get(input.applicationName)) throw new SluiceError('ApplicationDoesNotExistException', `No application found for name: ${input.applicationName}`);
  if (input.deploymentConfigName !== undefined) await findConfig(deps, input.deploymentConfigName);
  const result = await deps.stores.groups.update(input.applicationName, input.currentDeploymentGroupName, (current) => {
    const settings = settingsOf(input, current.settings);
    checkSettings(settings);
    return {
      ...current, settings, deploymentGroupName: input.newDeploymentGroupName ?? current.deploymentGroupName,
      deploymentConfigName: input.deploymentConfigName ?? current.deploymentConfigName,
    };
  });
  if (result === 'missing') throw new SluiceError('DeploymentGroupDoesNotExistException', `No Deployment Group found for name: ${input.currentDeploymentGroupName}`);
  if (result === 'exists') throw new SluiceError('DeploymentGroupAlreadyExistsException', `A deployment group named ${input.newDeploymentGroupName ?? ''} already exists for application ${input.applicationName}.`);
}
