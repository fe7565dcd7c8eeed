/**
 * The `aws` CLI (awscli 1.x) against a Sluice server: every `aws codepipeline` subcommand with a
 * success case and an error case where one is meaningful, exit codes (0 on success, 255 for a
 * service error, 2 for a usage error, as awscli 1.x exits) and the JSON the CLI prints.
 *
 * Pipelines run for real: the first stage is a custom Source action type whose jobs an in-test
 * worker (the JS SDK) completes through PollForJobs, then a Manual approval answered through the
 * CLI. An operation the server answers with UnknownOperationException skips its test, naming it.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import type {
  AcknowledgeJobOutput, CreateCustomActionTypeOutput, CreatePipelineOutput, GetActionTypeOutput, GetJobDetailsOutput,
  AcknowledgeThirdPartyJobOutput, GetThirdPartyJobDetailsOutput, GetPipelineExecutionOutput, GetPipelineOutput, GetPipelineStateOutput, ListActionExecutionsOutput, ListActionTypesOutput,
  ListDeployActionExecutionTargetsOutput, ListPipelineExecutionsOutput, ListPipelinesOutput, ListRuleExecutionsOutput,
  ListRuleTypesOutput, ListTagsForResourceOutput, ListWebhooksOutput, PipelineDeclaration, PipelineExecution,
  PollForJobsOutput, PollForThirdPartyJobsOutput, PutActionRevisionOutput, PutApprovalResultOutput, PutWebhookOutput,
  RetryStageExecutionOutput, RollbackStageOutput, StartPipelineExecutionOutput, StopPipelineExecutionOutput,
  UpdatePipelineOutput, Job,
} from '@aws-sdk/client-codepipeline';
import { startTestServer, type TestServer } from '../support/server.ts';
import {
  AwsCli, awsCliAvailable, cliName, NotServed, orSkip, runnablePipeline, sdkOperations, SOURCE_TYPE,
  SOURCE_TYPE_INPUT, startWorker, waitFor, type CliResult,
} from './support.ts';

/** What the CLI prints for an SDK output shape: the same members, timestamps as epoch seconds. */
type Wire<T> = T extends Date ? number : T extends (infer U)[] ? Wire<U>[] : T extends object ? { [K in keyof T]: Wire<T[K]> } : T;

const available = awsCliAvailable();
const PIPE = 'cli-pipe';
const NO_SUCH_JOB = '00000000-0000-4000-8000-000000000000';
const ARN = `arn:aws:codepipeline:us-east-1:000000000000:${PIPE}`;

