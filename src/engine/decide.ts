/**
 * The engine's single entry point: `decide(state, event, context)` returns the next state, the
 * commands that carry the decision out, and the reply for whoever sent the event. It is pure: the
 * input state is never modified, time and IDs come from `context`, and a refused event throws a
 * SluiceError (AWS `__type` as code) with nothing decided.
 */
import type { EngineCommand } from './commands.ts';
import type { DecideContext, Tx } from './context.ts';
import type { EngineEvent } from './events.ts';
import { putApprovalResult } from './handlers/approval.ts';
import { jobFailed, jobLeaseExpired, jobSucceeded, timerFired } from './handlers/jobs.ts';
import { createPipeline, updatePipeline } from './handlers/lifecycle.ts';
import { retryStage } from './handlers/retry.ts';
import { rollbackStage } from './handlers/rollback.ts';
import { startExecution } from './handlers/start.ts';
import { stopExecution } from './handlers/stop.ts';
import { setStageTransition } from './handlers/transition.ts';
import type { EngineState } from './state.ts';
import { pipelineOf } from './context.ts';

/** What the sender of an event gets back (the union of the API operations' outputs). */
export interface EngineReply {
  pipelineExecutionId?: string;
  approvedAt?: number;
  version?: number;
}

export interface Decision {
  state: EngineState;
  commands: EngineCommand[];
  reply: EngineReply;
}

function handle(tx: Tx, event: EngineEvent): EngineReply {
  // UpdatePipeline reports a missing pipeline itself (ValidationException, spec §4.1).
  if (event.type !== 'CreatePipeline' && event.type !== 'UpdatePipeline') pipelineOf(tx);
  switch (event.type) {
    case 'CreatePipeline': return createPipeline(tx, event);
    case 'UpdatePipeline': return updatePipeline(tx, event);
    case 'StartExecution': return startExecution(tx, event);
    case 'RollbackStage': return rollbackStage(tx, event);
    case 'StopExecution': return stopExecution(tx, event);
    case 'RetryStage': return retryStage(tx, event);
    case 'PutApprovalResult': return putApprovalResult(tx, event);
    case 'SetStageTransition': return setStageTransition(tx, event);
    case 'JobSucceeded': return jobSucceeded(tx, event);
    case 'JobFailed': return jobFailed(tx, event);
    case 'JobLeaseExpired': return jobLeaseExpired(tx, event);
    case 'TimerFired': return timerFired(tx, event);
  }
}

/**
 * A private copy for handlers to change. Declarations are immutable once stored, so they are
 * shared rather than copied (copying them dominated the cost of a step).
 */
function draftOf(state: EngineState): EngineState {
  const { pipeline, ...rest } = state;
  const draft = structuredClone(rest) as EngineState;
  if (pipeline) {
    const { declarations, ...record } = pipeline;
    draft.pipeline = { ...structuredClone(record), declarations: { ...declarations } };
  } else {
    draft.pipeline = undefined;
  }
  return draft;
}

export function decide(state: EngineState, event: EngineEvent, context: DecideContext): Decision {
  const tx: Tx = { ...context, state: draftOf(state), commands: [] };
  const reply = handle(tx, event);
  return { state: tx.state, commands: tx.commands, reply };
}
