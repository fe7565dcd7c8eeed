/**
 * From `git push` to an HTTP event receiver, on one real server: a real `git` client pushes to a
 * hosted repository over smart HTTP with service-specific credentials; a V2 pipeline with a push
 * trigger (branch and file-path filters) starts, pinned to the pushed commit; its Commands action
 * builds the pushed tree; the pipeline's SUCCEEDED event reaches a local HTTP receiver through an
 * EventBridge rule and API destination, signed. A push the file-path filter excludes starts
 * nothing.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { CodeCommitClient, CreateRepositoryCommand } from '@aws-sdk/client-codecommit';
import {
  CreatePipelineCommand, GetPipelineExecutionCommand, ListActionExecutionsCommand, ListPipelineExecutionsCommand, type CodePipelineClient,
} from '@aws-sdk/client-codepipeline';
import { CreateApiDestinationCommand, CreateConnectionCommand, EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateServiceSpecificCredentialCommand, IAMClient } from '@aws-sdk/client-iam';
import { signBody } from '../../src/services/event-http-target.ts';
import { waitFor } from '../compat/support.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const exec = promisify(execFile);

interface Received { headers: IncomingHttpHeaders; body: string }

describe('push to a hosted repository → V2 trigger → Commands build → event to an HTTP target', () => {
  let t: TestServer;
  let work: string;
  let pipelines: CodePipelineClient;
  const clients: { destroy(): void }[] = [];
  const received: Received[] = [];
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => { body += chunk.toString('utf8'); });
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200).end();
    });
  });

  async function git(...args: string[]): Promise<string> {
    return (await exec('git', ['-C', work, '-c', 'credential.helper=', ...args])).stdout.trim();
  }

  async function commitAndPush(path: string, content: string): Promise<string> {
    await mkdir(join(work, path, '..'), { recursive: true });
    await writeFile(join(work, path), content);
    await git('add', '-A');
    await git('commit', '-q', '-m', `change ${path}`);
    await git('push', '-q', 'origin', 'main');
    return git('rev-parse', 'HEAD');
  }

  async function executionIds(): Promise<string[]> {
    const { pipelineExecutionSummaries = [] } = await pipelines.send(new ListPipelineExecutionsCommand({ pipelineName: 'e2e' }));
    return pipelineExecutionSummaries.map((s) => s.pipelineExecutionId ?? '');
  }

  async function ended(id: string): Promise<string> {
    return waitFor(`execution ${id} to end`, async () => {
      const { pipelineExecution } = await pipelines.send(new GetPipelineExecutionCommand({ pipelineName: 'e2e', pipelineExecutionId: id }));
      const status = pipelineExecution?.status ?? '';
      return status === 'InProgress' || status === '' ? undefined : status;
    }, 60_000);
  }

  before(async () => {
    t = await startTestServer();
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const config = { endpoint: t.url, region: 'us-east-1', credentials: t.credentials, maxAttempts: 1 };
    const codecommit = new CodeCommitClient(config);
    const events = new EventBridgeClient(config);
    const iam = new IAMClient(config);
    clients.push(codecommit, events, iam);
    pipelines = t.codepipeline();

    const connection = await events.send(new CreateConnectionCommand({
      Name: 'receiver', AuthorizationType: 'API_KEY', AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: 'x-api-key', ApiKeyValue: 'receiver-key' } },
    }));
    const destination = await events.send(new CreateApiDestinationCommand({
      Name: 'receiver', ConnectionArn: connection.ConnectionArn, HttpMethod: 'POST',
      InvocationEndpoint: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/events`,
    }));
    await events.send(new PutRuleCommand({ Name: 'e2e-succeeded', EventPattern: JSON.stringify({
      source: ['aws.codepipeline'], 'detail-type': ['CodePipeline Pipeline Execution State Change'], detail: { pipeline: ['e2e'], state: ['SUCCEEDED'] },
    }) }));
    await events.send(new PutTargetsCommand({ Rule: 'e2e-succeeded', Targets: [{ Id: 'receiver', Arn: destination.ApiDestinationArn }] }));

    await codecommit.send(new CreateRepositoryCommand({ repositoryName: 'e2e-app' }));
    const { ServiceSpecificCredential: credential } = await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: t.server.admin.userName, ServiceName: 'codecommit.amazonaws.com' }));
    const origin = new URL('/v1/repos/e2e-app', t.url);
    origin.username = encodeURIComponent(credential?.ServiceUserName ?? '');
    origin.password = encodeURIComponent(credential?.ServicePassword ?? '');
    work = await mkdtemp(join(tmpdir(), 'sluice-e2e-'));
    await exec('git', ['init', '-q', '-b', 'main', work]);
    await git('config', 'user.email', 'dev@example.com');
    await git('config', 'user.name', 'Dev');
    await git('remote', 'add', 'origin', origin.href);
    await commitAndPush('src/app.txt', 'first');

    await pipelines.send(new CreatePipelineCommand({ pipeline: {
      name: 'e2e', pipelineType: 'V2', executionMode: 'QUEUED', roleArn: 'arn:aws:iam::000000000000:role/e2e',
      artifactStore: { type: 'S3', location: 'e2e-artifacts' },
      triggers: [{ providerType: 'CodeStarSourceConnection', gitConfiguration: {
        sourceActionName: 'App', push: [{ branches: { includes: ['main'] }, filePaths: { includes: ['src/**'] } }],
      } }],
      stages: [
        { name: 'Source', actions: [{ name: 'App', actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeCommit', version: '1' },
          configuration: { RepositoryName: 'e2e-app', BranchName: 'main', PollForSourceChanges: 'false' }, outputArtifacts: [{ name: 'Code' }] }] },
        { name: 'Build', actions: [{ name: 'Read', actionTypeId: { category: 'Compute', owner: 'AWS', provider: 'Commands', version: '1' },
          inputArtifacts: [{ name: 'Code' }], commands: ['export CONTENT=$(cat src/app.txt)'], outputVariables: ['CONTENT'] }] },
      ],
    } }));
    const [created] = await waitFor('the creation execution', async () => { const ids = await executionIds(); return ids.length > 0 ? ids : undefined; });
    assert.equal(await ended(created ?? ''), 'Succeeded');
  });

  after(async () => {
    for (const client of clients) client.destroy();
    await t.close();
    await new Promise((resolve) => receiver.close(resolve));
    await rm(work, { recursive: true, force: true });
  });

  it('starts the pipeline on a matching push, builds the pushed commit and delivers its SUCCEEDED event', async () => {
    const before = await executionIds();
    const commit = await commitAndPush('src/app.txt', 'second');
    // The push returns once its executions exist.
    const [id] = (await executionIds()).filter((e) => !before.includes(e));
    assert.ok(id, 'an execution started by the push');
    const { pipelineExecution } = await pipelines.send(new GetPipelineExecutionCommand({ pipelineName: 'e2e', pipelineExecutionId: id }));
    assert.equal(pipelineExecution?.trigger?.triggerType, 'WebhookV2');
    assert.match(pipelineExecution?.trigger?.triggerDetail ?? '', new RegExp(commit));
    assert.equal(await ended(id), 'Succeeded');
    const { actionExecutionDetails = [] } = await pipelines.send(new ListActionExecutionsCommand({ pipelineName: 'e2e', filter: { pipelineExecutionId: id } }));
    assert.equal(actionExecutionDetails.find((d) => d.actionName === 'App')?.output?.outputVariables?.CommitId, commit);
    assert.equal(actionExecutionDetails.find((d) => d.actionName === 'Read')?.output?.outputVariables?.CONTENT, 'second');

    const delivery = await waitFor('the SUCCEEDED event at the receiver', async () => received.find((r) => r.body.includes(id)));
    const event = JSON.parse(delivery.body) as { detail: { state: string; 'execution-id': string } };
    assert.deepEqual([event.detail.state, event.detail['execution-id']], ['SUCCEEDED', id]);
    assert.equal(delivery.headers['x-api-key'], 'receiver-key');
    assert.equal(delivery.headers['x-sluice-signature-256'], signBody('receiver-key', delivery.body));
  });

  it('a burst of pushes starts one execution per push, in push order, none lost', async () => {
    const before = await executionIds();
    const commits: string[] = [];
    for (let i = 0; i < 10; i++) commits.push(await commitAndPush('src/app.txt', `burst ${i}`));
    const started = (await executionIds()).filter((e) => !before.includes(e));
    assert.equal(started.length, 10);
    const pinned = await Promise.all(started.map(async (id) => {
      const execution = await t.server.runtime.store.executions.get('e2e', id);
      return { at: execution?.startTime ?? 0, commit: execution?.sourceRevisions[0]?.revisionValue };
    }));
    assert.deepEqual(pinned.toSorted((a, b) => a.at - b.at).map((p) => p.commit), commits);
    for (const id of started) await ended(id);
  });

  it('starts nothing for a push that changes only files the trigger excludes', async () => {
    const before = await executionIds();
    await commitAndPush('docs/readme.md', 'docs only');
    assert.deepEqual(await executionIds(), before);
  });
});
