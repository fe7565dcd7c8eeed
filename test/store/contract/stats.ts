/**
 * Contract: the counts `/metrics` reports — executions by status, queued jobs by action type.
 * Other tests share the store, so each test compares counts before and after its own writes.
 */
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { makeExecution, makeJob, T0, uniqueName } from '../builders.ts';
import { type ContractIt, createPipeline, type MakeStore, putExecutions, runCommands, useStore } from './helpers.ts';

export function describeStatsContract(makeStore: MakeStore, test: ContractIt): void {
  describe('stats', () => {
    const store = useStore(makeStore);

    test('counts executions by status', async () => {
      const name = uniqueName('stats');
      await createPipeline(store(), name);
      const before = await store().stats.executionsByStatus();
      await putExecutions(store(), name,
        makeExecution({ pipelineName: name, status: 'InProgress' }),
        makeExecution({ pipelineName: name, status: 'Succeeded' }),
        makeExecution({ pipelineName: name, status: 'Succeeded' }));
      const after = await store().stats.executionsByStatus();
      assert.equal((after.InProgress ?? 0) - (before.InProgress ?? 0), 1);
      assert.equal((after.Succeeded ?? 0) - (before.Succeeded ?? 0), 2);
    });

    test('counts queued jobs by action type, not claimed ones', async () => {
      const name = uniqueName('depth');
      const [a, b] = [uniqueName('TypeA'), uniqueName('TypeB')];
      const jobs = [a, a, b].map((actionTypeKey) => makeJob({ pipelineName: name, actionTypeKey }));
      await runCommands(store(), name, jobs.map((job) => ({ type: 'EnqueueJob' as const, job })));
      assert.equal((await store().stats.queuedJobsByType())[a], 2);
      await store().jobs.claim({ workerId: 'w', actionTypeKeys: [a], limit: 1, leaseMs: 1000, now: T0 });
      const depth = await store().stats.queuedJobsByType();
      assert.deepEqual([depth[a], depth[b]], [1, 1]);
    });
  });
}
