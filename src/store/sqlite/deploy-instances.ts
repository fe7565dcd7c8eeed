/**
 * CodeDeploy on-premises instances on SQLite.
 *
 * Parameters: `register` (record); `get` (name); `batchGet` (names); `list` (registration status);
 * `deregister` (name, now); `changeTags` (names, { add, remove }).
 *
 * An IAM user or session ARN identifies one registered instance at a time (the agent acts for the
 * instance registered with its ARN); the check and the insert share one transaction.
 */
import type { Tag } from '../../engine/state.ts';
import type { OnPremisesInstanceRecord, OnPremisesInstanceStore } from '../deploy-ports.ts';
import type { SqliteDb } from './database.ts';

interface InstanceRow {
  name: string; arn: string; iam_user_arn: string | null; iam_session_arn: string | null;
  register_time: number; deregister_time: number | null; tags: string;
}

function toInstance(row: InstanceRow): OnPremisesInstanceRecord {
  return {
    instanceName: row.name, instanceArn: row.arn, registerTime: row.register_time, tags: JSON.parse(row.tags) as Tag[],
    ...(row.iam_user_arn !== null && { iamUserArn: row.iam_user_arn }),
    ...(row.iam_session_arn !== null && { iamSessionArn: row.iam_session_arn }),
    ...(row.deregister_time !== null && { deregisterTime: row.deregister_time }),
  };
}

export function makeOnPremisesInstanceStore(db: SqliteDb): OnPremisesInstanceStore {
  const one = <T>(operation: string, body: () => T): T => db.autocommit(`onPremisesInstances.${operation}`, body);
  return {
    async register(i) {
      return db.write('onPremisesInstances.register', () => {
        if (db.get('SELECT 1 FROM onprem_instances WHERE name = ? AND deregister_time IS NULL', i.instanceName)) return 'nameTaken';
        const arn = i.iamUserArn ?? i.iamSessionArn ?? null;
        if (db.get('SELECT 1 FROM onprem_instances WHERE deregister_time IS NULL AND (iam_user_arn = ? OR iam_session_arn = ?)', arn, arn)) return 'arnTaken';
        db.run(`INSERT INTO onprem_instances (name, arn, iam_user_arn, iam_session_arn, register_time, deregister_time, tags) VALUES (?, ?, ?, ?, ?, NULL, ?)
          ON CONFLICT (name) DO UPDATE SET arn = excluded.arn, iam_user_arn = excluded.iam_user_arn, iam_session_arn = excluded.iam_session_arn,
            register_time = excluded.register_time, deregister_time = NULL, tags = excluded.tags`,
        i.instanceName, i.instanceArn, i.iamUserArn ?? null, i.iamSessionArn ?? null, i.registerTime, JSON.stringify(i.tags));
        return 'registered';
      });
    },
    async get(name) {
      const row = one('get', () => db.get<InstanceRow>('SELECT * FROM onprem_instances WHERE name = ?', name));
      return row && toInstance(row);
    },
    async batchGet(names) {
      const rows = one('batchGet', () => db.all<InstanceRow>('SELECT * FROM onprem_instances WHERE name IN (SELECT value FROM json_each(?))', JSON.stringify(names)));
      const byName = new Map(rows.map((r) => [r.name, toInstance(r)]));
      return [...new Set(names)].flatMap((n) => byName.get(n) ?? []);
    },
    async list(status) {
      const where = status === 'Registered' ? 'WHERE deregister_time IS NULL' : status === 'Deregistered' ? 'WHERE deregister_time IS NOT NULL' : '';
      return one('list', () => db.all<InstanceRow>(`SELECT * FROM onprem_instances ${where} ORDER BY name`)).map(toInstance);
    },
    async deregister(name, now) {
      return db.write('onPremisesInstances.deregister', () => {
        if (!db.get('SELECT 1 FROM onprem_instances WHERE name = ?', name)) return false;
        db.run('UPDATE onprem_instances SET deregister_time = coalesce(deregister_time, ?) WHERE name = ?', now, name);
        return true;
      });
    },
    async changeTags(names, { add = [], remove = [] }) {
      db.write('onPremisesInstances.changeTags', () => {
        for (const name of names) {
          const row = db.get<{ tags: string }>('SELECT tags FROM onprem_instances WHERE name = ?', name);
          if (!row) continue;
          const added = new Map((JSON.parse(row.tags) as Tag[]).map((t) => [t.key, t.value]));
          for (const t of add) added.set(t.key, t.value);
          for (const t of remove) if (added.get(t.key) === t.value || t.value === '') added.delete(t.key);
          db.run('UPDATE onprem_instances SET tags = ? WHERE name = ?', JSON.stringify([...added].map(([key, value]) => ({ key, value }))), name);
        }
      });
    },
  };
}
