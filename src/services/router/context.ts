/**
 * What the traffic router's use cases share: the store, the data plane of this process, ARNs,
 * the clock, and lookups with ELB's not-found errors.
 */
import type { EventEmitter } from 'node:events';
import { SluiceError } from '../../model/errors.ts';
import type { TargetHealthView } from '../../router/target-health.ts';
import type { ListenerRecord, LoadBalancerRecord, RouterConfig, RouterStore, TargetGroupRecord, TargetRecord } from '../../store/router-ports.ts';
import type { RouterArns } from './arns.ts';

/** The data plane as the use cases see it (`router/data-plane.ts`). */
export interface RouterPlane {
  /** Applies the store's configuration; resolves once it is in effect. */
  reload(): Promise<void>;
  /** Opens a port for a listener about to be stored; the returned function gives it up. */
  reservePort(port: number): Promise<() => Promise<void>>;
  targetHealth(target: TargetRecord): TargetHealthView;
  readonly events: EventEmitter<{ changed: [] }>;
}

export interface RouterContext {
  store: RouterStore;
  plane: RouterPlane;
  arns: RouterArns;
  now(): number;
  /** Length of one "second" of the ELB settings, ms (see `router/options.ts`). */
  secondMs: number;
  /** The address listeners bind, shown as a load balancer's DNSName. */
  host: string;
}

export function findTargetGroup(config: RouterConfig, arn: string): TargetGroupRecord {
  const group = config.targetGroups.find((g) => g.arn === arn);
  if (!group) throw new SluiceError('TargetGroupNotFoundException', `Target group '${arn}' not found`);
  return group;
}

export function findTargetGroupByName(config: RouterConfig, name: string): TargetGroupRecord {
  const group = config.targetGroups.find((g) => g.name === name);
  if (!group) throw new SluiceError('TargetGroupNotFoundException', `Target group '${name}' not found`);
  return group;
}

export function findLoadBalancer(config: RouterConfig, arn: string): LoadBalancerRecord {
  const balancer = config.loadBalancers.find((b) => b.arn === arn);
  if (!balancer) throw new SluiceError('LoadBalancerNotFoundException', `Load balancer '${arn}' not found`);
  return balancer;
}

export function findListener(config: RouterConfig, arn: string): ListenerRecord {
  const listener = config.listeners.find((l) => l.arn === arn);
  if (!listener) throw new SluiceError('ListenerNotFoundException', `Listener '${arn}' not found`);
  return listener;
}

/** A page of `items` in `keyOf` order after `marker` (the last key of the previous page); the next page's marker when there is one. */
export function pageOf<T>(items: T[], keyOf: (item: T) => string, page: { marker?: string; pageSize?: number }): { items: T[]; nextMarker?: string } {
  const sorted = [...items].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  const after = page.marker === undefined ? sorted : sorted.filter((i) => keyOf(i) > (page.marker ?? ''));
  const size = page.pageSize ?? 400;
  const shown = after.slice(0, size);
  const last = shown[shown.length - 1];
  return after.length > size && last !== undefined ? { items: shown, nextMarker: keyOf(last) } : { items: shown };
}
