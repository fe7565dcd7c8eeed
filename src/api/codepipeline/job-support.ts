/**
 * What the Custom and ThirdParty job-worker operations share (jobs.ts, third-party-jobs.ts):
 * the lease policy, finding a job, its data on the wire, acknowledgement and turning a worker's
 * report into an engine event.
 */
import { JOB_ACTION_TIMEOUT_MS, MAX_OUTPUT_VARIABLES_BYTES } from '../../engine/limits.ts';
import type { EngineEvent } from '../../engine/events.ts';
import { timestampMs } from '../aws-json/timestamp.ts';
import { isSluiceError, SluiceError } from '../../model/errors.ts';
import type { ActionTypeId } from '../../model/pipeline.ts';
import type { ActionOwner, FailureType } from '../../model/vocabulary.ts';
import type { JobRecord } from '../../store/ports.ts';
import type { ArtifactCredentials, CodePipelineApi } from './context.ts';
import { compact } from './wire.ts';

/** A polled job waits this long for its acknowledgement before it is queued again. [guess] */
export const DISPATCH_LEASE_MS = 10 * 60_000;
/**
 * An acknowledged job's lease covers the whole action timeout, so nothing but the action's
 * timeout timer (or the worker's report) ends it: the worker owns the job, as in AWS.
 */
export const ACKNOWLEDGED_LEASE_MS = JOB_ACTION_TIMEOUT_MS;
/** Jobs one poll returns at most (maxBatchSize above this is served with this many). */
export const MAX_BATCH_SIZE = 100;

const CLOSED: ReadonlySet<JobRecord['status']> = new Set(['Succeeded', 'Failed', 'TimedOut', 'Cancelled']);

export interface JobWorkerContext {
  api: CodePipelineApi;
  dispatchLeaseMs: number;
  now(): number;
}

export function jobWorkerContext(api: CodePipelineApi): JobWorkerContext {
  const settings = api.jobWorkers ?? {};
  return { api, dispatchLeaseMs: settings.dispatchLeaseMs ?? DISPATCH_LEASE_MS, now: () => settings.now?.() ?? Date.now() };
}

export function isClosed(job: JobRecord): boolean {
  return CLOSED.has(job.status);
}

/** The job, if it exists and belongs to an action type of `owner` (other jobs are not the caller's to see). */
export async function loadJob(ctx: JobWorkerContext, jobId: string, owner: ActionOwner): Promise<JobRecord> {
  const job = await ctx.api.runtime.store.jobs.get(jobId);
  if (!job || job.data.actionTypeId.owner !== owner) throw new SluiceError('JobNotFoundException', `Job ${jobId} not found`);
  return job;
}

/** Claims up to `limit` queued jobs of one type for `workerId`, with the dispatch lease. */
export async function claimJobs(ctx: JobWorkerContext, id: ActionTypeId, request: {
  workerId: string; limit: number | undefined; configuration?: { key: string; value: string };
}): Promise<JobRecord[]> {
  const key = `${id.category}/${id.owner}/${id.provider}/${id.version}`;
  return ctx.api.runtime.store.jobs.claim({
    workerId: request.workerId, actionTypeKeys: [key], limit: Math.min(request.limit ?? 1, MAX_BATCH_SIZE),
    leaseMs: ctx.dispatchLeaseMs, now: ctx.now(),
    ...(request.configuration && { configuration: request.configuration }),
  });
}

/** The artifact store's encryption key of the pipeline version the job's execution runs. */
async function encryptionKeyOf(ctx: JobWorkerContext, job: JobRecord): Promise<object | undefined> {
  const { store, scheduler } = ctx.api.runtime;
  const execution = await store.executions.get(job.pipelineName, job.executionId);
  const pipeline = execution && await store.pipelines.get(job.pipelineName, execution.pipelineVersion);
  const declaration = pipeline?.declaration;
  return (declaration?.artifactStore ?? declaration?.artifactStores?.[scheduler.driver.region])?.encryptionKey;
}

/**
 * Each job's `JobData` on the wire: AWS's members only (Sluice's own extensions stay inside), one
 * set of fresh artifact credentials for every bucket the jobs touch, and the encryption key.
 */
export async function jobDataOf(ctx: JobWorkerContext, jobs: readonly JobRecord[]): Promise<object[]> {
  if (jobs.length === 0) return [];
  const buckets = [...new Set(jobs.flatMap((j) => [...j.data.inputArtifacts, ...j.data.outputArtifacts].map((a) => a.location.s3Location.bucketName)))];
  const credentials: ArtifactCredentials | undefined = await ctx.api.jobWorkers?.artifactCredentials?.(buckets);
  return Promise.all(jobs.map(async (job) => {
    const d = job.data;
    return compact({
      actionTypeId: d.actionTypeId,
      actionConfiguration: d.actionConfiguration,
      pipelineContext: d.pipelineContext,
      inputArtifacts: d.inputArtifacts,
      outputArtifacts: d.outputArtifacts,
      artifactCredentials: credentials,
      continuationToken: d.continuationToken,
      encryptionKey: await encryptionKeyOf(ctx, job),
    });
  }));
}

