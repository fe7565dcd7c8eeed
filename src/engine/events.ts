/**
 * Everything that can happen to a pipeline, as input to `decide`. Events come from API calls
 * (start, stop, retry, approve, transitions, update), from job workers (results, lease losses)
 * and from timers. IDs a new record needs (execution id) are chosen by the caller, so that a
 * retried request can be recognised.
 */
import type { PipelineDeclaration } from '../model/pipeline.ts';
import type { FailureType, StageRetryMode, StageTransitionType } from '../model/vocabulary.ts';
import type { ExecutionTrigger, SourceRevisionOverride, Tag } from './state.ts';

export interface CurrentRevision {
  revision: string;
  changeIdentifier: string;
  created?: number;
  revisionSummary?: string;
  revisionUrl?: string;
}

export type EngineEvent =
  | {
    type: 'CreatePipeline'; declaration: PipelineDeclaration; tags?: Tag[]; executionId: string;
    /** Pipeline variable values for the first execution (local runs; the API passes none). */
    variables?: { name: string; value: string }[];
  }
  | { type: 'UpdatePipeline'; declaration: PipelineDeclaration }
  | {
    type: 'StartExecution'; executionId: string; trigger: ExecutionTrigger;
    variables?: { name: string; value: string }[]; sourceRevisions?: SourceRevisionOverride[];
    clientRequestToken?: string;
  }
  | { type: 'RollbackStage'; executionId: string; stageName: string; targetExecutionId: string; trigger: ExecutionTrigger }
  | { type: 'StopExecution'; executionId: string; abandon: boolean; reason?: string; by?: string }
  | { type: 'RetryStage'; executionId: string; stageName: string; retryMode: StageRetryMode; by?: string }
  | {
    type: 'PutApprovalResult'; stageName: string; actionName: string; token: string;
    status: 'Approved' | 'Rejected'; summary: string; by?: string;
  }
  | {
    type: 'SetStageTransition'; stageName: string; transitionType: StageTransitionType; enabled: boolean;
    reason?: string; by?: string;
  }
  | {
    type: 'JobSucceeded'; jobId: string; actionExecutionId: string; executionId: string;
    outputVariables?: Record<string, string>; currentRevision?: CurrentRevision;
    summary?: string; externalExecutionId?: string; externalExecutionUrl?: string; percentComplete?: number;
    /** Not finished yet: queue a new job for the same action execution carrying this token. */
    continuationToken?: string;
  }
  | {
    type: 'JobFailed'; jobId: string; actionExecutionId: string; executionId: string;
    failureType: FailureType; message: string; externalExecutionId?: string; externalExecutionUrl?: string;
  }
  | { type: 'JobLeaseExpired'; jobId: string; actionExecutionId: string; executionId: string }
  | { type: 'TimerFired'; timerId: string; actionExecutionId: string; executionId: string };

export type EngineEventType = EngineEvent['type'];
