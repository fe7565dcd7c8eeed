/**
 * Audit resources from authorized ARNs: what each kind of ARN is about, in CloudTrail's terms.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { auditResourceOf, auditResourcesOf } from '../../src/server/audit-resources.ts';

const BASE = 'arn:aws:codepipeline:us-east-1:000000000000';

describe('audit resources', () => {
  it('names pipelines (also for stage and action ARNs), webhooks, action types, users, build projects, report groups, parameters and secrets', () => {
    const cases: [string, object | undefined][] = [
      [`${BASE}:app`, { type: 'AWS::CodePipeline::Pipeline', name: 'app' }],
      [`${BASE}:app/Deploy/Approve`, { type: 'AWS::CodePipeline::Pipeline', name: 'app' }],
      [`${BASE}:webhook:hook`, { type: 'AWS::CodePipeline::Webhook', name: 'hook' }],
      [`${BASE}:actiontype:Custom/Build/Make/1`, { type: 'AWS::CodePipeline::CustomActionType', name: 'Custom/Build/Make/1' }],
      ['arn:aws:iam::000000000000:user/ci/deployer', { type: 'AWS::IAM::User', name: 'deployer' }],
      ['arn:aws:codebuild:us-east-1:000000000000:project/web', { type: 'AWS::CodeBuild::Project', name: 'web' }],
      ['arn:aws:codebuild:us-east-1:000000000000:report-group/web-unit', { type: 'AWS::CodeBuild::ReportGroup', name: 'web-unit' }],
      ['arn:aws:ssm:us-east-1:000000000000:parameter/app/db', { type: 'AWS::SSM::Parameter', name: 'app/db' }],
      ['arn:aws:codestar-connections:us-east-1:000000000000:connection/6f1e0000-1111-2222-3333-444455556666', { type: 'AWS::CodeStarConnections::Connection', name: '6f1e0000-1111-2222-3333-444455556666' }],
      ['arn:aws:codeconnections:us-east-1:000000000000:host/corp-1a2b3c4d', { type: 'AWS::CodeStarConnections::Host', name: 'corp-1a2b3c4d' }],
      ['arn:aws:codecommit:us-east-1:000000000000:app', { type: 'AWS::CodeCommit::Repository', name: 'app' }],
      ['arn:aws:secretsmanager:us-east-1:000000000000:secret:prod/api-AbCdEf', { type: 'AWS::SecretsManager::Secret', name: 'prod/api-AbCdEf' }],
      ['arn:aws:codebuild:us-east-1:000000000000:project/*', undefined],
      ['arn:aws:codebuild:us-east-1:000000000000:fleet/x', undefined],
      [`${BASE}:webhook:*`, undefined],
      ['arn:aws:iam::000000000000:user/', undefined],
      ['arn:aws:s3:::bucket/key', undefined],
      ['*', undefined],
    ];
    for (const [arn, want] of cases) assert.deepEqual(auditResourceOf(arn), want, arn);
  });

  it('lists each resource once, in order', () => {
    assert.deepEqual(auditResourcesOf([`${BASE}:app/A`, `${BASE}:app/B`, `${BASE}:webhook:h`]), [
      { type: 'AWS::CodePipeline::Pipeline', name: 'app' }, { type: 'AWS::CodePipeline::Webhook', name: 'h' },
    ]);
    assert.deepEqual(auditResourcesOf(undefined), []);
  });
});
