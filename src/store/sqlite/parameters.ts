/**
 * SSM parameters on SQLite.
 *
 * Parameters: `db`. A parameter is a `parameters` row (name, latest version, tags) and one
 * `parameter_versions` row per version. `put` reads and writes inside one `BEGIN IMMEDIATE`
 * transaction, so two writers never give out the same version. Names are compared bytewise
 * (`substr`, not `LIKE`, whose `_` and `%` are wildcards and which ignores case).
 */
import type { Tag } from '../../engine/state.ts';
import type { ParameterRecord, ParameterStore, ParameterType, ParameterVersionRecord } from '../secret-ports.ts';
import type { SqliteDb } from './database.ts';

interface VersionRow {
  name: string; version: number; type: string; value: string; description: string | null; allowed_pattern: string | null;
  key_id: string | null; tier: string; data_type: string; modified_at: number; modified_by: string;
}

function toVersion(row: VersionRow): ParameterVersionRecord {
  return {
    name: row.name, version: row.version, type: row.type as ParameterType, value: row.value,
    ...(row.description !== null && { description: row.description }),
    ...(row.allowed_pattern !== null && { allowedPattern: row.allowed_pattern }),
    ...(row.key_id !== null && { keyId: row.key_id }),
    tier: row.tier, dataType: row.data_type, modifiedAt: row.modified_at, modifiedBy: row.modified_by,
  };
}

const LATEST = `SELECT v.*, p.tags FROM parameters p
  JOIN parameter_versions v ON v.name = p.name AND v.version = p.latest_version`;

export function makeParameterStore(db: SqliteDb): ParameterStore {
  return {
    async put(given, options) {
      return db.write('parameters.put', () => {
        const existing = db.get<{ latest_version: number }>('SELECT latest_version FROM parameters WHERE name = ?', given.name);
        if (existing && !options.overwrite) return undefined;
        const version = (existing?.latest_version ?? 0) + 1;
        if (existing) db.run('UPDATE parameters SET latest_version = ? WHERE name = ?', version, given.name);
        else db.run('INSERT INTO parameters (name, latest_version, tags) VALUES (?, ?, ?)', given.name, version, JSON.stringify(options.tags));
        db.run(`INSERT INTO parameter_versions (name, version, type, value, description, allowed_pattern, key_id, tier, data_type, modified_at, modified_by)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, given.name, version, given.type, given.value, given.description ?? null,
        given.allowedPattern ?? null, given.keyId ?? null, given.tier, given.dataType, given.modifiedAt, given.modifiedBy);
        db.run('DELETE FROM parameter_versions WHERE name = ? AND version <= ?', given.name, version - options.maxVersions);
        return { version };
      });
    },
    async get(name, version) {
      const row = db.autocommit('parameters.get', () => (version === undefined
        ? db.get<VersionRow>(`${LATEST} WHERE p.name = ?`, name)
        : db.get<VersionRow>('SELECT * FROM parameter_versions WHERE name = ? AND version = ?', name, version)));
      return row && toVersion(row);
    },
    async history(name, page) {
      const rows = db.autocommit('parameters.history', () => db.all<VersionRow>(
        'SELECT * FROM parameter_versions WHERE name = ? AND version > ? ORDER BY version LIMIT ?', name, page.afterVersion ?? 0, page.limit));
      return rows.map(toVersion);
    },
    async list(scope, page) {
      const prefix = scope.beginsWith ?? '';
      const rows = db.autocommit('parameters.list', () => db.all<VersionRow & { tags: string }>(`${LATEST}
        WHERE p.name > ? AND substr(p.name, 1, length(?)) = ? AND (? = 0 OR instr(substr(p.name, length(?) + 1), '/') = 0)
        ORDER BY p.name LIMIT ?`, page.after ?? '', prefix, prefix, scope.oneLevel ? 1 : 0, prefix, page.limit));
      return rows.map((row): ParameterRecord => ({ ...toVersion(row), tags: JSON.parse(row.tags) as Tag[] }));
    },
    async delete(name) {
      return db.autocommit('parameters.delete', () => db.run('DELETE FROM parameters WHERE name = ?', name) > 0);
    },
  };
}
