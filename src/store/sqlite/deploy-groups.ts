/**
 * CodeDeploy deployment groups and custom deployment configs on SQLite.
 *
 * Parameters: groups — `create` (record); `get`/`batchGet` (application, names); `list`
 * (application, page); `update` (application, name, change); `delete` (application, name);
 * `usesConfig` (config name). Configs — `create` (config); `get` (name); `list` (page); `delete` (name).
 *
 * A group's last attempted and last successful deployments are read from the deployments table
 * (by the group's id, which a rename keeps), never stored twice. Deleting a config checks that no
 * group names it in the same transaction.
 */
import type { DeploymentConfig } from '../../model/deploy/configs.ts';
import type { DeploymentRecord } from '../../model/deploy/deployment.ts';
import type { DeploymentConfigStore, DeploymentGroupRecord, DeploymentGroupStore, DeploymentGroupView, LastDeploymentInfo } from '../deploy-ports.ts';
import { passThrough, type SqliteDb } from './database.ts';
import { namePage } from './deploy-pages.ts';

interface GroupRow { record: string; group_id: string }
interface DeploymentRow { record: string }

function lastInfo(d: DeploymentRecord): LastDeploymentInfo {
  return { deploymentId: d.deploymentId, status: d.status, createTime: d.createTime, ...(d.completeTime !== undefined && { endTime: d.completeTime }) };
}

function view(db: SqliteDb, row: GroupRow): DeploymentGroupView {
  const group = JSON.parse(row.record) as DeploymentGroupRecord;
  const latest = (where: string): DeploymentRecord | undefined => {
    const found = db.get<DeploymentRow>(`SELECT record FROM deployments WHERE group_id = ? ${where} ORDER BY create_time DESC LIMIT 1`, row.group_id);
    return found && (JSON.parse(found.record) as DeploymentRecord);
  };
  const attempted = latest('');
  const succeeded = latest("AND status = 'Succeeded'");
  return {
    ...group,
    ...(attempted && { lastAttemptedDeployment: lastInfo(attempted) }),
    ...(succeeded && { lastSuccessfulDeployment: lastInfo(succeeded), lastSuccessfulRevision: { deploymentId: succeeded.deploymentId, revision: succeeded.revision, bundle: succeeded.bundle } }),
  };
}

export function makeDeploymentGroupStore(db: SqliteDb): DeploymentGroupStore {
  const one = <T>(operation: string, body: () => T): T => db.autocommit(`deploymentGroups.${operation}`, body);
  const save = (g: DeploymentGroupRecord): void => {
    db.run('INSERT INTO deployment_groups (application_name, name, group_id, config_name, record) VALUES (?, ?, ?, ?, ?)',
      g.applicationName, g.deploymentGroupName, g.deploymentGroupId, g.deploymentConfigName, JSON.stringify(g));
  };
  return {
    async create(group) {
      return db.write('deploymentGroups.create', () => {
        if (!db.get('SELECT 1 FROM deploy_applications WHERE name = ?', group.applicationName)) return 'missing';
        if (db.get('SELECT 1 FROM deployment_groups WHERE application_name = ? AND name = ?', group.applicationName, group.deploymentGroupName)) return 'exists';
        save(group);
        return 'created';
      });
    },
    async get(applicationName, name) {
      return db.read('deploymentGroups.get', () => {
        const row = db.get<GroupRow>('SELECT record, group_id FROM deployment_groups WHERE application_name = ? AND name = ?', applicationName, name);
        return row && view(db, row);
      });
    },
    async batchGet(applicationName, names) {
      return db.read('deploymentGroups.batchGet', () => {
        const rows = db.all<GroupRow & { name: string }>('SELECT name, record, group_id FROM deployment_groups WHERE application_name = ? AND name IN (SELECT value FROM json_each(?))',
          applicationName, JSON.stringify(names));
        const byName = new Map(rows.map((r) => [r.name, view(db, r)]));
        return [...new Set(names)].flatMap((n) => byName.get(n) ?? []);
      });
    },
    async list(applicationName, page) {
      return namePage(db, 'deploymentGroups', 'SELECT name FROM deployment_groups WHERE application_name = ? AND name > ? ORDER BY name LIMIT ?', [applicationName], page);
    },
    async update(applicationName, name, change) {
      return db.write('deploymentGroups.update', () => {
        const row = db.get<GroupRow>('SELECT record, group_id FROM deployment_groups WHERE application_name = ? AND name = ?', applicationName, name);
        if (!row) return 'missing';
        const next = passThrough(() => change(JSON.parse(row.record) as DeploymentGroupRecord));
        if (next.deploymentGroupName !== name && db.get('SELECT 1 FROM deployment_groups WHERE application_name = ? AND name = ?', applicationName, next.deploymentGroupName)) return 'exists';
        db.run('DELETE FROM deployment_groups WHERE application_name = ? AND name = ?', applicationName, name);
        save({ ...next, applicationName, deploymentGroupId: row.group_id });
        return 'updated';
      });
    },
    async delete(applicationName, name) {
      return one('delete', () => db.run('DELETE FROM deployment_groups WHERE application_name = ? AND name = ?', applicationName, name) > 0);
    },
    async usesConfig(configName) {
      return one('usesConfig', () => db.get('SELECT 1 FROM deployment_groups WHERE config_name = ? LIMIT 1', configName) !== undefined);
    },
  };
}

export function makeDeploymentConfigStore(db: SqliteDb): DeploymentConfigStore {
  const one = <T>(operation: string, body: () => T): T => db.autocommit(`deploymentConfigs.${operation}`, body);
  return {
    async create(config) {
      return one('create', () => db.run('INSERT INTO deployment_configs (name, record) VALUES (?, ?) ON CONFLICT (name) DO NOTHING',
        config.deploymentConfigName, JSON.stringify(config)) > 0);
    },
    async get(name) {
      const row = one('get', () => db.get<{ record: string }>('SELECT record FROM deployment_configs WHERE name = ?', name));
      return row && (JSON.parse(row.record) as DeploymentConfig);
    },
    async list(page) {
      return namePage(db, 'deploymentConfigs', 'SELECT name FROM deployment_configs WHERE name > ? ORDER BY name LIMIT ?', [], page);
    },
    async delete(name) {
      return db.write('deploymentConfigs.delete', () => {
        if (!db.get('SELECT 1 FROM deployment_configs WHERE name = ?', name)) return 'missing';
        if (db.get('SELECT 1 FROM deployment_groups WHERE config_name = ? LIMIT 1', name)) return 'inUse';
        db.run('DELETE FROM deployment_configs WHERE name = ?', name);
        return 'deleted';
      });
    },
  };
}
