/**
 * The status vocabularies of deployments (CodeDeploy), spelled as the CodeDeploy_20141006 model
 * spells its enums.
 *
 * Terminology:
 * - application: a named set of deployment groups and the revisions deployed to them.
 * - deployment group: the hosts one deployment goes to (on-premises instances chosen by tags),
 *   with the deployment config, style, load balancer and rollback settings used by default.
 * - deployment config: how many hosts must stay healthy (servers), or how traffic shifts.
 * - revision: the bundle deployed (a zip or tar with `appspec.yml` at its root).
 * - target: one host of one deployment, with the status of each of its lifecycle events.
 * - host command: one lifecycle event of one target, handed to the host's agent (host-commands.ts).
 */

export const DeploymentStatus = {
  Created: 'Created',
  Queued: 'Queued',
  InProgress: 'InProgress',
  Baking: 'Baking',
  Succeeded: 'Succeeded',
  Failed: 'Failed',
  Stopped: 'Stopped',
  Ready: 'Ready',
} as const;
export type DeploymentStatus = (typeof DeploymentStatus)[keyof typeof DeploymentStatus];

const TERMINAL_DEPLOYMENT: ReadonlySet<DeploymentStatus> = new Set(['Succeeded', 'Failed', 'Stopped']);

/** A deployment in a terminal status changes no more. */
export function isTerminalDeployment(status: DeploymentStatus): boolean {
  return TERMINAL_DEPLOYMENT.has(status);
}

/** The status of one host of a deployment (`TargetStatus`; the older `InstanceStatus` has the same values). */
export const TargetStatus = {
  Pending: 'Pending',
  InProgress: 'InProgress',
  Succeeded: 'Succeeded',
  Failed: 'Failed',
  Skipped: 'Skipped',
  Unknown: 'Unknown',
  Ready: 'Ready',
} as const;
export type TargetStatus = (typeof TargetStatus)[keyof typeof TargetStatus];

const TERMINAL_TARGET: ReadonlySet<TargetStatus> = new Set(['Succeeded', 'Failed', 'Skipped']);

export function isTerminalTarget(status: TargetStatus): boolean {
  return TERMINAL_TARGET.has(status);
}

export const LifecycleEventStatus = {
  Pending: 'Pending',
  InProgress: 'InProgress',
  Succeeded: 'Succeeded',
  Failed: 'Failed',
  Skipped: 'Skipped',
  Unknown: 'Unknown',
} as const;
export type LifecycleEventStatus = (typeof LifecycleEventStatus)[keyof typeof LifecycleEventStatus];

export const DeploymentCreator = {
  user: 'user',
  autoscaling: 'autoscaling',
  codeDeployRollback: 'codeDeployRollback',
  CodeDeploy: 'CodeDeploy',
  CodeDeployAutoUpdate: 'CodeDeployAutoUpdate',
  CloudFormation: 'CloudFormation',
  CloudFormationRollback: 'CloudFormationRollback',
  autoscalingTermination: 'autoscalingTermination',
} as const;
export type DeploymentCreator = (typeof DeploymentCreator)[keyof typeof DeploymentCreator];

/** `ErrorInformation.code` of a deployment that did not succeed (the model's `ErrorCode` enum, the codes Sluice sets). */
export const DeploymentErrorCode = {
  HEALTH_CONSTRAINTS: 'HEALTH_CONSTRAINTS',
  HEALTH_CONSTRAINTS_INVALID: 'HEALTH_CONSTRAINTS_INVALID',
  NO_INSTANCES: 'NO_INSTANCES',
  MANUAL_STOP: 'MANUAL_STOP',
  AGENT_ISSUE: 'AGENT_ISSUE',
  REVISION_MISSING: 'REVISION_MISSING',
  INTERNAL_ERROR: 'INTERNAL_ERROR',
  TIMEOUT: 'TIMEOUT',
} as const;
export type DeploymentErrorCode = (typeof DeploymentErrorCode)[keyof typeof DeploymentErrorCode];

export const ComputePlatform = { Server: 'Server', Lambda: 'Lambda', ECS: 'ECS' } as const;
export type ComputePlatform = (typeof ComputePlatform)[keyof typeof ComputePlatform];

export type DeploymentType = 'IN_PLACE' | 'BLUE_GREEN';
export type DeploymentOption = 'WITH_TRAFFIC_CONTROL' | 'WITHOUT_TRAFFIC_CONTROL';
export type FileExistsBehavior = 'DISALLOW' | 'OVERWRITE' | 'RETAIN';
export type AutoRollbackEvent = 'DEPLOYMENT_FAILURE' | 'DEPLOYMENT_STOP_ON_ALARM' | 'DEPLOYMENT_STOP_ON_REQUEST';
export type RegistrationStatus = 'Registered' | 'Deregistered';
