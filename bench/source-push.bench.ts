/**
 * Pushes to a hosted repository starting pipelines: a `sluice server` (in this process, loopback,
 * SQLite) hosting two repositories; a real `git` client pushes over smart HTTP with
 * service-specific credentials. One repository is watched by a V2 pipeline (CodeCommit source,
 * push trigger on `main`, then a Commands action printing its start time as an output variable);
 * the other is watched by nothing and gives the baseline.
 *
 * Prints:
 *   BENCH source.git_push_ms_p50              baseline: `git push` of one commit to the unwatched
 *                                             repository, same run
 *   BENCH source.push_ms_p50                  `git push` of one commit to the watched repository
 *                                             (it returns once the execution exists)
 *   BENCH source.push_overhead_ms_p50         the difference: what routing the push costs the pusher
 *   BENCH source.push_to_execution_ms_p50/_p99
 *                                             from `git push` returning to the new execution being
 *                                             listed by ListPipelineExecutions (InProgress)
 *   BENCH source.push_to_first_command_ms_p50 from `git push` returning to the Commands action's
 *                                             first command running (the command's own clock)
 *   BENCH source.push_to_first_command_vs_push
 *                                             that ÷ the baseline push
 * over PUSHES pushes, one at a time, each execution awaited before the next push.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CodeCommitClient, CreateRepositoryCommand } from '@aws-sdk/client-codecommit';
import {
  CodePipelineClient, CreatePipelineCommand, ListActionExecutionsCommand, ListPipelineExecutionsCommand,
} from '@aws-sdk/client-codepipeline';
import { CreateServiceSpecificCredentialCommand, IAMClient } from '@aws-sdk/client-iam';
import { silentLogger } from '../src/logging.ts';
import { startServer } from '../src/server/server.ts';
import { percentile, report, tempDir } from './lib/report.ts';

const PUSHES = 100;
const exec = promisify(execFile);

const server = await startServer({ host: '127.0.0.1', port: 0, dataDir: tempDir('sluice-bench-push-'), accountId: '000000000000', region: 'us-east-1', logger: silentLogger });
const config = { endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: server.admin.accessKeyId, secretAccessKey: server.admin.secretAccessKey }, maxAttempts: 1 };
const codecommit = new CodeCommitClient(config);
const codepipeline = new CodePipelineClient(config);
const iam = new IAMClient(config);

const sorted = (values: number[]): number[] => [...values].sort((a, b) => a - b);

async function git(dir: string, ...args: string[]): Promise<string> {
  return (await exec('git', ['-C', dir, '-c', 'credential.helper=', ...args])).stdout;
}

/** A working copy with one commit on `main`, its origin the hosted repository (credentials in the URL). */
async function workingCopy(repository: string, user: string, password: string): Promise<string> {
  const dir = tempDir(`sluice-bench-push-${repository}-`);
  const origin = new URL(`/v1/repos/${repository}`, server.url);
  origin.username = encodeURIComponent(user);
  origin.password = encodeURIComponent(password);
  await exec('git', ['init', '-q', '-b', 'main', dir]);
  await git(dir, 'config', 'user.email', 'bench@example.com');
  await git(dir, 'config', 'user.name', 'Bench');
  await git(dir, 'remote', 'add', 'origin', origin.href);
  await commit(dir, 0);
  await git(dir, 'push', '-q', 'origin', 'main');
  return dir;
}

async function commit(dir: string, n: number): Promise<void> {
  await writeFile(join(dir, 'change.txt'), `change ${n}\n`);
  await git(dir, 'add', 'change.txt');
  await git(dir, 'commit', '-q', '-m', `change ${n}`);
}

/** Milliseconds `git push` takes for one new commit. */
async function push(dir: string, n: number): Promise<{ ms: number; returnedAt: number }> {
  await commit(dir, n);
  const start = performance.now();
  await git(dir, 'push', '-q', 'origin', 'main');
  return { ms: performance.now() - start, returnedAt: Date.now() };
}

async function latestExecution(): Promise<{ id: string; status: string } | undefined> {
  const { pipelineExecutionSummaries = [] } = await codepipeline.send(new ListPipelineExecutionsCommand({ pipelineName: 'bench-push', maxResults: 1 }));
  const [latest] = pipelineExecutionSummaries;
  return latest?.pipelineExecutionId ? { id: latest.pipelineExecutionId, status: latest.status ?? '' } : undefined;
}

