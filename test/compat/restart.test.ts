/**
 * A server restarted in the middle of an execution picks it up where it was, on the same data
 * directory, with the same admin key:
 *
 * - closed in process (a drain) while a Manual approval waits: after the restart the approval's
 *   token still answers it and the execution succeeds;
 * - a `sluice server` child process killed with SIGKILL while a job worker holds the source
 *   action's job (polled and acknowledged, not reported): after the restart the worker reports
 *   the job, the approval that follows is answered, the execution succeeds. The restarted child
 *   then drains on SIGTERM and exits 0.
 *
 * The first stage is the custom Source type its test worker completes (no built-in source type
 * runs on a server yet), so executions reach the states that matter here.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, describe, it } from 'node:test';
import {
  AcknowledgeJobCommand, CodePipelineClient, CreateCustomActionTypeCommand, CreatePipelineCommand, GetPipelineExecutionCommand,
  GetPipelineStateCommand, ListActionExecutionsCommand, ListPipelineExecutionsCommand, PollForJobsCommand, PutApprovalResultCommand,
  PutJobSuccessResultCommand, type Job, type PipelineExecution,
} from '@aws-sdk/client-codepipeline';
import { startTestServer } from '../support/server.ts';
import { runnablePipeline, SOURCE_TYPE, SOURCE_TYPE_INPUT, startWorker, waitFor } from './support.ts';

const ROOT = join(import.meta.dirname, '..', '..');

async function approvalToken(client: CodePipelineClient, pipeline: string, executionId: string): Promise<string> {
  return waitFor(`the approval of ${executionId}`, async () => {
    const s = await client.send(new GetPipelineStateCommand({ name: pipeline }));
    const stage = s.stageStates?.find((x) => x.stageName === 'Approve');
    const latest = stage?.actionStates?.[0]?.latestExecution;
    return stage?.latestExecution?.pipelineExecutionId === executionId && latest?.status === 'InProgress' ? latest.token : undefined;
  });
}

async function finalStatus(client: CodePipelineClient, pipeline: string, id: string, wanted: string): Promise<PipelineExecution> {
  return waitFor(`execution ${id} to be ${wanted}`, async () => {
    const { pipelineExecution } = await client.send(new GetPipelineExecutionCommand({ pipelineName: pipeline, pipelineExecutionId: id }));
    return pipelineExecution?.status === wanted ? pipelineExecution : undefined;
  });
}

/** What an execution's history looks like from outside: its action executions, oldest first. */
async function history(client: CodePipelineClient, pipeline: string, id: string): Promise<string[]> {
  const { actionExecutionDetails = [] } = await client.send(new ListActionExecutionsCommand({ pipelineName: pipeline, filter: { pipelineExecutionId: id } }));
  return actionExecutionDetails.map((d) => `${d.stageName}.${d.actionName}:${d.status}:${d.actionExecutionId}`).reverse();
}

