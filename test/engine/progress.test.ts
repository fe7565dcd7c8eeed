import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { approval, build, EngineHarness, makePipeline, source, stage } from './harness.ts';

describe('engine: progress through stages and groups', () => {
  it('runs a clean execution and emits events in AWS order', () => {
    const h = new EngineHarness();
    const id = h.create();
    h.succeedAll(id);
    assert.equal(h.status(id), 'Succeeded');
    assert.deepEqual(h.log(id), [
      'STARTED',
      'Source:STARTED', 'Source/Src:STARTED', 'Source/Src:SUCCEEDED', 'Source:SUCCEEDED',
      'Build:STARTED', 'Build/Compile:STARTED', 'Build/Compile:SUCCEEDED', 'Build:SUCCEEDED',
      'Deploy:STARTED', 'Deploy/Ship:STARTED', 'Deploy/Ship:SUCCEEDED', 'Deploy:SUCCEEDED',
      'SUCCEEDED',
    ]);
    assert.equal(h.emitted[0]?.detail['execution-trigger']?.['trigger-type'], 'CreatePipeline');
    assert.equal(h.jobs.size, 0);
    assert.equal(h.timers.size, 0, 'every action timer is cancelled');
  });

  it('runs equal runOrder in parallel and groups in ascending order, gaps allowed', () => {
    const h = new EngineHarness();
    const id = h.create(makePipeline({}, [stage('Build',
      build('A', { runOrder: 5 }), build('B', { runOrder: 1 }), build('C', { runOrder: 1 }))]));
    h.succeed(id, 'Src');
    assert.deepEqual([...h.jobs.values()].map((j) => j.actionName).sort(), ['B', 'C']);
    h.succeed(id, 'B');
    assert.deepEqual([...h.jobs.values()].map((j) => j.actionName), ['C'], 'A waits for the whole group');
    h.succeed(id, 'C');
    assert.deepEqual([...h.jobs.values()].map((j) => j.actionName), ['A']);
    h.succeed(id, 'A');
    assert.equal(h.status(id), 'Succeeded');
  });

  it('lets failed action siblings finish, starts no later group, then fails stage and execution', () => {
    const h = new EngineHarness();
    const id = h.create(makePipeline({}, [stage('Build', build('A'), build('B'), build('Later', { runOrder: 2 }))]));
    h.succeed(id, 'Src');
    h.fail(id, 'A');
    assert.equal(h.stageStatus(id, 'Build'), 'InProgress', 'B still runs');
    assert.equal(h.status(id), 'InProgress');
    h.succeed(id, 'B');
    assert.equal(h.stageStatus(id, 'Build'), 'Failed');
    assert.equal(h.status(id), 'Failed');
    assert.equal(h.execution(id).stages.Build?.actions.Later, undefined, 'later group never started');
    assert.deepEqual(h.log(id).slice(-3), ['Build/B:SUCCEEDED', 'Build:FAILED', 'FAILED']);
    assert.deepEqual(h.action(id, 'Build', 'A').errorDetails, { code: 'JobFailed', message: 'boom' });
  });

  it('passes artifacts from producer to consumer with AWS-shaped keys', () => {
    const h = new EngineHarness();
    const id = h.create();
    const srcJob = h.job(id, 'Src');
    const out = srcJob.data.outputArtifacts[0]!;
    assert.equal(out.location.s3Location.bucketName, 'artifacts');
    assert.match(out.location.s3Location.objectKey, /^app\/SrcOut\/[A-Za-z0-9]{7}$/);
    h.succeed(id, 'Src', { currentRevision: { revision: 'abc123', changeIdentifier: 'abc123', revisionSummary: 'fix' } });
    const input = h.job(id, 'Compile').data.inputArtifacts[0]!;
    assert.equal(input.location.s3Location.objectKey, out.location.s3Location.objectKey);
    assert.equal(input.revision, 'abc123');
    assert.deepEqual(h.execution(id).artifactRevisions.map((r) => [r.name, r.revisionId, r.revisionSummary]), [['SrcOut', 'abc123', 'fix']]);
  });

  it('resolves variables just before the action starts and records both configurations', () => {
    const configuration = { ProjectName: 'p', Ref: '#{SourceVars.CommitId}', Env: '#{variables.Env}', Id: '#{codepipeline.PipelineExecutionId}' };
    const pipeline = () => makePipeline({ pipelineType: 'V2', variables: [{ name: 'Env', defaultValue: 'dev' }] }, [
      stage('Build', build('Compile', { configuration })),
    ]);
    const h = new EngineHarness();
    const id = h.create({ ...pipeline(), stages: [stage('Source', source('Src', 'SrcOut', { namespace: 'SourceVars' })), stage('Build', build('Compile', { configuration }))] });
    assert.equal(h.execution(id).variables[0]?.resolvedValue, 'dev');
    h.succeed(id, 'Src', { outputVariables: { CommitId: 'c0ffee' } });
    const action = h.action(id, 'Build', 'Compile');
    assert.deepEqual(action.configuration, configuration);
    assert.deepEqual(action.resolvedConfiguration, { ProjectName: 'p', Ref: 'c0ffee', Env: 'dev', Id: id });
    assert.deepEqual(h.job(id, 'Compile').data.actionConfiguration.configuration.Ref, 'c0ffee');
    assert.deepEqual(h.execution(id).namespaces, { SourceVars: { CommitId: 'c0ffee' } });

    // Without a namespace the source's variables cannot be referenced: the action fails at start.
    const h2 = new EngineHarness();
    const id2 = h2.create(pipeline());
    h2.succeed(id2, 'Src', { outputVariables: { CommitId: 'c0ffee' } });
    const failed = h2.action(id2, 'Build', 'Compile');
    assert.equal(failed.status, 'Failed');
    assert.equal(failed.errorDetails?.code, 'ConfigurationError');
    assert.match(failed.errorDetails?.message ?? '', /#\{SourceVars\.CommitId\}/);
    assert.equal(h2.status(id2), 'Failed');
  });

  it('overrides pipeline variables at start and refuses undeclared ones without changing state', () => {
    const h = new EngineHarness();
    h.create(makePipeline({ pipelineType: 'V2', variables: [{ name: 'Env', defaultValue: 'dev' }] }));
    const id = h.start({ variables: [{ name: 'Env', value: 'prod' }] });
    assert.deepEqual(h.execution(id).variables, [{ name: 'Env', resolvedValue: 'prod' }]);
    const before = structuredClone(h.state);
    assert.throws(() => h.start({ variables: [{ name: 'Nope', value: 'x' }] }), { code: 'ValidationException', message: /Nope/ });
    assert.deepEqual(h.state, before);
  });

  it('is idempotent by clientRequestToken', () => {
    const h = new EngineHarness();
    h.create();
    const a = h.start({ clientRequestToken: 'tok-1' });
    const events = h.emitted.length;
    const b = h.start({ clientRequestToken: 'tok-1' });
    assert.equal(a, b);
    assert.equal(h.emitted.length, events);
  });

  it('creates a fresh approval token, records the result and who decided', () => {
    const h = new EngineHarness();
    const id = h.create(makePipeline({}, [stage('Gate', approval('Approve'))]));
    h.succeed(id, 'Src');
    const action = h.action(id, 'Gate', 'Approve');
    assert.match(action.token!, /^[0-9a-f-]{36}$/);
    assert.equal(action.expiresAt, h.now + 7 * 24 * 3600 * 1000);
    assert.deepEqual(h.approve(id, 'Gate', 'Approve'), { approvedAt: h.now });
    const done = h.action(id, 'Gate', 'Approve');
    assert.equal(done.status, 'Succeeded');
    assert.equal(done.summary, 'ok');
    assert.equal(done.updatedBy, 'alice');
    assert.equal(h.status(id), 'Succeeded');
    assert.throws(() => h.send({ type: 'PutApprovalResult', stageName: 'Gate', actionName: 'Approve', token: action.token!, status: 'Approved', summary: 'x' }),
      { code: 'ApprovalAlreadyCompletedException' });
    assert.throws(() => h.send({ type: 'PutApprovalResult', stageName: 'Gate', actionName: 'Approve', token: 'nope', status: 'Approved', summary: 'x' }),
      { code: 'InvalidApprovalTokenException' });
    assert.throws(() => h.send({ type: 'PutApprovalResult', stageName: 'Nope', actionName: 'Approve', token: 'nope', status: 'Approved', summary: 'x' }),
      { code: 'StageNotFoundException' });
    assert.throws(() => h.send({ type: 'PutApprovalResult', stageName: 'Gate', actionName: 'Nope', token: 'nope', status: 'Approved', summary: 'x' }),
      { code: 'ActionNotFoundException' });
  });

  it('fails a rejected approval, and times out an unanswered one after its own timeout', () => {
    const h = new EngineHarness();
    const id = h.create(makePipeline({}, [stage('Gate', approval('Approve'))]));
    h.succeed(id, 'Src');
    h.approve(id, 'Gate', 'Approve', 'Rejected');
    assert.equal(h.status(id), 'Failed');

    const h2 = new EngineHarness();
    const id2 = h2.create(makePipeline({}, [stage('Gate', approval('Approve', { timeoutInMinutes: 10 }))]));
    h2.succeed(id2, 'Src');
    h2.advance(9 * 60_000);
    assert.equal(h2.status(id2), 'InProgress');
    h2.advance(60_000);
    assert.equal(h2.status(id2), 'Failed');
    assert.equal(h2.action(id2, 'Gate', 'Approve').errorDetails?.code, 'TimedOut');
  });

  it('times out a job-carried action after 24 hours and closes its job as TimedOut', () => {
    const h = new EngineHarness();
    const id = h.create();
    const job = h.job(id, 'Src');
    h.advance(24 * 3600 * 1000);
    assert.equal(h.status(id), 'Failed');
    assert.equal(h.closedJobs.get(job.jobId), 'TimedOut');
    assert.throws(() => h.send({ type: 'JobSucceeded', jobId: job.jobId, actionExecutionId: job.actionExecutionId, executionId: id }),
      { code: 'InvalidJobStateException' });
  });

  it('queues a new job for the same action execution on a continuation token', () => {
    const h = new EngineHarness();
    const id = h.create();
    const first = h.job(id, 'Src');
    h.succeed(id, 'Src', { continuationToken: 'page-2', summary: 'half way', percentComplete: 50 });
    const second = h.job(id, 'Src');
    assert.notEqual(second.jobId, first.jobId);
    assert.equal(second.actionExecutionId, first.actionExecutionId);
    assert.equal(second.data.continuationToken, 'page-2');
    assert.equal(second.attempt, 2);
    assert.equal(h.closedJobs.get(first.jobId), 'Succeeded');
    assert.equal(h.action(id, 'Source', 'Src').status, 'InProgress');
    assert.equal(h.action(id, 'Source', 'Src').percentComplete, 50);
    h.succeed(id, 'Src');
    assert.equal(h.action(id, 'Source', 'Src').status, 'Succeeded');
  });

  it('re-queues a job whose worker lost its lease, records it, and gives up after three losses', () => {
    const h = new EngineHarness();
    const id = h.create();
    const job = h.job(id, 'Src');
    const lost = { type: 'JobLeaseExpired', jobId: job.jobId, actionExecutionId: job.actionExecutionId, executionId: id } as const;
    h.send(lost);
    assert.equal(h.job(id, 'Src').attempt, 2);
    assert.equal(h.action(id, 'Source', 'Src').leaseLosses, 1);
    assert.match(h.action(id, 'Source', 'Src').summary!, /Re-running/);
    h.send(lost);
    h.send(lost);
    assert.equal(h.action(id, 'Source', 'Src').status, 'Failed');
    assert.equal(h.action(id, 'Source', 'Src').errorDetails?.code, 'SystemUnavailable');
  });

  it('runs stages, actions, artifacts and namespaces named like Object.prototype members', () => {
    const h = new EngineHarness();
    const id = h.create({
      ...makePipeline(),
      stages: [
        stage('Source', source('Src', 'toString')),
        stage('__proto__', build('constructor', { inputArtifacts: [{ name: 'toString' }], namespace: 'hasOwnProperty' })),
        stage('valueOf', build('Use', { configuration: { ProjectName: 'p', Ref: '#{hasOwnProperty.constructor}' } })),
      ],
    });
    h.succeed(id, 'Src');
    h.succeed(id, 'constructor', { outputVariables: { constructor: 'v1' } });
    assert.equal(h.job(id, 'Use').data.actionConfiguration.configuration.Ref, 'v1');
    h.succeed(id, 'Use');
    assert.equal(h.status(id), 'Succeeded');
    assert.ok(Object.hasOwn(h.execution(id).stages, '__proto__'), 'the stage is an own record, not the prototype');
    assert.equal(Object.getPrototypeOf(h.execution(id).stages), Object.prototype);
  });
});
