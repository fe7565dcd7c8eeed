/**
 * What `decide` asks the world to do. The store carries out every command in the same
 * transaction that saves the new state, so a decision and its effects are never separated by a
 * crash. After commit, the driver only nudges workers and timer loops.
 */
import type { ActionTypeId } from '../model/pipeline.ts';
import type { PipelineEvent } from './pipeline-events.ts';

/** The job payload, in the shape of CodePipeline's `JobData` (what PollForJobs returns). */
export interface JobData {
  actionTypeId: ActionTypeId;
  actionConfiguration: { configuration: Record<string, string> };
  pipelineContext: {
    pipelineName: string;
    stage: { name: string };
    action: { name: string; actionExecutionId: string };
    pipelineArn: string;
    pipelineExecutionId: string;
  };
  inputArtifacts: JobArtifact[];
  outputArtifacts: JobArtifact[];
  continuationToken?: string;
  /** Sluice extension: the revision a source action must fetch (StartPipelineExecution sourceRevisions). */
  sourceRevision?: { revisionType: string; revisionValue: string };
  /** Sluice extension: Commands action fields that live outside `configuration`. */
  commands?: string[];
  outputVariables?: string[];
  /** Output artifact name → the files it holds (`outputArtifacts[].files` of the declaration). */
  outputArtifactFiles?: Record<string, string[]>;
  environmentVariables?: { name: string; value: string; type?: string }[];
}

export interface JobArtifact {
  name: string;
  revision?: string;
  location: { type: 'S3'; s3Location: { bucketName: string; objectKey: string } };
}

export interface NewJob {
  jobId: string;
  /** `category/owner/provider/version` of the action type. */
  actionTypeKey: string;
  pipelineName: string;
  executionId: string;
  actionExecutionId: string;
  stageName: string;
  actionName: string;
  /** 1 for the first job of an action execution, +1 per continuation or lease loss. */
  attempt: number;
  /** Random value a worker must echo in AcknowledgeJob. */
  nonce: string;
  data: JobData;
}

export type JobCloseStatus = 'Succeeded' | 'Failed' | 'TimedOut' | 'Cancelled';

export interface NewTimer {
  timerId: string;
  dueAt: number;
  pipelineName: string;
  executionId: string;
  actionExecutionId: string;
}

export type EngineCommand =
  | { type: 'EnqueueJob'; job: NewJob }
  /** The job is over; a worker still holding it gets InvalidJobState on its next report. */
  | { type: 'CloseJob'; jobId: string; status: JobCloseStatus }
  /** Put a job whose lease expired back in the queue (attempt+1, lease cleared). */
  | { type: 'RequeueJob'; jobId: string; attempt: number }
  | { type: 'SetTimer'; timer: NewTimer }
  | { type: 'CancelTimer'; timerId: string }
  /** Append to the event outbox. */
  | { type: 'Emit'; event: PipelineEvent };
