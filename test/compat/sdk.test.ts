/**
 * The AWS SDK for JavaScript v3 (`@aws-sdk/client-codepipeline`) against a Sluice server: every
 * operation the SDK exports a `*Command` for, each with a success case or, where success cannot be
 * reached on a server yet, the documented error; pagination with small page sizes and the SDK's
 * paginators; clientRequestToken idempotency; and wire details (timestamps as Dates, absent
 * members omitted, status codes). An SDK release with a new operation fails the coverage test
 * until it has a case here.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it, type TestContext } from 'node:test';
import {
  AcknowledgeJobCommand, AcknowledgeThirdPartyJobCommand, CodePipelineServiceException, CreateCustomActionTypeCommand,
  CreatePipelineCommand, DeleteCustomActionTypeCommand, DeletePipelineCommand, DeleteWebhookCommand,
  DeregisterWebhookWithThirdPartyCommand, DisableStageTransitionCommand, EnableStageTransitionCommand, GetActionTypeCommand,
  GetJobDetailsCommand, GetPipelineCommand, GetPipelineExecutionCommand, GetPipelineStateCommand,
  GetThirdPartyJobDetailsCommand, ListActionExecutionsCommand, ListActionTypesCommand, ListDeployActionExecutionTargetsCommand,
  ListPipelineExecutionsCommand, ListPipelinesCommand, ListRuleExecutionsCommand, ListRuleTypesCommand,
  ListTagsForResourceCommand, ListWebhooksCommand, OverrideStageConditionCommand, paginateListActionExecutions,
  paginateListPipelineExecutions, paginateListPipelines, paginateListTagsForResource, paginateListWebhooks, PollForJobsCommand,
  PollForThirdPartyJobsCommand, PutActionRevisionCommand, PutApprovalResultCommand, PutJobFailureResultCommand,
  PutJobSuccessResultCommand, PutThirdPartyJobFailureResultCommand, PutThirdPartyJobSuccessResultCommand, PutWebhookCommand,
  RegisterWebhookWithThirdPartyCommand, RetryStageExecutionCommand, RollbackStageCommand, StartPipelineExecutionCommand,
  StopPipelineExecutionCommand, TagResourceCommand, UntagResourceCommand, UpdateActionTypeCommand, UpdatePipelineCommand,
  type CodePipelineClient, type Job, type PipelineExecution,
} from '@aws-sdk/client-codepipeline';
import { HeadBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { strToU8, zipSync } from 'fflate';
import { startTestServer, type TestServer } from '../support/server.ts';
import {
  builtInSourcePipeline, nullsIn, orSkip, rawRequest, runnablePipeline, sdkOperations, served, SOURCE_TYPE, SOURCE_TYPE_INPUT,
  startWorker, waitFor,
} from './support.ts';

const ENDED = new Set(['Succeeded', 'Failed', 'Stopped', 'Superseded', 'Cancelled']);
const PIPE = 'sdk-pipe';
const ARN = `arn:aws:codepipeline:us-east-1:000000000000:${PIPE}`;
const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';

interface ServiceError { name: string; message: string; $metadata: { httpStatusCode?: number } }

/** Expects `call` to fail with `code` (and `status`, 400 unless given). NotServed passes through. */
async function rejects(operation: string, call: Promise<unknown>, code: string, status = 400): Promise<ServiceError> {
  try {
    await served(operation, call);
  } catch (e) {
    if (!(e instanceof CodePipelineServiceException)) throw e;
    assert.equal(e.name, code, `${operation} fails with ${code}: ${e.message}`);
    assert.equal(e.$metadata.httpStatusCode, status, `${code} is HTTP ${status}`);
    assert.equal(typeof e.message, 'string');
    return e;
  }
  assert.fail(`${operation} was expected to fail with ${code}`);
}

