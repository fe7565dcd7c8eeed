/**
 * Metric counts on SQLite.
 *
 * Parameters: `db`. `executionsByStatus` counts over the `executions_by_status` index (covering, no
 * table reads); `queuedJobsByType` counts over the partial `jobs_claim` index, which holds only
 * queued jobs, so it costs the queue's depth, not the jobs table's size.
 */
import type { StatsQueries } from '../stats-ports.ts';
import type { SqliteDb } from './database.ts';

interface CountRow { k: string; n: number }

const toRecord = (rows: CountRow[]): Record<string, number> => Object.fromEntries(rows.map((r) => [r.k, r.n]));

export function makeStatsQueries(db: SqliteDb): StatsQueries {
  return {
    async executionsByStatus() {
      return toRecord(db.autocommit('stats.executionsByStatus', () =>
        db.all<CountRow>('SELECT status AS k, count(*) AS n FROM executions GROUP BY status')));
    },
    async queuedJobsByType() {
      return toRecord(db.autocommit('stats.queuedJobsByType', () =>
        db.all<CountRow>("SELECT action_type_key AS k, count(*) AS n FROM jobs WHERE status = 'Queued' GROUP BY action_type_key")));
    },
  };
}
