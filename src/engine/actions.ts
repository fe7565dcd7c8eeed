/**
 * Starting and ending action executions. An action starts by resolving its variables and
 * artifacts; a Manual approval then waits for PutApprovalResult (with a fresh token and a timer),
 * every other action becomes a job for a worker (with a timeout timer).
 */
import { actionTypeKey, type ActionDeclaration, type PipelineDeclaration } from '../model/pipeline.ts';
import type { JobArtifact, JobData, NewJob } from './commands.ts';
import { declarationOf, pipelineArn, type Tx } from './context.ts';
import { emitAction } from './emit.ts';
import { APPROVAL_TIMEOUT_MS, JOB_ACTION_TIMEOUT_MS, MAX_RESOLVED_CONFIGURATION_BYTES } from './limits.ts';
import type { ActionExecutionState, ArtifactRef, ErrorDetails, ExecutionState, StageExecutionState } from './state.ts';
import { resolveRecord, resolveText, variableScopeOf } from './variables.ts';
import { own, setOwn } from '../model/records.ts';

export function isManualApproval(action: Pick<ActionDeclaration, 'actionTypeId'>): boolean {
  const t = action.actionTypeId;
  return t.category === 'Approval' && t.owner === 'AWS' && t.provider === 'Manual';
}

/** Artifact object key `<pipeline ≤20>/<artifact ≤10>/<7 random>`, as AWS lays them out. */
function artifactRef(tx: Tx, declaration: PipelineDeclaration, region: string, name: string): ArtifactRef {
  const store = declaration.artifactStore ?? declaration.artifactStores?.[region];
  return {
    name,
    bucket: store?.location ?? 'sluice-artifacts',
    key: `${declaration.name.slice(0, 20)}/${name.slice(0, 10)}/${tx.ids.token(7)}`,
  };
}

function jobArtifacts(refs: ArtifactRef[]): JobArtifact[] {
  return refs.map((r) => ({
    name: r.name,
    ...(r.revision !== undefined && { revision: r.revision }),
    location: { type: 'S3', s3Location: { bucketName: r.bucket, objectKey: r.key } },
  }));
}

interface Resolved { configuration: Record<string, string>; data: Partial<JobData>; problem?: string }

function resolveAction(execution: ExecutionState, declaration: ActionDeclaration): Resolved {
  const scope = variableScopeOf(execution);
  const unresolved = new Set<string>();
  const configuration = resolveRecord(declaration.configuration ?? {}, scope, unresolved);
  const data: Partial<JobData> = {};
  if (declaration.commands) data.commands = declaration.commands.map((c) => resolveText(c, scope, unresolved));
  if (declaration.outputVariables) data.outputVariables = declaration.outputVariables;
  const withFiles = (declaration.outputArtifacts ?? []).filter((a) => a.files !== undefined);
  if (withFiles.length > 0) data.outputArtifactFiles = Object.fromEntries(withFiles.map((a) => [a.name, a.files ?? []]));
  if (declaration.environmentVariables) {
    data.environmentVariables = declaration.environmentVariables.map((v) => ({ ...v, value: resolveText(v.value, scope, unresolved) }));
  }
  let problem: string | undefined;
  if (unresolved.size > 0) {
    problem = `Unable to resolve variable reference(s) ${[...unresolved].join(', ')} in action ${declaration.name}`;
  } else if (JSON.stringify(configuration).length > MAX_RESOLVED_CONFIGURATION_BYTES) {
    problem = `The resolved configuration of action ${declaration.name} exceeds ${MAX_RESOLVED_CONFIGURATION_BYTES} bytes`;
  }
  return { configuration, data, ...(problem !== undefined && { problem }) };
}

/** Creates the action execution, emits STARTED and sets the action going. */
export function startAction(tx: Tx, execution: ExecutionState, stage: StageExecutionState, declaration: ActionDeclaration): ActionExecutionState {
  const pipeline = declarationOf(tx, execution.pipelineVersion);
  const region = declaration.region ?? tx.region;
  const resolved = resolveAction(execution, declaration);
  const missingInput = (declaration.inputArtifacts ?? []).find((a) => !own(execution.artifacts, a.name));
  const action: ActionExecutionState = {
    actionExecutionId: tx.ids.uuid(),
    pipelineExecutionId: execution.pipelineExecutionId,
    pipelineVersion: execution.pipelineVersion,
    stageName: stage.stageName,
    actionName: declaration.name,
    status: 'InProgress',
    startTime: tx.now,
    lastUpdateTime: tx.now,
    actionTypeId: declaration.actionTypeId,
    runOrder: declaration.runOrder ?? 1,
    ...(declaration.namespace !== undefined && { namespace: declaration.namespace }),
    ...(declaration.region !== undefined && { region: declaration.region }),
    ...(declaration.roleArn !== undefined && { roleArn: declaration.roleArn }),
    configuration: declaration.configuration ?? {},
    resolvedConfiguration: resolved.configuration,
    inputArtifacts: (declaration.inputArtifacts ?? []).flatMap((a) => own(execution.artifacts, a.name) ?? []),
    outputArtifacts: (declaration.outputArtifacts ?? []).map((a) => artifactRef(tx, pipeline, region, a.name)),
    jobAttempt: 0,
    leaseLosses: 0,
  };
  setOwn(stage.actions, declaration.name, action);
  emitAction(tx, execution, action, 'STARTED');

  const problem = resolved.problem ?? (missingInput && `Input artifact ${missingInput.name} of action ${declaration.name} was not produced`);
  if (problem) {
    endAction(tx, execution, action, 'Failed', { errorDetails: { code: 'ConfigurationError', message: problem } });
    return action;
  }
  if (isManualApproval(declaration)) {
    action.token = tx.ids.uuid();
    const timeoutMs = declaration.timeoutInMinutes !== undefined ? declaration.timeoutInMinutes * 60_000 : APPROVAL_TIMEOUT_MS;
    action.expiresAt = tx.now + timeoutMs;
    setActionTimer(tx, execution, action, action.expiresAt);
  } else {
    enqueueJob(tx, execution, action, resolved.data);
    setActionTimer(tx, execution, action, tx.now + JOB_ACTION_TIMEOUT_MS);
  }
  return action;
}

