/**
 * Emitted state-change events (spec §5): the envelope, what each detail carries, time format,
 * spelling. The tables elsewhere check order; these check payloads.
 */
import assert from 'node:assert/strict';
import type { PipelineEvent } from '../../../src/engine/pipeline-events.ts';
import { T0, build, makePipeline, stage } from '../harness.ts';
import type { Scenario, ScenarioRun } from '../scenario-runner.ts';

const ARN = 'arn:aws:codepipeline:us-east-1:000000000000:app';
const DETAIL_TYPES = new Set([
  'CodePipeline Pipeline Execution State Change', 'CodePipeline Stage Execution State Change', 'CodePipeline Action Execution State Change',
]);

/** The single event of `label` matching `line` (`state`, `Stage:state` or `Stage/Action:state`). */
function eventOf(run: ScenarioRun, label: string, line: string): PipelineEvent {
  const lines = run.events();
  const found = run.h.emitted.filter((_, i) => lines[i] === `${label} ${line}`);
  assert.equal(found.length, 1, `one ${label} ${line} event`);
  return found[0]!;
}

function assertEnvelopes(run: ScenarioRun): void {
  const ids = new Set<string>();
  for (const event of run.h.emitted) {
    assert.equal(event.version, '0');
    assert.equal(event.source, 'aws.codepipeline');
    assert.equal(event.account, '000000000000');
    assert.equal(event.region, 'us-east-1');
    assert.deepEqual(event.resources, [ARN]);
    assert.ok(DETAIL_TYPES.has(event['detail-type']), event['detail-type']);
    assert.match(event.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(event.detail.pipeline, 'app');
    assert.equal(typeof event.detail.version, 'number');
    ids.add(event.id);
  }
  assert.equal(ids.size, run.h.emitted.length, 'every event has its own id');
}

export const eventScenarios: Scenario[] = [
  {
    name: 'pipeline, stage and action events carry the AWS detail fields',
    pipeline: makePipeline({}, [stage('Build', build('Compile', { inputArtifacts: [{ name: 'SrcOut' }], outputArtifacts: [{ name: 'BuildOut' }] }))]),
    steps: [
      { advance: 61_234 },
      { succeed: ['e1', 'Src'], revision: 'abc', report: { summary: 'commit abc', externalExecutionId: 'abc' } },
      { fail: ['e1', 'Compile'], failureType: 'ConfigurationError', report: { externalExecutionId: 'build:7', externalExecutionUrl: 'https://ci/7' } },
    ],
    expect: { executions: { e1: 'Failed' } },
    check: (run) => {
      assertEnvelopes(run);
      const started = eventOf(run, 'e1', 'STARTED');
      assert.equal(started['detail-type'], 'CodePipeline Pipeline Execution State Change');
      assert.deepEqual(started.detail, {
        pipeline: 'app', 'execution-id': run.id('e1'), state: 'STARTED', version: 1,
        'execution-trigger': { 'trigger-type': 'CreatePipeline' },
      });
      assert.equal(started.time, '2026-01-01T00:00:00Z');
      assert.deepEqual(eventOf(run, 'e1', 'Source:STARTED').detail, { pipeline: 'app', 'execution-id': run.id('e1'), state: 'STARTED', version: 1, stage: 'Source' });

      const srcOut = run.h.action(run.id('e1'), 'Source', 'Src').outputArtifacts[0]!;
      const location = { name: 'SrcOut', s3location: { bucket: 'artifacts', key: srcOut.key } };
      const type = { category: 'Source', owner: 'AWS', provider: 'CodeCommit', version: '1' };
      const srcDone = eventOf(run, 'e1', 'Source/Src:SUCCEEDED');
      assert.equal(srcDone.time, '2026-01-01T00:01:01Z', 'seconds precision, no milliseconds');
      assert.deepEqual(srcDone.detail, {
        pipeline: 'app', 'execution-id': run.id('e1'), state: 'SUCCEEDED', version: 1, stage: 'Source', action: 'Src',
        region: 'us-east-1', type, 'output-artifacts': [location],
        'execution-result': { 'external-execution-summary': 'commit abc', 'external-execution-id': 'abc' },
      });
      assert.deepEqual(eventOf(run, 'e1', 'Source/Src:STARTED').detail['input-artifacts'], []);

      const compileStarted = eventOf(run, 'e1', 'Build/Compile:STARTED').detail;
      assert.deepEqual(compileStarted['input-artifacts'], [location], 'STARTED lists the input artifacts');
      assert.deepEqual(compileStarted.type, { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' });
      assert.equal(compileStarted['output-artifacts'], undefined);
      const failed = eventOf(run, 'e1', 'Build/Compile:FAILED').detail;
      assert.deepEqual(failed['execution-result'], {
        'external-execution-url': 'https://ci/7', 'external-execution-summary': 'Compile failed',
        'external-execution-id': 'build:7', 'error-code': 'ConfigurationError',
      });
      assert.equal(failed['output-artifacts'], undefined, 'a failed action published no outputs');
      assert.deepEqual(eventOf(run, 'e1', 'FAILED').detail, { pipeline: 'app', 'execution-id': run.id('e1'), state: 'FAILED', version: 1 });
    },
  },
  {
    name: 'an action in another region names its region; the envelope keeps the pipeline\'s',
    pipeline: makePipeline({ artifactStores: { 'us-east-1': { type: 'S3', location: 'a' }, 'eu-west-1': { type: 'S3', location: 'b' } }, artifactStore: undefined },
      [stage('Deploy', build('Far', { region: 'eu-west-1', inputArtifacts: [{ name: 'SrcOut' }] }))]),
    steps: [
      { finish: 'e1' },
    ],
    expect: { executions: { e1: 'Succeeded' } },
    check: (run) => {
      assertEnvelopes(run);
      const far = eventOf(run, 'e1', 'Deploy/Far:STARTED');
      assert.equal(far.detail.region, 'eu-west-1');
      assert.equal(far.region, 'us-east-1', 'the envelope is the pipeline\'s region');
    },
  },
  {
    name: 'a started execution carries the trigger type and detail it was started with',
    steps: [
      { start: 'e2', trigger: { triggerType: 'Webhook', triggerDetail: 'arn:aws:codepipeline:us-east-1:000000000000:webhook:hook-1' } },
    ],
    expect: { log: { e2: ['STARTED'] } },
    check: (run) => assert.deepEqual(eventOf(run, 'e2', 'STARTED').detail['execution-trigger'],
      { 'trigger-type': 'Webhook', 'trigger-detail': 'arn:aws:codepipeline:us-east-1:000000000000:webhook:hook-1' }),
  },
  {
    name: 'STOPPING carries the stop comments; a stop without reason has none; RESUMED follows a retry',
    steps: [
      { stop: 'e1' },
      { succeed: ['e1', 'Src'] },
      { retry: ['e1', 'Source', 'ALL_ACTIONS'] },
      { stop: 'e1', abandon: true, reason: 'Second thoughts' },
    ],
    expect: { log: { e1: [
      'STARTED', 'Source:STARTED', 'Source/Src:STARTED', 'STOPPING', 'Source:STOPPING', 'Source/Src:SUCCEEDED', 'Source:STOPPED', 'STOPPED',
      'RESUMED', 'Source:RESUMED', 'Source/Src:STARTED', 'STOPPING', 'Source:STOPPING', 'Source/Src:ABANDONED', 'Source:STOPPED', 'STOPPED',
    ] } },
    check: (run) => {
      assertEnvelopes(run);
      const stopping = run.h.emitted.filter((e) => e.detail.state === 'STOPPING' && !e.detail.stage);
      assert.deepEqual(stopping.map((e) => e.detail['stop-execution-comments']), [undefined, 'Second thoughts']);
      const abandoned = run.h.emitted.find((e) => e.detail.state === 'ABANDONED')!.detail;
      assert.equal(abandoned['execution-result'], undefined);
      assert.equal(abandoned.type?.provider, 'CodeCommit');
      const stageEvents = run.h.emitted.filter((e) => e.detail.stage !== undefined && e.detail.action === undefined);
      assert.ok(stageEvents.every((e) => e['detail-type'] === 'CodePipeline Stage Execution State Change'));
      assert.ok(run.h.emitted.every((e) => e.time === new Date(T0).toISOString().replace('.000Z', 'Z')));
    },
  },
];
