/**
 * The traffic router's records in Elastic Load Balancing v2's output shapes (lower-camel member
 * names of the model, see `api/iam/query-model.ts`). Fields Sluice has no counterpart for (VPCs,
 * zones, security groups) are left out.
 */
import type { TargetHealthEntry } from '../../services/router/targets.ts';
import type { TargetGroupView } from '../../services/router/target-groups.ts';
import type { ListenerRecord, LoadBalancerRecord } from '../../store/router-ports.ts';

export function renderTargetGroup({ group, loadBalancerArns }: TargetGroupView): object {
  const hc = group.healthCheck;
  return {
    targetGroupArn: group.arn, targetGroupName: group.name, protocol: group.protocol, port: group.port,
    healthCheckProtocol: 'HTTP', healthCheckPort: hc.port, healthCheckEnabled: true,
    healthCheckIntervalSeconds: hc.intervalSeconds, healthCheckTimeoutSeconds: hc.timeoutSeconds,
    healthyThresholdCount: hc.healthyThreshold, unhealthyThresholdCount: hc.unhealthyThreshold,
    healthCheckPath: hc.path, matcher: { httpCode: hc.matcher }, loadBalancerArns,
    targetType: group.targetType, protocolVersion: 'HTTP1', ipAddressType: 'ipv4',
  };
}

/** `host` is the address the listeners bind, shown as the DNS name. */
export function renderLoadBalancer(balancer: LoadBalancerRecord, host: string): object {
  return {
    loadBalancerArn: balancer.arn, dNSName: host, createdTime: balancer.created, loadBalancerName: balancer.name,
    scheme: balancer.scheme, state: { code: 'active' }, type: 'application', ipAddressType: 'ipv4',
  };
}

export function renderListener(listener: ListenerRecord): object {
  const single = listener.forward.length === 1 ? listener.forward[0] : undefined;
  return {
    listenerArn: listener.arn, loadBalancerArn: listener.loadBalancerArn, port: listener.port, protocol: listener.protocol,
    defaultActions: [{
      type: 'forward',
      ...(single && { targetGroupArn: single.targetGroupArn }),
      forwardConfig: {
        targetGroups: listener.forward.map((f) => ({ targetGroupArn: f.targetGroupArn, weight: f.weight })),
        targetGroupStickinessConfig: { enabled: false },
      },
    }],
  };
}

export function renderTargetHealth(entry: TargetHealthEntry): object {
  return {
    target: { id: entry.target.id, port: entry.target.port },
    healthCheckPort: entry.healthCheckPort,
    targetHealth: { state: entry.health.state, ...(entry.health.reason !== undefined && { reason: entry.health.reason, description: entry.health.description }) },
  };
}
