// AWS CodePipeline vocabularies, spelled exactly as the API spells them.
// Mirrors the enums of the CodePipeline API model (2015-07-09); keep in sync with @aws-sdk/client-codepipeline
// (test/model/sdk-shapes.test.ts fails when a value here differs from the SDK).

export const JobStatus = {
  Created: 'Created',
  Dispatched: 'Dispatched',
  Failed: 'Failed',
  InProgress: 'InProgress',
  Queued: 'Queued',
  Succeeded: 'Succeeded',
  TimedOut: 'TimedOut',
} as const;
export type JobStatus = (typeof JobStatus)[keyof typeof JobStatus];

export const ActionCategory = {
  Approval: 'Approval',
  Build: 'Build',
  Compute: 'Compute',
  Deploy: 'Deploy',
  Invoke: 'Invoke',
  Source: 'Source',
  Test: 'Test',
} as const;
export type ActionCategory = (typeof ActionCategory)[keyof typeof ActionCategory];

export const ActionConfigurationPropertyType = {
  Boolean: 'Boolean',
  Number: 'Number',
  String: 'String',
} as const;
export type ActionConfigurationPropertyType = (typeof ActionConfigurationPropertyType)[keyof typeof ActionConfigurationPropertyType];

export const ActionOwner = {
  AWS: 'AWS',
  Custom: 'Custom',
  ThirdParty: 'ThirdParty',
} as const;
export type ActionOwner = (typeof ActionOwner)[keyof typeof ActionOwner];

export const EnvironmentVariableType = {
  PLAINTEXT: 'PLAINTEXT',
  SECRETS_MANAGER: 'SECRETS_MANAGER',
} as const;
export type EnvironmentVariableType = (typeof EnvironmentVariableType)[keyof typeof EnvironmentVariableType];

export const ActionExecutionStatus = {
  Abandoned: 'Abandoned',
  Failed: 'Failed',
  InProgress: 'InProgress',
  Succeeded: 'Succeeded',
} as const;
export type ActionExecutionStatus = (typeof ActionExecutionStatus)[keyof typeof ActionExecutionStatus];

export const StartTimeRange = {
  All: 'All',
  Latest: 'Latest',
} as const;
export type StartTimeRange = (typeof StartTimeRange)[keyof typeof StartTimeRange];

export const ExecutorType = {
  JobWorker: 'JobWorker',
  Lambda: 'Lambda',
} as const;
export type ExecutorType = (typeof ExecutorType)[keyof typeof ExecutorType];

export const ApprovalStatus = {
  Approved: 'Approved',
  Rejected: 'Rejected',
} as const;
export type ApprovalStatus = (typeof ApprovalStatus)[keyof typeof ApprovalStatus];

export const ArtifactLocationType = {
  S3: 'S3',
} as const;
export type ArtifactLocationType = (typeof ArtifactLocationType)[keyof typeof ArtifactLocationType];

export const EncryptionKeyType = {
  KMS: 'KMS',
} as const;
export type EncryptionKeyType = (typeof EncryptionKeyType)[keyof typeof EncryptionKeyType];

export const ArtifactStoreType = {
  S3: 'S3',
} as const;
export type ArtifactStoreType = (typeof ArtifactStoreType)[keyof typeof ArtifactStoreType];

export const Result = {
  FAIL: 'FAIL',
  RETRY: 'RETRY',
  ROLLBACK: 'ROLLBACK',
  SKIP: 'SKIP',
} as const;
export type Result = (typeof Result)[keyof typeof Result];

export const RuleCategory = {
  Rule: 'Rule',
} as const;
export type RuleCategory = (typeof RuleCategory)[keyof typeof RuleCategory];

export const RuleOwner = {
  AWS: 'AWS',
} as const;
export type RuleOwner = (typeof RuleOwner)[keyof typeof RuleOwner];

export const BlockerType = {
  Schedule: 'Schedule',
} as const;
export type BlockerType = (typeof BlockerType)[keyof typeof BlockerType];

export const ExecutionMode = {
  PARALLEL: 'PARALLEL',
  QUEUED: 'QUEUED',
  SUPERSEDED: 'SUPERSEDED',
} as const;
export type ExecutionMode = (typeof ExecutionMode)[keyof typeof ExecutionMode];

export const PipelineType = {
  V1: 'V1',
  V2: 'V2',
} as const;
export type PipelineType = (typeof PipelineType)[keyof typeof PipelineType];

export const StageRetryMode = {
  ALL_ACTIONS: 'ALL_ACTIONS',
  FAILED_ACTIONS: 'FAILED_ACTIONS',
} as const;
export type StageRetryMode = (typeof StageRetryMode)[keyof typeof StageRetryMode];

export const GitPullRequestEventType = {
  CLOSED: 'CLOSED',
  OPEN: 'OPEN',
  UPDATED: 'UPDATED',
} as const;
export type GitPullRequestEventType = (typeof GitPullRequestEventType)[keyof typeof GitPullRequestEventType];

