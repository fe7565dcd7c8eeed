/**
 * Reading executions back from their three tables, and the JSON texts that decide whether a
 * record changed.
 *
 * Parameters: `db`, `row` (the execution's `id` and `doc`), `memo` (optional: where to remember
 * the text of every record read, for save-state's comparison).
 *
 * Layout: `executions.doc` is the ExecutionState without `stages`; each stage execution is a
 * `stage_executions` row whose `doc` is the StageExecutionState without `actions` and whose
 * `action_ids` maps action name → current action execution id; action executions (every attempt)
 * are `action_executions` rows. A record read here is parsed from the stored text, so it is a
 * private copy its caller may mutate; the remembered text is what it was.
 */
import type { ActionExecutionState, ExecutionState, StageExecutionState } from '../../engine/state.ts';
import type { SqliteDb } from './database.ts';
import { setOwn } from '../../model/records.ts';

export interface ExecutionRow { id: string; doc: string }
interface StageRow { stage_name: string; action_ids: string; doc: string }
interface ActionRow { id: string; doc: string }

/** The stored text of every loaded record, keyed by record; compared with the state after a step. */
export interface RecordMemo {
  executions: Map<string, string>;
  /** Keyed by `stageKey(executionId, stageName)`; the value is `stageText`. */
  stages: Map<string, string>;
  actions: Map<string, string>;
}

export function makeRecordMemo(): RecordMemo {
  return { executions: new Map(), stages: new Map(), actions: new Map() };
}

export function stageKey(executionId: string, stageName: string): string {
  // Stage names cannot hold a newline (AWS: [A-Za-z0-9.@\-_]+), so the key is unambiguous.
  return `${executionId}\n${stageName}`;
}

/** The execution as `executions.doc`. */
export function executionDoc(execution: ExecutionState): string {
  const { stages: _stages, ...doc } = execution;
  return JSON.stringify(doc);
}

/** The stage as `stage_executions.doc` and `.action_ids`. */
export function stageColumns(stage: StageExecutionState): { doc: string; actionIds: string } {
  const { actions, ...doc } = stage;
  const ids: Record<string, string> = {};
  for (const [name, action] of Object.entries(actions)) ids[name] = action.actionExecutionId;
  return { doc: JSON.stringify(doc), actionIds: JSON.stringify(ids) };
}

/** What a stage's memo entry holds: both columns, so a change to either is seen. */
export function stageText(columns: { doc: string; actionIds: string }): string {
  return `${columns.actionIds}\n${columns.doc}`;
}

export function readExecution(db: SqliteDb, row: ExecutionRow, memo?: RecordMemo): ExecutionState {
  const execution = JSON.parse(row.doc) as ExecutionState;
  execution.stages = {};
  memo?.executions.set(row.id, row.doc);

  const actions = new Map<string, ActionExecutionState>();
  for (const action of db.all<ActionRow>(CURRENT_ACTIONS, row.id)) {
    actions.set(action.id, JSON.parse(action.doc) as ActionExecutionState);
    memo?.actions.set(action.id, action.doc);
  }
  for (const stageRow of db.all<StageRow>(STAGES, row.id)) {
    const stage = JSON.parse(stageRow.doc) as StageExecutionState;
    stage.actions = {};
    const ids = JSON.parse(stageRow.action_ids) as Record<string, string>;
    for (const [name, id] of Object.entries(ids)) {
      const action = actions.get(id);
      if (action) setOwn(stage.actions, name, action);
    }
    setOwn(execution.stages, stageRow.stage_name, stage);
    memo?.stages.set(stageKey(row.id, stageRow.stage_name), stageText({ doc: stageRow.doc, actionIds: stageRow.action_ids }));
  }
  return execution;
}

/** Stages in the order they were first stored (rowid-less table: order by start time, then name). */
const STAGES = `SELECT stage_name, action_ids, doc FROM stage_executions
  WHERE execution_id = ? ORDER BY start_time, stage_name`;

/** The action executions that some stage of the execution names as current. */
const CURRENT_ACTIONS = `SELECT a.id, a.doc FROM action_executions a
  WHERE a.id IN (SELECT j.value FROM stage_executions s, json_each(s.action_ids) j WHERE s.execution_id = ?)`;
