// The 44 CodePipeline operations: their IAM action, resource ARNs, and the managed policies on them.
import * as sdk from '@aws-sdk/client-codepipeline';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CODEPIPELINE_OPERATIONS, iamActionFor, isCodePipelineOperation, OPERATION_AUTHORIZATION, resourceArnFor, resourceArnsFor,
  type CodePipelineOperation, type OperationInputs,
} from '../../../src/model/iam/actions.ts';
import { evaluate } from '../../../src/model/iam/evaluate.ts';
import {
  AdministratorAccess, AWS_MANAGED_POLICIES, AWSCodePipeline_FullAccess, AWSCodePipeline_ReadOnlyAccess,
} from '../../../src/model/iam/managed-policies.ts';
import { parsePolicyDocument } from '../../../src/model/iam/parse-policy.ts';
import type { PolicyDocument } from '../../../src/model/iam/policy.ts';
import { isSluiceError } from '../../../src/model/errors.ts';
import { ACCOUNT, REGION } from './iam-table.ts';

const scope = { region: REGION, accountId: ACCOUNT };
const BASE = `arn:aws:codepipeline:${REGION}:${ACCOUNT}`;
const PIPELINE = `${BASE}:app`;
const STAGE = `${PIPELINE}/Deploy`;
const ACTION = `${STAGE}/Approve`;
const CUSTOM_TYPE = `${BASE}:actiontype:Custom/Build/MyBuilder/1`;
const WEBHOOK = `${BASE}:webhook:hook`;
const stage = { pipelineName: 'app', stageName: 'Deploy' };
const action = { ...stage, actionName: 'Approve' };
const customType = { category: 'Build', provider: 'MyBuilder', version: '1' };
const typeId = { ...customType, owner: 'Custom' };
const job = { jobId: '11111111-2222-3333-4444-555555555555' };

interface Row<Op extends CodePipelineOperation> {
  /** A request input as a client sends it, with members the ARN does not use. */
  input: OperationInputs[Op] & Record<string, unknown>;
  /** Every ARN IAM authorizes the operation against. */
  arns: string[];
  /** AWSCodePipeline_ReadOnlyAccess allows it. */
  readOnly: boolean;
}

const OPERATIONS: { [Op in CodePipelineOperation]: Row<Op> } = {
  AcknowledgeJob: { input: { ...job, nonce: '1' }, arns: ['*'], readOnly: false },
  AcknowledgeThirdPartyJob: { input: { ...job, nonce: '1', clientToken: 't' }, arns: ['*'], readOnly: false },
  CreateCustomActionType: { input: customType, arns: [CUSTOM_TYPE], readOnly: false },
  CreatePipeline: { input: { pipeline: { name: 'app' } }, arns: [PIPELINE], readOnly: false },
  DeleteCustomActionType: { input: customType, arns: [CUSTOM_TYPE], readOnly: false },
  DeletePipeline: { input: { name: 'app' }, arns: [PIPELINE], readOnly: false },
  DeleteWebhook: { input: { name: 'hook' }, arns: [WEBHOOK], readOnly: false },
  DeregisterWebhookWithThirdParty: { input: { webhookName: 'hook' }, arns: [WEBHOOK], readOnly: false },
  DisableStageTransition: { input: { ...stage, transitionType: 'Inbound' }, arns: [STAGE], readOnly: false },
  EnableStageTransition: { input: { ...stage, transitionType: 'Inbound' }, arns: [STAGE], readOnly: false },
  GetActionType: { input: typeId, arns: ['*'], readOnly: false },
  GetJobDetails: { input: job, arns: ['*'], readOnly: false },
  GetPipeline: { input: { name: 'app' }, arns: [PIPELINE], readOnly: true },
  GetPipelineExecution: { input: { pipelineName: 'app', pipelineExecutionId: 'e' }, arns: [PIPELINE], readOnly: true },
  GetPipelineState: { input: { name: 'app' }, arns: [PIPELINE], readOnly: true },
  GetThirdPartyJobDetails: { input: job, arns: ['*'], readOnly: false },
  ListActionExecutions: { input: { pipelineName: 'app' }, arns: [PIPELINE], readOnly: true },
  ListActionTypes: { input: {}, arns: ['*'], readOnly: true },
  ListDeployActionExecutionTargets: { input: { pipelineName: 'app', actionExecutionId: 'a' }, arns: [PIPELINE], readOnly: false },
  ListPipelineExecutions: { input: { pipelineName: 'app' }, arns: [PIPELINE], readOnly: true },
  ListPipelines: { input: {}, arns: ['*'], readOnly: true },
  ListRuleExecutions: { input: { pipelineName: 'app' }, arns: [PIPELINE], readOnly: false },
  ListRuleTypes: { input: {}, arns: ['*'], readOnly: false },
  ListTagsForResource: { input: { resourceArn: PIPELINE }, arns: [PIPELINE], readOnly: true },
  ListWebhooks: { input: {}, arns: [`${BASE}:webhook:*`], readOnly: false },
  OverrideStageCondition: { input: { ...stage, pipelineExecutionId: 'e', conditionType: 'BEFORE_ENTRY' }, arns: [STAGE], readOnly: false },
  PollForJobs: { input: { actionTypeId: typeId }, arns: [CUSTOM_TYPE], readOnly: false },
  PollForThirdPartyJobs: { input: { actionTypeId: { ...typeId, owner: 'ThirdParty' } }, arns: ['*'], readOnly: false },
  PutActionRevision: { input: action, arns: [ACTION], readOnly: false },
  PutApprovalResult: { input: { ...action, token: 't', result: { status: 'Approved', summary: 'ok' } }, arns: [ACTION], readOnly: false },
  PutJobFailureResult: { input: job, arns: ['*'], readOnly: false },
  PutJobSuccessResult: { input: job, arns: ['*'], readOnly: false },
  PutThirdPartyJobFailureResult: { input: job, arns: ['*'], readOnly: false },
  PutThirdPartyJobSuccessResult: { input: job, arns: ['*'], readOnly: false },
  PutWebhook: { input: { webhook: { name: 'hook', targetPipeline: 'app' } }, arns: [WEBHOOK, PIPELINE], readOnly: false },
  RegisterWebhookWithThirdParty: { input: { webhookName: 'hook' }, arns: [WEBHOOK], readOnly: false },
  RetryStageExecution: { input: { ...stage, pipelineExecutionId: 'e', retryMode: 'FAILED_ACTIONS' }, arns: [STAGE], readOnly: false },
  RollbackStage: { input: { ...stage, targetPipelineExecutionId: 'e' }, arns: [STAGE], readOnly: false },
  StartPipelineExecution: { input: { name: 'app' }, arns: [PIPELINE], readOnly: false },
  StopPipelineExecution: { input: { pipelineName: 'app', pipelineExecutionId: 'e' }, arns: [PIPELINE], readOnly: false },
  TagResource: { input: { resourceArn: WEBHOOK }, arns: [WEBHOOK], readOnly: false },
  UntagResource: { input: { resourceArn: CUSTOM_TYPE }, arns: [CUSTOM_TYPE], readOnly: false },
  UpdateActionType: { input: { actionType: { id: { ...typeId, owner: 'AWS' } } }, arns: [`${BASE}:actiontype:AWS/Build/MyBuilder/1`], readOnly: false },
  UpdatePipeline: { input: { pipeline: { name: 'app' } }, arns: [PIPELINE], readOnly: false },
};

