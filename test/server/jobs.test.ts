/**
 * The job-worker protocol through the AWS SDK, as a worker written for AWS drives it: custom
 * Source and Build action types, polls filtered by a queryable property, acknowledgement with the
 * nonce, results with output variables and continuation tokens, failures, the errors AWS gives,
 * leases of workers that vanish, and the ThirdParty variants. Engine state is checked through
 * GetPipelineState, GetPipelineExecution and ListActionExecutions.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  AcknowledgeJobCommand, AcknowledgeThirdPartyJobCommand, CreatePipelineCommand, GetJobDetailsCommand, GetPipelineExecutionCommand,
  GetPipelineStateCommand, GetThirdPartyJobDetailsCommand, ListActionExecutionsCommand, PollForJobsCommand, PollForThirdPartyJobsCommand,
  PutJobFailureResultCommand, PutJobSuccessResultCommand, PutThirdPartyJobFailureResultCommand, PutThirdPartyJobSuccessResultCommand,
  type ActionTypeId, type CodePipelineClient, type ThirdPartyJob,
} from '@aws-sdk/client-codepipeline';
import { after, before, describe, it } from 'node:test';
import { BUILD_TYPE, completeSource, createTypes, pipeline, pollOne, SOURCE_TYPE, waitForStatus } from '../support/job-workers.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

describe('job workers', () => {
  let t: TestServer;
  let client: CodePipelineClient;
  before(async () => {
    t = await startTestServer();
    client = t.codepipeline();
    await createTypes(client);
  });
  after(() => t.close());

  it('runs a pipeline of custom actions: poll, acknowledge, continuation, output variables', async () => {
    const { pipeline: created } = await client.send(new CreatePipelineCommand({ pipeline: pipeline('worked', 'fast') }));
    assert.equal(created?.version, 1);
    const source = await pollOne(client, SOURCE_TYPE, { Repo: 'worked' });
    assert.match(source.id ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(source.accountId, '000000000000');
    assert.deepEqual(source.data?.actionTypeId, SOURCE_TYPE);
    assert.deepEqual(source.data?.actionConfiguration, { configuration: { Repo: 'worked' } });
    assert.equal(source.data?.pipelineContext?.pipelineName, 'worked');
    assert.equal(source.data?.pipelineContext?.stage?.name, 'Source');
    assert.equal(source.data?.pipelineContext?.action?.name, 'Checkout');
    assert.equal(source.data?.pipelineContext?.pipelineArn, 'arn:aws:codepipeline:us-east-1:000000000000:worked');
    const [output] = source.data?.outputArtifacts ?? [];
    assert.equal(output?.name, 'Code');
    assert.equal(output?.location?.type, 'S3');
    assert.equal(output?.location?.s3Location?.bucketName, 'sluice-artifacts-bucket');
    assert.match(output?.location?.s3Location?.objectKey ?? '', /^worked\/Code\/[A-Za-z0-9]{7}$/);
    assert.match(source.data?.artifactCredentials?.accessKeyId ?? '', /^ASIA/);
    assert.ok(source.data?.artifactCredentials?.sessionToken);
    assert.equal(source.data?.continuationToken, undefined);

    const ack = await client.send(new AcknowledgeJobCommand({ jobId: source.id, nonce: source.nonce }));
    assert.equal(ack.status, 'InProgress');
    await client.send(new PutJobSuccessResultCommand({
      jobId: source.id, currentRevision: { revision: 'c0ffee1', changeIdentifier: 'c0ffee1', revisionSummary: 'Fix the build' },
      outputVariables: { CommitId: 'c0ffee1' }, executionDetails: { summary: 'fetched', externalExecutionId: 'fetch-1' },
    }));

    const first = await pollOne(client, BUILD_TYPE, { Queue: 'fast' });
    assert.deepEqual(first.data?.actionConfiguration?.configuration, { Queue: 'fast', Token: 'sekret' }, 'workers see secrets');
    assert.equal(first.data?.inputArtifacts?.[0]?.name, 'Code');
    assert.equal(first.data?.inputArtifacts?.[0]?.revision, 'c0ffee1');
    assert.equal(first.data?.inputArtifacts?.[0]?.location?.s3Location?.objectKey, output?.location?.s3Location?.objectKey);
    await client.send(new AcknowledgeJobCommand({ jobId: first.id, nonce: first.nonce }));
    await assert.rejects(client.send(new PutJobSuccessResultCommand({ jobId: first.id, continuationToken: 'step-1', outputVariables: { A: 'b' } })),
      { name: 'ValidationException', message: /outputVariables can only be reported with the final result/ });
    await client.send(new PutJobSuccessResultCommand({
      jobId: first.id, continuationToken: 'step-1', executionDetails: { summary: 'half way', percentComplete: 50, externalExecutionId: 'build-7' },
    }));

    const state = await client.send(new GetPipelineStateCommand({ name: 'worked' }));
    const compile = state.stageStates?.[1]?.actionStates?.[0]?.latestExecution;
    assert.equal(compile?.status, 'InProgress');
    assert.equal(compile?.summary, 'half way');
    assert.equal(compile?.percentComplete, 50);
    assert.equal(compile?.externalExecutionId, 'build-7');
    assert.equal(state.stageStates?.[0]?.actionStates?.[0]?.currentRevision?.revisionId, 'c0ffee1');

    const second = await pollOne(client, BUILD_TYPE, { Queue: 'fast' });
    assert.notEqual(second.id, first.id, 'a continuation is a new job');
    assert.equal(second.data?.continuationToken, 'step-1');
    assert.equal(second.data?.pipelineContext?.action?.actionExecutionId, first.data?.pipelineContext?.action?.actionExecutionId);
    await assert.rejects(client.send(new PutJobSuccessResultCommand({ jobId: first.id })), { name: 'InvalidJobStateException' });
    await client.send(new AcknowledgeJobCommand({ jobId: second.id, nonce: second.nonce }));
    await assert.rejects(client.send(new PutJobSuccessResultCommand({ jobId: second.id, outputVariables: { Big: 'x'.repeat(130_000) } })),
      { name: 'OutputVariablesSizeExceededException' });
    await client.send(new PutJobSuccessResultCommand({ jobId: second.id, outputVariables: { Image: 'app:c0ffee1' }, executionDetails: { summary: 'built' } }));
    await assert.rejects(client.send(new PutJobFailureResultCommand({ jobId: second.id, failureDetails: { type: 'JobFailed', message: 'late' } })),
      { name: 'InvalidJobStateException' }, 'a closed job takes no more results');

    const executionId = second.data?.pipelineContext?.pipelineExecutionId ?? '';
    await waitForStatus(client, 'worked', executionId, 'Succeeded');
    const { actionExecutionDetails } = await client.send(new ListActionExecutionsCommand({ pipelineName: 'worked', filter: { pipelineExecutionId: executionId } }));
    const byName = new Map(actionExecutionDetails?.map((a) => [a.actionName, a]));
    assert.equal(byName.get('Compile')?.status, 'Succeeded');
    assert.deepEqual(byName.get('Compile')?.output?.outputVariables, { Image: 'app:c0ffee1' });
    assert.equal(byName.get('Compile')?.output?.executionResult?.externalExecutionSummary, 'built');
    assert.deepEqual(byName.get('Checkout')?.output?.outputVariables, { CommitId: 'c0ffee1' });
    assert.equal(byName.get('Checkout')?.output?.executionResult?.externalExecutionId, 'fetch-1');
    const { pipelineExecution } = await client.send(new GetPipelineExecutionCommand({ pipelineName: 'worked', pipelineExecutionId: executionId }));
    assert.equal(pipelineExecution?.artifactRevisions?.[0]?.revisionId, 'c0ffee1');
    assert.equal(pipelineExecution?.artifactRevisions?.[0]?.revisionSummary, 'Fix the build');
  });

  it('fails the action with the failure type as its error code', async () => {
    await client.send(new CreatePipelineCommand({ pipeline: pipeline('failing', 'slow') }));
    await completeSource(client, 'failing');
    const { jobs: none } = await client.send(new PollForJobsCommand({ actionTypeId: BUILD_TYPE, queryParam: { Queue: 'other' } }));
    assert.deepEqual(none, [], 'jobs of other queues are not handed out');
    const job = await pollOne(client, BUILD_TYPE, { Queue: 'slow' });
    const details = await client.send(new GetJobDetailsCommand({ jobId: job.id }));
    assert.equal(details.jobDetails?.id, job.id);
    assert.equal(details.jobDetails?.accountId, '000000000000');
    assert.deepEqual(details.jobDetails?.data?.actionConfiguration, job.data?.actionConfiguration);
    assert.match(details.jobDetails?.data?.artifactCredentials?.accessKeyId ?? '', /^ASIA/);
    await client.send(new PutJobFailureResultCommand({
      jobId: job.id, failureDetails: { type: 'ConfigurationError', message: 'no such queue', externalExecutionId: 'build-9' },
    }));
    await waitForStatus(client, 'failing', job.data?.pipelineContext?.pipelineExecutionId ?? '', 'Failed');
    const state = await client.send(new GetPipelineStateCommand({ name: 'failing' }));
    const latest = state.stageStates?.[1]?.actionStates?.[0]?.latestExecution;
    assert.equal(latest?.status, 'Failed');
    assert.deepEqual(latest?.errorDetails, { code: 'ConfigurationError', message: 'no such queue' });
    assert.equal(latest?.externalExecutionId, 'build-9');
    assert.equal(state.stageStates?.[1]?.latestExecution?.status, 'Failed');
  });

  it('answers the errors AWS answers', async () => {
    await client.send(new CreatePipelineCommand({ pipeline: pipeline('errors', 'errors') }));
    const job = await pollOne(client, SOURCE_TYPE, { Repo: 'errors' });
    await assert.rejects(client.send(new AcknowledgeJobCommand({ jobId: job.id, nonce: 'wrong' })), { name: 'InvalidNonceException' });
    const unknown = randomUUID();
    await assert.rejects(client.send(new AcknowledgeJobCommand({ jobId: unknown, nonce: 'n' })), { name: 'JobNotFoundException' });
    await assert.rejects(client.send(new GetJobDetailsCommand({ jobId: unknown })), { name: 'JobNotFoundException' });
    await assert.rejects(client.send(new PutJobSuccessResultCommand({ jobId: unknown })), { name: 'JobNotFoundException' });
    await assert.rejects(client.send(new PutJobFailureResultCommand({ jobId: unknown, failureDetails: { type: 'JobFailed', message: 'm' } })),
      { name: 'JobNotFoundException' });
    await assert.rejects(client.send(new PollForJobsCommand({ actionTypeId: { ...BUILD_TYPE, provider: 'Nope' } })), { name: 'ActionTypeNotFoundException' });
    await assert.rejects(client.send(new PollForJobsCommand({ actionTypeId: { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' } })),
      { name: 'ValidationException', message: /owned by Custom/ });
    await assert.rejects(client.send(new PollForJobsCommand({ actionTypeId: BUILD_TYPE })), { name: 'ValidationException', message: /queryParam \{"Queue"/ });
    await assert.rejects(client.send(new PollForJobsCommand({ actionTypeId: BUILD_TYPE, queryParam: { Token: 'x' } })), { name: 'ValidationException' });
    await assert.rejects(client.send(new PollForJobsCommand({ actionTypeId: SOURCE_TYPE, queryParam: { Repo: 'errors' }, maxBatchSize: 0 })),
      { name: 'ValidationException', message: /maxBatchSize/ });
    // Acknowledging twice is harmless; the job is still the worker's to finish.
    assert.equal((await client.send(new AcknowledgeJobCommand({ jobId: job.id, nonce: job.nonce }))).status, 'InProgress');
    assert.equal((await client.send(new AcknowledgeJobCommand({ jobId: job.id, nonce: job.nonce }))).status, 'InProgress');
    await client.send(new PutJobFailureResultCommand({ jobId: job.id, failureDetails: { type: 'RevisionUnavailable', message: 'gone' } }));
    assert.equal((await client.send(new AcknowledgeJobCommand({ jobId: job.id, nonce: job.nonce }))).status, 'Failed');
  });
});

describe('job workers that vanish', () => {
  let t: TestServer;
  let client: CodePipelineClient;
  before(async () => {
    t = await startTestServer({ jobDispatchLeaseMs: 300, sweepIntervalMs: 50 });
    client = t.codepipeline();
    await createTypes(client);
  });
  after(() => t.close());

  it('queues a polled job again when nobody acknowledges it, and records it on the action', async () => {
    await client.send(new CreatePipelineCommand({ pipeline: pipeline('vanish', 'vanish') }));
    const lost = await pollOne(client, SOURCE_TYPE, { Repo: 'vanish' });
    const again = await pollOne(client, SOURCE_TYPE, { Repo: 'vanish' });
    assert.equal(again.id, lost.id, 'the same job, handed out again');
    assert.equal(again.nonce, lost.nonce);
    const state = await client.send(new GetPipelineStateCommand({ name: 'vanish' }));
    const latest = state.stageStates?.[0]?.actionStates?.[0]?.latestExecution;
    assert.equal(latest?.status, 'InProgress');
    assert.match(latest?.summary ?? '', /Re-running after its worker stopped responding \(attempt 2\)/);
    // Acknowledged, the job outlives the dispatch lease.
    await client.send(new AcknowledgeJobCommand({ jobId: again.id, nonce: again.nonce }));
    await new Promise((resolve) => setTimeout(resolve, 600));
    await client.send(new PutJobSuccessResultCommand({ jobId: again.id, currentRevision: { revision: 'r1', changeIdentifier: 'r1' } }));
    const build = await pollOne(client, BUILD_TYPE, { Queue: 'vanish' });
    assert.equal(build.data?.inputArtifacts?.[0]?.revision, 'r1');
  });
});

describe('third-party job workers', () => {
  const GITHUB: ActionTypeId = { category: 'Source', owner: 'ThirdParty', provider: 'GitHub', version: '1' };
  let t: TestServer;
  let client: CodePipelineClient;
  before(async () => {
    t = await startTestServer();
    client = t.codepipeline();
    await createTypes(client);
  });
  after(() => t.close());

  async function pollThirdParty(): Promise<ThirdPartyJob> {
    for (let i = 0; i < 200; i++) {
      const { jobs } = await client.send(new PollForThirdPartyJobsCommand({ actionTypeId: GITHUB, maxBatchSize: 2 }));
      if (jobs?.[0]) return jobs[0];
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error('no third-party job arrived');
  }

  it('hands out ids, then details, acknowledgement and results against the client token', async () => {
    await client.send(new CreatePipelineCommand({ pipeline: pipeline('partner', 'partner', { name: 'Source', actions: [{
      name: 'GitHub', actionTypeId: GITHUB, outputArtifacts: [{ name: 'Code' }],
      configuration: { Owner: 'octo', Repo: 'app', Branch: 'main', OAuthToken: 'gh-secret', PollForSourceChanges: 'false' } }] }) }));
    const polled = await pollThirdParty();
    assert.deepEqual(Object.keys(polled).sort(), ['clientId', 'jobId']);
    const { jobId, clientId } = polled;
    await assert.rejects(client.send(new GetThirdPartyJobDetailsCommand({ jobId, clientToken: 'not-mine' })), { name: 'InvalidClientTokenException' });
    await assert.rejects(client.send(new GetJobDetailsCommand({ jobId })), { name: 'JobNotFoundException' }, 'not a Custom job');
    const { jobDetails } = await client.send(new GetThirdPartyJobDetailsCommand({ jobId, clientToken: clientId }));
    assert.equal(jobDetails?.id, jobId);
    assert.equal(jobDetails?.data?.actionConfiguration?.configuration?.OAuthToken, 'gh-secret');
    assert.equal(jobDetails?.data?.outputArtifacts?.[0]?.name, 'Code');
    assert.match(jobDetails?.data?.artifactCredentials?.accessKeyId ?? '', /^ASIA/);
    await assert.rejects(client.send(new AcknowledgeThirdPartyJobCommand({ jobId, nonce: 'wrong', clientToken: clientId })), { name: 'InvalidNonceException' });
    const ack = await client.send(new AcknowledgeThirdPartyJobCommand({ jobId, nonce: jobDetails?.nonce, clientToken: clientId }));
    assert.equal(ack.status, 'InProgress');
    await assert.rejects(client.send(new PutThirdPartyJobSuccessResultCommand({ jobId, clientToken: randomUUID() })), { name: 'InvalidClientTokenException' });
    await client.send(new PutThirdPartyJobSuccessResultCommand({
      jobId, clientToken: clientId, currentRevision: { revision: 'abc1234', changeIdentifier: 'abc1234' }, executionDetails: { summary: 'cloned' },
    }));
    await assert.rejects(client.send(new PutThirdPartyJobFailureResultCommand({ jobId, clientToken: clientId, failureDetails: { type: 'JobFailed', message: 'x' } })),
      { name: 'InvalidJobStateException' });

    const build = await pollOne(client, BUILD_TYPE, { Queue: 'partner' });
    assert.equal(build.data?.inputArtifacts?.[0]?.revision, 'abc1234');
    await client.send(new PutJobSuccessResultCommand({ jobId: build.id }));
    await waitForStatus(client, 'partner', build.data?.pipelineContext?.pipelineExecutionId ?? '', 'Succeeded');
    const state = await client.send(new GetPipelineStateCommand({ name: 'partner' }));
    assert.equal(state.stageStates?.[0]?.actionStates?.[0]?.latestExecution?.summary, 'cloned');
    assert.equal(state.stageStates?.[0]?.actionStates?.[0]?.currentRevision?.revisionId, 'abc1234');
  });

  it('refuses pollers of other owners and unknown types', async () => {
    await assert.rejects(client.send(new PollForThirdPartyJobsCommand({ actionTypeId: BUILD_TYPE })), { name: 'ValidationException', message: /owned by ThirdParty/ });
    await assert.rejects(client.send(new PollForThirdPartyJobsCommand({ actionTypeId: { ...GITHUB, provider: 'GitLab' } })), { name: 'ActionTypeNotFoundException' });
    await assert.rejects(client.send(new PollForJobsCommand({ actionTypeId: GITHUB })), { name: 'ValidationException', message: /PollForThirdPartyJobs/ });
    await assert.rejects(client.send(new GetThirdPartyJobDetailsCommand({ jobId: randomUUID(), clientToken: randomUUID() })), { name: 'JobNotFoundException' });
  });
});
