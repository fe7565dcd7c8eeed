// Decisions of identity policies: explicit deny, allow, implicit deny; Action and Resource matching.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluate } from '../../../src/model/iam/evaluate.ts';
import type { PolicyDocument } from '../../../src/model/iam/policy.ts';
import { allow, deny, describeEvaluations, pipelineArn, policy, request } from './iam-table.ts';

const GET = 'codepipeline:GetPipeline';
const START = 'codepipeline:StartPipelineExecution';
const APP = pipelineArn('app');

describeEvaluations('evaluate: decisions', [
  { name: 'an Allow that matches allows', policies: [policy(allow(GET, APP))], request: request(GET, APP),
    want: 'Allow', matched: { policyIndex: 0, statementIndex: 0 } },
  { name: 'no policies is an implicit deny', policies: [], request: request(GET, APP), want: 'ImplicitDeny' },
  { name: 'an Allow of another action is an implicit deny', policies: [policy(allow(GET, APP))],
    request: request(START, APP), want: 'ImplicitDeny' },
  { name: 'an Allow of another resource is an implicit deny', policies: [policy(allow(GET, APP))],
    request: request(GET, pipelineArn('other')), want: 'ImplicitDeny' },
  { name: 'a Deny in the same policy beats the Allow', policies: [policy(allow('*', '*'), deny(START, APP, { Sid: 'NoStart' }))],
    request: request(START, APP), want: 'ExplicitDeny', matched: { policyIndex: 0, statementIndex: 1, sid: 'NoStart' } },
  { name: 'a Deny in another policy beats the Allow, whatever the order',
    policies: [policy(allow(START, APP, { Sid: 'Start' })), policy(allow(GET, '*')), policy(deny('codepipeline:*', APP))],
    request: request(START, APP), want: 'ExplicitDeny', matched: { policyIndex: 2, statementIndex: 0 } },
  { name: 'a Deny of another action leaves the Allow', policies: [policy(deny(START, '*')), policy(allow(GET, APP, { Sid: 'Read' }))],
    request: request(GET, APP), want: 'Allow', matched: { policyIndex: 1, statementIndex: 0, sid: 'Read' } },
  { name: 'a Deny alone is still a deny', policies: [policy(deny(GET, APP))], request: request(GET, APP), want: 'ExplicitDeny' },
  { name: 'the first matching Allow is reported', policies: [policy(allow(START, APP), allow(GET, '*', { Sid: 'A' }), allow(GET, APP, { Sid: 'B' }))],
    request: request(GET, APP), want: 'Allow', matched: { policyIndex: 0, statementIndex: 1, sid: 'A' } },
  { name: 'a single statement object works like a list of one',
    policies: [{ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: GET, Resource: APP } }],
    request: request(GET, APP), want: 'Allow' },
  { name: 'lists of actions and resources are alternatives', policies: [policy(allow([START, GET], [pipelineArn('x'), APP]))],
    request: request(GET, APP), want: 'Allow' },
  { name: 'AdministratorAccess-style * on * allows anything', policies: [policy(allow('*', '*'))],
    request: request('codebuild:StartBuild', 'arn:aws:codebuild:us-east-1:123456789012:project/p'), want: 'Allow' },
]);

describeEvaluations('evaluate: Action matching ignores case and takes * and ?', [
  { name: 'service:* matches every action of the service', policies: [policy(allow('codepipeline:*', '*'))],
    request: request(START, APP), want: 'Allow' },
  { name: 'service:* does not match another service', policies: [policy(allow('codepipeline:*', '*'))],
    request: request('codebuild:StartBuild', APP), want: 'ImplicitDeny' },
  { name: 'a prefix wildcard', policies: [policy(allow('codepipeline:Get*', '*'))], request: request('codepipeline:GetPipelineState', APP),
    want: 'Allow' },
  { name: 'a prefix wildcard does not match other verbs', policies: [policy(allow('codepipeline:Get*', '*'))],
    request: request('codepipeline:ListPipelines', '*'), want: 'ImplicitDeny' },
  { name: 'action names ignore case', policies: [policy(allow('CodePipeline:getpipeline', '*'))], request: request(GET, APP),
    want: 'Allow' },
  { name: 'wildcards ignore case too', policies: [policy(allow('codepipeline:get*STATE', '*'))],
    request: request('codepipeline:GetPipelineState', APP), want: 'Allow' },
  { name: '? matches exactly one character', policies: [policy(allow('codepipeline:?etPipeline', '*'))], request: request(GET, APP),
    want: 'Allow' },
  { name: '? does not match zero characters', policies: [policy(allow('codepipeline:?GetPipeline', '*'))], request: request(GET, APP),
    want: 'ImplicitDeny' },
  { name: 'an infix wildcard', policies: [policy(allow('codepipeline:*Stage*', '*'))], request: request('codepipeline:RetryStageExecution', APP),
    want: 'Allow' },
  { name: 'an action must match whole, not as a prefix', policies: [policy(allow('codepipeline:GetPipeline', '*'))],
    request: request('codepipeline:GetPipelineState', APP), want: 'ImplicitDeny' },
]);

