/**
 * Build log lines on SQLite: appended in batches, read a page forward or backward, filtered by
 * terms, summarised for log stream listings.
 *
 * Parameters: `append` (buildId, lines); `read` (buildId, { direction, afterSeq | beforeSeq,
 * limit, startTime, endTime }); `filter` (buildId, { terms, afterSeq, limit, startTime, endTime }); `summary` (buildId).
 *
 * Lines are numbered 1, 2, … per build; an append takes the next numbers inside one
 * `BEGIN IMMEDIATE` transaction, so two writers of one build never collide. Terms match with
 * `instr` (case-sensitive, as CloudWatch Logs filter terms are), never as LIKE patterns.
 */
import type { BuildLogLine, BuildLogStore } from '../build-ports.ts';
import type { SqliteDb } from './database.ts';

interface LineRow { seq: number; at: number; message: string }

const toLine = (row: LineRow): BuildLogLine => ({ seq: row.seq, timestamp: row.at, message: row.message });

export function makeBuildLogStore(db: SqliteDb): BuildLogStore {
  return {
    async append(buildId, lines) {
      return db.write('buildLogs.append', () => {
        let seq = db.get<{ last: number }>('SELECT coalesce(max(seq), 0) AS last FROM build_log_lines WHERE build_id = ?', buildId)?.last ?? 0;
        for (const line of lines) {
          db.run('INSERT INTO build_log_lines (build_id, seq, at, message) VALUES (?, ?, ?, ?)', buildId, ++seq, line.timestamp, line.message);
        }
        return seq;
      });
    },
    async read(buildId, request) {
      const from = request.startTime ?? 0;
      const to = request.endTime ?? Number.MAX_SAFE_INTEGER;
      const rows = db.autocommit('buildLogs.read', () => (request.direction === 'forward'
        ? db.all<LineRow>(`SELECT seq, at, message FROM build_log_lines WHERE build_id = ? AND seq > ? AND at >= ? AND at <= ?
          ORDER BY seq LIMIT ?`, buildId, request.afterSeq ?? 0, from, to, request.limit)
        : db.all<LineRow>(`SELECT seq, at, message FROM build_log_lines WHERE build_id = ? AND seq < ? AND at >= ? AND at <= ?
          ORDER BY seq DESC LIMIT ?`, buildId, request.beforeSeq ?? Number.MAX_SAFE_INTEGER, from, to, request.limit).reverse()));
      return rows.map(toLine);
    },
    async filter(buildId, { terms, afterSeq = 0, limit, startTime, endTime }) {
      const rows = db.autocommit('buildLogs.filter', () => db.all<LineRow>(`SELECT seq, at, message FROM build_log_lines
        WHERE build_id = ? AND seq > ? AND at >= ? AND at <= ?
          AND NOT EXISTS (SELECT 1 FROM json_each(?) AS t WHERE instr(message, t.value) = 0)
        ORDER BY seq LIMIT ?`, buildId, afterSeq, startTime ?? 0, endTime ?? Number.MAX_SAFE_INTEGER, JSON.stringify(terms), limit));
      return rows.map(toLine);
    },
    async summary(buildId) {
      const row = db.autocommit('buildLogs.summary', () => db.get<{ n: number; first: number | null; last: number | null; last_seq: number | null }>(
        `SELECT count(*) AS n, min(at) AS first, max(at) AS last, max(seq) AS last_seq FROM build_log_lines WHERE build_id = ?`, buildId));
      return {
        count: row?.n ?? 0, lastSeq: row?.last_seq ?? 0,
        ...(row?.first != null && { firstTimestamp: row.first }),
        ...(row?.last != null && { lastTimestamp: row.last }),
      };
    },
  };
}
