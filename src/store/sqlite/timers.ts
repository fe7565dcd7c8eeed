/**
 * Timers (action timeouts, approval expiry): leased like jobs so that two processes never fire
 * one timer at once, and a timer whose holder died fires again once its lease expires.
 *
 * Parameters: `claimDue` ({ workerId, now, leaseMs, limit }); `nextDueAt` (none).
 *
 * Setting and cancelling are engine commands (apply-commands.ts); a fired timer stays until the
 * step that handles it cancels it, so a crash between claim and step loses nothing.
 */
import type { TimerRecord, TimerStore } from '../ports.ts';
import type { SqliteDb } from './database.ts';

interface TimerRow { id: string; due_at: number; pipeline_name: string; execution_id: string; action_execution_id: string }

export function makeTimerStore(db: SqliteDb): TimerStore {
  return {
    async claimDue({ workerId, now, leaseMs, limit }) {
      if (limit <= 0) return [];
      const rows = db.write('timers.claimDue', () => db.all<TimerRow>(`UPDATE timers
        SET locked_by = ?, lease_expires_at = ?
        WHERE id IN (SELECT id FROM timers
          WHERE due_at <= ? AND (locked_by IS NULL OR lease_expires_at < ?)
          ORDER BY due_at, id LIMIT ?)
        RETURNING id, due_at, pipeline_name, execution_id, action_execution_id`, workerId, now + leaseMs, now, now, limit));
      return rows
        .sort((a, b) => a.due_at - b.due_at || (a.id < b.id ? -1 : 1))
        .map((row): TimerRecord => ({
          timerId: row.id,
          dueAt: row.due_at,
          pipelineName: row.pipeline_name,
          executionId: row.execution_id,
          actionExecutionId: row.action_execution_id,
        }));
    },

    // The earliest moment some timer can be claimed: its due time, or just after its lease ends
    // when someone holds it, so a loop sleeping until then does not spin on a leased timer.
    async nextDueAt() {
      const row = db.autocommit('timers.nextDueAt', () => db.get<{ next: number | null }>(`SELECT min(CASE
          WHEN locked_by IS NULL THEN due_at ELSE max(due_at, lease_expires_at + 1) END) AS next FROM timers`));
      return row?.next ?? undefined;
    },
  };
}