describeEvaluations('evaluate: Resource matching is case-sensitive; * spans : and /', [
  { name: 'a trailing * spans / into stages and actions', policies: [policy(allow('*', `${APP}*`))],
    request: request('codepipeline:PutApprovalResult', `${APP}/Deploy/Approve`), want: 'Allow' },
  { name: 'a * spans : across region and account', policies: [policy(allow('*', 'arn:aws:codepipeline:*'))],
    request: request(GET, APP), want: 'Allow' },
  { name: 'a * in the middle spans several parts', policies: [policy(allow('*', 'arn:aws:codepipeline:*:app'))],
    request: request(GET, APP), want: 'Allow' },
  { name: 'resources are case-sensitive', policies: [policy(allow('*', pipelineArn('App')))], request: request(GET, APP),
    want: 'ImplicitDeny' },
  { name: '? matches one character of a resource', policies: [policy(allow('*', pipelineArn('ap?')))], request: request(GET, APP),
    want: 'Allow' },
  { name: '? does not match two characters', policies: [policy(allow('*', pipelineArn('a?')))], request: request(GET, APP),
    want: 'ImplicitDeny' },
  { name: 'a pipeline ARN does not cover its stages without a wildcard', policies: [policy(allow('*', APP))],
    request: request('codepipeline:RetryStageExecution', `${APP}/Build`), want: 'ImplicitDeny' },
  { name: 'prefix patterns per team', policies: [policy(allow('*', pipelineArn('team-a-*')))],
    request: request(GET, pipelineArn('team-a-web')), want: 'Allow' },
  { name: 'a request for * (no resource) needs Resource *', policies: [policy(allow('codepipeline:ListPipelines', 'arn:aws:codepipeline:*'))],
    request: request('codepipeline:ListPipelines', '*'), want: 'ImplicitDeny' },
  { name: 'Resource * covers a request for *', policies: [policy(allow('codepipeline:ListPipelines', '*'))],
    request: request('codepipeline:ListPipelines', '*'), want: 'Allow' },
]);

describeEvaluations('evaluate: NotAction and NotResource', [
  { name: 'NotAction applies to every action not listed',
    policies: [policy({ Effect: 'Allow', NotAction: 'codepipeline:Delete*', Resource: '*' })], request: request(START, APP), want: 'Allow' },
  { name: 'NotAction does not apply to a listed action',
    policies: [policy({ Effect: 'Allow', NotAction: 'codepipeline:Delete*', Resource: '*' })],
    request: request('codepipeline:DeletePipeline', APP), want: 'ImplicitDeny' },
  { name: 'NotAction applies to actions of other services',
    policies: [policy({ Effect: 'Allow', NotAction: 'codepipeline:*', Resource: '*' })],
    request: request('codebuild:StartBuild', '*'), want: 'Allow' },
  { name: 'Deny with NotAction denies everything but the listed actions',
    policies: [policy(allow('*', '*'), { Effect: 'Deny', NotAction: ['codepipeline:Get*', 'codepipeline:List*'], Resource: '*' })],
    request: request(START, APP), want: 'ExplicitDeny' },
  { name: 'Deny with NotAction leaves the listed actions',
    policies: [policy(allow('*', '*'), { Effect: 'Deny', NotAction: ['codepipeline:Get*', 'codepipeline:List*'], Resource: '*' })],
    request: request(GET, APP), want: 'Allow' },
  { name: 'NotResource applies to every resource not listed',
    policies: [policy({ Effect: 'Allow', Action: '*', NotResource: pipelineArn('prod-*') })], request: request(START, APP), want: 'Allow' },
  { name: 'NotResource does not apply to a listed resource',
    policies: [policy({ Effect: 'Allow', Action: '*', NotResource: pipelineArn('prod-*') })],
    request: request(START, pipelineArn('prod-web')), want: 'ImplicitDeny' },
  { name: 'Deny with NotResource fences everything outside the list',
    policies: [policy(allow('*', '*'), { Effect: 'Deny', Action: '*', NotResource: [pipelineArn('dev-*'), `${pipelineArn('dev-*')}/*`] })],
    request: request(START, pipelineArn('prod-web')), want: 'ExplicitDeny' },
  { name: 'Deny with NotResource leaves the listed resources',
    policies: [policy(allow('*', '*'), { Effect: 'Deny', Action: '*', NotResource: [pipelineArn('dev-*'), `${pipelineArn('dev-*')}/*`] })],
    request: request('codepipeline:PutApprovalResult', `${pipelineArn('dev-web')}/Deploy/Approve`), want: 'Allow' },
  { name: 'NotAction and NotResource together', policies: [policy({ Effect: 'Allow', NotAction: 'codepipeline:Delete*', NotResource: APP })],
    request: request(START, pipelineArn('other')), want: 'Allow' },
]);

describe('evaluate: documents that did not come from the parser', () => {
  const unknownOperator = (effect: 'Allow' | 'Deny'): PolicyDocument => ({
    Version: '2012-10-17',
    Statement: [{ Effect: effect, Action: '*', Resource: '*', Condition: { StringEqualz: { 'aws:username': 'alice' } } }],
  });

  it('an unknown operator fails closed: an Allow does not apply', () => {
    assert.equal(evaluate(request(GET, APP, { 'aws:username': 'alice' }), [unknownOperator('Allow')]).decision, 'ImplicitDeny');
  });

  it('an unknown operator fails closed: a Deny applies', () => {
    const policies = [policy(allow('*', '*')), unknownOperator('Deny')];
    assert.equal(evaluate(request(GET, APP), policies).decision, 'ExplicitDeny');
  });

  it('a statement without an Effect IAM knows is ignored', () => {
    const odd = { Version: '2012-10-17', Statement: [{ Effect: 'allow', Action: '*', Resource: '*' }] } as unknown as PolicyDocument;
    assert.equal(evaluate(request(GET, APP), [odd]).decision, 'ImplicitDeny');
  });
});