describe('AWS SDK for JavaScript compatibility', () => {
  let t: TestServer;
  let c: CodePipelineClient;
  let worker: ReturnType<typeof startWorker>;
  const covered = new Set<string>();
  const state: { succeeded?: string; sourceActionExecutionId?: string } = {};

  before(async () => {
    t = await startTestServer();
    c = t.codepipeline();
    worker = startWorker(t.codepipeline(), [PIPE]);
  });
  after(async () => {
    try {
      await worker?.stop();
    } finally {
      await t?.close();
    }
  });

  /** One test per operation; `body` must exercise it through the SDK. */
  function op(operation: string, body: (tc: TestContext) => Promise<void>): void {
    covered.add(operation);
    it(operation, orSkip(body));
  }

  async function approvalToken(pipeline: string, executionId: string, stage = 'Approve'): Promise<string> {
    return waitFor(`the approval of ${executionId}`, async () => {
      const s = await c.send(new GetPipelineStateCommand({ name: pipeline }));
      const stageState = s.stageStates?.find((x) => x.stageName === stage);
      const latest = stageState?.actionStates?.[0]?.latestExecution;
      return stageState?.latestExecution?.pipelineExecutionId === executionId && latest?.status === 'InProgress' ? latest.token : undefined;
    });
  }

  async function approve(pipeline: string, executionId: string, status: 'Approved' | 'Rejected' = 'Approved'): Promise<Date | undefined> {
    const token = await approvalToken(pipeline, executionId);
    const { approvedAt } = await c.send(new PutApprovalResultCommand({
      pipelineName: pipeline, stageName: 'Approve', actionName: 'Gate', token, result: { status, summary: `${status} by the SDK test` },
    }));
    return approvedAt;
  }

  /** Waits for one of the `wanted` statuses; an execution that ends otherwise fails at once, saying why. */
  async function executionStatus(pipeline: string, id: string, ...wanted: string[]): Promise<PipelineExecution> {
    return waitFor(`execution ${id} to be ${wanted.join('/')}`, async () => {
      const { pipelineExecution } = await c.send(new GetPipelineExecutionCommand({ pipelineName: pipeline, pipelineExecutionId: id }));
      const status = pipelineExecution?.status ?? '';
      if (wanted.includes(status)) return pipelineExecution;
      if (ENDED.has(status)) {
        const { actionExecutionDetails = [] } = await c.send(new ListActionExecutionsCommand({ pipelineName: pipeline, filter: { pipelineExecutionId: id } }));
        const actions = actionExecutionDetails.map((d) => `${d.actionName}: ${d.status} ${d.output?.executionResult?.externalExecutionSummary ?? ''}`);
        throw new Error(`execution ${id} ended ${status}, not ${wanted.join('/')}: ${actions.join('; ')}`);
      }
      return undefined;
    }, 30_000);
  }

  async function start(pipeline: string, clientRequestToken?: string): Promise<string> {
    const { pipelineExecutionId } = await c.send(new StartPipelineExecutionCommand({ name: pipeline, ...(clientRequestToken && { clientRequestToken }) }));
    assert.ok(pipelineExecutionId);
    return pipelineExecutionId;
  }

  // --- action types -----------------------------------------------------------------------------

  op('CreateCustomActionType', async () => {
    const { actionType } = await served('CreateCustomActionType', c.send(new CreateCustomActionTypeCommand({ ...SOURCE_TYPE_INPUT, tags: [{ key: 'team', value: 'ci' }] })));
    assert.deepEqual(actionType?.id, SOURCE_TYPE);
    assert.deepEqual(actionType?.outputArtifactDetails, { minimumCount: 0, maximumCount: 1 });
    await served('CreateCustomActionType', c.send(new CreateCustomActionTypeCommand({
      category: 'Deploy', provider: 'SluiceSdkDeploy', version: '1',
      inputArtifactDetails: { minimumCount: 0, maximumCount: 1 }, outputArtifactDetails: { minimumCount: 0, maximumCount: 0 },
    })));
    // The same definition again is accepted; a different one under a used key is not.
    await c.send(new CreateCustomActionTypeCommand(SOURCE_TYPE_INPUT));
    await rejects('CreateCustomActionType', c.send(new CreateCustomActionTypeCommand({ ...SOURCE_TYPE_INPUT, outputArtifactDetails: { minimumCount: 1, maximumCount: 1 } })), 'ValidationException');
    await rejects('CreateCustomActionType', c.send(new CreateCustomActionTypeCommand({
      ...SOURCE_TYPE_INPUT, provider: 'SluiceSdkSecretQuery',
      configurationProperties: [{ name: 'Token', required: true, key: true, secret: true, queryable: true }],
    })), 'ValidationException');
  });

  op('GetActionType', async () => {
    const custom = await served('GetActionType', c.send(new GetActionTypeCommand({ ...SOURCE_TYPE, owner: 'Custom', category: 'Source', provider: 'SluiceCompatSource', version: '1' })));
    assert.deepEqual(custom.actionType?.id, SOURCE_TYPE);
    assert.equal(custom.actionType?.executor?.type, 'JobWorker');
    const builtIn = await c.send(new GetActionTypeCommand({ category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' }));
    assert.deepEqual(builtIn.actionType?.inputArtifactDetails, { minimumCount: 0, maximumCount: 0 });
    await rejects('GetActionType', c.send(new GetActionTypeCommand({ category: 'Build', owner: 'Custom', provider: 'Nope', version: '1' })), 'ActionTypeNotFoundException');
  });

  op('ListActionTypes', async () => {
    const all = await served('ListActionTypes', c.send(new ListActionTypesCommand({})));
    assert.ok(all.actionTypes?.some((a) => a.id?.provider === 'Manual'), 'the built-ins are listed');
    assert.ok(all.actionTypes?.some((a) => a.id?.provider === 'SluiceCompatSource'), 'custom types are listed');
    const custom = await c.send(new ListActionTypesCommand({ actionOwnerFilter: 'Custom' }));
    assert.deepEqual(custom.actionTypes?.map((a) => a.id?.provider).sort(), ['SluiceCompatSource', 'SluiceSdkDeploy']);
    await rejects('ListActionTypes', c.send(new ListActionTypesCommand({ nextToken: 'not-a-token' })), 'InvalidNextTokenException');
  });

  op('UpdateActionType', async () => {
    const { actionType } = await c.send(new GetActionTypeCommand({ category: 'Deploy', owner: 'Custom', provider: 'SluiceSdkDeploy', version: '1' }));
    assert.ok(actionType?.id && actionType.executor && actionType.inputArtifactDetails && actionType.outputArtifactDetails);
    await served('UpdateActionType', c.send(new UpdateActionTypeCommand({ actionType: { ...actionType, description: 'deploys from the SDK test' } })));
    const again = await c.send(new GetActionTypeCommand({ category: 'Deploy', owner: 'Custom', provider: 'SluiceSdkDeploy', version: '1' }));
    assert.equal(again.actionType?.description, 'deploys from the SDK test');
    await rejects('UpdateActionType', c.send(new UpdateActionTypeCommand({
      actionType: { ...actionType, id: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' } },
    })), 'ValidationException');
  });

  op('DeleteCustomActionType', async () => {
    await served('DeleteCustomActionType', c.send(new DeleteCustomActionTypeCommand({ category: 'Deploy', provider: 'SluiceSdkDeploy', version: '1' })));
    await rejects('GetActionType', c.send(new GetActionTypeCommand({ category: 'Deploy', owner: 'Custom', provider: 'SluiceSdkDeploy', version: '1' })), 'ActionTypeNotFoundException');
    await rejects('DeleteCustomActionType', c.send(new DeleteCustomActionTypeCommand({ category: 'Nope' as 'Deploy', provider: 'SluiceSdkDeploy', version: '1' })), 'ValidationException');
  });

  // --- pipelines --------------------------------------------------------------------------------

  op('CreatePipeline', async () => {
    const created = await c.send(new CreatePipelineCommand({ pipeline: runnablePipeline(PIPE), tags: [{ key: 'team', value: 'ci' }] }));
    assert.equal(created.pipeline?.version, 1);
    assert.deepEqual(created.tags, [{ key: 'team', value: 'ci' }]);
    await rejects('CreatePipeline', c.send(new CreatePipelineCommand({ pipeline: runnablePipeline(PIPE) })), 'PipelineNameInUseException');
    const noSource = runnablePipeline('sdk-broken');
    noSource.stages = noSource.stages?.slice(1);
    await rejects('CreatePipeline', c.send(new CreatePipelineCommand({ pipeline: noSource })), 'InvalidStructureException');
    await rejects('CreatePipeline', c.send(new CreatePipelineCommand({ pipeline: runnablePipeline('sdk-broken'), tags: [{ key: 'aws:x', value: 'y' }] })), 'InvalidTagsException');
    const tooMany = Array.from({ length: 51 }, (_, i) => ({ key: `k${i}`, value: 'v' }));
    await rejects('CreatePipeline', c.send(new CreatePipelineCommand({ pipeline: runnablePipeline('sdk-broken'), tags: tooMany })), 'TooManyTagsException');
    await rejects('GetPipeline', c.send(new GetPipelineCommand({ name: 'sdk-broken' })), 'PipelineNotFoundException');
  });

  op('GetPipeline', async () => {
    const got = await c.send(new GetPipelineCommand({ name: PIPE }));
    assert.equal(got.pipeline?.name, PIPE);
    assert.equal(got.metadata?.pipelineArn, ARN);
    assert.ok(got.metadata?.created instanceof Date && got.metadata.updated instanceof Date);
    await rejects('GetPipeline', c.send(new GetPipelineCommand({ name: PIPE, version: 7 })), 'PipelineVersionNotFoundException');
    await rejects('GetPipeline', c.send(new GetPipelineCommand({ name: 'sdk-nope' })), 'PipelineNotFoundException');
  });

  op('UpdatePipeline', async () => {
    const { pipeline } = await c.send(new GetPipelineCommand({ name: PIPE }));
    assert.ok(pipeline);
    const updated = await c.send(new UpdatePipelineCommand({ pipeline: { ...pipeline, variables: [{ name: 'Env', defaultValue: 'qa' }] } }));
    assert.equal(updated.pipeline?.version, 2);
    assert.equal((await c.send(new GetPipelineCommand({ name: PIPE, version: 1 }))).pipeline?.variables?.[0]?.defaultValue, 'dev');
    await rejects('UpdatePipeline', c.send(new UpdatePipelineCommand({ pipeline: { ...pipeline, name: 'sdk-nope' } })), 'ValidationException');
  });

  op('ListPipelines', async () => {
    for (const name of ['sdk-a', 'sdk-b', 'sdk-c']) await c.send(new CreatePipelineCommand({ pipeline: builtInSourcePipeline(name) }));
    const names: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await c.send(new ListPipelinesCommand({ maxResults: 1, ...(nextToken && { nextToken }) }));
      assert.equal(page.pipelines?.length, 1);
      names.push(...(page.pipelines ?? []).map((p) => p.name ?? ''));
      nextToken = page.nextToken;
      pages++;
    } while (nextToken);
    assert.deepEqual(names, ['sdk-a', 'sdk-b', 'sdk-c', PIPE]);
    assert.equal(pages, 4, 'no token after the last item');
    const viaPaginator: string[] = [];
    for await (const page of paginateListPipelines({ client: c, pageSize: 3 }, {})) viaPaginator.push(...(page.pipelines ?? []).map((p) => p.name ?? ''));
    assert.deepEqual(viaPaginator, names);
    const [summary] = (await c.send(new ListPipelinesCommand({}))).pipelines ?? [];
    assert.ok(summary?.created instanceof Date && summary.updated instanceof Date);
    assert.equal(summary.pipelineType, 'V2');
    await rejects('ListPipelines', c.send(new ListPipelinesCommand({ nextToken: 'not-a-token' })), 'InvalidNextTokenException');
    await rejects('ListPipelines', c.send(new ListPipelinesCommand({ maxResults: 1001 })), 'ValidationException');
  });

  // --- executions -------------------------------------------------------------------------------

  op('StartPipelineExecution', async () => {
    const first = await start(PIPE, 'sdk-token-1');
    assert.equal(await start(PIPE, 'sdk-token-1'), first, 'the same clientRequestToken returns the same execution');
    state.succeeded = first;
    await rejects('StartPipelineExecution', c.send(new StartPipelineExecutionCommand({ name: 'sdk-nope' })), 'PipelineNotFoundException');
    await rejects('StartPipelineExecution', c.send(new StartPipelineExecutionCommand({ name: PIPE, variables: [{ name: 'Undeclared', value: 'x' }] })), 'ValidationException');
  });

  op('GetPipelineState', async () => {
    const id = state.succeeded ?? '';
    await approvalToken(PIPE, id);
    const s = await c.send(new GetPipelineStateCommand({ name: PIPE }));
    assert.equal(s.pipelineVersion, 2);
    assert.ok(s.created instanceof Date && s.updated instanceof Date);
    const gate = s.stageStates?.[1]?.actionStates?.[0]?.latestExecution;
    assert.equal(gate?.status, 'InProgress');
    assert.ok(gate?.lastStatusChange instanceof Date);
    await rejects('GetPipelineState', c.send(new GetPipelineStateCommand({ name: 'sdk-nope' })), 'PipelineNotFoundException');
  });

  op('PutApprovalResult', async () => {
    const id = state.succeeded ?? '';
    const token = await approvalToken(PIPE, id);
    const result = { status: 'Approved' as const, summary: 'ok' };
    await rejects('PutApprovalResult', c.send(new PutApprovalResultCommand({ pipelineName: PIPE, stageName: 'Approve', actionName: 'Gate', token: NO_SUCH_ID, result })), 'InvalidApprovalTokenException');
    await rejects('PutApprovalResult', c.send(new PutApprovalResultCommand({ pipelineName: PIPE, stageName: 'Approve', actionName: 'Nope', token, result })), 'ActionNotFoundException');
    const { approvedAt } = await c.send(new PutApprovalResultCommand({ pipelineName: PIPE, stageName: 'Approve', actionName: 'Gate', token, result }));
    assert.ok(approvedAt instanceof Date && Math.abs(approvedAt.getTime() - Date.now()) < 60_000);
  });

  op('GetPipelineExecution', async () => {
    const id = state.succeeded ?? '';
    const execution = await executionStatus(PIPE, id, 'Succeeded');
    assert.equal(execution.pipelineVersion, 2);
    assert.deepEqual(execution.variables, [{ name: 'Env', resolvedValue: 'qa' }]);
    assert.deepEqual(execution.trigger, { triggerType: 'StartPipelineExecution', triggerDetail: execution.trigger?.triggerDetail });
    assert.match(execution.trigger?.triggerDetail ?? '', /^arn:aws:iam::000000000000:user\//, 'the caller started it');
    await rejects('GetPipelineExecution', c.send(new GetPipelineExecutionCommand({ pipelineName: PIPE, pipelineExecutionId: NO_SUCH_ID })), 'PipelineExecutionNotFoundException');
  });

  op('ListPipelineExecutions', async () => {
    const all = (await c.send(new ListPipelineExecutionsCommand({ pipelineName: PIPE }))).pipelineExecutionSummaries ?? [];
    assert.equal(all[0]?.pipelineExecutionId, state.succeeded, 'newest first');
    assert.ok(all[0]?.startTime instanceof Date && all[0].lastUpdateTime instanceof Date);
    const ids: string[] = [];
    for await (const page of paginateListPipelineExecutions({ client: c, pageSize: 1 }, { pipelineName: PIPE })) {
      assert.ok((page.pipelineExecutionSummaries?.length ?? 0) <= 1);
      ids.push(...(page.pipelineExecutionSummaries ?? []).map((e) => e.pipelineExecutionId ?? ''));
    }
    assert.deepEqual(ids, all.map((e) => e.pipelineExecutionId));
    const filtered = await c.send(new ListPipelineExecutionsCommand({ pipelineName: PIPE, filter: { succeededInStage: { stageName: 'Approve' } } }));
    assert.deepEqual(filtered.pipelineExecutionSummaries?.map((e) => e.pipelineExecutionId), [state.succeeded]);
    await rejects('ListPipelineExecutions', c.send(new ListPipelineExecutionsCommand({ pipelineName: 'sdk-nope' })), 'PipelineNotFoundException');
    await rejects('ListPipelineExecutions', c.send(new ListPipelineExecutionsCommand({ pipelineName: PIPE, nextToken: 'not-a-token' })), 'InvalidNextTokenException');
  });

  op('ListActionExecutions', async () => {
    const filter = { pipelineExecutionId: state.succeeded };
    const details = [];
    for await (const page of paginateListActionExecutions({ client: c, pageSize: 1 }, { pipelineName: PIPE, filter })) {
      assert.ok((page.actionExecutionDetails?.length ?? 0) <= 1);
      details.push(...page.actionExecutionDetails ?? []);
    }
    assert.deepEqual(details.map((d) => `${d.stageName}.${d.actionName}:${d.status}`), ['Approve.Gate:Succeeded', 'Source.Src:Succeeded']);
    assert.ok(details[0]?.startTime instanceof Date);
    assert.match(details[0]?.updatedBy ?? '', /^arn:aws:iam::000000000000:user\//, 'the approver');
    state.sourceActionExecutionId = details[1]?.actionExecutionId;
    await rejects('ListActionExecutions', c.send(new ListActionExecutionsCommand({ pipelineName: PIPE, filter: { pipelineExecutionId: NO_SUCH_ID } })), 'PipelineExecutionNotFoundException');
  });

  op('StopPipelineExecution', async () => {
    const id = await start(PIPE);
    await approvalToken(PIPE, id);
    const stopped = await c.send(new StopPipelineExecutionCommand({ pipelineName: PIPE, pipelineExecutionId: id, abandon: true, reason: 'no longer needed' }));
    assert.equal(stopped.pipelineExecutionId, id);
    const execution = await executionStatus(PIPE, id, 'Stopped');
    assert.equal(execution.statusSummary, 'no longer needed');
    const [summary] = (await c.send(new ListPipelineExecutionsCommand({ pipelineName: PIPE, maxResults: 1 }))).pipelineExecutionSummaries ?? [];
    assert.deepEqual(summary?.stopTrigger, { reason: 'no longer needed' });
    await rejects('StopPipelineExecution', c.send(new StopPipelineExecutionCommand({ pipelineName: PIPE, pipelineExecutionId: state.succeeded })), 'PipelineExecutionNotStoppableException');
  });

  op('RetryStageExecution', async () => {
    const id = await start(PIPE);
    await approvalToken(PIPE, id);
    // A stage still running cannot be retried: ConflictException, the one 409 of the API.
    await rejects('RetryStageExecution', c.send(new RetryStageExecutionCommand({ pipelineName: PIPE, stageName: 'Approve', pipelineExecutionId: id, retryMode: 'FAILED_ACTIONS' })), 'ConflictException', 409);
    await approve(PIPE, id, 'Rejected');
    await executionStatus(PIPE, id, 'Failed');
    const retried = await c.send(new RetryStageExecutionCommand({ pipelineName: PIPE, stageName: 'Approve', pipelineExecutionId: id, retryMode: 'ALL_ACTIONS' }));
    assert.equal(retried.pipelineExecutionId, id);
    await approve(PIPE, id);
    await executionStatus(PIPE, id, 'Succeeded');
    await rejects('RetryStageExecution', c.send(new RetryStageExecutionCommand({ pipelineName: PIPE, stageName: 'Nope', pipelineExecutionId: id, retryMode: 'FAILED_ACTIONS' })), 'StageNotFoundException');
  });

  op('RollbackStage', async () => {
    const target = state.succeeded ?? '';
    const { pipelineExecutionId } = await c.send(new RollbackStageCommand({ pipelineName: PIPE, stageName: 'Approve', targetPipelineExecutionId: target }));
    assert.ok(pipelineExecutionId);
    assert.notEqual(pipelineExecutionId, target);
    await approve(PIPE, pipelineExecutionId);
    const execution = await executionStatus(PIPE, pipelineExecutionId, 'Succeeded');
    assert.equal(execution.executionType, 'ROLLBACK');
    assert.equal(execution.trigger?.triggerType, 'ManualRollback');
    await rejects('RollbackStage', c.send(new RollbackStageCommand({ pipelineName: PIPE, stageName: 'Source', targetPipelineExecutionId: target })), 'UnableToRollbackStageException');
    await rejects('RollbackStage', c.send(new RollbackStageCommand({ pipelineName: PIPE, stageName: 'Approve', targetPipelineExecutionId: NO_SUCH_ID })), 'PipelineExecutionNotFoundException');
    assert.deepEqual(execution.rollbackMetadata, { rollbackTargetPipelineExecutionId: target }, 'PipelineRollbackMetadata.rollbackTargetPipelineExecutionId');
  });

  op('DisableStageTransition', async () => {
    await c.send(new DisableStageTransitionCommand({ pipelineName: PIPE, stageName: 'Approve', transitionType: 'Inbound', reason: 'freeze' }));
    const transition = (await c.send(new GetPipelineStateCommand({ name: PIPE }))).stageStates?.[1]?.inboundTransitionState;
    assert.equal(transition?.enabled, false);
    assert.ok(transition?.lastChangedAt instanceof Date);
    await rejects('DisableStageTransition', c.send(new DisableStageTransitionCommand({ pipelineName: PIPE, stageName: 'Nope', transitionType: 'Inbound', reason: 'x' })), 'StageNotFoundException');
  });

  op('EnableStageTransition', async () => {
    await c.send(new EnableStageTransitionCommand({ pipelineName: PIPE, stageName: 'Approve', transitionType: 'Inbound' }));
    assert.equal((await c.send(new GetPipelineStateCommand({ name: PIPE }))).stageStates?.[1]?.inboundTransitionState?.enabled, true);
    await rejects('EnableStageTransition', c.send(new EnableStageTransitionCommand({ pipelineName: 'sdk-nope', stageName: 'Approve', transitionType: 'Inbound' })), 'PipelineNotFoundException');
  });

  op('PutActionRevision', async () => {
    const put = await c.send(new PutActionRevisionCommand({
      pipelineName: 'sdk-a', stageName: 'Source', actionName: 'Src',
      actionRevision: { revisionId: 'sdk-rev-1', revisionChangeId: 'change-1', created: new Date('2026-01-02T03:04:05Z') },
    }));
    assert.equal(put.newRevision, true);
    assert.ok(put.pipelineExecutionId);
    const { pipelineExecution } = await c.send(new GetPipelineExecutionCommand({ pipelineName: 'sdk-a', pipelineExecutionId: put.pipelineExecutionId }));
    assert.equal(pipelineExecution?.trigger?.triggerType, 'PutActionRevision');
    await rejects('PutActionRevision', c.send(new PutActionRevisionCommand({
      pipelineName: 'sdk-a', stageName: 'Nope', actionName: 'Src', actionRevision: { revisionId: 'r', revisionChangeId: 'c', created: new Date() },
    })), 'StageNotFoundException');
  });

  op('OverrideStageCondition', async () => {
    // Conditions are validated but not evaluated yet, so none is ever pending: the documented error.
    await rejects('OverrideStageCondition', c.send(new OverrideStageConditionCommand({
      pipelineName: PIPE, stageName: 'Approve', pipelineExecutionId: state.succeeded, conditionType: 'BEFORE_ENTRY',
    })), 'ConditionNotOverridableException');
    await rejects('OverrideStageCondition', c.send(new OverrideStageConditionCommand({
      pipelineName: PIPE, stageName: 'Approve', pipelineExecutionId: NO_SUCH_ID, conditionType: 'ON_SUCCESS',
    })), 'PipelineExecutionNotFoundException');
  });

  op('ListRuleTypes', async () => {
    const { ruleTypes } = await served('ListRuleTypes', c.send(new ListRuleTypesCommand({ ruleOwnerFilter: 'AWS' })));
    assert.ok(ruleTypes?.some((r) => r.id?.provider === 'DeploymentWindow'));
    await rejects('ListRuleTypes', c.send(new ListRuleTypesCommand({ ruleOwnerFilter: 'Custom' as 'AWS' })), 'ValidationException');
  });

  op('ListRuleExecutions', async () => {
    const listed = await c.send(new ListRuleExecutionsCommand({ pipelineName: PIPE, filter: { pipelineExecutionId: state.succeeded } }));
    assert.deepEqual(listed.ruleExecutionDetails, []);
    await rejects('ListRuleExecutions', c.send(new ListRuleExecutionsCommand({ pipelineName: PIPE, filter: { pipelineExecutionId: NO_SUCH_ID } })), 'PipelineExecutionNotFoundException');
  });

  // --- tags -------------------------------------------------------------------------------------

  op('TagResource', async () => {
    await served('TagResource', c.send(new TagResourceCommand({ resourceArn: ARN, tags: [{ key: 'a', value: '1' }, { key: 'b', value: '2' }, { key: 'team', value: 'platform' }] })));
    const tooMany = Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: 'v' }));
    await rejects('TagResource', c.send(new TagResourceCommand({ resourceArn: ARN, tags: tooMany })), 'TooManyTagsException');
    await rejects('TagResource', c.send(new TagResourceCommand({ resourceArn: `${ARN}-nope`, tags: [{ key: 'a', value: '1' }] })), 'ResourceNotFoundException');
  });

  op('ListTagsForResource', async () => {
    const tags = [];
    for await (const page of paginateListTagsForResource({ client: c, pageSize: 1 }, { resourceArn: ARN })) {
      assert.ok((page.tags?.length ?? 0) <= 1);
      tags.push(...page.tags ?? []);
    }
    assert.deepEqual(tags.map((x) => `${x.key}=${x.value}`).sort(), ['a=1', 'b=2', 'team=platform']);
    await rejects('ListTagsForResource', c.send(new ListTagsForResourceCommand({ resourceArn: 'arn:aws:codepipeline:us-east-1:000000000000:bad name!' })), 'InvalidArnException');
  });

  op('UntagResource', async () => {
    await served('UntagResource', c.send(new UntagResourceCommand({ resourceArn: ARN, tagKeys: ['a', 'b'] })));
    assert.deepEqual((await c.send(new ListTagsForResourceCommand({ resourceArn: ARN }))).tags, [{ key: 'team', value: 'platform' }]);
    await rejects('UntagResource', c.send(new UntagResourceCommand({ resourceArn: `${ARN}-nope`, tagKeys: ['a'] })), 'ResourceNotFoundException');
  });

  // --- webhooks ---------------------------------------------------------------------------------

  const hook = (name: string) => ({
    name, targetPipeline: PIPE, targetAction: 'Src', filters: [{ jsonPath: '$.ref', matchEquals: 'refs/heads/{Branch}' }],
    authentication: 'UNAUTHENTICATED' as const, authenticationConfiguration: {},
  });

  op('PutWebhook', async () => {
    const put = await served('PutWebhook', c.send(new PutWebhookCommand({ webhook: hook('sdk-hook-1'), tags: [{ key: 'team', value: 'ci' }] })));
    assert.match(put.webhook?.url ?? '', /^http:\/\/127\.0\.0\.1:\d+\/webhooks\/\w+$/);
    await c.send(new PutWebhookCommand({ webhook: hook('sdk-hook-2') }));
    await rejects('PutWebhook', c.send(new PutWebhookCommand({ webhook: { ...hook('sdk-hook-3'), authentication: 'IP', authenticationConfiguration: {} } })), 'InvalidWebhookAuthenticationParametersException');
    await rejects('PutWebhook', c.send(new PutWebhookCommand({ webhook: { ...hook('sdk-hook-3'), filters: [{ jsonPath: 'not a path', matchEquals: 'x' }] } })), 'InvalidWebhookFilterPatternException');
  });

  op('ListWebhooks', async () => {
    // ListWebhooks pages with PascalCase NextToken/MaxResults; the SDK's paginator follows them.
    const names: string[] = [];
    for await (const page of paginateListWebhooks({ client: c, pageSize: 1 }, {})) {
      assert.ok((page.webhooks?.length ?? 0) <= 1);
      names.push(...(page.webhooks ?? []).map((w) => w.definition?.name ?? ''));
    }
    assert.deepEqual(names, ['sdk-hook-1', 'sdk-hook-2']);
    await rejects('ListWebhooks', c.send(new ListWebhooksCommand({ NextToken: 'not-a-token' })), 'InvalidNextTokenException');
  });

  op('RegisterWebhookWithThirdParty', async () => {
    await served('RegisterWebhookWithThirdParty', c.send(new RegisterWebhookWithThirdPartyCommand({ webhookName: 'sdk-hook-1' })));
    await rejects('RegisterWebhookWithThirdParty', c.send(new RegisterWebhookWithThirdPartyCommand({ webhookName: 'sdk-nohook' })), 'WebhookNotFoundException');
  });

  op('DeregisterWebhookWithThirdParty', async () => {
    await served('DeregisterWebhookWithThirdParty', c.send(new DeregisterWebhookWithThirdPartyCommand({ webhookName: 'sdk-hook-1' })));
    await rejects('DeregisterWebhookWithThirdParty', c.send(new DeregisterWebhookWithThirdPartyCommand({ webhookName: 'sdk-nohook' })), 'WebhookNotFoundException');
  });

  op('DeleteWebhook', async () => {
    await served('DeleteWebhook', c.send(new DeleteWebhookCommand({ name: 'sdk-hook-1' })));
    await c.send(new DeleteWebhookCommand({ name: 'sdk-hook-2' }));
    assert.deepEqual((await c.send(new ListWebhooksCommand({}))).webhooks, []);
    await rejects('DeleteWebhook', c.send(new DeleteWebhookCommand({ name: '' })), 'ValidationException');
  });

  // --- the job-worker protocol ------------------------------------------------------------------

  const jobs: { first?: Job; executionId?: string } = {};
  const pollJobs = () => c.send(new PollForJobsCommand({ actionTypeId: SOURCE_TYPE, maxBatchSize: 1, queryParam: { Repo: 'sdk-jobs' } }));
  const nextJob = () => waitFor('a job for sdk-jobs', async () => (await pollJobs()).jobs?.[0]);

  op('PollForJobs', async () => {
    await c.send(new CreatePipelineCommand({ pipeline: runnablePipeline('sdk-jobs') }));
    const job = await served('PollForJobs', nextJob());
    assert.equal(job.data?.pipelineContext?.pipelineName, 'sdk-jobs');
    assert.equal(job.data?.pipelineContext?.pipelineArn, 'arn:aws:codepipeline:us-east-1:000000000000:sdk-jobs');
    assert.ok(job.data?.artifactCredentials?.accessKeyId, 'each poll carries artifact credentials');
    assert.deepEqual((await pollJobs()).jobs, [], 'a dispatched job is not handed out twice');
    jobs.first = job;
    jobs.executionId = job.data?.pipelineContext?.pipelineExecutionId;
    await rejects('PollForJobs', c.send(new PollForJobsCommand({ actionTypeId: SOURCE_TYPE })), 'ValidationException');
    await rejects('PollForJobs', c.send(new PollForJobsCommand({ actionTypeId: { ...SOURCE_TYPE, provider: 'Nope' } })), 'ActionTypeNotFoundException');
  });

  op('AcknowledgeJob', async () => {
    await rejects('AcknowledgeJob', c.send(new AcknowledgeJobCommand({ jobId: jobs.first?.id, nonce: 'wrong' })), 'InvalidNonceException');
    const { status } = await c.send(new AcknowledgeJobCommand({ jobId: jobs.first?.id, nonce: jobs.first?.nonce }));
    assert.equal(status, 'InProgress');
    await rejects('AcknowledgeJob', c.send(new AcknowledgeJobCommand({ jobId: NO_SUCH_ID, nonce: 'n' })), 'JobNotFoundException');
  });

  op('GetJobDetails', async () => {
    const { jobDetails } = await c.send(new GetJobDetailsCommand({ jobId: jobs.first?.id }));
    assert.equal(jobDetails?.id, jobs.first?.id);
    assert.deepEqual(jobDetails?.data?.actionConfiguration?.configuration, { Repo: 'sdk-jobs' });
    await rejects('GetJobDetails', c.send(new GetJobDetailsCommand({ jobId: NO_SUCH_ID })), 'JobNotFoundException');
  });

  op('PutJobSuccessResult', async () => {
    // A continuation token closes this job and queues another for the same action execution.
    await c.send(new PutJobSuccessResultCommand({ jobId: jobs.first?.id, continuationToken: 'page-2', executionDetails: { summary: 'halfway', percentComplete: 50 } }));
    const second = await nextJob();
    assert.notEqual(second.id, jobs.first?.id);
    assert.equal(second.data?.continuationToken, 'page-2');
    assert.equal(second.data?.pipelineContext?.action?.actionExecutionId, jobs.first?.data?.pipelineContext?.action?.actionExecutionId);
    await c.send(new AcknowledgeJobCommand({ jobId: second.id, nonce: second.nonce }));
    await c.send(new PutJobSuccessResultCommand({
      jobId: second.id, currentRevision: { revision: 'sdk-rev', changeIdentifier: 'c1' },
      executionDetails: { summary: 'done', externalExecutionId: 'ext-1', percentComplete: 100 }, outputVariables: { COMMIT: 'sdk-rev' },
    }));
    await approvalToken('sdk-jobs', jobs.executionId ?? '');
    const [source] = (await c.send(new ListActionExecutionsCommand({ pipelineName: 'sdk-jobs', filter: { pipelineExecutionId: jobs.executionId } })))
      .actionExecutionDetails?.filter((d) => d.stageName === 'Source') ?? [];
    assert.deepEqual(source?.output?.outputVariables, { COMMIT: 'sdk-rev' });
    assert.equal(source?.output?.executionResult?.externalExecutionId, 'ext-1');
    await rejects('PutJobSuccessResult', c.send(new PutJobSuccessResultCommand({ jobId: second.id })), 'InvalidJobStateException');
  });

  op('PutJobFailureResult', async () => {
    const id = await start('sdk-jobs');
    const job = await nextJob();
    await c.send(new AcknowledgeJobCommand({ jobId: job.id, nonce: job.nonce }));
    await c.send(new PutJobFailureResultCommand({ jobId: job.id, failureDetails: { type: 'ConfigurationError', message: 'no such repository' } }));
    await executionStatus('sdk-jobs', id, 'Failed');
    const s = await c.send(new GetPipelineStateCommand({ name: 'sdk-jobs' }));
    assert.deepEqual(s.stageStates?.[0]?.actionStates?.[0]?.latestExecution?.errorDetails, { code: 'ConfigurationError', message: 'no such repository' });
    await rejects('PutJobFailureResult', c.send(new PutJobFailureResultCommand({ jobId: job.id, failureDetails: { type: 'JobFailed', message: 'again' } })), 'InvalidJobStateException');
  });

  // ThirdParty action types (the built-in GitHub source here) run through partner workers: their
  // jobs wait for PollForThirdPartyJobs, whose client id is the token of every later call.
  const GITHUB = { category: 'Source' as const, owner: 'ThirdParty' as const, provider: 'GitHub', version: '1' };
  const thirdParty: { jobId?: string; clientId?: string; nonce?: string; executionId?: string } = {};
  const nextThirdPartyJob = () => waitFor('a GitHub source job', async () => (await c.send(new PollForThirdPartyJobsCommand({ actionTypeId: GITHUB, maxBatchSize: 1 }))).jobs?.[0]);

  op('PollForThirdPartyJobs', async () => {
    const pipeline = runnablePipeline('sdk-github');
    pipeline.stages = [
      { name: 'Source', actions: [{ name: 'Src', actionTypeId: GITHUB, outputArtifacts: [{ name: 'Code' }],
        configuration: { Owner: 'octo', Repo: 'app', Branch: 'main', OAuthToken: 'gh-secret' } }] },
      ...(pipeline.stages ?? []).slice(1),
    ];
    await c.send(new CreatePipelineCommand({ pipeline }));
    const job = await served('PollForThirdPartyJobs', nextThirdPartyJob());
    assert.match(job.jobId ?? '', /^[0-9a-f-]{36}$/);
    assert.match(job.clientId ?? '', /^[0-9a-f-]{36}$/);
    Object.assign(thirdParty, { jobId: job.jobId, clientId: job.clientId });
    await rejects('PollForThirdPartyJobs', c.send(new PollForThirdPartyJobsCommand({ actionTypeId: SOURCE_TYPE })), 'ValidationException');
    await rejects('PollForThirdPartyJobs', c.send(new PollForThirdPartyJobsCommand({ actionTypeId: { ...GITHUB, provider: 'Nope' } })), 'ActionTypeNotFoundException');
  });

  op('GetThirdPartyJobDetails', async () => {
    const { jobDetails } = await c.send(new GetThirdPartyJobDetailsCommand({ jobId: thirdParty.jobId, clientToken: thirdParty.clientId }));
    assert.equal(jobDetails?.id, thirdParty.jobId);
    assert.equal(jobDetails?.data?.actionConfiguration?.configuration?.OAuthToken, 'gh-secret', 'secrets are visible to the job worker');
    assert.equal(jobDetails?.data?.outputArtifacts?.[0]?.name, 'Code');
    assert.ok(jobDetails?.nonce);
    Object.assign(thirdParty, { nonce: jobDetails.nonce, executionId: jobDetails.data?.pipelineContext?.pipelineExecutionId });
    await rejects('GetThirdPartyJobDetails', c.send(new GetThirdPartyJobDetailsCommand({ jobId: thirdParty.jobId, clientToken: 'another-client' })), 'InvalidClientTokenException');
    // A Custom job is not a third-party job.
    await rejects('GetThirdPartyJobDetails', c.send(new GetThirdPartyJobDetailsCommand({ jobId: jobs.first?.id, clientToken: 'c' })), 'JobNotFoundException');
  });

  op('AcknowledgeThirdPartyJob', async () => {
    await rejects('AcknowledgeThirdPartyJob', c.send(new AcknowledgeThirdPartyJobCommand({ jobId: thirdParty.jobId, nonce: 'wrong', clientToken: thirdParty.clientId })), 'InvalidNonceException');
    const { status } = await c.send(new AcknowledgeThirdPartyJobCommand({ jobId: thirdParty.jobId, nonce: thirdParty.nonce, clientToken: thirdParty.clientId }));
    assert.equal(status, 'InProgress');
    await rejects('AcknowledgeThirdPartyJob', c.send(new AcknowledgeThirdPartyJobCommand({ jobId: NO_SUCH_ID, nonce: 'n', clientToken: 'c' })), 'JobNotFoundException');
  });

  op('PutThirdPartyJobSuccessResult', async () => {
    await c.send(new PutThirdPartyJobSuccessResultCommand({
      jobId: thirdParty.jobId, clientToken: thirdParty.clientId,
      currentRevision: { revision: 'abc123', changeIdentifier: 'c1' }, executionDetails: { summary: 'cloned octo/app', percentComplete: 100 },
    }));
    await approvalToken('sdk-github', thirdParty.executionId ?? '');
    const s = await c.send(new GetPipelineStateCommand({ name: 'sdk-github' }));
    assert.equal(s.stageStates?.[0]?.actionStates?.[0]?.latestExecution?.summary, 'cloned octo/app');
    await rejects('PutThirdPartyJobSuccessResult', c.send(new PutThirdPartyJobSuccessResultCommand({ jobId: thirdParty.jobId, clientToken: thirdParty.clientId })), 'InvalidJobStateException');
  });

  op('PutThirdPartyJobFailureResult', async () => {
    const id = await start('sdk-github');
    const job = await nextThirdPartyJob();
    await c.send(new PutThirdPartyJobFailureResultCommand({
      jobId: job.jobId, clientToken: job.clientId, failureDetails: { type: 'RevisionUnavailable', message: 'branch main is gone' },
    }));
    await executionStatus('sdk-github', id, 'Failed');
    const s = await c.send(new GetPipelineStateCommand({ name: 'sdk-github' }));
    assert.deepEqual(s.stageStates?.[0]?.actionStates?.[0]?.latestExecution?.errorDetails, { code: 'RevisionUnavailable', message: 'branch main is gone' });
    await rejects('PutThirdPartyJobFailureResult', c.send(new PutThirdPartyJobFailureResultCommand({
      jobId: NO_SUCH_ID, clientToken: 'c', failureDetails: { type: 'JobFailed', message: 'no' },
    })), 'JobNotFoundException');
  });

  op('ListDeployActionExecutionTargets', async () => {
    const listed = await served('ListDeployActionExecutionTargets', c.send(new ListDeployActionExecutionTargetsCommand({ pipelineName: PIPE, actionExecutionId: state.sourceActionExecutionId })));
    assert.deepEqual(listed.targets, []);
    await rejects('ListDeployActionExecutionTargets', c.send(new ListDeployActionExecutionTargetsCommand({ pipelineName: PIPE, actionExecutionId: NO_SUCH_ID })), 'ActionExecutionNotFoundException');
  });

  op('DeletePipeline', async () => {
    await c.send(new DeletePipelineCommand({ name: 'sdk-c' }));
    await rejects('GetPipeline', c.send(new GetPipelineCommand({ name: 'sdk-c' })), 'PipelineNotFoundException');
    await c.send(new DeletePipelineCommand({ name: 'sdk-c' }));
    await rejects('DeletePipeline', c.send(new DeletePipelineCommand({ name: 'x'.repeat(101) })), 'ValidationException');
  });

  // --- across operations --------------------------------------------------------------------------

  it('has a case for every operation the SDK exports', async () => {
    const operations = await sdkOperations();
    assert.ok(operations.length >= 44, `the SDK's commands were found (${operations.length})`);
    assert.deepEqual({ missing: operations.filter((o) => !covered.has(o)), extra: [...covered].filter((o) => !operations.includes(o)) }, { missing: [], extra: [] });
  });

  it('keeps the AWS JSON wire format: epoch seconds, no nulls, request ids, 409 only for ConflictException', async () => {
    const send = (target: string, body: object) => rawRequest(t.url, { target: `CodePipeline_20150709.${target}`, body: JSON.stringify(body), credentials: t.credentials });
    const state = await send('GetPipelineState', { name: PIPE });
    assert.equal(state.status, 200);
    assert.equal(state.headers.get('content-type'), 'application/x-amz-json-1.1');
    assert.match(state.headers.get('x-amzn-requestid') ?? '', /^[0-9a-f-]{36}$/);
    assert.deepEqual(nullsIn(state.json), [], 'absent members are omitted, never null');
    assert.equal(typeof state.json?.created, 'number', 'timestamps are epoch seconds');
    assert.ok(!Object.hasOwn((state.json?.stageStates as object[])[0] ?? {}, 'inboundTransitionState'), 'the first stage has no inboundTransitionState member');
    const executions = await send('ListPipelineExecutions', { pipelineName: PIPE });
    assert.deepEqual(nullsIn(executions.json), []);
    const [first] = executions.json?.pipelineExecutionSummaries as { startTime: number }[];
    assert.ok(Number.isFinite(first?.startTime) && Math.abs((first?.startTime ?? 0) - Date.now() / 1000) < 600, 'seconds, not milliseconds');
    const empty = await send('EnableStageTransition', { pipelineName: PIPE, stageName: 'Approve', transitionType: 'Inbound' });
    assert.deepEqual(empty.json, {}, 'an empty output is {}');
    const missing = await send('GetPipeline', { name: 'sdk-nope' });
    assert.equal(missing.status, 400);
    assert.deepEqual(missing.json, { __type: 'PipelineNotFoundException', message: 'Pipeline sdk-nope not found' });
    const id = await start(PIPE);
    await approvalToken(PIPE, id);
    const conflict = await send('RetryStageExecution', { pipelineName: PIPE, stageName: 'Approve', pipelineExecutionId: id, retryMode: 'FAILED_ACTIONS' });
    assert.equal(conflict.status, 409);
    assert.equal(conflict.json?.__type, 'ConflictException');
    await c.send(new StopPipelineExecutionCommand({ pipelineName: PIPE, pipelineExecutionId: id, abandon: true }));
  });

  it('runs a Commands action on the artifact a custom source worker uploaded through the S3 endpoint', async () => {
    const pipeline = runnablePipeline('sdk-artifacts', { repo: 'sdk-artifacts' });
    pipeline.artifactStore = { type: 'S3', location: 'sdk-artifact-bucket' };
    pipeline.stages = [
      { name: 'Source', actions: [{ name: 'Src', actionTypeId: SOURCE_TYPE, configuration: { Repo: 'sdk-artifacts' }, outputArtifacts: [{ name: 'Code' }] }] },
      { name: 'Build', actions: [{
        name: 'Check', actionTypeId: { category: 'Compute', owner: 'AWS', provider: 'Commands', version: '1' }, inputArtifacts: [{ name: 'Code' }],
        commands: ['test "$(cat hello.txt)" = "hello from a worker"', 'export WORDS=$(wc -w < hello.txt)'], outputVariables: ['WORDS'],
      }] },
    ];
    await c.send(new CreatePipelineCommand({ pipeline }));
    const s3 = (credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) => new S3Client({
      endpoint: t.url, region: 'us-east-1', forcePathStyle: true, credentials, maxAttempts: 1,
    });
    const admin = s3(t.credentials);
    // The artifact store's bucket exists as soon as the pipeline does, so the first upload finds it.
    await admin.send(new HeadBucketCommand({ Bucket: 'sdk-artifact-bucket' }));
    const job = await waitFor('the source job', async () => (await c.send(new PollForJobsCommand({ actionTypeId: SOURCE_TYPE, maxBatchSize: 1, queryParam: { Repo: 'sdk-artifacts' } }))).jobs?.[0]);
    await c.send(new AcknowledgeJobCommand({ jobId: job.id, nonce: job.nonce }));
    const location = job.data?.outputArtifacts?.[0]?.location?.s3Location;
    const credentials = job.data?.artifactCredentials;
    assert.ok(location?.bucketName && location.objectKey && credentials?.accessKeyId && credentials.secretAccessKey);
    assert.equal(location.bucketName, 'sdk-artifact-bucket');
    const worker = s3({ accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey, sessionToken: credentials.sessionToken });
    await worker.send(new PutObjectCommand({ Bucket: location.bucketName, Key: location.objectKey, Body: zipSync({ 'hello.txt': strToU8('hello from a worker') }) }));
    await c.send(new PutJobSuccessResultCommand({ jobId: job.id, currentRevision: { revision: 'r1', changeIdentifier: 'c1' } }));
    const id = job.data?.pipelineContext?.pipelineExecutionId ?? '';
    await executionStatus('sdk-artifacts', id, 'Succeeded');
    const { actionExecutionDetails = [] } = await c.send(new ListActionExecutionsCommand({ pipelineName: 'sdk-artifacts', filter: { pipelineExecutionId: id } }));
    assert.deepEqual(actionExecutionDetails.find((d) => d.actionName === 'Check')?.output?.outputVariables, { WORDS: '4' });
    admin.destroy();
    worker.destroy();
  });

  it('answers each of several concurrent starts with the same execution for one clientRequestToken', async () => {
    const ids = await Promise.all(Array.from({ length: 5 }, () => start('sdk-a', 'sdk-concurrent-token')));
    assert.equal(new Set(ids).size, 1, `one execution: ${ids.join(', ')}`);
    const other = await start('sdk-a', 'sdk-other-token');
    assert.notEqual(other, ids[0]);
  });
});
