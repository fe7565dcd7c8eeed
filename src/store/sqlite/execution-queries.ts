/**
 * Read model of executions: GetPipelineExecution, ListPipelineExecutions, ListActionExecutions.
 *
 * Parameters of `get`: `pipelineName`, `executionId`. Of `list`: `pipelineName`, `filter`
 * (`status`, `succeededInStage`), `page`. Of `listActionExecutions`: `pipelineName`, `filter`
 * (`executionId`), `page`. Of `getActionExecution`: `pipelineName`, `actionExecutionId`.
 * Pages: `maxResults` @default 100, at most 1000.
 *
 * Both lists are newest first by `seq` (the order records were first stored in this database);
 * the page token holds the last seq returned, so new rows never shift a page. Executions come
 * whole, with stage and current action executions; each page is read in one snapshot.
 */
import type { ActionExecutionState } from '../../engine/state.ts';
import type { PipelineExecutionStatus } from '../../model/vocabulary.ts';
import type { ExecutionQueries, Page, PageRequest } from '../ports.ts';
import type { SqliteDb, SqlValue } from './database.ts';
import { type ExecutionRow, readExecution } from './execution-rows.ts';
import { decodeNumberToken, encodePageToken, type PageKind, pageSize, takePage } from './page-token.ts';

interface SeqRow { seq: number }

export function makeExecutionQueries(db: SqliteDb): ExecutionQueries {
  return {
    async get(pipelineName, executionId) {
      return db.read('executions.get', () => {
        const row = db.get<ExecutionRow>('SELECT id, doc FROM executions WHERE id = ? AND pipeline_name = ?', executionId, pipelineName);
        return row && readExecution(db, row);
      });
    },

    async list(pipelineName, filter: { succeededInStage?: string; status?: PipelineExecutionStatus }, page) {
      const { limit, beforeSeq } = pageBounds('executions', page);
      const where = ['e.pipeline_name = ?', 'e.seq < ?'];
      const params: SqlValue[] = [pipelineName, beforeSeq];
      if (filter.status !== undefined) {
        where.push('e.status = ?');
        params.push(filter.status);
      }
      if (filter.succeededInStage !== undefined) {
        where.push(`EXISTS (SELECT 1 FROM stage_executions s
          WHERE s.execution_id = e.id AND s.stage_name = ? AND s.status = 'Succeeded')`);
        params.push(filter.succeededInStage);
      }
      // At most four distinct statements, so the statement cache stays small.
      const sql = `SELECT e.seq, e.id, e.doc FROM executions e WHERE ${where.join(' AND ')} ORDER BY e.seq DESC LIMIT ?`;
      return db.read('executions.list', () => {
        const fetched = db.all<ExecutionRow & SeqRow>(sql, ...params, limit + 1);
        return toPage('executions', fetched, limit, (row) => readExecution(db, row));
      });
    },

    async listActionExecutions(pipelineName, filter: { executionId?: string }, page) {
      const { limit, beforeSeq } = pageBounds('actionExecutions', page);
      const fetched = db.autocommit('executions.listActionExecutions', () => (filter.executionId === undefined
        ? db.all<SeqRow & { doc: string }>(`SELECT seq, doc FROM action_executions
            WHERE pipeline_name = ? AND seq < ? ORDER BY seq DESC LIMIT ?`, pipelineName, beforeSeq, limit + 1)
        : db.all<SeqRow & { doc: string }>(`SELECT seq, doc FROM action_executions
            WHERE execution_id = ? AND pipeline_name = ? AND seq < ? ORDER BY seq DESC LIMIT ?`,
          filter.executionId, pipelineName, beforeSeq, limit + 1)));
      return toPage('actionExecutions', fetched, limit, (row) => JSON.parse(row.doc) as ActionExecutionState);
    },

    async getActionExecution(pipelineName, actionExecutionId) {
      const row = db.autocommit('executions.getActionExecution', () => db.get<{ doc: string }>(
        'SELECT doc FROM action_executions WHERE id = ? AND pipeline_name = ?', actionExecutionId, pipelineName));
      return row && JSON.parse(row.doc) as ActionExecutionState;
    },
  };
}

function pageBounds(kind: PageKind, page: PageRequest): { limit: number; beforeSeq: number } {
  const limit = pageSize(page.maxResults);
  const beforeSeq = page.nextToken === undefined ? Number.MAX_SAFE_INTEGER : decodeNumberToken(kind, page.nextToken);
  return { limit, beforeSeq };
}

function toPage<R extends SeqRow, T>(kind: PageKind, fetched: R[], limit: number, toItem: (row: R) => T): Page<T> {
  const { rows, more } = takePage(fetched, limit);
  const items = rows.map(toItem);
  const last = rows.at(-1);
  return more && last ? { items, nextToken: encodePageToken(kind, last.seq) } : { items };
}
