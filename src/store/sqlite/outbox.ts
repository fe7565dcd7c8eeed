/**
 * The event outbox, read by event delivery. The engine's events are appended by its Emit command
 * in the transaction of the state change they report (apply-commands.ts); other publishers
 * append with `append`.
 *
 * Parameters of `read`: `afterSeq` (the last seq already handled, 0 for the start), `limit`.
 */
import type { BusEvent } from '../../model/events/envelope.ts';
import type { OutboxStore } from '../ports.ts';
import type { SqliteDb } from './database.ts';

export function appendEvent(db: SqliteDb, event: BusEvent): void {
  db.run('INSERT INTO outbox (event_id, detail_type, time, event) VALUES (?, ?, ?, ?)',
    event.id, event['detail-type'], event.time, JSON.stringify(event));
}

export function makeOutboxStore(db: SqliteDb): OutboxStore {
  return {
    async read(afterSeq, limit) {
      const rows = db.autocommit('outbox.read', () => db.all<{ seq: number; event: string }>(
        'SELECT seq, event FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?', afterSeq, limit));
      return rows.map((row) => ({ seq: row.seq, event: JSON.parse(row.event) as BusEvent }));
    },
    async append(events) {
      db.write('outbox.append', () => {
        for (const event of events) appendEvent(db, event);
      });
    },
    async lastSeq() {
      return db.autocommit('outbox.lastSeq', () => db.get<{ seq: number | null }>('SELECT max(seq) AS seq FROM outbox')?.seq ?? 0);
    },
  };
}
