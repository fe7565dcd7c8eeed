/**
 * Host commands on SQLite: the queue of record of lifecycle events handed to agents (and traffic
 * events the service runs itself).
 *
 * Parameters: `poll` (host, holder, leaseMs, now); `acknowledge`/`heartbeat` (id, holder, leaseMs,
 * now); `complete` (id, holder, result, now); `get` (id); `claimService` (holder, leaseMs, now,
 * limit); `sweep` (now, limit).
 *
 * Each claim is one `UPDATE … RETURNING` inside `BEGIN IMMEDIATE`, so two pollers never get the
 * same command. A poll sets a dispatch lease (`locked_by`, `lease_expires_at`); the holder's
 * acknowledgement starts the lease of record; heartbeats renew it. The sweeper returns a command
 * whose dispatch lease ran out (the answer to the poll may have been lost) and fails one whose
 * acknowledged lease ran out (the agent stopped answering).
 */
import type { HostCommandRecord } from '../../model/deploy/deployment.ts';
import type { CommandDiagnostics } from '../../model/deploy/host-commands.ts';
import type { HostCommandStore } from '../deploy-ports.ts';
import type { SqliteDb } from './database.ts';

interface CommandRow {
  id: string; deployment_id: string; instance_name: string; host_identifier: string; command_name: string; runner: string;
  status: string; acknowledged: number; locked_by: string | null; lease_expires_at: number | null; diagnostics: string | null;
  created_at: number; completed_at: number | null;
}

function toCommand(row: CommandRow): HostCommandRecord {
  return {
    hostCommandId: row.id, deploymentId: row.deployment_id, instanceName: row.instance_name, hostIdentifier: row.host_identifier,
    commandName: row.command_name, runner: row.runner as HostCommandRecord['runner'], status: row.status as HostCommandRecord['status'],
    acknowledged: row.acknowledged === 1, createdAt: row.created_at,
    ...(row.locked_by !== null && { lockedBy: row.locked_by }),
    ...(row.lease_expires_at !== null && { leaseExpiresAt: row.lease_expires_at }),
    ...(row.diagnostics !== null && { diagnostics: JSON.parse(row.diagnostics) as CommandDiagnostics }),
    ...(row.completed_at !== null && { completedAt: row.completed_at }),
  };
}

export function insertCommand(db: SqliteDb, c: HostCommandRecord): void {
  db.run(`INSERT INTO host_commands (id, deployment_id, instance_name, host_identifier, command_name, runner, status, acknowledged, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?)`, c.hostCommandId, c.deploymentId, c.instanceName, c.hostIdentifier, c.commandName, c.runner, c.status, c.createdAt);
}

export function loadCommands(db: SqliteDb, deploymentId: string): HostCommandRecord[] {
  return db.all<CommandRow>('SELECT * FROM host_commands WHERE deployment_id = ? ORDER BY created_at, id', deploymentId).map(toCommand);
}

/** Message of a command no agent acknowledged in time (the lifecycle event's diagnostics). */
export const NO_AGENT_MESSAGE = 'No agent acknowledged the command in time: is the agent on this host running and registered with the instance\'s IAM identity?';

/** Message of a command whose agent stopped answering (the lifecycle event's diagnostics). */
export const LEASE_EXPIRED_MESSAGE = 'The agent stopped answering: the command\'s lease expired before it was completed.';

