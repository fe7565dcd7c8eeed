/**
 * The working context of one `decide` call: a private draft of the state that handlers mutate,
 * the commands they collect, and the injected clock reading and ID generator. Nothing outside
 * `decide` ever sees a draft; callers get a fresh state back.
 */
import { SluiceError } from '../model/errors.ts';
import type { PipelineDeclaration, StageDeclaration } from '../model/pipeline.ts';
import type { EngineCommand } from './commands.ts';
import type { EngineState, ExecutionState, PipelineRecord, StageRuntime } from './state.ts';
import { own, setOwn } from '../model/records.ts';

/** Source of fresh identifiers; deterministic in tests. */
export interface IdGen {
  /** A lowercase UUIDv4 (execution, action execution, job, approval token, event ids). */
  uuid(): string;
  /** `length` random characters from [A-Za-z0-9] (artifact object keys). */
  token(length: number): string;
}

/** Everything `decide` needs from outside besides the state and the event. */
export interface DecideContext {
  /** The pipeline the event is about (events do not repeat it). */
  pipelineName: string;
  /** The clock reading for this decision, epoch ms. */
  now: number;
  ids: IdGen;
  accountId: string;
  region: string;
}

export interface Tx extends DecideContext {
  state: EngineState;
  commands: EngineCommand[];
}

export function pipelineOf(tx: Tx): PipelineRecord {
  const pipeline = tx.state.pipeline;
  if (!pipeline) throw new SluiceError('PipelineNotFoundException', `Pipeline ${tx.pipelineName} not found`);
  return pipeline;
}

export function declarationOf(tx: Tx, version: number): PipelineDeclaration {
  const declaration = pipelineOf(tx).declarations[version];
  // The store loads the declaration of every loaded execution; a miss is a store bug.
  if (!declaration) throw new Error(`Declaration version ${version} was not loaded`);
  return declaration;
}

export function currentDeclaration(tx: Tx): PipelineDeclaration {
  return declarationOf(tx, pipelineOf(tx).version);
}

export function stageRuntime(tx: Tx, stageName: string): StageRuntime {
  const stages = pipelineOf(tx).runtime.stages;
  const existing = own(stages, stageName);
  if (existing) return existing;
  const created: StageRuntime = { waiting: [] };
  setOwn(stages, stageName, created);
  return created;
}

export function executionOf(tx: Tx, executionId: string): ExecutionState {
  const execution = tx.state.executions[executionId];
  if (!execution) {
    throw new SluiceError('PipelineExecutionNotFoundException',
      `Pipeline execution ${executionId} of pipeline ${pipelineOf(tx).name} not found`);
  }
  return execution;
}

export function stageDeclarationOf(declaration: PipelineDeclaration, stageName: string): StageDeclaration | undefined {
  return declaration.stages.find((s) => s.name === stageName);
}

export function stageIndexOf(declaration: PipelineDeclaration, stageName: string): number {
  return declaration.stages.findIndex((s) => s.name === stageName);
}

export function pipelineArn(tx: Tx): string {
  return `arn:aws:codepipeline:${tx.region}:${tx.accountId}:${tx.pipelineName}`;
}
