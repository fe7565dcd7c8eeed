/**
 * Traffic control: how the deploy service moves a host out of and back into its load balancer's
 * target groups (the reserved BlockTraffic and AllowTraffic events), and later shifts weights for
 * blue/green and canary/linear deployments. The orchestrator hands these events to a
 * `TrafficControl` and records the outcome like any lifecycle event; a group without a load
 * balancer uses `NO_TRAFFIC_CONTROL`, which succeeds at once.
 */

/** What one traffic event is about. */
export interface TrafficRequest {
  deploymentId: string;
  applicationName: string;
  deploymentGroupName: string;
  /** The on-premises instance and its ARN. */
  instanceName: string;
  instanceArn: string;
  /** `BlockTraffic` or `AllowTraffic`. */
  eventName: string;
  /** The group's `loadBalancerInfo.targetGroupInfoList` names. */
  targetGroups: string[];
}

export interface TrafficOutcome {
  status: 'Succeeded' | 'Failed';
  /** Why it failed, for the lifecycle event's diagnostics. */
  message?: string;
}

export interface TrafficControl {
  /** Carries the event out; resolves when the host is out of (or back in) its target groups. */
  apply(request: TrafficRequest, signal: AbortSignal): Promise<TrafficOutcome>;
  /** Moves `weightPercent` of the traffic to the replacement targets (blue/green, canary, linear). */
  shift?(request: { deploymentId: string; targetGroups: string[]; weightPercent: number }, signal: AbortSignal): Promise<TrafficOutcome>;
}

/** For groups without a load balancer: nothing to move, every traffic event succeeds. */
export const NO_TRAFFIC_CONTROL: TrafficControl = {
  apply: () => Promise.resolve({ status: 'Succeeded' }),
};

/**
 * The weights of a time-based traffic shift, as `{afterMinutes, weightPercent}` steps: canary
 * (X% at once, the rest after the interval), linear (X% more every interval up to 100), all at once.
 */
export function trafficSteps(routing: { type: string; timeBasedCanary?: { canaryPercentage?: number; canaryInterval?: number }; timeBasedLinear?: { linearPercentage?: number; linearInterval?: number } }): { afterMinutes: number; weightPercent: number }[] {
  if (routing.type === 'TimeBasedCanary') {
    const { canaryPercentage = 10, canaryInterval = 5 } = routing.timeBasedCanary ?? {};
    return [{ afterMinutes: 0, weightPercent: canaryPercentage }, { afterMinutes: canaryInterval, weightPercent: 100 }];
  }
  if (routing.type === 'TimeBasedLinear') {
    const { linearPercentage = 10, linearInterval = 1 } = routing.timeBasedLinear ?? {};
    const steps: { afterMinutes: number; weightPercent: number }[] = [];
    for (let i = 0; ; i++) {
      const weightPercent = Math.min(100, linearPercentage * (i + 1));
      steps.push({ afterMinutes: i * linearInterval, weightPercent });
      if (weightPercent === 100) return steps;
    }
  }
  return [{ afterMinutes: 0, weightPercent: 100 }];
}
