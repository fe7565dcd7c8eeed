/**
 * The traffic router as deployments use it (the CodeDeploy blue/green and canary/linear
 * orchestrator): register new hosts, wait until they pass health checks, shift a listener's
 * weights step by step, and deregister old hosts, waiting until they have drained. Target groups
 * are named as in a deployment group's load balancer info (`targetGroupInfoList[].name`).
 *
 * Every call is in effect in this server process when it resolves. Health is this process's
 * measure; draining completes when this process's requests to the targets have finished (or at
 * the group's deregistration delay).
 */
import { SluiceError } from '../../model/errors.ts';
import type { TargetHealthView } from '../../router/target-health.ts';
import type { ListenerRecord, TargetKey, WeightedTargetGroup } from '../../store/router-ports.ts';
import { findListener, findTargetGroupByName, type RouterContext } from './context.ts';
import { setListenerWeights } from './listeners.ts';
import { deregisterTargets, describeTargetHealth, registerTargets, type TargetInput } from './targets.ts';

export interface TrafficRouter {
  /** Registers hosts with the group; they are `initial` until their first health check passes. */
  registerTargets(targetGroupName: string, targets: TargetInput[]): Promise<void>;
  /** Deregisters hosts; resolves once they have drained and are gone from the group. */
  deregisterTargets(targetGroupName: string, targets: TargetInput[]): Promise<void>;
  /** Replaces the listener's forward weights (0–999 each, at least one above 0). */
  setWeights(listenerArn: string, weights: WeightedTargetGroup[]): Promise<ListenerRecord>;
  /** Resolves when every one of the targets is `healthy`; rejects after `timeoutMs` naming those that are not. */
  waitHealthy(targetGroupName: string, targets: TargetInput[], timeoutMs: number): Promise<void>;
  /** The health of the group's targets (or of the named ones). */
  describeTargetHealth(targetGroupName: string, targets?: TargetInput[]): Promise<{ target: TargetKey; health: TargetHealthView }[]>;
  describeListener(listenerArn: string): Promise<ListenerRecord>;
}

export function makeTrafficRouter(ctx: RouterContext): TrafficRouter {
  const arnOf = async (name: string): Promise<string> => findTargetGroupByName(await ctx.store.snapshot(), name).arn;

  /** Resolves when `done()` holds, checked after every configuration or health change; rejects with `onTimeout()` after `timeoutMs`. */
  const until = (done: () => Promise<boolean>, timeoutMs: number, onTimeout: () => Promise<Error>): Promise<void> => new Promise((resolve, reject) => {
    let settled = false;
    const finish = (error?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      ctx.plane.events.off('changed', check);
      if (error) reject(error);
      else resolve();
    };
    const check = (): void => {
      done().then((ok) => { if (ok) finish(); }, (e: unknown) => finish(e instanceof Error ? e : new Error(String(e))));
    };
    const timer = setTimeout(() => { void onTimeout().then(finish, finish); }, timeoutMs);
    ctx.plane.events.on('changed', check);
    check();
  });

  return {
    async registerTargets(name, targets) {
      await registerTargets(ctx, await arnOf(name), targets);
    },
    async deregisterTargets(name, targets) {
      const arn = await arnOf(name);
      const keys = await deregisterTargets(ctx, arn, targets);
      const gone = async (): Promise<boolean> => {
        const { targets: registered } = await ctx.store.snapshot();
        return !registered.some((t) => t.targetGroupArn === arn && keys.some((k) => k.id === t.id && k.port === t.port && t.drainingUntil !== undefined));
      };
      const group = findTargetGroupByName(await ctx.store.snapshot(), name);
      // The drain deadline is the data plane's to enforce; the margin covers a reload that is late.
      await until(gone, group.deregistrationDelaySeconds * ctx.secondMs + 10_000,
        async () => new SluiceError('ResourceUnavailableException', `Targets of target group '${name}' did not finish draining`));
    },
    async setWeights(listenerArn, weights) {
      return setListenerWeights(ctx, listenerArn, weights);
    },
    async waitHealthy(name, targets, timeoutMs) {
      const arn = await arnOf(name);
      const unhealthy = async (): Promise<string[]> => (await describeTargetHealth(ctx, arn, targets))
        .filter((e) => e.health.state !== 'healthy').map((e) => `${e.target.id}:${e.target.port} (${e.health.state}${e.health.reason ? `, ${e.health.reason}` : ''})`);
      await until(async () => (await unhealthy()).length === 0, timeoutMs,
        async () => new SluiceError('ResourceUnavailableException', `Targets of target group '${name}' not healthy within ${timeoutMs} ms: ${(await unhealthy()).join(', ')}`));
    },
    async describeTargetHealth(name, targets) {
      return (await describeTargetHealth(ctx, await arnOf(name), targets)).map(({ target, health }) => ({ target, health }));
    },
    async describeListener(listenerArn) {
      return findListener(await ctx.store.snapshot(), listenerArn);
    },
  };
}