export const PipelineTriggerProviderType = {
  CodeStarSourceConnection: 'CodeStarSourceConnection',
} as const;
export type PipelineTriggerProviderType = (typeof PipelineTriggerProviderType)[keyof typeof PipelineTriggerProviderType];

export const StageTransitionType = {
  Inbound: 'Inbound',
  Outbound: 'Outbound',
} as const;
export type StageTransitionType = (typeof StageTransitionType)[keyof typeof StageTransitionType];

export const ExecutionType = {
  ROLLBACK: 'ROLLBACK',
  STANDARD: 'STANDARD',
} as const;
export type ExecutionType = (typeof ExecutionType)[keyof typeof ExecutionType];

export const PipelineExecutionStatus = {
  Cancelled: 'Cancelled',
  Failed: 'Failed',
  InProgress: 'InProgress',
  Stopped: 'Stopped',
  Stopping: 'Stopping',
  Succeeded: 'Succeeded',
  Superseded: 'Superseded',
} as const;
export type PipelineExecutionStatus = (typeof PipelineExecutionStatus)[keyof typeof PipelineExecutionStatus];

export const TriggerType = {
  AutomatedRollback: 'AutomatedRollback',
  CloudWatchEvent: 'CloudWatchEvent',
  CreatePipeline: 'CreatePipeline',
  ManualRollback: 'ManualRollback',
  PollForSourceChanges: 'PollForSourceChanges',
  PutActionRevision: 'PutActionRevision',
  StartPipelineExecution: 'StartPipelineExecution',
  Webhook: 'Webhook',
  WebhookV2: 'WebhookV2',
} as const;
export type TriggerType = (typeof TriggerType)[keyof typeof TriggerType];

export const ConditionExecutionStatus = {
  Abandoned: 'Abandoned',
  Cancelled: 'Cancelled',
  Errored: 'Errored',
  Failed: 'Failed',
  InProgress: 'InProgress',
  Overridden: 'Overridden',
  Succeeded: 'Succeeded',
} as const;
export type ConditionExecutionStatus = (typeof ConditionExecutionStatus)[keyof typeof ConditionExecutionStatus];

export const RuleExecutionStatus = {
  Abandoned: 'Abandoned',
  Failed: 'Failed',
  InProgress: 'InProgress',
  Succeeded: 'Succeeded',
} as const;
export type RuleExecutionStatus = (typeof RuleExecutionStatus)[keyof typeof RuleExecutionStatus];

export const StageExecutionStatus = {
  Cancelled: 'Cancelled',
  Failed: 'Failed',
  InProgress: 'InProgress',
  Skipped: 'Skipped',
  Stopped: 'Stopped',
  Stopping: 'Stopping',
  Succeeded: 'Succeeded',
} as const;
export type StageExecutionStatus = (typeof StageExecutionStatus)[keyof typeof StageExecutionStatus];

export const RetryTrigger = {
  AutomatedStageRetry: 'AutomatedStageRetry',
  ManualStageRetry: 'ManualStageRetry',
} as const;
export type RetryTrigger = (typeof RetryTrigger)[keyof typeof RetryTrigger];

export const TargetFilterName = {
  TARGET_STATUS: 'TARGET_STATUS',
} as const;
export type TargetFilterName = (typeof TargetFilterName)[keyof typeof TargetFilterName];

export const RuleConfigurationPropertyType = {
  Boolean: 'Boolean',
  Number: 'Number',
  String: 'String',
} as const;
export type RuleConfigurationPropertyType = (typeof RuleConfigurationPropertyType)[keyof typeof RuleConfigurationPropertyType];

export const WebhookAuthenticationType = {
  GITHUB_HMAC: 'GITHUB_HMAC',
  IP: 'IP',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
} as const;
export type WebhookAuthenticationType = (typeof WebhookAuthenticationType)[keyof typeof WebhookAuthenticationType];

export const ConditionType = {
  BEFORE_ENTRY: 'BEFORE_ENTRY',
  ON_SUCCESS: 'ON_SUCCESS',
} as const;
export type ConditionType = (typeof ConditionType)[keyof typeof ConditionType];

export const FailureType = {
  ConfigurationError: 'ConfigurationError',
  JobFailed: 'JobFailed',
  PermissionError: 'PermissionError',
  RevisionOutOfSync: 'RevisionOutOfSync',
  RevisionUnavailable: 'RevisionUnavailable',
  SystemUnavailable: 'SystemUnavailable',
} as const;
export type FailureType = (typeof FailureType)[keyof typeof FailureType];

export const SourceRevisionType = {
  COMMIT_ID: 'COMMIT_ID',
  IMAGE_DIGEST: 'IMAGE_DIGEST',
  S3_OBJECT_KEY: 'S3_OBJECT_KEY',
  S3_OBJECT_VERSION_ID: 'S3_OBJECT_VERSION_ID',
} as const;
export type SourceRevisionType = (typeof SourceRevisionType)[keyof typeof SourceRevisionType];
