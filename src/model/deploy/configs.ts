/**
 * Deployment configs: the built-in `CodeDeployDefault.*` configs as AWS lists them, and the
 * validation of a custom one (CreateDeploymentConfig). Server configs state a minimum of healthy
 * hosts; Lambda and ECS configs state how traffic shifts.
 */
import type { ComputePlatform } from './vocabulary.ts';

export type MinimumHealthyHostsType = 'HOST_COUNT' | 'FLEET_PERCENT';
export interface MinimumHealthyHosts { type: MinimumHealthyHostsType; value: number }

export type TrafficRoutingType = 'TimeBasedCanary' | 'TimeBasedLinear' | 'AllAtOnce';
export interface TrafficRoutingConfig {
  type: TrafficRoutingType;
  timeBasedCanary?: { canaryPercentage?: number; canaryInterval?: number };
  timeBasedLinear?: { linearPercentage?: number; linearInterval?: number };
}

export interface DeploymentConfig {
  deploymentConfigName: string;
  deploymentConfigId: string;
  computePlatform: ComputePlatform;
  minimumHealthyHosts?: MinimumHealthyHosts;
  trafficRoutingConfig?: TrafficRoutingConfig;
  /** Epoch ms. */
  createTime: number;
}

export const BUILT_IN_PREFIX = 'CodeDeployDefault.';
export const DEFAULT_SERVER_CONFIG = 'CodeDeployDefault.OneAtATime';

/** When AWS introduced the built-in configs; Sluice reports it as their createTime [guess]. */
const BUILT_IN_TIME = Date.UTC(2014, 10, 12);

const canary = (percent: number, minutes: number): TrafficRoutingConfig =>
  ({ type: 'TimeBasedCanary', timeBasedCanary: { canaryPercentage: percent, canaryInterval: minutes } });
const linear = (percent: number, minutes: number): TrafficRoutingConfig =>
  ({ type: 'TimeBasedLinear', timeBasedLinear: { linearPercentage: percent, linearInterval: minutes } });
const allAtOnce: TrafficRoutingConfig = { type: 'AllAtOnce' };

type BuiltIn = [name: string, platform: ComputePlatform, rule: MinimumHealthyHosts | TrafficRoutingConfig];

/** In the order AWS's ListDeploymentConfigs answers them. */
const BUILT_INS: readonly BuiltIn[] = [
  ['OneAtATime', 'Server', { type: 'FLEET_PERCENT', value: 99 }],
  ['HalfAtATime', 'Server', { type: 'FLEET_PERCENT', value: 50 }],
  ['AllAtOnce', 'Server', { type: 'HOST_COUNT', value: 0 }],
  ['LambdaCanary10Percent5Minutes', 'Lambda', canary(10, 5)],
  ['LambdaCanary10Percent10Minutes', 'Lambda', canary(10, 10)],
  ['LambdaCanary10Percent15Minutes', 'Lambda', canary(10, 15)],
  ['LambdaCanary10Percent30Minutes', 'Lambda', canary(10, 30)],
  ['LambdaLinear10PercentEvery1Minute', 'Lambda', linear(10, 1)],
  ['LambdaLinear10PercentEvery2Minutes', 'Lambda', linear(10, 2)],
  ['LambdaLinear10PercentEvery3Minutes', 'Lambda', linear(10, 3)],
  ['LambdaLinear10PercentEvery10Minutes', 'Lambda', linear(10, 10)],
  ['LambdaAllAtOnce', 'Lambda', allAtOnce],
  ['ECSCanary10Percent5Minutes', 'ECS', canary(10, 5)],
  ['ECSCanary10Percent15Minutes', 'ECS', canary(10, 15)],
  ['ECSLinear10PercentEvery1Minutes', 'ECS', linear(10, 1)],
  ['ECSLinear10PercentEvery3Minutes', 'ECS', linear(10, 3)],
  ['ECSAllAtOnce', 'ECS', allAtOnce],
];

/** A stable id per built-in, shaped like the UUIDs AWS gives them. */
function builtInId(index: number): string {
  return `00000000-0000-4000-8000-${String(index + 1).padStart(12, '0')}`;
}

export const BUILT_IN_CONFIGS: readonly DeploymentConfig[] = BUILT_INS.map(([name, platform, rule], index) => ({
  deploymentConfigName: `${BUILT_IN_PREFIX}${name}`,
  deploymentConfigId: builtInId(index),
  computePlatform: platform,
  createTime: BUILT_IN_TIME,
  ...('value' in rule ? { minimumHealthyHosts: rule } : { trafficRoutingConfig: rule }),
}));

