/**
 * Targets of a group: RegisterTargets, DeregisterTargets (which starts draining) and
 * DescribeTargetHealth (the health this server process measured).
 */
import { SluiceError } from '../../model/errors.ts';
import { NOT_REGISTERED, type TargetHealthView } from '../../router/target-health.ts';
import type { TargetKey, TargetRecord } from '../../store/router-ports.ts';
import { findTargetGroup, type RouterContext } from './context.ts';
import { ROUTER_LIMITS, targetKeysOf } from './validation.ts';

export interface TargetInput { id: string; port?: number }

const sameTarget = (a: TargetKey) => (b: TargetKey): boolean => a.id === b.id && a.port === b.port;

export async function registerTargets(ctx: RouterContext, arn: string, targets: TargetInput[]): Promise<void> {
  const config = await ctx.store.snapshot();
  const group = findTargetGroup(config, arn);
  const keys = targetKeysOf(targets, group.port);
  const registered = config.targets.filter((t) => t.targetGroupArn === arn);
  const added = keys.filter((k, i) => !registered.some(sameTarget(k)) && keys.findIndex(sameTarget(k)) === i).length;
  if (registered.length + added > ROUTER_LIMITS.targetsPerTargetGroup) {
    throw new SluiceError('TooManyTargetsException', `A target group can have at most ${ROUTER_LIMITS.targetsPerTargetGroup} targets`);
  }
  if (!await ctx.store.registerTargets(arn, keys, ctx.now())) throw new SluiceError('TargetGroupNotFoundException', `Target group '${arn}' not found`);
  await ctx.plane.reload();
}

/** Starts draining the targets; each must be registered. Returns them as stored (with their drain deadline). */
export async function deregisterTargets(ctx: RouterContext, arn: string, targets: TargetInput[]): Promise<TargetKey[]> {
  const config = await ctx.store.snapshot();
  const group = findTargetGroup(config, arn);
  const keys = targetKeysOf(targets, group.port);
  const registered = config.targets.filter((t) => t.targetGroupArn === arn);
  const missing = keys.filter((k) => !registered.some(sameTarget(k)));
  if (missing.length > 0) {
    throw new SluiceError('InvalidTargetException', `The following targets are not registered in target group '${group.name}': ${missing.map((k) => `'${k.id}:${k.port}'`).join(', ')}`);
  }
  const until = ctx.now() + group.deregistrationDelaySeconds * ctx.secondMs;
  if (!await ctx.store.drainTargets(arn, keys, until)) throw new SluiceError('TargetGroupNotFoundException', `Target group '${arn}' not found`);
  await ctx.plane.reload();
  return keys;
}

export interface TargetHealthEntry { target: TargetKey; healthCheckPort: string; health: TargetHealthView }

/** Every registered target's health, or the named targets' (a target not registered is `unused`, `Target.NotRegistered`). */
export async function describeTargetHealth(ctx: RouterContext, arn: string, targets?: TargetInput[]): Promise<TargetHealthEntry[]> {
  const config = await ctx.store.snapshot();
  const group = findTargetGroup(config, arn);
  const registered = config.targets.filter((t) => t.targetGroupArn === arn);
  const healthCheckPort = (t: TargetKey): string => (group.healthCheck.port === 'traffic-port' ? String(t.port) : group.healthCheck.port);
  const entry = (key: TargetKey, record: TargetRecord | undefined): TargetHealthEntry => ({
    target: { id: key.id, port: key.port }, healthCheckPort: healthCheckPort(key), health: record ? ctx.plane.targetHealth(record) : NOT_REGISTERED,
  });
  if (targets === undefined || targets.length === 0) return registered.map((t) => entry(t, t));
  return targetKeysOf(targets, group.port).map((key) => entry(key, registered.find(sameTarget(key))));
}
