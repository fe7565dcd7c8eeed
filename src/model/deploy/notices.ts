/**
 * Deployment notices as bus events, in CodeDeploy's shape: `source: aws.codedeploy`, detail-types
 * `CodeDeploy Deployment State-change Notification` and `CodeDeploy Instance State-change
 * Notification`, detail `{ region, deploymentId, instanceGroupId, deploymentGroup, application,
 * state[, instanceId] }`.
 */
import { eventTime, type BusEvent } from '../events/envelope.ts';
import type { DeploymentRecord, DeployNotice } from './deployment.ts';

export const DEPLOYMENT_STATE_CHANGE = 'CodeDeploy Deployment State-change Notification';
export const INSTANCE_STATE_CHANGE = 'CodeDeploy Instance State-change Notification';

export function applicationArn(region: string, account: string, name: string): string {
  return `arn:aws:codedeploy:${region}:${account}:application:${name}`;
}

export function deploymentGroupArn(region: string, account: string, application: string, group: string): string {
  return `arn:aws:codedeploy:${region}:${account}:deploymentgroup:${application}/${group}`;
}

export function instanceArn(region: string, account: string, name: string): string {
  return `arn:aws:codedeploy:${region}:${account}:instance/${name}`;
}

export function noticeEvents(d: DeploymentRecord, notices: readonly DeployNotice[], scope: { region: string; account: string; now: number; uuid(): string }): BusEvent[] {
  return notices.map((n) => ({
    version: '0', id: scope.uuid(), source: 'aws.codedeploy',
    'detail-type': n.kind === 'deployment' ? DEPLOYMENT_STATE_CHANGE : INSTANCE_STATE_CHANGE,
    account: scope.account, time: eventTime(scope.now), region: scope.region,
    resources: [
      applicationArn(scope.region, scope.account, d.applicationName), deploymentGroupArn(scope.region, scope.account, d.applicationName, d.deploymentGroupName),
      ...(n.instanceName !== undefined ? [instanceArn(scope.region, scope.account, n.instanceName)] : []),
    ],
    detail: {
      region: scope.region, deploymentId: d.deploymentId, instanceGroupId: d.deploymentGroupId, deploymentGroup: d.deploymentGroupName,
      application: d.applicationName, state: n.state, ...(n.instanceName !== undefined && { instanceId: n.instanceName }),
    },
  }));
}
