/**
 * Authorization of every CodePipeline operation, one row per command of the AWS SDK client (so an
 * operation added to the API and the SDK fails here until it has a row):
 * - a user whose only policy allows exactly `codepipeline:<Operation>` gets past authorization
 *   (whatever else the call then says: PipelineNotFoundException, a validation error, success);
 * - a user with no policy is refused with AccessDeniedException, "no identity-based policy allows";
 * - a user allowed `*` but denied `codepipeline:<Operation>` is refused, "with an explicit deny".
 * Refusals name the caller, the action and the resource, in AWS's words.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as sdk from '@aws-sdk/client-codepipeline';
import type { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { makeUser, policyOf, type Credentials } from '../support/iam.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const ACCOUNT = '000000000000';
const PIPELINE = 'authz-none';
const BASE = `arn:aws:codepipeline:us-east-1:${ACCOUNT}`;
const UUID = '11111111-2222-4333-8444-555555555555';
const ARTIFACTS = { minimumCount: 0, maximumCount: 1 };
const STAGE = { pipelineName: PIPELINE, stageName: 'Deploy' };
const ACTION = { ...STAGE, actionName: 'Approve' };
/** One stage only: valid to the model, refused by pipeline validation (after authorization). */
const ONE_STAGE = {
  name: PIPELINE, roleArn: `arn:aws:iam::${ACCOUNT}:role/p`, artifactStore: { type: 'S3', location: 'artifacts' },
  stages: [{ name: 'Only', actions: [{ name: 'A', actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' } }] }],
};

/** A request of each operation that passes model validation, and the resource it is authorized against. */
const REQUESTS: Record<string, { input: object; resource: string }> = {
  AcknowledgeJob: { input: { jobId: UUID, nonce: 'n' }, resource: '*' },
  AcknowledgeThirdPartyJob: { input: { jobId: 'j', nonce: 'n', clientToken: 'c' }, resource: '*' },
  CreateCustomActionType: {
    input: { category: 'Build', provider: 'AuthzProvider', version: '1', inputArtifactDetails: ARTIFACTS, outputArtifactDetails: ARTIFACTS },
    resource: `${BASE}:actiontype:Custom/Build/AuthzProvider/1`,
  },
  CreatePipeline: { input: { pipeline: ONE_STAGE }, resource: `${BASE}:${PIPELINE}` },
  DeleteCustomActionType: { input: { category: 'Build', provider: 'NoSuchProvider', version: '1' }, resource: `${BASE}:actiontype:Custom/Build/NoSuchProvider/1` },
  DeletePipeline: { input: { name: PIPELINE }, resource: `${BASE}:${PIPELINE}` },
  DeleteWebhook: { input: { name: 'authz-hook' }, resource: `${BASE}:webhook:authz-hook` },
  DeregisterWebhookWithThirdParty: { input: { webhookName: 'authz-hook' }, resource: `${BASE}:webhook:authz-hook` },
  DisableStageTransition: { input: { ...STAGE, transitionType: 'Inbound', reason: 'maintenance' }, resource: `${BASE}:${PIPELINE}/Deploy` },
  EnableStageTransition: { input: { ...STAGE, transitionType: 'Inbound' }, resource: `${BASE}:${PIPELINE}/Deploy` },
  GetActionType: { input: { category: 'Build', owner: 'AWS', provider: 'NoSuchProvider', version: '1' }, resource: '*' },
  GetJobDetails: { input: { jobId: UUID }, resource: '*' },
  GetPipeline: { input: { name: PIPELINE }, resource: `${BASE}:${PIPELINE}` },
  GetPipelineExecution: { input: { pipelineName: PIPELINE, pipelineExecutionId: UUID }, resource: `${BASE}:${PIPELINE}` },
  GetPipelineState: { input: { name: PIPELINE }, resource: `${BASE}:${PIPELINE}` },
  GetThirdPartyJobDetails: { input: { jobId: 'j', clientToken: 'c' }, resource: '*' },
  ListActionExecutions: { input: { pipelineName: PIPELINE }, resource: `${BASE}:${PIPELINE}` },
  ListActionTypes: { input: {}, resource: '*' },
  ListDeployActionExecutionTargets: { input: { pipelineName: PIPELINE, actionExecutionId: 'a' }, resource: `${BASE}:${PIPELINE}` },
  ListPipelineExecutions: { input: { pipelineName: PIPELINE }, resource: `${BASE}:${PIPELINE}` },
  ListPipelines: { input: {}, resource: '*' },
  ListRuleExecutions: { input: { pipelineName: PIPELINE }, resource: `${BASE}:${PIPELINE}` },
  ListRuleTypes: { input: {}, resource: '*' },
  ListTagsForResource: { input: { resourceArn: `${BASE}:${PIPELINE}` }, resource: `${BASE}:${PIPELINE}` },
  ListWebhooks: { input: {}, resource: `${BASE}:webhook:*` },
  OverrideStageCondition: { input: { ...STAGE, pipelineExecutionId: UUID, conditionType: 'BEFORE_ENTRY' }, resource: `${BASE}:${PIPELINE}/Deploy` },
  PollForJobs: { input: { actionTypeId: { category: 'Build', owner: 'Custom', provider: 'NoSuchProvider', version: '1' } }, resource: `${BASE}:actiontype:Custom/Build/NoSuchProvider/1` },
  PollForThirdPartyJobs: { input: { actionTypeId: { category: 'Source', owner: 'ThirdParty', provider: 'NoSuchProvider', version: '1' } }, resource: '*' },
  PutActionRevision: {
    input: { ...ACTION, actionRevision: { revisionId: 'r1', revisionChangeId: 'c1', created: new Date(0) } },
    resource: `${BASE}:${PIPELINE}/Deploy/Approve`,
  },
  PutApprovalResult: { input: { ...ACTION, result: { summary: 'ok', status: 'Approved' }, token: UUID }, resource: `${BASE}:${PIPELINE}/Deploy/Approve` },
  PutJobFailureResult: { input: { jobId: UUID, failureDetails: { type: 'JobFailed', message: 'm' } }, resource: '*' },
  PutJobSuccessResult: { input: { jobId: UUID }, resource: '*' },
  PutThirdPartyJobFailureResult: { input: { jobId: 'j', clientToken: 'c', failureDetails: { type: 'JobFailed', message: 'm' } }, resource: '*' },
  PutThirdPartyJobSuccessResult: { input: { jobId: 'j', clientToken: 'c' }, resource: '*' },
  PutWebhook: {
    input: { webhook: { name: 'authz-hook', targetPipeline: PIPELINE, targetAction: 'Src', filters: [{ jsonPath: '$.ref' }], authentication: 'UNAUTHENTICATED', authenticationConfiguration: {} } },
    resource: `${BASE}:webhook:authz-hook`,
  },
  RegisterWebhookWithThirdParty: { input: { webhookName: 'authz-hook' }, resource: `${BASE}:webhook:authz-hook` },
  RetryStageExecution: { input: { ...STAGE, pipelineExecutionId: UUID, retryMode: 'FAILED_ACTIONS' }, resource: `${BASE}:${PIPELINE}/Deploy` },
  RollbackStage: { input: { ...STAGE, targetPipelineExecutionId: UUID }, resource: `${BASE}:${PIPELINE}/Deploy` },
  StartPipelineExecution: { input: { name: PIPELINE }, resource: `${BASE}:${PIPELINE}` },
  StopPipelineExecution: { input: { pipelineName: PIPELINE, pipelineExecutionId: UUID }, resource: `${BASE}:${PIPELINE}` },
  TagResource: { input: { resourceArn: `${BASE}:${PIPELINE}`, tags: [{ key: 'team', value: 'a' }] }, resource: `${BASE}:${PIPELINE}` },
  UntagResource: { input: { resourceArn: `${BASE}:${PIPELINE}`, tagKeys: ['team'] }, resource: `${BASE}:${PIPELINE}` },
  UpdateActionType: {
    input: {
      actionType: {
        executor: { configuration: {}, type: 'JobWorker' }, id: { category: 'Build', owner: 'ThirdParty', provider: 'NoSuchProvider', version: '1' },
        inputArtifactDetails: ARTIFACTS, outputArtifactDetails: ARTIFACTS,
      },
    },
    resource: `${BASE}:actiontype:ThirdParty/Build/NoSuchProvider/1`,
  },
  UpdatePipeline: { input: { pipeline: ONE_STAGE }, resource: `${BASE}:${PIPELINE}` },
};

type CommandClass = new (input: object) => Parameters<CodePipelineClient['send']>[0];

/** Every operation of the SDK client: `GetPipelineCommand` → `GetPipeline`. */
const COMMANDS = Object.entries(sdk)
  .filter(([name]) => /^[A-Z]\w+Command$/.test(name))
  .map(([name, command]) => ({ operation: name.slice(0, -'Command'.length), Command: command as unknown as CommandClass }));

const denied = (user: string, operation: string, resource: string, why: 'implicit' | 'explicit'): RegExp => new RegExp(
  `^User: arn:aws:iam::${ACCOUNT}:user/${user} is not authorized to perform: codepipeline:${operation} on resource: ${resource.replace(/[.*/$]/g, '\\$&')} `
  + (why === 'implicit' ? `because no identity-based policy allows the codepipeline:${operation} action$` : 'with an explicit deny in an identity-based policy$'));

describe('authorization of every CodePipeline operation', () => {
  let t: TestServer;
  const clients = new Map<string, CodePipelineClient>();
  const clientOf = async (user: string, policy?: object): Promise<CodePipelineClient> => {
    let client = clients.get(user);
    if (!client) {
      const credentials: Credentials = await makeUser(t, user, policy);
      client = t.codepipeline(credentials);
      clients.set(user, client);
    }
    return client;
  };
  before(async () => { t = await startTestServer(); });
  after(() => t.close());

  it('has a request for each of the 44 operations of the SDK', () => {
    assert.equal(COMMANDS.length, 44);
    assert.deepEqual(COMMANDS.map((c) => c.operation).filter((op) => !(op in REQUESTS)), [], 'operations without a row');
  });

  for (const { operation, Command } of COMMANDS) {
    describe(operation, () => {
      const request = REQUESTS[operation];
      const send = async (client: CodePipelineClient): Promise<unknown> => client.send(new Command(request?.input ?? {}));

      it(`passes a user allowed exactly codepipeline:${operation}`, async () => {
        const client = await clientOf(`allow-${operation}`, policyOf({ Effect: 'Allow', Action: `codepipeline:${operation}`, Resource: '*' }));
        await send(client).catch((e: Error) => {
          assert.notEqual(e.name, 'AccessDeniedException', e.message);
          assert.notEqual(e.name, 'UnknownOperationException', e.message);
        });
      });

      it('refuses a user with no policy', async () => {
        await assert.rejects(send(await clientOf('no-policy')), (e: Error) => {
          assert.equal(e.name, 'AccessDeniedException');
          assert.match(e.message, denied('no-policy', operation, request?.resource ?? '', 'implicit'));
          return true;
        });
      });

      it(`refuses a user allowed * but denied codepipeline:${operation}`, async () => {
        const client = await clientOf(`deny-${operation}`, policyOf(
          { Effect: 'Allow', Action: '*', Resource: '*' },
          { Effect: 'Deny', Action: `codepipeline:${operation}`, Resource: '*' },
        ));
        await assert.rejects(send(client), (e: Error) => {
          assert.equal(e.name, 'AccessDeniedException');
          assert.match(e.message, denied(`deny-${operation}`, operation, request?.resource ?? '', 'explicit'));
          return true;
        });
      });
    });
  }

  it('applies stored policies whatever their size (system policies are not bound by the inline quota)', async () => {
    const client = await clientOf('big-policy');
    const padding = Array.from({ length: 200 }, (_, i) => `arn:aws:codepipeline:us-east-1:${ACCOUNT}:padding-pipeline-${i}`);
    const document = JSON.stringify(policyOf({ Effect: 'Allow', Action: 'codepipeline:ListPipelines', Resource: ['*', ...padding] }));
    assert.ok(document.length > 6144);
    await t.server.runtime.store.identity.putUserPolicy({ userName: 'big-policy', policyName: 'system', document });
    assert.ok((await client.send(new sdk.ListPipelinesCommand({}))).pipelines);
  });

  it('answers AccessDeniedException with HTTP 400, as CodePipeline does', async () => {
    await assert.rejects((await clientOf('no-policy')).send(new sdk.ListPipelinesCommand({})),
      (e: Error & { $metadata?: { httpStatusCode?: number } }) => e.$metadata?.httpStatusCode === 400);
  });
});