function setActionTimer(tx: Tx, execution: ExecutionState, action: ActionExecutionState, dueAt: number): void {
  action.timerId = tx.ids.uuid();
  tx.commands.push({
    type: 'SetTimer',
    timer: {
      timerId: action.timerId, dueAt, pipelineName: execution.pipelineName,
      executionId: execution.pipelineExecutionId, actionExecutionId: action.actionExecutionId,
    },
  });
}

/** Queues a job for the action; `continuationToken` marks a continuation of the previous job. */
export function enqueueJob(tx: Tx, execution: ExecutionState, action: ActionExecutionState, extra: Partial<JobData>, continuationToken?: string): void {
  action.jobAttempt += 1;
  action.jobId = tx.ids.uuid();
  const sourceRevision = execution.sourceRevisions.find((r) => r.actionName === action.actionName);
  const data: JobData = {
    ...extra,
    actionTypeId: action.actionTypeId,
    actionConfiguration: { configuration: action.resolvedConfiguration },
    pipelineContext: {
      pipelineName: execution.pipelineName,
      stage: { name: action.stageName },
      action: { name: action.actionName, actionExecutionId: action.actionExecutionId },
      pipelineArn: pipelineArn(tx),
      pipelineExecutionId: execution.pipelineExecutionId,
    },
    inputArtifacts: jobArtifacts(action.inputArtifacts),
    outputArtifacts: jobArtifacts(action.outputArtifacts),
    ...(continuationToken !== undefined && { continuationToken }),
    ...(sourceRevision && { sourceRevision: { revisionType: sourceRevision.revisionType, revisionValue: sourceRevision.revisionValue } }),
  };
  const job: NewJob = {
    jobId: action.jobId,
    actionTypeKey: actionTypeKey(action.actionTypeId),
    pipelineName: execution.pipelineName,
    executionId: execution.pipelineExecutionId,
    actionExecutionId: action.actionExecutionId,
    stageName: action.stageName,
    actionName: action.actionName,
    attempt: action.jobAttempt,
    nonce: tx.ids.uuid(),
    data,
  };
  tx.commands.push({ type: 'EnqueueJob', job });
}

export interface ActionOutcome {
  summary?: string;
  errorDetails?: ErrorDetails;
  updatedBy?: string;
  jobStatus?: 'Succeeded' | 'Failed' | 'TimedOut' | 'Cancelled';
}

/**
 * Ends an action execution: records the outcome, closes its job and timer, emits the event.
 * The caller settles the stage afterwards.
 */
export function endAction(
  tx: Tx, execution: ExecutionState, action: ActionExecutionState,
  status: 'Succeeded' | 'Failed' | 'Abandoned', outcome: ActionOutcome = {},
): void {
  action.status = status;
  action.lastUpdateTime = tx.now;
  if (outcome.summary !== undefined) action.summary = outcome.summary;
  if (outcome.errorDetails !== undefined) action.errorDetails = outcome.errorDetails;
  if (outcome.updatedBy !== undefined) action.updatedBy = outcome.updatedBy;
  if (action.jobId !== undefined) {
    const jobStatus = outcome.jobStatus ?? (status === 'Abandoned' ? 'Cancelled' : status);
    tx.commands.push({ type: 'CloseJob', jobId: action.jobId, status: jobStatus });
  }
  if (action.timerId !== undefined) {
    tx.commands.push({ type: 'CancelTimer', timerId: action.timerId });
    delete action.timerId;
  }
  emitAction(tx, execution, action, status === 'Abandoned' ? 'ABANDONED' : status === 'Succeeded' ? 'SUCCEEDED' : 'FAILED');
}

/** The current action execution with this id, if it is one of the execution's current attempts. */
export function findAction(execution: ExecutionState, actionExecutionId: string): { stage: StageExecutionState; action: ActionExecutionState } | undefined {
  for (const stage of Object.values(execution.stages)) {
    for (const action of Object.values(stage.actions)) {
      if (action.actionExecutionId === actionExecutionId) return { stage, action };
    }
  }
  return undefined;
}
