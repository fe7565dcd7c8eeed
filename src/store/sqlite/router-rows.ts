/**
 * Rows of the traffic router's tables and their records (see migration 0015). Health check
 * settings are one JSON column: they are read and written as a whole.
 */
import type { HealthCheckSettings, ListenerRecord, LoadBalancerRecord, TargetGroupRecord, TargetRecord, WeightedTargetGroup } from '../router-ports.ts';

export interface LoadBalancerRow { arn: string; name: string; scheme: string; created: number }
export interface TargetGroupRow {
  arn: string; name: string; protocol: string; port: number; target_type: string;
  health_check: string; deregistration_delay_seconds: number; created: number;
}
export interface ListenerRow { arn: string; load_balancer_arn: string; port: number; protocol: string; created: number }
export interface ForwardRow { listener_arn: string; target_group_arn: string; weight: number }
export interface TargetRow { target_group_arn: string; id: string; port: number; registered: number; draining_until: number | null }

export function toLoadBalancer(row: LoadBalancerRow): LoadBalancerRecord {
  return { arn: row.arn, name: row.name, scheme: row.scheme as LoadBalancerRecord['scheme'], created: row.created };
}

export function toTargetGroup(row: TargetGroupRow): TargetGroupRecord {
  return {
    arn: row.arn, name: row.name, protocol: 'HTTP', port: row.port, targetType: 'ip',
    healthCheck: JSON.parse(row.health_check) as HealthCheckSettings,
    deregistrationDelaySeconds: row.deregistration_delay_seconds, created: row.created,
  };
}

/** The listener with its forward rows (already in position order). */
export function toListener(row: ListenerRow, forwards: ForwardRow[]): ListenerRecord {
  const forward: WeightedTargetGroup[] = forwards.map((f) => ({ targetGroupArn: f.target_group_arn, weight: f.weight }));
  return { arn: row.arn, loadBalancerArn: row.load_balancer_arn, port: row.port, protocol: 'HTTP', forward, created: row.created };
}

export function toTarget(row: TargetRow): TargetRecord {
  return {
    targetGroupArn: row.target_group_arn, id: row.id, port: row.port, registered: row.registered,
    ...(row.draining_until !== null && { drainingUntil: row.draining_until }),
  };
}
