/**
 * Event deliveries on SQLite: the bus cursor, schedule firings and the leased delivery queue.
 *
 * Parameters: `enqueue` (fromSeq, toSeq, deliveries, now); `insert` (deliveries, now); `fireSchedule` (ruleName, dueAt,
 * nextFireAt, event, newId, now); `claim` ({ workerId, now, leaseMs, limit }); `complete` (seq,
 * workerId, now); `fail` (seq, workerId, error, retryAt, now); `list` (filter, page).
 *
 * Exactly-once creation: `enqueue` moves the cursor with a compare-and-set in the transaction
 * that inserts the deliveries, and `fireSchedule` moves a rule's next firing the same way, so two
 * processes matching the same events (or firing the same schedule) create the rows once.
 *
 * A claim is one `UPDATE … WHERE seq IN (SELECT … LIMIT ?) RETURNING *` in `BEGIN IMMEDIATE`:
 * PENDING rows due now whose lease is free or expired (a lost lease is simply claimed again), and
 * not behind an earlier PENDING row with the same order key — one execution's events reach a
 * target one at a time, in order. Complete and fail only touch a row still leased by the caller.
 */
import type { DeliveryRecord, DeliveryState, EventDeliveryStore, EventTarget } from '../event-ports.ts';
import type { SqliteDb } from './database.ts';

interface DeliveryRow {
  seq: number; id: string; rule_name: string; target_id: string; target: string; event: string; order_key: string | null;
  state: string; attempts: number; next_attempt_at: number; created_at: number; updated_at: number; last_error: string | null;
}

function toDelivery(row: DeliveryRow): DeliveryRecord {
  return {
    seq: row.seq, id: row.id, ruleName: row.rule_name, target: JSON.parse(row.target) as EventTarget, event: row.event,
    state: row.state as DeliveryState, attempts: row.attempts, nextAttemptAt: row.next_attempt_at, createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...(row.order_key !== null && { orderKey: row.order_key }),
    ...(row.last_error !== null && { lastError: row.last_error }),
  };
}

const INSERT = `INSERT INTO event_deliveries (id, rule_name, target_id, target, event, order_key, state, next_attempt_at, created_at, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, 'PENDING', ?, ?, ?)`;