/** A job status in the API's JobStatus vocabulary (which has no Cancelled). */
function wireStatus(status: JobRecord['status']): string {
  return status === 'Cancelled' ? 'Failed' : status;
}

/**
 * AcknowledgeJob: Dispatched → InProgress, and the lease grows to the action timeout. A job that
 * is no longer dispatched (re-queued after its dispatch lease, or closed) answers with its status,
 * which tells the worker the job is not its to run.
 */
export async function acknowledgeJob(ctx: JobWorkerContext, job: JobRecord, nonce: string): Promise<{ status: string }> {
  if (job.nonce !== nonce) throw new SluiceError('InvalidNonceException', `The nonce does not match job ${job.jobId}`);
  if (job.status !== 'Dispatched' && job.status !== 'InProgress') return { status: wireStatus(job.status) };
  const { jobs } = ctx.api.runtime.store;
  const now = ctx.now();
  try {
    await jobs.acknowledge(job.jobId, now);
  } catch (e) {
    if (!isSluiceError(e) || e.code !== 'InvalidJobStateException') throw e;
    // Re-queued or closed since it was read.
    return { status: wireStatus((await jobs.get(job.jobId))?.status ?? 'Failed') };
  }
  if (job.lockedBy !== undefined) await jobs.heartbeat(job.jobId, job.lockedBy, ACKNOWLEDGED_LEASE_MS, now);
  return { status: 'InProgress' };
}

export interface SuccessReport {
  currentRevision?: { revision: string; changeIdentifier: string; created?: number | string; revisionSummary?: string };
  continuationToken?: string;
  executionDetails?: { summary?: string; externalExecutionId?: string; percentComplete?: number };
  outputVariables?: Record<string, string>;
}

export function successEvent(job: JobRecord, report: SuccessReport): EngineEvent {
  if (report.outputVariables !== undefined && report.continuationToken !== undefined) {
    throw new SluiceError('ValidationException', 'outputVariables can only be reported with the final result, not with a continuationToken');
  }
  if (report.outputVariables !== undefined && JSON.stringify(report.outputVariables).length > MAX_OUTPUT_VARIABLES_BYTES) {
    throw new SluiceError('OutputVariablesSizeExceededException', `The output variables exceed ${MAX_OUTPUT_VARIABLES_BYTES} bytes`);
  }
  const revision = report.currentRevision;
  const details = report.executionDetails ?? {};
  return {
    type: 'JobSucceeded', jobId: job.jobId, actionExecutionId: job.actionExecutionId, executionId: job.executionId,
    ...(report.outputVariables !== undefined && { outputVariables: report.outputVariables }),
    ...(revision && {
      currentRevision: {
        revision: revision.revision, changeIdentifier: revision.changeIdentifier,
        ...(revision.created !== undefined && { created: Math.round(timestampMs(revision.created)) }),
        ...(revision.revisionSummary !== undefined && { revisionSummary: revision.revisionSummary }),
      },
    }),
    ...(details.summary !== undefined && { summary: details.summary }),
    ...(details.externalExecutionId !== undefined && { externalExecutionId: details.externalExecutionId }),
    ...(details.percentComplete !== undefined && { percentComplete: details.percentComplete }),
    ...(report.continuationToken !== undefined && { continuationToken: report.continuationToken }),
  };
}

export function failureEvent(job: JobRecord, failure: { type: FailureType; message: string; externalExecutionId?: string }): EngineEvent {
  return {
    type: 'JobFailed', jobId: job.jobId, actionExecutionId: job.actionExecutionId, executionId: job.executionId,
    failureType: failure.type, message: failure.message,
    ...(failure.externalExecutionId !== undefined && { externalExecutionId: failure.externalExecutionId }),
  };
}

/** Hands a report to the engine; a closed job takes none (nor does one the engine has moved past). */
export async function reportJob(ctx: JobWorkerContext, job: JobRecord, event: EngineEvent): Promise<void> {
  if (isClosed(job)) throw new SluiceError('InvalidJobStateException', `Job ${job.jobId} is ${wireStatus(job.status)} and takes no more results`);
  await ctx.api.runtime.scheduler.driver.send(job.pipelineName, event);
}
