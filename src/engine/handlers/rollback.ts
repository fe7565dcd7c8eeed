/**
 * RollbackStage: a new ROLLBACK execution that re-runs one stage with the artifacts and variables
 * of an earlier execution that succeeded in that stage under the current pipeline version.
 */
import { SluiceError } from '../../model/errors.ts';
import { currentDeclaration, executionOf, pipelineOf, stageIndexOf, stageRuntime, type Tx } from '../context.ts';
import type { EngineEvent } from '../events.ts';
import { launchExecution } from '../stage-flow.ts';
import { checkConcurrency } from './start.ts';
import type { ExecutionState } from '../state.ts';
import { own } from '../../model/records.ts';

type RollbackEvent = Extract<EngineEvent, { type: 'RollbackStage' }>;

function unable(message: string): never {
  throw new SluiceError('UnableToRollbackStageException', message);
}

function checkRollback(tx: Tx, event: RollbackEvent): ExecutionState {
  const pipeline = pipelineOf(tx);
  const declaration = currentDeclaration(tx);
  const index = stageIndexOf(declaration, event.stageName);
  if (index < 0) throw new SluiceError('StageNotFoundException', `Stage ${event.stageName} not found in pipeline ${pipeline.name}`);
  if (index === 0) unable(`Stage ${event.stageName} holds the source actions and cannot be rolled back`);
  if ((declaration.executionMode ?? 'SUPERSEDED') === 'PARALLEL') unable('Stage rollback is not available in PARALLEL execution mode');
  const target = executionOf(tx, event.targetExecutionId);
  if (target.executionType === 'ROLLBACK') unable(`Execution ${target.pipelineExecutionId} is itself a rollback and cannot be a rollback target`);
  if (own(target.stages, event.stageName)?.status !== 'Succeeded') {
    unable(`Execution ${target.pipelineExecutionId} did not succeed in stage ${event.stageName}`);
  }
  if (target.pipelineVersion !== pipeline.version) {
    throw new SluiceError('PipelineExecutionOutdatedException',
      `Execution ${target.pipelineExecutionId} ran pipeline version ${target.pipelineVersion}, not the current version ${pipeline.version}`);
  }
  const holder = stageRuntime(tx, event.stageName).lockedBy;
  if (holder !== undefined) throw new SluiceError('ConflictException', `Stage ${event.stageName} is in progress with execution ${holder}`);
  return target;
}

export function rollbackStage(tx: Tx, event: RollbackEvent): { pipelineExecutionId: string } {
  const target = checkRollback(tx, event);
  checkConcurrency(tx);
  const execution = launchExecution(tx, {
    pipelineExecutionId: event.executionId,
    executionMode: target.executionMode,
    executionType: 'ROLLBACK',
    trigger: event.trigger,
    rollbackMetadata: { rollbackTargetPipelineExecutionId: target.pipelineExecutionId },
    rollbackStage: event.stageName,
    // Copies: what the rollback's actions produce must not rewrite the target's records.
    variables: structuredClone(target.variables),
    artifactRevisions: structuredClone(target.artifactRevisions),
    artifacts: structuredClone(target.artifacts),
    namespaces: structuredClone(target.namespaces),
  }, event.stageName);
  return { pipelineExecutionId: execution.pipelineExecutionId };
}
