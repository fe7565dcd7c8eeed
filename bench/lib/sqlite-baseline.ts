/**
 * The storage baseline shared by benchmarks: single-row write transactions per second on a SQLite
 * file with the pragmas Sluice's store uses.
 */
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { percentile, repeatFor, tempDir } from './report.ts';

function openStore(file: string, synchronous: 'NORMAL' | 'FULL'): DatabaseSync {
  const db = new DatabaseSync(file);
  db.exec(`
    PRAGMA journal_mode = WAL;
    PRAGMA synchronous = ${synchronous};
    PRAGMA busy_timeout = 5000;
    PRAGMA foreign_keys = ON;
    CREATE TABLE IF NOT EXISTS jobs (
      id INTEGER PRIMARY KEY,
      execution_id TEXT NOT NULL,
      kind TEXT NOT NULL,
      payload TEXT NOT NULL,
      created_at INTEGER NOT NULL
    );
  `);
  return db;
}

/** Commits for `durationMs`; returns commits per second and the p99 commit latency. */
export function measureCommits(synchronous: 'NORMAL' | 'FULL', durationMs: number): { perS: number; p99Us: number } {
  const db = openStore(join(tempDir(), 'bench.db'), synchronous);
  const begin = db.prepare('BEGIN IMMEDIATE');
  const insert = db.prepare('INSERT INTO jobs (execution_id, kind, payload, created_at) VALUES (?, ?, ?, ?)');
  const commit = db.prepare('COMMIT');
  const payload = JSON.stringify({ stage: 'Build', action: 'Compile', attempt: 1 });
  let n = 0;
  const run = repeatFor(durationMs, () => {
    begin.run();
    insert.run(`exec-${n % 100}`, 'action', payload, n);
    commit.run();
    n++;
  });
  db.close();
  return { perS: run.count / (run.ms / 1000), p99Us: percentile(run.samplesMs, 99) * 1000 };
}
