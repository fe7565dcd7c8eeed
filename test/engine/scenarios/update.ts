/**
 * CreatePipeline / UpdatePipeline while executions run (spec §2.6, §7.5): the version increments,
 * executions keep their version, running ones finish their in-flight actions and end Cancelled,
 * waiting ones end Cancelled at once, pending approvals are abandoned.
 */
import assert from 'node:assert/strict';
import { approval, build, makePipeline, stage } from '../harness.ts';
import type { Scenario } from '../scenario-runner.ts';

const v2 = makePipeline({}, [stage('Build', build('Compile')), stage('Deploy', build('Ship2'))]);
const gated = makePipeline({}, [stage('Gate', approval('Approve')), stage('Deploy', build('Ship'))]);

export const updateScenarios: Scenario[] = [
  {
    name: 'a running execution lets its in-flight actions finish, then ends Cancelled; the version increments',
    steps: [
      { succeed: ['e1', 'Src'] },
      { update: v2 },
      { expect: { emitted: [], executions: { e1: 'InProgress' }, stages: { 'e1/Build': 'InProgress' }, openJobs: ['e1/Compile'] } },
      { start: 'e2' },
      { succeed: ['e2', 'Src'] },
      { expect: { waiting: { Build: ['e2'] }, locks: { Build: 'e1' } } },
      { succeed: ['e1', 'Compile'] },
      { expect: { emitted: [
        'e1 Build/Compile:SUCCEEDED', 'e1 Build:CANCELED', 'e1 CANCELED', 'e2 Build:STARTED', 'e2 Build/Compile:STARTED',
      ] } },
      { finish: 'e2' },
    ],
    expect: {
      executions: { e1: 'Cancelled', e2: 'Succeeded' },
      stages: { 'e1/Build': 'Cancelled', 'e1/Deploy': undefined },
      actions: { 'e1/Build/Compile': ['Succeeded'], 'e2/Deploy/Ship2': ['Succeeded'] },
    },
    check: ({ h, id }) => {
      assert.equal(h.state.pipeline?.version, 2);
      assert.equal(h.execution(id('e1')).pipelineVersion, 1);
      assert.equal(h.execution(id('e2')).pipelineVersion, 2);
      const versions = (label: string) => new Set(h.emitted.filter((e) => e.detail['execution-id'] === id(label)).map((e) => e.detail.version));
      assert.deepEqual(versions('e1'), new Set([1]), 'events carry the execution\'s own version');
      assert.deepEqual(versions('e2'), new Set([2]));
      const states = new Set(h.emitted.map((e) => e.detail.state as string));
      assert.ok(states.has('CANCELED') && !states.has('CANCELLED'), 'events spell CANCELED with one L');
    },
  },
  {
    name: 'an in-flight action that fails after the update still ends the execution Cancelled',
    steps: [
      { succeed: ['e1', 'Src'] },
      { update: v2 },
      { fail: ['e1', 'Compile'] },
      { expect: { emitted: ['e1 Build/Compile:FAILED', 'e1 Build:CANCELED', 'e1 CANCELED'] } },
    ],
    expect: { executions: { e1: 'Cancelled' }, stages: { 'e1/Build': 'Cancelled' } },
  },
  {
    name: 'an execution waiting between stages is Cancelled at once',
    steps: [
      { succeed: ['e1', 'Src'] },
      { start: 'e2' },
      { succeed: ['e2', 'Src'] },
      { update: v2 },
      { expect: { emitted: ['e2 CANCELED'], waiting: { Build: [] } } },
    ],
    expect: {
      executions: { e1: 'InProgress', e2: 'Cancelled' },
      log: { e2: ['STARTED', 'Source:STARTED', 'Source/Src:STARTED', 'Source/Src:SUCCEEDED', 'Source:SUCCEEDED', 'CANCELED'] },
    },
  },
  {
    name: 'a pending approval is abandoned and its execution ends Cancelled',
    pipeline: gated,
    steps: [
      { succeed: ['e1', 'Src'] },
      { update: gated },
      { expect: { emitted: ['e1 Gate/Approve:ABANDONED', 'e1 Gate:CANCELED', 'e1 CANCELED'], locks: { Gate: undefined } } },
      { approve: ['e1', 'Gate', 'Approve'], attempt: 1, error: ['InvalidApprovalTokenException', /not valid/] },
    ],
    expect: { executions: { e1: 'Cancelled' }, actions: { 'e1/Gate/Approve': ['Abandoned'] } },
    check: ({ h }) => assert.equal(h.timers.size, 0, 'the approval timer is cancelled'),
  },
  {
    // The waiter behind an execution that the update ends at once must not slip into the stage
    // under the old version: it is itself an execution of the old version, waiting, so Cancelled.
    name: 'a waiter of the old version does not enter the stage freed by a cancelled execution',
    pipeline: gated,
    steps: [
      { succeed: ['e1', 'Src'] },
      { start: 'e2' },
      { succeed: ['e2', 'Src'] },
      { expect: { waiting: { Gate: ['e2'] } } },
      { update: gated },
      { expect: { emitted: ['e2 CANCELED', 'e1 Gate/Approve:ABANDONED', 'e1 Gate:CANCELED', 'e1 CANCELED'] } },
    ],
    expect: {
      executions: { e1: 'Cancelled', e2: 'Cancelled' }, stages: { 'e2/Gate': undefined },
      locks: { Gate: undefined }, waiting: { Gate: [] }, openJobs: [],
    },
  },
  {
    name: 'QUEUED: every queued execution of the old version is Cancelled at once',
    pipeline: makePipeline({ pipelineType: 'V2', executionMode: 'QUEUED' }),
    steps: [
      { start: 'e2' },
      { start: 'e3' },
      { update: makePipeline({ pipelineType: 'V2', executionMode: 'QUEUED' }) },
      { expect: { emitted: ['e2 CANCELED', 'e3 CANCELED'], waiting: { Source: [] } } },
      { start: 'e4' },
      { expect: { waiting: { Source: ['e4'] } } },
      { succeed: ['e1', 'Src'] },
      { expect: { emitted: ['e1 Source/Src:SUCCEEDED', 'e1 Source:CANCELED', 'e1 CANCELED', 'e4 Source:STARTED', 'e4 Source/Src:STARTED'] } },
    ],
    expect: { executions: { e1: 'Cancelled', e2: 'Cancelled', e3: 'Cancelled', e4: 'InProgress' } },
  },
  {
    name: 'a stop-and-wait pending during an update still ends Stopped',
    steps: [
      { stop: 'e1' },
      { update: v2 },
      { succeed: ['e1', 'Src'] },
    ],
    expect: { executions: { e1: 'Stopped' }, stages: { 'e1/Source': 'Stopped' } },
  },
  {
    name: 'CreatePipeline on an existing name is refused',
    steps: [
      { create: makePipeline(), error: ['PipelineNameInUseException', /'app' already exists/] },
    ],
    expect: { executions: { e1: 'InProgress' } },
  },
  {
    // Spec §4.1: UpdatePipeline has no PipelineNotFound error; an unknown name is a ValidationException.
    name: 'UpdatePipeline of a missing pipeline is a ValidationException; other events find no pipeline',
    empty: true,
    steps: [
      { update: makePipeline(), error: ['ValidationException', /app does not exist/] },
      { start: 'e1', error: ['PipelineNotFoundException', /Pipeline app not found/] },
      { disable: ['Build', 'Inbound', 'x'], error: ['PipelineNotFoundException', /not found/] },
      { create: makePipeline() },
    ],
    expect: {},
    check: ({ h }) => assert.equal(h.state.pipeline?.version, 1),
  },
];
