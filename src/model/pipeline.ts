/**
 * The pipeline declaration: what a user writes (`aws codepipeline create-pipeline --cli-input-json`)
 * and what GetPipeline returns. Field names and shapes are AWS's, checked against
 * `@aws-sdk/client-codepipeline` by test/model/sdk-shapes.test.ts.
 *
 * Terminology
 * - pipeline: a named, versioned declaration of stages; every update bumps `version`.
 * - stage: an ordered step of a pipeline; holds actions.
 * - action: one unit of work of a given type (`actionTypeId`), e.g. a build or an approval.
 * - run-order group: the actions of a stage with equal `runOrder`; they run in parallel, groups run
 *   one after another in ascending order.
 * - artifact: a named zip produced by one action (`outputArtifacts`) and consumed by later ones.
 * - namespace: the name under which an action publishes its output variables (`#{ns.key}`).
 */
import type {
  ActionCategory, ActionOwner, ArtifactStoreType, BlockerType, EncryptionKeyType, EnvironmentVariableType,
  ExecutionMode, GitPullRequestEventType, PipelineTriggerProviderType, PipelineType, Result, RuleCategory,
  RuleOwner, StageRetryMode,
} from './vocabulary.ts';

export interface ActionTypeId {
  category: ActionCategory;
  owner: ActionOwner;
  provider: string;
  version: string;
}

export interface InputArtifact { name: string }
export interface OutputArtifact { name: string; files?: string[] }

export interface EnvironmentVariable {
  name: string;
  value: string;
  type?: EnvironmentVariableType;
}

export interface ActionDeclaration {
  name: string;
  actionTypeId: ActionTypeId;
  /** Actions with equal runOrder run in parallel. @default 1 */
  runOrder?: number;
  configuration?: Record<string, string>;
  /** Commands action only (V2). */
  commands?: string[];
  outputArtifacts?: OutputArtifact[];
  inputArtifacts?: InputArtifact[];
  /** Commands action only (V2). */
  outputVariables?: string[];
  roleArn?: string;
  region?: string;
  namespace?: string;
  /** Honoured by Manual approval actions only. */
  timeoutInMinutes?: number;
  /** Commands action only (V2). */
  environmentVariables?: EnvironmentVariable[];
}

export interface RuleTypeId {
  category: RuleCategory;
  owner?: RuleOwner;
  provider: string;
  version?: string;
}

export interface RuleDeclaration {
  name: string;
  ruleTypeId: RuleTypeId;
  configuration?: Record<string, string>;
  commands?: string[];
  inputArtifacts?: InputArtifact[];
  roleArn?: string;
  region?: string;
  timeoutInMinutes?: number;
}

export interface Condition {
  result?: Result;
  rules?: RuleDeclaration[];
}

export interface BeforeEntryConditions { conditions: Condition[] }
export interface SuccessConditions { conditions: Condition[] }
export interface RetryConfiguration { retryMode?: StageRetryMode }
export interface FailureConditions {
  result?: Result;
  retryConfiguration?: RetryConfiguration;
  conditions?: Condition[];
}

export interface BlockerDeclaration { name: string; type: BlockerType }

export interface StageDeclaration {
  name: string;
  /** Reserved by AWS; always rejected. */
  blockers?: BlockerDeclaration[];
  actions: ActionDeclaration[];
  onFailure?: FailureConditions;
  onSuccess?: SuccessConditions;
  beforeEntry?: BeforeEntryConditions;
}

export interface EncryptionKey { id: string; type: EncryptionKeyType }
export interface ArtifactStore {
  type: ArtifactStoreType;
  location: string;
  encryptionKey?: EncryptionKey;
}

export interface PipelineVariableDeclaration {
  name: string;
  defaultValue?: string;
  description?: string;
}

export interface GitFilterCriteria { includes?: string[]; excludes?: string[] }
export interface GitPushFilter {
  tags?: GitFilterCriteria;
  branches?: GitFilterCriteria;
  filePaths?: GitFilterCriteria;
}
export interface GitPullRequestFilter {
  events?: GitPullRequestEventType[];
  branches?: GitFilterCriteria;
  filePaths?: GitFilterCriteria;
}
export interface GitConfiguration {
  sourceActionName: string;
  push?: GitPushFilter[];
  pullRequest?: GitPullRequestFilter[];
}
export interface PipelineTriggerDeclaration {
  providerType: PipelineTriggerProviderType;
  gitConfiguration: GitConfiguration;
}

export interface PipelineDeclaration {
  name: string;
  roleArn: string;
  artifactStore?: ArtifactStore;
  artifactStores?: Record<string, ArtifactStore>;
  stages: StageDeclaration[];
  /** Server-assigned: 1 on create, +1 on every update. Ignored in requests. */
  version?: number;
  /** @default 'SUPERSEDED' */
  executionMode?: ExecutionMode;
  /** @default 'V1' */
  pipelineType?: PipelineType;
  variables?: PipelineVariableDeclaration[];
  triggers?: PipelineTriggerDeclaration[];
}

/** `category/owner/provider/version`: the key of action type catalogs and provider registries. */
export type ActionTypeKey = string;

export function actionTypeKey(id: ActionTypeId): ActionTypeKey {
  return `${id.category}/${id.owner}/${id.provider}/${id.version}`;
}

/** The pipeline's default execution mode and type, filled in when a declaration is stored. */
export const PIPELINE_DEFAULTS = { executionMode: 'SUPERSEDED', pipelineType: 'V1' } as const;
