/**
 * RollbackStage (spec §2.7): a new ROLLBACK execution re-runs one stage with the target's
 * artifacts and variables and ends there; the refusals.
 */
import assert from 'node:assert/strict';
import { build, makePipeline, source, stage } from '../harness.ts';
import type { Scenario } from '../scenario-runner.ts';

/**
 * Source(SourceVars) → Build(BuildOut) → Deploy(Ship: BuildOut → ShipOut, ShipVars) → Verify.
 * `configuration` of Ship may reference the source's variables (then Src must report them).
 */
function deployPipeline(over: Parameters<typeof makePipeline>[0] = {}, configuration: Record<string, string> = { ProjectName: 'ship' }) {
  const ship = build('Ship', {
    inputArtifacts: [{ name: 'BuildOut' }], outputArtifacts: [{ name: 'ShipOut' }], namespace: 'ShipVars', configuration,
  });
  return {
    ...makePipeline({ pipelineType: 'V2', variables: [{ name: 'Env', defaultValue: 'dev' }], ...over }),
    stages: [
      stage('Source', source('Src', 'SrcOut', { namespace: 'SourceVars' })),
      stage('Build', build('Compile', { inputArtifacts: [{ name: 'SrcOut' }], outputArtifacts: [{ name: 'BuildOut' }] })),
      stage('Deploy', ship),
      stage('Verify', build('Check')),
    ],
  };
}

