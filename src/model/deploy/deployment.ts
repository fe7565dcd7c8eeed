/**
 * A deployment as the deploy service keeps it: the deployment record, one target per host with
 * the status of each lifecycle event, and the host commands handed out for those events. Pure
 * data: the store persists it, `advance.ts` decides what happens next.
 */
import type { MinimumHealthyHosts } from './configs.ts';
import type { CommandDiagnostics } from './host-commands.ts';
import type {
  AutoRollbackEvent, DeploymentCreator, DeploymentErrorCode, DeploymentOption, DeploymentStatus, DeploymentType,
  FileExistsBehavior, LifecycleEventStatus, TargetStatus,
} from './vocabulary.ts';

export type BundleType = 'zip' | 'tar' | 'tgz';

/** `RevisionLocation` of an S3 revision, as the API takes and answers it. */
export interface RevisionLocation {
  revisionType: 'S3';
  s3Location: { bucket: string; key: string; bundleType: BundleType; version?: string; eTag?: string };
}

/** The revision pinned at CreateDeployment: where the bundle is and the digest the agent checks. */
export interface Bundle {
  bucket: string;
  key: string;
  bundleType: BundleType;
  version?: string;
  eTag?: string;
  sha256: string;
}

export interface AutoRollbackConfiguration { enabled: boolean; events: AutoRollbackEvent[] }
export interface RollbackInfo { rollbackDeploymentId?: string; rollbackTriggeringDeploymentId?: string; rollbackMessage?: string }

export interface DeploymentRecord {
  deploymentId: string;
  applicationName: string;
  deploymentGroupName: string;
  deploymentGroupId: string;
  deploymentConfigName: string;
  /** The config's rule, copied at creation so a later config change does not move a running deployment. */
  minimumHealthyHosts: MinimumHealthyHosts;
  revision: RevisionLocation;
  bundle: Bundle;
  status: DeploymentStatus;
  errorInformation?: { code: DeploymentErrorCode; message: string };
  /** Epoch ms. */
  createTime: number;
  startTime?: number;
  completeTime?: number;
  creator: DeploymentCreator;
  /** The IAM ARN that created it (the audit trail's and pipelines' view). */
  createdBy?: string;
  description?: string;
  ignoreApplicationStopFailures: boolean;
  fileExistsBehavior: FileExistsBehavior;
  autoRollbackConfiguration?: AutoRollbackConfiguration;
  rollbackInfo?: RollbackInfo;
  deploymentStyle: { deploymentType: DeploymentType; deploymentOption: DeploymentOption };
  /** Whether hosts run the traffic events (the group has a load balancer and traffic control). */
  loadBalanced: boolean;
  /** The group's last successful revision when this deployment was created: what a rollback redeploys. */
  previous?: { deploymentId: string; revision: RevisionLocation; bundle: Bundle };
  /** Who outside CodeDeploy this deployment belongs to (a pipeline action's execution). */
  externalId?: string;
  /** StopDeployment was called; the next step stops the deployment. */
  stopRequest?: { autoRollback: boolean };
}

export interface LifecycleEventRecord {
  lifecycleEventName: string;
  status: LifecycleEventStatus;
  startTime?: number;
  endTime?: number;
  diagnostics?: { errorCode: string; scriptName: string; message: string; logTail: string };
}

export interface TargetRecord {
  deploymentId: string;
  /** The on-premises instance's name (the target id). */
  instanceName: string;
  instanceArn: string;
  /** Position in deployment order (failed hosts first). */
  order: number;
  /** False when the host's last deployment in this group failed. */
  healthyBefore: boolean;
  status: TargetStatus;
  lastUpdatedAt: number;
  lifecycleEvents: LifecycleEventRecord[];
}

/** Who carries a command out: the host's agent, or the service's traffic control. */
export type CommandRunner = 'agent' | 'service';

export type StoredCommandStatus = 'Pending' | 'InProgress' | 'Succeeded' | 'Failed';

export interface HostCommandRecord {
  hostCommandId: string;
  deploymentId: string;
  instanceName: string;
  /** The instance ARN (the agent's HostIdentifier). */
  hostIdentifier: string;
  commandName: string;
  runner: CommandRunner;
  status: StoredCommandStatus;
  /** Who holds the command: the agent's IAM ARN, or a traffic runner's id. */
  lockedBy?: string;
  leaseExpiresAt?: number;
  acknowledged: boolean;
  diagnostics?: CommandDiagnostics;
  createdAt: number;
  completedAt?: number;
}

/** One deployment with everything a step decides on. */
export interface DeploymentAggregate {
  deployment: DeploymentRecord;
  targets: TargetRecord[];
  commands: HostCommandRecord[];
}

/** A state change the bus hears about (`CodeDeploy Deployment/Instance State-change Notification`). */
export interface DeployNotice {
  kind: 'deployment' | 'instance';
  state: 'START' | 'SUCCESS' | 'FAILURE' | 'STOP';
  instanceName?: string;
}
