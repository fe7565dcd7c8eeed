/**
 * StartPipelineExecution (and the automatic start of CreatePipeline): creates an execution of the
 * current version and sends it to the first stage. Idempotent by clientRequestToken.
 */
import { SluiceError } from '../../model/errors.ts';
import { isActiveExecution } from '../../model/status.ts';
import { currentDeclaration, pipelineOf, type Tx } from '../context.ts';
import type { EngineEvent } from '../events.ts';
import { MAX_PARALLEL_EXECUTIONS, MAX_QUEUED_EXECUTIONS } from '../limits.ts';
import { launchExecution } from '../stage-flow.ts';
import type { ExecutionState } from '../state.ts';

type StartEvent = Extract<EngineEvent, { type: 'StartExecution' }>;

function resolvePipelineVariables(tx: Tx, overrides: { name: string; value: string }[]): ExecutionState['variables'] {
  const declared = currentDeclaration(tx).variables ?? [];
  const names = new Set(declared.map((v) => v.name));
  const unknown = overrides.filter((o) => !names.has(o.name)).map((o) => o.name);
  if (unknown.length > 0) {
    throw new SluiceError('ValidationException',
      `Pipeline variable(s) ${unknown.join(', ')} are not declared in pipeline ${pipelineOf(tx).name}; declare them in the pipeline's variables first`);
  }
  const values = new Map(overrides.map((o) => [o.name, o.value]));
  const missing = declared.filter((v) => !values.has(v.name) && v.defaultValue === undefined).map((v) => v.name);
  if (missing.length > 0) {
    throw new SluiceError('ValidationException', `Pipeline variable(s) ${missing.join(', ')} have no default value; pass a value when starting the execution`);
  }
  return declared.map((v) => ({ name: v.name, resolvedValue: values.get(v.name) ?? v.defaultValue ?? '' }));
}

function checkSourceRevisions(tx: Tx, event: StartEvent): void {
  const firstStage = currentDeclaration(tx).stages[0];
  for (const revision of event.sourceRevisions ?? []) {
    if (!firstStage?.actions.some((a) => a.name === revision.actionName)) {
      throw new SluiceError('ValidationException',
        `sourceRevisions names action ${revision.actionName}, which is not a source action of pipeline ${pipelineOf(tx).name}`);
    }
  }
}

/** QUEUED and PARALLEL pipelines run at most so many executions at once. */
export function checkConcurrency(tx: Tx): void {
  const mode = currentDeclaration(tx).executionMode ?? 'SUPERSEDED';
  if (mode === 'SUPERSEDED') return;
  const limit = mode === 'PARALLEL' ? MAX_PARALLEL_EXECUTIONS : MAX_QUEUED_EXECUTIONS;
  const active = tx.state.activeExecutionCount
    ?? Object.values(tx.state.executions).filter((e) => isActiveExecution(e.status)).length;
  if (active >= limit) {
    throw new SluiceError('ConcurrentPipelineExecutionsLimitExceededException',
      `Pipeline ${pipelineOf(tx).name} already has ${active} executions in progress, the limit for ${mode} mode is ${limit}`);
  }
}

export function startExecution(tx: Tx, event: StartEvent): { pipelineExecutionId: string } {
  if (event.clientRequestToken !== undefined) {
    const same = Object.values(tx.state.executions).find((e) => e.clientRequestToken === event.clientRequestToken);
    if (same) return { pipelineExecutionId: same.pipelineExecutionId };
  }
  checkSourceRevisions(tx, event);
  checkConcurrency(tx);
  const declaration = currentDeclaration(tx);
  const first = declaration.stages[0];
  if (!first) throw new Error('A stored declaration has stages');
  const execution = launchExecution(tx, {
    pipelineExecutionId: event.executionId,
    executionMode: declaration.executionMode ?? 'SUPERSEDED',
    executionType: 'STANDARD',
    trigger: event.trigger,
    ...(event.clientRequestToken !== undefined && { clientRequestToken: event.clientRequestToken }),
    variables: resolvePipelineVariables(tx, event.variables ?? []),
    sourceRevisions: event.sourceRevisions ?? [],
  }, first.name);
  return { pipelineExecutionId: execution.pipelineExecutionId };
}
