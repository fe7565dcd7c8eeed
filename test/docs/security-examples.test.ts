/**
 * The policy examples of docs/security.md do what the doc says, read from the doc itself: the
 * deploy approver approves in its stage and nowhere else; the CI user starts `ci-*` pipelines only.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import {
  type CodePipelineClient, CreatePipelineCommand, DeletePipelineCommand, GetPipelineStateCommand, PutApprovalResultCommand,
  StartPipelineExecutionCommand,
} from '@aws-sdk/client-codepipeline';
import { completeSource, createTypes, SOURCE_TYPE } from '../support/job-workers.ts';
import { makeUser } from '../support/iam.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const DOC = readFileSync(new URL('../../docs/security.md', import.meta.url), 'utf8');

/** The JSON code block of the doc that contains `marker`. */
function docPolicy(marker: string): object {
  const block = [...DOC.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1] ?? '').find((b) => b.includes(marker));
  assert.ok(block, `docs/security.md has a policy with ${marker}`);
  return JSON.parse(block) as object;
}

/** Source (custom, completed by the test) then a manual approval in stage `stage`. */
function approvalPipeline(name: string, stage: string) {
  return {
    name, pipelineType: 'V2' as const, roleArn: 'arn:aws:iam::000000000000:role/p', artifactStore: { type: 'S3' as const, location: 'artifacts' },
    stages: [
      { name: 'Source', actions: [{ name: 'Checkout', actionTypeId: SOURCE_TYPE, configuration: { Repo: name }, outputArtifacts: [{ name: 'Code' }] }] },
      { name: stage, actions: [{ name: 'Manual', actionTypeId: { category: 'Approval' as const, owner: 'AWS' as const, provider: 'Manual', version: '1' } }] },
    ],
  };
}

async function pendingToken(client: CodePipelineClient, name: string, stage: string): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const state = await client.send(new GetPipelineStateCommand({ name }));
    const token = state.stageStates?.find((s) => s.stageName === stage)?.actionStates?.[0]?.latestExecution?.token;
    if (token) return token;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`no approval pending in ${name}/${stage}`);
}

describe('docs/security.md policy examples', () => {
  let t: TestServer;
  let admin: CodePipelineClient;
  before(async () => {
    t = await startTestServer();
    admin = t.codepipeline();
    await createTypes(admin);
    for (const name of ['app', 'other']) await admin.send(new CreatePipelineCommand({ pipeline: approvalPipeline(name, 'Approve') }));
    await completeSource(admin, 'app');
    await completeSource(admin, 'other');
  });
  after(() => t.close());

  it('lets the deploy approver approve the Approve stage of app, and nothing else', async () => {
    const approver = t.codepipeline(await makeUser(t, 'approver', docPolicy('ApproveProduction')));
    const token = await pendingToken(approver, 'app', 'Approve');
    await approver.send(new PutApprovalResultCommand({
      pipelineName: 'app', stageName: 'Approve', actionName: 'Manual', token, result: { status: 'Approved', summary: 'ship it' },
    }));
    await assert.rejects(approver.send(new GetPipelineStateCommand({ name: 'other' })), { name: 'AccessDeniedException' });
    const otherToken = await pendingToken(admin, 'other', 'Approve');
    await assert.rejects(approver.send(new PutApprovalResultCommand({
      pipelineName: 'other', stageName: 'Approve', actionName: 'Manual', token: otherToken, result: { status: 'Approved', summary: 'no' },
    })), { name: 'AccessDeniedException', message: /on resource: arn:aws:codepipeline:us-east-1:000000000000:other\/Approve\/Manual / });
    await assert.rejects(approver.send(new StartPipelineExecutionCommand({ name: 'app' })), { name: 'AccessDeniedException' });
  });

  it('lets the CI user start ci-* pipelines only', async () => {
    await admin.send(new DeletePipelineCommand({ name: 'other' }));
    await admin.send(new CreatePipelineCommand({ pipeline: approvalPipeline('ci-web', 'Approve') }));
    const ci = t.codepipeline(await makeUser(t, 'ci', docPolicy('ci-*')));
    assert.ok((await ci.send(new StartPipelineExecutionCommand({ name: 'ci-web' }))).pipelineExecutionId);
    await assert.rejects(ci.send(new StartPipelineExecutionCommand({ name: 'app' })), { name: 'AccessDeniedException' });
    await assert.rejects(ci.send(new DeletePipelineCommand({ name: 'ci-web' })), { name: 'AccessDeniedException' });
  });
});
