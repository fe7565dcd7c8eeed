/**
 * StopPipelineExecution (spec §2.5, §7.4): stop and wait, abandon, the upgrade from one to the
 * other, Duplicated / NotStoppable refusals, stopping a waiter, retry after a stop.
 */
import assert from 'node:assert/strict';
import { approval, build, makePipeline, stage } from '../harness.ts';
import type { Scenario } from '../scenario-runner.ts';

/** Build holds two parallel actions and a later group. */
const twoAndLater = makePipeline({}, [
  stage('Build', build('A'), build('B'), build('Later', { runOrder: 2 })),
  stage('Deploy', build('Ship')),
]);

export const stopScenarios: Scenario[] = [
  {
    name: 'stop and wait: Stopping while actions run, nothing new starts, then Stopped',
    pipeline: twoAndLater,
    steps: [
      { succeed: ['e1', 'Src'] },
      { stop: 'e1', reason: 'enough for today' },
      { expect: { emitted: ['e1 STOPPING', 'e1 Build:STOPPING'], executions: { e1: 'Stopping' }, stages: { 'e1/Build': 'Stopping' } } },
      { succeed: ['e1', 'A'] },
      { expect: { emitted: ['e1 Build/A:SUCCEEDED'], executions: { e1: 'Stopping' }, openJobs: ['e1/B'] } },
      { fail: ['e1', 'B'] },
      { expect: { emitted: ['e1 Build/B:FAILED', 'e1 Build:STOPPED', 'e1 STOPPED'] } },
    ],
    expect: {
      executions: { e1: 'Stopped' }, stages: { 'e1/Build': 'Stopped', 'e1/Deploy': undefined },
      actions: { 'e1/Build/A': ['Succeeded'], 'e1/Build/B': ['Failed'], 'e1/Build/Later': [] },
      openJobs: [], locks: { Build: undefined },
    },
    check: ({ h, id }) => {
      const e1 = id('e1');
      const stopping = h.emitted.find((e) => e.detail['execution-id'] === e1 && e.detail.state === 'STOPPING' && !e.detail.stage);
      assert.equal(stopping?.detail['stop-execution-comments'], 'enough for today');
      assert.deepEqual(h.execution(e1).stopTrigger, { reason: 'enough for today' });
      assert.equal(h.execution(e1).stopMode, undefined);
      assert.equal(h.timers.size, 0);
    },
  },
  {
    name: 'a second stop-and-wait while Stopping is a duplicate',
    steps: [
      { stop: 'e1' },
      { stop: 'e1', error: ['DuplicatedStopRequestException', /already being stopped/] },
    ],
    expect: { executions: { e1: 'Stopping' }, openJobs: ['e1/Src'] },
  },
  {
    name: 'abandon: running actions are Abandoned at once, their jobs Cancelled, the execution Stopped',
    pipeline: twoAndLater,
    steps: [
      { succeed: ['e1', 'Src'] },
      { succeed: ['e1', 'A'] },
      { stop: 'e1', abandon: true, reason: 'wrong commit' },
      { expect: { emitted: ['e1 STOPPING', 'e1 Build:STOPPING', 'e1 Build/B:ABANDONED', 'e1 Build:STOPPED', 'e1 STOPPED'] } },
      // The worker still holding B's job reports late: the job is closed.
      { succeed: ['e1', 'B'], attempt: 1, error: ['InvalidJobStateException', /no longer in progress/] },
      { fail: ['e1', 'B'], attempt: 1, error: ['InvalidJobStateException', /no longer in progress/] },
    ],
    expect: { executions: { e1: 'Stopped' }, actions: { 'e1/Build/A': ['Succeeded'], 'e1/Build/B': ['Abandoned'] }, openJobs: [] },
    check: ({ h, id }) => {
      const job = h.allJobs.find((j) => j.executionId === id('e1') && j.actionName === 'B');
      assert.equal(h.closedJobs.get(job!.jobId), 'Cancelled');
      assert.equal(h.timers.size, 0, 'the abandoned action timer is cancelled');
    },
  },
  {
    name: 'abandon upgrades a pending stop-and-wait without a second STOPPING',
    steps: [
      { stop: 'e1', reason: 'first' },
      { stop: 'e1', abandon: true, reason: 'second' },
      { expect: { emitted: ['e1 Source/Src:ABANDONED', 'e1 Source:STOPPED', 'e1 STOPPED'] } },
    ],
    expect: {
      executions: { e1: 'Stopped' }, actions: { 'e1/Source/Src': ['Abandoned'] },
      log: { e1: ['STARTED', 'Source:STARTED', 'Source/Src:STARTED', 'STOPPING', 'Source:STOPPING', 'Source/Src:ABANDONED', 'Source:STOPPED', 'STOPPED'] },
    },
    check: ({ h, id }) => assert.deepEqual(h.execution(id('e1')).stopTrigger, { reason: 'first' }),
  },
  {
    // An abandon completes within its own request (nothing is left running), so a repeated
    // abandon finds the execution Stopped: AWS answers NotStoppable for a Stopped execution;
    // DuplicatedStopRequest is for executions still Stopping.
    name: 'a repeated abandon, or any stop of a finished execution, is not stoppable',
    steps: [
      { stop: 'e1', abandon: true },
      { stop: 'e1', abandon: true, error: ['PipelineExecutionNotStoppableException', /cannot be stopped because it is Stopped/] },
      { stop: 'e1', error: ['PipelineExecutionNotStoppableException', /Stopped/] },
      { start: 'e2' },
      { finish: 'e2' },
      { stop: 'e2', error: ['PipelineExecutionNotStoppableException', /cannot be stopped because it is Succeeded/] },
      { start: 'e3' },
      { succeed: ['e3', 'Src'] },
      { fail: ['e3', 'Compile'] },
      { stop: 'e3', abandon: true, error: ['PipelineExecutionNotStoppableException', /Failed/] },
      { stop: 'nope', error: ['PipelineExecutionNotFoundException', /unknown-nope/] },
      { start: 'e4' },
      { stop: 'e4' },
    ],
    expect: { executions: { e1: 'Stopped', e2: 'Succeeded', e3: 'Failed', e4: 'Stopping' } },
    check: ({ h, id }) => {
      // No decision leaves an abandon Stopping, but a state saved with one (ABANDON recorded,
      // actions still running) must still refuse a second abandon as a duplicate.
      h.execution(id('e4')).stopMode = 'ABANDON';
      assert.throws(() => h.send({ type: 'StopExecution', executionId: id('e4'), abandon: true }),
        { code: 'DuplicatedStopRequestException', message: /already being stopped/ });
    },
  },
  {
    name: 'stopping an execution waiting between stages stops it at once; it cannot be retried',
    steps: [
      { succeed: ['e1', 'Src'] },
      { start: 'e2' },
      { succeed: ['e2', 'Src'] },
      { stop: 'e2', reason: 'skip it' },
      { expect: { emitted: ['e2 STOPPING', 'e2 STOPPED'], waiting: { Build: [] }, locks: { Build: 'e1' } } },
      { retry: ['e2', 'Build', 'FAILED_ACTIONS'], error: ['StageNotRetryableException', /Build of execution .* is not run/] },
      { retry: ['e2', 'Source', 'ALL_ACTIONS'], error: ['StageNotRetryableException', /Source of execution .* is Succeeded/] },
    ],
    expect: { executions: { e1: 'InProgress', e2: 'Stopped' }, stages: { 'e2/Source': 'Succeeded', 'e2/Build': undefined } },
  },
  {
    name: 'stopping an execution waiting in front of the first stage stops it at once',
    steps: [
      { start: 'e2' },
      { stop: 'e2', abandon: true },
    ],
    expect: { executions: { e1: 'InProgress', e2: 'Stopped' }, log: { e2: ['STARTED', 'STOPPING', 'STOPPED'] }, waiting: { Source: [] } },
  },
  {
    name: 'a stopped stage can be retried: the abandoned action runs again and the execution goes on',
    steps: [
      { succeed: ['e1', 'Src'] },
      { stop: 'e1', abandon: true },
      { retry: ['e1', 'Build', 'FAILED_ACTIONS'] },
      { expect: { emitted: ['e1 RESUMED', 'e1 Build:RESUMED', 'e1 Build/Compile:STARTED'], executions: { e1: 'InProgress' }, locks: { Build: 'e1' } } },
      { finish: 'e1' },
    ],
    expect: { executions: { e1: 'Succeeded' }, actions: { 'e1/Build/Compile': ['Abandoned', 'Succeeded'] } },
    check: ({ h, id }) => {
      assert.equal(h.execution(id('e1')).stages.Build?.manualRetryAttempt, 1);
      assert.equal(h.execution(id('e1')).statusSummary, undefined);
    },
  },
  {
    name: 'a stage stopped after its actions all succeeded resumes with the next group on retry',
    pipeline: twoAndLater,
    steps: [
      { succeed: ['e1', 'Src'] },
      { stop: 'e1' },
      { succeed: ['e1', 'A'] },
      { succeed: ['e1', 'B'] },
      { expect: { executions: { e1: 'Stopped' }, stages: { 'e1/Build': 'Stopped' } } },
      { retry: ['e1', 'Build', 'FAILED_ACTIONS'] },
      { expect: { emitted: ['e1 RESUMED', 'e1 Build:RESUMED', 'e1 Build/Later:STARTED'] } },
      { finish: 'e1' },
    ],
    expect: { executions: { e1: 'Succeeded' }, actions: { 'e1/Build/A': ['Succeeded'], 'e1/Build/Later': ['Succeeded'] } },
  },
  {
    name: 'abandoning a pending approval: the action is Abandoned, its timer cancelled, the token dead',
    pipeline: makePipeline({}, [stage('Gate', approval('Approve')), stage('Deploy', build('Ship'))]),
    steps: [
      { succeed: ['e1', 'Src'] },
      { stop: 'e1', abandon: true },
      { expect: { emitted: ['e1 STOPPING', 'e1 Gate:STOPPING', 'e1 Gate/Approve:ABANDONED', 'e1 Gate:STOPPED', 'e1 STOPPED'] } },
      { approve: ['e1', 'Gate', 'Approve'], attempt: 1, error: ['InvalidApprovalTokenException', /not valid/] },
    ],
    expect: { executions: { e1: 'Stopped' }, actions: { 'e1/Gate/Approve': ['Abandoned'] } },
    check: ({ h }) => assert.equal(h.timers.size, 0),
  },
];