describe('aws CLI compatibility', { skip: available.ok ? false : available.reason }, () => {
  let t: TestServer;
  let cli: AwsCli;
  let dir: string;
  let worker: ReturnType<typeof startWorker>;
  let subcommands: Set<string>;
  /** Subcommand → outcomes seen ('ok' for exit 0, the error code otherwise). */
  const seen = new Map<string, Set<string>>();
  /** Executions and action executions the flow produces, shared by later tests. */
  const state: { executions: string[]; sourceActionExecutionId?: string | undefined } = { executions: [] };

  before(async () => {
    t = await startTestServer();
    cli = new AwsCli(t.awsEnv());
    dir = await mkdtemp(join(tmpdir(), 'sluice-cli-'));
    subcommands = new Set((await cli.info('codepipeline')).subcommands);
    worker = startWorker(t.codepipeline(), [PIPE, 'cli-second']);
  });
  after(async () => {
    try {
      await worker?.stop();
    } finally {
      await cli?.close();
      await t?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    }
  });

  async function aws(args: string[]): Promise<CliResult> {
    const result = await cli.run([...args, '--output', 'json']);
    const outcomes = seen.get(args[1] ?? '') ?? new Set<string>();
    seen.set(args[1] ?? '', outcomes);
    const code = /An error occurred \((\w+)\) when calling the (\w+) operation/.exec(result.stderr);
    if (code?.[1] === 'UnknownOperationException') throw new NotServed(code[2] ?? args[1] ?? '');
    outcomes.add(result.rc === 0 ? 'ok' : code?.[1] ?? `rc ${result.rc}`);
    return result;
  }

  /**
   * Runs a subcommand that must succeed; returns its JSON output ({} when it prints nothing),
   * typed as the SDK's output shape of the operation.
   */
  async function ok<T extends object = Record<string, unknown>>(args: string[]): Promise<Wire<T>> {
    const result = await aws(args);
    assert.equal(result.rc, 0, `aws ${args.join(' ')} exits 0; stderr: ${result.stderr}`);
    return (result.stdout.trim() === '' ? {} : JSON.parse(result.stdout)) as Wire<T>;
  }

  /** Runs a subcommand that must fail with `code`; returns the error message. */
  async function fails(args: string[], code: string): Promise<string> {
    const result = await aws(args);
    const match = /An error occurred \((\w+)\) when calling the \w+ operation: (.*)/.exec(result.stderr);
    assert.equal(match?.[1], code, `aws ${args.join(' ')} fails with ${code}; stderr: ${result.stderr}`);
    assert.equal(result.rc, 255, 'awscli 1.x exits 255 on a service error');
    assert.equal(result.stdout, '', 'nothing on stdout');
    return match?.[2] ?? '';
  }

  /** A test of one subcommand: skipped when the installed CLI does not know it. */
  function cmd(operation: string, body: (t: TestContext) => Promise<void>): void {
    const sub = cliName(operation);
    it(`${sub}`, orSkip(async (tc) => {
      if (!subcommands.has(sub)) {
        tc.skip(`the installed aws CLI has no ${sub}; ${operation} is covered by test/compat/sdk.test.ts`);
        return;
      }
      await body(tc);
    }));
  }

  async function file(name: string, content: object): Promise<string> {
    await writeFile(join(dir, name), JSON.stringify(content, null, 2));
    return `file://${join(dir, name)}`;
  }

  async function approvalToken(pipeline: string, executionId: string, stage = 'Approve'): Promise<string> {
    return waitFor(`the approval of ${executionId}`, async () => {
      const s = await ok<GetPipelineStateOutput>(['codepipeline', 'get-pipeline-state', '--name', pipeline]);
      const stageState = s.stageStates?.find((x) => x.stageName === stage);
      const latest = stageState?.actionStates?.[0]?.latestExecution;
      return stageState?.latestExecution?.pipelineExecutionId === executionId && latest?.status === 'InProgress' ? latest.token : undefined;
    });
  }

  async function executionStatus(pipeline: string, executionId: string, ...wanted: string[]): Promise<Wire<PipelineExecution>> {
    return waitFor(`execution ${executionId} to be ${wanted.join('/')}`, async () => {
      const { pipelineExecution } = await ok<GetPipelineExecutionOutput>(['codepipeline', 'get-pipeline-execution', '--pipeline-name', pipeline, '--pipeline-execution-id', executionId]);
      return wanted.includes(pipelineExecution?.status ?? '') ? pipelineExecution : undefined;
    });
  }

  async function approve(pipeline: string, executionId: string, status: 'Approved' | 'Rejected' = 'Approved', stage = 'Approve', action = 'Gate'): Promise<void> {
    const token = await approvalToken(pipeline, executionId, stage);
    await ok(['codepipeline', 'put-approval-result', '--pipeline-name', pipeline, '--stage-name', stage, '--action-name', action,
      '--result', `summary=${status} by the CLI test,status=${status}`, '--token', token]);
  }

  async function start(pipeline: string): Promise<string> {
    const { pipelineExecutionId } = await ok<StartPipelineExecutionOutput>(['codepipeline', 'start-pipeline-execution', '--name', pipeline]);
    assert.ok(pipelineExecutionId);
    return pipelineExecutionId;
  }

  // -------------------------------------------------------------------------------------------

  it('is the aws executable on PATH: exit codes 0, 255 and 2', async () => {
    // The executable itself, once per kind of outcome; the other tests run the same CLI code in one process.
    const list = await cli.spawnOne(['codepipeline', 'list-pipelines', '--output', 'json']);
    assert.equal(list.rc, 0, list.stderr);
    assert.deepEqual(JSON.parse(list.stdout), { pipelines: [] });
    const missing = await cli.spawnOne(['codepipeline', 'get-pipeline', '--name', 'nope']);
    assert.equal(missing.rc, 255);
    assert.match(missing.stderr, /An error occurred \(PipelineNotFoundException\) when calling the GetPipeline operation: Pipeline nope not found/);
    const usage = await cli.spawnOne(['codepipeline', 'get-pipeline']);
    assert.equal(usage.rc, 2, 'a missing required option is a usage error');
    assert.match(usage.stderr, /the following arguments are required: --name/);
    // The in-process runner reports the same codes.
    assert.equal((await cli.run(['codepipeline', 'get-pipeline'])).rc, 2);
    assert.equal((await cli.run(['codepipeline', 'get-pipeline', '--name', 'nope'])).rc, 255);
    assert.equal((await cli.run(['codepipeline', 'list-pipelines'])).rc, 0);
  });

  it('knows every operation of the AWS SDK as a subcommand', async (tc) => {
    const missing = (await sdkOperations()).map(cliName).filter((s) => !subcommands.has(s));
    if (missing.length > 0) tc.diagnostic(`the installed CLI lacks: ${missing.join(', ')} (covered by the SDK test)`);
    assert.ok(subcommands.size >= 40, `the CLI has its subcommands (${subcommands.size})`);
  });

  // --- action types -----------------------------------------------------------------------------

  const deployType = ['--category', 'Deploy', '--owner', 'Custom', '--provider', 'SluiceCliDeploy', '--action-version', '1'];

  cmd('CreateCustomActionType', async () => {
    const created = await ok<CreateCustomActionTypeOutput>(['codepipeline', 'create-custom-action-type', '--cli-input-json', await file('action-type.json', SOURCE_TYPE_INPUT)]);
    assert.deepEqual(created.actionType?.id, SOURCE_TYPE);
    assert.equal(created.actionType?.actionConfigurationProperties?.[0]?.queryable, true);
    // A second type, deleted at the end, from shorthand options.
    const second = await ok<CreateCustomActionTypeOutput>(['codepipeline', 'create-custom-action-type', '--category', 'Deploy', '--provider', 'SluiceCliDeploy', '--action-version', '1',
      '--input-artifact-details', 'minimumCount=0,maximumCount=1', '--output-artifact-details', 'minimumCount=0,maximumCount=0']);
    assert.equal(second.actionType?.id?.owner, 'Custom');
    await fails(['codepipeline', 'create-custom-action-type', '--category', 'Deploy', '--provider', 'SluiceCliBad', '--action-version', '1',
      '--input-artifact-details', 'minimumCount=0,maximumCount=9', '--output-artifact-details', 'minimumCount=0,maximumCount=0'], 'ValidationException');
  });

  cmd('ListActionTypes', async () => {
    const custom = await ok<ListActionTypesOutput>(['codepipeline', 'list-action-types', '--action-owner-filter', 'Custom']);
    assert.ok(custom.actionTypes?.some((a) => a.id?.provider === SOURCE_TYPE.provider));
    assert.ok(custom.actionTypes?.every((a) => a.id?.owner === 'Custom'));
    const all = await ok<ListActionTypesOutput>(['codepipeline', 'list-action-types']);
    assert.ok(all.actionTypes?.some((a) => a.id?.category === 'Approval' && a.id.provider === 'Manual'), 'built-ins are listed');
    await fails(['codepipeline', 'list-action-types', '--action-owner-filter', 'Nobody'], 'ValidationException');
  });

  cmd('GetActionType', async () => {
    const got = await ok<GetActionTypeOutput>(['codepipeline', 'get-action-type', '--category', 'Source', '--owner', 'Custom', '--provider', 'SluiceCompatSource', '--action-version', '1']);
    assert.deepEqual(got.actionType?.id, SOURCE_TYPE);
    assert.deepEqual(got.actionType?.outputArtifactDetails, { minimumCount: 0, maximumCount: 1 });
    await fails(['codepipeline', 'get-action-type', '--category', 'Source', '--owner', 'Custom', '--provider', 'Nope', '--action-version', '1'], 'ActionTypeNotFoundException');
  });

  cmd('UpdateActionType', async () => {
    const { actionType } = await ok<GetActionTypeOutput>(['codepipeline', 'get-action-type', ...deployType]);
    assert.ok(actionType?.id);
    const updated = { ...actionType, description: 'deploys from the CLI test' };
    await ok(['codepipeline', 'update-action-type', '--action-type', JSON.stringify(updated)]);
    const again = await ok<GetActionTypeOutput>(['codepipeline', 'get-action-type', ...deployType]);
    assert.equal(again.actionType?.description, 'deploys from the CLI test');
    const unknown = { ...updated, id: { ...actionType.id, provider: 'Nope' } };
    await fails(['codepipeline', 'update-action-type', '--action-type', JSON.stringify(unknown)], 'ActionTypeNotFoundException');
  });

  // --- pipelines --------------------------------------------------------------------------------

  cmd('CreatePipeline', async () => {
    const input = { pipeline: runnablePipeline(PIPE, { secondApproval: true }), tags: [{ key: 'team', value: 'ci' }] };
    const created = await ok<CreatePipelineOutput>(['codepipeline', 'create-pipeline', '--cli-input-json', await file('pipeline.json', input)]);
    assert.equal(created.pipeline?.name, PIPE);
    assert.equal(created.pipeline?.version, 1);
    assert.equal(created.pipeline?.pipelineType, 'V2');
    assert.deepEqual(created.tags, [{ key: 'team', value: 'ci' }]);
    await fails(['codepipeline', 'create-pipeline', '--cli-input-json', `file://${join(dir, 'pipeline.json')}`], 'PipelineNameInUseException');
    const noSource = runnablePipeline('cli-broken');
    noSource.stages = noSource.stages?.slice(1);
    await fails(['codepipeline', 'create-pipeline', '--pipeline', JSON.stringify(noSource)], 'InvalidStructureException');
  });

  cmd('GetPipeline', async () => {
    const got = await ok<GetPipelineOutput>(['codepipeline', 'get-pipeline', '--name', PIPE]);
    assert.equal(got.pipeline?.version, 1);
    assert.equal(got.metadata?.pipelineArn, ARN);
    // awscli 1.x prints timestamps as they came on the wire (cli_timestamp_format = none): epoch seconds.
    assert.equal(typeof got.metadata?.created, 'number');
    assert.ok(Math.abs((got.metadata?.created ?? 0) * 1000 - Date.now()) < 60_000);
    const v1 = await ok<GetPipelineOutput>(['codepipeline', 'get-pipeline', '--name', PIPE, '--pipeline-version', '1']);
    assert.equal(v1.pipeline?.version, 1);
    await fails(['codepipeline', 'get-pipeline', '--name', 'cli-nope'], 'PipelineNotFoundException');
    await fails(['codepipeline', 'get-pipeline', '--name', PIPE, '--pipeline-version', '9'], 'PipelineVersionNotFoundException');
  });

  cmd('UpdatePipeline', async () => {
    const { pipeline } = await ok<GetPipelineOutput>(['codepipeline', 'get-pipeline', '--name', PIPE]);
    assert.ok(pipeline);
    pipeline.variables = [{ name: 'Env', defaultValue: 'staging', description: 'where to deploy' }];
    const updated = await ok<UpdatePipelineOutput>(['codepipeline', 'update-pipeline', '--cli-input-json', await file('update.json', { pipeline })]);
    assert.equal(updated.pipeline?.version, 2, 'an update bumps the version');
    assert.equal((await ok<GetPipelineOutput>(['codepipeline', 'get-pipeline', '--name', PIPE])).pipeline?.variables?.[0]?.defaultValue, 'staging');
    assert.equal((await ok<GetPipelineOutput>(['codepipeline', 'get-pipeline', '--name', PIPE, '--pipeline-version', '1'])).pipeline?.variables?.[0]?.defaultValue, 'dev');
    const empty: PipelineDeclaration = { ...pipeline, stages: [...(pipeline.stages ?? []).slice(0, 1), { name: 'Empty', actions: [] }] };
    const result = await aws(['codepipeline', 'update-pipeline', '--pipeline', JSON.stringify(empty)]);
    assert.equal(result.rc, 255);
    assert.match(result.stderr, /\((ValidationException|InvalidStageDeclarationException|InvalidStructureException)\)/);
  });

  cmd('ListPipelines', async () => {
    await ok(['codepipeline', 'create-pipeline', '--pipeline', JSON.stringify(runnablePipeline('cli-second'))]);
    const all = await ok<ListPipelinesOutput>(['codepipeline', 'list-pipelines']);
    assert.deepEqual(all.pipelines?.map((p) => p.name), ['cli-pipe', 'cli-second']);
    assert.equal(all.pipelines?.[0]?.version, 2);
    // The CLI follows nextToken itself; --max-items makes it stop and print a NextToken.
    const first = await ok<ListPipelinesOutput & { NextToken?: string }>(['codepipeline', 'list-pipelines', '--page-size', '1', '--max-items', '1']);
    assert.deepEqual(first.pipelines?.map((p) => p.name), ['cli-pipe']);
    assert.equal(typeof first.NextToken, 'string');
    const rest = await ok<ListPipelinesOutput>(['codepipeline', 'list-pipelines', '--page-size', '1', '--starting-token', first.NextToken ?? '']);
    assert.deepEqual(rest.pipelines?.map((p) => p.name), ['cli-second']);
    await fails(['codepipeline', 'list-pipelines', '--no-paginate', '--next-token', 'not-a-token'], 'InvalidNextTokenException');
  });

  // --- executions -------------------------------------------------------------------------------

  cmd('StartPipelineExecution', async () => {
    const started = await ok<StartPipelineExecutionOutput>(['codepipeline', 'start-pipeline-execution', '--name', PIPE, '--variables', 'name=Env,value=prod']);
    assert.match(started.pipelineExecutionId ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    state.executions.push(started.pipelineExecutionId ?? '');
    // The CLI sends a fresh clientRequestToken unless given one: the same token is the same execution.
    const once = await ok<StartPipelineExecutionOutput>(['codepipeline', 'start-pipeline-execution', '--name', 'cli-second', '--client-request-token', 'cli-token-1']);
    const again = await ok<StartPipelineExecutionOutput>(['codepipeline', 'start-pipeline-execution', '--name', 'cli-second', '--client-request-token', 'cli-token-1']);
    assert.equal(again.pipelineExecutionId, once.pipelineExecutionId, 'the same token returns the same execution');
    await fails(['codepipeline', 'start-pipeline-execution', '--name', 'cli-nope'], 'PipelineNotFoundException');
  });

  cmd('GetPipelineState', async () => {
    const [id = ''] = state.executions;
    const token = await approvalToken(PIPE, id);
    assert.match(token, /^[0-9a-f-]{36}$/);
    const s = await ok<GetPipelineStateOutput>(['codepipeline', 'get-pipeline-state', '--name', PIPE]);
    assert.equal(s.pipelineName, PIPE);
    assert.equal(s.pipelineVersion, 2);
    assert.deepEqual(s.stageStates?.map((x) => x.stageName), ['Source', 'Approve', 'Release']);
    assert.equal(s.stageStates?.[0]?.latestExecution?.status, 'Succeeded');
    assert.equal(s.stageStates?.[0]?.actionStates?.[0]?.latestExecution?.summary, `fetched ${PIPE}`);
    assert.equal(s.stageStates?.[0]?.inboundTransitionState, undefined, 'the first stage has no inbound transition');
    assert.deepEqual(s.stageStates?.[1]?.inboundTransitionState, { enabled: true });
    await fails(['codepipeline', 'get-pipeline-state', '--name', 'cli-nope'], 'PipelineNotFoundException');
  });

  cmd('PutApprovalResult', async () => {
    const [id = ''] = state.executions;
    const token = await approvalToken(PIPE, id);
    const answer = ['--pipeline-name', PIPE, '--stage-name', 'Approve', '--action-name', 'Gate', '--result', 'summary=looks good,status=Approved'];
    await fails(['codepipeline', 'put-approval-result', ...answer, '--token', '00000000-0000-4000-8000-000000000000'], 'InvalidApprovalTokenException');
    const approved = await ok<PutApprovalResultOutput>(['codepipeline', 'put-approval-result', ...answer, '--token', token]);
    assert.ok(Math.abs((approved.approvedAt ?? 0) * 1000 - Date.now()) < 60_000, 'approvedAt is now, in epoch seconds');
    const twice = await aws(['codepipeline', 'put-approval-result', ...answer, '--token', token]);
    assert.equal(twice.rc, 255);
    assert.match(twice.stderr, /\((ApprovalAlreadyCompletedException|InvalidApprovalTokenException)\)/);
    await approve(PIPE, id, 'Approved', 'Release', 'Ship');
  });

  cmd('GetPipelineExecution', async () => {
    const [id = ''] = state.executions;
    const execution = await executionStatus(PIPE, id, 'Succeeded');
    assert.equal(execution.pipelineName, PIPE);
    assert.equal(execution.pipelineVersion, 2);
    assert.deepEqual(execution.variables, [{ name: 'Env', resolvedValue: 'prod' }]);
    assert.equal(execution.trigger?.triggerType, 'StartPipelineExecution');
    assert.equal(execution.executionMode, 'SUPERSEDED');
    await fails(['codepipeline', 'get-pipeline-execution', '--pipeline-name', PIPE, '--pipeline-execution-id', '00000000-0000-4000-8000-000000000000'], 'PipelineExecutionNotFoundException');
  });

  cmd('ListPipelineExecutions', async () => {
    const [id = ''] = state.executions;
    const listed = await ok<ListPipelineExecutionsOutput>(['codepipeline', 'list-pipeline-executions', '--pipeline-name', PIPE]);
    const summaries = listed.pipelineExecutionSummaries ?? [];
    assert.equal(summaries[0]?.pipelineExecutionId, id, 'newest first');
    assert.equal(summaries[0]?.status, 'Succeeded');
    assert.equal(summaries.at(-1)?.trigger?.triggerType, 'CreatePipeline', 'the first execution came from CreatePipeline');
    const succeeded = await ok<ListPipelineExecutionsOutput>(['codepipeline', 'list-pipeline-executions', '--pipeline-name', PIPE, '--filter', 'succeededInStage={stageName=Release}']);
    assert.deepEqual(succeeded.pipelineExecutionSummaries?.map((x) => x.pipelineExecutionId), [id]);
    const page = await ok<ListPipelineExecutionsOutput>(['codepipeline', 'list-pipeline-executions', '--pipeline-name', PIPE, '--page-size', '1', '--max-items', '1']);
    assert.equal(page.pipelineExecutionSummaries?.length, 1);
    await fails(['codepipeline', 'list-pipeline-executions', '--pipeline-name', 'cli-nope'], 'PipelineNotFoundException');
  });

  cmd('ListActionExecutions', async () => {
    const [id = ''] = state.executions;
    const listed = await ok<ListActionExecutionsOutput>(['codepipeline', 'list-action-executions', '--pipeline-name', PIPE, '--filter', `pipelineExecutionId=${id}`]);
    const details = listed.actionExecutionDetails ?? [];
    assert.deepEqual(details.map((d) => `${d.stageName}.${d.actionName}:${d.status}`).sort(), ['Approve.Gate:Succeeded', 'Release.Ship:Succeeded', 'Source.Src:Succeeded']);
    const source = details.find((d) => d.stageName === 'Source');
    assert.deepEqual(source?.input?.actionTypeId, SOURCE_TYPE);
    assert.equal(source?.output?.executionResult?.externalExecutionSummary, `fetched ${PIPE}`);
    state.sourceActionExecutionId = source?.actionExecutionId;
    await fails(['codepipeline', 'list-action-executions', '--pipeline-name', PIPE, '--filter', 'pipelineExecutionId=00000000-0000-4000-8000-000000000000'], 'PipelineExecutionNotFoundException');
  });

  cmd('StopPipelineExecution', async () => {
    const id = await start(PIPE);
    await approvalToken(PIPE, id);
    const stopped = await ok<StopPipelineExecutionOutput>(['codepipeline', 'stop-pipeline-execution', '--pipeline-name', PIPE, '--pipeline-execution-id', id, '--abandon', '--reason', 'stopped by the CLI test']);
    assert.equal(stopped.pipelineExecutionId, id);
    const execution = await executionStatus(PIPE, id, 'Stopped');
    assert.equal(execution.statusSummary, 'stopped by the CLI test');
    const again = await aws(['codepipeline', 'stop-pipeline-execution', '--pipeline-name', PIPE, '--pipeline-execution-id', id]);
    assert.equal(again.rc, 255);
    assert.match(again.stderr, /\((PipelineExecutionNotStoppableException|DuplicatedStopRequestException)\)/);
  });

  cmd('RetryStageExecution', async () => {
    const id = await start(PIPE);
    await approve(PIPE, id, 'Rejected');
    await executionStatus(PIPE, id, 'Failed');
    const retried = await ok<RetryStageExecutionOutput>(['codepipeline', 'retry-stage-execution', '--pipeline-name', PIPE, '--stage-name', 'Approve', '--pipeline-execution-id', id, '--retry-mode', 'FAILED_ACTIONS']);
    assert.equal(retried.pipelineExecutionId, id, 'a retry continues the same execution');
    await approve(PIPE, id);
    await approve(PIPE, id, 'Approved', 'Release', 'Ship');
    await executionStatus(PIPE, id, 'Succeeded');
    const s = await ok<GetPipelineStateOutput>(['codepipeline', 'get-pipeline-state', '--name', PIPE]);
    assert.equal(s.stageStates?.[1]?.retryStageMetadata?.manualStageRetryAttempt, 1);
    state.executions.unshift(id);
    await fails(['codepipeline', 'retry-stage-execution', '--pipeline-name', PIPE, '--stage-name', 'Approve', '--pipeline-execution-id', id, '--retry-mode', 'FAILED_ACTIONS'], 'StageNotRetryableException');
  });

  cmd('RollbackStage', async () => {
    const [target = ''] = state.executions;
    const rolled = await ok<RollbackStageOutput>(['codepipeline', 'rollback-stage', '--pipeline-name', PIPE, '--stage-name', 'Release', '--target-pipeline-execution-id', target]);
    const id = rolled.pipelineExecutionId ?? '';
    assert.notEqual(id, target, 'a rollback is a new execution');
    await approve(PIPE, id, 'Approved', 'Release', 'Ship');
    const execution = await executionStatus(PIPE, id, 'Succeeded');
    assert.equal(execution.executionType, 'ROLLBACK');
    assert.equal(execution.trigger?.triggerType, 'ManualRollback');
    await fails(['codepipeline', 'rollback-stage', '--pipeline-name', PIPE, '--stage-name', 'Release', '--target-pipeline-execution-id', '00000000-0000-4000-8000-000000000000'], 'PipelineExecutionNotFoundException');
    await fails(['codepipeline', 'rollback-stage', '--pipeline-name', PIPE, '--stage-name', 'Source', '--target-pipeline-execution-id', target], 'UnableToRollbackStageException');
    assert.deepEqual(execution.rollbackMetadata, { rollbackTargetPipelineExecutionId: target }, 'PipelineRollbackMetadata names its member rollbackTargetPipelineExecutionId');
  });

  cmd('DisableStageTransition', async () => {
    await ok(['codepipeline', 'disable-stage-transition', '--pipeline-name', PIPE, '--stage-name', 'Release', '--transition-type', 'Inbound', '--reason', 'release freeze']);
    const s = await ok<GetPipelineStateOutput>(['codepipeline', 'get-pipeline-state', '--name', PIPE]);
    assert.equal(s.stageStates?.[2]?.inboundTransitionState?.enabled, false);
    assert.equal(s.stageStates?.[2]?.inboundTransitionState?.disabledReason, 'release freeze');
    await fails(['codepipeline', 'disable-stage-transition', '--pipeline-name', PIPE, '--stage-name', 'Nope', '--transition-type', 'Inbound', '--reason', 'x'], 'StageNotFoundException');
  });

  cmd('EnableStageTransition', async () => {
    await ok(['codepipeline', 'enable-stage-transition', '--pipeline-name', PIPE, '--stage-name', 'Release', '--transition-type', 'Inbound']);
    const s = await ok<GetPipelineStateOutput>(['codepipeline', 'get-pipeline-state', '--name', PIPE]);
    assert.equal(s.stageStates?.[2]?.inboundTransitionState?.enabled, true);
    await fails(['codepipeline', 'enable-stage-transition', '--pipeline-name', 'cli-nope', '--stage-name', 'Release', '--transition-type', 'Inbound'], 'PipelineNotFoundException');
  });

  cmd('PutActionRevision', async () => {
    const revision = ['--action-revision', 'revisionId=cli-rev-1,revisionChangeId=change-1,created=2026-01-02T03:04:05Z'];
    const put = await ok<PutActionRevisionOutput>(['codepipeline', 'put-action-revision', '--pipeline-name', 'cli-second', '--stage-name', 'Source', '--action-name', 'Src', ...revision]);
    assert.equal(put.newRevision, true);
    assert.match(put.pipelineExecutionId ?? '', /^[0-9a-f-]{36}$/);
    await fails(['codepipeline', 'put-action-revision', '--pipeline-name', 'cli-second', '--stage-name', 'Source', '--action-name', 'Nope', ...revision], 'ActionNotFoundException');
  });

  cmd('OverrideStageCondition', async () => {
    // No stage condition is evaluated yet, so none is pending: the documented error.
    const [id = ''] = state.executions;
    await fails(['codepipeline', 'override-stage-condition', '--pipeline-name', PIPE, '--stage-name', 'Approve', '--pipeline-execution-id', id, '--condition-type', 'BEFORE_ENTRY'], 'ConditionNotOverridableException');
  });

  cmd('ListRuleTypes', async () => {
    const listed = await ok<ListRuleTypesOutput>(['codepipeline', 'list-rule-types']);
    assert.ok(listed.ruleTypes?.some((r) => r.id?.provider === 'VariableCheck'));
    await fails(['codepipeline', 'list-rule-types', '--rule-owner-filter', 'Nobody'], 'ValidationException');
  });

  cmd('ListRuleExecutions', async () => {
    const listed = await ok<ListRuleExecutionsOutput>(['codepipeline', 'list-rule-executions', '--pipeline-name', PIPE]);
    assert.deepEqual(listed.ruleExecutionDetails, []);
    await fails(['codepipeline', 'list-rule-executions', '--pipeline-name', 'cli-nope'], 'PipelineNotFoundException');
  });

  // --- tags -------------------------------------------------------------------------------------

  const badArn = 'arn:aws:codepipeline:us-east-1:000000000000:bad name!';

  cmd('TagResource', async () => {
    await ok(['codepipeline', 'tag-resource', '--resource-arn', ARN, '--tags', 'key=owner,value=platform', 'key=tier,value=1']);
    await fails(['codepipeline', 'tag-resource', '--resource-arn', ARN, '--tags', 'key=aws:reserved,value=x'], 'InvalidTagsException');
    await fails(['codepipeline', 'tag-resource', '--resource-arn', 'arn:aws:codepipeline:us-east-1:000000000000:cli-nope', '--tags', 'key=a,value=b'], 'ResourceNotFoundException');
  });

  cmd('ListTagsForResource', async () => {
    const listed = await ok<ListTagsForResourceOutput>(['codepipeline', 'list-tags-for-resource', '--resource-arn', ARN]);
    assert.deepEqual(listed.tags?.map((x) => `${x.key}=${x.value}`).sort(), ['owner=platform', 'team=ci', 'tier=1']);
    await fails(['codepipeline', 'list-tags-for-resource', '--resource-arn', badArn], 'InvalidArnException');
    const notAnArn = await aws(['codepipeline', 'list-tags-for-resource', '--resource-arn', 'not-an-arn']);
    assert.equal(notAnArn.rc, 255);
    assert.match(notAnArn.stderr, /\((InvalidArnException|ValidationException)\)/);
  });

  cmd('UntagResource', async () => {
    await ok(['codepipeline', 'untag-resource', '--resource-arn', ARN, '--tag-keys', 'tier', 'owner']);
    const listed = await ok<ListTagsForResourceOutput>(['codepipeline', 'list-tags-for-resource', '--resource-arn', ARN]);
    assert.deepEqual(listed.tags, [{ key: 'team', value: 'ci' }]);
    await fails(['codepipeline', 'untag-resource', '--resource-arn', badArn, '--tag-keys', 'team'], 'InvalidArnException');
  });

  // --- webhooks ---------------------------------------------------------------------------------

  const webhook = {
    name: 'cli-hook', targetPipeline: PIPE, targetAction: 'Src',
    filters: [{ jsonPath: '$.ref', matchEquals: 'refs/heads/main' }],
    authentication: 'GITHUB_HMAC', authenticationConfiguration: { SecretToken: 'cli-secret' },
  };

  cmd('PutWebhook', async () => {
    const put = await ok<PutWebhookOutput>(['codepipeline', 'put-webhook', '--cli-input-json', await file('webhook.json', { webhook })]);
    assert.equal(put.webhook?.definition?.name, 'cli-hook');
    assert.equal(put.webhook?.definition?.authenticationConfiguration?.SecretToken, '****', 'the secret is not answered back');
    assert.match(put.webhook?.url ?? '', /^http:\/\/127\.0\.0\.1:\d+\//);
    assert.equal(put.webhook?.arn, 'arn:aws:codepipeline:us-east-1:000000000000:webhook:cli-hook');
    await fails(['codepipeline', 'put-webhook', '--webhook', JSON.stringify({ ...webhook, name: 'cli-hook-2', targetPipeline: 'cli-nope' })], 'PipelineNotFoundException');
  });

  cmd('ListWebhooks', async () => {
    const listed = await ok<ListWebhooksOutput>(['codepipeline', 'list-webhooks']);
    assert.deepEqual(listed.webhooks?.map((w) => w.definition?.name), ['cli-hook']);
    await fails(['codepipeline', 'list-webhooks', '--no-paginate', '--next-token', 'not-a-token'], 'InvalidNextTokenException');
  });

  cmd('RegisterWebhookWithThirdParty', async () => {
    assert.deepEqual(await ok(['codepipeline', 'register-webhook-with-third-party', '--webhook-name', 'cli-hook']), {});
    await fails(['codepipeline', 'register-webhook-with-third-party', '--webhook-name', 'cli-nohook'], 'WebhookNotFoundException');
  });

  cmd('DeregisterWebhookWithThirdParty', async () => {
    assert.deepEqual(await ok(['codepipeline', 'deregister-webhook-with-third-party', '--webhook-name', 'cli-hook']), {});
    await fails(['codepipeline', 'deregister-webhook-with-third-party', '--webhook-name', 'cli-nohook'], 'WebhookNotFoundException');
  });

  cmd('DeleteWebhook', async () => {
    assert.deepEqual(await ok(['codepipeline', 'delete-webhook', '--name', 'cli-hook']), {});
    assert.deepEqual((await ok<ListWebhooksOutput>(['codepipeline', 'list-webhooks'])).webhooks, []);
    assert.deepEqual(await ok(['codepipeline', 'delete-webhook', '--name', 'cli-hook']), {}, 'deleting again succeeds');
    await fails(['codepipeline', 'delete-webhook', '--name', 'bad name!'], 'ValidationException');
  });

  // --- the job-worker protocol, driven by the CLI --------------------------------------------------

  const jobs: { jobId: string; nonce: string; executionId: string } = { jobId: '', nonce: '', executionId: '' };
  const pollArgs = ['codepipeline', 'poll-for-jobs', '--action-type-id', 'category=Source,owner=Custom,provider=SluiceCompatSource,version=1',
    '--query-param', 'Repo=cli-jobs', '--max-batch-size', '1'];

  async function pollOne(): Promise<Wire<Job>> {
    return waitFor('a job for cli-jobs', async () => (await ok<PollForJobsOutput>(pollArgs)).jobs?.[0]);
  }

  cmd('PollForJobs', async () => {
    const created = await ok<CreatePipelineOutput>(['codepipeline', 'create-pipeline', '--pipeline', JSON.stringify(runnablePipeline('cli-jobs'))]);
    assert.equal(created.pipeline?.name, 'cli-jobs');
    const job = await pollOne();
    assert.equal(job.data?.pipelineContext?.pipelineName, 'cli-jobs');
    assert.equal(job.data?.pipelineContext?.stage?.name, 'Source');
    assert.deepEqual(job.data?.actionConfiguration?.configuration, { Repo: 'cli-jobs' });
    assert.equal(job.accountId, '000000000000');
    Object.assign(jobs, { jobId: job.id, nonce: job.nonce, executionId: job.data?.pipelineContext?.pipelineExecutionId });
    await fails(['codepipeline', 'poll-for-jobs', '--action-type-id', 'category=Source,owner=Custom,provider=Nope,version=1'], 'ActionTypeNotFoundException');
  });

  cmd('AcknowledgeJob', async () => {
    await fails(['codepipeline', 'acknowledge-job', '--job-id', jobs.jobId, '--nonce', 'wrong-nonce'], 'InvalidNonceException');
    const acked = await ok<AcknowledgeJobOutput>(['codepipeline', 'acknowledge-job', '--job-id', jobs.jobId, '--nonce', jobs.nonce]);
    assert.equal(acked.status, 'InProgress');
  });

  cmd('GetJobDetails', async () => {
    const details = await ok<GetJobDetailsOutput>(['codepipeline', 'get-job-details', '--job-id', jobs.jobId]);
    assert.equal(details.jobDetails?.id, jobs.jobId);
    assert.equal(details.jobDetails?.data?.pipelineContext?.action?.name, 'Src');
    await fails(['codepipeline', 'get-job-details', '--job-id', '00000000-0000-4000-8000-000000000000'], 'JobNotFoundException');
  });

  cmd('PutJobFailureResult', async () => {
    assert.deepEqual(await ok(['codepipeline', 'put-job-failure-result', '--job-id', jobs.jobId, '--failure-details', 'type=JobFailed,message=the repository is gone,externalExecutionId=cli-1']), {});
    const execution = await executionStatus('cli-jobs', jobs.executionId, 'Failed');
    assert.equal(execution.pipelineExecutionId, jobs.executionId);
    const s = await ok<GetPipelineStateOutput>(['codepipeline', 'get-pipeline-state', '--name', 'cli-jobs']);
    assert.deepEqual(s.stageStates?.[0]?.actionStates?.[0]?.latestExecution?.errorDetails, { code: 'JobFailed', message: 'the repository is gone' });
    await fails(['codepipeline', 'put-job-failure-result', '--job-id', jobs.jobId, '--failure-details', 'type=JobFailed,message=again'], 'InvalidJobStateException');
  });

  cmd('PutJobSuccessResult', async () => {
    await fails(['codepipeline', 'put-job-success-result', '--job-id', jobs.jobId], 'InvalidJobStateException');
    await ok(['codepipeline', 'retry-stage-execution', '--pipeline-name', 'cli-jobs', '--stage-name', 'Source', '--pipeline-execution-id', jobs.executionId, '--retry-mode', 'FAILED_ACTIONS']);
    const job = await pollOne();
    await ok(['codepipeline', 'acknowledge-job', '--job-id', job.id ?? '', '--nonce', job.nonce ?? '']);
    assert.deepEqual(await ok(['codepipeline', 'put-job-success-result', '--job-id', job.id ?? '',
      '--current-revision', 'revision=abc123,changeIdentifier=c1', '--execution-details', 'summary=fetched by the CLI,percentComplete=100']), {});
    await approvalToken('cli-jobs', jobs.executionId);
    const s = await ok<GetPipelineStateOutput>(['codepipeline', 'get-pipeline-state', '--name', 'cli-jobs']);
    assert.equal(s.stageStates?.[0]?.actionStates?.[0]?.latestExecution?.summary, 'fetched by the CLI');
  });

  // --- third-party jobs: the built-in GitHub source waits for a partner's worker -------------------

  const github = 'category=Source,owner=ThirdParty,provider=GitHub,version=1';
  const thirdParty = { jobId: '', clientId: '', nonce: '', executionId: '' };

  async function pollThirdParty(): Promise<{ jobId: string; clientId: string }> {
    return waitFor('a GitHub source job', async () => {
      const [job] = (await ok<PollForThirdPartyJobsOutput>(['codepipeline', 'poll-for-third-party-jobs', '--action-type-id', github, '--max-batch-size', '1'])).jobs ?? [];
      return job?.jobId && job.clientId ? { jobId: job.jobId, clientId: job.clientId } : undefined;
    });
  }

  cmd('PollForThirdPartyJobs', async () => {
    const pipeline = runnablePipeline('cli-github');
    pipeline.stages = [
      { name: 'Source', actions: [{ name: 'Src', actionTypeId: { category: 'Source', owner: 'ThirdParty', provider: 'GitHub', version: '1' },
        outputArtifacts: [{ name: 'Code' }], configuration: { Owner: 'octo', Repo: 'app', Branch: 'main', OAuthToken: 'gh-secret' } }] },
      ...(pipeline.stages ?? []).slice(1),
    ];
    const created = await ok<CreatePipelineOutput>(['codepipeline', 'create-pipeline', '--pipeline', JSON.stringify(pipeline)]);
    assert.equal(created.pipeline?.stages?.[0]?.actions?.[0]?.configuration?.OAuthToken, '****', 'secrets are masked when read back');
    Object.assign(thirdParty, await pollThirdParty());
    await fails(['codepipeline', 'poll-for-third-party-jobs', '--action-type-id', 'category=Source,owner=ThirdParty,provider=Nope,version=1'], 'ActionTypeNotFoundException');
  });

  cmd('GetThirdPartyJobDetails', async () => {
    const details = await ok<GetThirdPartyJobDetailsOutput>(['codepipeline', 'get-third-party-job-details', '--job-id', thirdParty.jobId, '--client-token', thirdParty.clientId]);
    assert.equal(details.jobDetails?.data?.actionConfiguration?.configuration?.OAuthToken, 'gh-secret', 'the worker sees the secret');
    Object.assign(thirdParty, { nonce: details.jobDetails?.nonce, executionId: details.jobDetails?.data?.pipelineContext?.pipelineExecutionId });
    await fails(['codepipeline', 'get-third-party-job-details', '--job-id', thirdParty.jobId, '--client-token', 'another-client'], 'InvalidClientTokenException');
  });

  cmd('AcknowledgeThirdPartyJob', async () => {
    await fails(['codepipeline', 'acknowledge-third-party-job', '--job-id', thirdParty.jobId, '--nonce', 'wrong', '--client-token', thirdParty.clientId], 'InvalidNonceException');
    const acked = await ok<AcknowledgeThirdPartyJobOutput>(['codepipeline', 'acknowledge-third-party-job', '--job-id', thirdParty.jobId, '--nonce', thirdParty.nonce, '--client-token', thirdParty.clientId]);
    assert.equal(acked.status, 'InProgress');
  });

  cmd('PutThirdPartyJobSuccessResult', async () => {
    assert.deepEqual(await ok(['codepipeline', 'put-third-party-job-success-result', '--job-id', thirdParty.jobId, '--client-token', thirdParty.clientId,
      '--current-revision', 'revision=abc123,changeIdentifier=c1', '--execution-details', 'summary=cloned octo/app,percentComplete=100']), {});
    await approvalToken('cli-github', thirdParty.executionId);
    await fails(['codepipeline', 'put-third-party-job-success-result', '--job-id', thirdParty.jobId, '--client-token', thirdParty.clientId], 'InvalidJobStateException');
  });

  cmd('PutThirdPartyJobFailureResult', async () => {
    const id = await start('cli-github');
    const job = await pollThirdParty();
    assert.deepEqual(await ok(['codepipeline', 'put-third-party-job-failure-result', '--job-id', job.jobId, '--client-token', job.clientId,
      '--failure-details', 'type=RevisionUnavailable,message=branch main is gone']), {});
    await executionStatus('cli-github', id, 'Failed');
    await fails(['codepipeline', 'put-third-party-job-failure-result', '--job-id', NO_SUCH_JOB, '--client-token', 'c', '--failure-details', 'type=JobFailed,message=no'], 'JobNotFoundException');
  });

  cmd('ListDeployActionExecutionTargets', async () => {
    const listed = await ok<ListDeployActionExecutionTargetsOutput>(['codepipeline', 'list-deploy-action-execution-targets', '--pipeline-name', PIPE, '--action-execution-id', state.sourceActionExecutionId ?? '']);
    assert.deepEqual(listed.targets, []);
    await fails(['codepipeline', 'list-deploy-action-execution-targets', '--pipeline-name', PIPE, '--action-execution-id', '00000000-0000-4000-8000-000000000000'], 'ActionExecutionNotFoundException');
  });

  // --- deletions --------------------------------------------------------------------------------

  cmd('DeleteCustomActionType', async () => {
    assert.deepEqual(await ok(['codepipeline', 'delete-custom-action-type', '--category', 'Deploy', '--provider', 'SluiceCliDeploy', '--action-version', '1']), {});
    const custom = await ok<ListActionTypesOutput>(['codepipeline', 'list-action-types', '--action-owner-filter', 'Custom']);
    assert.ok(!custom.actionTypes?.some((a) => a.id?.provider === 'SluiceCliDeploy'));
    await fails(['codepipeline', 'delete-custom-action-type', '--category', 'Nope', '--provider', 'SluiceCliDeploy', '--action-version', '1'], 'ValidationException');
  });

  cmd('DeletePipeline', async () => {
    assert.deepEqual(await ok(['codepipeline', 'delete-pipeline', '--name', 'cli-second']), {});
    await fails(['codepipeline', 'get-pipeline', '--name', 'cli-second'], 'PipelineNotFoundException');
    assert.deepEqual(await ok(['codepipeline', 'delete-pipeline', '--name', 'cli-second']), {}, 'deleting a missing pipeline succeeds');
    await fails(['codepipeline', 'delete-pipeline', '--name', 'bad name!'], 'ValidationException');
  });

  it('ran every subcommand the CLI knows', async (tc) => {
    const expected = (await sdkOperations()).map(cliName).filter((s) => subcommands.has(s));
    const notRun = expected.filter((s) => !seen.has(s));
    const withoutSuccess = expected.filter((s) => seen.has(s) && !seen.get(s)?.has('ok'));
    tc.diagnostic(`error-only subcommands: ${withoutSuccess.join(', ') || 'none'}`);
    assert.deepEqual(notRun, [], 'every subcommand was run (skipped tests leave theirs out)');
  });
});
