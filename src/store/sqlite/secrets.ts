/**
 * Secrets Manager secrets on SQLite.
 *
 * Parameters: `db`. A secret is a `secrets` row and one `secret_versions` row per version, whose
 * `stages` column is a JSON array of staging labels. `putVersion` moves labels inside one
 * `BEGIN IMMEDIATE` transaction, so a label is never on two versions and a reader never sees a
 * secret without AWSCURRENT once it had one.
 */
import type { Tag } from '../../engine/state.ts';
import {
  SecretStage, type NewSecretVersion, type SecretRecord, type SecretStore, type SecretVersionRecord, type SecretVersionSummary,
} from '../secret-ports.ts';
import type { SqliteDb } from './database.ts';

interface SecretRow {
  name: string; suffix: string; description: string | null; kms_key_id: string | null; tags: string; created: number;
  last_changed: number; last_accessed: number | null; deleted_at: number | null; deletion_date: number | null;
}
interface VersionRow { name: string; version_id: string; kind: string; ciphertext: string; stages: string; created: number }

function toSummary(row: VersionRow): SecretVersionSummary {
  return { versionId: row.version_id, stages: JSON.parse(row.stages) as string[], created: row.created };
}

function toSecret(row: SecretRow, versions: VersionRow[]): SecretRecord {
  return {
    name: row.name, suffix: row.suffix,
    ...(row.description !== null && { description: row.description }),
    ...(row.kms_key_id !== null && { kmsKeyId: row.kms_key_id }),
    tags: JSON.parse(row.tags) as Tag[], created: row.created, lastChanged: row.last_changed,
    ...(row.last_accessed !== null && { lastAccessed: row.last_accessed }),
    ...(row.deleted_at !== null && { deletedAt: row.deleted_at }),
    ...(row.deletion_date !== null && { deletionDate: row.deletion_date }),
    versions: versions.map(toSummary),
  };
}

const VERSIONS = 'SELECT * FROM secret_versions WHERE name = ? ORDER BY created, version_id';

/** Labels after `version` takes `stages`: a moved AWSCURRENT turns into AWSPREVIOUS where it was. */
function moveStages(versions: VersionRow[], stages: readonly string[]): Map<string, string[]> {
  const changed = new Map<string, string[]>();
  for (const row of versions) {
    const before = JSON.parse(row.stages) as string[];
    let after = before.filter((s) => !stages.includes(s));
    if (stages.includes(SecretStage.Current)) {
      after = after.filter((s) => s !== SecretStage.Previous);
      if (before.includes(SecretStage.Current)) after.push(SecretStage.Previous);
    }
    if (after.join('\n') !== before.join('\n')) changed.set(row.version_id, after);
  }
  return changed;
}

function insertVersion(db: SqliteDb, name: string, version: NewSecretVersion, now: number): void {
  db.run('INSERT INTO secret_versions (name, version_id, kind, ciphertext, stages, created) VALUES (?, ?, ?, ?, ?, ?)',
    name, version.versionId, version.kind, version.ciphertext, JSON.stringify(version.stages), now);
}

export function makeSecretStore(db: SqliteDb): SecretStore {
  const one = <T>(operation: string, body: () => T): T => db.autocommit(`secrets.${operation}`, body);
  return {
    async create(secret, now) {
      return db.write('secrets.create', () => {
        const inserted = db.run(`INSERT INTO secrets (name, suffix, description, kms_key_id, tags, created, last_changed)
          VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING`, secret.name, secret.suffix, secret.description ?? null,
        secret.kmsKeyId ?? null, JSON.stringify(secret.tags), now, now) > 0;
        if (inserted && secret.firstVersion) insertVersion(db, secret.name, secret.firstVersion, now);
        return inserted;
      });
    },
    async get(name) {
      return db.read('secrets.get', () => {
        const row = db.get<SecretRow>('SELECT * FROM secrets WHERE name = ?', name);
        return row && toSecret(row, db.all<VersionRow>(VERSIONS, name));
      });
    },
    async getVersion(name, selector) {
      const rows = one('getVersion', () => (selector.versionId === undefined
        ? db.all<VersionRow>(VERSIONS, name)
        : db.all<VersionRow>('SELECT * FROM secret_versions WHERE name = ? AND version_id = ?', name, selector.versionId)));
      const row = rows.find((r) => selector.stage === undefined || (JSON.parse(r.stages) as string[]).includes(selector.stage));
      return row && { ...toSummary(row), kind: row.kind as SecretVersionRecord['kind'], ciphertext: row.ciphertext };
    },
    async putVersion(name, version, now, maxVersions) {
      return db.write('secrets.putVersion', () => {
        if (!db.get('SELECT 1 FROM secrets WHERE name = ?', name)) return false;
        const versions = db.all<VersionRow>(VERSIONS, name);
        if (versions.some((v) => v.version_id === version.versionId)) return false;
        for (const [versionId, stages] of moveStages(versions, version.stages)) {
          db.run('UPDATE secret_versions SET stages = ? WHERE name = ? AND version_id = ?', JSON.stringify(stages), name, versionId);
        }
        insertVersion(db, name, version, now);
        db.run('UPDATE secrets SET last_changed = ? WHERE name = ?', now, name);
        // Oldest unlabelled versions go first once there are more than AWS keeps.
        const unlabelled = db.all<{ version_id: string }>(`SELECT version_id FROM secret_versions WHERE name = ? AND stages = '[]'
          ORDER BY created, version_id`, name);
        const total = versions.length + 1;
        for (const row of unlabelled.slice(0, Math.max(0, total - maxVersions))) {
          db.run('DELETE FROM secret_versions WHERE name = ? AND version_id = ?', name, row.version_id);
        }
        return true;
      });
    },
    async update(name, change, now) {
      return one('update', () => db.run(`UPDATE secrets SET description = coalesce(?, description), kms_key_id = coalesce(?, kms_key_id),
        last_changed = ? WHERE name = ?`, change.description ?? null, change.kmsKeyId ?? null, now, name) > 0);
    },
    async list(page) {
      return db.read('secrets.list', () => db.all<SecretRow>('SELECT * FROM secrets WHERE name > ? ORDER BY name LIMIT ?', page.after ?? '', page.limit)
        .map((row) => toSecret(row, db.all<VersionRow>(VERSIONS, row.name))));
    },
    async scheduleDeletion(name, deletion) {
      return one('scheduleDeletion', () => db.run('UPDATE secrets SET deleted_at = ?, deletion_date = ? WHERE name = ?',
        deletion?.deletedAt ?? null, deletion?.deletionDate ?? null, name) > 0);
    },
    async recordAccess(name, day) {
      one('recordAccess', () => db.run('UPDATE secrets SET last_accessed = ? WHERE name = ? AND coalesce(last_accessed, 0) <> ?', day, name, day));
    },
    async delete(name) {
      return one('delete', () => db.run('DELETE FROM secrets WHERE name = ?', name) > 0);
    },
  };
}
