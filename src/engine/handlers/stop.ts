/**
 * StopPipelineExecution. Stop and wait: the execution is Stopping until its running actions end,
 * then Stopped. Abandon: running actions end Abandoned at once (external work is not cancelled),
 * then Stopped. An abandon may upgrade a pending wait-stop; any other repeat is a duplicate.
 */
import { SluiceError } from '../../model/errors.ts';
import { endAction } from '../actions.ts';
import { executionOf, type Tx } from '../context.ts';
import { emitExecution, emitStage } from '../emit.ts';
import type { EngineEvent } from '../events.ts';
import { endExecution, settleStage } from '../stage-flow.ts';
import { own } from '../../model/records.ts';

type StopEvent = Extract<EngineEvent, { type: 'StopExecution' }>;

export function stopExecution(tx: Tx, event: StopEvent): { pipelineExecutionId: string } {
  const execution = executionOf(tx, event.executionId);
  const id = execution.pipelineExecutionId;
  if (execution.status === 'Stopping') {
    if (!event.abandon || execution.stopMode === 'ABANDON') {
      throw new SluiceError('DuplicatedStopRequestException', `Execution ${id} is already being stopped`);
    }
  } else if (execution.status !== 'InProgress') {
    throw new SluiceError('PipelineExecutionNotStoppableException',
      `Execution ${id} cannot be stopped because it is ${execution.status}`);
  }
  const upgrading = execution.status === 'Stopping';
  execution.status = 'Stopping';
  execution.stopMode = event.abandon ? 'ABANDON' : 'STOP_AND_WAIT';
  execution.lastUpdateTime = tx.now;
  if (!upgrading) {
    execution.stopTrigger = event.reason !== undefined ? { reason: event.reason } : {};
    if (event.reason !== undefined) execution.statusSummary = event.reason;
    emitExecution(tx, execution, 'STOPPING');
  }
  const position = execution.position;
  const stage = position?.phase === 'running' ? own(execution.stages, position.stageName) : undefined;
  if (!stage) {
    endExecution(tx, execution, 'Stopped');
    return { pipelineExecutionId: id };
  }
  if (!upgrading) {
    stage.status = 'Stopping';
    stage.lastUpdateTime = tx.now;
    emitStage(tx, execution, stage.stageName, 'STOPPING');
  }
  if (event.abandon) {
    for (const action of Object.values(stage.actions)) {
      if (action.status === 'InProgress') endAction(tx, execution, action, 'Abandoned', { summary: 'Abandoned by StopPipelineExecution' });
    }
  }
  settleStage(tx, execution, stage);
  return { pipelineExecutionId: id };
}