export function builtInConfig(name: string): DeploymentConfig | undefined {
  return BUILT_IN_CONFIGS.find((c) => c.deploymentConfigName === name);
}

export function isBuiltInConfigName(name: string): boolean {
  return name.startsWith(BUILT_IN_PREFIX);
}

/** The error a config fails with: the CodeDeploy `__type` and AWS-style message. */
export interface ConfigIssue {
  code: 'InvalidMinimumHealthyHostValueException' | 'InvalidTrafficRoutingConfigurationException' | 'InvalidDeploymentConfigNameException';
  message: string;
}

/** Largest canary/linear interval, minutes (two days) [guess: AWS does not document one]. */
export const MAX_TRAFFIC_INTERVAL_MINUTES = 2880;

function checkMinimum(min: MinimumHealthyHosts | undefined): ConfigIssue | undefined {
  const bad = (message: string): ConfigIssue => ({ code: 'InvalidMinimumHealthyHostValueException', message });
  if (!min) return bad('A deployment config for the Server compute platform needs minimumHealthyHosts.');
  if (!Number.isInteger(min.value) || min.value < 0) return bad(`The minimum healthy host value ${min.value} is not valid: it must be a whole number of 0 or more.`);
  // 100% would allow no host offline at all, so no deployment could ever start.
  if (min.type === 'FLEET_PERCENT' && min.value > 99) return bad(`The minimum healthy host value ${min.value} is not valid: a FLEET_PERCENT value must be between 0 and 99.`);
  return undefined;
}

function checkRouting(routing: TrafficRoutingConfig | undefined): ConfigIssue | undefined {
  const bad = (message: string): ConfigIssue => ({ code: 'InvalidTrafficRoutingConfigurationException', message });
  if (!routing) return bad('A deployment config for the Lambda or ECS compute platform needs trafficRoutingConfig.');
  const step = routing.type === 'TimeBasedCanary'
    ? { what: 'timeBasedCanary', percent: routing.timeBasedCanary?.canaryPercentage, interval: routing.timeBasedCanary?.canaryInterval, max: 99 }
    : routing.type === 'TimeBasedLinear'
      ? { what: 'timeBasedLinear', percent: routing.timeBasedLinear?.linearPercentage, interval: routing.timeBasedLinear?.linearInterval, max: 100 }
      : undefined;
  if (!step) return undefined;
  if (step.percent === undefined || step.interval === undefined) return bad(`A ${routing.type} traffic routing config needs ${step.what} with a percentage and an interval.`);
  if (!Number.isInteger(step.percent) || step.percent < 1 || step.percent > step.max) return bad(`The ${step.what} percentage ${step.percent} is not valid: it must be between 1 and ${step.max}.`);
  if (!Number.isInteger(step.interval) || step.interval < 1 || step.interval > MAX_TRAFFIC_INTERVAL_MINUTES) {
    return bad(`The ${step.what} interval ${step.interval} is not valid: it must be between 1 and ${MAX_TRAFFIC_INTERVAL_MINUTES} minutes.`);
  }
  return undefined;
}

/** The first problem of a custom config (CodeDeploy reports one error per call), or undefined. */
export function validateDeploymentConfig(config: Pick<DeploymentConfig, 'deploymentConfigName' | 'computePlatform' | 'minimumHealthyHosts' | 'trafficRoutingConfig'>): ConfigIssue | undefined {
  if (isBuiltInConfigName(config.deploymentConfigName)) {
    return { code: 'InvalidDeploymentConfigNameException', message: `The deployment config name ${config.deploymentConfigName} is reserved: names starting with ${BUILT_IN_PREFIX} belong to the built-in configs.` };
  }
  if (config.computePlatform === 'Server') {
    if (config.trafficRoutingConfig) return { code: 'InvalidTrafficRoutingConfigurationException', message: 'A deployment config for the Server compute platform cannot have trafficRoutingConfig.' };
    return checkMinimum(config.minimumHealthyHosts);
  }
  if (config.minimumHealthyHosts) return { code: 'InvalidMinimumHealthyHostValueException', message: `A deployment config for the ${config.computePlatform} compute platform cannot have minimumHealthyHosts.` };
  return checkRouting(config.trafficRoutingConfig);
}
