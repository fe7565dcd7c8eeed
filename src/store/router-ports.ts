/**
 * Store port of the traffic router (an Elastic Load Balancing v2 subset): load balancers, their
 * HTTP listeners with weighted forward actions, target groups with health check settings, and
 * registered targets. Only configuration lives here; health is measured by each server process
 * and kept in its memory (see `router/data-plane.ts`).
 *
 * The configuration is small (tens of rows), so the data plane reads all of it at once with
 * `snapshot()` and every other read is a filter over that snapshot.
 */

export interface HealthCheckSettings {
  /** `/health`; always starts with `/`. */
  path: string;
  intervalSeconds: number;
  timeoutSeconds: number;
  /** Consecutive passes that make an unhealthy target healthy. */
  healthyThreshold: number;
  /** Consecutive failures that make a target unhealthy. */
  unhealthyThreshold: number;
  /** ELB's matcher syntax: `200`, `200,202`, `200-299`. */
  matcher: string;
  /** `traffic-port` (the target's own port) or a port number. */
  port: string;
}

export interface TargetGroupRecord {
  /** `arn:aws:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<16 hex>` */
  arn: string;
  name: string;
  protocol: 'HTTP';
  /** The port of targets registered without one. */
  port: number;
  targetType: 'ip';
  healthCheck: HealthCheckSettings;
  /** `deregistration_delay.timeout_seconds`: how long a deregistered target drains at most. */
  deregistrationDelaySeconds: number;
  created: number;
}

export interface LoadBalancerRecord {
  /** `arn:aws:elasticloadbalancing:<region>:<account>:loadbalancer/app/<name>/<16 hex>` */
  arn: string;
  name: string;
  scheme: 'internet-facing' | 'internal';
  created: number;
}

export interface WeightedTargetGroup {
  targetGroupArn: string;
  /** 0–999, relative to the other groups of the action. */
  weight: number;
}

export interface ListenerRecord {
  /** `arn:aws:elasticloadbalancing:<region>:<account>:listener/app/<lb name>/<lb id>/<16 hex>` */
  arn: string;
  loadBalancerArn: string;
  port: number;
  protocol: 'HTTP';
  /** The default action: forward to these groups by weight. */
  forward: WeightedTargetGroup[];
  created: number;
}

export interface TargetRecord {
  targetGroupArn: string;
  /** An IP address or host name. */
  id: string;
  port: number;
  registered: number;
  /** Set while the target drains after DeregisterTargets: the moment draining ends at the latest. */
  drainingUntil?: number;
}

export interface RouterConfig {
  loadBalancers: LoadBalancerRecord[];
  targetGroups: TargetGroupRecord[];
  listeners: ListenerRecord[];
  targets: TargetRecord[];
}

/** A target's identity inside its group. */
export interface TargetKey { id: string; port: number }

/** Why a listener could not be stored. */
export type ListenerWriteResult = 'ok' | 'missing' | 'missing-load-balancer' | 'missing-target-group' | 'duplicate-port';

export interface RouterStore {
  /** Every load balancer, listener, target group and target, read in one snapshot. */
  snapshot(): Promise<RouterConfig>;
  /** False when a load balancer of that name exists. */
  createLoadBalancer(record: LoadBalancerRecord): Promise<boolean>;
  /** Removes the load balancer and its listeners; false when there was none. */
  deleteLoadBalancer(arn: string): Promise<boolean>;
  /** False when a target group of that name exists. */
  createTargetGroup(record: TargetGroupRecord): Promise<boolean>;
  /** Replaces the group's settings (not its name or ARN); false when there is none. */
  updateTargetGroup(record: TargetGroupRecord): Promise<boolean>;
  /** Removes the group and its targets, unless a listener forwards to it. */
  deleteTargetGroup(arn: string): Promise<'deleted' | 'missing' | 'in-use'>;
  /** Adds the listener; its port is unique across every load balancer (they share one host). */
  createListener(record: ListenerRecord): Promise<ListenerWriteResult>;
  /** Changes the listener's port and forward action, checked as on create. */
  updateListener(arn: string, change: { port: number; forward: WeightedTargetGroup[] }): Promise<ListenerWriteResult>;
  /** False when there was no such listener. */
  deleteListener(arn: string): Promise<boolean>;
  /** Adds the targets, or makes draining ones registered again; false when the group does not exist. */
  registerTargets(targetGroupArn: string, targets: TargetKey[], now: number): Promise<boolean>;
  /** Starts draining registered targets (those already draining keep their deadline); false when the group does not exist. */
  drainTargets(targetGroupArn: string, targets: TargetKey[], until: number): Promise<boolean>;
  /** Removes targets that are draining (a target registered again meanwhile stays). */
  removeDrainedTargets(targetGroupArn: string, targets: TargetKey[]): Promise<void>;
}
