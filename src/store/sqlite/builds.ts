/**
 * The build queue of record on SQLite: builds from StartBuild to their outcome.
 *
 * Parameters: `create` (build, now); `get` (id); `batchGet` (ids); `list` ({ projectName,
 * sortOrder, maxResults, nextToken }); `claim` ({ workerId, leaseMs, now, limit }); `heartbeat`
 * (id, workerId, leaseMs, now); `recordPhases` (id, workerId, phases, now); `finish` (id,
 * workerId, finish, now); `requestStop` (id, now); `releaseExpired` ({ now, maxLeaseLosses,
 * limit }); `expireQueued` (now, limit); `delete` (ids).
 *
 * A build number is taken from the project row in the same `BEGIN IMMEDIATE` transaction that
 * inserts the build, so concurrent starts (any process) get distinct consecutive numbers. A claim
 * is one `UPDATE … WHERE seq IN (SELECT … LIMIT ?) RETURNING *` inside `BEGIN IMMEDIATE`, oldest
 * first, like jobs.ts; builds past their queued deadline or with a stop request are not claimed.
 * Every change a worker makes names the worker, so a worker that lost its lease changes nothing.
 */
import type { BuildPhase, BuildStatus } from '../../runner/build/contract.ts';
import { SluiceError } from '../../model/errors.ts';
import { IDEMPOTENCY_WINDOW_MS, type BuildRecord, type BuildResults, type BuildStore, type JsonObject } from '../build-ports.ts';
import type { SqliteDb } from './database.ts';
import { claimedPhases, currentPhaseOf, endPhases, requeuedPhases, submittedPhases } from './builds-phases.ts';
import { decodeNumberToken, encodePageToken, pageSize, takePage } from './page-token.ts';

interface BuildRow {
  seq: number; id: string; arn: string; project_name: string; build_number: number; initiator: string; request: string;
  idempotency_token: string | null; queue_state: BuildRecord['queueState']; build_status: BuildStatus; current_phase: string;
  phases: string; outcome: string | null; stop_requested: number; locked_by: string | null; lease_expires_at: number | null;
  lease_losses: number; queued_deadline: number; start_time: number; end_time: number | null; updated_at: number;
}

function toRecord(row: BuildRow): BuildRecord {
  return {
    id: row.id, arn: row.arn, projectName: row.project_name, buildNumber: row.build_number, initiator: row.initiator,
    request: JSON.parse(row.request) as JsonObject,
    ...(row.idempotency_token !== null && { idempotencyToken: row.idempotency_token }),
    queueState: row.queue_state, buildStatus: row.build_status, currentPhase: row.current_phase,
    phases: JSON.parse(row.phases) as BuildPhase[],
    ...(row.outcome !== null && { results: JSON.parse(row.outcome) as BuildResults }),
    stopRequested: row.stop_requested !== 0,
    ...(row.locked_by !== null && { lockedBy: row.locked_by }),
    ...(row.lease_expires_at !== null && { leaseExpiresAt: row.lease_expires_at }),
    leaseLosses: row.lease_losses, queuedDeadline: row.queued_deadline, startTime: row.start_time,
    ...(row.end_time !== null && { endTime: row.end_time }),
  };
}

const NO_RESULTS: BuildResults = { exportedVariables: {}, artifacts: {}, reportArns: [] };

function pageToken(token: string): number {
  try {
    return decodeNumberToken('builds', token);
  } catch {
    throw new SluiceError('InvalidInputException', 'Invalid next token');
  }
}

