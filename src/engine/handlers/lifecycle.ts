/**
 * CreatePipeline and UpdatePipeline as engine events, so that storing a declaration and its
 * consequences (the first execution; cancelling executions of the old version) commit together.
 * The declaration arrives validated and normalized.
 */
import { SluiceError } from '../../model/errors.ts';
import { isActiveExecution } from '../../model/status.ts';
import type { EngineEvent } from '../events.ts';
import { endAction } from '../actions.ts';
import type { Tx } from '../context.ts';
import { endExecution, settleStage } from '../stage-flow.ts';
import type { ExecutionState } from '../state.ts';
import { startExecution } from './start.ts';
import { own } from '../../model/records.ts';

type CreateEvent = Extract<EngineEvent, { type: 'CreatePipeline' }>;
type UpdateEvent = Extract<EngineEvent, { type: 'UpdatePipeline' }>;

export function createPipeline(tx: Tx, event: CreateEvent): { pipelineExecutionId: string } {
  const name = event.declaration.name;
  if (tx.state.pipeline) {
    throw new SluiceError('PipelineNameInUseException', `A pipeline with the name '${name}' already exists in account '${tx.accountId}'`);
  }
  tx.state.pipeline = {
    name,
    version: 1,
    declarations: { 1: { ...event.declaration, version: 1 } },
    created: tx.now,
    updated: tx.now,
    tags: event.tags ?? [],
    runtime: { stages: {} },
  };
  return startExecution(tx, {
    type: 'StartExecution', executionId: event.executionId, trigger: { triggerType: 'CreatePipeline' },
    ...(event.variables && { variables: event.variables }),
  });
}

/**
 * Stores the new version. Executions of older versions let their running actions finish and then
 * end Cancelled; those waiting between stages end Cancelled at once. Pending Manual approvals are
 * abandoned, since nothing would ever answer them. [guess: AWS does not document approvals here]
 */
export function updatePipeline(tx: Tx, event: UpdateEvent): { version: number } {
  const pipeline = tx.state.pipeline;
  if (!pipeline) {
    throw new SluiceError('ValidationException', `Pipeline ${event.declaration.name} does not exist; create it with CreatePipeline`);
  }
  const version = pipeline.version + 1;
  pipeline.version = version;
  pipeline.declarations[version] = { ...event.declaration, version };
  pipeline.updated = tx.now;
  const outdated = Object.values(tx.state.executions)
    .filter((e) => isActiveExecution(e.status) && e.pipelineVersion < version);
  const runningStage = (e: ExecutionState) => (e.position?.phase === 'running' ? own(e.stages, e.position.stageName) : undefined);
  // Waiting executions end first: otherwise one could be let into a stage that a cancelled
  // running execution frees, and start actions of the old version.
  for (const execution of outdated) {
    execution.cancelRequested = true;
    if (!runningStage(execution)) endExecution(tx, execution, 'Cancelled');
  }
  for (const execution of outdated) {
    const stage = runningStage(execution);
    if (!stage) continue;
    for (const action of Object.values(stage.actions)) {
      if (action.status === 'InProgress' && action.token !== undefined) {
        endAction(tx, execution, action, 'Abandoned', { summary: 'The pipeline was updated while this approval was pending' });
      }
    }
    settleStage(tx, execution, stage);
  }
  return { version };
}
