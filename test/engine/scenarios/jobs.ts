/**
 * Starting executions and carrying out actions (spec §1.3, §4.4): start-time validation, source
 * revisions, late and stale reports from workers and timers, output variable limits.
 */
import assert from 'node:assert/strict';
import { build, makePipeline, source, stage } from '../harness.ts';
import type { Scenario } from '../scenario-runner.ts';

const withVariables = makePipeline({ pipelineType: 'V2', variables: [{ name: 'Env', defaultValue: 'dev' }, { name: 'Ticket' }] });

export const jobScenarios: Scenario[] = [
  {
    name: 'start refusals: an undeclared variable, an unknown source action; a source revision reaches the job',
    pipeline: makePipeline({ pipelineType: 'V2', variables: [{ name: 'Env', defaultValue: 'dev' }] }),
    steps: [
      { start: 'e2', variables: [{ name: 'Nope', value: 'x' }], error: ['ValidationException', /Nope are not declared/] },
      { start: 'e2', sourceRevisions: [{ actionName: 'Compile', revisionType: 'COMMIT_ID', revisionValue: 'abc' }],
        error: ['ValidationException', /Compile, which is not a source action/] },
      { start: 'e2', sourceRevisions: [{ actionName: 'Src', revisionType: 'COMMIT_ID', revisionValue: 'abc' }] },
      { succeed: ['e1', 'Src'] },
    ],
    expect: { executions: { e2: 'InProgress' } },
    check: (run) => {
      const job = run.h.allJobs.find((j) => j.executionId === run.id('e2'))!;
      assert.deepEqual(job.data.sourceRevision, { revisionType: 'COMMIT_ID', revisionValue: 'abc' });
    },
  },
  {
    // CreatePipeline's own execution cannot pass values, so a variable without a default makes
    // that first start fail; the pipeline is not created either (one decision).
    name: 'a pipeline variable without a default needs a value at start',
    empty: true,
    steps: [
      { create: withVariables, error: ['ValidationException', /Ticket have no default value/] },
      { send: () => ({ type: 'CreatePipeline', declaration: makePipeline({ pipelineType: 'V2', variables: [{ name: 'Env', defaultValue: 'dev' }] }), executionId: 'first' }) },
      { update: withVariables },
      { start: 'e2', error: ['ValidationException', /Ticket have no default value; pass a value/] },
      { start: 'e3', variables: [{ name: 'Ticket', value: 'T-1' }] },
    ],
    expect: {},
    check: (run) => assert.deepEqual(run.h.execution(run.id('e3')).variables, [
      { name: 'Env', resolvedValue: 'dev' }, { name: 'Ticket', resolvedValue: 'T-1' },
    ]),
  },
  {
    name: 'a report on a job replaced by a continuation, or on an unknown execution, is refused',
    steps: [
      { succeed: ['e1', 'Src'], report: { continuationToken: 'page-2' } },
      { expect: { emitted: [], actions: { 'e1/Source/Src': ['InProgress'] } } },
      { send: (run) => {
        const first = run.h.allJobs[0]!;
        return { type: 'JobSucceeded', jobId: first.jobId, actionExecutionId: first.actionExecutionId, executionId: first.executionId };
      }, error: ['InvalidJobStateException', /no longer in progress/] },
      { send: (run) => {
        const open = run.h.job(run.id('e1'), 'Src');
        return { type: 'JobFailed', jobId: open.jobId, actionExecutionId: open.actionExecutionId, executionId: 'nope', failureType: 'JobFailed', message: 'x' };
      }, error: ['InvalidJobStateException', /no longer in progress/] },
      { succeed: ['e1', 'Src'] },
    ],
    expect: { actions: { 'e1/Source/Src': ['Succeeded'] }, stages: { 'e1/Build': 'InProgress' } },
  },
  {
    name: 'a lost lease on a job whose action already ended only closes the job',
    steps: [
      { stop: 'e1', abandon: true },
      { send: (run) => {
        const job = run.h.allJobs[0]!;
        return { type: 'JobLeaseExpired', jobId: job.jobId, actionExecutionId: job.actionExecutionId, executionId: job.executionId };
      } },
      { expect: { emitted: [] } },
    ],
    expect: { executions: { e1: 'Stopped' }, actions: { 'e1/Source/Src': ['Abandoned'] } },
    check: ({ h }) => assert.equal(h.closedJobs.get(h.allJobs[0]!.jobId), 'Cancelled'),
  },
  {
    name: 'a timer that fires after its action ended changes nothing',
    steps: [
      { send: (run) => {
        const action = run.h.action(run.id('e1'), 'Source', 'Src');
        return { type: 'TimerFired', timerId: 'not-the-current-timer', actionExecutionId: action.actionExecutionId, executionId: run.id('e1') };
      } },
      { expect: { emitted: [], actions: { 'e1/Source/Src': ['InProgress'] } } },
      { succeed: ['e1', 'Src'] },
      { send: (run) => {
        const action = run.h.attempts(run.id('e1'), 'Source', 'Src')[0]!;
        return { type: 'TimerFired', timerId: 'whatever', actionExecutionId: action.actionExecutionId, executionId: run.id('e1') };
      } },
      { expect: { emitted: [] } },
    ],
    expect: { actions: { 'e1/Source/Src': ['Succeeded'] } },
  },
  {
    name: 'output variables over 122,880 bytes fail the action',
    steps: [
      { succeed: ['e1', 'Src'], report: { outputVariables: { Big: 'x'.repeat(122_880) } } },
    ],
    expect: { executions: { e1: 'Failed' }, actions: { 'e1/Source/Src': ['Failed'] } },
    check: ({ h, id }) => {
      assert.match(h.action(id('e1'), 'Source', 'Src').errorDetails?.message ?? '', /Output variables exceed 122880 bytes/);
      assert.deepEqual(h.execution(id('e1')).artifacts, {}, 'a failed action publishes no artifact');
    },
  },
  {
    name: 'a resolved configuration over 100 KB fails the action at start with ConfigurationError',
    pipeline: { ...makePipeline(), stages: [
      stage('Source', source('Src', 'SrcOut', { namespace: 'SrcVars' })),
      stage('Build', build('Compile', { configuration: { ProjectName: 'p', A: '#{SrcVars.Big}', B: '#{SrcVars.Big}' } })),
    ] },
    steps: [
      { succeed: ['e1', 'Src'], report: { outputVariables: { Big: 'x'.repeat(60_000) } } },
      { expect: { emitted: [
        'e1 Source/Src:SUCCEEDED', 'e1 Source:SUCCEEDED', 'e1 Build:STARTED', 'e1 Build/Compile:STARTED',
        'e1 Build/Compile:FAILED', 'e1 Build:FAILED', 'e1 FAILED',
      ], openJobs: [] } },
    ],
    expect: { executions: { e1: 'Failed' } },
    check: ({ h, id }) => {
      const details = h.action(id('e1'), 'Build', 'Compile').errorDetails;
      assert.equal(details?.code, 'ConfigurationError');
      assert.match(details?.message ?? '', /exceeds 102400 bytes/);
    },
  },
];
