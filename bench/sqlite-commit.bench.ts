/**
 * Storage baseline: how many single-row write transactions per second an embedded SQLite file
 * sustains with the pragmas Sluice's store uses. Every state change of an execution is one such
 * transaction (`BEGIN IMMEDIATE` … `COMMIT`), so this bounds the SQLite store's throughput.
 *
 * Prints:
 *   BENCH sqlite.commit_per_s        WAL + synchronous=NORMAL (Sluice's setting)
 *   BENCH sqlite.commit_p99_us       99th-percentile latency of one such commit
 *   BENCH sqlite.commit_full_per_s   WAL + synchronous=FULL (fsync on every commit)
 */
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { percentile, repeatFor, report, tempDir } from './lib/report.ts';

/** Measured seconds per mode; two modes plus setup keep the whole bench near 7 s. */
const DURATION_MS = 3000;

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

function measureCommits(synchronous: 'NORMAL' | 'FULL'): { perS: number; p99Us: number } {
  const db = openStore(join(tempDir(), 'bench.db'), synchronous);
  const begin = db.prepare('BEGIN IMMEDIATE');
  const insert = db.prepare('INSERT INTO jobs (execution_id, kind, payload, created_at) VALUES (?, ?, ?, ?)');
  const commit = db.prepare('COMMIT');
  const payload = JSON.stringify({ stage: 'Build', action: 'Compile', attempt: 1 });
  let n = 0;
  const run = repeatFor(DURATION_MS, () => {
    begin.run();
    insert.run(`exec-${n % 100}`, 'action', payload, n);
    commit.run();
    n++;
  });
  db.close();
  return { perS: run.count / (run.ms / 1000), p99Us: percentile(run.samplesMs, 99) * 1000 };
}

const normal = measureCommits('NORMAL');
report('sqlite.commit_per_s', normal.perS, 'commits/s');
report('sqlite.commit_p99_us', normal.p99Us, 'us');
const full = measureCommits('FULL');
report('sqlite.commit_full_per_s', full.perS, 'commits/s');
