/**
 * RetryStageExecution: resumes a Failed or Stopped stage of the stage's latest execution, under
 * the same execution id. FAILED_ACTIONS re-runs the failed and abandoned actions of the group
 * that stopped the stage and carries on; ALL_ACTIONS restarts the stage from its first group.
 */
import { SluiceError } from '../../model/errors.ts';
import { currentDeclaration, executionOf, pipelineOf, stageDeclarationOf, stageRuntime, type Tx } from '../context.ts';
import { emitExecution, emitStage } from '../emit.ts';
import type { EngineEvent } from '../events.ts';
import { startGroup } from '../stage-flow.ts';
import type { ExecutionState, StageExecutionState } from '../state.ts';
import { own } from '../../model/records.ts';

type RetryEvent = Extract<EngineEvent, { type: 'RetryStage' }>;

function retryableStage(tx: Tx, execution: ExecutionState, event: RetryEvent): StageExecutionState {
  const pipeline = pipelineOf(tx);
  const id = execution.pipelineExecutionId;
  if (!stageDeclarationOf(currentDeclaration(tx), event.stageName)) {
    throw new SluiceError('StageNotFoundException', `Stage ${event.stageName} not found in pipeline ${pipeline.name}`);
  }
  if (execution.status === 'InProgress' || execution.status === 'Stopping') {
    throw new SluiceError('ConflictException', `Execution ${id} is ${execution.status}; wait for it to end before retrying a stage`);
  }
  const stage = own(execution.stages, event.stageName);
  if (!stage || (stage.status !== 'Failed' && stage.status !== 'Stopped')) {
    throw new SluiceError('StageNotRetryableException',
      `Stage ${event.stageName} of execution ${id} is ${stage?.status ?? 'not run'}; only a Failed or Stopped stage can be retried`);
  }
  if (stageRuntime(tx, event.stageName).latestExecutionId !== id) {
    throw new SluiceError('NotLatestPipelineExecutionException',
      `Execution ${id} is not the latest execution of stage ${event.stageName}; only the latest can be retried`);
  }
  if (execution.pipelineVersion !== pipeline.version) {
    throw new SluiceError('StageNotRetryableException',
      `Pipeline ${pipeline.name} was updated (version ${execution.pipelineVersion} → ${pipeline.version}) since execution ${id} ran; start a new execution instead`);
  }
  const lockHolder = stageRuntime(tx, event.stageName).lockedBy;
  if (lockHolder !== undefined && lockHolder !== id) {
    throw new SluiceError('ConflictException', `Stage ${event.stageName} is in use by execution ${lockHolder}`);
  }
  return stage;
}

export function retryStage(tx: Tx, event: RetryEvent): { pipelineExecutionId: string } {
  const execution = executionOf(tx, event.executionId);
  const stage = retryableStage(tx, execution, event);
  const rerun = new Set(Object.values(stage.actions)
    .filter((a) => a.status === 'Failed' || a.status === 'Abandoned').map((a) => a.actionName));
  if (event.retryMode === 'FAILED_ACTIONS' && stage.status === 'Failed' && rerun.size === 0) {
    throw new SluiceError('StageNotRetryableException', `Stage ${event.stageName} has no failed actions to retry`);
  }
  execution.status = 'InProgress';
  delete execution.stopMode;
  delete execution.statusSummary;
  execution.lastUpdateTime = tx.now;
  execution.position = { stageName: stage.stageName, phase: 'running' };
  const runtime = stageRuntime(tx, stage.stageName);
  if (execution.executionMode !== 'PARALLEL') runtime.lockedBy = execution.pipelineExecutionId;
  runtime.waiting = runtime.waiting.filter((w) => w !== execution.pipelineExecutionId);
  stage.status = 'InProgress';
  stage.lastUpdateTime = tx.now;
  stage.manualRetryAttempt += 1;
  stage.latestRetryTrigger = 'ManualStageRetry';
  emitExecution(tx, execution, 'RESUMED');
  emitStage(tx, execution, stage.stageName, 'RESUMED');
  if (event.retryMode === 'ALL_ACTIONS') {
    stage.actions = {};
    startGroup(tx, execution, stage, 0);
  } else {
    startGroup(tx, execution, stage, stage.groupIndex, (a) => rerun.has(a.name));
  }
  return { pipelineExecutionId: execution.pipelineExecutionId };
}
