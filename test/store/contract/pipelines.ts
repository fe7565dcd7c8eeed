/**
 * Contract: pipelines through the engine port (create, update, delete, atomic failure) and their
 * read model (get, list, pagination).
 */
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { SluiceError } from '../../../src/model/errors.ts';
import type { Store } from '../../../src/store/ports.ts';
import {
  makeDeclaration, makeEvent, makeExecution, makeJob, makePipelineRecord, makeTimer, T0, uniqueName,
} from '../builders.ts';
import { type ContractIt, createPipeline, lastOutboxSeq, type MakeStore, putExecutions, runCommands, useStore } from './helpers.ts';

export function describePipelineContract(makeStore: MakeStore, test: ContractIt): void {
  describe('pipelines', () => {
    const store = useStore(makeStore);

    test('creates a pipeline through a step and reads it back', async () => {
      const name = uniqueName('create');
      const declaration = makeDeclaration({ name, version: 1, executionMode: 'QUEUED', pipelineType: 'V2' });
      const record = {
        name, version: 1, declarations: { 1: declaration }, created: T0, updated: T0 + 1,
        tags: [{ key: 'team', value: 'a' }], runtime: { stages: { Build: { waiting: [], lockedBy: 'x' } } },
      };
      const result = await store().engine.step(name, {}, (state) => {
        assert.equal(state.pipeline, undefined);
        assert.deepEqual(state.executions, {});
        return { state: { pipeline: record, executions: {} }, commands: [], reply: 'created' };
      });
      assert.equal(result.reply, 'created');

      assert.deepEqual(await store().pipelines.get(name), { declaration, created: T0, updated: T0 + 1 });
      assert.deepEqual((await store().engine.load(name, {})).pipeline, record);
      const summaries = await listAllPipelines(store(), 1000);
      assert.deepEqual(summaries.find((s) => s.name === name),
        { name, version: 1, pipelineType: 'V2', executionMode: 'QUEUED', created: T0, updated: T0 + 1 });
    });

    test('lists AWS defaults for an unset execution mode and pipeline type', async () => {
      const name = uniqueName('defaults');
      const { executionMode: _mode, pipelineType: _type, ...declaration } = makeDeclaration({ name, version: 1 });
      await createPipeline(store(), name, { declarations: { 1: declaration } });
      const summary = (await listAllPipelines(store(), 1000)).find((s) => s.name === name);
      assert.equal(summary?.executionMode, 'SUPERSEDED');
      assert.equal(summary?.pipelineType, 'V1');
    });

    test('a version bump stores the new version and keeps the old one readable', async () => {
      const name = uniqueName('bump');
      const v1 = (await createPipeline(store(), name)).declarations[1];
      const v2 = makeDeclaration({ name, version: 2, stages: v1?.stages.slice(0, 1) ?? [] });
      await store().engine.step(name, {}, (state) => {
        assert.ok(state.pipeline);
        assert.deepEqual(Object.keys(state.pipeline.declarations), ['1']);
        state.pipeline.version = 2;
        state.pipeline.updated = T0 + 10;
        state.pipeline.declarations[2] = v2;
        return { state, commands: [], reply: undefined };
      });
      assert.deepEqual(await store().pipelines.get(name), { declaration: v2, created: T0, updated: T0 + 10 });
      assert.deepEqual((await store().pipelines.get(name, 1))?.declaration, v1);
      assert.equal(await store().pipelines.get(name, 3), undefined);
      const loaded = await store().engine.load(name, {});
      assert.equal(loaded.pipeline?.version, 2);
      assert.deepEqual(loaded.pipeline?.declarations, { 2: v2 });
    });

    test('get sets the version field of the declaration', async () => {
      const name = uniqueName('version-field');
      const { version: _v, ...declaration } = makeDeclaration({ name });
      await createPipeline(store(), name, { declarations: { 1: declaration } });
      assert.equal((await store().pipelines.get(name))?.declaration.version, 1);
      assert.equal((await store().engine.load(name, {})).pipeline?.declarations[1]?.version, 1);
    });

    test('a step that throws writes nothing and its error passes unchanged', async () => {
      const name = uniqueName('atomic');
      const before = await lastOutboxSeq(store());
      const execution = makeExecution({ pipelineName: name });
      const boom = new SluiceError('ValidationException', 'no');
      await assert.rejects(store().engine.step(name, {}, (state) => {
        state.pipeline = makePipelineRecord(name);
        state.executions[execution.pipelineExecutionId] = execution;
        throw boom;
      }), (e) => e === boom);
      const bug = new TypeError('engine bug');
      await assert.rejects(store().engine.step(name, {}, () => {
        throw bug;
      }), (e) => e === bug);
      assert.equal(await store().pipelines.get(name), undefined);
      assert.equal(await store().executions.get(name, execution.pipelineExecutionId), undefined);
      assert.equal(await lastOutboxSeq(store()), before);
    });

    test('a step whose commands cannot be carried out writes nothing', async () => {
      const name = uniqueName('atomic-commands');
      const record = await createPipeline(store(), name);
      const typeKey = uniqueName('type');
      const existing = makeJob({ pipelineName: name, actionTypeKey: typeKey });
      await runCommands(store(), name, [{ type: 'EnqueueJob', job: existing }]);
      const before = await lastOutboxSeq(store());
      const execution = makeExecution({ pipelineName: name });
      const job = makeJob({ pipelineName: name, actionTypeKey: typeKey });
      await assert.rejects(store().engine.step(name, {}, (state) => {
        assert.ok(state.pipeline);
        state.pipeline.runtime.stages.Build = { waiting: ['x'] };
        state.pipeline.tags.push({ key: 'k', value: 'v' });
        state.executions[execution.pipelineExecutionId] = execution;
        return {
          state,
          commands: [
            { type: 'Emit', event: makeEvent({ pipelineName: name }) },
            { type: 'EnqueueJob', job },
            // The same job id twice: the store cannot carry this out.
            { type: 'EnqueueJob', job: { ...existing, nonce: 'other' } },
          ],
          reply: undefined,
        };
      }));
      assert.deepEqual((await store().engine.load(name, {})).pipeline, record);
      assert.equal(await store().executions.get(name, execution.pipelineExecutionId), undefined);
      assert.equal(await store().jobs.get(job.jobId), undefined);
      assert.equal((await store().jobs.get(existing.jobId))?.nonce, existing.nonce);
      assert.equal(await lastOutboxSeq(store()), before);
    });

    test('lists pipelines by name ascending, page by page', async () => {
      const prefix = uniqueName('list');
      const names = [`${prefix}-c`, `${prefix}-a`, `${prefix}-b`];
      for (const name of names) await createPipeline(store(), name);
      const all = await listAllPipelines(store(), 2);
      const mine = all.filter((s) => s.name.startsWith(prefix)).map((s) => s.name);
      assert.deepEqual(mine, [...names].sort());
      const allNames = all.map((s) => s.name);
      assert.deepEqual(allNames, [...allNames].sort(), 'ascending across pages');
      assert.equal(new Set(allNames).size, allNames.length, 'no pipeline twice');
      const first = await store().pipelines.list({ maxResults: 1 });
      assert.equal(first.items.length, 1);
      assert.ok(first.nextToken);
    });

    test('an invalid next token is InvalidNextTokenException', async () => {
      const name = uniqueName('token');
      await createPipeline(store(), name);
      await putExecutions(store(), name, makeExecution({ pipelineName: name }), makeExecution({ pipelineName: name }));
      const executionsToken = (await store().executions.list(name, {}, { maxResults: 1 })).nextToken;
      assert.ok(executionsToken);
      const bad = ['not a token!', Buffer.from('{}').toString('base64url'), 'eyJ', executionsToken];
      for (const nextToken of bad) {
        await assert.rejects(store().pipelines.list({ nextToken }), isInvalidToken);
      }
      await assert.rejects(store().executions.list(name, {}, { nextToken: 'nope' }), isInvalidToken);
      await assert.rejects(store().executions.listActionExecutions(name, {}, { nextToken: executionsToken + 'x' }), isInvalidToken);
    });

    test('deletePipeline removes everything and returns false the second time', async () => {
      const name = uniqueName('delete');
      const typeKey = uniqueName('type');
      await createPipeline(store(), name);
      const execution = makeExecution({ pipelineName: name });
      await putExecutions(store(), name, execution);
      const job = makeJob({ pipelineName: name, actionTypeKey: typeKey, executionId: execution.pipelineExecutionId });
      const timer = makeTimer({ pipelineName: name, dueAt: T0 });
      await runCommands(store(), name, [{ type: 'EnqueueJob', job }, { type: 'SetTimer', timer },
        { type: 'Emit', event: makeEvent({ pipelineName: name }) }]);

      assert.equal(await store().engine.deletePipeline(name), true);
      assert.equal(await store().pipelines.get(name), undefined);
      assert.equal(await store().pipelines.get(name, 1), undefined);
      assert.equal(await store().executions.get(name, execution.pipelineExecutionId), undefined);
      assert.deepEqual((await store().executions.list(name, {}, {})).items, []);
      assert.equal(await store().jobs.get(job.jobId), undefined);
      assert.ok(!(await store().jobs.queuedTypes()).includes(typeKey));
      assert.deepEqual(await store().engine.load(name, { executionIds: [execution.pipelineExecutionId] }),
        { pipeline: undefined, executions: {} });
      assert.equal(await store().engine.deletePipeline(name), false);

      // The name is free again, and the new pipeline starts from scratch.
      const fresh = makeDeclaration({ name, version: 1, stages: [] });
      await createPipeline(store(), name, { declarations: { 1: fresh } });
      assert.deepEqual((await store().pipelines.get(name))?.declaration, fresh);
      assert.deepEqual((await store().engine.load(name, {})).pipeline?.declarations[1], fresh);
    });
  });
}

function isInvalidToken(e: unknown): boolean {
  assert.ok(e instanceof SluiceError);
  assert.equal(e.code, 'InvalidNextTokenException');
  assert.equal(e.message, 'The next token is invalid or expired');
  return true;
}

async function listAllPipelines(store: Store, maxResults: number) {
  const all = [];
  let nextToken: string | undefined;
  do {
    const page = await store.pipelines.list(nextToken === undefined ? { maxResults } : { maxResults, nextToken });
    assert.ok(page.items.length <= maxResults);
    all.push(...page.items);
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return all;
}
