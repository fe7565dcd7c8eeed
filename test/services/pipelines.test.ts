/**
 * The pipeline service on a real SQLite store: bad input gets AWS's error type and a message
 * naming what is wrong, and changes nothing (no pipeline, no version, no event, no job).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { makeActionTypeCatalog } from '../../src/model/action-types.ts';
import { randomIds, systemClock } from '../../src/scheduler/system.ts';
import { EngineDriver } from '../../src/scheduler/driver.ts';
import { PipelineService } from '../../src/services/pipelines.ts';
import type { Store } from '../../src/store/ports.ts';
import { openSqliteStore } from '../../src/store/sqlite/open.ts';

function declaration(name: string, over: object = {}): object {
  return {
    name, roleArn: 'arn:aws:iam::000000000000:role/p', artifactStore: { type: 'S3', location: 'artifacts' },
    stages: [
      { name: 'Source', actions: [{ name: 'Src', actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeCommit', version: '1' },
        configuration: { RepositoryName: 'r', BranchName: 'main' }, outputArtifacts: [{ name: 'Out' }] }] },
      { name: 'Gate', actions: [{ name: 'Ok', actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' } }] },
    ],
    ...over,
  };
}

describe('pipeline service: bad input changes nothing', () => {
  let dir: string;
  let store: Store;
  let service: PipelineService;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-service-'));
    store = await openSqliteStore({ path: join(dir, 'sluice.db') });
    service = new PipelineService(new EngineDriver({ store, clock: systemClock, ids: randomIds }), makeActionTypeCatalog());
    await service.createPipeline(declaration('app'));
  });
  after(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Everything a refused call could have written. */
  async function snapshot(): Promise<unknown> {
    const pipelines = await store.pipelines.list({});
    const executions = await store.executions.list('app', {}, {});
    const outbox = await store.outbox.read(0, 1000);
    const state = await store.engine.load('app', { allActive: true, latestPerStage: true });
    return { pipelines, executions, outbox: outbox.length, runtime: state.pipeline?.runtime };
  }

  async function refused(call: () => Promise<unknown>, code: string, message: RegExp): Promise<void> {
    const before = await snapshot();
    await assert.rejects(call, (e: Error & { code?: string }) => {
      assert.equal(e.code, code);
      assert.match(e.message, message);
      return true;
    });
    assert.deepEqual(await snapshot(), before);
  }

  it('creates version 1 and starts the first execution', async () => {
    const stored = await store.pipelines.get('app');
    assert.equal(stored?.declaration.version, 1);
    const { items } = await store.executions.list('app', {}, {});
    assert.deepEqual(items.map((e) => [e.status, e.trigger.triggerType]), [['InProgress', 'CreatePipeline']]);
  });

  it('refuses an invalid declaration with every problem listed', () => refused(
    () => service.createPipeline(declaration('bad name', { stages: [] })), 'ValidationException', /2 validation errors detected: .*pipeline\.name.*; .*stages/));

  it('refuses a second pipeline of the same name', () => refused(
    () => service.createPipeline(declaration('app')), 'PipelineNameInUseException', /'app' already exists/));

  it('refuses to update a pipeline that does not exist', () => refused(
    () => service.updatePipeline(declaration('nope')), 'ValidationException', /nope does not exist/));

  it('refuses a start of an unknown pipeline, naming it', () => refused(
    () => service.startExecution('nope'), 'PipelineNotFoundException', /Pipeline nope not found/));

  it('refuses undeclared pipeline variables', () => refused(
    () => service.startExecution('app', { variables: [{ name: 'X', value: '1' }] }), 'ValidationException', /X/));

  it('refuses to stop an unknown execution', () => refused(
    () => service.stopExecution('app', '00000000-0000-4000-8000-000000000000'), 'PipelineExecutionNotFoundException', /00000000-0000-4000-8000-000000000000/));

  it('refuses a stop reason over 200 characters', async () => {
    const [execution] = (await store.executions.list('app', {}, {})).items;
    await refused(() => service.stopExecution('app', execution!.pipelineExecutionId, { reason: 'x'.repeat(201) }), 'ValidationException', /reason/);
  });

  it('refuses to retry a stage of a running execution', async () => {
    const [execution] = (await store.executions.list('app', {}, {})).items;
    await refused(() => service.retryStage('app', 'Source', execution!.pipelineExecutionId, 'FAILED_ACTIONS'), 'ConflictException', /InProgress/);
  });

  it('refuses a transition reason with characters AWS rejects, and unknown stages', async () => {
    await refused(() => service.setStageTransition('app', 'Gate', 'Inbound', false, 'no_underscores'), 'ValidationException', /reason/);
    await refused(() => service.setStageTransition('app', 'Gate', 'Inbound', false), 'ValidationException', /reason/);
    await refused(() => service.setStageTransition('app', 'Nope', 'Inbound', false, 'maintenance'), 'StageNotFoundException', /Nope/);
  });

  it('refuses approvals with a bad token, an unknown action, or an overlong summary', async () => {
    const approval = { stageName: 'Gate', actionName: 'Ok', token: 'nope', status: 'Approved' as const, summary: 'ok' };
    await refused(() => service.putApprovalResult('app', approval), 'InvalidApprovalTokenException', /token/);
    await refused(() => service.putApprovalResult('app', { ...approval, actionName: 'Nope' }), 'ActionNotFoundException', /Nope/);
    await refused(() => service.putApprovalResult('app', { ...approval, summary: 'x'.repeat(513) }), 'ValidationException', /summary/);
  });

  it('refuses rollback of the source stage', async () => {
    const [execution] = (await store.executions.list('app', {}, {})).items;
    await refused(() => service.rollbackStage('app', 'Source', execution!.pipelineExecutionId), 'UnableToRollbackStageException', /source/);
  });

  it('updates to version 2 and keeps version 1 readable', async () => {
    const updated = await service.updatePipeline(declaration('app', { stages: [
      ...(declaration('app') as { stages: object[] }).stages, { name: 'More', actions: [{ name: 'Ok2', actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' } }] },
    ] }));
    assert.equal(updated.version, 2);
    assert.equal((await store.pipelines.get('app'))?.declaration.stages.length, 3);
    assert.equal((await store.pipelines.get('app', 1))?.declaration.stages.length, 2);
  });
});
