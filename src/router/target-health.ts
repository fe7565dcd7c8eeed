/**
 * A target's health as Elastic Load Balancing reports it, and the pure calculator that moves it
 * on after each health check. Terminology (AWS's spellings):
 *
 * - `initial`: registered, not yet checked (`Elb.RegistrationInProgress`) or checked but not yet
 *   decided (`Elb.InitialHealthChecking`). One passed check makes it `healthy`, as on ALB;
 *   `UnhealthyThresholdCount` failed ones make it `unhealthy`.
 * - `healthy`: routed to. `UnhealthyThresholdCount` consecutive failures make it `unhealthy`.
 * - `unhealthy`: not routed to (unless its whole group is, see the fail-open rule in
 *   `target-choice.ts`). `HealthyThresholdCount` consecutive passes make it `healthy`.
 * - `draining`: deregistered, finishing its in-flight requests (`Target.DeregistrationInProgress`).
 * - `unused`: its group receives no traffic from any listener, so it is not checked (`Target.NotInUse`).
 */

export const TargetHealthState = {
  Initial: 'initial',
  Healthy: 'healthy',
  Unhealthy: 'unhealthy',
  Unused: 'unused',
  Draining: 'draining',
} as const;
export type TargetHealthState = (typeof TargetHealthState)[keyof typeof TargetHealthState];

/** What DescribeTargetHealth shows for one target. */
export interface TargetHealthView {
  state: TargetHealthState;
  reason?: string;
  description?: string;
}

/** A checked target's health with the streaks that move it. */
export interface MeasuredHealth extends TargetHealthView {
  state: 'initial' | 'healthy' | 'unhealthy';
  /** Consecutive passed checks. */
  passes: number;
  /** Consecutive failed checks. */
  failures: number;
}

/** The outcome of one health check: passed, or failed with ELB's reason code and description. */
export type CheckResult = { ok: true } | { ok: false; reason: string; description: string };

export const REGISTERING: MeasuredHealth = {
  state: 'initial', reason: 'Elb.RegistrationInProgress', description: 'Target registration is in progress', passes: 0, failures: 0,
};
export const DRAINING: TargetHealthView = { state: 'draining', reason: 'Target.DeregistrationInProgress', description: 'Target deregistration is in progress' };
export const UNUSED: TargetHealthView = { state: 'unused', reason: 'Target.NotInUse', description: 'Target group is not configured to receive traffic from the load balancer' };
export const NOT_REGISTERED: TargetHealthView = { state: 'unused', reason: 'Target.NotRegistered', description: 'Target is not registered to the target group' };

export interface Thresholds { healthyThreshold: number; unhealthyThreshold: number }

/** The health after one more check. */
export function calcTargetHealth(current: MeasuredHealth, result: CheckResult, thresholds: Thresholds): MeasuredHealth {
  if (result.ok) {
    const passes = current.passes + 1;
    const healthy = current.state !== 'unhealthy' || passes >= thresholds.healthyThreshold;
    if (healthy) return { state: 'healthy', passes, failures: 0 };
    return { ...current, passes, failures: 0 };
  }
  const failures = current.failures + 1;
  if (failures >= thresholds.unhealthyThreshold || current.state === 'unhealthy') {
    return { state: 'unhealthy', reason: result.reason, description: result.description, passes: 0, failures };
  }
  if (current.state === 'initial') {
    return { state: 'initial', reason: 'Elb.InitialHealthChecking', description: 'Initial health checks in progress', passes: 0, failures };
  }
  return { ...current, passes: 0, failures };
}
