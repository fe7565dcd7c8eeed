/**
 * QUEUED and PARALLEL modes (spec §1.4): QUEUED keeps the stage locks but queues waiters FIFO and
 * supersedes nobody; PARALLEL takes no locks at all and refuses stage rollback.
 */
import assert from 'node:assert/strict';
import type { ExecutionMode } from '../../../src/model/vocabulary.ts';
import { makePipeline } from '../harness.ts';
import type { Scenario, Step } from '../scenario-runner.ts';

const queued = makePipeline({ pipelineType: 'V2', executionMode: 'QUEUED' });
const parallel = makePipeline({ pipelineType: 'V2', executionMode: 'PARALLEL' });

/** Starts executions up to the mode's limit of 50 active ones (CreatePipeline's counts), then one more. */
function limitScenario(mode: ExecutionMode): Scenario {
  const starts: Step[] = Array.from({ length: 49 }, (_, i) => ({ start: `s${i + 2}` }));
  return {
    name: `${mode}: a start beyond 50 active executions is refused until one ends`,
    pipeline: makePipeline({ pipelineType: 'V2', executionMode: mode }),
    steps: [
      ...starts,
      { start: 'over', error: ['ConcurrentPipelineExecutionsLimitExceededException', new RegExp(`50 executions in progress.*${mode}`)] },
      { stop: 's7', abandon: true },
      { start: 'late' },
    ],
    expect: { executions: { late: 'InProgress', s7: 'Stopped', s50: 'InProgress' } },
  };
}

export const queuedParallelScenarios: Scenario[] = [
  {
    name: 'QUEUED: waiters form a FIFO queue, nobody is superseded, they enter in arrival order',
    pipeline: queued,
    steps: [
      { start: 'e2' },
      { start: 'e3' },
      { start: 'e4' },
      { expect: { waiting: { Source: ['e2', 'e3', 'e4'] }, locks: { Source: 'e1' } } },
      { succeed: ['e1', 'Src'] },
      { expect: { waiting: { Source: ['e3', 'e4'] }, locks: { Source: 'e2', Build: 'e1' } } },
      { succeed: ['e2', 'Src'] },
      { succeed: ['e3', 'Src'] },
      // e2 and e3 now queue in front of Build, e4 runs Source: queues are per stage.
      { expect: { waiting: { Source: [], Build: ['e2', 'e3'] }, locks: { Source: 'e4', Build: 'e1' } } },
      { succeed: ['e4', 'Src'] },
      { expect: { waiting: { Build: ['e2', 'e3', 'e4'] } } },
      { succeed: ['e1', 'Compile'] },
      { expect: { emitted: [
        'e1 Build/Compile:SUCCEEDED', 'e1 Build:SUCCEEDED', 'e1 Deploy:STARTED', 'e1 Deploy/Ship:STARTED',
        'e2 Build:STARTED', 'e2 Build/Compile:STARTED',
      ], waiting: { Build: ['e3', 'e4'] } } },
      { finish: 'e1' },
      { finish: 'e2' },
      { finish: 'e3' },
      { finish: 'e4' },
    ],
    expect: { executions: { e1: 'Succeeded', e2: 'Succeeded', e3: 'Succeeded', e4: 'Succeeded' }, waiting: { Build: [], Deploy: [] } },
    check: (run) => {
      const entries = run.events().filter((e) => e.endsWith(' Build:STARTED')).map((e) => e.split(' ')[0]);
      assert.deepEqual(entries, ['e1', 'e2', 'e3', 'e4'], 'Build entered in arrival order');
    },
  },
  {
    name: 'QUEUED: a stopped waiter leaves the queue, the others keep their order',
    pipeline: queued,
    steps: [
      { start: 'e2' },
      { start: 'e3' },
      { start: 'e4' },
      { stop: 'e3', reason: 'not this one' },
      { expect: { emitted: ['e3 STOPPING', 'e3 STOPPED'], waiting: { Source: ['e2', 'e4'] } } },
      { succeed: ['e1', 'Src'] },
    ],
    expect: { executions: { e3: 'Stopped' }, locks: { Source: 'e2' }, waiting: { Source: ['e4'] } },
  },
  {
    name: 'QUEUED: a failed execution is no longer retryable once the next queued one enters its stage',
    pipeline: queued,
    steps: [
      { succeed: ['e1', 'Src'] },
      { start: 'e2' },
      { succeed: ['e2', 'Src'] },
      { fail: ['e1', 'Compile'] },
      { retry: ['e1', 'Build', 'FAILED_ACTIONS'], error: ['NotLatestPipelineExecutionException', /not the latest/] },
    ],
    expect: { executions: { e1: 'Failed' }, locks: { Build: 'e2' } },
  },
  limitScenario('QUEUED'),
  {
    name: 'PARALLEL: no locks and no waiting; executions run side by side and independently',
    pipeline: parallel,
    steps: [
      { start: 'e2' },
      { expect: { emitted: ['e2 STARTED', 'e2 Source:STARTED', 'e2 Source/Src:STARTED'], openJobs: ['e1/Src', 'e2/Src'] } },
      { succeed: ['e2', 'Src'] },
      { succeed: ['e1', 'Src'] },
      { expect: { openJobs: ['e1/Compile', 'e2/Compile'] } },
      { fail: ['e1', 'Compile'] },
      { start: 'e3' },
      { finish: 'e3' },
      { finish: 'e2' },
    ],
    expect: {
      executions: { e1: 'Failed', e2: 'Succeeded', e3: 'Succeeded' },
      locks: { Source: undefined, Build: undefined, Deploy: undefined },
      waiting: { Source: [], Build: [], Deploy: [] },
    },
  },
  {
    name: 'PARALLEL: stage rollback is refused',
    pipeline: parallel,
    steps: [
      { finish: 'e1' },
      { rollback: ['r1', 'Build', 'e1'], error: ['UnableToRollbackStageException', /not available in PARALLEL/] },
    ],
    expect: { executions: { e1: 'Succeeded' } },
  },
  limitScenario('PARALLEL'),
  {
    name: 'SUPERSEDED: any number of executions may start (superseding bounds them)',
    steps: Array.from({ length: 60 }, (_, i) => ({ start: `s${i + 2}` })),
    expect: { executions: { e1: 'InProgress', s60: 'Superseded', s61: 'InProgress' }, waiting: { Source: ['s61'] } },
  },
];