export function makeEventDeliveryStore(db: SqliteDb): EventDeliveryStore {
  return {
    async cursor() {
      return db.autocommit('eventDeliveries.cursor', () => db.get<{ s: number }>('SELECT cursor_seq AS s FROM event_bus_state WHERE id = 1')?.s ?? 0);
    },
    async enqueue(fromSeq, toSeq, deliveries, now) {
      return db.write('eventDeliveries.enqueue', () => {
        if (db.run('UPDATE event_bus_state SET cursor_seq = ? WHERE id = 1 AND cursor_seq = ?', toSeq, fromSeq) === 0) return false;
        for (const d of deliveries) db.run(INSERT, d.id, d.ruleName, d.target.Id, JSON.stringify(d.target), d.event, d.orderKey ?? null, now, now, now);
        return true;
      });
    },
    async insert(deliveries, now) {
      db.write('eventDeliveries.insert', () => {
        for (const d of deliveries) db.run(INSERT, d.id, d.ruleName, d.target.Id, JSON.stringify(d.target), d.event, d.orderKey ?? null, now, now, now);
      });
    },
    async fireSchedule(ruleName, dueAt, nextFireAt, event, newId, now) {
      return db.write('eventDeliveries.fireSchedule', () => {
        const moved = db.run(`UPDATE event_rules SET next_fire_at = ? WHERE name = ? AND next_fire_at = ? AND state = 'ENABLED'`,
          nextFireAt, ruleName, dueAt);
        if (moved === 0) return false;
        for (const row of db.all<{ target_id: string; target: string }>('SELECT target_id, target FROM event_targets WHERE rule_name = ? ORDER BY position', ruleName)) {
          db.run(INSERT, newId(), ruleName, row.target_id, row.target, event, null, now, now, now);
        }
        return true;
      });
    },
    async dueSchedules(now, limit) {
      return db.autocommit('eventDeliveries.dueSchedules', () => db.all<{ name: string; schedule_expression: string; created_at: number; next_fire_at: number }>(
        `SELECT name, schedule_expression, created_at, next_fire_at FROM event_rules
         WHERE next_fire_at IS NOT NULL AND next_fire_at <= ? AND state = 'ENABLED' AND schedule_expression IS NOT NULL
         ORDER BY next_fire_at LIMIT ?`, now, limit))
        .map((r) => ({ name: r.name, scheduleExpression: r.schedule_expression, createdAt: r.created_at, nextFireAt: r.next_fire_at }));
    },
    async nextScheduleAt() {
      return db.autocommit('eventDeliveries.nextScheduleAt', () => db.get<{ t: number | null }>(
        `SELECT min(next_fire_at) AS t FROM event_rules WHERE next_fire_at IS NOT NULL AND state = 'ENABLED'`)?.t ?? undefined);
    },
    async claim({ workerId, now, leaseMs, limit }) {
      if (limit <= 0) return [];
      const rows = db.write('eventDeliveries.claim', () => db.all<DeliveryRow>(`UPDATE event_deliveries
        SET locked_by = ?, lease_expires_at = ?, attempts = attempts + 1, updated_at = ?
        WHERE seq IN (SELECT d.seq FROM event_deliveries d
          WHERE d.state = 'PENDING' AND d.next_attempt_at <= ? AND (d.lease_expires_at IS NULL OR d.lease_expires_at < ?)
            AND (d.order_key IS NULL OR NOT EXISTS (SELECT 1 FROM event_deliveries e
              WHERE e.state = 'PENDING' AND e.order_key = d.order_key AND e.seq < d.seq))
          ORDER BY d.next_attempt_at, d.seq LIMIT ?)
        RETURNING *`, workerId, now + leaseMs, now, now, now, limit));
      // RETURNING does not promise an order.
      return rows.sort((a, b) => a.seq - b.seq).map(toDelivery);
    },
    async complete(seq, workerId, now) {
      return db.autocommit('eventDeliveries.complete', () => db.run(`UPDATE event_deliveries
        SET state = 'DELIVERED', locked_by = NULL, lease_expires_at = NULL, updated_at = ?
        WHERE seq = ? AND locked_by = ? AND state = 'PENDING'`, now, seq, workerId) > 0);
    },
    async fail(seq, workerId, error, retryAt, now) {
      return db.autocommit('eventDeliveries.fail', () => db.run(`UPDATE event_deliveries
        SET state = ?, next_attempt_at = coalesce(?, next_attempt_at), last_error = ?, locked_by = NULL, lease_expires_at = NULL, updated_at = ?
        WHERE seq = ? AND locked_by = ? AND state = 'PENDING'`, retryAt === undefined ? 'FAILED' : 'PENDING', retryAt ?? null, error, now,
      seq, workerId) > 0);
    },
    async nextAttemptAt() {
      return db.autocommit('eventDeliveries.nextAttemptAt', () => db.get<{ t: number | null }>(
        `SELECT min(max(next_attempt_at, coalesce(lease_expires_at + 1, 0))) AS t FROM event_deliveries WHERE state = 'PENDING'`)?.t ?? undefined);
    },
    async list(filter, page) {
      return db.autocommit('eventDeliveries.list', () => db.all<DeliveryRow>(`SELECT * FROM event_deliveries
        WHERE seq > ? AND (? IS NULL OR state = ?) AND (? IS NULL OR rule_name = ?) ORDER BY seq LIMIT ?`,
      page.afterSeq ?? 0, filter.state ?? null, filter.state ?? null, filter.ruleName ?? null, filter.ruleName ?? null, page.limit)).map(toDelivery);
    },
  };
}
