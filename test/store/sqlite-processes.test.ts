/**
 * Two processes on one SQLite file, running at the same time: nothing is claimed twice and no
 * step's update is lost. (node:sqlite blocks its thread, so only separate processes really
 * overlap; connections of one process take turns.)
 */
import assert from 'node:assert/strict';
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { openSqliteStore } from '../../src/store/sqlite/open.ts';
import { makeJob, uniqueName } from './builders.ts';
import { createPipeline, runCommands } from './contract/helpers.ts';

const CHILD = new URL('./fixtures/store-process.ts', import.meta.url).pathname;

describe('sqlite store shared by two processes', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-processes-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('claims every job exactly once', async () => {
    const path = join(dir, 'claim.db');
    const store = await openSqliteStore({ path });
    const typeKey = uniqueName('type');
    const jobs = Array.from({ length: 300 }, () => makeJob({ pipelineName: 'p', actionTypeKey: typeKey }));
    await runCommands(store, 'p', jobs.map((job) => ({ type: 'EnqueueJob' as const, job })));
    await store.close();

    const results = await runTogether([path, 'claim', typeKey, 'a'], [path, 'claim', typeKey, 'b']);
    const claimed = results.flat();
    assert.equal(claimed.length, jobs.length);
    assert.deepEqual([...claimed].sort(), jobs.map((j) => j.jobId).sort());
  });

  it('numbers builds started by two processes consecutively and claims each build exactly once', async () => {
    const path = join(dir, 'builds.db');
    const store = await openSqliteStore({ path });
    const project = uniqueName('proj');
    await store.buildProjects.create({ name: project, arn: `arn:${project}`, project: {}, created: 0, lastModified: 0 });
    await store.close();

    const results = await runTogether([path, 'builds', project, '150'], [path, 'builds', project, '150']) as unknown as { numbers: number[]; claimed: string[] }[];
    const numbers = results.flatMap((r) => r.numbers).sort((a, b) => a - b);
    assert.deepEqual(numbers, Array.from({ length: 300 }, (_, i) => i + 1));
    const claimed = results.flatMap((r) => r.claimed);
    assert.equal(claimed.length, 300);
    assert.equal(new Set(claimed).size, 300);
  });

  it('serialises steps: no update is lost', async () => {
    const path = join(dir, 'count.db');
    const store = await openSqliteStore({ path });
    const name = uniqueName('count');
    await createPipeline(store, name);
    await runTogether([path, 'count', name, '150'], [path, 'count', name, '150']);
    const waiting = (await store.engine.load(name, {})).pipeline?.runtime.stages.Count?.waiting ?? [];
    assert.equal(waiting.length, 300);
    assert.equal(new Set(waiting).size, 300);
    await store.close();
  });
});

/** Starts one child per argument list, releases them together, returns each one's JSON result. */
async function runTogether(...argLists: string[][]): Promise<string[][]> {
  const children = argLists.map((args) => spawn(process.execPath, [CHILD, ...args], { stdio: 'pipe' }));
  const lines = children.map((child) => createInterface({ input: child.stdout })[Symbol.asyncIterator]());
  try {
    for (const line of lines) assert.equal((await line.next()).value, 'ready');
    for (const child of children) child.stdin.write('go\n');
    const results = await Promise.all(lines.map(async (line) => JSON.parse(String((await line.next()).value)) as string[]));
    await Promise.all(children.map(exited));
    return results;
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill();
  }
}

async function exited(child: ChildProcessWithoutNullStreams): Promise<void> {
  const [code] = (child.exitCode === null ? await once(child, 'exit') : [child.exitCode]) as [number | null];
  assert.equal(code, 0);
}
