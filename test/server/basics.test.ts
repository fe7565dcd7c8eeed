/**
 * The server as AWS clients see it: SigV4 credentials from the data directory, the AWS JSON wire
 * format, error types and statuses, health.
 */
import assert from 'node:assert/strict';
import { CreatePipelineCommand, GetPipelineCommand, GetPipelineStateCommand, ListPipelinesCommand } from '@aws-sdk/client-codepipeline';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../support/server.ts';

const PIPELINE = {
  name: 'basics', roleArn: 'arn:aws:iam::000000000000:role/p', artifactStore: { type: 'S3' as const, location: 'artifacts' },
  stages: [
    { name: 'Source', actions: [{ name: 'Src', actionTypeId: { category: 'Source' as const, owner: 'AWS' as const, provider: 'CodeCommit', version: '1' },
      configuration: { RepositoryName: 'r', BranchName: 'main' }, outputArtifacts: [{ name: 'Out' }] }] },
    { name: 'Gate', actions: [{ name: 'Ok', actionTypeId: { category: 'Approval' as const, owner: 'AWS' as const, provider: 'Manual', version: '1' } }] },
  ],
};

async function post(url: string, target: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; json: Record<string, unknown>; requestId: string | null }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target, ...headers }, body });
  return { status: response.status, json: await response.json() as Record<string, unknown>, requestId: response.headers.get('x-amzn-requestid') };
}

describe('server basics', () => {
  let t: TestServer;
  before(async () => { t = await startTestServer(); });
  after(() => t.close());

  it('writes the admin credentials in the AWS shared-file formats, mode 0600', async () => {
    const { readFile, stat } = await import('node:fs/promises');
    const credentials = await readFile(`${t.dataDir}/credentials`, 'utf8');
    assert.match(credentials, /^\[default\]\naws_access_key_id = AKIA[A-Z2-7]{16}\naws_secret_access_key = \S{40}\n$/);
    assert.equal((await stat(`${t.dataDir}/credentials`)).mode & 0o777, 0o600);
    assert.equal(await readFile(`${t.dataDir}/config`, 'utf8'), '[default]\nregion = us-east-1\n');
  });

  it('serves the SDK: create, list, get, state, with epoch-second timestamps', async () => {
    const client = t.codepipeline();
    const created = await client.send(new CreatePipelineCommand({ pipeline: PIPELINE }));
    assert.equal(created.pipeline?.version, 1);
    const list = await client.send(new ListPipelinesCommand({}));
    assert.deepEqual(list.pipelines?.map((p) => [p.name, p.version, p.pipelineType, p.executionMode]), [['basics', 1, 'V1', 'SUPERSEDED']]);
    assert.ok(list.pipelines?.[0]?.created instanceof Date);
    const got = await client.send(new GetPipelineCommand({ name: 'basics' }));
    assert.equal(got.metadata?.pipelineArn, 'arn:aws:codepipeline:us-east-1:000000000000:basics');
    const state = await client.send(new GetPipelineStateCommand({ name: 'basics' }));
    assert.equal(state.stageStates?.[0]?.inboundTransitionState, undefined, 'stage 1 has no inbound transition');
    assert.deepEqual(state.stageStates?.[1]?.inboundTransitionState, { enabled: true });
  });

  it('answers errors with __type, message and AWS status codes', async () => {
    const client = t.codepipeline();
    await assert.rejects(client.send(new GetPipelineCommand({ name: 'nope' })), { name: 'PipelineNotFoundException', message: 'Pipeline nope not found' });
    await assert.rejects(client.send(new GetPipelineCommand({ name: 'bad name' })), (e: Error & { $metadata?: { httpStatusCode?: number } }) => {
      assert.equal(e.name, 'ValidationException');
      assert.match(e.message, /Value 'bad name' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern/);
      assert.equal(e.$metadata?.httpStatusCode, 400);
      return true;
    });
  });

  it('refuses unsigned and badly signed requests with 403, and unknown operations with 400', async () => {
    const unsigned = await post(t.url, 'CodePipeline_20150709.ListPipelines', '{}');
    assert.equal(unsigned.status, 403);
    assert.equal(unsigned.json.__type, 'MissingAuthenticationTokenException');
    assert.match(unsigned.requestId ?? '', /^[0-9a-f-]{36}$/);
    const wrongKey = t.codepipeline({ accessKeyId: 'AKIAAAAAAAAAAAAAAAAA', secretAccessKey: 'x' });
    await assert.rejects(wrongKey.send(new ListPipelinesCommand({})), { name: 'UnrecognizedClientException' });
    const wrongSecret = t.codepipeline({ accessKeyId: t.credentials.accessKeyId, secretAccessKey: 'wrong' });
    await assert.rejects(wrongSecret.send(new ListPipelinesCommand({})), { name: 'InvalidSignatureException' });
    const unknown = await post(t.url, 'CodePipeline_20150709.Nope', '{}');
    assert.equal(unknown.status, 400);
    assert.equal(unknown.json.__type, 'UnknownOperationException');
  });

  it('reports readiness on /health', async () => {
    const response = await fetch(`${t.url}/health`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: 'ready' });
  });
});
