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
import { measureCommits } from './lib/sqlite-baseline.ts';
import { report } from './lib/report.ts';

/** Measured seconds per mode; two modes plus setup keep the whole bench near 7 s. */
const DURATION_MS = 3000;

const normal = measureCommits('NORMAL', DURATION_MS);
report('sqlite.commit_per_s', normal.perS, 'commits/s');
report('sqlite.commit_p99_us', normal.p99Us, 'us');
const full = measureCommits('FULL', DURATION_MS);
report('sqlite.commit_full_per_s', full.perS, 'commits/s');
