/**
 * RetryStageExecution (spec §2.4) and the approval rules that retry touches (§4.5): which actions
 * re-run, same execution id, RESUMED events, the refusals, fresh approval tokens.
 */
import assert from 'node:assert/strict';
import { approval, build, makePipeline, stage } from '../harness.ts';
import type { Scenario } from '../scenario-runner.ts';

/** Build holds A and B in parallel, then Later. */
const parallelBuild = makePipeline({}, [
  stage('Build', build('A'), build('B'), build('Later', { runOrder: 2 })),
  stage('Deploy', build('Ship')),
]);
const gated = makePipeline({}, [stage('Gate', approval('Approve', { timeoutInMinutes: 60 })), stage('Deploy', build('Ship'))]);

export const retryScenarios: Scenario[] = [
  {
    name: 'FAILED_ACTIONS re-runs only the failed actions, keeps succeeded siblings and the execution id',
    pipeline: parallelBuild,
    steps: [
      { succeed: ['e1', 'Src'] },
      { fail: ['e1', 'A'] },
      { succeed: ['e1', 'B'] },
      { expect: { executions: { e1: 'Failed' }, stages: { 'e1/Build': 'Failed' }, locks: { Build: undefined } } },
      { retry: ['e1', 'Build', 'FAILED_ACTIONS'] },
      { expect: {
        emitted: ['e1 RESUMED', 'e1 Build:RESUMED', 'e1 Build/A:STARTED'], executions: { e1: 'InProgress' },
        stages: { 'e1/Build': 'InProgress' }, locks: { Build: 'e1' }, openJobs: ['e1/A'],
      } },
      { succeed: ['e1', 'A'] },
      { expect: { emitted: ['e1 Build/A:SUCCEEDED', 'e1 Build/Later:STARTED'] } },
      { finish: 'e1' },
    ],
    expect: {
      executions: { e1: 'Succeeded' },
      actions: { 'e1/Build/A': ['Failed', 'Succeeded'], 'e1/Build/B': ['Succeeded'], 'e1/Build/Later': ['Succeeded'] },
    },
    check: ({ h, id }) => {
      const [first, second] = h.attempts(id('e1'), 'Build', 'A');
      assert.notEqual(first?.actionExecutionId, second?.actionExecutionId, 'a retry is a new action execution');
      const stageExecution = h.execution(id('e1')).stages.Build!;
      assert.equal(stageExecution.manualRetryAttempt, 1);
      assert.equal(stageExecution.latestRetryTrigger, 'ManualStageRetry');
      assert.equal(h.execution(id('e1')).stages.Build?.actions.B?.actionExecutionId, h.attempts(id('e1'), 'Build', 'B')[0]?.actionExecutionId);
    },
  },
  {
    name: 'ALL_ACTIONS restarts the stage from its first group; each retry counts',
    pipeline: parallelBuild,
    steps: [
      { succeed: ['e1', 'Src'] },
      { succeed: ['e1', 'A'] },
      { succeed: ['e1', 'B'] },
      { fail: ['e1', 'Later'] },
      { retry: ['e1', 'Build', 'ALL_ACTIONS'] },
      { expect: { emitted: ['e1 RESUMED', 'e1 Build:RESUMED', 'e1 Build/A:STARTED', 'e1 Build/B:STARTED'], openJobs: ['e1/A', 'e1/B'] } },
      { succeed: ['e1', 'A'] },
      { succeed: ['e1', 'B'] },
      { fail: ['e1', 'Later'] },
      { retry: ['e1', 'Build', 'FAILED_ACTIONS'] },
      { finish: 'e1' },
    ],
    expect: {
      executions: { e1: 'Succeeded' },
      actions: {
        'e1/Build/A': ['Succeeded', 'Succeeded'], 'e1/Build/B': ['Succeeded', 'Succeeded'],
        'e1/Build/Later': ['Failed', 'Failed', 'Succeeded'],
      },
    },
    check: ({ h, id }) => assert.equal(h.execution(id('e1')).stages.Build?.manualRetryAttempt, 2),
  },
  {
    // AWS: a retry overrides the outputs of the earlier attempt in the same execution.
    name: 'a retried source stage replaces the execution\'s artifact and its revision',
    steps: [
      { stop: 'e1' },
      { succeed: ['e1', 'Src'], revision: 'aaa' },
      { retry: ['e1', 'Source', 'ALL_ACTIONS'] },
      { succeed: ['e1', 'Src'], revision: 'bbb' },
    ],
    expect: { actions: { 'e1/Source/Src': ['Succeeded', 'Succeeded'] }, stages: { 'e1/Build': 'InProgress' } },
    check: ({ h, id }) => {
      const execution = h.execution(id('e1'));
      assert.deepEqual(execution.artifactRevisions.map((r) => [r.name, r.revisionId]), [['SrcOut', 'bbb']]);
      assert.equal(execution.artifacts.SrcOut?.key, h.attempts(id('e1'), 'Source', 'Src')[1]?.outputArtifacts[0]?.key);
      assert.equal(h.job(id('e1'), 'Compile').data.inputArtifacts[0]?.revision, 'bbb');
    },
  },
  {
    name: 'retry refusals: nothing failed, not run, in progress, unknown stage or execution',
    steps: [
      { retry: ['e1', 'Source', 'FAILED_ACTIONS'], error: ['ConflictException', /is InProgress; wait for it to end/] },
      { stop: 'e1' },
      { retry: ['e1', 'Source', 'FAILED_ACTIONS'], error: ['ConflictException', /is Stopping/] },
      { succeed: ['e1', 'Src'] },
      { start: 'e2' },
      { finish: 'e2' },
      { retry: ['e2', 'Build', 'FAILED_ACTIONS'], error: ['StageNotRetryableException', /Build of execution .* is Succeeded/] },
      { retry: ['e2', 'Deploy', 'ALL_ACTIONS'], error: ['StageNotRetryableException', /is Succeeded; only a Failed or Stopped stage/] },
      { retry: ['e1', 'Build', 'FAILED_ACTIONS'], error: ['StageNotRetryableException', /Build of execution .* is not run/] },
      { retry: ['e2', 'Nope', 'FAILED_ACTIONS'], error: ['StageNotFoundException', /Stage Nope not found in pipeline app/] },
      { retry: ['nope', 'Build', 'FAILED_ACTIONS'], error: ['PipelineExecutionNotFoundException', /unknown-nope of pipeline app not found/] },
    ],
    expect: { executions: { e1: 'Stopped', e2: 'Succeeded' } },
  },
  {
    name: 'a failed execution is not retryable after UpdatePipeline; a new execution runs the new version',
    steps: [
      { succeed: ['e1', 'Src'] },
      { fail: ['e1', 'Compile'] },
      { update: makePipeline({}, [stage('Build', build('Compile2')), stage('Deploy', build('Ship'))]) },
      { expect: { executions: { e1: 'Failed' }, emitted: [] } },
      { retry: ['e1', 'Build', 'FAILED_ACTIONS'], error: ['StageNotRetryableException', /was updated \(version 1 → 2\)/] },
      { retry: ['e1', 'Build', 'ALL_ACTIONS'], error: ['StageNotRetryableException', /start a new execution/] },
      { start: 'e2' },
      { finish: 'e2' },
    ],
    expect: { executions: { e1: 'Failed', e2: 'Succeeded' }, actions: { 'e2/Build/Compile2': ['Succeeded'] } },
    check: ({ h, id }) => assert.equal(h.execution(id('e2')).pipelineVersion, 2),
  },
  {
    name: 'a retried approval gets a new token; the old token is invalid',
    pipeline: gated,
    steps: [
      { succeed: ['e1', 'Src'] },
      { approve: ['e1', 'Gate', 'Approve'], status: 'Rejected' },
      { expect: { emitted: ['e1 Gate/Approve:FAILED', 'e1 Gate:FAILED', 'e1 FAILED'], executions: { e1: 'Failed' } } },
      { approve: ['e1', 'Gate', 'Approve'], error: ['ApprovalAlreadyCompletedException', /already completed/] },
      { retry: ['e1', 'Gate', 'FAILED_ACTIONS'] },
      { approve: ['e1', 'Gate', 'Approve'], attempt: 1, error: ['InvalidApprovalTokenException', /not valid for action Approve/] },
      { approve: ['e1', 'Gate', 'Approve'] },
      { approve: ['e1', 'Gate', 'Approve'], error: ['ApprovalAlreadyCompletedException', /already approved/] },
      { finish: 'e1' },
    ],
    expect: { executions: { e1: 'Succeeded' }, actions: { 'e1/Gate/Approve': ['Failed', 'Succeeded'] } },
    check: ({ h, id }) => {
      const [first, second] = h.attempts(id('e1'), 'Gate', 'Approve');
      assert.ok(first?.token && second?.token);
      assert.notEqual(first.token, second.token);
      assert.equal(second.updatedBy, 'alice');
    },
  },
  {
    name: 'a pending approval keeps its stage locked; an expired token is invalid, not completed',
    pipeline: gated,
    steps: [
      { succeed: ['e1', 'Src'] },
      { start: 'e2' },
      { succeed: ['e2', 'Src'] },
      { expect: { locks: { Gate: 'e1' }, waiting: { Gate: ['e2'] } } },
      { advance: 60 * 60_000 },
      { expect: { emitted: ['e1 Gate/Approve:FAILED', 'e1 Gate:FAILED', 'e1 FAILED', 'e2 Gate:STARTED', 'e2 Gate/Approve:STARTED'] } },
      { approve: ['e1', 'Gate', 'Approve'], attempt: 1, error: ['InvalidApprovalTokenException', /may belong to an earlier attempt or have expired/] },
    ],
    expect: { executions: { e1: 'Failed', e2: 'InProgress' }, actions: { 'e1/Gate/Approve': ['Failed'] } },
    check: ({ h, id }) => assert.equal(h.action(id('e1'), 'Gate', 'Approve').errorDetails?.code, 'TimedOut'),
  },
];
