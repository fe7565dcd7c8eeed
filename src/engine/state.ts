/**
 * The engine's view of one pipeline: its declarations, its stage runtime (locks, waiters,
 * transitions) and the executions that matter for the next decision. `decide` maps one such state
 * and one event to the next state; the store loads it and persists the difference.
 *
 * Terminology
 * - execution: one run of a pipeline version (`pipelineExecutionId`).
 * - stage execution: an execution's passage through one stage; retried in place (same execution).
 * - action execution: one attempt of one action (`actionExecutionId`); a retry creates a new one.
 * - stage lock: in SUPERSEDED and QUEUED modes, at most one execution runs inside a stage.
 * - waiter: an execution that finished a stage and waits in front of the next one (lock held,
 *   transition disabled). SUPERSEDED keeps one waiter per stage, QUEUED a FIFO, PARALLEL all.
 * - job: the unit of work that carries out one action execution (see commands.ts); a job lost with
 *   its worker's lease is queued again and the action execution records it (`leaseLosses`).
 *
 * All times are epoch milliseconds. Every record here is plain JSON, so it round-trips through the
 * store unchanged.
 */
import type { ActionTypeId, PipelineDeclaration } from '../model/pipeline.ts';
import type {
  ActionExecutionStatus, ExecutionMode, ExecutionType, PipelineExecutionStatus, SourceRevisionType,
  StageExecutionStatus, TriggerType,
} from '../model/vocabulary.ts';

export interface EngineState {
  /** Undefined only before CreatePipeline. */
  pipeline: PipelineRecord | undefined;
  /**
   * The executions the decision may touch: those the stage runtime names (lock holders, waiters),
   * those the event names, and for events that need them (UpdatePipeline, StartExecution) every
   * non-terminal one.
   */
  executions: Record<string, ExecutionState>;
  /**
   * How many executions of the pipeline are InProgress or Stopping, loaded or not (the store
   * counts them). When absent, the loaded executions are counted.
   */
  activeExecutionCount?: number;
}

export interface PipelineRecord {
  name: string;
  /** Current version; `declarations[version]` is the current declaration. */
  version: number;
  /** Declarations by version: the current one and those of loaded executions. */
  declarations: Record<number, PipelineDeclaration>;
  created: number;
  updated: number;
  tags: Tag[];
  runtime: PipelineRuntime;
}

export interface Tag { key: string; value: string }

export interface PipelineRuntime {
  /** Stage runtime by stage name. Missing entry = defaults (transitions enabled, free, no waiter). */
  stages: Record<string, StageRuntime>;
}

export interface TransitionState {
  enabled: boolean;
  disabledReason?: string;
  lastChangedBy?: string;
  lastChangedAt?: number;
}

export interface StageRuntime {
  inbound?: TransitionState;
  outbound?: TransitionState;
  /** The execution running inside the stage (SUPERSEDED / QUEUED). */
  lockedBy?: string;
  /** Executions waiting in front of the stage, oldest arrival first. */
  waiting: string[];
  /** The latest execution that entered the stage: the only one that may be retried there. */
  latestExecutionId?: string;
}

export interface ExecutionTrigger { triggerType: TriggerType; triggerDetail?: string }

export interface SourceRevisionOverride {
  actionName: string;
  revisionType: SourceRevisionType;
  revisionValue: string;
}

export interface ArtifactRevision {
  /** The artifact's name. */
  name: string;
  /** The source action that produced it (absent in records written before it was kept). */
  actionName?: string;
  revisionId?: string;
  revisionChangeIdentifier?: string;
  revisionSummary?: string;
  created?: number;
  revisionUrl?: string;
}

/** Where an artifact's zip lives in the artifact store (S3 bucket/key shape). */
export interface ArtifactRef {
  name: string;
  bucket: string;
  key: string;
  /** Revision of the content (commit id, object version) when the producer reported one. */
  revision?: string;
}

export interface ExecutionState {
  pipelineExecutionId: string;
  pipelineName: string;
  pipelineVersion: number;
  status: PipelineExecutionStatus;
  statusSummary?: string;
  executionMode: ExecutionMode;
  executionType: ExecutionType;
  trigger: ExecutionTrigger;
  stopTrigger?: { reason?: string };
  /** Set while Stopping: how the stop was requested. */
  stopMode?: 'STOP_AND_WAIT' | 'ABANDON';
  /** Set by UpdatePipeline: finish running actions, then end Cancelled. */
  cancelRequested?: boolean;
  rollbackMetadata?: { rollbackTargetPipelineExecutionId: string };
  /** ROLLBACK executions run only this stage. */
  rollbackStage?: string;
  clientRequestToken?: string;
  startTime: number;
  lastUpdateTime: number;
  /** Pipeline-level variables with their resolved values. */
  variables: { name: string; resolvedValue: string }[];
  sourceRevisions: SourceRevisionOverride[];
  artifactRevisions: ArtifactRevision[];
  /** Where the execution is now; undefined once it has ended. */
  position?: { stageName: string; phase: 'waiting' | 'running' };
  /** Stage executions by stage name, created when the execution enters the stage. */
  stages: Record<string, StageExecutionState>;
  /** Artifacts produced so far, by artifact name. */
  artifacts: Record<string, ArtifactRef>;
  /** Output variables published so far, by namespace. */
  namespaces: Record<string, Record<string, string>>;
}

export interface StageExecutionState {
  stageName: string;
  status: StageExecutionStatus;
  startTime: number;
  lastUpdateTime: number;
  /** Index of the running (or last run) run-order group. */
  groupIndex: number;
  /** The current action execution of every action started in this stage execution. */
  actions: Record<string, ActionExecutionState>;
  /** RetryStageExecution count (`retryStageMetadata.manualStageRetryAttempt`). */
  manualRetryAttempt: number;
  /** Automatic (onFailure RETRY) attempts made. */
  autoRetryAttempt: number;
  latestRetryTrigger?: 'AutomatedStageRetry' | 'ManualStageRetry';
}

export interface ErrorDetails { code: string; message: string }

export interface ActionExecutionState {
  actionExecutionId: string;
  pipelineExecutionId: string;
  pipelineVersion: number;
  stageName: string;
  actionName: string;
  status: ActionExecutionStatus;
  startTime: number;
  lastUpdateTime: number;
  updatedBy?: string;
  actionTypeId: ActionTypeId;
  runOrder: number;
  namespace?: string;
  region?: string;
  roleArn?: string;
  /** Configuration as declared, and with every `#{…}` reference resolved at start. */
  configuration: Record<string, string>;
  resolvedConfiguration: Record<string, string>;
  inputArtifacts: ArtifactRef[];
  /** Where the outputs will be written; they exist once the action has succeeded. */
  outputArtifacts: ArtifactRef[];
  outputVariables?: Record<string, string>;
  summary?: string;
  externalExecutionId?: string;
  externalExecutionUrl?: string;
  percentComplete?: number;
  errorDetails?: ErrorDetails;
  /** The job currently carrying out the action (not for Manual approvals). */
  jobId?: string;
  /** Jobs queued so far for this action execution (continuations and lease losses add one each). */
  jobAttempt: number;
  /** How often the job was re-queued because its worker's lease expired. */
  leaseLosses: number;
  /** Manual approval: the token to approve or reject with, and when it expires. */
  token?: string;
  expiresAt?: number;
  /** The timer that fails the action when it runs too long. */
  timerId?: string;
}
