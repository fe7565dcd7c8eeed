/**
 * SUPERSEDED mode (spec §1.4, §7.2): stage locks, one waiter per stage, the newer arrival wins,
 * superseding only between stages, failed executions lose retryability once overtaken.
 */
import type { Scenario } from '../scenario-runner.ts';

export const supersededScenarios: Scenario[] = [
  {
    name: 'a second execution waits in front of the busy first stage and enters when it is free',
    steps: [
      { start: 'e2' },
      { expect: { executions: { e2: 'InProgress' }, locks: { Source: 'e1' }, waiting: { Source: ['e2'] }, log: { e2: ['STARTED'] } } },
      { succeed: ['e1', 'Src'] },
      { expect: { emitted: [
        'e1 Source/Src:SUCCEEDED', 'e1 Source:SUCCEEDED', 'e1 Build:STARTED', 'e1 Build/Compile:STARTED',
        'e2 Source:STARTED', 'e2 Source/Src:STARTED',
      ] } },
    ],
    expect: { locks: { Source: 'e2', Build: 'e1' }, waiting: { Source: [] }, openJobs: ['e1/Compile', 'e2/Src'] },
  },
  {
    name: 'a newer arrival supersedes the older waiter in front of the first stage',
    steps: [
      { start: 'e2' },
      { start: 'e3' },
      { expect: { emitted: ['e3 STARTED', 'e2 SUPERSEDED'] } },
      { finish: 'e1' },
      { finish: 'e3' },
    ],
    expect: {
      executions: { e1: 'Succeeded', e2: 'Superseded', e3: 'Succeeded' },
      log: { e2: ['STARTED', 'SUPERSEDED'] },
      waiting: { Source: [] },
    },
  },
  {
    name: 'superseding happens only between stages: the running execution is never superseded',
    steps: [
      { succeed: ['e1', 'Src'] },
      { start: 'e2' },
      { succeed: ['e2', 'Src'] },
      { expect: { locks: { Build: 'e1', Source: undefined }, waiting: { Build: ['e2'] } } },
      { start: 'e3' },
      { succeed: ['e3', 'Src'] },
      // Only the pipeline-level SUPERSEDED event: the waiter is in no stage.
      { expect: { emitted: ['e3 Source/Src:SUCCEEDED', 'e3 Source:SUCCEEDED', 'e2 SUPERSEDED'], executions: { e1: 'InProgress', e2: 'Superseded' }, waiting: { Build: ['e3'] } } },
      { succeed: ['e1', 'Compile'] },
      { expect: { emitted: [
        'e1 Build/Compile:SUCCEEDED', 'e1 Build:SUCCEEDED', 'e1 Deploy:STARTED', 'e1 Deploy/Ship:STARTED',
        'e3 Build:STARTED', 'e3 Build/Compile:STARTED',
      ] } },
      { finish: 'e1' },
      { finish: 'e3' },
    ],
    expect: {
      executions: { e1: 'Succeeded', e2: 'Superseded', e3: 'Succeeded' },
      stages: { 'e2/Source': 'Succeeded', 'e2/Build': undefined },
      log: { e2: ['STARTED', 'Source:STARTED', 'Source/Src:STARTED', 'Source/Src:SUCCEEDED', 'Source:SUCCEEDED', 'SUPERSEDED'] },
    },
  },
  {
    name: 'the waiter enters when the lock is released by a failure; the failed execution is no longer retryable',
    steps: [
      { succeed: ['e1', 'Src'] },
      { start: 'e2' },
      { succeed: ['e2', 'Src'] },
      { fail: ['e1', 'Compile'] },
      { expect: { emitted: [
        'e1 Build/Compile:FAILED', 'e1 Build:FAILED', 'e1 FAILED', 'e2 Build:STARTED', 'e2 Build/Compile:STARTED',
      ], locks: { Build: 'e2' } } },
      { retry: ['e1', 'Build', 'FAILED_ACTIONS'], error: ['NotLatestPipelineExecutionException', /not the latest execution of stage Build/] },
      { retry: ['e1', 'Build', 'ALL_ACTIONS'], error: ['NotLatestPipelineExecutionException', /not the latest/] },
    ],
    expect: { executions: { e1: 'Failed', e2: 'InProgress' }, stages: { 'e1/Build': 'Failed', 'e2/Build': 'InProgress' } },
  },
  {
    name: 'a failed execution stays retryable until a newer execution enters its stage',
    steps: [
      { succeed: ['e1', 'Src'] },
      { fail: ['e1', 'Compile'] },
      { start: 'e2' },
      { retry: ['e1', 'Build', 'FAILED_ACTIONS'] },
      { succeed: ['e2', 'Src'] },
      { expect: { locks: { Build: 'e1' }, waiting: { Build: ['e2'] }, executions: { e1: 'InProgress' } } },
      { succeed: ['e1', 'Compile'] },
      { expect: { locks: { Build: 'e2', Deploy: 'e1' }, waiting: { Build: [] } } },
    ],
    expect: { actions: { 'e1/Build/Compile': ['Failed', 'Succeeded'], 'e2/Build/Compile': ['InProgress'] } },
  },
  {
    name: 'the waiter enters when the lock is released by an abandon',
    steps: [
      { succeed: ['e1', 'Src'] },
      { start: 'e2' },
      { succeed: ['e2', 'Src'] },
      { stop: 'e1', abandon: true },
      { expect: { emitted: [
        'e1 STOPPING', 'e1 Build:STOPPING', 'e1 Build/Compile:ABANDONED', 'e1 Build:STOPPED', 'e1 STOPPED',
        'e2 Build:STARTED', 'e2 Build/Compile:STARTED',
      ] } },
    ],
    expect: { executions: { e1: 'Stopped', e2: 'InProgress' }, locks: { Build: 'e2' } },
  },
  {
    // Reading: "stopping releases the stage lock" when the stop completes. While Stopping, the
    // execution's running actions still occupy the stage, so the waiter keeps waiting (and can
    // still be superseded).
    name: 'a stop-and-wait keeps the lock until the running actions finish, then lets the latest waiter in',
    steps: [
      { succeed: ['e1', 'Src'] },
      { start: 'e2' },
      { succeed: ['e2', 'Src'] },
      { stop: 'e1', reason: 'hold on' },
      { expect: { executions: { e1: 'Stopping' }, locks: { Build: 'e1' }, waiting: { Build: ['e2'] } } },
      { start: 'e3' },
      { succeed: ['e3', 'Src'] },
      { expect: { executions: { e2: 'Superseded' }, waiting: { Build: ['e3'] } } },
      { succeed: ['e1', 'Compile'] },
    ],
    expect: {
      executions: { e1: 'Stopped', e3: 'InProgress' }, stages: { 'e1/Build': 'Stopped', 'e1/Deploy': undefined },
      locks: { Build: 'e3' }, waiting: { Build: [] },
    },
  },
  {
    name: 'one waiter per stage: the waiter in front of a later stage is superseded too',
    steps: [
      { finish: 'e1' },
      { start: 'e2' },
      { succeed: ['e2', 'Src'] },
      { succeed: ['e2', 'Compile'] },
      { expect: { executions: { e2: 'InProgress' }, stages: { 'e2/Deploy': 'InProgress' } } },
      { start: 'e3' },
      { succeed: ['e3', 'Src'] },
      { succeed: ['e3', 'Compile'] },
      { start: 'e4' },
      { succeed: ['e4', 'Src'] },
      { succeed: ['e4', 'Compile'] },
    ],
    expect: {
      executions: { e2: 'InProgress', e3: 'Superseded', e4: 'InProgress' },
      waiting: { Deploy: ['e4'] }, locks: { Deploy: 'e2', Build: undefined },
    },
  },
];
