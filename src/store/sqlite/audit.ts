/**
 * The audit trail on SQLite: append-only events, looked up newest first.
 *
 * Parameters: `db`. `lookup` filters by event id, name, source, user, access key, resource name
 * and type (`resources` is a JSON array of `{type, name}`), time range and read-only flag,
 * paginating by `seq`. Event id, name, user and time use indexes; source and access key read the
 * stored event's JSON, so they scan (CloudTrail callers filter by one attribute, most by name or user).
 */
import type { AuditEvent, AuditStore } from '../ports.ts';
import type { SqliteDb } from './database.ts';
import { decodeNumberToken, encodePageToken, pageSize } from './page-token.ts';

export function makeAuditStore(db: SqliteDb): AuditStore {
  return {
    async append(event) {
      db.autocommit('audit.append', () => db.run(`INSERT INTO audit_events (event_id, event_time, event_name, user_name, read_only, resources, event)
        VALUES (?, ?, ?, ?, ?, ?, ?)`, event.eventId, event.eventTime, event.eventName, event.userName ?? null,
      event.readOnly ? 1 : 0, JSON.stringify(event.resources), JSON.stringify(event)));
    },
    async lookup(filter, page) {
      const limit = pageSize(page.maxResults);
      const where: string[] = [];
      const params: (string | number)[] = [];
      if (page.nextToken !== undefined) { where.push('seq < ?'); params.push(decodeNumberToken('auditEvents', page.nextToken)); }
      if (filter.eventId !== undefined) { where.push('event_id = ?'); params.push(filter.eventId); }
      if (filter.eventName !== undefined) { where.push('event_name = ?'); params.push(filter.eventName); }
      if (filter.eventSource !== undefined) { where.push("json_extract(event, '$.eventSource') = ?"); params.push(filter.eventSource); }
      if (filter.userName !== undefined) { where.push('user_name = ?'); params.push(filter.userName); }
      if (filter.accessKeyId !== undefined) { where.push("json_extract(event, '$.accessKeyId') = ?"); params.push(filter.accessKeyId); }
      if (filter.resourceName !== undefined) {
        where.push("EXISTS (SELECT 1 FROM json_each(resources) WHERE json_extract(value, '$.name') = ?)"); params.push(filter.resourceName);
      }
      if (filter.resourceType !== undefined) {
        where.push("EXISTS (SELECT 1 FROM json_each(resources) WHERE json_extract(value, '$.type') = ?)"); params.push(filter.resourceType);
      }
      if (filter.startTime !== undefined) { where.push('event_time >= ?'); params.push(filter.startTime); }
      if (filter.endTime !== undefined) { where.push('event_time <= ?'); params.push(filter.endTime); }
      if (filter.readOnly !== undefined) { where.push('read_only = ?'); params.push(filter.readOnly ? 1 : 0); }
      const sql = `SELECT seq, event FROM audit_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`;
      const rows = db.autocommit('audit.lookup', () => db.all<{ seq: number; event: string }>(sql, ...params, limit + 1));
      const items = rows.slice(0, limit).map((r) => JSON.parse(r.event) as AuditEvent);
      const last = rows[limit - 1];
      return rows.length > limit && last ? { items, nextToken: encodePageToken('auditEvents', last.seq) } : { items };
    },
  };
}
