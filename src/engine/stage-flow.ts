/**
 * How executions move through stages: arriving in front of a stage, waiting (with superseding or
 * queueing by execution mode), entering, running run-order groups, settling when actions end, and
 * ending the execution. Every state change here emits its event at the moment it happens.
 *
 * Locks: in SUPERSEDED and QUEUED modes an execution holds a stage's lock while it runs inside the
 * stage; it releases it when the stage ends in any way. PARALLEL executions take no locks.
 */
import { isTerminalExecution } from '../model/status.ts';
import type { PipelineExecutionStatus, StageExecutionStatus } from '../model/vocabulary.ts';
import { startAction } from './actions.ts';
import {
  declarationOf, pipelineOf, stageDeclarationOf, stageIndexOf, stageRuntime, type Tx,
} from './context.ts';
import { emitExecution, emitStage } from './emit.ts';
import type { PipelineEventState } from './pipeline-events.ts';
import { runOrderGroups } from './plan.ts';
import type { ActionDeclaration } from '../model/pipeline.ts';
import type { ExecutionState, StageExecutionState } from './state.ts';
import { own, setOwn } from '../model/records.ts';

const EXECUTION_EVENT: Partial<Record<PipelineExecutionStatus, PipelineEventState>> = {
  Succeeded: 'SUCCEEDED', Failed: 'FAILED', Stopped: 'STOPPED', Superseded: 'SUPERSEDED', Cancelled: 'CANCELED',
};
const STAGE_EVENT: Partial<Record<StageExecutionStatus, PipelineEventState>> = {
  Succeeded: 'SUCCEEDED', Failed: 'FAILED', Stopped: 'STOPPED', Cancelled: 'CANCELED',
};

function usesLocks(execution: ExecutionState): boolean {
  return execution.executionMode !== 'PARALLEL';
}

function transitionOpen(tx: Tx, execution: ExecutionState, stageName: string): boolean {
  const declaration = declarationOf(tx, execution.pipelineVersion);
  const index = stageIndexOf(declaration, stageName);
  if (stageRuntime(tx, stageName).inbound?.enabled === false) return false;
  const previous = declaration.stages[index - 1];
  return !previous || stageRuntime(tx, previous.name).outbound?.enabled !== false;
}

function canEnter(tx: Tx, execution: ExecutionState, stageName: string): boolean {
  const runtime = stageRuntime(tx, stageName);
  if (!transitionOpen(tx, execution, stageName)) return false;
  if (!usesLocks(execution)) return true;
  if (runtime.lockedBy !== undefined && runtime.lockedBy !== execution.pipelineExecutionId) return false;
  const head = runtime.waiting[0];
  return head === undefined || head === execution.pipelineExecutionId;
}

type NewExecution = Pick<ExecutionState, 'pipelineExecutionId' | 'executionMode' | 'executionType' | 'trigger'> & Partial<ExecutionState>;

/** Registers a new execution of the current version, emits STARTED and sends it to `stageName`. */
export function launchExecution(tx: Tx, fields: NewExecution, stageName: string): ExecutionState {
  const pipeline = pipelineOf(tx);
  const execution: ExecutionState = {
    pipelineName: pipeline.name, pipelineVersion: pipeline.version, status: 'InProgress',
    startTime: tx.now, lastUpdateTime: tx.now,
    variables: [], sourceRevisions: [], artifactRevisions: [], stages: {}, artifacts: {}, namespaces: {},
    ...fields,
  };
  tx.state.executions[execution.pipelineExecutionId] = execution;
  emitExecution(tx, execution, 'STARTED');
  arrive(tx, execution, stageName);
  return execution;
}

/** The execution reaches the front of `stageName`: it enters if it may, otherwise it waits. */
export function arrive(tx: Tx, execution: ExecutionState, stageName: string): void {
  if (canEnter(tx, execution, stageName)) enterStage(tx, execution, stageName);
  else wait(tx, execution, stageName);
}

function wait(tx: Tx, execution: ExecutionState, stageName: string): void {
  const runtime = stageRuntime(tx, stageName);
  const id = execution.pipelineExecutionId;
  execution.position = { stageName, phase: 'waiting' };
  if (execution.executionMode !== 'SUPERSEDED') {
    if (!runtime.waiting.includes(id)) runtime.waiting.push(id);
    return;
  }
  // SUPERSEDED keeps one waiter per stage: the newer execution wins, the older ends Superseded.
  for (const otherId of runtime.waiting.filter((w) => w !== id)) {
    const other = tx.state.executions[otherId];
    if (other && !isTerminalExecution(other.status) && other.startTime > execution.startTime) {
      endExecution(tx, execution, 'Superseded');
      return;
    }
    if (other && !isTerminalExecution(other.status)) endExecution(tx, other, 'Superseded');
  }
  runtime.waiting = [id];
}