/** The operations as the CodePipeline API reference lists them. */
const API_OPERATIONS = `AcknowledgeJob AcknowledgeThirdPartyJob CreateCustomActionType CreatePipeline DeleteCustomActionType
  DeletePipeline DeleteWebhook DeregisterWebhookWithThirdParty DisableStageTransition EnableStageTransition GetActionType
  GetJobDetails GetPipeline GetPipelineExecution GetPipelineState GetThirdPartyJobDetails ListActionExecutions ListActionTypes
  ListDeployActionExecutionTargets ListPipelineExecutions ListPipelines ListRuleExecutions ListRuleTypes ListTagsForResource
  ListWebhooks OverrideStageCondition PollForJobs PollForThirdPartyJobs PutActionRevision PutApprovalResult PutJobFailureResult
  PutJobSuccessResult PutThirdPartyJobFailureResult PutThirdPartyJobSuccessResult PutWebhook RegisterWebhookWithThirdParty
  RetryStageExecution RollbackStage StartPipelineExecution StopPipelineExecution TagResource UntagResource UpdateActionType
  UpdatePipeline`.split(/\s+/);

const isReadVerb = (op: string): boolean => op.startsWith('Get') || op.startsWith('List');

/** The decision of `policy` for every ARN of `op`: Allow only when each one is allowed. */
function decide(op: CodePipelineOperation, policy: PolicyDocument): string {
  const decisions = OPERATIONS[op].arns.map((resource) => evaluate({ action: iamActionFor(op), resource }, [policy]).decision);
  return decisions.find((d) => d !== 'Allow') ?? 'Allow';
}

describe('CodePipeline operations', () => {
  it('are the 44 operations of the API, in its order', () => {
    assert.deepEqual(CODEPIPELINE_OPERATIONS, API_OPERATIONS);
    assert.equal(CODEPIPELINE_OPERATIONS.length, 44);
  });

  it('are the operations the AWS SDK has commands for', () => {
    const commands = Object.keys(sdk).filter((k) => /^[A-Z][A-Za-z]+Command$/.test(k)).map((k) => k.slice(0, -'Command'.length));
    assert.deepEqual([...CODEPIPELINE_OPERATIONS].sort(), commands.sort());
  });

  it('recognizes operation names', () => {
    assert.equal(isCodePipelineOperation('PutApprovalResult'), true);
    assert.equal(isCodePipelineOperation('toString'), false);
  });

  it('name Get and List operations Read or List, and the rest Write or Tagging', () => {
    for (const op of CODEPIPELINE_OPERATIONS) {
      const level = OPERATION_AUTHORIZATION[op].accessLevel;
      assert.equal(['Read', 'List'].includes(level), isReadVerb(op), `${op} is ${level}`);
    }
  });

  it('authorize with no resource type against * and with one against ARNs', () => {
    for (const op of CODEPIPELINE_OPERATIONS) {
      const noType = OPERATION_AUTHORIZATION[op].resourceTypes.length === 0;
      assert.equal(OPERATIONS[op].arns[0] === '*', noType, op);
    }
  });

  for (const op of CODEPIPELINE_OPERATIONS) {
    const row = OPERATIONS[op] as Row<typeof op>;
    it(`${op}: codepipeline:${op} on ${row.arns.join(' and ')}`, () => {
      assert.equal(iamActionFor(op), `codepipeline:${op}`);
      assert.deepEqual(resourceArnsFor(op, row.input, scope), row.arns);
      assert.equal(resourceArnFor(op, row.input, scope), row.arns[0]);
    });
  }
});

