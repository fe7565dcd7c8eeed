/**
 * The CodeDeploy pipeline action on a real server: an S3 source's zip is deployed to a deployment
 * group whose host is answered by a scripted agent (one group's agent fails ValidateService); the action links the deployment and succeeds
 * or fails with it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CodeDeployClient, CreateApplicationCommand, CreateDeploymentGroupCommand, GetDeploymentCommand } from '@aws-sdk/client-codedeploy';
import {
  type CodePipelineClient, CreatePipelineCommand, GetPipelineExecutionCommand, ListActionExecutionsCommand, ListPipelineExecutionsCommand,
  type ActionExecutionDetail, type PipelineDeclaration,
} from '@aws-sdk/client-codepipeline';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { strToU8, zipSync } from 'fflate';
import { waitFor } from '../compat/support.ts';
import { registerHost, type TestAgent } from '../support/deploy-agent.ts';
import { s3Client } from '../support/s3.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const ROLE = 'arn:aws:iam::000000000000:role/pipeline';

function pipeline(name: string, key: string, group: string): PipelineDeclaration {
  return {
    name, roleArn: ROLE, artifactStore: { type: 'S3', location: 'deploy-artifacts' },
    stages: [
      { name: 'Source', actions: [{ name: 'Bundle', actionTypeId: { category: 'Source', owner: 'AWS', provider: 'S3', version: '1' },
        configuration: { S3Bucket: 'sources', S3ObjectKey: key, PollForSourceChanges: 'false' }, outputArtifacts: [{ name: 'Bundle' }] }] },
      { name: 'Deploy', actions: [{ name: 'Ship', actionTypeId: { category: 'Deploy', owner: 'AWS', provider: 'CodeDeploy', version: '1' },
        configuration: { ApplicationName: 'pipe-app', DeploymentGroupName: group }, inputArtifacts: [{ name: 'Bundle' }] }] },
    ],
  };
}

describe('the CodeDeploy pipeline action', () => {
  let t: TestServer;
  let cp: CodePipelineClient;
  let client: CodeDeployClient;
  const agents: TestAgent[] = [];

  /** The pipeline's first execution once it ended, with its Deploy action's execution. */
  async function finished(name: string): Promise<{ status: string; ship: ActionExecutionDetail | undefined }> {
    const [summary] = (await cp.send(new ListPipelineExecutionsCommand({ pipelineName: name }))).pipelineExecutionSummaries ?? [];
    const id = summary?.pipelineExecutionId;
    const status = await waitFor(`pipeline ${name} to end`, async () => {
      const { pipelineExecution } = await cp.send(new GetPipelineExecutionCommand({ pipelineName: name, pipelineExecutionId: id }));
      return ['Succeeded', 'Failed', 'Stopped'].includes(pipelineExecution?.status ?? '') ? pipelineExecution?.status : undefined;
    }, 30_000, 100);
    const { actionExecutionDetails } = await cp.send(new ListActionExecutionsCommand({ pipelineName: name, filter: { pipelineExecutionId: id } }));
    return { status: status ?? '', ship: actionExecutionDetails?.find((a) => a.actionName === 'Ship') };
  }

  before(async () => {
    t = await startTestServer({ deploy: { pollWaitMs: 2000, orchestratorIntervalMs: 100 } });
    cp = t.codepipeline();
    client = new CodeDeployClient({ endpoint: t.url, region: 'us-east-1', credentials: t.credentials, maxAttempts: 1 });
    const s3 = s3Client(t);
    await s3.send(new CreateBucketCommand({ Bucket: 'sources' }));
    for (const key of ['good.zip', 'bad.zip']) {
      await s3.send(new PutObjectCommand({ Bucket: 'sources', Key: key, Body: zipSync({ 'appspec.yml': strToU8(`version: 0.0\nos: linux\n# ${key}\n`) }) }));
    }
    s3.destroy();
    await client.send(new CreateApplicationCommand({ applicationName: 'pipe-app' }));
    // One host per group; the "broken" group's agent fails ValidateService.
    for (const group of ['prod', 'broken']) {
      await client.send(new CreateDeploymentGroupCommand({ applicationName: 'pipe-app', deploymentGroupName: group, serviceRoleArn: ROLE,
        onPremisesInstanceTagFilters: [{ Key: 'group', Value: group, Type: 'KEY_AND_VALUE' }] }));
      const agent = await registerHost(t, client, `pipe-${group}`, [{ Key: 'group', Value: group }]);
      agent.start((_id, event) => (group === 'broken' && event === 'ValidateService' ? 'Failed' : 'Succeeded'));
      agents.push(agent);
    }
  });
  after(async () => {
    const stopping = agents.map((a) => a.stop());
    await t.close();
    await Promise.all(stopping);
    client.destroy();
  });

  it('deploys the source artifact and succeeds with the deployment, linking it', async () => {
    await cp.send(new CreatePipelineCommand({ pipeline: pipeline('ship-good', 'good.zip', 'prod') }));
    const { status, ship } = await finished('ship-good');
    assert.equal(status, 'Succeeded', JSON.stringify(ship?.output?.executionResult));
    const deploymentId = ship?.output?.executionResult?.externalExecutionId ?? '';
    assert.match(deploymentId, /^d-[A-Z0-9]{9}$/);
    assert.equal(ship?.output?.executionResult?.externalExecutionSummary, `Deployment ${deploymentId} succeeded`);
    const { deploymentInfo } = await client.send(new GetDeploymentCommand({ deploymentId }));
    assert.equal(deploymentInfo?.status, 'Succeeded');
    assert.equal(deploymentInfo?.revision?.s3Location?.bucket, 'deploy-artifacts', 'the revision is the pipeline artifact itself');
    assert.match(deploymentInfo?.description ?? '', /^Deployed by pipeline ship-good, execution /);
  });

  it('fails with a failed deployment, naming it', async () => {
    await cp.send(new CreatePipelineCommand({ pipeline: pipeline('ship-bad', 'bad.zip', 'broken') }));
    const { status, ship } = await finished('ship-bad');
    assert.equal(status, 'Failed');
    assert.match(ship?.output?.executionResult?.errorDetails?.message ?? '', /^Deployment d-[A-Z0-9]{9} ended Failed: The overall deployment failed/);
  });
});
