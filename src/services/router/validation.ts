/**
 * Checks of the traffic router's input that the API model cannot express, with ELB's error
 * types and messages. Each throws on the first problem (ELB reports one at a time).
 */
import { SluiceError } from '../../model/errors.ts';
import { parseHttpCodes } from '../../router/http-codes.ts';
import type { TargetKey, WeightedTargetGroup } from '../../store/router-ports.ts';

/** ELB's limits, named in the errors that enforce them. */
export const ROUTER_LIMITS = {
  loadBalancers: 50,
  listenersPerLoadBalancer: 50,
  targetGroups: 3000,
  targetsPerTargetGroup: 1000,
  targetGroupsPerAction: 5,
  maxWeight: 999,
  maxDeregistrationDelaySeconds: 3600,
} as const;

const NAME = /^[A-Za-z0-9-]+$/;
const NAME_MAX = 32;

/** Target group and load balancer names: 1–32 alphanumerics or hyphens, no hyphen at either end. */
export function checkName(kind: 'Target group' | 'Load balancer', name: string): void {
  const problem = name.length > NAME_MAX ? `cannot be longer than '${NAME_MAX}' characters`
    : !NAME.test(name) ? 'can only contain characters that are alphanumeric characters or hyphens(-)'
      : name.startsWith('-') || name.endsWith('-') ? "cannot begin or end with '-'"
        : kind === 'Load balancer' && name.startsWith('internal-') ? "cannot begin with 'internal-'" : undefined;
  if (problem) throw new SluiceError('ValidationException', `${kind} name '${name}' ${problem}`);
}

export function checkProtocol(protocol: string | undefined, what: string): void {
  if (protocol !== undefined && protocol !== 'HTTP') {
    throw new SluiceError('UnsupportedProtocolException', `Protocol '${protocol}' is not supported for ${what}: Sluice's router serves HTTP only`);
  }
}

export function checkHealthCheckPath(path: string): void {
  if (!path.startsWith('/') || path.length > 1024) throw new SluiceError('ValidationException', `Health check path '${path}' must begin with '/' and be at most 1024 characters`);
}

export function checkMatcher(matcher: string): void {
  if (!parseHttpCodes(matcher)) {
    throw new SluiceError('ValidationException', `Health check matcher HTTP code '${matcher}' must be codes or ranges between 200 and 499, such as '200', '200,202' or '200-299'`);
  }
}

export function checkHealthCheckPort(port: string): void {
  const n = Number(port);
  if (port !== 'traffic-port' && !(Number.isInteger(n) && n >= 1 && n <= 65535)) {
    throw new SluiceError('ValidationException', `Health check port '${port}' must be 'traffic-port' or a port between 1 and 65535`);
  }
}

/** The timeout must be shorter than the interval, as ELB requires. */
export function checkTiming(intervalSeconds: number, timeoutSeconds: number): void {
  if (timeoutSeconds >= intervalSeconds) {
    throw new SluiceError('ValidationException', `Health check timeout '${timeoutSeconds}' must be smaller than the interval '${intervalSeconds}'`);
  }
}

const HOST = /^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$|^\[?[0-9A-Fa-f:.]+\]?$/;

/** Targets as registered: a host name or IP address and a port (the group's when left out). */
export function targetKeysOf(targets: { id: string; port?: number }[], groupPort: number): TargetKey[] {
  return targets.map((t) => {
    if (!HOST.test(t.id)) throw new SluiceError('InvalidTargetException', `The target Id '${t.id}' is not a valid IP address or host name`);
    return { id: t.id, port: t.port ?? groupPort };
  });
}

/**
 * The one forward action of a listener: `Type: forward` with `TargetGroupArn` or
 * `ForwardConfig.TargetGroups` (or both, naming the same single group), weights 0–999 with at
 * least one above 0, each group once, at most five.
 */
export function forwardOf(actions: { type: string; targetGroupArn?: string; forwardConfig?: { targetGroups?: { targetGroupArn?: string; weight?: number }[] } }[]): WeightedTargetGroup[] {
  if (actions.length === 0) throw new SluiceError('ValidationException', 'A listener must have one default action');
  if (actions.length > 1) throw new SluiceError('TooManyActionsException', `A listener's default actions must be exactly one forward action (got ${actions.length})`);
  const [action] = actions as [typeof actions[number]];
  if (action.type !== 'forward') throw new SluiceError('InvalidLoadBalancerActionException', `Action type '${action.type}' is not supported: Sluice's router serves forward actions only`);
  const listed = action.forwardConfig?.targetGroups ?? [];
  if (listed.length === 0) {
    if (action.targetGroupArn === undefined) throw new SluiceError('ValidationException', 'A forward action must name a target group in TargetGroupArn or ForwardConfig');
    return [{ targetGroupArn: action.targetGroupArn, weight: 1 }];
  }
  const forward = listed.map((g) => {
    if (g.targetGroupArn === undefined) throw new SluiceError('ValidationException', 'Each target group of ForwardConfig must have a TargetGroupArn');
    return { targetGroupArn: g.targetGroupArn, weight: g.weight ?? 1 };
  });
  checkWeights(forward);
  if (action.targetGroupArn !== undefined && (forward.length !== 1 || forward[0]?.targetGroupArn !== action.targetGroupArn)) {
    throw new SluiceError('InvalidLoadBalancerActionException', 'TargetGroupArn and ForwardConfig must name the same single target group when both are given');
  }
  return forward;
}

export function checkWeights(forward: WeightedTargetGroup[]): void {
  if (forward.length > ROUTER_LIMITS.targetGroupsPerAction) {
    throw new SluiceError('TooManyActionsException', `A forward action can have at most ${ROUTER_LIMITS.targetGroupsPerAction} target groups (got ${forward.length})`);
  }
  const arns = forward.map((f) => f.targetGroupArn);
  const repeated = arns.find((arn, i) => arns.indexOf(arn) !== i);
  if (repeated !== undefined) throw new SluiceError('InvalidLoadBalancerActionException', `Target group '${repeated}' appears more than once in the forward action`);
  for (const f of forward) {
    if (!Number.isInteger(f.weight) || f.weight < 0 || f.weight > ROUTER_LIMITS.maxWeight) {
      throw new SluiceError('ValidationException', `Weight ${f.weight} of target group '${f.targetGroupArn}' must be between 0 and ${ROUTER_LIMITS.maxWeight}`);
    }
  }
  if (forward.every((f) => f.weight === 0)) {
    throw new SluiceError('InvalidLoadBalancerActionException', 'At least one target group of a forward action must have a weight greater than 0');
  }
}
