/**
 * Target groups: CreateTargetGroup, DescribeTargetGroups, ModifyTargetGroup, DeleteTargetGroup
 * and their attributes. Creating a group that exists with the same settings returns it, as ELB
 * does; with other settings it is DuplicateTargetGroupName.
 */
import { SluiceError } from '../../model/errors.ts';
import type { HealthCheckSettings, TargetGroupRecord } from '../../store/router-ports.ts';
import { findLoadBalancer, findTargetGroup, pageOf, type RouterContext } from './context.ts';
import { checkHealthCheckPath, checkHealthCheckPort, checkMatcher, checkName, checkProtocol, checkTiming, ROUTER_LIMITS } from './validation.ts';

export interface HealthCheckInput {
  healthCheckProtocol?: string;
  healthCheckPort?: string;
  healthCheckPath?: string;
  healthCheckEnabled?: boolean;
  healthCheckIntervalSeconds?: number;
  healthCheckTimeoutSeconds?: number;
  healthyThresholdCount?: number;
  unhealthyThresholdCount?: number;
  matcher?: { httpCode?: string; grpcCode?: string };
}

export interface CreateTargetGroupInput extends HealthCheckInput {
  name: string;
  protocol?: string;
  protocolVersion?: string;
  port?: number;
  targetType?: string;
}

/** ALB's defaults for an HTTP target group. */
const DEFAULT_HEALTH_CHECK: HealthCheckSettings = {
  path: '/', intervalSeconds: 30, timeoutSeconds: 5, healthyThreshold: 5, unhealthyThreshold: 2, matcher: '200', port: 'traffic-port',
};
const DEFAULT_DEREGISTRATION_DELAY_SECONDS = 300;

function healthCheckOf(input: HealthCheckInput, base: HealthCheckSettings): HealthCheckSettings {
  checkProtocol(input.healthCheckProtocol, 'health checks');
  if (input.healthCheckEnabled === false) {
    throw new SluiceError('InvalidConfigurationRequestException', "Health checks cannot be disabled for target groups with the target type 'ip'");
  }
  if (input.matcher?.grpcCode !== undefined) throw new SluiceError('InvalidConfigurationRequestException', 'GrpcCode matchers are not supported: Sluice target groups speak HTTP/1');
  const settings: HealthCheckSettings = {
    path: input.healthCheckPath ?? base.path,
    intervalSeconds: input.healthCheckIntervalSeconds ?? base.intervalSeconds,
    timeoutSeconds: input.healthCheckTimeoutSeconds ?? base.timeoutSeconds,
    healthyThreshold: input.healthyThresholdCount ?? base.healthyThreshold,
    unhealthyThreshold: input.unhealthyThresholdCount ?? base.unhealthyThreshold,
    matcher: input.matcher?.httpCode ?? base.matcher,
    port: input.healthCheckPort ?? base.port,
  };
  checkHealthCheckPath(settings.path);
  checkMatcher(settings.matcher);
  checkHealthCheckPort(settings.port);
  checkTiming(settings.intervalSeconds, settings.timeoutSeconds);
  return settings;
}

export async function createTargetGroup(ctx: RouterContext, input: CreateTargetGroupInput): Promise<TargetGroupRecord> {
  checkName('Target group', input.name);
  if (input.protocol === undefined) throw new SluiceError('ValidationException', 'A protocol must be specified for target groups with the target type ip');
  checkProtocol(input.protocol, 'target groups');
  if (input.port === undefined) throw new SluiceError('ValidationException', 'A port must be specified for target groups with the target type ip');
  if (input.targetType !== undefined && input.targetType !== 'ip') {
    throw new SluiceError('InvalidConfigurationRequestException', `Target type '${input.targetType}' is not supported: Sluice targets are registered by IP address or host name (ip)`);
  }
  if (input.protocolVersion !== undefined && input.protocolVersion !== 'HTTP1') {
    throw new SluiceError('InvalidConfigurationRequestException', `Protocol version '${input.protocolVersion}' is not supported: Sluice target groups speak HTTP1`);
  }
  const record: TargetGroupRecord = {
    arn: ctx.arns.targetGroup(input.name), name: input.name, protocol: 'HTTP', port: input.port, targetType: 'ip',
    healthCheck: healthCheckOf(input, DEFAULT_HEALTH_CHECK), deregistrationDelaySeconds: DEFAULT_DEREGISTRATION_DELAY_SECONDS, created: ctx.now(),
  };
  const config = await ctx.store.snapshot();
  const existing = config.targetGroups.find((g) => g.name === input.name);
  if (!existing && config.targetGroups.length >= ROUTER_LIMITS.targetGroups) {
    throw new SluiceError('TooManyTargetGroupsException', `You have reached the limit of ${ROUTER_LIMITS.targetGroups} target groups`);
  }
  if (!existing && await ctx.store.createTargetGroup(record)) return record;
  const current = existing ?? (await ctx.store.snapshot()).targetGroups.find((g) => g.name === input.name);
  if (current && current.port === record.port && JSON.stringify(current.healthCheck) === JSON.stringify(record.healthCheck)) return current;
  throw new SluiceError('DuplicateTargetGroupNameException', `A target group with the same name '${input.name}' exists, but with different settings`);
}

