/**
 * Lifecycle events of server deployments, in the order they run on a host (spec appspec.md §3).
 * Scriptable events run the appspec's hooks on the host; reserved ones are done by the agent
 * (DownloadBundle, Install) or by the service through its traffic control (BlockTraffic,
 * AllowTraffic).
 */

export const SCRIPTABLE_EVENTS = [
  'ApplicationStop', 'BeforeInstall', 'AfterInstall', 'ApplicationStart', 'ValidateService',
  'BeforeBlockTraffic', 'AfterBlockTraffic', 'BeforeAllowTraffic', 'AfterAllowTraffic',
] as const;

/** Events the service itself carries out (the load balancer's registrations), never sent to an agent. */
export const TRAFFIC_EVENTS: ReadonlySet<string> = new Set(['BlockTraffic', 'AllowTraffic']);

const BLOCK = ['BeforeBlockTraffic', 'BlockTraffic', 'AfterBlockTraffic'];
const INSTALL = ['ApplicationStop', 'DownloadBundle', 'BeforeInstall', 'Install', 'AfterInstall', 'ApplicationStart', 'ValidateService'];
const ALLOW = ['BeforeAllowTraffic', 'AllowTraffic', 'AfterAllowTraffic'];

/** In-place: the traffic events only when the group routes traffic through a load balancer. */
export function inPlaceEvents(loadBalanced: boolean): string[] {
  return loadBalanced ? [...BLOCK, ...INSTALL, ...ALLOW] : [...INSTALL];
}

/** Blue/green: what replacement (green) hosts run, and what original (blue) hosts run. */
export function blueGreenEvents(role: 'replacement' | 'original'): string[] {
  return role === 'replacement' ? [...INSTALL, ...ALLOW] : [...BLOCK];
}

/** Rollback of blue/green: originals take traffic back, replacements give it up. */
export function blueGreenRollbackEvents(role: 'replacement' | 'original'): string[] {
  return role === 'original' ? [...ALLOW] : [...BLOCK];
}

/** Whether the service runs the event through traffic control instead of the host's agent. */
export function isTrafficEvent(name: string): boolean {
  return TRAFFIC_EVENTS.has(name);
}
