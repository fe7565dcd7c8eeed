/**
 * Contract: executions through the engine port (round trip, what a step loads) and their read
 * model (get, newest-first lists with filters and pages, action execution history).
 */
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import type { ExecutionState } from '../../../src/engine/state.ts';
import type { PageRequest, Store } from '../../../src/store/ports.ts';
import { makeAction, makeDeclaration, makeExecution, makeExecutionWithActions, makeStage, T0, uniqueName } from '../builders.ts';
import { type ContractIt, createPipeline, type MakeStore, putExecutions, useStore } from './helpers.ts';

export function describeExecutionContract(makeStore: MakeStore, test: ContractIt): void {
  describe('executions', () => {
    const store = useStore(makeStore);

    test('executions round-trip exactly', async () => {
      const name = uniqueName('roundtrip');
      await createPipeline(store(), name);
      const execution = makeFullExecution(name);
      await putExecutions(store(), name, execution);
      const loaded = await store().engine.load(name, { allActive: true });
      assert.deepEqual(loaded.executions, { [execution.pipelineExecutionId]: execution });
      assert.deepEqual(await store().executions.get(name, execution.pipelineExecutionId), execution);
      assert.equal(await store().executions.get(uniqueName('other'), execution.pipelineExecutionId), undefined);
    });

    test('a step changes stored records and cannot disturb them afterwards', async () => {
      const name = uniqueName('update');
      await createPipeline(store(), name);
      const execution = makeFullExecution(name);
      await putExecutions(store(), name, execution);
      let kept: ExecutionState | undefined;
      await store().engine.step(name, { allActive: true }, (state) => {
        kept = state.executions[execution.pipelineExecutionId];
        assert.ok(kept);
        const build = kept.stages.Build;
        const action = build?.actions.Compile;
        assert.ok(build && action);
        action.status = 'Succeeded';
        action.lastUpdateTime = T0 + 50;
        action.outputVariables = { IMAGE: 'app:1' };
        build.groupIndex = 1;
        kept.namespaces.BuildVariables = { IMAGE: 'app:1' };
        return { state, commands: [], reply: undefined };
      });
      const expected = structuredClone(kept);
      assert.ok(kept && expected);
      kept.status = 'Failed';
      (kept.stages.Build ?? makeStage()).status = 'Failed';
      assert.deepEqual(await store().executions.get(name, execution.pipelineExecutionId), expected);
    });

    test('loads the executions the runtime names, every active one on request, and scoped ones', async () => {
      const name = uniqueName('scope');
      await createPipeline(store(), name);
      const running = makeExecution({ pipelineName: name, status: 'InProgress' });
      const stopping = makeExecution({ pipelineName: name, status: 'Stopping', stopMode: 'STOP_AND_WAIT' });
      const succeeded = makeExecution({ pipelineName: name, status: 'Succeeded' });
      const failed = makeExecution({ pipelineName: name, status: 'Failed' });
      await putExecutions(store(), name, running, stopping, succeeded, failed);
      const other = uniqueName('scope-other');
      await createPipeline(store(), other);
      const foreign = makeExecution({ pipelineName: other, status: 'Succeeded' });
      await putExecutions(store(), other, foreign);

      assert.deepEqual(idsOf(await store().engine.load(name, {})), [], 'nothing named, nothing loaded');
      assert.deepEqual(idsOf(await store().engine.load(name, { allActive: true })), idsOf(running, stopping));
      assert.deepEqual(idsOf(await store().engine.load(name, { allActive: true, executionIds: [succeeded.pipelineExecutionId, foreign.pipelineExecutionId] })),
        idsOf(running, stopping, succeeded));
      await store().engine.step(name, {}, (state) => {
        assert.ok(state.pipeline);
        state.pipeline.runtime.stages.Build = { lockedBy: running.pipelineExecutionId, waiting: [stopping.pipelineExecutionId] };
        return { state, commands: [], reply: undefined };
      });
      assert.deepEqual(idsOf(await store().engine.load(name, {})), idsOf(running, stopping), 'lock holders and waiters');
      let seen: string[] = [];
      await store().engine.step(name, { executionIds: [failed.pipelineExecutionId] }, (state) => {
        seen = Object.keys(state.executions);
        return { state, commands: [], reply: undefined };
      });
      assert.deepEqual(seen.sort(), idsOf(running, stopping, failed));
    });

    test('loads the declaration of every loaded execution', async () => {
      const name = uniqueName('declarations');
      await createPipeline(store(), name);
      const old = makeExecution({ pipelineName: name, pipelineVersion: 1 });
      await putExecutions(store(), name, old);
      const v2 = makeDeclaration({ name, version: 2, stages: [] });
      await store().engine.step(name, {}, (state) => {
        assert.ok(state.pipeline);
        state.pipeline.version = 2;
        state.pipeline.declarations[2] = v2;
        return { state, commands: [], reply: undefined };
      });
      assert.deepEqual(Object.keys((await store().engine.load(name, { allActive: true })).pipeline?.declarations ?? {}), ['1', '2']);
      await putExecutions(store(), name, { ...old, status: 'Succeeded' });
      assert.deepEqual(Object.keys((await store().engine.load(name, { allActive: true })).pipeline?.declarations ?? {}), ['2']);
      const scoped = await store().engine.load(name, { executionIds: [old.pipelineExecutionId] });
      assert.deepEqual(scoped.pipeline?.declarations, { 1: makeDeclaration({ name, version: 1 }), 2: v2 });
    });

    test('clientRequestToken scope loads the execution started with that token', async () => {
      const name = uniqueName('request-token');
      const other = uniqueName('request-token-other');
      const token = uniqueName('token');
      await createPipeline(store(), name);
      await createPipeline(store(), other);
      const started = makeExecution({ pipelineName: name, status: 'Succeeded', clientRequestToken: token });
      await putExecutions(store(), name, started, makeExecution({ pipelineName: name, status: 'Failed' }));
      // A token is unique per pipeline only.
      await putExecutions(store(), other, makeExecution({ pipelineName: other, status: 'Succeeded', clientRequestToken: token }));
      assert.deepEqual(idsOf(await store().engine.load(name, { clientRequestToken: token })), idsOf(started));
      assert.deepEqual(idsOf(await store().engine.load(name, { clientRequestToken: uniqueName('unknown') })), []);
    });

    test('approvalToken scope loads the execution holding that approval', async () => {
      const name = uniqueName('approval');
      await createPipeline(store(), name);
      const token = uniqueName('approval-token');
      const waiting = makeExecutionWithActions({ pipelineName: name, status: 'Stopped' }, (id) => [
        makeAction({ pipelineExecutionId: id, stageName: 'Approve', actionName: 'Manual', token, expiresAt: T0 + 1000,
          actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' } }),
      ]);
      await putExecutions(store(), name, waiting, makeExecution({ pipelineName: name, status: 'Failed' }));
      const loaded = await store().engine.load(name, { approvalToken: token });
      assert.deepEqual(loaded.executions, { [waiting.pipelineExecutionId]: waiting });
      assert.deepEqual(idsOf(await store().engine.load(name, { approvalToken: uniqueName('unknown') })), []);
      assert.deepEqual(idsOf(await store().engine.load(uniqueName('nope'), { approvalToken: token })), []);
    });

    test('latestPerStage scope loads the latest execution of every stage', async () => {
      const name = uniqueName('latest');
      const build = makeExecution({ pipelineName: name, status: 'Failed' });
      const deploy = makeExecution({ pipelineName: name, status: 'Succeeded' });
      await createPipeline(store(), name, { runtime: { stages: {
        Build: { waiting: [], latestExecutionId: build.pipelineExecutionId },
        Deploy: { waiting: [], latestExecutionId: deploy.pipelineExecutionId },
        Test: { waiting: [] },
      } } });
      await putExecutions(store(), name, build, deploy, makeExecution({ pipelineName: name, status: 'Succeeded' }));
      assert.deepEqual(idsOf(await store().engine.load(name, {})), []);
      assert.deepEqual(idsOf(await store().engine.load(name, { latestPerStage: true })), idsOf(build, deploy));
    });

    test('lists executions newest first with pages and filters', async () => {
      const name = uniqueName('history');
      await createPipeline(store(), name);
      const stage = (stageName: string, status: 'Succeeded' | 'Failed' | 'InProgress') => makeStage({ stageName, status });
      const all = [
        makeExecution({ pipelineName: name, status: 'Succeeded', stages: { Build: stage('Build', 'Succeeded') } }),
        makeExecution({ pipelineName: name, status: 'Failed', stages: { Build: stage('Build', 'Failed') } }),
        makeExecution({ pipelineName: name, status: 'Succeeded', stages: { Build: stage('Build', 'Succeeded') } }),
        makeExecution({ pipelineName: name, status: 'InProgress',
          stages: { Build: stage('Build', 'Succeeded'), Deploy: stage('Deploy', 'InProgress') } }),
        makeExecution({ pipelineName: name, status: 'Succeeded', stages: { Source: stage('Source', 'Succeeded') } }),
      ];
      // One step each: the store's order is the order executions were first stored.
      for (const execution of all) await putExecutions(store(), name, execution);
      const [e0, e1, e2, e3, e4] = all;
      assert.ok(e0 && e1 && e2 && e3 && e4);

      const list = (filter: Parameters<Store['executions']['list']>[1], maxResults: number) =>
        listAll((page) => store().executions.list(name, filter, page), maxResults);
      assert.deepEqual(await list({}, 2), [e4, e3, e2, e1, e0]);
      assert.deepEqual(await list({ status: 'Succeeded' }, 1), [e4, e2, e0]);
      assert.deepEqual(await list({ succeededInStage: 'Build' }, 100), [e3, e2, e0]);
      assert.deepEqual(await list({ succeededInStage: 'Build', status: 'Succeeded' }, 1), [e2, e0]);
      assert.deepEqual(await list({ succeededInStage: 'Deploy' }, 100), []);
      const first = await store().executions.list(name, {}, { maxResults: 5 });
      assert.equal(first.items.length, 5);
      assert.equal(first.nextToken, undefined);
      assert.equal((await store().executions.list(name, {}, {})).items.length, 5);
    });

    test('action execution history lists every attempt newest first', async () => {
      const name = uniqueName('attempts');
      await createPipeline(store(), name);
      const execution = makeExecutionWithActions({ pipelineName: name }, (id) => [
        makeAction({ pipelineExecutionId: id, status: 'Failed', errorDetails: { code: 'JobFailed', message: 'exit 1' } }),
      ]);
      const other = makeExecutionWithActions({ pipelineName: name }, (id) => [makeAction({ pipelineExecutionId: id })]);
      await putExecutions(store(), name, execution);
      await putExecutions(store(), name, other);
      const first = execution.stages.Build?.actions.Compile;
      assert.ok(first);
      const retry = makeAction({ pipelineExecutionId: execution.pipelineExecutionId, startTime: T0 + 100, lastUpdateTime: T0 + 100 });
      await store().engine.step(name, { executionIds: [execution.pipelineExecutionId] }, (state) => {
        const stage = state.executions[execution.pipelineExecutionId]?.stages.Build;
        assert.ok(stage);
        stage.actions.Compile = retry;
        stage.manualRetryAttempt = 1;
        stage.latestRetryTrigger = 'ManualStageRetry';
        return { state, commands: [], reply: undefined };
      });
      const otherAction = other.stages.Build?.actions.Compile;
      const history = (filter: { executionId?: string }, maxResults: number) =>
        listAll((page) => store().executions.listActionExecutions(name, filter, page), maxResults);
      assert.deepEqual(await history({}, 1), [retry, otherAction, first]);
      assert.deepEqual(await history({ executionId: execution.pipelineExecutionId }, 100), [retry, first]);
      assert.deepEqual(await history({ executionId: other.pipelineExecutionId }, 100), [otherAction]);
      assert.deepEqual((await store().executions.get(name, execution.pipelineExecutionId))?.stages.Build?.actions, { Compile: retry });
      assert.deepEqual(await history({}, 100), await history({}, 2));
    });

    test('gets one action execution of a pipeline by id, earlier attempts included', async () => {
      const name = uniqueName('one-attempt');
      await createPipeline(store(), name);
      const execution = makeExecutionWithActions({ pipelineName: name }, (id) => [makeAction({ pipelineExecutionId: id })]);
      await putExecutions(store(), name, execution);
      const action = execution.stages.Build?.actions.Compile;
      assert.ok(action);
      assert.deepEqual(await store().executions.getActionExecution(name, action.actionExecutionId), action);
      assert.equal(await store().executions.getActionExecution(uniqueName('other'), action.actionExecutionId), undefined, 'only of its own pipeline');
      assert.equal(await store().executions.getActionExecution(name, uniqueName('missing')), undefined);
    });
  });
}

/** An execution using every optional field, two stages, parallel actions. */
function makeFullExecution(pipelineName: string): ExecutionState {
  const execution = makeExecutionWithActions({
    pipelineName,
    statusSummary: 'running',
    trigger: { triggerType: 'Webhook', triggerDetail: 'push main' },
    clientRequestToken: uniqueName('start'),
    variables: [{ name: 'ENV', resolvedValue: 'prod' }],
    sourceRevisions: [{ actionName: 'Checkout', revisionType: 'COMMIT_ID', revisionValue: 'abc123' }],
    artifactRevisions: [{ name: 'src', revisionId: 'abc123', revisionSummary: 'fix: é ✓ "quotes"', created: T0 }],
    position: { stageName: 'Build', phase: 'running' },
    artifacts: { src: { name: 'src', bucket: 'artifacts', key: 'p/src/abc.zip', revision: 'abc123' } },
    namespaces: { SourceVariables: { CommitId: 'abc123' } },
  }, (id) => [
    makeAction({ pipelineExecutionId: id, stageName: 'Source', actionName: 'Checkout', status: 'Succeeded',
      outputVariables: { CommitId: 'abc123' }, summary: 'ok', externalExecutionId: 'x-1', percentComplete: 100 }),
    makeAction({ pipelineExecutionId: id, actionName: 'Compile', jobId: uniqueName('job'), timerId: uniqueName('timer') }),
    makeAction({ pipelineExecutionId: id, actionName: 'Lint', runOrder: 1, namespace: 'Lint', region: 'us-east-1' }),
  ]);
  const source = execution.stages.Source;
  if (source) source.status = 'Succeeded';
  return execution;
}

function idsOf(...items: (ExecutionState | { executions: Record<string, ExecutionState> })[]): string[] {
  return items.flatMap((item) => ('executions' in item ? Object.keys(item.executions) : [item.pipelineExecutionId])).sort();
}

async function listAll<T>(list: (page: PageRequest) => Promise<{ items: T[]; nextToken?: string }>, maxResults: number): Promise<T[]> {
  const all: T[] = [];
  let nextToken: string | undefined;
  do {
    const page = await list(nextToken === undefined ? { maxResults } : { maxResults, nextToken });
    assert.ok(page.items.length <= maxResults);
    all.push(...page.items);
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return all;
}
