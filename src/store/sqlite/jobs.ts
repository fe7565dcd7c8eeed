/**
 * The job queue: claims with leases, heartbeats, acknowledgement, the lease sweeper's query.
 *
 * Parameters: `claim` ({ workerId, actionTypeKeys, limit, leaseMs, now, configuration }); `heartbeat` (jobId,
 * workerId, leaseMs, now); `acknowledge` (jobId, now); `get` (jobId); `listExpired` (now, limit);
 * `queuedTypes` (none).
 *
 * A claim is one `UPDATE … WHERE seq IN (SELECT … LIMIT ?) RETURNING *` inside `BEGIN IMMEDIATE`,
 * so two processes polling the same file never claim one job twice. Jobs are claimed oldest first
 * (`seq`, the enqueue order). A lease is valid through `lease_expires_at`; the sweeper sees it
 * expired once `lease_expires_at < now`. Queueing, closing and re-queueing are engine commands
 * (apply-commands.ts), carried out with the state change that decided them.
 */
import { SluiceError } from '../../model/errors.ts';
import type { JobData } from '../../engine/commands.ts';
import type { JobRecord, JobStore } from '../ports.ts';
import type { SqliteDb } from './database.ts';

interface JobRow {
  seq: number; id: string; action_type_key: string; pipeline_name: string; execution_id: string;
  action_execution_id: string; stage_name: string; action_name: string; attempt: number; nonce: string;
  status: JobRecord['status']; data: string; locked_by: string | null; lease_expires_at: number | null;
  created_at: number; updated_at: number;
}

export function makeJobStore(db: SqliteDb): JobStore {
  return {
    async claim({ workerId, actionTypeKeys, limit, leaseMs, now, configuration }) {
      if (actionTypeKeys.length === 0 || limit <= 0) return [];
      // The configuration filter walks the job's configuration object with json_each, so any key
      // works (a JSON path would need quoting); the claim index still narrows by type first.
      const rows = db.write('jobs.claim', () => db.all<JobRow>(`UPDATE jobs
        SET status = 'Dispatched', locked_by = ?, lease_expires_at = ?, updated_at = ?
        WHERE seq IN (SELECT seq FROM jobs
          WHERE status = 'Queued' AND action_type_key IN (SELECT value FROM json_each(?))
            AND (? IS NULL OR EXISTS (SELECT 1 FROM json_each(data, '$.actionConfiguration.configuration') AS c
              WHERE c.key = ? AND c.value = ?))
          ORDER BY seq LIMIT ?)
        RETURNING *`, workerId, now + leaseMs, now, JSON.stringify(actionTypeKeys),
      configuration?.key ?? null, configuration?.key ?? null, configuration?.value ?? null, limit));
      // RETURNING does not promise an order.
      return rows.sort((a, b) => a.seq - b.seq).map(toJobRecord);
    },

    async heartbeat(jobId, workerId, leaseMs, now) {
      const changed = db.write('jobs.heartbeat', () => db.run(`UPDATE jobs SET lease_expires_at = ?, updated_at = ?
        WHERE id = ? AND locked_by = ? AND status IN ('Dispatched', 'InProgress')`, now + leaseMs, now, jobId, workerId));
      return changed > 0;
    },

    async acknowledge(jobId, now) {
      db.write('jobs.acknowledge', () => {
        const changed = db.run(`UPDATE jobs SET status = 'InProgress', updated_at = ? WHERE id = ? AND status = 'Dispatched'`, now, jobId);
        if (changed > 0) return;
        const row = db.get<{ status: string }>('SELECT status FROM jobs WHERE id = ?', jobId);
        if (!row) throw new SluiceError('JobNotFoundException', 'The job was not found');
        // Acknowledging twice is harmless (a retried request); any other state is not dispatched.
        if (row.status !== 'InProgress') throw new SluiceError('InvalidJobStateException', `The job is ${row.status}, not Dispatched`);
      });
    },

    async get(jobId) {
      const row = db.autocommit('jobs.get', () => db.get<JobRow>('SELECT * FROM jobs WHERE id = ?', jobId));
      return row && toJobRecord(row);
    },

    async listExpired(now, limit) {
      const rows = db.autocommit('jobs.listExpired', () => db.all<JobRow>(`SELECT * FROM jobs
        WHERE status IN ('Dispatched', 'InProgress') AND lease_expires_at < ?
        ORDER BY lease_expires_at, seq LIMIT ?`, now, limit));
      return rows.map(toJobRecord);
    },

    async queuedTypes() {
      const rows = db.autocommit('jobs.queuedTypes', () => db.all<{ action_type_key: string }>(
        `SELECT DISTINCT action_type_key FROM jobs WHERE status = 'Queued' ORDER BY action_type_key`));
      return rows.map((row) => row.action_type_key);
    },
  };
}

function toJobRecord(row: JobRow): JobRecord {
  const record: JobRecord = {
    jobId: row.id,
    actionTypeKey: row.action_type_key,
    pipelineName: row.pipeline_name,
    executionId: row.execution_id,
    actionExecutionId: row.action_execution_id,
    stageName: row.stage_name,
    actionName: row.action_name,
    attempt: row.attempt,
    nonce: row.nonce,
    status: row.status,
    data: JSON.parse(row.data) as JobData,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  if (row.locked_by !== null) record.lockedBy = row.locked_by;
  if (row.lease_expires_at !== null) record.leaseExpiresAt = row.lease_expires_at;
  return record;
}