export interface TargetGroupView { group: TargetGroupRecord; loadBalancerArns: string[] }

export async function describeTargetGroups(ctx: RouterContext, input: { loadBalancerArn?: string; targetGroupArns?: string[]; names?: string[]; marker?: string; pageSize?: number }): Promise<{ items: TargetGroupView[]; nextMarker?: string }> {
  const config = await ctx.store.snapshot();
  let groups = config.targetGroups;
  if (input.targetGroupArns?.length) groups = input.targetGroupArns.map((arn) => findTargetGroup(config, arn));
  if (input.names?.length) {
    const names = input.names;
    groups = groups.filter((g) => names.includes(g.name));
    if (groups.length < new Set(names).size) throw new SluiceError('TargetGroupNotFoundException', 'One or more target groups not found');
  }
  if (input.loadBalancerArn !== undefined) {
    findLoadBalancer(config, input.loadBalancerArn);
    const used = new Set(config.listeners.filter((l) => l.loadBalancerArn === input.loadBalancerArn).flatMap((l) => l.forward.map((f) => f.targetGroupArn)));
    groups = groups.filter((g) => used.has(g.arn));
  }
  const views = groups.map((group) => ({
    group,
    loadBalancerArns: [...new Set(config.listeners.filter((l) => l.forward.some((f) => f.targetGroupArn === group.arn)).map((l) => l.loadBalancerArn))],
  }));
  return pageOf(views, (v) => v.group.name, input);
}

export async function modifyTargetGroup(ctx: RouterContext, input: HealthCheckInput & { targetGroupArn: string }): Promise<TargetGroupRecord> {
  const group = findTargetGroup(await ctx.store.snapshot(), input.targetGroupArn);
  const updated = { ...group, healthCheck: healthCheckOf(input, group.healthCheck) };
  if (!await ctx.store.updateTargetGroup(updated)) throw new SluiceError('TargetGroupNotFoundException', `Target group '${group.arn}' not found`);
  await ctx.plane.reload();
  return updated;
}

/** Deleting a group that does not exist succeeds, as deleting an ELB resource twice does. */
export async function deleteTargetGroup(ctx: RouterContext, arn: string): Promise<void> {
  if (await ctx.store.deleteTargetGroup(arn) === 'in-use') {
    throw new SluiceError('ResourceInUseException', `Target group '${arn}' is currently in use by a listener or a rule`);
  }
  await ctx.plane.reload();
}

const DEREGISTRATION_DELAY = 'deregistration_delay.timeout_seconds';
/** Attributes ELB reports that Sluice's router has with one fixed value. */
const FIXED_ATTRIBUTES: Record<string, string> = {
  'stickiness.enabled': 'false',
  'load_balancing.algorithm.type': 'round_robin',
  'slow_start.duration_seconds': '0',
};

export interface TargetGroupAttribute { key: string; value: string }

export function attributesOf(group: TargetGroupRecord): TargetGroupAttribute[] {
  return [
    { key: DEREGISTRATION_DELAY, value: String(group.deregistrationDelaySeconds) },
    ...Object.entries(FIXED_ATTRIBUTES).map(([key, value]) => ({ key, value })),
  ];
}

export async function describeTargetGroupAttributes(ctx: RouterContext, arn: string): Promise<TargetGroupAttribute[]> {
  return attributesOf(findTargetGroup(await ctx.store.snapshot(), arn));
}

export async function modifyTargetGroupAttributes(ctx: RouterContext, arn: string, attributes: { key?: string; value?: string }[]): Promise<TargetGroupAttribute[]> {
  const group = findTargetGroup(await ctx.store.snapshot(), arn);
  let delay = group.deregistrationDelaySeconds;
  for (const { key = '', value = '' } of attributes) {
    if (key === DEREGISTRATION_DELAY) {
      delay = Number(value);
      if (!/^\d+$/.test(value) || delay > ROUTER_LIMITS.maxDeregistrationDelaySeconds) {
        throw new SluiceError('ValidationException', `'${DEREGISTRATION_DELAY}' must be an integer between 0 and ${ROUTER_LIMITS.maxDeregistrationDelaySeconds} (got '${value}')`);
      }
    } else if (FIXED_ATTRIBUTES[key] === undefined) {
      throw new SluiceError('ValidationException', `Target group attribute key '${key}' is not recognized`);
    } else if (FIXED_ATTRIBUTES[key] !== value) {
      throw new SluiceError('InvalidConfigurationRequestException', `Target group attribute '${key}' can only be '${FIXED_ATTRIBUTES[key]}' on Sluice's router`);
    }
  }
  const updated = { ...group, deregistrationDelaySeconds: delay };
  if (!await ctx.store.updateTargetGroup(updated)) throw new SluiceError('TargetGroupNotFoundException', `Target group '${arn}' not found`);
  await ctx.plane.reload();
  return attributesOf(updated);
}
