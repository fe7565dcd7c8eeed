/**
 * Build runner overhead and log throughput, in process (no CLI start-up, no server).
 *
 * Prints:
 *   BENCH build.overhead_ms        median wall time of one `runBuild` call (no isolation) on a
 *                                  buildspec whose only command is `true` — all eleven phases, the
 *                                  shell session start, the command, the state save and the
 *                                  teardown — minus the median wall time of spawning `bash -c true`
 *                                  from Node, measured in the same run. The workspace directory is
 *                                  made before the clock starts (the caller owns it). Target < 30 ms.
 *   BENCH build.overhead_bwrap_ms  the same under bubblewrap (absent when bwrap does not work here)
 *   BENCH build.bash_true_ms       the baseline itself
 *   BENCH build.log_mb_per_s       log throughput through line splitting and masking (10 secrets)
 *                                  of a command printing 50 MB of 64-byte lines, to an observer
 *                                  that counts bytes
 *   BENCH build.cat_mb_per_s       the same 50 MB piped through `cat` to /dev/null (baseline)
 *   BENCH build.node_pipe_mb_per_s the same 50 MB read by Node from a pipe and dropped: the
 *                                  ceiling for any runner written in Node
 *   BENCH build.log_vs_cat_ratio   log_mb_per_s ÷ cat_mb_per_s
 */
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Buildspec } from '../src/model/buildspec/types.ts';
import type { BuildRun } from '../src/runner/build/contract.ts';
import { bubblewrapProblem } from '../src/runner/build/isolation.ts';
import { runBuild, type RunnerOptions } from '../src/runner/build/run-build.ts';
import { percentile, report, tempDir } from './lib/report.ts';

const RUNS = 40;
const LOG_BYTES = 50 * 1024 * 1024;
const root = tempDir('sluice-bench-build-');

function buildspec(commands: string[]): Buildspec {
  return {
    version: '0.2',
    env: { variables: {}, parameterStore: {}, secretsManager: {}, exportedVariables: [], gitCredentialHelper: false },
    phases: { build: { onFailure: 'ABORT', runtimeVersions: {}, commands, finally: [] } },
    reports: {},
  };
}

async function makeRun(commands: string[], secretEnvironment: Record<string, string> = {}): Promise<BuildRun> {
  return {
    buildId: 'bench:1', buildArn: 'arn:aws:codebuild:us-east-1:000000000000:build/bench:1', buildNumber: 1,
    projectName: 'bench', projectArn: 'arn:aws:codebuild:us-east-1:000000000000:project/bench', region: 'us-east-1',
    accountId: '000000000000', initiator: 'bench', startTime: Date.now(), buildspec: { parsed: buildspec(commands) },
    sources: [], environment: {}, secretEnvironment,
    resolveParameter: () => Promise.reject(new Error('none')), resolveSecret: () => Promise.reject(new Error('none')),
    artifacts: [], workspace: await mkdtemp(join(root, 'ws-')), timeoutMs: 600_000, signal: new AbortController().signal,
  };
}

function median(values: number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}

async function timeCommand(file: string, args: string[]): Promise<number> {
  const start = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(file, args, { stdio: 'ignore' });
    child.once('error', reject);
    child.once('close', () => resolve());
  });
  return performance.now() - start;
}

async function buildMs(options: RunnerOptions): Promise<number> {
  const run = await makeRun(['true']);
  const start = performance.now();
  const outcome = await runBuild(run, { phases: () => undefined, log: () => undefined }, options);
  const ms = performance.now() - start;
  if (outcome.status !== 'SUCCEEDED') throw new Error(`bench build ${outcome.status}`);
  return ms;
}

async function overhead(options: RunnerOptions): Promise<number> {
  await buildMs(options); // warm-up: module loading, bwrap probe
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) samples.push(await buildMs(options));
  return median(samples);
}

const LINE = 'a build log line: compiling module 0123456789 abcdefghijklmnopqr';
const PRINT_50MB = `yes '${LINE}' | head -c ${LOG_BYTES}`;

async function logThroughput(): Promise<number> {
  const secrets = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`SECRET_${i}`, `s3cr3t-value-${i}-${'x'.repeat(i)}`]));
  const run = await makeRun([PRINT_50MB], secrets);
  let bytes = 0;
  const start = performance.now();
  await runBuild(run, { phases: () => undefined, log: (line) => { bytes += line.length + 1; } }, { isolation: 'none' });
  const seconds = (performance.now() - start) / 1000;
  return bytes / 1024 / 1024 / seconds;
}

async function catThroughput(): Promise<number> {
  const ms = await timeCommand('bash', ['-c', `${PRINT_50MB} | cat > /dev/null`]);
  return LOG_BYTES / 1024 / 1024 / (ms / 1000);
}

async function nodePipeThroughput(): Promise<number> {
  const start = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn('bash', ['-c', PRINT_50MB], { stdio: ['ignore', 'pipe', 'ignore'] });
    child.stdout.resume();
    child.once('error', reject);
    child.once('close', () => resolve());
  });
  return LOG_BYTES / 1024 / 1024 / ((performance.now() - start) / 1000);
}

const bashSamples: number[] = [];
for (let i = 0; i < RUNS; i++) bashSamples.push(await timeCommand('bash', ['-c', 'true']));
const bashTrue = median(bashSamples);
report('build.bash_true_ms', bashTrue, 'ms');
report('build.overhead_ms', (await overhead({ isolation: 'none' })) - bashTrue, 'ms');
if ((await bubblewrapProblem()) === undefined) report('build.overhead_bwrap_ms', (await overhead({ isolation: 'bubblewrap' })) - bashTrue, 'ms');
const log = await logThroughput();
const cat = await catThroughput();
report('build.log_mb_per_s', log, 'MB/s');
report('build.cat_mb_per_s', cat, 'MB/s');
report('build.node_pipe_mb_per_s', await nodePipeThroughput(), 'MB/s');
report('build.log_vs_cat_ratio', log / cat, 'x');
