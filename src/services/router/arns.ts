/**
 * ARNs of the traffic router's resources, shaped as Elastic Load Balancing's:
 *
 *   arn:aws:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<16 hex>
 *   arn:aws:elasticloadbalancing:<region>:<account>:loadbalancer/app/<name>/<16 hex>
 *   arn:aws:elasticloadbalancing:<region>:<account>:listener/app/<lb name>/<lb id>/<16 hex>
 */

export interface RouterArns {
  targetGroup(name: string): string;
  loadBalancer(name: string): string;
  listener(loadBalancerArn: string): string;
}

export function makeRouterArns(scope: { region: string; accountId: string }, newId: () => string): RouterArns {
  const prefix = `arn:aws:elasticloadbalancing:${scope.region}:${scope.accountId}:`;
  return {
    targetGroup: (name) => `${prefix}targetgroup/${name}/${newId()}`,
    loadBalancer: (name) => `${prefix}loadbalancer/app/${name}/${newId()}`,
    listener: (loadBalancerArn) => `${prefix}listener/${loadBalancerArn.slice(prefix.length + 'loadbalancer/'.length)}/${newId()}`,
  };
}

/** The name part of a target group ARN (`my-tg`), or the ARN itself when it is not one. */
export function targetGroupNameOf(arn: string): string {
  return /:targetgroup\/([^/]+)\//.exec(arn)?.[1] ?? arn;
}
