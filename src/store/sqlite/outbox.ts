/**
 * The event outbox, read by event delivery. Events are appended by the engine's Emit command in
 * the transaction of the state change they report (apply-commands.ts).
 *
 * Parameters of `read`: `afterSeq` (the last seq already handled, 0 for the start), `limit`.
 */
import type { PipelineEvent } from '../../engine/pipeline-events.ts';
import type { OutboxStore } from '../ports.ts';
import type { SqliteDb } from './database.ts';

export function makeOutboxStore(db: SqliteDb): OutboxStore {
  return {
    async read(afterSeq, limit) {
      const rows = db.autocommit('outbox.read', () => db.all<{ seq: number; event: string }>(
        'SELECT seq, event FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?', afterSeq, limit));
      return rows.map((row) => ({ seq: row.seq, event: JSON.parse(row.event) as PipelineEvent }));
    },
  };
}
