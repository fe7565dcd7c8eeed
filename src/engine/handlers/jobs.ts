/**
 * Reports from whoever carries out an action: job results (from built-in providers or external
 * job workers), lost leases, and timeouts. A report about a job that is no longer the action's
 * current job is refused with InvalidJobStateException, so a late or duplicate report changes
 * nothing.
 */
import { SluiceError } from '../../model/errors.ts';
import { endAction, enqueueJob, findAction } from '../actions.ts';
import type { Tx } from '../context.ts';
import type { EngineEvent } from '../events.ts';
import { MAX_LEASE_LOSSES, MAX_OUTPUT_VARIABLES_BYTES } from '../limits.ts';
import { settleStage } from '../stage-flow.ts';
import type { ActionExecutionState, ExecutionState, StageExecutionState } from '../state.ts';
import { setOwn } from '../../model/records.ts';

type JobSucceeded = Extract<EngineEvent, { type: 'JobSucceeded' }>;
type JobFailed = Extract<EngineEvent, { type: 'JobFailed' }>;
type JobLeaseExpired = Extract<EngineEvent, { type: 'JobLeaseExpired' }>;
type TimerFired = Extract<EngineEvent, { type: 'TimerFired' }>;

interface Running { execution: ExecutionState; stage: StageExecutionState; action: ActionExecutionState }

function findRunning(tx: Tx, executionId: string, actionExecutionId: string): Running | undefined {
  const execution = tx.state.executions[executionId];
  const found = execution && findAction(execution, actionExecutionId);
  if (!execution || !found || found.action.status !== 'InProgress') return undefined;
  return { execution, ...found };
}

function runningJob(tx: Tx, event: JobSucceeded | JobFailed | JobLeaseExpired): Running {
  const running = findRunning(tx, event.executionId, event.actionExecutionId);
  if (!running || running.action.jobId !== event.jobId) {
    throw new SluiceError('InvalidJobStateException', `Job ${event.jobId} is no longer in progress`);
  }
  return running;
}

function recordDetails(action: ActionExecutionState, event: JobSucceeded | JobFailed): void {
  if (event.externalExecutionId !== undefined) action.externalExecutionId = event.externalExecutionId;
  if (event.externalExecutionUrl !== undefined) action.externalExecutionUrl = event.externalExecutionUrl;
  if (event.type === 'JobSucceeded' && event.percentComplete !== undefined) action.percentComplete = event.percentComplete;
}

export function jobSucceeded(tx: Tx, event: JobSucceeded): Record<string, never> {
  const { execution, stage, action } = runningJob(tx, event);
  recordDetails(action, event);
  action.lastUpdateTime = tx.now;
  if (event.summary !== undefined) action.summary = event.summary;
  if (event.continuationToken !== undefined) {
    tx.commands.push({ type: 'CloseJob', jobId: event.jobId, status: 'Succeeded' });
    enqueueJob(tx, execution, action, {}, event.continuationToken);
    return {};
  }
  const variables = event.outputVariables ?? {};
  if (JSON.stringify(variables).length > MAX_OUTPUT_VARIABLES_BYTES) {
    endAction(tx, execution, action, 'Failed', {
      errorDetails: { code: 'JobFailed', message: `Output variables exceed ${MAX_OUTPUT_VARIABLES_BYTES} bytes` },
    });
    settleStage(tx, execution, stage);
    return {};
  }
  action.outputVariables = variables;
  if (action.namespace !== undefined) setOwn(execution.namespaces, action.namespace, variables);
  const revision = event.currentRevision;
  for (const artifact of action.outputArtifacts) {
    if (revision) artifact.revision = revision.revision;
    setOwn(execution.artifacts, artifact.name, artifact);
  }
  if (revision && action.actionTypeId.category === 'Source') {
    const name = action.outputArtifacts[0]?.name ?? action.actionName;
    // One revision per artifact: a retried source replaces what its earlier attempt reported.
    execution.artifactRevisions = execution.artifactRevisions.filter((r) => r.name !== name);
    execution.artifactRevisions.push({
      name,
      actionName: action.actionName,
      revisionId: revision.revision,
      revisionChangeIdentifier: revision.changeIdentifier,
      ...(revision.revisionSummary !== undefined && { revisionSummary: revision.revisionSummary }),
      ...(revision.revisionUrl !== undefined && { revisionUrl: revision.revisionUrl }),
      created: revision.created ?? tx.now,
    });
  }
  endAction(tx, execution, action, 'Succeeded');
  settleStage(tx, execution, stage);
  return {};
}

export function jobFailed(tx: Tx, event: JobFailed): Record<string, never> {
  const { execution, stage, action } = runningJob(tx, event);
  recordDetails(action, event);
  endAction(tx, execution, action, 'Failed', { summary: event.message, errorDetails: { code: event.failureType, message: event.message } });
  settleStage(tx, execution, stage);
  return {};
}

/** The worker holding the job vanished: run the job again, and record that it happened. */
export function jobLeaseExpired(tx: Tx, event: JobLeaseExpired): Record<string, never> {
  const running = findRunning(tx, event.executionId, event.actionExecutionId);
  if (!running || running.action.jobId !== event.jobId) {
    // The action ended while its job was held; the job just needs closing.
    tx.commands.push({ type: 'CloseJob', jobId: event.jobId, status: 'Cancelled' });
    return {};
  }
  const { execution, stage, action } = running;
  action.leaseLosses += 1;
  action.lastUpdateTime = tx.now;
  if (action.leaseLosses >= MAX_LEASE_LOSSES) {
    endAction(tx, execution, action, 'Failed', {
      errorDetails: { code: 'SystemUnavailable', message: `The job lost its worker ${action.leaseLosses} times; giving up` },
    });
    settleStage(tx, execution, stage);
    return {};
  }
  action.jobAttempt += 1;
  action.summary = `Re-running after its worker stopped responding (attempt ${action.jobAttempt})`;
  tx.commands.push({ type: 'RequeueJob', jobId: event.jobId, attempt: action.jobAttempt });
  return {};
}

export function timerFired(tx: Tx, event: TimerFired): Record<string, never> {
  tx.commands.push({ type: 'CancelTimer', timerId: event.timerId });
  const running = findRunning(tx, event.executionId, event.actionExecutionId);
  if (!running || running.action.timerId !== event.timerId) return {};
  const { execution, stage, action } = running;
  delete action.timerId;
  const minutes = Math.round((tx.now - action.startTime) / 60_000);
  const message = action.token !== undefined
    ? `The approval request expired after ${minutes} minutes without a response`
    : `The action timed out after ${minutes} minutes`;
  endAction(tx, execution, action, 'Failed', { summary: message, errorDetails: { code: 'TimedOut', message }, jobStatus: 'TimedOut' });
  settleStage(tx, execution, stage);
  return {};
}
