/**
 * Load balancers: CreateLoadBalancer, DescribeLoadBalancers, DeleteLoadBalancer. On Sluice a
 * load balancer is a name that groups listeners; it has no subnets or addresses of its own, and
 * its DNSName is the address its listeners bind.
 */
import { SluiceError } from '../../model/errors.ts';
import type { LoadBalancerRecord } from '../../store/router-ports.ts';
import { findLoadBalancer, pageOf, type RouterContext } from './context.ts';
import { checkName, ROUTER_LIMITS } from './validation.ts';

export async function createLoadBalancer(ctx: RouterContext, input: { name: string; type?: string; scheme?: string }): Promise<LoadBalancerRecord> {
  checkName('Load balancer', input.name);
  if (input.type !== undefined && input.type !== 'application') {
    throw new SluiceError('InvalidConfigurationRequestException', `Load balancer type '${input.type}' is not supported: Sluice's router is an application load balancer`);
  }
  const scheme = input.scheme === 'internal' ? 'internal' : 'internet-facing';
  const record: LoadBalancerRecord = { arn: ctx.arns.loadBalancer(input.name), name: input.name, scheme, created: ctx.now() };
  const config = await ctx.store.snapshot();
  const existing = config.loadBalancers.find((b) => b.name === input.name);
  if (!existing && config.loadBalancers.length >= ROUTER_LIMITS.loadBalancers) {
    throw new SluiceError('TooManyLoadBalancersException', `You have reached the limit of ${ROUTER_LIMITS.loadBalancers} load balancers`);
  }
  if (!existing && await ctx.store.createLoadBalancer(record)) return record;
  const current = existing ?? (await ctx.store.snapshot()).loadBalancers.find((b) => b.name === input.name);
  if (current?.scheme === scheme) return current;
  throw new SluiceError('DuplicateLoadBalancerNameException', `A load balancer with the same name '${input.name}' exists, but with different settings`);
}

export async function describeLoadBalancers(ctx: RouterContext, input: { loadBalancerArns?: string[]; names?: string[]; marker?: string; pageSize?: number }): Promise<{ items: LoadBalancerRecord[]; nextMarker?: string }> {
  const config = await ctx.store.snapshot();
  let balancers = config.loadBalancers;
  if (input.loadBalancerArns?.length) balancers = input.loadBalancerArns.map((arn) => findLoadBalancer(config, arn));
  if (input.names?.length) {
    const names = input.names;
    balancers = balancers.filter((b) => names.includes(b.name));
    if (balancers.length < new Set(names).size) throw new SluiceError('LoadBalancerNotFoundException', 'One or more load balancers not found');
  }
  return pageOf(balancers, (b) => b.name, input);
}

/** Deletes the load balancer and its listeners (closing their ports); a missing one is not an error, as on ELB. */
export async function deleteLoadBalancer(ctx: RouterContext, arn: string): Promise<void> {
  await ctx.store.deleteLoadBalancer(arn);
  await ctx.plane.reload();
}
