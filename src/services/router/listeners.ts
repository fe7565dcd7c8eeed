/**
 * Listeners: CreateListener, DescribeListeners, ModifyListener (how weights shift), and
 * DeleteListener. A listener's port is opened on this server before the listener is stored, so a
 * port another program holds is refused and nothing is stored; every listener of every load
 * balancer binds the same host, so a port serves one listener only.
 */
import { SluiceError } from '../../model/errors.ts';
import type { ListenerRecord, ListenerWriteResult, RouterConfig, WeightedTargetGroup } from '../../store/router-ports.ts';
import { findListener, findLoadBalancer, findTargetGroup, pageOf, type RouterContext } from './context.ts';
import { checkProtocol, checkWeights, forwardOf, ROUTER_LIMITS } from './validation.ts';

export type ActionInput = Parameters<typeof forwardOf>[0][number];

function duplicatePort(port: number): SluiceError {
  return new SluiceError('DuplicateListenerException', `A listener already exists on port ${port}`);
}

function checkWrite(result: ListenerWriteResult, change: { port: number; arn?: string }): void {
  switch (result) {
    case 'ok': return;
    case 'missing': throw new SluiceError('ListenerNotFoundException', `Listener '${change.arn ?? ''}' not found`);
    case 'missing-load-balancer': throw new SluiceError('LoadBalancerNotFoundException', 'One or more load balancers not found');
    case 'missing-target-group': throw new SluiceError('TargetGroupNotFoundException', 'One or more target groups not found');
    case 'duplicate-port': throw duplicatePort(change.port);
  }
}

function checkGroups(config: RouterConfig, forward: WeightedTargetGroup[]): void {
  for (const f of forward) findTargetGroup(config, f.targetGroupArn);
}

/** Stores a listener change with its port held open meanwhile; the port is given up again when the write fails. */
async function withPort(ctx: RouterContext, port: number, write: () => Promise<ListenerWriteResult>): Promise<ListenerWriteResult> {
  const release = await ctx.plane.reservePort(port);
  try {
    return await write();
  } finally {
    await release();
  }
}

export async function createListener(ctx: RouterContext, input: { loadBalancerArn: string; protocol?: string; port?: number; defaultActions: ActionInput[] }): Promise<ListenerRecord> {
  checkProtocol(input.protocol, 'listeners');
  if (input.port === undefined) throw new SluiceError('ValidationException', 'A listener port must be specified');
  const port = input.port;
  const forward = forwardOf(input.defaultActions);
  const config = await ctx.store.snapshot();
  findLoadBalancer(config, input.loadBalancerArn);
  checkGroups(config, forward);
  const onPort = config.listeners.find((l) => l.port === port);
  if (onPort) {
    // The same listener again is returned, as ELB's create calls are idempotent.
    if (onPort.loadBalancerArn === input.loadBalancerArn && JSON.stringify(onPort.forward) === JSON.stringify(forward)) return onPort;
    throw duplicatePort(port);
  }
  if (config.listeners.filter((l) => l.loadBalancerArn === input.loadBalancerArn).length >= ROUTER_LIMITS.listenersPerLoadBalancer) {
    throw new SluiceError('TooManyListenersException', `A load balancer can have at most ${ROUTER_LIMITS.listenersPerLoadBalancer} listeners`);
  }
  const record: ListenerRecord = { arn: ctx.arns.listener(input.loadBalancerArn), loadBalancerArn: input.loadBalancerArn, port, protocol: 'HTTP', forward, created: ctx.now() };
  checkWrite(await withPort(ctx, port, () => ctx.store.createListener(record)), { port });
  return record;
}

export async function describeListeners(ctx: RouterContext, input: { loadBalancerArn?: string; listenerArns?: string[]; marker?: string; pageSize?: number }): Promise<{ items: ListenerRecord[]; nextMarker?: string }> {
  if (input.loadBalancerArn === undefined && !input.listenerArns?.length) {
    throw new SluiceError('ValidationException', 'You must specify either listener ARNs or a load balancer ARN');
  }
  const config = await ctx.store.snapshot();
  let listeners = config.listeners;
  if (input.listenerArns?.length) listeners = input.listenerArns.map((arn) => findListener(config, arn));
  if (input.loadBalancerArn !== undefined) {
    findLoadBalancer(config, input.loadBalancerArn);
    listeners = listeners.filter((l) => l.loadBalancerArn === input.loadBalancerArn);
  }
  return pageOf(listeners, (l) => l.arn, input);
}

export async function modifyListener(ctx: RouterContext, input: { listenerArn: string; protocol?: string; port?: number; defaultActions?: ActionInput[] }): Promise<ListenerRecord> {
  checkProtocol(input.protocol, 'listeners');
  const config = await ctx.store.snapshot();
  const listener = findListener(config, input.listenerArn);
  const forward = input.defaultActions ? forwardOf(input.defaultActions) : listener.forward;
  checkGroups(config, forward);
  const port = input.port ?? listener.port;
  if (port !== listener.port && config.listeners.some((l) => l.port === port)) throw duplicatePort(port);
  const write = (): Promise<ListenerWriteResult> => ctx.store.updateListener(listener.arn, { port, forward });
  checkWrite(port === listener.port ? await write() : await withPort(ctx, port, write), { port, arn: listener.arn });
  await ctx.plane.reload();
  return { ...listener, port, forward };
}

/** Sets a listener's weights, keeping its port: the deployments' traffic shift. */
export async function setListenerWeights(ctx: RouterContext, listenerArn: string, weights: WeightedTargetGroup[]): Promise<ListenerRecord> {
  checkWeights(weights);
  return modifyListener(ctx, { listenerArn, defaultActions: [{ type: 'forward', forwardConfig: { targetGroups: weights } }] });
}

export async function deleteListener(ctx: RouterContext, arn: string): Promise<void> {
  if (!await ctx.store.deleteListener(arn)) throw new SluiceError('ListenerNotFoundException', `Listener '${arn}' not found`);
  await ctx.plane.reload();
}
