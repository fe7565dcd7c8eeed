/**
 * Carries out a step's commands in the step's transaction, so a decision and its effects commit
 * together or not at all.
 *
 * Parameters: `db`, `commands` (in order), `now` (epoch ms for the jobs' `created_at`/`updated_at`).
 *
 * - EnqueueJob: a Queued job.
 * - CloseJob / RequeueJob: only while the job is open (Queued, Dispatched, InProgress); both
 *   clear the lease, so the worker that held it fails its next heartbeat. A closed job stays
 *   closed: a late command for it changes nothing.
 * - SetTimer: insert or replace (a replaced timer loses any lease). CancelTimer: delete.
 * - Emit: append to the outbox.
 */
import type { EngineCommand, NewJob, NewTimer } from '../../engine/commands.ts';
import type { SqliteDb } from './database.ts';
import { appendEvent } from './outbox.ts';

export function applyCommands(db: SqliteDb, commands: readonly EngineCommand[], now: number): void {
  for (const command of commands) {
    switch (command.type) {
      case 'EnqueueJob': enqueueJob(db, command.job, now); break;
      case 'CloseJob':
        db.run(`UPDATE jobs SET status = ?, locked_by = NULL, lease_expires_at = NULL, updated_at = ?
          WHERE id = ? AND status IN ('Queued', 'Dispatched', 'InProgress')`, command.status, now, command.jobId);
        break;
      case 'RequeueJob':
        db.run(`UPDATE jobs SET status = 'Queued', attempt = ?, locked_by = NULL, lease_expires_at = NULL, updated_at = ?
          WHERE id = ? AND status IN ('Queued', 'Dispatched', 'InProgress')`, command.attempt, now, command.jobId);
        break;
      case 'SetTimer': setTimer(db, command.timer); break;
      case 'CancelTimer': db.run('DELETE FROM timers WHERE id = ?', command.timerId); break;
      case 'Emit': appendEvent(db, command.event); break;
      default: {
        const unknown: never = command;
        throw new Error(`Unknown engine command ${(unknown as { type: string }).type}`);
      }
    }
  }
}

function enqueueJob(db: SqliteDb, job: NewJob, now: number): void {
  db.run(`INSERT INTO jobs (id, action_type_key, pipeline_name, execution_id, action_execution_id, stage_name,
    action_name, attempt, nonce, status, data, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'Queued', ?, ?, ?)`,
  job.jobId, job.actionTypeKey, job.pipelineName, job.executionId, job.actionExecutionId, job.stageName,
  job.actionName, job.attempt, job.nonce, JSON.stringify(job.data), now, now);
}

function setTimer(db: SqliteDb, timer: NewTimer): void {
  db.run(`INSERT OR REPLACE INTO timers (id, due_at, pipeline_name, execution_id, action_execution_id)
    VALUES (?, ?, ?, ?, ?)`, timer.timerId, timer.dueAt, timer.pipelineName, timer.executionId, timer.actionExecutionId);
}

