/**
 * Loads the EngineState one step sees, remembering the stored text of every record so that
 * save-state writes only what the step changed.
 *
 * Parameters: `db`, `cache` (declarations), `pipelineName`, `scope` (LoadScope). Runs inside the
 * caller's transaction.
 *
 * Loaded executions: those the stage runtime names (lock holders and waiters: every execution that
 * can be affected by another's move), every InProgress or Stopping one with `scope.allActive`,
 * plus `scope.executionIds`, the execution started with `scope.clientRequestToken`, the execution
 * owning the action execution whose token is `scope.approvalToken`, and with
 * `scope.latestPerStage` the `latestExecutionId` of every stage runtime. Executions are looked up
 * within the pipeline only. Declarations: the current version and every loaded execution's.
 */
import type { EngineState, ExecutionState, PipelineRecord, PipelineRuntime, Tag } from '../../engine/state.ts';
import type { PipelineDeclaration } from '../../model/pipeline.ts';
import type { LoadScope } from '../ports.ts';
import type { SqliteDb } from './database.ts';
import type { DeclarationCache } from './declaration-cache.ts';
import { type ExecutionRow, makeRecordMemo, readExecution, type RecordMemo } from './execution-rows.ts';

/** The stored form of the pipeline record, as loaded. */
export interface PipelineMemo {
  id: number;
  version: number;
  created: number;
  updated: number;
  tags: string;
  runtime: string;
  /** Declaration text by version, for every version handed to the step. */
  declarations: Map<number, string>;
}

export interface LoadedState {
  state: EngineState;
  pipeline: PipelineMemo | undefined;
  records: RecordMemo;
}

interface PipelineRow { id: number; version: number; created: number; updated: number; tags: string; runtime: string }

export function loadEngineState(db: SqliteDb, cache: DeclarationCache, pipelineName: string, scope: LoadScope): LoadedState {
  const records = makeRecordMemo();
  const row = db.get<PipelineRow>(
    'SELECT id, version, created, updated, tags, runtime FROM pipelines WHERE name = ?', pipelineName);
  if (!row) return { state: { pipeline: undefined, executions: {} }, pipeline: undefined, records };

  const runtime = JSON.parse(row.runtime) as PipelineRuntime;
  const executions: Record<string, ExecutionState> = {};
  const add = (executionRow: ExecutionRow | undefined): void => {
    if (executionRow && !Object.hasOwn(executions, executionRow.id)) {
      executions[executionRow.id] = readExecution(db, executionRow, records);
    }
  };
  if (scope.allActive) {
    // Oldest first, so the state's key order is the order executions started.
    const nonTerminal = db.all<ExecutionRow & { seq: number }>(NON_TERMINAL, pipelineName).sort((a, b) => a.seq - b.seq);
    for (const executionRow of nonTerminal) add(executionRow);
  }
  for (const id of scopedExecutionIds(scope, runtime)) {
    if (!Object.hasOwn(executions, id)) add(db.get<ExecutionRow>(BY_ID, id, pipelineName));
  }
  if (scope.clientRequestToken !== undefined) add(db.get<ExecutionRow>(BY_REQUEST_TOKEN, pipelineName, scope.clientRequestToken));
  if (scope.approvalToken !== undefined) add(db.get<ExecutionRow>(BY_APPROVAL_TOKEN, scope.approvalToken, pipelineName));

  const memo: PipelineMemo = { ...row, declarations: new Map() };
  const declarations: Record<number, PipelineDeclaration> = {};
  const versions = new Set([row.version, ...Object.values(executions).map((e) => e.pipelineVersion)]);
  for (const version of versions) {
    const text = readDeclaration(db, cache, row.id, pipelineName, version);
    if (text === undefined) continue; // the engine reports a missing declaration in its own terms
    declarations[version] = JSON.parse(text) as PipelineDeclaration;
    memo.declarations.set(version, text);
  }

  const pipeline: PipelineRecord = {
    name: pipelineName,
    version: row.version,
    declarations,
    created: row.created,
    updated: row.updated,
    tags: JSON.parse(row.tags) as Tag[],
    runtime,
  };
  const active = db.get<{ n: number }>(ACTIVE_COUNT, pipelineName)?.n ?? 0;
  return { state: { pipeline, executions, activeExecutionCount: active }, pipeline: memo, records };
}

function scopedExecutionIds(scope: LoadScope, runtime: PipelineRuntime): string[] {
  const ids = [...(scope.executionIds ?? [])];
  for (const stage of Object.values(runtime.stages)) {
    if (stage.lockedBy !== undefined) ids.push(stage.lockedBy);
    ids.push(...stage.waiting);
  }
  if (scope.latestPerStage) {
    for (const stage of Object.values(runtime.stages)) {
      if (stage.latestExecutionId !== undefined) ids.push(stage.latestExecutionId);
    }
  }
  return ids;
}

function readDeclaration(db: SqliteDb, cache: DeclarationCache, pipelineId: number, name: string, version: number): string | undefined {
  const cached = cache.get(pipelineId, version);
  if (cached !== undefined) return cached;
  const row = db.get<{ declaration: string }>(
    'SELECT declaration FROM pipeline_versions WHERE pipeline_name = ? AND version = ?', name, version);
  // Read inside this transaction, the row is committed data: safe to cache even if the step fails.
  if (row) cache.set(pipelineId, version, row.declaration);
  return row?.declaration;
}

// No ORDER BY: with one, SQLite prefers walking the pipeline's whole history in seq order over
// the two short (pipeline_name, status) ranges of executions_by_status.
const NON_TERMINAL = `SELECT seq, id, doc FROM executions
  WHERE pipeline_name = ? AND status IN ('InProgress', 'Stopping')`;
const ACTIVE_COUNT = `SELECT count(*) AS n FROM executions WHERE pipeline_name = ? AND status IN ('InProgress', 'Stopping')`;
const BY_ID = 'SELECT id, doc FROM executions WHERE id = ? AND pipeline_name = ?';
const BY_REQUEST_TOKEN = 'SELECT id, doc FROM executions WHERE pipeline_name = ? AND client_request_token = ?';
const BY_APPROVAL_TOKEN = `SELECT e.id, e.doc FROM action_executions a JOIN executions e ON e.id = a.execution_id
  WHERE a.token = ? AND a.pipeline_name = ? ORDER BY a.seq DESC LIMIT 1`;
