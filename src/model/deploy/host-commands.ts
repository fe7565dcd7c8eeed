/**
 * The host-command protocol between the deploy service and `sluice agent`, modelled on the real
 * CodeDeploy agent's command API: AWS JSON 1.1 on `POST /`, `X-Amz-Target:
 * CodeDeployCommandService_v20141006.<Operation>`, SigV4-signed for the `codedeploy-commands`
 * service with the credentials of the IAM user the on-premises instance was registered with
 * (`RegisterOnPremisesInstance.iamUserArn`). IAM actions are `codedeploy-commands-secure:<Operation>`.
 *
 * Terminology:
 * - host command: one lifecycle event of one deployment on one host (`CommandName` is the event,
 *   e.g. `BeforeInstall`). The service hands a host one command at a time, in lifecycle order.
 * - host identifier: the instance ARN, `arn:aws:codedeploy:<region>:<account>:instance/<name>`.
 *   An agent may only poll for, and answer commands of, an instance registered to its own user.
 *
 * Flow: PollHostCommand (long poll, answers `{}` when nothing came within the wait) →
 * PutHostCommandAcknowledgement (starts the command's lease) → GetDeploymentSpecification →
 * PostHostCommandUpdate every heartbeat (renews the lease) → PutHostCommandComplete. A command
 * whose lease runs out fails its lifecycle event (`UnknownError`, "the agent stopped answering").
 * Answering a command the caller does not hold, or one already completed, is refused with
 * `InvalidCommandException` and changes nothing.
 */

export const HOST_COMMAND_TARGET_PREFIX = 'CodeDeployCommandService_v20141006';
export const HOST_COMMAND_SIGNING_SERVICE = 'codedeploy-commands';

/** Status of a host command as the service reports it back to the agent. */
export const HostCommandStatus = {
  Pending: 'Pending',
  InProgress: 'InProgress',
  Succeeded: 'Succeeded',
  Failed: 'Failed',
} as const;
export type HostCommandStatus = (typeof HostCommandStatus)[keyof typeof HostCommandStatus];

export interface PollHostCommandInput { HostIdentifier: string }
export interface HostCommand {
  HostCommandIdentifier: string;
  HostIdentifier: string;
  /** Identifies the deployment on this host, for GetDeploymentSpecification. */
  DeploymentExecutionId: string;
  /** A lifecycle event name (`DownloadBundle`, `Install`, `ApplicationStop`, ...). */
  CommandName: string;
}
export interface PollHostCommandOutput { HostCommand?: HostCommand }

export interface PutHostCommandAcknowledgementInput { HostCommandIdentifier: string; DiagnosticsBlob?: Envelope }
export interface PutHostCommandAcknowledgementOutput { CommandStatus: HostCommandStatus }

export interface PostHostCommandUpdateInput {
  HostCommandIdentifier: string;
  /** Epoch seconds. */
  EstimatedCompletionTime?: number;
  Diagnostics?: Envelope;
}
export interface PostHostCommandUpdateOutput { CommandStatus: HostCommandStatus }

export interface PutHostCommandCompleteInput {
  HostCommandIdentifier: string;
  CommandStatus: 'Succeeded' | 'Failed';
  /** `Format: 'JSON'`, `Payload`: a JSON-encoded {@link CommandDiagnostics}. */
  Diagnostics?: Envelope;
}

export interface GetDeploymentSpecificationInput { DeploymentExecutionId: string; HostIdentifier: string }
export interface GetDeploymentSpecificationOutput {
  DeploymentSystem: 'CodeDeploy';
  /** `Format: 'TEXT/JSON'`, `Payload`: a JSON-encoded {@link DeploymentSpecification}. */
  DeploymentSpecification: { GenericEnvelope: Envelope };
}

export interface Envelope { Format: string; Payload: string }

/** What an agent needs to run any command of one deployment on its host. */
export interface DeploymentSpecification {
  DeploymentId: string;
  DeploymentGroupId: string;
  DeploymentGroupName: string;
  ApplicationName: string;
  DeploymentCreator: 'user' | 'autoscaling' | 'codeDeployRollback' | 'CodeDeploy' | 'CloudFormation';
  DeploymentType: 'IN_PLACE' | 'BLUE_GREEN';
  /** `DISALLOW` unless the deployment says otherwise; the appspec's own value wins. */
  FileExistsBehavior: 'DISALLOW' | 'OVERWRITE' | 'RETAIN';
  /** The bundle, on the server's own S3 endpoint. `Version` and `ETag` pin it; `Sha256` verifies it. */
  Revision: {
    RevisionType: 'S3';
    S3Revision: { Bucket: string; Key: string; BundleType: 'zip' | 'tar' | 'tgz'; Version?: string; ETag?: string; Sha256: string };
  };
  /** Every event this deployment runs on this host, in order (the agent runs the one it was handed). */
  AllPossibleLifecycleEvents: string[];
}

/** Error codes of a failed lifecycle event, as CodeDeploy's `Diagnostics.errorCode` spells them. */
export const LifecycleErrorCode = {
  Success: 'Success',
  ScriptMissing: 'ScriptMissing',
  ScriptNotExecutable: 'ScriptNotExecutable',
  ScriptTimedOut: 'ScriptTimedOut',
  ScriptFailed: 'ScriptFailed',
  UnknownError: 'UnknownError',
} as const;
export type LifecycleErrorCode = (typeof LifecycleErrorCode)[keyof typeof LifecycleErrorCode];

/** What an agent reports for one command; the service keeps it as the lifecycle event's diagnostics. */
export interface CommandDiagnostics {
  error_code: LifecycleErrorCode;
  script_name: string;
  message: string;
  /** The last 4 KB of the scripts' output. */
  log: string;
}

/** Most of a script's output kept in diagnostics. */
export const DIAGNOSTIC_LOG_BYTES = 4096;
