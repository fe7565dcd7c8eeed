/**
 * A job worker's side of the protocol for server tests: two custom action types (a Source type
 * polled by repository, a Build type polled by queue), a V2 pipeline using them, and the poll
 * loop of a worker written for AWS.
 */
import {
  AcknowledgeJobCommand, CreateCustomActionTypeCommand, GetPipelineExecutionCommand, PollForJobsCommand, PutJobSuccessResultCommand,
  type ActionTypeId, type CodePipelineClient, type Job, type PipelineDeclaration,
} from '@aws-sdk/client-codepipeline';

export const SOURCE_TYPE: ActionTypeId = { category: 'Source', owner: 'Custom', provider: 'TestSource', version: '1' };
export const BUILD_TYPE: ActionTypeId = { category: 'Build', owner: 'Custom', provider: 'TestBuild', version: '1' };

/** A Source type polled by repository, and a Build type polled by queue (each test uses its own values). */
export async function createTypes(client: CodePipelineClient): Promise<void> {
  await client.send(new CreateCustomActionTypeCommand({
    ...SOURCE_TYPE, configurationProperties: [{ name: 'Repo', required: true, key: true, secret: false, queryable: true }],
    inputArtifactDetails: { minimumCount: 0, maximumCount: 0 }, outputArtifactDetails: { minimumCount: 1, maximumCount: 1 },
  }));
  await client.send(new CreateCustomActionTypeCommand({
    ...BUILD_TYPE,
    configurationProperties: [
      { name: 'Queue', required: true, key: true, secret: false, queryable: true },
      { name: 'Token', required: false, key: false, secret: true },
    ],
    inputArtifactDetails: { minimumCount: 1, maximumCount: 1 }, outputArtifactDetails: { minimumCount: 0, maximumCount: 1 },
  }));
}

export function pipeline(name: string, queue: string, source?: NonNullable<PipelineDeclaration['stages']>[number]): PipelineDeclaration {
  return {
    name, pipelineType: 'V2', roleArn: 'arn:aws:iam::000000000000:role/p', artifactStore: { type: 'S3', location: 'sluice-artifacts-bucket' },
    stages: [
      source ?? { name: 'Source', actions: [{ name: 'Checkout', actionTypeId: SOURCE_TYPE, namespace: 'SourceVars',
        configuration: { Repo: name }, outputArtifacts: [{ name: 'Code' }] }] },
      { name: 'Build', actions: [{ name: 'Compile', actionTypeId: BUILD_TYPE, namespace: 'BuildVars',
        configuration: { Queue: queue, Token: 'sekret' }, inputArtifacts: [{ name: 'Code' }] }] },
    ],
  };
}

/** Polls until a job arrives (a worker's loop, bounded). */
export async function pollOne(client: CodePipelineClient, actionTypeId: ActionTypeId, queryParam: Record<string, string>): Promise<Job> {
  for (let i = 0; i < 200; i++) {
    const { jobs } = await client.send(new PollForJobsCommand({ actionTypeId, maxBatchSize: 5, queryParam }));
    if (jobs && jobs.length > 1) throw new Error(`expected one job, got ${jobs.length}`);
    if (jobs?.[0]) return jobs[0];
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('no job arrived');
}

export async function waitForStatus(client: CodePipelineClient, pipelineName: string, pipelineExecutionId: string, status: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const { pipelineExecution } = await client.send(new GetPipelineExecutionCommand({ pipelineName, pipelineExecutionId }));
    if (pipelineExecution?.status === status) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`execution ${pipelineExecutionId} never became ${status}`);
}

/**
 * Polls, acknowledges and completes the source job of `name` with a revision; `upload` may put
 * the output artifact in place first.
 */
export async function completeSource(client: CodePipelineClient, name: string, revision = 'c0ffee1', upload?: (job: Job) => Promise<void>): Promise<Job> {
  const job = await pollOne(client, SOURCE_TYPE, { Repo: name });
  await client.send(new AcknowledgeJobCommand({ jobId: job.id, nonce: job.nonce }));
  await upload?.(job);
  await client.send(new PutJobSuccessResultCommand({
    jobId: job.id, currentRevision: { revision, changeIdentifier: revision, revisionSummary: 'Fix the build' },
    outputVariables: { CommitId: revision },
  }));
  return job;
}
