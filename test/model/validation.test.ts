// Pipeline validation as a whole: valid declarations, normalization, reporting every problem, and
// the thrown error. Rule-by-rule tables live in validation-{shape,structure,conditions,actions}.test.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeActionTypeCatalog } from '../../src/model/action-types.ts';
import { ErrorCode, isSluiceError, type SluiceError } from '../../src/model/errors.ts';
import { assertValidPipeline, validatePipeline } from '../../src/model/validate-pipeline.ts';
import { actionPath, makePipeline, makeV2Pipeline, withChanges } from './pipeline-builders.ts';
import { assertIssues, describeTable } from './validation-table.ts';

const catalog = makeActionTypeCatalog();

describeTable('validation: valid declarations', [
  { name: 'a V1 pipeline with defaults left out', input: makePipeline(), want: [] },
  { name: 'a V2 pipeline using every V2 feature', input: makeV2Pipeline(), want: [] },
  { name: 'the V2 pipeline in its home region', input: makeV2Pipeline(), options: { homeRegion: 'us-east-1' }, want: [] },
]);

describe('validation: normalized declaration', () => {
  it('fills runOrder, executionMode and pipelineType defaults and drops version and unknown members', () => {
    const input = withChanges(makePipeline(), {
      version: 7, metadata: { created: 1 }, 'stages.0.actions.0.runOrder': undefined, 'stages.1.actions.0.color': 'red',
    });
    const { pipeline, issues } = validatePipeline(input, catalog);
    assert.deepEqual(issues, []);
    assert.ok(pipeline);
    assert.equal(pipeline.executionMode, 'SUPERSEDED');
    assert.equal(pipeline.pipelineType, 'V1');
    assert.equal(pipeline.stages[0]?.actions[0]?.runOrder, 1);
    assert.equal('version' in pipeline, false);
    assert.equal('metadata' in pipeline, false);
    assert.equal('color' in (pipeline.stages[1]?.actions[0] ?? {}), false);
  });

  it('keeps every declared member of a V2 pipeline', () => {
    const input = makeV2Pipeline();
    const { pipeline } = validatePipeline(input, catalog);
    // The two source actions leave runOrder out; everything else is declared.
    assert.deepEqual(pipeline, withChanges(input, { 'stages.0.actions.0.runOrder': 1, 'stages.0.actions.1.runOrder': 1 }));
  });

  it('returns a copy, never the input object', () => {
    const input = makePipeline();
    const pipeline = assertValidPipeline(input, catalog);
    pipeline.stages[0]?.actions.pop();
    assert.equal(input.stages[0]?.actions.length, 1);
  });
});

describe('validation: reporting', () => {
  const broken = withChanges(makePipeline(), {
    name: 'my pipeline',
    'stages.1.actions.0.runOrder': 0,
    'stages.2.actions.1.inputArtifacts.0.name': 'Missing',
    'stages.2.actions.1.configuration.DeploymentGroupName': undefined,
    'stages.2.actions.0.name': 'ToServers',
  });

  it('reports every problem, not just the first', () => {
    const { pipeline, issues } = validatePipeline(broken, catalog);
    assert.equal(pipeline, undefined);
    assertIssues(issues, [
      { code: ErrorCode.ValidationException, path: 'pipeline.name', messageIncludes: "Value 'my pipeline'" },
      { code: ErrorCode.ValidationException, path: `${actionPath(2, 1)}.runOrder`, messageIncludes: 'greater than or equal to 1' },
      { code: ErrorCode.InvalidStageDeclarationException, messageIncludes: "Action name 'ToServers' is used more than once" },
      { code: ErrorCode.InvalidStructureException, messageIncludes: "Input artifact 'Missing'" },
      { code: ErrorCode.InvalidActionDeclarationException, messageIncludes: "missing required configuration 'DeploymentGroupName'" },
    ]);
  });

  it('throws one SluiceError with the first error code and every message', () => {
    let thrown: unknown;
    try {
      assertValidPipeline(broken, catalog);
    } catch (e) {
      thrown = e;
    }
    assert.ok(isSluiceError(thrown));
    const err: SluiceError = thrown;
    assert.equal(err.code, ErrorCode.ValidationException);
    assert.match(err.message, /^5 validation errors detected: Value 'my pipeline' at 'pipeline\.name' failed/);
    assert.match(err.message, /; Action configuration for action 'ToServers' in stage 'Deploy' is missing/);
  });

  it('uses the code of the only error when there is one', () => {
    const input = withChanges(makePipeline(), { 'stages.2.actions.1.inputArtifacts.0.name': 'Missing' });
    assert.throws(() => assertValidPipeline(input, catalog), {
      code: ErrorCode.InvalidStructureException,
      message: "Input artifact 'Missing' of action 'ToServers' in stage 'Deploy' is not produced by an earlier action",
    });
  });

  it('does not block on warnings', () => {
    const input = withChanges(makePipeline(), { 'stages.1.actions.0.timeoutInMinutes': 30 });
    const { pipeline, issues } = validatePipeline(input, catalog);
    assert.equal(issues.length, 1);
    assert.equal(issues[0]?.severity, 'warning');
    assert.equal(pipeline?.stages[1]?.actions[0]?.timeoutInMinutes, 30);
    assert.doesNotThrow(() => assertValidPipeline(input, catalog));
  });
});
