/**
 * Hosted repository metadata on SQLite.
 *
 * Parameters: `db`. One `repositories` row per repository; names are unique (the UNIQUE index
 * decides a race between two creates or renames of one name). Writes that read first (`create`
 * with its count, `changeTags`) run inside one `BEGIN IMMEDIATE` transaction.
 */
import type { Tag } from '../../engine/state.ts';
import type { RepositoryRecord, RepositoryStore, RepositoryTriggerRecord } from '../repository-ports.ts';
import type { SqliteDb } from './database.ts';
import { appendEvent } from './outbox.ts';

interface Row {
  repository_id: string; name: string; description: string | null; default_branch: string | null; created_at: number;
  modified_at: number; tags: string; triggers_configuration_id: string; triggers: string;
}

function toRecord(row: Row): RepositoryRecord {
  return {
    repositoryId: row.repository_id, repositoryName: row.name,
    ...(row.description !== null && { description: row.description }),
    ...(row.default_branch !== null && { defaultBranch: row.default_branch }),
    createdAt: row.created_at, modifiedAt: row.modified_at, tags: JSON.parse(row.tags) as Tag[],
    triggersConfigurationId: row.triggers_configuration_id, triggers: JSON.parse(row.triggers) as RepositoryTriggerRecord[],
  };
}

const nameTaken = (db: SqliteDb, name: string): boolean => db.get('SELECT 1 FROM repositories WHERE name = ?', name) !== undefined;

export function makeRepositoryStore(db: SqliteDb): RepositoryStore {
  return {
    async create(r, limits) {
      return db.write('repositories.create', () => {
        if (nameTaken(db, r.repositoryName)) return 'nameExists';
        const count = db.get<{ n: number }>('SELECT count(*) AS n FROM repositories')?.n ?? 0;
        if (count >= limits.maxRepositories) return 'limitExceeded';
        db.run(`INSERT INTO repositories (repository_id, name, description, default_branch, created_at, modified_at, tags, triggers_configuration_id, triggers)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.repositoryId, r.repositoryName, r.description ?? null, r.defaultBranch ?? null,
        r.createdAt, r.modifiedAt, JSON.stringify(r.tags), r.triggersConfigurationId, JSON.stringify(r.triggers));
        return 'created';
      });
    },
    async get(name) {
      const row = db.autocommit('repositories.get', () => db.get<Row>('SELECT * FROM repositories WHERE name = ?', name));
      return row && toRecord(row);
    },
    async list() {
      const rows = db.autocommit('repositories.list', () => db.all<Pick<Row, 'name' | 'repository_id' | 'modified_at'>>(
        'SELECT name, repository_id, modified_at FROM repositories'));
      return rows.map((row) => ({ repositoryName: row.name, repositoryId: row.repository_id, modifiedAt: row.modified_at }));
    },
    async rename(name, newName, now) {
      return db.write('repositories.rename', () => {
        if (!nameTaken(db, name)) return 'missing';
        if (name !== newName && nameTaken(db, newName)) return 'nameExists';
        db.run('UPDATE repositories SET name = ?, modified_at = ? WHERE name = ?', newName, now, name);
        return 'renamed';
      });
    },
    async update(name, change) {
      return db.autocommit('repositories.update', () => db.run(`UPDATE repositories SET
          description = CASE WHEN ? THEN ? ELSE description END,
          default_branch = coalesce(?, default_branch), modified_at = ? WHERE name = ?`,
      change.description !== undefined ? 1 : 0, change.description ?? null, change.defaultBranch ?? null, change.modifiedAt, name) > 0);
    },
    async noteRefsMoved(repositoryId, change) {
      const row = db.write('repositories.noteRefsMoved', () => {
        for (const event of change.events) appendEvent(db, event);
        for (const { ref, commit } of change.refs) {
          if (commit === undefined) db.run('DELETE FROM repository_refs WHERE repository_id = ? AND ref = ?', repositoryId, ref);
          else {
            db.run(`INSERT INTO repository_refs (repository_id, ref, commit_id) VALUES (?, ?, ?)
              ON CONFLICT (repository_id, ref) DO UPDATE SET commit_id = excluded.commit_id`, repositoryId, ref, commit);
          }
        }
        return db.get<{ default_branch: string | null }>(
          'UPDATE repositories SET modified_at = ?, default_branch = coalesce(default_branch, ?) WHERE repository_id = ? RETURNING default_branch',
          change.modifiedAt, change.firstBranch ?? null, repositoryId);
      });
      return row?.default_branch ? { defaultBranch: row.default_branch } : {};
    },
    async recordedRefs(repositoryId) {
      const rows = db.autocommit('repositories.recordedRefs', () => db.all<{ ref: string; commit_id: string }>(
        'SELECT ref, commit_id FROM repository_refs WHERE repository_id = ? ORDER BY ref', repositoryId));
      return new Map(rows.map((r) => [r.ref, r.commit_id]));
    },
    async changeTags(name, change) {
      return db.write('repositories.changeTags', () => {
        const row = db.get<{ tags: string }>('SELECT tags FROM repositories WHERE name = ?', name);
        if (!row) return 'missing';
        const tags = new Map((JSON.parse(row.tags) as Tag[]).map((t) => [t.key, t.value]));
        for (const key of change.remove) tags.delete(key);
        for (const tag of change.set) tags.set(tag.key, tag.value);
        if (tags.size > change.maxTags) return 'tooManyTags';
        db.run('UPDATE repositories SET tags = ? WHERE name = ?', JSON.stringify([...tags].map(([key, value]) => ({ key, value }))), name);
        return 'changed';
      });
    },
    async putTriggers(name, configurationId, triggers) {
      return db.autocommit('repositories.putTriggers', () => db.run(
        'UPDATE repositories SET triggers_configuration_id = ?, triggers = ? WHERE name = ?', configurationId, JSON.stringify(triggers), name) > 0);
    },
    async delete(name) {
      const row = db.autocommit('repositories.delete', () => db.get<Row>('DELETE FROM repositories WHERE name = ? RETURNING *', name));
      return row && toRecord(row);
    },
  };
}