export const rollbackScenarios: Scenario[] = [
  {
    name: 'a rollback re-runs only its stage with the target\'s artifacts and variables, then ends Succeeded',
    pipeline: deployPipeline({}, { ProjectName: 'ship', Commit: '#{SourceVars.CommitId}', Env: '#{variables.Env}' }),
    steps: [
      { succeed: ['e1', 'Src'], revision: 'c1', report: { outputVariables: { CommitId: 'c1' } } },
      { finish: 'e1' },
      { start: 'e2', variables: [{ name: 'Env', value: 'prod' }] },
      { succeed: ['e2', 'Src'], revision: 'c2', report: { outputVariables: { CommitId: 'c2' } } },
      { finish: 'e2' },
      { rollback: ['r1', 'Deploy', 'e1'] },
      { expect: { emitted: ['r1 STARTED', 'r1 Deploy:STARTED', 'r1 Deploy/Ship:STARTED'], locks: { Deploy: 'r1' } } },
      { succeed: ['r1', 'Ship'], report: { outputVariables: { Url: 'https://r1' } } },
    ],
    expect: {
      executions: { e1: 'Succeeded', e2: 'Succeeded', r1: 'Succeeded' },
      stages: { 'r1/Source': undefined, 'r1/Build': undefined, 'r1/Deploy': 'Succeeded', 'r1/Verify': undefined },
      log: { r1: ['STARTED', 'Deploy:STARTED', 'Deploy/Ship:STARTED', 'Deploy/Ship:SUCCEEDED', 'Deploy:SUCCEEDED', 'SUCCEEDED'] },
      locks: { Deploy: undefined },
    },
    check: ({ h, id }) => {
      const [e1, r1] = [h.execution(id('e1')), h.execution(id('r1'))];
      assert.equal(r1.executionType, 'ROLLBACK');
      assert.deepEqual(r1.rollbackMetadata, { rollbackTargetPipelineExecutionId: e1.pipelineExecutionId });
      assert.deepEqual(r1.trigger, { triggerType: 'ManualRollback' });
      assert.deepEqual(r1.variables, [{ name: 'Env', resolvedValue: 'dev' }]);
      const started = h.emitted.find((e) => e.detail['execution-id'] === r1.pipelineExecutionId);
      assert.deepEqual(started?.detail['execution-trigger'], { 'trigger-type': 'ManualRollback' });
      const job = h.allJobs.find((j) => j.executionId === r1.pipelineExecutionId)!;
      const key = (j: typeof job) => j.data.inputArtifacts.map((a) => a.location.s3Location.objectKey);
      assert.deepEqual(key(job), [e1.artifacts.BuildOut?.key], 'inputs are the target\'s artifacts');
      assert.deepEqual(job.data.actionConfiguration.configuration, { ProjectName: 'ship', Commit: 'c1', Env: 'dev' });
      // The target's own record is untouched by what the rollback produced.
      const shipped = h.attempts(e1.pipelineExecutionId, 'Deploy', 'Ship')[0]!;
      assert.deepEqual(e1.artifacts.ShipOut, shipped.outputArtifacts[0]);
      assert.deepEqual(e1.namespaces.ShipVars, {});
      assert.deepEqual(r1.namespaces.ShipVars, { Url: 'https://r1' });
      assert.notEqual(r1.artifacts.ShipOut?.key, e1.artifacts.ShipOut?.key);
    },
  },
  {
    name: 'a rollback holds the stage lock: a standard execution waits, and the older failure is no longer retryable',
    pipeline: deployPipeline(),
    steps: [
      { finish: 'e1' },
      { start: 'e2' },
      { finish: 'e2' },
      { start: 'e3' },
      { succeed: ['e3', 'Src'] },
      { succeed: ['e3', 'Compile'] },
      { fail: ['e3', 'Ship'] },
      { rollback: ['r1', 'Deploy', 'e1'] },
      { retry: ['e3', 'Deploy', 'FAILED_ACTIONS'], error: ['NotLatestPipelineExecutionException', /not the latest/] },
      { start: 'e4' },
      { succeed: ['e4', 'Src'] },
      { succeed: ['e4', 'Compile'] },
      { expect: { waiting: { Deploy: ['e4'] }, locks: { Deploy: 'r1' } } },
      { succeed: ['r1', 'Ship'] },
      { expect: { emitted: [
        'r1 Deploy/Ship:SUCCEEDED', 'r1 Deploy:SUCCEEDED', 'r1 SUCCEEDED', 'e4 Deploy:STARTED', 'e4 Deploy/Ship:STARTED',
      ] } },
    ],
    expect: { executions: { e3: 'Failed', r1: 'Succeeded', e4: 'InProgress' } },
  },
  {
    name: 'QUEUED: a rollback is available',
    pipeline: deployPipeline({ executionMode: 'QUEUED' }),
    steps: [
      { finish: 'e1' },
      { rollback: ['r1', 'Build', 'e1'] },
      { finish: 'r1' },
    ],
    expect: { executions: { r1: 'Succeeded' }, stages: { 'r1/Build': 'Succeeded', 'r1/Deploy': undefined } },
  },
  {
    name: 'rollback refusals: source stage, unknown stage or target, target not succeeded there, target a rollback',
    pipeline: deployPipeline(),
    steps: [
      { succeed: ['e1', 'Src'] },
      { fail: ['e1', 'Compile'] },
      { start: 'e2' },
      { finish: 'e2' },
      { rollback: ['r0', 'Source', 'e2'], error: ['UnableToRollbackStageException', /holds the source actions/] },
      { rollback: ['r0', 'Nope', 'e2'], error: ['StageNotFoundException', /Stage Nope not found/] },
      { rollback: ['r0', 'Deploy', 'nope'], error: ['PipelineExecutionNotFoundException', /unknown-nope/] },
      { rollback: ['r0', 'Build', 'e1'], error: ['UnableToRollbackStageException', /did not succeed in stage Build/] },
      { rollback: ['r0', 'Deploy', 'e1'], error: ['UnableToRollbackStageException', /did not succeed in stage Deploy/] },
      { rollback: ['r1', 'Deploy', 'e2'] },
      { finish: 'r1' },
      { rollback: ['r2', 'Deploy', 'r1'], error: ['UnableToRollbackStageException', /is itself a rollback/] },
    ],
    expect: { executions: { e1: 'Failed', e2: 'Succeeded', r1: 'Succeeded' } },
  },
  {
    name: 'a target that ran an older pipeline version is outdated',
    pipeline: deployPipeline(),
    steps: [
      { finish: 'e1' },
      { update: deployPipeline() },
      { start: 'e2' },
      { finish: 'e2' },
      { rollback: ['r1', 'Deploy', 'e1'], error: ['PipelineExecutionOutdatedException', /ran pipeline version 1, not the current version 2/] },
      { rollback: ['r1', 'Deploy', 'e2'] },
    ],
    expect: { executions: { r1: 'InProgress' } },
  },
  {
    name: 'a rollback while the stage runs is a conflict',
    pipeline: deployPipeline(),
    steps: [
      { finish: 'e1' },
      { start: 'e2' },
      { succeed: ['e2', 'Src'] },
      { succeed: ['e2', 'Compile'] },
      { rollback: ['r1', 'Deploy', 'e1'], error: ['ConflictException', /Deploy is in progress with execution/] },
      { rollback: ['r1', 'Build', 'e1'] },
    ],
    expect: { executions: { e2: 'InProgress', r1: 'InProgress' }, locks: { Deploy: 'e2', Build: 'r1' } },
  },
];