export function makeHostCommandStore(db: SqliteDb): HostCommandStore {
  const held = "id = ? AND locked_by = ? AND status IN ('Pending', 'InProgress')";
  return {
    async poll(host, holder, leaseMs, now) {
      const row = db.write('hostCommands.poll', () => db.get<CommandRow>(`UPDATE host_commands SET locked_by = ?, lease_expires_at = ?
        WHERE id = (SELECT id FROM host_commands WHERE host_identifier = ? AND runner = 'agent' AND status = 'Pending'
          AND (locked_by IS NULL OR locked_by = ? OR lease_expires_at < ?) ORDER BY created_at, id LIMIT 1)
        RETURNING *`, holder, now + leaseMs, host, holder, now));
      return row && toCommand(row);
    },
    async acknowledge(id, holder, leaseMs, now) {
      const row = db.write('hostCommands.acknowledge', () => db.get<CommandRow>(`UPDATE host_commands SET status = 'InProgress', acknowledged = 1, lease_expires_at = ?
        WHERE ${held} RETURNING *`, now + leaseMs, id, holder));
      return row && toCommand(row);
    },
    async heartbeat(id, holder, leaseMs, now) {
      const row = db.write('hostCommands.heartbeat', () => db.get<CommandRow>(`UPDATE host_commands SET lease_expires_at = ?
        WHERE ${held} AND acknowledged = 1 RETURNING *`, now + leaseMs, id, holder));
      return row && toCommand(row);
    },
    async complete(id, holder, result, now) {
      const row = db.write('hostCommands.complete', () => db.get<CommandRow>(`UPDATE host_commands
        SET status = ?, diagnostics = ?, completed_at = ?, acknowledged = 1, lease_expires_at = NULL
        WHERE ${held} RETURNING *`, result.status, result.diagnostics ? JSON.stringify(result.diagnostics) : null, now, id, holder));
      return row && toCommand(row);
    },
    async get(id) {
      const row = db.autocommit('hostCommands.get', () => db.get<CommandRow>('SELECT * FROM host_commands WHERE id = ?', id));
      return row && toCommand(row);
    },
    async claimService(holder, leaseMs, now, limit) {
      return db.write('hostCommands.claimService', () => db.all<CommandRow>(`UPDATE host_commands SET status = 'InProgress', acknowledged = 1, locked_by = ?, lease_expires_at = ?
        WHERE id IN (SELECT id FROM host_commands WHERE runner = 'service' AND status = 'Pending' ORDER BY created_at LIMIT ?) RETURNING *`,
      holder, now + leaseMs, limit)).map(toCommand);
    },
    async sweep(now, limit, agentTimeoutMs = Number.MAX_SAFE_INTEGER) {
      return db.write('hostCommands.sweep', () => {
        const unanswered: CommandDiagnostics = { error_code: 'UnknownError', script_name: '', message: NO_AGENT_MESSAGE, log: '' };
        const abandoned = db.all<CommandRow>(`UPDATE host_commands SET status = 'Failed', diagnostics = ?, completed_at = ?, locked_by = NULL, lease_expires_at = NULL
          WHERE id IN (SELECT id FROM host_commands WHERE status = 'Pending' AND acknowledged = 0 AND runner = 'agent' AND created_at < ? LIMIT ?) RETURNING *`,
        JSON.stringify(unanswered), now, now - Math.min(agentTimeoutMs, now), limit);
        const requeued = db.all<CommandRow>(`UPDATE host_commands SET locked_by = NULL, lease_expires_at = NULL
          WHERE id IN (SELECT id FROM host_commands WHERE lease_expires_at < ? AND acknowledged = 0 AND status = 'Pending' LIMIT ?) RETURNING *`, now, limit);
        const diagnostics: CommandDiagnostics = { error_code: 'UnknownError', script_name: '', message: LEASE_EXPIRED_MESSAGE, log: '' };
        const failed = db.all<CommandRow>(`UPDATE host_commands SET status = 'Failed', diagnostics = ?, completed_at = ?, lease_expires_at = NULL
          WHERE id IN (SELECT id FROM host_commands WHERE lease_expires_at < ? AND acknowledged = 1 AND status IN ('Pending', 'InProgress') LIMIT ?) RETURNING *`,
        JSON.stringify(diagnostics), now, now, limit);
        const ended = [...abandoned, ...failed];
        return { requeued: requeued.map((r) => r.id), failed: ended.map((r) => r.id), deploymentIds: [...new Set(ended.map((r) => r.deployment_id))] };
      });
    },
  };
}
