/**
 * Elastic Load Balancing v2's error types, named as its API model names them. On the wire the
 * query protocol drops the `Exception` suffix (`TargetGroupNotFound`), all with HTTP 400.
 */
export const ElbErrorCode = {
  TargetGroupNotFoundException: 'TargetGroupNotFoundException',
  DuplicateTargetGroupNameException: 'DuplicateTargetGroupNameException',
  LoadBalancerNotFoundException: 'LoadBalancerNotFoundException',
  DuplicateLoadBalancerNameException: 'DuplicateLoadBalancerNameException',
  ListenerNotFoundException: 'ListenerNotFoundException',
  DuplicateListenerException: 'DuplicateListenerException',
  InvalidTargetException: 'InvalidTargetException',
  ResourceInUseException: 'ResourceInUseException',
  InvalidConfigurationRequestException: 'InvalidConfigurationRequestException',
  InvalidLoadBalancerActionException: 'InvalidLoadBalancerActionException',
  UnsupportedProtocolException: 'UnsupportedProtocolException',
  TooManyTargetGroupsException: 'TooManyTargetGroupsException',
  TooManyTargetsException: 'TooManyTargetsException',
  TooManyListenersException: 'TooManyListenersException',
  TooManyLoadBalancersException: 'TooManyLoadBalancersException',
  TooManyActionsException: 'TooManyActionsException',
} as const;
