/**
 * Numbered, forward-only schema migrations.
 *
 * Parameters: `db` (an open connection), `migrations` (@default the files of ./migrations),
 * `now` (epoch ms recorded as `applied_at`).
 *
 * Each `migrations/NNNN_name.sql` file is one migration; the number is its id and the files run in
 * id order. A first line `-- sluice:breaking` marks a migration that code which does not know it
 * cannot run against. Pending migrations and their `migrations` rows are applied in one
 * `BEGIN IMMEDIATE` transaction, so two processes opening the same file at once apply each
 * migration exactly once. A database that holds a breaking migration newer than this code knows
 * is refused (an older Sluice must not write a newer schema); newer non-breaking migrations are
 * additive and tolerated.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { passThrough, type SqliteDb } from './database.ts';

export interface Migration {
  id: number;
  name: string;
  breaking: boolean;
  sql: string;
}

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);
const FILE_NAME = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** The migrations shipped with this code, in id order. */
export function bundledMigrations(): Migration[] {
  return readdirSync(MIGRATIONS_DIR)
    .map((file) => ({ file, match: FILE_NAME.exec(file) }))
    .filter((f): f is { file: string; match: RegExpExecArray } => f.match !== null)
    .map(({ file, match }) => {
      const sql = readFileSync(new URL(file, MIGRATIONS_DIR), 'utf8');
      return { id: Number(match[1]), name: match[2] ?? file, breaking: sql.startsWith('-- sluice:breaking'), sql };
    })
    .sort((a, b) => a.id - b.id);
}

interface AppliedRow { id: number; name: string; breaking: number }

/** Applies every pending migration; returns the ids it applied. */
export function migrate(db: SqliteDb, now: number, migrations: Migration[] = bundledMigrations()): number[] {
  return db.write('migrate', () => {
    db.exec(`CREATE TABLE IF NOT EXISTS migrations (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at INTEGER NOT NULL,
      breaking INTEGER NOT NULL
    )`);
    const applied = db.all<AppliedRow>('SELECT id, name, breaking FROM migrations ORDER BY id');
    // A refusal is the caller's to read, not an internal failure: it passes through unwrapped.
    passThrough(() => refuseNewerBreaking(applied, migrations));
    const done = new Set(applied.map((row) => row.id));
    const pending = migrations.filter((m) => !done.has(m.id));
    for (const migration of pending) {
      db.exec(migration.sql);
      db.run('INSERT INTO migrations (id, name, applied_at, breaking) VALUES (?, ?, ?, ?)',
        migration.id, migration.name, now, migration.breaking ? 1 : 0);
    }
    return pending.map((m) => m.id);
  });
}

function refuseNewerBreaking(applied: AppliedRow[], known: Migration[]): void {
  const latestKnown = known.at(-1)?.id ?? 0;
  const newerBreaking = applied.filter((row) => row.id > latestKnown && row.breaking !== 0).at(-1);
  if (!newerBreaking) return;
  throw new Error(
    `The database schema is at breaking migration ${formatId(newerBreaking.id)} (${newerBreaking.name}), newer than ` +
    `the latest migration this version of Sluice knows (${formatId(latestKnown)}); upgrade Sluice to open it.`);
}

function formatId(id: number): string {
  return String(id).padStart(4, '0');
}
