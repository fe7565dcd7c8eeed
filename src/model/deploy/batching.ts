/**
 * The minimum-healthy-hosts rule of server deployments (spec appspec.md §4), as pure functions:
 * how many hosts must stay healthy, in which order hosts are deployed, and — given where every
 * host stands — which hosts to start now or how the deployment ended.
 *
 * A host counts as healthy while it serves the old revision and its last deployment did not fail
 * (or once it succeeds in this one); a host being deployed is offline; a host that failed is
 * unhealthy. Taking an already unhealthy host offline costs no health, which is why hosts whose
 * last deployment failed go first.
 */
import { DEFAULT_SERVER_CONFIG, type MinimumHealthyHosts } from './configs.ts';

export interface HealthRule {
  /** Hosts that must stay healthy. */
  minimum: number;
  /** Hosts that may be deployed at once. */
  batchSize: number;
}

/**
 * The rule for `hostCount` hosts, or why the config cannot be met. Percentages round up. The
 * default OneAtATime (99%) means "all but one", one host at a time; a single host may be deployed.
 */
export function healthRuleOf(configName: string, min: MinimumHealthyHosts, hostCount: number): HealthRule | { unmet: string } {
  if (configName === DEFAULT_SERVER_CONFIG) return { minimum: Math.max(hostCount - 1, 0), batchSize: 1 };
  const minimum = min.type === 'HOST_COUNT' ? min.value : Math.ceil((hostCount * min.value) / 100);
  if (minimum >= hostCount) {
    return { unmet: `The deployment config ${configName} needs ${minimum} healthy instance(s) at all times, but the deployment has ${hostCount} instance(s): none could be taken offline.` };
  }
  return { minimum, batchSize: Math.max(1, hostCount - minimum) };
}

/** Where a host stood before this deployment: its last deployment's result and revision. */
export interface HostHistory {
  name: string;
  lastResult?: 'Succeeded' | 'Failed';
  /** Whether the host runs the revision being deployed, another one, or nobody knows. */
  revision: 'current' | 'old' | 'unknown';
}

const RANK = (h: HostHistory): number => (h.lastResult === 'Failed' ? 0 : h.revision === 'unknown' ? 1 : h.revision === 'old' ? 2 : 3);

/** Deployment order: last failed, unknown revision, old revision, current revision; by name within each. */
export function orderHosts<T extends HostHistory>(hosts: readonly T[]): T[] {
  return [...hosts].sort((a, b) => RANK(a) - RANK(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export type HostProgress = 'Waiting' | 'InFlight' | 'Succeeded' | 'Failed';

export interface BatchHost {
  name: string;
  progress: HostProgress;
  /** False when the host's last deployment failed: it is not healthy while it waits. */
  healthyBefore: boolean;
}

export type BatchDecision =
  | { kind: 'continue'; start: string[] }
  | { kind: 'done'; status: 'Succeeded' | 'Failed'; succeeded: number; needed: number };

/** `hosts` in deployment order. Starts what the rule allows; ends the deployment when nothing more can happen or success is out of reach. */
export function decideBatch(hosts: readonly BatchHost[], rule: HealthRule): BatchDecision {
  const count = (p: HostProgress): number => hosts.filter((h) => h.progress === p).length;
  const succeeded = count('Succeeded');
  const needed = Math.max(rule.minimum, 1);
  let inFlight = count('InFlight');
  let healthy = hosts.filter((h) => h.progress === 'Succeeded' || (h.progress === 'Waiting' && h.healthyBefore)).length;
  const waiting = hosts.filter((h) => h.progress === 'Waiting');
  if (succeeded + inFlight + waiting.length < needed) return { kind: 'done', status: 'Failed', succeeded, needed };
  const start: string[] = [];
  for (const host of waiting) {
    if (inFlight >= rule.batchSize) break;
    if (host.healthyBefore) {
      if (healthy - 1 < rule.minimum) continue;
      healthy--;
    }
    start.push(host.name);
    inFlight++;
  }
  if (inFlight > 0) return { kind: 'continue', start };
  // Nothing runs and nothing may start: hosts left waiting mean the health rule stopped the deployment.
  const status = waiting.length === 0 && succeeded >= needed ? 'Succeeded' : 'Failed';
  return { kind: 'done', status, succeeded, needed };
}
