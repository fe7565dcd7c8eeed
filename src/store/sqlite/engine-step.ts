/**
 * The engine's half of the store: one step = load, decide, save, carry out, in one transaction.
 *
 * Parameters of `step`: `pipelineName`, `scope` (which executions to load besides the
 * non-terminal ones), `fn` (the pure step). Of `load`: `pipelineName`, `scope`.
 *
 * A step runs entirely inside one `BEGIN IMMEDIATE` transaction: no other writer, in this process
 * or another, can change the pipeline between the load and the save, so `fn` decides on the
 * current state. If `fn` throws, the transaction rolls back and its error reaches the caller
 * unchanged; database errors are wrapped (see database.ts). `fn` gets freshly parsed objects, so
 * whatever it mutates or keeps cannot disturb the remembered text that decides what to write.
 */
import type { EngineState } from '../../engine/state.ts';
import type { EngineStore, LoadScope, StepResult } from '../ports.ts';
import { applyCommands } from './apply-commands.ts';
import { passThrough, type SqliteDb } from './database.ts';
import type { DeclarationCache } from './declaration-cache.ts';
import { deletePipeline } from './delete-pipeline.ts';
import { loadEngineState } from './load-state.ts';
import { saveEngineState } from './save-state.ts';

export function makeEngineStore(db: SqliteDb, cache: DeclarationCache, clock: { now(): number }): EngineStore {
  return {
    async step<R>(pipelineName: string, scope: LoadScope, fn: (state: EngineState) => StepResult<R>): Promise<StepResult<R>> {
      const { result, stored } = db.write('engine.step', () => {
        const loaded = loadEngineState(db, cache, pipelineName, scope);
        const stepResult = passThrough(() => fn(loaded.state));
        const saved = saveEngineState(db, pipelineName, loaded, stepResult.state);
        applyCommands(db, stepResult.commands, clock.now());
        return { result: stepResult, stored: saved };
      });
      // Only now are the new declaration rows committed and safe to cache.
      if (stored) {
        for (const [version, text] of stored.declarations) cache.set(stored.pipelineId, version, text);
      }
      return result;
    },

    async load(pipelineName: string, scope: LoadScope): Promise<EngineState> {
      return db.read('engine.load', () => loadEngineState(db, cache, pipelineName, scope).state);
    },

    async deletePipeline(pipelineName: string): Promise<boolean> {
      return deletePipeline(db, cache, pipelineName);
    },
  };
}