/** Polls every 2 ms until `probe` answers (the client must not starve the server). */
async function until<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 15_000; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error('timed out');
}

async function startedAt(executionId: string): Promise<number> {
  const { actionExecutionDetails = [] } = await codepipeline.send(new ListActionExecutionsCommand({ pipelineName: 'bench-push', filter: { pipelineExecutionId: executionId } }));
  const started = actionExecutionDetails.find((d) => d.actionName === 'First')?.output?.outputVariables?.STARTED;
  if (started === undefined) throw new Error(`execution ${executionId} recorded no start time`);
  return Number(started);
}

try {
  const { ServiceSpecificCredential: credential } = await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: server.admin.userName, ServiceName: 'codecommit.amazonaws.com' }));
  if (!credential?.ServiceUserName || !credential.ServicePassword) throw new Error('no git credentials');
  for (const repositoryName of ['bench-app', 'bench-baseline']) await codecommit.send(new CreateRepositoryCommand({ repositoryName }));
  const watched = await workingCopy('bench-app', credential.ServiceUserName, credential.ServicePassword);
  const unwatched = await workingCopy('bench-baseline', credential.ServiceUserName, credential.ServicePassword);
  await codepipeline.send(new CreatePipelineCommand({ pipeline: {
    name: 'bench-push', pipelineType: 'V2', executionMode: 'QUEUED', roleArn: 'arn:aws:iam::000000000000:role/bench',
    artifactStore: { type: 'S3', location: 'bench-artifacts' },
    triggers: [{ providerType: 'CodeStarSourceConnection', gitConfiguration: { sourceActionName: 'App', push: [{ branches: { includes: ['main'] } }] } }],
    stages: [
      { name: 'Source', actions: [{ name: 'App', actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeCommit', version: '1' },
        configuration: { RepositoryName: 'bench-app', BranchName: 'main', PollForSourceChanges: 'false' }, outputArtifacts: [{ name: 'Code' }] }] },
      { name: 'Build', actions: [{ name: 'First', actionTypeId: { category: 'Compute', owner: 'AWS', provider: 'Commands', version: '1' },
        inputArtifacts: [{ name: 'Code' }], commands: ['export STARTED=$(date +%s%3N)'], outputVariables: ['STARTED'] }] },
    ],
  } }));
  const finished = async (id: string): Promise<void> => {
    await until(async () => {
      const latest = await latestExecution();
      if (latest?.id !== id || latest.status === 'InProgress') return undefined;
      if (latest.status !== 'Succeeded') throw new Error(`execution ${id} ended ${latest.status}`);
      return true;
    });
  };
  // The creation's own execution, then warm-up pushes (JIT, the isolation probe, first workspaces).
  const created = await until(latestExecution);
  await finished(created.id);
  const baseline: number[] = [];
  const pushes: number[] = [];
  const toExecution: number[] = [];
  const toCommand: number[] = [];
  for (let n = 1; n <= PUSHES + 3; n++) {
    const before = (await latestExecution())?.id;
    baseline.push((await push(unwatched, n)).ms);
    const pushed = await push(watched, n);
    const execution = await until(async () => {
      const latest = await latestExecution();
      return latest && latest.id !== before ? latest : undefined;
    });
    const seenAt = Date.now();
    await finished(execution.id);
    if (n <= 3) continue;
    pushes.push(pushed.ms);
    toExecution.push(seenAt - pushed.returnedAt);
    toCommand.push(await startedAt(execution.id) - pushed.returnedAt);
  }
  const gitPush = percentile(sorted(baseline.slice(3)), 50);
  const watchedPush = percentile(sorted(pushes), 50);
  const firstCommand = percentile(sorted(toCommand), 50);
  report('source.git_push_ms_p50', gitPush, 'ms');
  report('source.push_ms_p50', watchedPush, 'ms');
  report('source.push_overhead_ms_p50', watchedPush - gitPush, 'ms');
  report('source.push_to_execution_ms_p50', percentile(sorted(toExecution), 50), 'ms');
  report('source.push_to_execution_ms_p99', percentile(sorted(toExecution), 99), 'ms');
  report('source.push_to_first_command_ms_p50', firstCommand, 'ms');
  report('source.push_to_first_command_vs_push', firstCommand / gitPush, 'ratio');
} finally {
  codecommit.destroy();
  codepipeline.destroy();
  iam.destroy();
  await server.close();
}
