/**
 * Enable/DisableStageTransition (spec §2.3): executions wait in front of a disabled inbound
 * transition (superseding still applies), a disabled outbound transition keeps them from leaving,
 * enabling lets the waiter(s) in, and the transition state records who, why and when.
 */
import assert from 'node:assert/strict';
import { T0, makePipeline } from '../harness.ts';
import type { Scenario } from '../scenario-runner.ts';

export const transitionScenarios: Scenario[] = [
  {
    name: 'a disabled inbound transition holds executions in front of a free stage; enabling lets them in',
    steps: [
      { disable: ['Build', 'Inbound', 'Freeze (release) window'] },
      { succeed: ['e1', 'Src'] },
      { expect: {
        emitted: ['e1 Source/Src:SUCCEEDED', 'e1 Source:SUCCEEDED'],
        executions: { e1: 'InProgress' }, waiting: { Build: ['e1'] }, locks: { Build: undefined, Source: undefined },
      } },
      { advance: 90_000 },
      { enable: ['Build', 'Inbound'] },
      { expect: { emitted: ['e1 Build:STARTED', 'e1 Build/Compile:STARTED'], waiting: { Build: [] }, locks: { Build: 'e1' } } },
    ],
    expect: { stages: { 'e1/Build': 'InProgress' } },
    check: ({ h }) => {
      const build = h.state.pipeline?.runtime.stages.Build;
      assert.deepEqual(build?.inbound, { enabled: true, lastChangedAt: T0 + 90_000, lastChangedBy: 'bob' });
    },
  },
  {
    name: 'the transition state records the reason, who changed it and when',
    steps: [
      { advance: 5_000 },
      { disable: ['Deploy', 'Inbound', 'Waiting for QA sign-off'] },
      { disable: ['Build', 'Outbound', 'Hold builds'] },
    ],
    expect: { executions: { e1: 'InProgress' } },
    check: ({ h }) => {
      const stages = h.state.pipeline?.runtime.stages;
      assert.deepEqual(stages?.Deploy?.inbound, { enabled: false, disabledReason: 'Waiting for QA sign-off', lastChangedBy: 'alice', lastChangedAt: T0 + 5_000 });
      assert.deepEqual(stages?.Build?.outbound, { enabled: false, disabledReason: 'Hold builds', lastChangedBy: 'alice', lastChangedAt: T0 + 5_000 });
      assert.equal(h.emitted.length, 3, 'changing a transition emits no execution event');
    },
  },
  {
    name: 'SUPERSEDED: waiters at a disabled transition supersede each other; enabling admits the latest',
    steps: [
      { disable: ['Build', 'Inbound', 'freeze'] },
      { start: 'e2' },
      { start: 'e3' },
      { expect: { executions: { e2: 'Superseded' }, waiting: { Source: ['e3'] } } },
      { succeed: ['e1', 'Src'] },
      { expect: { waiting: { Build: ['e1'] }, locks: { Source: 'e3' } } },
      { succeed: ['e3', 'Src'] },
      { expect: { emitted: ['e3 Source/Src:SUCCEEDED', 'e3 Source:SUCCEEDED', 'e1 SUPERSEDED'], waiting: { Build: ['e3'] } } },
      { enable: ['Build', 'Inbound'] },
      { finish: 'e3' },
    ],
    expect: { executions: { e1: 'Superseded', e2: 'Superseded', e3: 'Succeeded' } },
  },
  {
    name: 'QUEUED: waiters at a disabled transition keep their order and enter one at a time',
    pipeline: makePipeline({ pipelineType: 'V2', executionMode: 'QUEUED' }),
    steps: [
      { disable: ['Build', 'Inbound', 'freeze'] },
      { start: 'e2' },
      { succeed: ['e1', 'Src'] },
      { succeed: ['e2', 'Src'] },
      { expect: { waiting: { Build: ['e1', 'e2'] } } },
      { enable: ['Build', 'Inbound'] },
      { expect: { emitted: ['e1 Build:STARTED', 'e1 Build/Compile:STARTED'], waiting: { Build: ['e2'] }, locks: { Build: 'e1' } } },
      { finish: 'e1' },
      { finish: 'e2' },
    ],
    expect: { executions: { e1: 'Succeeded', e2: 'Succeeded' } },
  },
  {
    name: 'PARALLEL: every waiter at a disabled transition enters when it is enabled',
    pipeline: makePipeline({ pipelineType: 'V2', executionMode: 'PARALLEL' }),
    steps: [
      { disable: ['Build', 'Inbound', 'freeze'] },
      { start: 'e2' },
      { succeed: ['e1', 'Src'] },
      { succeed: ['e2', 'Src'] },
      { expect: { waiting: { Build: ['e1', 'e2'] }, openJobs: [] } },
      { enable: ['Build', 'Inbound'] },
    ],
    expect: { waiting: { Build: [] }, openJobs: ['e1/Compile', 'e2/Compile'] },
  },
  {
    name: 'a disabled outbound transition keeps a finishing execution from entering the next stage',
    steps: [
      { disable: ['Build', 'Outbound', 'hold'] },
      { succeed: ['e1', 'Src'] },
      { succeed: ['e1', 'Compile'] },
      { expect: {
        emitted: ['e1 Build/Compile:SUCCEEDED', 'e1 Build:SUCCEEDED'],
        stages: { 'e1/Build': 'Succeeded', 'e1/Deploy': undefined }, waiting: { Deploy: ['e1'] }, locks: { Build: undefined },
      } },
      // The stage it left is free for the next execution.
      { start: 'e2' },
      { succeed: ['e2', 'Src'] },
      { expect: { locks: { Build: 'e2' } } },
      { enable: ['Build', 'Outbound'] },
      { expect: { emitted: ['e1 Deploy:STARTED', 'e1 Deploy/Ship:STARTED'], waiting: { Deploy: [] } } },
    ],
    expect: { executions: { e1: 'InProgress', e2: 'InProgress' }, locks: { Deploy: 'e1', Build: 'e2' } },
  },
  {
    name: 'the first stage has no inbound transition: disabling it is refused, enabling it is a no-op',
    steps: [
      { disable: ['Source', 'Inbound', 'no new runs'], error: ['ValidationException', /Source is the first stage of pipeline \S+ and has no inbound transition/] },
      { enable: ['Source', 'Inbound'] },
      { finish: 'e1' },
    ],
    expect: { executions: { e1: 'Succeeded' } },
  },
  {
    name: 'an execution waits while either side of the transition is disabled',
    steps: [
      { disable: ['Build', 'Outbound', 'hold'] },
      { disable: ['Deploy', 'Inbound', 'hold'] },
      { succeed: ['e1', 'Src'] },
      { succeed: ['e1', 'Compile'] },
      { enable: ['Build', 'Outbound'] },
      { expect: { emitted: [], waiting: { Deploy: ['e1'] } } },
      { enable: ['Deploy', 'Inbound'] },
      { expect: { emitted: ['e1 Deploy:STARTED', 'e1 Deploy/Ship:STARTED'] } },
    ],
    expect: { waiting: { Deploy: [] }, locks: { Deploy: 'e1' } },
  },
  {
    // A retry resumes a stage the execution is already in: it passes no transition.
    name: 'a failed stage can be retried behind a disabled inbound transition; the waiter enters after it',
    steps: [
      { succeed: ['e1', 'Src'] },
      { disable: ['Build', 'Inbound', 'freeze'] },
      { start: 'e2' },
      { succeed: ['e2', 'Src'] },
      { fail: ['e1', 'Compile'] },
      { expect: { waiting: { Build: ['e2'] }, locks: { Build: undefined } } },
      { retry: ['e1', 'Build', 'FAILED_ACTIONS'] },
      { enable: ['Build', 'Inbound'] },
      { expect: { emitted: [], locks: { Build: 'e1' }, waiting: { Build: ['e2'] } } },
      { succeed: ['e1', 'Compile'] },
    ],
    expect: { locks: { Build: 'e2', Deploy: 'e1' }, actions: { 'e1/Build/Compile': ['Failed', 'Succeeded'] } },
  },
  {
    name: 'enabling a transition that was never disabled changes nothing but its record',
    steps: [
      { enable: ['Deploy', 'Inbound'] },
      { expect: { emitted: [] } },
    ],
    expect: { executions: { e1: 'InProgress' }, openJobs: ['e1/Src'] },
  },
  {
    name: 'a transition of an unknown stage is refused',
    steps: [
      { disable: ['Nope', 'Inbound', 'x'], error: ['StageNotFoundException', /Stage Nope not found in pipeline app/] },
      { enable: ['Nope', 'Outbound'], error: ['StageNotFoundException', /Nope/] },
    ],
    expect: { executions: { e1: 'InProgress' } },
  },
];
