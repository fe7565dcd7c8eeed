/**
 * CodeDeploy applications and their registered revisions on SQLite.
 *
 * Parameters: `create` (record); `get` (name); `batchGet` (names); `list` (page); `rename` (name,
 * newName); `delete` (name); `setTags` (name, tags); `putRevision` (record); `getRevision`
 * (application, key); `listRevisions` (application, page).
 *
 * Groups and revisions reference the application by name with ON UPDATE/DELETE CASCADE, so a
 * rename or delete carries them along in the same statement.
 */
import type { ApplicationRecord, DeployApplicationStore, RevisionRecord } from '../deploy-ports.ts';
import type { SqliteDb } from './database.ts';
import { namePage } from './deploy-pages.ts';
import { decodeStringToken, encodePageToken, pageSize, takePage } from './page-token.ts';

interface ApplicationRow { name: string; application_id: string; compute_platform: string; create_time: number; tags: string }
interface RevisionRow {
  application_name: string; revision_key: string; revision: string; description: string | null; register_time: number;
  first_used_time: number | null; last_used_time: number | null; deployment_groups: string;
}

function toApplication(row: ApplicationRow): ApplicationRecord {
  return { applicationName: row.name, applicationId: row.application_id, computePlatform: row.compute_platform, createTime: row.create_time, tags: JSON.parse(row.tags) as ApplicationRecord['tags'] };
}

function toRevision(row: RevisionRow): RevisionRecord {
  return {
    applicationName: row.application_name, revisionKey: row.revision_key, revision: JSON.parse(row.revision) as RevisionRecord['revision'],
    registerTime: row.register_time, deploymentGroups: JSON.parse(row.deployment_groups) as string[],
    ...(row.description !== null && { description: row.description }),
    ...(row.first_used_time !== null && { firstUsedTime: row.first_used_time }),
    ...(row.last_used_time !== null && { lastUsedTime: row.last_used_time }),
  };
}

export function makeDeployApplicationStore(db: SqliteDb): DeployApplicationStore {
  const one = <T>(operation: string, body: () => T): T => db.autocommit(`deployApplications.${operation}`, body);
  return {
    async create(app) {
      return one('create', () => db.run(`INSERT INTO deploy_applications (name, application_id, compute_platform, create_time, tags)
        VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING`, app.applicationName, app.applicationId, app.computePlatform, app.createTime, JSON.stringify(app.tags)) > 0);
    },
    async get(name) {
      const row = one('get', () => db.get<ApplicationRow>('SELECT * FROM deploy_applications WHERE name = ?', name));
      return row && toApplication(row);
    },
    async batchGet(names) {
      const rows = one('batchGet', () => db.all<ApplicationRow>('SELECT * FROM deploy_applications WHERE name IN (SELECT value FROM json_each(?))', JSON.stringify(names)));
      const byName = new Map(rows.map((r) => [r.name, toApplication(r)]));
      return [...new Set(names)].flatMap((n) => byName.get(n) ?? []);
    },
    async list(page) {
      return namePage(db, 'deployApplications', 'SELECT name FROM deploy_applications WHERE name > ? ORDER BY name LIMIT ?', [], page);
    },
    async rename(name, newName) {
      return db.write('deployApplications.rename', () => {
        if (!db.get('SELECT 1 FROM deploy_applications WHERE name = ?', name)) return 'missing';
        if (name !== newName && db.get('SELECT 1 FROM deploy_applications WHERE name = ?', newName)) return 'exists';
        db.run('UPDATE deploy_applications SET name = ? WHERE name = ?', newName, name);
        return 'renamed';
      });
    },
    async delete(name) {
      return one('delete', () => db.run('DELETE FROM deploy_applications WHERE name = ?', name) > 0);
    },
    async setTags(name, tags) {
      return one('setTags', () => db.run('UPDATE deploy_applications SET tags = ? WHERE name = ?', JSON.stringify(tags), name) > 0);
    },
    async putRevision(r) {
      // A deployment of an already registered revision adds its group and moves lastUsed; the first use stays.
      one('putRevision', () => db.run(`INSERT INTO deploy_revisions (application_name, revision_key, revision, description, register_time, first_used_time, last_used_time, deployment_groups)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (application_name, revision_key) DO UPDATE SET
          description = coalesce(excluded.description, description),
          first_used_time = coalesce(first_used_time, excluded.first_used_time),
          last_used_time = coalesce(excluded.last_used_time, last_used_time),
          deployment_groups = (SELECT json_group_array(value) FROM (SELECT value FROM json_each(deploy_revisions.deployment_groups) UNION SELECT value FROM json_each(excluded.deployment_groups)))`,
      r.applicationName, r.revisionKey, JSON.stringify(r.revision), r.description ?? null, r.registerTime, r.firstUsedTime ?? null, r.lastUsedTime ?? null, JSON.stringify(r.deploymentGroups)));
    },
    async getRevision(applicationName, revisionKey) {
      const row = one('getRevision', () => db.get<RevisionRow>('SELECT * FROM deploy_revisions WHERE application_name = ? AND revision_key = ?', applicationName, revisionKey));
      return row && toRevision(row);
    },
    async listRevisions(applicationName, { maxResults, nextToken }) {
      const limit = pageSize(maxResults);
      // The token is the last (register_time, revision_key): revisions registered in the same millisecond are neither skipped nor repeated.
      const [time, key] = nextToken === undefined ? [Number.MAX_SAFE_INTEGER, ''] : JSON.parse(decodeStringToken('deployRevisions', nextToken)) as [number, string];
      const rows = one('listRevisions', () => db.all<RevisionRow>(`SELECT * FROM deploy_revisions WHERE application_name = ?
        AND (register_time < ? OR (register_time = ? AND revision_key > ?))
        ORDER BY register_time DESC, revision_key LIMIT ?`, applicationName, time, time, key, limit + 1));
      const taken = takePage(rows, limit);
      const last = taken.rows.at(-1);
      const items = taken.rows.map(toRevision);
      return taken.more && last ? { items, nextToken: encodePageToken('deployRevisions', JSON.stringify([last.register_time, last.revision_key])) } : { items };
    },
  };
}
