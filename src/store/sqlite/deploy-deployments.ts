/**
 * CodeDeploy deployments with their targets on SQLite.
 *
 * Parameters: `create` (deployment, targets, events); `get`/`batchGet` (ids); `list` (filter,
 * page); `load` (id); `step` (id, decide); `unsettled` (limit); `hostHistory` (group id).
 *
 * `step` runs `decide` inside one `BEGIN IMMEDIATE` transaction: what it read cannot change
 * before its change is saved, so two processes stepping the same deployment take turns. Host
 * commands and bus events of a change are written in that same transaction.
 */
import type { DeploymentAggregate, DeploymentRecord, TargetRecord } from '../../model/deploy/deployment.ts';
import { isTerminalDeployment } from '../../model/deploy/vocabulary.ts';
import type { BusEvent } from '../../model/events/envelope.ts';
import type { DeploymentChange, DeploymentStore } from '../deploy-ports.ts';
import { passThrough, type SqliteDb } from './database.ts';
import { insertCommand, loadCommands } from './deploy-host-commands.ts';
import { appendEvent } from './outbox.ts';
import { decodeStringToken, encodePageToken, pageSize, takePage } from './page-token.ts';

interface DeploymentRow { id: string; record: string; create_time: number }

const parse = (row: { record: string }): DeploymentRecord => JSON.parse(row.record) as DeploymentRecord;

function saveDeployment(db: SqliteDb, d: DeploymentRecord, targets: readonly TargetRecord[]): void {
  // Settled: ended, and no host still finishing a command an agent acknowledged.
  const settled = isTerminalDeployment(d.status) && !targets.some((t) => t.status === 'InProgress' || t.status === 'Pending') ? 1 : 0;
  db.run(`INSERT INTO deployments (id, application_name, group_id, status, create_time, complete_time, settled, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (id) DO UPDATE SET status = excluded.status, complete_time = excluded.complete_time, settled = excluded.settled, record = excluded.record`,
  d.deploymentId, d.applicationName, d.deploymentGroupId, d.status, d.createTime, d.completeTime ?? null, settled, JSON.stringify(d));
  for (const t of targets) {
    db.run(`INSERT INTO deployment_targets (deployment_id, instance_name, position, status, record) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (deployment_id, instance_name) DO UPDATE SET status = excluded.status, record = excluded.record`,
    t.deploymentId, t.instanceName, t.order, t.status, JSON.stringify(t));
  }
}

function loadAggregate(db: SqliteDb, id: string): DeploymentAggregate | undefined {
  const row = db.get<DeploymentRow>('SELECT id, record, create_time FROM deployments WHERE id = ?', id);
  if (!row) return undefined;
  const targets = db.all<{ record: string }>('SELECT record FROM deployment_targets WHERE deployment_id = ? ORDER BY position', id)
    .map((t) => JSON.parse(t.record) as TargetRecord);
  return { deployment: parse(row), targets, commands: loadCommands(db, id) };
}

function saveChange(db: SqliteDb, change: DeploymentChange): void {
  saveDeployment(db, change.deployment, change.targets);
  for (const id of change.dropCommandIds) db.run("DELETE FROM host_commands WHERE id = ? AND acknowledged = 0 AND status IN ('Pending', 'InProgress')", id);
  for (const command of change.newCommands) insertCommand(db, command);
  if (change.rollback) saveDeployment(db, change.rollback.deployment, change.rollback.targets);
  for (const event of change.events) appendEvent(db, event);
}

const ACTIVE = "status NOT IN ('Succeeded', 'Failed', 'Stopped')";

export function makeDeploymentStore(db: SqliteDb): DeploymentStore {
  const one = <T>(operation: string, body: () => T): T => db.autocommit(`deployments.${operation}`, body);
  return {
    async create(deployment, targets, events: readonly BusEvent[]) {
      return db.write('deployments.create', () => {
        const active = db.get<{ id: string }>(`SELECT id FROM deployments WHERE group_id = ? AND ${ACTIVE} LIMIT 1`, deployment.deploymentGroupId);
        if (active) return { created: false as const, activeId: active.id };
        saveDeployment(db, deployment, targets);
        for (const event of events) appendEvent(db, event);
        return { created: true as const };
      });
    },
    async get(id) {
      const row = one('get', () => db.get<DeploymentRow>('SELECT record FROM deployments WHERE id = ?', id));
      return row && parse(row);
    },
    async batchGet(ids) {
      const rows = one('batchGet', () => db.all<DeploymentRow>('SELECT id, record FROM deployments WHERE id IN (SELECT value FROM json_each(?))', JSON.stringify(ids)));
      const byId = new Map(rows.map((r) => [r.id, parse(r)]));
      return [...new Set(ids)].flatMap((id) => byId.get(id) ?? []);
    },
    async list(filter, { maxResults, nextToken }) {
      const limit = pageSize(maxResults);
      const [time, lastId] = nextToken === undefined ? [Number.MAX_SAFE_INTEGER, ''] : JSON.parse(decodeStringToken('deployments', nextToken)) as [number, string];
      const rows = one('list', () => db.all<DeploymentRow>(`SELECT id, create_time FROM deployments
        WHERE (? IS NULL OR application_name = ?) AND (? IS NULL OR group_id = ?)
          AND (? IS NULL OR status IN (SELECT value FROM json_each(?)))
          AND create_time BETWEEN ? AND ?
          AND (? IS NULL OR json_extract(record, '$.externalId') = ?)
          AND (create_time < ? OR (create_time = ? AND id > ?))
        ORDER BY create_time DESC, id LIMIT ?`,
      filter.applicationName ?? null, filter.applicationName ?? null, filter.deploymentGroupId ?? null, filter.deploymentGroupId ?? null,
      filter.statuses ? 1 : null, JSON.stringify(filter.statuses ?? []), filter.createdFrom ?? 0, filter.createdTo ?? Number.MAX_SAFE_INTEGER, filter.externalId ?? null, filter.externalId ?? null,
      time, time, lastId, limit + 1));
      const taken = takePage(rows, limit);
      const last = taken.rows.at(-1);
      const items = taken.rows.map((r) => r.id);
      return taken.more && last ? { items, nextToken: encodePageToken('deployments', JSON.stringify([last.create_time, last.id])) } : { items };
    },
    async load(id) {
      return db.read('deployments.load', () => loadAggregate(db, id));
    },
    async step(id, decide) {
      return db.write('deployments.step', () => {
        const aggregate = loadAggregate(db, id);
        if (!aggregate) return undefined;
        const change = passThrough(() => decide(aggregate));
        if (change) saveChange(db, change);
        return change;
      });
    },
    async unsettled(limit) {
      return one('unsettled', () => db.all<{ id: string }>('SELECT id FROM deployments WHERE settled = 0 ORDER BY create_time LIMIT ?', limit)).map((r) => r.id);
    },
    async hostHistory(groupId) {
      const rows = one('hostHistory', () => db.all<{ instance_name: string; status: 'Succeeded' | 'Failed'; record: string }>(`SELECT t.instance_name, t.status, d.record
        FROM deployment_targets t JOIN deployments d ON d.id = t.deployment_id
        WHERE d.group_id = ? AND t.status IN ('Succeeded', 'Failed') ORDER BY d.create_time`, groupId));
      // Later deployments overwrite earlier ones: each host keeps its last finished result.
      const last = new Map(rows.map((r) => [r.instance_name, { instanceName: r.instance_name, lastResult: r.status, bundle: parse(r).bundle }]));
      return [...last.values()];
    },
  };
}