function enterStage(tx: Tx, execution: ExecutionState, stageName: string): void {
  const runtime = stageRuntime(tx, stageName);
  const id = execution.pipelineExecutionId;
  runtime.waiting = runtime.waiting.filter((w) => w !== id);
  if (usesLocks(execution)) runtime.lockedBy = id;
  runtime.latestExecutionId = id;
  const stage: StageExecutionState = {
    stageName, status: 'InProgress', startTime: tx.now, lastUpdateTime: tx.now, groupIndex: 0,
    actions: {}, manualRetryAttempt: 0, autoRetryAttempt: 0,
  };
  setOwn(execution.stages, stageName, stage);
  execution.position = { stageName, phase: 'running' };
  execution.lastUpdateTime = tx.now;
  emitStage(tx, execution, stageName, 'STARTED');
  startGroup(tx, execution, stage, 0);
}

function groupsOf(tx: Tx, execution: ExecutionState, stageName: string): ActionDeclaration[][] {
  const stage = stageDeclarationOf(declarationOf(tx, execution.pipelineVersion), stageName);
  return stage ? runOrderGroups(stage) : [];
}

/** Starts the actions of group `groupIndex` that `include` selects, then settles the stage. */
export function startGroup(
  tx: Tx, execution: ExecutionState, stage: StageExecutionState, groupIndex: number,
  include: (action: ActionDeclaration) => boolean = () => true,
): void {
  stage.groupIndex = groupIndex;
  stage.lastUpdateTime = tx.now;
  for (const action of groupsOf(tx, execution, stage.stageName)[groupIndex] ?? []) {
    if (include(action)) startAction(tx, execution, stage, action);
  }
  settleStage(tx, execution, stage);
}

/**
 * Called whenever an action of the stage ends. Once nothing runs, decides what comes next: the
 * next group, the next stage, or the end of the execution (stopped, cancelled, failed, succeeded).
 */
export function settleStage(tx: Tx, execution: ExecutionState, stage: StageExecutionState): void {
  const actions = Object.values(stage.actions);
  if (actions.some((a) => a.status === 'InProgress')) return;
  const groups = groupsOf(tx, execution, stage.stageName);
  const group = groups[stage.groupIndex] ?? [];
  const failed = group.some((a) => {
    const status = own(stage.actions, a.name)?.status;
    return status === 'Failed' || status === 'Abandoned';
  });
  if (execution.status === 'Stopping') return endStageAndExecution(tx, execution, stage, 'Stopped', 'Stopped');
  if (execution.cancelRequested) return endStageAndExecution(tx, execution, stage, 'Cancelled', 'Cancelled');
  if (failed) return endStageAndExecution(tx, execution, stage, 'Failed', 'Failed');
  if (stage.groupIndex + 1 < groups.length) return startGroup(tx, execution, stage, stage.groupIndex + 1);
  succeedStage(tx, execution, stage);
}

function endStage(tx: Tx, execution: ExecutionState, stage: StageExecutionState, status: StageExecutionStatus): void {
  stage.status = status;
  stage.lastUpdateTime = tx.now;
  execution.lastUpdateTime = tx.now;
  const event = STAGE_EVENT[status];
  if (event) emitStage(tx, execution, stage.stageName, event);
}

function endStageAndExecution(
  tx: Tx, execution: ExecutionState, stage: StageExecutionState,
  stageStatus: StageExecutionStatus, executionStatus: PipelineExecutionStatus,
): void {
  endStage(tx, execution, stage, stageStatus);
  endExecution(tx, execution, executionStatus);
}

function succeedStage(tx: Tx, execution: ExecutionState, stage: StageExecutionState): void {
  endStage(tx, execution, stage, 'Succeeded');
  const declaration = declarationOf(tx, execution.pipelineVersion);
  const next = declaration.stages[stageIndexOf(declaration, stage.stageName) + 1];
  if (execution.rollbackStage !== undefined || !next) return endExecution(tx, execution, 'Succeeded');
  const runtime = stageRuntime(tx, stage.stageName);
  if (runtime.lockedBy === execution.pipelineExecutionId) delete runtime.lockedBy;
  execution.position = undefined;
  arrive(tx, execution, next.name);
  admitWaiters(tx, stage.stageName);
}

/**
 * Ends the execution: releases every lock and waiting place it holds (letting the next waiters
 * in) and emits the pipeline event.
 */
export function endExecution(tx: Tx, execution: ExecutionState, status: PipelineExecutionStatus): void {
  const id = execution.pipelineExecutionId;
  execution.status = status;
  execution.lastUpdateTime = tx.now;
  execution.position = undefined;
  delete execution.stopMode;
  const freed: string[] = [];
  for (const [stageName, runtime] of Object.entries(pipelineOf(tx).runtime.stages)) {
    runtime.waiting = runtime.waiting.filter((w) => w !== id);
    if (runtime.lockedBy === id) {
      delete runtime.lockedBy;
      freed.push(stageName);
    }
  }
  const event = EXECUTION_EVENT[status];
  if (event) emitExecution(tx, execution, event);
  for (const stageName of freed) admitWaiters(tx, stageName);
}

/** Lets waiting executions into the stage while they may enter (one at a time with locks). */
export function admitWaiters(tx: Tx, stageName: string): void {
  const runtime = stageRuntime(tx, stageName);
  for (;;) {
    const id = runtime.waiting[0];
    if (id === undefined) return;
    const execution = tx.state.executions[id];
    if (!execution || isTerminalExecution(execution.status)) {
      runtime.waiting.shift();
      continue;
    }
    if (!canEnter(tx, execution, stageName)) return;
    enterStage(tx, execution, stageName);
  }
}
