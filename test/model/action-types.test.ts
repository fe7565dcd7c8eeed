import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUILT_IN_ACTION_TYPES, makeActionTypeCatalog, type ActionTypeSpec } from '../../src/model/action-types.ts';
import { actionTypeKey } from '../../src/model/pipeline.ts';
import { typeId } from './pipeline-builders.ts';

describe('action type catalog', () => {
  const catalog = makeActionTypeCatalog();

  it('has one entry per category/owner/provider/version', () => {
    const keys = BUILT_IN_ACTION_TYPES.map((s) => actionTypeKey(s.id));
    assert.equal(new Set(keys).size, keys.length);
    assert.equal(catalog.list().length, keys.length);
  });

  it('covers the providers of spec §1.2 with their artifact counts', () => {
    const bounds = (category: Parameters<typeof typeId>[0], provider: string, owner: 'AWS' | 'ThirdParty' = 'AWS') => {
      const spec = catalog.get(typeId(category, provider, owner));
      assert.ok(spec, `${category}/${owner}/${provider} is in the catalog`);
      return [spec.inputArtifacts.min, spec.inputArtifacts.max, spec.outputArtifacts.min, spec.outputArtifacts.max];
    };
    for (const provider of ['CodeCommit', 'S3', 'ECR', 'CodeStarSourceConnection']) {
      assert.deepEqual(bounds('Source', provider), [0, 0, 1, 1]);
    }
    assert.deepEqual(bounds('Source', 'GitHub', 'ThirdParty'), [0, 0, 1, 1]);
    assert.deepEqual(bounds('Build', 'CodeBuild'), [1, 5, 0, 5]);
    assert.deepEqual(bounds('Test', 'CodeBuild'), [1, 5, 0, 5]);
    assert.deepEqual(bounds('Approval', 'Manual'), [0, 0, 0, 0]);
    for (const provider of ['CodeDeploy', 'S3', 'ECS', 'ElasticBeanstalk']) {
      assert.deepEqual(bounds('Deploy', provider), [1, 1, 0, 0]);
    }
    assert.deepEqual(bounds('Deploy', 'CloudFormation'), [0, 10, 0, 1]);
    assert.deepEqual(bounds('Invoke', 'Lambda'), [0, 5, 0, 5]);
    assert.deepEqual(bounds('Compute', 'Commands'), [1, 10, 0, 1]);
  });

  it('marks the GitHub OAuth token secret and requires the CodeCommit keys', () => {
    const github = catalog.get(typeId('Source', 'GitHub', 'ThirdParty'));
    assert.deepEqual(github?.configuration.filter((p) => p.secret).map((p) => p.name), ['OAuthToken']);
    const codecommit = catalog.get(typeId('Source', 'CodeCommit'));
    assert.deepEqual(codecommit?.configuration.filter((p) => p.required).map((p) => p.name), ['RepositoryName', 'BranchName']);
  });

  it('allows region only on non-source AWS actions, and Commands only on V2', () => {
    assert.equal(catalog.get(typeId('Source', 'S3'))?.regionAllowed, false);
    assert.equal(catalog.get(typeId('Source', 'GitHub', 'ThirdParty'))?.regionAllowed, false);
    assert.equal(catalog.get(typeId('Deploy', 'AlexaSkillsKit', 'ThirdParty'))?.regionAllowed, false);
    assert.equal(catalog.get(typeId('Deploy', 'CloudFormation'))?.regionAllowed, true);
    assert.equal(catalog.get(typeId('Compute', 'Commands'))?.v2Only, true);
    assert.equal(catalog.get(typeId('Build', 'CodeBuild'))?.v2Only, undefined);
  });

  it('knows nothing of other versions or owners', () => {
    assert.equal(catalog.get(typeId('Build', 'CodeBuild', 'AWS', '2')), undefined);
    assert.equal(catalog.get(typeId('Build', 'CodeBuild', 'Custom')), undefined);
  });

  it('adds custom action types, which may replace a built-in entry', () => {
    const jenkins: ActionTypeSpec = { id: typeId('Build', 'Jenkins', 'Custom'), inputArtifacts: { min: 0, max: 5 },
      outputArtifacts: { min: 0, max: 5 }, configuration: [{ name: 'ProjectName', required: true }], regionAllowed: false };
    const manual: ActionTypeSpec = { id: typeId('Approval', 'Manual'), inputArtifacts: { min: 0, max: 0 },
      outputArtifacts: { min: 0, max: 0 }, configuration: [], regionAllowed: true };
    const extended = makeActionTypeCatalog([jenkins, manual]);
    assert.equal(extended.get(jenkins.id), jenkins);
    assert.equal(extended.get(manual.id), manual);
    assert.equal(extended.list().length, BUILT_IN_ACTION_TYPES.length + 1);
    assert.equal(catalog.get(jenkins.id), undefined, 'the default catalog is unchanged');
  });
});
