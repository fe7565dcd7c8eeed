/**
 * ListDeployActionExecutionTargets: no Sluice provider reports deploy targets yet, so the answer
 * is an empty list once the pipeline and the action execution are found.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreatePipelineCommand, ListActionExecutionsCommand, ListDeployActionExecutionTargetsCommand, type CodePipelineClient,
} from '@aws-sdk/client-codepipeline';
import { startTestServer, type TestServer } from '../support/server.ts';

const PIPELINE = {
  name: 'deploys', roleArn: 'arn:aws:iam::000000000000:role/p', artifactStore: { type: 'S3' as const, location: 'artifacts' },
  stages: [
    { name: 'Source', actions: [{ name: 'Src', actionTypeId: { category: 'Source' as const, owner: 'AWS' as const, provider: 'CodeCommit', version: '1' },
      configuration: { RepositoryName: 'r', BranchName: 'main' }, outputArtifacts: [{ name: 'Out' }] }] },
    { name: 'Gate', actions: [{ name: 'Ok', actionTypeId: { category: 'Approval' as const, owner: 'AWS' as const, provider: 'Manual', version: '1' } }] },
  ],
};

describe('ListDeployActionExecutionTargets', () => {
  let t: TestServer;
  let client: CodePipelineClient;
  let actionExecutionId = '';

  before(async () => {
    t = await startTestServer();
    client = t.codepipeline();
    await client.send(new CreatePipelineCommand({ pipeline: PIPELINE }));
    // CreatePipeline's first execution records the source action's execution in the same step.
    const { actionExecutionDetails = [] } = await client.send(new ListActionExecutionsCommand({ pipelineName: 'deploys' }));
    actionExecutionId = actionExecutionDetails[0]?.actionExecutionId ?? '';
    assert.ok(actionExecutionId);
  });
  after(() => t.close());

  it('answers an empty list for an action execution of the pipeline', async () => {
    const result = await client.send(new ListDeployActionExecutionTargetsCommand({ pipelineName: 'deploys', actionExecutionId }));
    assert.deepEqual(result.targets, []);
    assert.equal(result.nextToken, undefined);
  });

  it('names what is missing', async () => {
    await assert.rejects(client.send(new ListDeployActionExecutionTargetsCommand({ pipelineName: 'nope', actionExecutionId })),
      { name: 'PipelineNotFoundException', message: 'Pipeline nope not found' });
    await assert.rejects(client.send(new ListDeployActionExecutionTargetsCommand({ pipelineName: 'deploys', actionExecutionId: 'missing' })),
      { name: 'ActionExecutionNotFoundException', message: 'Action execution missing not found in pipeline deploys' });
    await assert.rejects(client.send(new ListDeployActionExecutionTargetsCommand({ pipelineName: 'deploys', actionExecutionId, nextToken: 'x' })),
      { name: 'InvalidNextTokenException' });
    await assert.rejects(client.send(new ListDeployActionExecutionTargetsCommand({ actionExecutionId })), { name: 'ValidationException' });
  });
});