describe('restarting a server mid-execution', () => {
  const dirs: string[] = [];
  after(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('keeps a pending approval across a drain and restart in process', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sluice-restart-'));
    dirs.push(dataDir);
    let t = await startTestServer({ dataDir });
    let id: string;
    let token: string;
    let before: string[];
    try {
      const client = t.codepipeline();
      await client.send(new CreateCustomActionTypeCommand(SOURCE_TYPE_INPUT));
      const worker = startWorker(t.codepipeline(), ['restart-drain']);
      try {
        await client.send(new CreatePipelineCommand({ pipeline: runnablePipeline('restart-drain') }));
        const [first] = (await client.send(new ListPipelineExecutionsCommand({ pipelineName: 'restart-drain' }))).pipelineExecutionSummaries ?? [];
        id = first?.pipelineExecutionId ?? '';
        token = await approvalToken(client, 'restart-drain', id);
      } finally {
        await worker.stop();
      }
      before = await history(client, 'restart-drain', id);
      assert.deepEqual(before.map((h) => h.split(':').slice(0, 2).join(':')), ['Source.Src:Succeeded', 'Approve.Gate:InProgress']);
    } finally {
      await t.close();
    }

    t = await startTestServer({ dataDir });
    try {
      assert.equal(t.server.admin.created, false, 'the admin key from the first start is kept');
      const client = t.codepipeline();
      assert.equal(await approvalToken(client, 'restart-drain', id), token, 'the same approval is waiting');
      assert.deepEqual(await history(client, 'restart-drain', id), before, 'the history is intact');
      await client.send(new PutApprovalResultCommand({
        pipelineName: 'restart-drain', stageName: 'Approve', actionName: 'Gate', token, result: { status: 'Approved', summary: 'after a restart' },
      }));
      const execution = await finalStatus(client, 'restart-drain', id, 'Succeeded');
      assert.equal(execution.trigger?.triggerType, 'CreatePipeline');
      const after = await history(client, 'restart-drain', id);
      assert.equal(after[0], before[0], 'the source action execution is the one from before the restart');
      assert.match(after[1] ?? '', /^Approve\.Gate:Succeeded:/);
      assert.equal(after[1]?.split(':')[2], before[1]?.split(':')[2], 'the approval is the same action execution');
    } finally {
      await t.close();
    }
  });

  it('keeps an acknowledged job across SIGKILL of a server process, then drains on SIGTERM', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sluice-restart-kill-'));
    dirs.push(dataDir);
    let server = await startChild(dataDir);
    let job: Job | undefined;
    let id: string | undefined;
    try {
      const client = await server.client();
      await client.send(new CreateCustomActionTypeCommand(SOURCE_TYPE_INPUT));
      await client.send(new CreatePipelineCommand({ pipeline: runnablePipeline('restart-kill') }));
      job = await waitFor('the source job', async () => (await client.send(new PollForJobsCommand({
        actionTypeId: SOURCE_TYPE, maxBatchSize: 1, queryParam: { Repo: 'restart-kill' },
      }))).jobs?.[0]);
      await client.send(new AcknowledgeJobCommand({ jobId: job.id, nonce: job.nonce }));
      id = job.data?.pipelineContext?.pipelineExecutionId;
      const state = await client.send(new GetPipelineStateCommand({ name: 'restart-kill' }));
      assert.equal(state.stageStates?.[0]?.actionStates?.[0]?.latestExecution?.status, 'InProgress');
    } finally {
      assert.equal(await server.kill('SIGKILL'), 'SIGKILL');
    }

    server = await startChild(dataDir);
    try {
      assert.ok(job && id);
      const client = await server.client();
      const { pipelineExecution } = await client.send(new GetPipelineExecutionCommand({ pipelineName: 'restart-kill', pipelineExecutionId: id }));
      assert.equal(pipelineExecution?.status, 'InProgress', 'the execution survived the crash');
      // The worker that held the job reports it to the restarted server.
      await client.send(new PutJobSuccessResultCommand({
        jobId: job.id, currentRevision: { revision: 'after-crash', changeIdentifier: 'c' }, executionDetails: { summary: 'reported after a crash' },
      }));
      const token = await approvalToken(client, 'restart-kill', id);
      await client.send(new PutApprovalResultCommand({
        pipelineName: 'restart-kill', stageName: 'Approve', actionName: 'Gate', token, result: { status: 'Approved', summary: 'ok' },
      }));
      await finalStatus(client, 'restart-kill', id, 'Succeeded');
      const steps = await history(client, 'restart-kill', id);
      assert.deepEqual(steps.map((h) => h.split(':').slice(0, 2).join(':')), ['Source.Src:Succeeded', 'Approve.Gate:Succeeded']);
      assert.equal(steps[0]?.split(':')[2], job.data?.pipelineContext?.action?.actionExecutionId, 'one source action execution, the one the job belonged to');
      const { actionExecutionDetails = [] } = await client.send(new ListActionExecutionsCommand({ pipelineName: 'restart-kill', filter: { pipelineExecutionId: id } }));
      assert.equal(actionExecutionDetails.find((d) => d.stageName === 'Source')?.output?.executionResult?.externalExecutionSummary, 'reported after a crash');
    } finally {
      assert.equal(await server.kill('SIGTERM'), 0, 'a SIGTERM drains and exits 0');
    }
  });
});

interface ChildServer {
  url: string;
  client(): Promise<CodePipelineClient>;
  /** Sends the signal; resolves with the exit code, or the signal that ended the process. */
  kill(signal: NodeJS.Signals): Promise<number | string>;
}

/** `sluice server --port 0 --data-dir <dir>` as a child process; its URL from the first line of stdout. */
async function startChild(dataDir: string): Promise<ChildServer> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [join(ROOT, 'bin', 'sluice.js'), 'server', '--port', '0', '--data-dir', dataDir, '--log-level', 'warn'], {
    cwd: ROOT, stdio: 'pipe',
  });
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const first = await lines.next();
  const url = /^Sluice listening on (http:\/\/\S+)$/.exec(first.done ? '' : first.value)?.[1];
  if (!url) {
    child.kill('SIGKILL');
    throw new Error(`sluice server did not start: ${first.done ? '' : first.value}\n${stderr}`);
  }
  child.stdout.resume();
  const clients: CodePipelineClient[] = [];
  return {
    url,
    async client() {
      const text = await readFile(join(dataDir, 'credentials'), 'utf8');
      const accessKeyId = /aws_access_key_id = (\S+)/.exec(text)?.[1] ?? '';
      const secretAccessKey = /aws_secret_access_key = (\S+)/.exec(text)?.[1] ?? '';
      const client = new CodePipelineClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId, secretAccessKey }, maxAttempts: 1 });
      clients.push(client);
      return client;
    },
    async kill(signal) {
      for (const client of clients) client.destroy();
      child.kill(signal);
      return exited;
    },
  };
}
