/**
 * Writes what a step changed: the state it returned compared with the text remembered at load.
 *
 * Parameters: `db`, `pipelineName`, `loaded` (what load-state read and remembered), `after` (the
 * state the step returned). Runs inside the step's transaction.
 *
 * - pipeline: inserted when the step created it, updated when version, times, tags or runtime
 *   changed; a `pipeline_versions` row for every declaration version not stored yet. Stored
 *   versions are immutable: a step that changed one is a bug and fails loudly.
 * - executions, stage executions, action executions: inserted when new, updated when their text
 *   changed, left alone otherwise. New executions and action executions take the next `seq`.
 * Returns the declarations it inserted, for the cache once the transaction has committed.
 */
import type {
  ActionExecutionState, EngineState, ExecutionState, PipelineRecord, StageExecutionState,
} from '../../engine/state.ts';
import type { SqliteDb } from './database.ts';
import { executionDoc, type RecordMemo, stageColumns, stageKey, stageText } from './execution-rows.ts';
import type { LoadedState, PipelineMemo } from './load-state.ts';

export interface StoredDeclarations { pipelineId: number; declarations: Map<number, string> }

export function saveEngineState(db: SqliteDb, pipelineName: string, loaded: LoadedState, after: EngineState): StoredDeclarations | undefined {
  const stored = savePipeline(db, pipelineName, loaded.pipeline, after.pipeline);
  for (const execution of Object.values(after.executions)) {
    if (execution.pipelineName !== pipelineName) {
      throw new Error('A step may only write executions of its own pipeline');
    }
    saveExecution(db, loaded.records, execution);
  }
  return stored;
}

function savePipeline(db: SqliteDb, name: string, before: PipelineMemo | undefined, after: PipelineRecord | undefined): StoredDeclarations | undefined {
  if (!after) {
    if (before) throw new Error('A step cannot remove its pipeline; deletePipeline does');
    return undefined;
  }
  if (after.name !== name) throw new Error('A step may only write its own pipeline');
  const tags = JSON.stringify(after.tags);
  const runtime = JSON.stringify(after.runtime);
  let pipelineId: number;
  if (!before) {
    const row = db.get<{ id: number }>(`INSERT INTO pipelines (name, version, created, updated, tags, runtime)
      VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, name, after.version, after.created, after.updated, tags, runtime);
    pipelineId = row?.id ?? 0;
  } else {
    pipelineId = before.id;
    const changed = before.version !== after.version || before.created !== after.created ||
      before.updated !== after.updated || before.tags !== tags || before.runtime !== runtime;
    if (changed) {
      db.run('UPDATE pipelines SET version = ?, created = ?, updated = ?, tags = ?, runtime = ? WHERE id = ?',
        after.version, after.created, after.updated, tags, runtime, pipelineId);
    }
  }
  return { pipelineId, declarations: saveDeclarations(db, name, before?.declarations, after) };
}

function saveDeclarations(db: SqliteDb, name: string, before: Map<number, string> | undefined, after: PipelineRecord): Map<number, string> {
  const inserted = new Map<number, string>();
  for (const [key, declaration] of Object.entries(after.declarations)) {
    const version = Number(key);
    const stored = before?.get(version);
    if (stored !== undefined) {
      if (JSON.stringify(declaration) !== stored) {
        throw new Error(`Declaration version ${version} was changed; stored versions are immutable`);
      }
      continue;
    }
    // The stored declaration always carries its version, so every reader gets it back set.
    const text = JSON.stringify(declaration.version === version ? declaration : { ...declaration, version });
    db.run('INSERT INTO pipeline_versions (pipeline_name, version, declaration, created) VALUES (?, ?, ?, ?)',
      name, version, text, after.updated);
    inserted.set(version, text);
  }
  return inserted;
}

function saveExecution(db: SqliteDb, memo: RecordMemo, execution: ExecutionState): void {
  const id = execution.pipelineExecutionId;
  const doc = executionDoc(execution);
  const before = memo.executions.get(id);
  if (before === undefined) {
    db.run(`INSERT INTO executions (id, pipeline_name, pipeline_version, status, start_time, last_update_time,
      client_request_token, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    id, execution.pipelineName, execution.pipelineVersion, execution.status, execution.startTime,
    execution.lastUpdateTime, execution.clientRequestToken ?? null, doc);
  } else if (before !== doc) {
    db.run(`UPDATE executions SET pipeline_version = ?, status = ?, start_time = ?, last_update_time = ?,
      client_request_token = ?, doc = ? WHERE id = ?`,
    execution.pipelineVersion, execution.status, execution.startTime, execution.lastUpdateTime,
    execution.clientRequestToken ?? null, doc, id);
  }
  for (const [stageName, stage] of Object.entries(execution.stages)) {
    saveStage(db, memo, id, stageName, stage);
    for (const action of Object.values(stage.actions)) saveAction(db, memo, execution, action);
  }
}

function saveStage(db: SqliteDb, memo: RecordMemo, executionId: string, stageName: string, stage: StageExecutionState): void {
  const columns = stageColumns(stage);
  if (memo.stages.get(stageKey(executionId, stageName)) === stageText(columns)) return;
  db.run(`INSERT INTO stage_executions (execution_id, stage_name, status, start_time, last_update_time, action_ids, doc)
    VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (execution_id, stage_name) DO UPDATE SET status = excluded.status, start_time = excluded.start_time,
      last_update_time = excluded.last_update_time, action_ids = excluded.action_ids, doc = excluded.doc`,
  executionId, stageName, stage.status, stage.startTime, stage.lastUpdateTime, columns.actionIds, columns.doc);
}

/** The row belongs to the execution whose stage names the action (its cascade and its history). */
function saveAction(db: SqliteDb, memo: RecordMemo, execution: ExecutionState, action: ActionExecutionState): void {
  const id = action.actionExecutionId;
  const doc = JSON.stringify(action);
  const before = memo.actions.get(id);
  if (before === undefined) {
    db.run(`INSERT INTO action_executions (id, execution_id, pipeline_name, stage_name, action_name, status,
      start_time, last_update_time, token, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    id, execution.pipelineExecutionId, execution.pipelineName, action.stageName, action.actionName, action.status,
    action.startTime, action.lastUpdateTime, action.token ?? null, doc);
  } else if (before !== doc) {
    db.run(`UPDATE action_executions SET status = ?, start_time = ?, last_update_time = ?, token = ?, doc = ?
      WHERE id = ?`, action.status, action.startTime, action.lastUpdateTime, action.token ?? null, doc, id);
  }
  // A record saved once per step even if the state names it twice.
  memo.actions.set(id, doc);
}