export function makeBuildStore(db: SqliteDb): BuildStore {
  const one = <T>(operation: string, body: () => T): T => db.autocommit(`builds.${operation}`, body);

  /** Ends a build in the store's own name (no worker): stop, queued timeout, lost workers. */
  const endBuild = (row: BuildRow, status: BuildStatus, now: number, context?: { statusCode: string; message: string }): void => {
    const phases = endPhases(JSON.parse(row.phases) as BuildPhase[], status, now, context);
    db.run(`UPDATE builds SET queue_state = 'Finished', build_status = ?, phases = ?, current_phase = 'COMPLETED',
      outcome = coalesce(outcome, ?), locked_by = NULL, lease_expires_at = NULL, end_time = ?, updated_at = ? WHERE seq = ?`,
    status, JSON.stringify(phases), JSON.stringify(NO_RESULTS), now, now, row.seq);
  };

  return {
    async create(build, now) {
      return db.write('builds.create', () => {
        if (build.idempotencyToken !== undefined) {
          const existing = db.get<BuildRow>(`SELECT * FROM builds WHERE project_name = ? AND idempotency_token = ? AND start_time >= ?
            ORDER BY seq DESC LIMIT 1`, build.projectName, build.idempotencyToken, now - (build.idempotencyWindowMs ?? IDEMPOTENCY_WINDOW_MS));
          if (existing) return { build: toRecord(existing), created: false };
        }
        const numbered = db.get<{ n: number }>(`UPDATE build_projects SET last_build_number = last_build_number + 1
          WHERE name = ? RETURNING last_build_number AS n`, build.projectName);
        if (!numbered) return undefined;
        const phases = submittedPhases(now);
        const row = db.get<BuildRow>(`INSERT INTO builds (id, arn, project_name, build_number, initiator, request, idempotency_token,
          queue_state, build_status, current_phase, phases, queued_deadline, start_time, updated_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, 'Queued', 'IN_PROGRESS', ?, ?, ?, ?, ?) RETURNING *`,
        build.id, build.arn, build.projectName, numbered.n, build.initiator, JSON.stringify(build.request), build.idempotencyToken ?? null,
        currentPhaseOf(phases), JSON.stringify(phases), build.queuedDeadline, now, now);
        if (!row) throw new Error('builds.create returned no row');
        return { build: toRecord(row), created: true };
      });
    },

    async get(id) {
      const row = one('get', () => db.get<BuildRow>('SELECT * FROM builds WHERE id = ?', id));
      return row && toRecord(row);
    },

    async batchGet(ids) {
      const rows = one('batchGet', () => db.all<BuildRow>('SELECT * FROM builds WHERE id IN (SELECT value FROM json_each(?))', JSON.stringify(ids)));
      const byId = new Map(rows.map((row) => [row.id, toRecord(row)]));
      return [...new Set(ids)].flatMap((id) => byId.get(id) ?? []);
    },

    async list({ projectName, sortOrder = 'DESCENDING', maxResults, nextToken }) {
      const limit = pageSize(maxResults);
      const ascending = sortOrder === 'ASCENDING';
      const after = nextToken === undefined ? (ascending ? 0 : Number.MAX_SAFE_INTEGER) : pageToken(nextToken);
      const rows = one('list', () => db.all<{ seq: number; id: string }>(`SELECT seq, id FROM builds
        WHERE (? IS NULL OR project_name = ?) AND (CASE WHEN ? THEN seq > ? ELSE seq < ? END)
        ORDER BY CASE WHEN ? THEN seq ELSE -seq END LIMIT ?`,
      projectName ?? null, projectName ?? null, ascending ? 1 : 0, after, after, ascending ? 1 : 0, limit + 1));
      const page = takePage(rows, limit);
      const last = page.rows.at(-1);
      const items = page.rows.map((row) => row.id);
      return page.more && last ? { items, nextToken: encodePageToken('builds', last.seq) } : { items };
    },

    async claim({ workerId, leaseMs, now, limit }) {
      if (limit <= 0) return [];
      return db.write('builds.claim', () => {
        const rows = db.all<BuildRow>(`UPDATE builds SET queue_state = 'Running', locked_by = ?, lease_expires_at = ?, updated_at = ?
          WHERE seq IN (SELECT seq FROM builds WHERE queue_state = 'Queued' AND stop_requested = 0 AND queued_deadline >= ?
            ORDER BY seq LIMIT ?)
          RETURNING *`, workerId, now + leaseMs, now, now, limit);
        return rows.sort((a, b) => a.seq - b.seq).map((row) => {
          const phases = claimedPhases(JSON.parse(row.phases) as BuildPhase[], now);
          db.run('UPDATE builds SET phases = ? WHERE seq = ?', JSON.stringify(phases), row.seq);
          return toRecord({ ...row, phases: JSON.stringify(phases) });
        });
      });
    },

    async heartbeat(id, workerId, leaseMs, now) {
      const row = one('heartbeat', () => db.get<{ stop_requested: number }>(`UPDATE builds SET lease_expires_at = ?, updated_at = ?
        WHERE id = ? AND locked_by = ? AND queue_state = 'Running' RETURNING stop_requested`, now + leaseMs, now, id, workerId));
      return { held: row !== undefined, stopRequested: row?.stop_requested === 1 };
    },

    async recordPhases(id, workerId, phases, now) {
      return one('recordPhases', () => db.run(`UPDATE builds SET phases = ?, current_phase = ?, updated_at = ?
        WHERE id = ? AND locked_by = ? AND queue_state = 'Running'`, JSON.stringify(phases), currentPhaseOf(phases), now, id, workerId) > 0);
    },

    async finish(id, workerId, finish, now) {
      const row = one('finish', () => db.get<BuildRow>(`UPDATE builds SET queue_state = 'Finished', build_status = ?, phases = ?,
          current_phase = 'COMPLETED', outcome = ?, locked_by = NULL, lease_expires_at = NULL, end_time = ?, updated_at = ?
        WHERE id = ? AND locked_by = ? AND queue_state = 'Running' RETURNING *`,
      finish.status, JSON.stringify(finish.phases), JSON.stringify(finish.results), now, now, id, workerId));
      return row && toRecord(row);
    },

    async requestStop(id, now) {
      return db.write('builds.requestStop', () => {
        const row = db.get<BuildRow>('SELECT * FROM builds WHERE id = ?', id);
        if (!row) return undefined;
        if (row.queue_state === 'Queued') endBuild(row, 'STOPPED', now);
        else if (row.queue_state === 'Running') db.run('UPDATE builds SET stop_requested = 1, updated_at = ? WHERE seq = ?', now, row.seq);
        const after = db.get<BuildRow>('SELECT * FROM builds WHERE seq = ?', row.seq);
        return after && toRecord(after);
      });
    },

    async releaseExpired({ now, maxLeaseLosses, limit }) {
      return db.write('builds.releaseExpired', () => {
        const rows = db.all<BuildRow>(`SELECT * FROM builds WHERE queue_state = 'Running' AND lease_expires_at < ?
          ORDER BY lease_expires_at, seq LIMIT ?`, now, limit);
        const requeued: string[] = [];
        const failed: string[] = [];
        for (const row of rows) {
          const losses = row.lease_losses + 1;
          db.run('UPDATE builds SET lease_losses = ? WHERE seq = ?', losses, row.seq);
          if (losses >= maxLeaseLosses || row.stop_requested !== 0) {
            const stopped = row.stop_requested !== 0;
            endBuild(row, stopped ? 'STOPPED' : 'FAULT', now, stopped ? undefined : {
              statusCode: 'BUILD_WORKER_LOST', message: `The build lost its worker ${losses} times; giving up`,
            });
            failed.push(row.id);
          } else {
            const phases = requeuedPhases(JSON.parse(row.phases) as BuildPhase[], now);
            db.run(`UPDATE builds SET queue_state = 'Queued', locked_by = NULL, lease_expires_at = NULL, phases = ?,
              current_phase = ?, updated_at = ? WHERE seq = ?`, JSON.stringify(phases), currentPhaseOf(phases), now, row.seq);
            requeued.push(row.id);
          }
        }
        return { requeued, failed };
      });
    },

    async expireQueued(now, limit) {
      return db.write('builds.expireQueued', () => {
        const rows = db.all<BuildRow>(`SELECT * FROM builds WHERE queue_state = 'Queued' AND queued_deadline < ?
          ORDER BY seq LIMIT ?`, now, limit);
        for (const row of rows) {
          endBuild(row, 'TIMED_OUT', now, { statusCode: 'BUILD_TIMED_OUT', message: 'Build timed out while queued (queuedTimeoutInMinutes)' });
        }
        return rows.map((row) => row.id);
      });
    },

    async delete(ids) {
      return db.write('builds.delete', () => {
        const deleted: string[] = [];
        const notDeleted: { id: string; statusCode: string }[] = [];
        for (const id of new Set(ids)) {
          const row = db.get<{ queue_state: string }>('SELECT queue_state FROM builds WHERE id = ?', id);
          if (!row) notDeleted.push({ id, statusCode: 'BUILD_NOT_FOUND' });
          else if (row.queue_state !== 'Finished') notDeleted.push({ id, statusCode: 'BUILD_IN_PROGRESS' });
          else {
            db.run('DELETE FROM builds WHERE id = ?', id);
            db.run('DELETE FROM build_log_lines WHERE build_id = ?', id);
            deleted.push(id);
          }
        }
        return { deleted, notDeleted };
      });
    },
  };
}
