/**
 * Build projects on SQLite.
 *
 * Parameters: `create` (record); `update` (name, change, now); `get` (name); `batchGet` (names);
 * `list` ({ sortBy, sortOrder, maxResults, nextToken }); `delete` (name).
 *
 * `list` pages by (sort key, name): the token holds both as a JSON array, so projects created in
 * the same millisecond are neither skipped nor repeated. `update` reads and writes inside one
 * `BEGIN IMMEDIATE` transaction. The build number counter lives on the project row (builds.ts).
 */
import { SluiceError } from '../../model/errors.ts';
import type { BuildProjectRecord, BuildProjectStore, JsonObject, ProjectSortBy } from '../build-ports.ts';
import { passThrough, type SqliteDb } from './database.ts';
import { decodeStringToken, encodePageToken, pageSize, takePage } from './page-token.ts';

interface ProjectRow { name: string; arn: string; project: string; created: number; last_modified: number }

const SORT_COLUMN: Record<ProjectSortBy, string> = { NAME: "''", CREATED_TIME: 'created', LAST_MODIFIED_TIME: 'last_modified' };

function toRecord(row: ProjectRow): BuildProjectRecord {
  return { name: row.name, arn: row.arn, project: JSON.parse(row.project) as JsonObject, created: row.created, lastModified: row.last_modified };
}

/** A page token's position: the sort key and the name of the last project returned. */
function decodePosition(token: string): [number | string, string] {
  let position: unknown;
  try {
    position = JSON.parse(decodeStringToken('buildProjects', token));
  } catch {
    throw new SluiceError('InvalidInputException', 'Invalid next token');
  }
  if (!Array.isArray(position) || position.length !== 2 || typeof position[1] !== 'string') {
    throw new SluiceError('InvalidInputException', 'Invalid next token');
  }
  return [position[0] as number | string, position[1]];
}

export function makeBuildProjectStore(db: SqliteDb): BuildProjectStore {
  const one = <T>(operation: string, body: () => T): T => db.autocommit(`buildProjects.${operation}`, body);
  return {
    async create(record) {
      // A project re-created under a deleted one's name numbers on after the builds that remain.
      return one('create', () => db.run(`INSERT INTO build_projects (name, arn, project, created, last_modified, last_build_number)
        VALUES (?, ?, ?, ?, ?, (SELECT coalesce(max(build_number), 0) FROM builds WHERE project_name = ?)) ON CONFLICT (name) DO NOTHING`,
      record.name, record.arn, JSON.stringify(record.project), record.created, record.lastModified, record.name) > 0);
    },
    async update(name, change, now) {
      return db.write('buildProjects.update', () => {
        const row = db.get<ProjectRow>('SELECT * FROM build_projects WHERE name = ?', name);
        if (!row) return undefined;
        const project = passThrough(() => change(toRecord(row)));
        db.run('UPDATE build_projects SET project = ?, last_modified = ? WHERE name = ?', JSON.stringify(project), now, name);
        return { ...toRecord(row), project, lastModified: now };
      });
    },
    async get(name) {
      const row = one('get', () => db.get<ProjectRow>('SELECT * FROM build_projects WHERE name = ?', name));
      return row && toRecord(row);
    },
    async batchGet(names) {
      const rows = one('batchGet', () => db.all<ProjectRow>(
        'SELECT * FROM build_projects WHERE name IN (SELECT value FROM json_each(?))', JSON.stringify(names)));
      const byName = new Map(rows.map((row) => [row.name, toRecord(row)]));
      return [...new Set(names)].flatMap((name) => byName.get(name) ?? []);
    },
    async list({ sortBy = 'NAME', sortOrder = 'ASCENDING', maxResults, nextToken }) {
      const limit = pageSize(maxResults);
      const key = SORT_COLUMN[sortBy];
      const cmp = sortOrder === 'ASCENDING' ? '>' : '<';
      const dir = sortOrder === 'ASCENDING' ? 'ASC' : 'DESC';
      const [afterKey, afterName] = nextToken === undefined ? [null, null] : decodePosition(nextToken);
      // Row-value comparison continues after (key, name) in either direction.
      const rows = one('list', () => db.all<ProjectRow & { k: number | string }>(`SELECT *, ${key} AS k FROM build_projects
        WHERE ? IS NULL OR (${key}, name) ${cmp} (?, ?)
        ORDER BY ${key} ${dir}, name ${dir} LIMIT ?`, afterName, afterKey, afterName, limit + 1));
      const page = takePage(rows, limit);
      const last = page.rows.at(-1);
      const items = page.rows.map((row) => row.name);
      return page.more && last ? { items, nextToken: encodePageToken('buildProjects', JSON.stringify([last.k, last.name])) } : { items };
    },
    async delete(name) {
      return one('delete', () => db.run('DELETE FROM build_projects WHERE name = ?', name) > 0);
    },
  };
}
