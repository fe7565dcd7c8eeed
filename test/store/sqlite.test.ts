/**
 * The SQLite store: the shared contract on a temp file and in memory, plus what only SQLite has —
 * migrations, several connections on one file, and how database errors reach callers.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, describe, it } from 'node:test';
import { isSluiceError } from '../../src/model/errors.ts';
import type { Store } from '../../src/store/ports.ts';
import { SqliteDb } from '../../src/store/sqlite/database.ts';
import { bundledMigrations, migrate } from '../../src/store/sqlite/migrate.ts';
import { openSqliteStore } from '../../src/store/sqlite/open.ts';
import { makeExecution, makeJob, T0, uniqueName } from './builders.ts';
import { describeStoreContract } from './contract.ts';
import { createPipeline, putExecutions, runCommands } from './contract/helpers.ts';

const clock = { now: (): number => T0 };

describeStoreContract('sqlite file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sluice-store-'));
  const store = await openSqliteStore({ path: join(dir, 'sluice.db'), clock });
  return { store, cleanup: async () => { await store.close(); await rm(dir, { recursive: true, force: true }); } };
});

describeStoreContract('sqlite memory', async () => {
  const store = await openSqliteStore({ path: ':memory:', synchronous: 'FULL', clock });
  return { store, cleanup: () => store.close() };
});

describe('sqlite store', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-store-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const freshPath = (): string => join(dir, `${uniqueName('db')}.db`);

  it('applies each migration once, however often the file is opened', async () => {
    const path = freshPath();
    await (await openSqliteStore({ path, clock })).close();
    await (await openSqliteStore({ path, clock })).close();
    const raw = new DatabaseSync(path);
    try {
      const rows = raw.prepare('SELECT id, name, applied_at, breaking FROM migrations ORDER BY id').all();
      assert.deepEqual(rows.map((r) => ({ ...r })),
        bundledMigrations().map((m) => ({ id: m.id, name: m.name, applied_at: T0, breaking: m.breaking ? 1 : 0 })));
      assert.equal(raw.prepare('PRAGMA journal_mode').get()?.journal_mode, 'wal');
      assert.deepEqual(migrate(new SqliteDb(raw), T0), []);
    } finally {
      raw.close();
    }
  });

  it('refuses a database with a newer breaking migration, naming both versions', async () => {
    const path = freshPath();
    await (await openSqliteStore({ path, clock })).close();
    addMigration(path, 9999, 'future', true);
    const latest = String(bundledMigrations().at(-1)?.id).padStart(4, '0');
    await assert.rejects(openSqliteStore({ path, clock }), (e: unknown) => {
      assert.ok(e instanceof Error);
      assert.match(e.message, /breaking migration 9999 \(future\)/);
      assert.match(e.message, new RegExp(`knows \\(${latest}\\)`));
      return true;
    });
  });

  it('opens a database with a newer non-breaking migration', async () => {
    const path = freshPath();
    await (await openSqliteStore({ path, clock })).close();
    addMigration(path, 9998, 'additive', false);
    const store = await openSqliteStore({ path, clock });
    await store.close();
  });

  it('two stores on one file see each other\'s writes and share the queue', async () => {
    const path = freshPath();
    const a = await openSqliteStore({ path, clock });
    const b = await openSqliteStore({ path, clock });
    try {
      const name = uniqueName('shared');
      await createPipeline(a, name);
      assert.equal((await b.pipelines.get(name))?.declaration.name, name);
      const execution = makeExecution({ pipelineName: name });
      await putExecutions(b, name, execution);
      assert.deepEqual(await a.executions.get(name, execution.pipelineExecutionId), execution);

      const typeKey = uniqueName('type');
      const jobs = [1, 2, 3].map(() => makeJob({ pipelineName: name, actionTypeKey: typeKey }));
      await runCommands(b, name, jobs.map((job) => ({ type: 'EnqueueJob' as const, job })));
      const claimedByA = await a.jobs.claim({ workerId: 'a', actionTypeKeys: [typeKey], limit: 2, leaseMs: 1000, now: T0 });
      const claimedByB = await b.jobs.claim({ workerId: 'b', actionTypeKeys: [typeKey], limit: 2, leaseMs: 1000, now: T0 });
      assert.deepEqual([...claimedByA, ...claimedByB].map((j) => j.jobId), jobs.map((j) => j.jobId));
      assert.equal(claimedByA[0]?.createdAt, T0, 'enqueue time comes from the injected clock');

      // A declaration cached by one store survives the pipeline being re-created by the other.
      await a.engine.load(name, {});
      assert.equal(await b.engine.deletePipeline(name), true);
      await createPipeline(b, name, { tags: [] });
      assert.deepEqual((await a.engine.load(name, {})).pipeline?.tags, []);
      assert.equal(await a.engine.deletePipeline(name), true);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('wraps database errors with the operation name, keeping the cause', async () => {
    const store = await openSqliteStore({ path: ':memory:', clock });
    try {
      const name = uniqueName('wrap');
      await createPipeline(store, name);
      const token = 'secret-request-token';
      await putExecutions(store, name, makeExecution({ pipelineName: name, clientRequestToken: token, status: 'Failed' }));
      // The same token again violates the unique index on (pipeline, token).
      const error = await rejection(putExecutions(store, name, makeExecution({ pipelineName: name, clientRequestToken: token })));
      assert.ok(isSluiceError(error));
      assert.equal(error.code, 'InternalFailure');
      assert.equal(error.message, 'Store operation engine.step failed');
      assert.equal(error.retryable, false);
      assert.match(String((error.cause as Error).message), /UNIQUE constraint failed/);
      assert.ok(!error.message.includes(token));
    } finally {
      await store.close();
    }
  });

  it('closing twice is harmless', async () => {
    const store: Store = await openSqliteStore({ path: ':memory:' });
    await store.close();
    await store.close();
  });
});

function addMigration(path: string, id: number, name: string, breaking: boolean): void {
  const raw = new DatabaseSync(path);
  raw.prepare('INSERT INTO migrations (id, name, applied_at, breaking) VALUES (?, ?, ?, ?)').run(id, name, T0, breaking ? 1 : 0);
  raw.close();
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  assert.fail('expected a rejection');
}
