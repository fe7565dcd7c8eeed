/**
 * `sluice build [dir]`: runs a buildspec locally with the build runner and no server, as the
 * CodeBuild local agent does for CodeBuild. Exit code 0 when the build succeeded, 1 when it did
 * not, 2 for usage errors and invalid buildspecs (nothing ran then). Ctrl-C stops the build.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { styleText } from 'node:util';
import { BuildspecError, parseBuildspec } from '../../model/buildspec/parse.ts';
import type { Buildspec } from '../../model/buildspec/types.ts';
import { runBuild } from '../../runner/build/run-build.ts';
import { BuildProgress } from './build-progress.ts';
import { localBuildRun, missingSecretVariables } from './local-build.ts';

export interface BuildCommandOptions {
  dir: string;
  buildspec: string;
  env: string[];
  artifacts?: string;
  isolation: boolean;
}

export interface BuildIo {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  cwd: string;
}

class UsageError extends Error {}

function parseEnv(pairs: readonly string[]): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    const name = pair.slice(0, at);
    if (at < 1 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new UsageError(`--env ${pair}: expected NAME=value`);
    environment[name] = pair.slice(at + 1);
  }
  return environment;
}

async function readBuildspec(sourceDir: string, file: string): Promise<Buildspec> {
  const path = resolve(sourceDir, file);
  const text = await readFile(path, 'utf8').catch(() => {
    throw new UsageError(`No buildspec at ${path} (use --buildspec to name another file)`);
  });
  try {
    return parseBuildspec(text);
  } catch (e) {
    if (e instanceof BuildspecError) throw new UsageError(`Invalid buildspec ${path}:\n${e.message}`);
    throw e;
  }
}

async function prepare(options: BuildCommandOptions, cwd: string) {
  const sourceDir = resolve(cwd, options.dir);
  if (!(await stat(sourceDir).catch(() => undefined))?.isDirectory()) throw new UsageError(`${sourceDir} is not a directory`);
  const environment = parseEnv(options.env);
  const buildspec = await readBuildspec(sourceDir, options.buildspec);
  const missing = missingSecretVariables(buildspec, environment);
  if (missing.length > 0) {
    throw new UsageError(`The buildspec reads ${missing.join(', ')} from Parameter Store or Secrets Manager, which a local build cannot reach: pass ${missing.map((n) => `--env ${n}=…`).join(' ')}`);
  }
  return { sourceDir, environment, buildspec };
}

export async function runBuildCommand(options: BuildCommandOptions, io: BuildIo): Promise<number> {
  let prepared;
  try {
    prepared = await prepare(options, io.cwd);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr.write(`${styleText('red', `error: ${e.message}`, { stream: io.stderr })}\n`);
    return 2;
  }
  const workspace = await mkdtemp(join(tmpdir(), 'sluice-build-'));
  const controller = new AbortController();
  const onInterrupt = (): void => controller.abort();
  process.once('SIGINT', onInterrupt);
  const progress = new BuildProgress(io.stdout);
  const written: string[] = [];
  try {
    const artifactsDir = options.artifacts === undefined ? undefined : resolve(io.cwd, options.artifacts);
    const run = localBuildRun({ ...prepared, workspace, signal: controller.signal, ...(artifactsDir !== undefined && { artifactsDir }) }, written);
    const outcome = await runBuild(run, { phases: (p) => progress.onPhases(p), log: (line) => progress.onLog(line) }, {
      isolation: options.isolation ? 'auto' : 'none',
      logger: { warn: (_fields, message) => io.stderr.write(`${styleText('yellow', `warning: ${message}`, { stream: io.stderr })}\n`) },
    });
    progress.summary(outcome, written);
    return outcome.status === 'SUCCEEDED' ? 0 : 1;
  } finally {
    process.off('SIGINT', onInterrupt);
    await rm(workspace, { recursive: true, force: true });
  }
}
