/**
 * Shared pieces of the store contract suite: the store factory type, a per-describe store, the
 * `it` that honours declared gaps, and steps that set up state through the engine port (the only
 * way any Sluice code writes state).
 */
import { after, before, it } from 'node:test';
import type { EngineCommand } from '../../../src/engine/commands.ts';
import type { ExecutionState, PipelineRecord } from '../../../src/engine/state.ts';
import type { Store } from '../../../src/store/ports.ts';
import { makePipelineRecord } from '../builders.ts';

export type MakeStore = () => Promise<{ store: Store; cleanup(): Promise<void> }>;

export interface ContractOptions {
  /** Names of contract tests this implementation is known not to pass yet (reported as skipped). */
  skip?: string[];
}

export type ContractIt = (name: string, fn: () => Promise<void>) => void;

export function makeContractIt(options: ContractOptions): ContractIt {
  const skip = new Set(options.skip ?? []);
  return (name, fn) => {
    it(name, skip.has(name) ? { skip: 'declared gap of this store' } : {}, fn);
  };
}

/** Opens one store for the enclosing describe; tests in it share it and use unique names. */
export function useStore(makeStore: MakeStore): () => Store {
  let opened: Awaited<ReturnType<MakeStore>> | undefined;
  before(async () => {
    opened = await makeStore();
  });
  after(async () => {
    await opened?.cleanup();
  });
  return () => {
    if (!opened) throw new Error('store not opened yet');
    return opened.store;
  };
}

/** Creates a pipeline through a step, as CreatePipeline does. */
export async function createPipeline(store: Store, name: string, over: Partial<PipelineRecord> = {}): Promise<PipelineRecord> {
  const record = makePipelineRecord(name, over);
  await store.engine.step(name, {}, (state) => ({ state: { ...state, pipeline: record }, commands: [], reply: undefined }));
  return record;
}

/** Adds (or replaces) executions of an existing pipeline through a step. */
export async function putExecutions(store: Store, name: string, ...executions: ExecutionState[]): Promise<void> {
  await store.engine.step(name, { executionIds: executions.map((e) => e.pipelineExecutionId) }, (state) => {
    for (const execution of executions) state.executions[execution.pipelineExecutionId] = structuredClone(execution);
    return { state, commands: [], reply: undefined };
  });
}

/** Runs a step that changes no state and carries out `commands`. */
export async function runCommands(store: Store, name: string, commands: EngineCommand[]): Promise<void> {
  await store.engine.step(name, {}, (state) => ({ state, commands, reply: undefined }));
}

/** Reads the whole outbox and returns the last seq (0 when empty). */
export async function lastOutboxSeq(store: Store): Promise<number> {
  let seq = 0;
  for (;;) {
    const entries = await store.outbox.read(seq, 500);
    const last = entries.at(-1);
    if (!last) return seq;
    seq = last.seq;
  }
}