describe('resource ARNs: edge cases', () => {
  it('uses the partition of the scope', () => {
    assert.equal(resourceArnFor('GetPipeline', { name: 'app' }, { ...scope, partition: 'aws-cn' }), `arn:aws-cn:codepipeline:${REGION}:${ACCOUNT}:app`);
  });

  it('authorizes a request that names no webhook or pipeline against a * name', () => {
    assert.equal(resourceArnFor('RegisterWebhookWithThirdParty', {}, scope), `${BASE}:webhook:*`);
    assert.equal(resourceArnFor('ListDeployActionExecutionTargets', {}, scope), `${BASE}:*`);
  });

  it('refuses an input without the member the ARN needs, as AWS refuses a missing member', () => {
    const missing = { pipelineName: 'app', stageName: 'Deploy' } as unknown as OperationInputs['PutApprovalResult'];
    assert.throws(() => resourceArnFor('PutApprovalResult', missing, scope), (e: unknown) => isSluiceError(e)
      && e.code === 'ValidationException'
      && e.message === "1 validation error detected: Value null at 'actionName' failed to satisfy constraint: Member must not be null");
    const noType = { actionTypeId: { category: 'Build', provider: 'X', version: '1' } } as unknown as OperationInputs['PollForJobs'];
    assert.throws(() => resourceArnFor('PollForJobs', noType, scope), /'actionTypeId\.owner'/);
  });
});

describe('AWS managed policies on the 44 operations', () => {
  it('are documents IAM accepts, under their AWS ARNs', () => {
    for (const [arn, managed] of AWS_MANAGED_POLICIES) {
      assert.equal(arn, `arn:aws:iam::aws:policy/${managed.name}`);
      assert.deepEqual(parsePolicyDocument(JSON.stringify(managed.document)).issues, [], managed.name);
    }
    assert.deepEqual([...AWS_MANAGED_POLICIES.values()].map((p) => p.name),
      ['AdministratorAccess', 'AWSCodePipeline_FullAccess', 'AWSCodePipeline_ReadOnlyAccess']);
  });

  for (const op of CODEPIPELINE_OPERATIONS) {
    const { readOnly } = OPERATIONS[op];
    it(`${op}: ReadOnlyAccess ${readOnly ? 'allows' : 'denies'}; FullAccess and AdministratorAccess allow`, () => {
      assert.equal(decide(op, AWSCodePipeline_ReadOnlyAccess), readOnly ? 'Allow' : 'ImplicitDeny');
      assert.equal(decide(op, AWSCodePipeline_FullAccess), 'Allow');
      assert.equal(decide(op, AdministratorAccess), 'Allow');
    });
  }

  it('ReadOnlyAccess allows only Get and List operations and denies every mutating one', () => {
    const allowed = CODEPIPELINE_OPERATIONS.filter((op) => decide(op, AWSCodePipeline_ReadOnlyAccess) === 'Allow');
    assert.ok(allowed.every(isReadVerb), `allowed: ${allowed.join(', ')}`);
    const mutating = CODEPIPELINE_OPERATIONS.filter((op) => !isReadVerb(op));
    assert.equal(mutating.length, 29);
    assert.deepEqual(mutating.filter((op) => decide(op, AWSCodePipeline_ReadOnlyAccess) !== 'ImplicitDeny'), []);
  });

  it("ReadOnlyAccess leaves out the Get and List operations AWS's version 1 does not list", () => {
    const reads = CODEPIPELINE_OPERATIONS.filter(isReadVerb);
    assert.deepEqual(reads.filter((op) => decide(op, AWSCodePipeline_ReadOnlyAccess) !== 'Allow'), [
      'GetActionType', 'GetJobDetails', 'GetThirdPartyJobDetails', 'ListDeployActionExecutionTargets', 'ListRuleExecutions',
      'ListRuleTypes', 'ListWebhooks',
    ]);
  });

  it('FullAccess grants only CodePipeline', () => {
    assert.equal(evaluate({ action: 'codebuild:StartBuild', resource: '*' }, [AWSCodePipeline_FullAccess]).decision, 'ImplicitDeny');
  });
});
