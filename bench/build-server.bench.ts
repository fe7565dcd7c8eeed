/**
 * Builds through the server: a `sluice server` (in this process, loopback, SQLite, isolation as
 * the host allows) driven with `@aws-sdk/client-codebuild`.
 *
 * Prints:
 *   BENCH build.start_latency_ms_p50 / _p99   from the StartBuild response reaching the client to
 *                                             the build's first command running (the command
 *                                             prints its start time; same clock), one build at a
 *                                             time, STARTS builds
 *   BENCH build.bash_spawn_ms_p50             baseline: Node spawning `bash -c true`, same run
 *   BENCH build.start_latency_vs_spawn        start latency p50 ÷ the baseline
 *   BENCH build.concurrent_20_s               wall time from the first of 20 StartBuilds to the
 *                                             last of the 20 builds complete (each runs one short
 *                                             command), with the server's default concurrency
 *   BENCH build.concurrent_20_baseline_s      baseline: the same 20 commands as 20 `bash -c`
 *                                             processes at once, same run
 *   BENCH build.isolation                     1 when the builds ran under bubblewrap, else 0
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { BatchGetBuildsCommand, CodeBuildClient, CreateProjectCommand, StartBuildCommand } from '@aws-sdk/client-codebuild';
import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { silentLogger } from '../src/logging.ts';
import { bubblewrapProblem } from '../src/runner/build/isolation.ts';
import { startServer } from '../src/server/server.ts';
import { percentile, report, tempDir } from './lib/report.ts';

const STARTS = 30;
const CONCURRENT = 20;
const COMMAND = 'echo "started-at $(date +%s%3N)"';

const server = await startServer({ host: '127.0.0.1', port: 0, dataDir: tempDir('sluice-bench-builds-'), accountId: '000000000000', region: 'us-east-1', logger: silentLogger });
const config = { endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: server.admin.accessKeyId, secretAccessKey: server.admin.secretAccessKey }, maxAttempts: 1 };
const cb = new CodeBuildClient(config);
const logs = new CloudWatchLogsClient(config);

function sorted(values: number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/** Waits for the builds with one BatchGetBuilds every 10 ms (the client must not starve the server). */
async function complete(...ids: string[]): Promise<void> {
  for (;;) {
    const { builds = [] } = await cb.send(new BatchGetBuildsCommand({ ids }));
    const failed = builds.find((b) => b.buildComplete && b.buildStatus !== 'SUCCEEDED');
    if (failed) throw new Error(`build ${failed.id} ended ${failed.buildStatus}`);
    if (builds.length === ids.length && builds.every((b) => b.buildComplete)) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The epoch ms the build's command printed. */
async function startedAt(id: string): Promise<number> {
  const uuid = id.slice(id.lastIndexOf(':') + 1);
  const { events } = await logs.send(new GetLogEventsCommand({ logGroupName: '/aws/codebuild/bench', logStreamName: uuid, startFromHead: true }));
  const line = events?.map((e) => e.message ?? '').find((m) => m.startsWith('started-at '));
  if (!line) throw new Error(`build ${id} printed no start time`);
  return Number(line.slice('started-at '.length));
}

function spawnBash(): Promise<number> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', 'true'], { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', () => resolve(performance.now() - start));
  });
}

try {
  await cb.send(new CreateProjectCommand({
    name: 'bench', serviceRole: 'arn:aws:iam::000000000000:role/bench', artifacts: { type: 'NO_ARTIFACTS' },
    source: { type: 'NO_SOURCE', buildspec: `version: 0.2\nphases:\n  build:\n    commands:\n      - '${COMMAND}'\n` },
    environment: { type: 'LINUX_CONTAINER', image: 'aws/codebuild/standard:7.0', computeType: 'BUILD_GENERAL1_SMALL' },
  }));
  // Warm up (JIT, the isolation probe, the first workspace).
  for (let i = 0; i < 3; i++) await complete((await cb.send(new StartBuildCommand({ projectName: 'bench' }))).build?.id ?? '');

  const latencies: number[] = [];
  for (let i = 0; i < STARTS; i++) {
    const { build } = await cb.send(new StartBuildCommand({ projectName: 'bench' }));
    const answered = Date.now();
    await complete(build?.id ?? '');
    latencies.push(await startedAt(build?.id ?? '') - answered);
  }
  const spawns: number[] = [];
  for (let i = 0; i < STARTS; i++) spawns.push(await spawnBash());

  const t0 = performance.now();
  const ids = await Promise.all(Array.from({ length: CONCURRENT }, async () => (await cb.send(new StartBuildCommand({ projectName: 'bench' }))).build?.id ?? ''));
  await complete(...ids);
  const concurrentS = (performance.now() - t0) / 1000;
  const b0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENT }, spawnBash));
  const baselineS = (performance.now() - b0) / 1000;

  const p50 = percentile(sorted(latencies), 50);
  const spawnP50 = percentile(sorted(spawns), 50);
  report('build.start_latency_ms_p50', p50, 'ms');
  report('build.start_latency_ms_p99', percentile(sorted(latencies), 99), 'ms');
  report('build.bash_spawn_ms_p50', spawnP50, 'ms');
  report('build.start_latency_vs_spawn', p50 / spawnP50, 'ratio');
  report('build.concurrent_20_s', concurrentS, 's');
  report('build.concurrent_20_baseline_s', baselineS, 's');
  report('build.isolation', (await bubblewrapProblem()) === undefined ? 1 : 0, 'flag');
} finally {
  cb.destroy();
  logs.destroy();
  await server.close();
}
