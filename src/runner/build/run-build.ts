/**
 * `runBuild`: runs one build's phases, in order and by the transition rules of `phases.ts`, and
 * reports every phase change and masked log line to the observer.
 *
 * SUBMITTED and QUEUED are recorded from `run.startTime` and `run.queuedTime` (the caller lived through them);
 * PROVISIONING decides the isolation; DOWNLOAD_SOURCE fetches sources, parses the buildspec,
 * resolves its secrets, starts the shell session and restores the cache; INSTALL … POST_BUILD
 * run the buildspec; UPLOAD_ARTIFACTS stores artifacts and collects reports; FINALIZING stops
 * every process the build left behind (and saves the cache after a success).
 *
 * Exported variables are read when the buildspec phases are over — after post_build, or at the
 * point where a failure skipped the rest — and are empty after a stop or a timeout.
 */
import { chmod, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Buildspec, BuildspecPhaseName } from '../../model/buildspec/types.ts';
import { restoreCache, saveCache } from './cache.ts';
import type { BuildObserver, BuildOutcome, BuildRun, PhaseContext, ReportResult } from './contract.ts';
import { buildEnvironment, resolveBuildspecSecrets, SecretResolutionError, type SourceDirectories } from './environment.ts';
import { bubblewrapCommand, IsolationUnavailableError, resolveIsolation, type EffectiveIsolation } from './isolation.ts';
import { makeMasker } from './masking.ts';
import { compileRunnerOptions, type CompiledRunnerOptions, type RunnerOptions } from './options.ts';
import { runPhaseCommands, type BuildShell, type PhaseRun } from './phase-commands.ts';
import { PhaseRecorder } from './phase-recorder.ts';
import { buildStatusOf, shouldRunPhase, type PhaseEnd, type RunnerPhase } from './phases.ts';
import { collectReports } from './reports.ts';
import { runAsProblem } from './run-as.ts';
import { reportRuntimeVersions } from './runtime-versions.ts';
import { ShellSession } from './shell-session.ts';
import { downloadSource } from './sources.ts';
import { BuildStop } from './stop.ts';
import { uploadArtifacts } from './upload.ts';

export type { RunnerOptions } from './options.ts';

const BUILDSPEC_PHASES: readonly [RunnerPhase, BuildspecPhaseName][] = [
  ['INSTALL', 'install'], ['PRE_BUILD', 'pre_build'], ['BUILD', 'build'], ['POST_BUILD', 'post_build'],
];

function containerStamp(now: number): string {
  const iso = new Date(now).toISOString();
  return `[Container] ${iso.slice(0, 10).replaceAll('-', '/')} ${iso.slice(11, 23)}`;
}

/** Everything one build run shares between its steps. */
interface Build {
  run: BuildRun;
  options: CompiledRunnerOptions;
  recorder: PhaseRecorder;
  stop: BuildStop;
  ends: PhaseEnd[];
  /** Masks these from now on (values resolved during the build). */
  addSecrets(values: readonly string[]): void;
  log: (line: string) => void;
  end(phase: RunnerPhase | 'PROVISIONING', status: PhaseEnd['status'], contexts?: PhaseContext[], continueOnFailure?: boolean): void;
}

function stopContext(build: Build): PhaseContext {
  return build.stop.reason === 'TIMED_OUT'
    ? { statusCode: 'BUILD_TIMED_OUT', message: `Build has timed out after ${build.run.timeoutMs} ms` }
    : { statusCode: 'BUILD_STOPPED', message: 'Build was stopped' };
}

async function provision(build: Build): Promise<EffectiveIsolation | undefined> {
  build.recorder.start('PROVISIONING');
  try {
    const isolation = await resolveIsolation(build.options.isolation, build.options.warn);
    build.end('PROVISIONING', 'SUCCEEDED');
    return isolation;
  } catch (e) {
    if (!(e instanceof IsolationUnavailableError)) throw e;
    build.end('PROVISIONING', 'FAULT', [{ statusCode: 'CLIENT_ERROR', message: e.message }]);
    return undefined;
  }
}

function usesRunAs(buildspec: Buildspec): boolean {
  return buildspec.runAs !== undefined || Object.values(buildspec.phases).some((p) => p.runAs !== undefined);
}

interface Prepared { buildspec: Buildspec; sources: SourceDirectories; shell: BuildShell }

async function prepare(build: Build, isolation: EffectiveIsolation): Promise<Prepared | undefined> {
  const { run } = build;
  build.recorder.start('DOWNLOAD_SOURCE');
  const downloaded = await downloadSource(run);
  if (!downloaded.ok) return void build.end('DOWNLOAD_SOURCE', 'FAILED', [downloaded.context]);
  const { buildspec, sources } = downloaded;
  let resolved: Record<string, string>;
  try {
    resolved = await resolveBuildspecSecrets(run, buildspec);
  } catch (e) {
    if (!(e instanceof SecretResolutionError)) throw e;
    return void build.end('DOWNLOAD_SOURCE', 'FAILED', [{ statusCode: 'CLIENT_ERROR', message: e.message }]);
  }
  build.addSecrets(Object.values(resolved));
  const home = join(run.workspace, 'home');
  const environment = buildEnvironment({ run, buildspec, sources, resolved, home, host: { PATH: process.env.PATH, LANG: process.env.LANG } });
  await mkdir(home, { recursive: true });
  // Phases that run as another user must reach the workspace and share HOME.
  if (usesRunAs(buildspec)) await Promise.all([chmod(run.workspace, 0o755), chmod(home, 0o1777)]);
  const hidden = build.options.hiddenPaths;
  const session = await ShellSession.start({
    scratchDir: join(run.workspace, '.sluice-runner'), cwd: sources.primary, environment, onLine: build.log, shared: usesRunAs(buildspec),
    ...(buildspec.env.shell !== undefined && { shell: buildspec.env.shell }),
    ...(isolation === 'bubblewrap' && { wrap: (command: string[]) => bubblewrapCommand({ workspace: run.workspace, hidden }, command) }),
  }).catch((e: Error) => e);
  if (session instanceof Error) return void build.end('DOWNLOAD_SOURCE', 'FAULT', [{ statusCode: 'CLIENT_ERROR', message: session.message }]);
  build.stop.onStop(() => void session.stop(build.options.killGraceMs));
  const shell: BuildShell = { session, log: build.log, stamp: () => containerStamp(build.options.now()), succeeding: true };
  if (run.cacheDir !== undefined && buildspec.cache) await restoreCache(run.cacheDir, sources.primary, (line) => build.log(`${shell.stamp()} ${line}`));
  if (build.stop.reason) {
    build.end('DOWNLOAD_SOURCE', build.stop.reason, [stopContext(build)]);
    return { buildspec, sources, shell };
  }
  build.end('DOWNLOAD_SOURCE', 'SUCCEEDED');
  return { buildspec, sources, shell };
}

async function runBuildspecPhase(build: Build, prepared: Prepared, type: RunnerPhase, name: BuildspecPhaseName): Promise<void> {
  const phase = prepared.buildspec.phases[name];
  const continueOnFailure = phase?.onFailure === 'CONTINUE';
  build.recorder.start(type);
  const user = phase?.runAs ?? prepared.buildspec.runAs;
  const problem = phase && user !== undefined ? await runAsProblem(user) : undefined;
  let result: PhaseRun = { status: 'SUCCEEDED' };
  if (problem !== undefined) {
    result = { status: 'FAILED', context: { statusCode: 'CLIENT_ERROR', message: problem } };
  } else if (phase) {
    if (name === 'install') await reportRuntimeVersions(prepared.shell, phase.runtimeVersions);
    result = await runPhaseCommands(prepared.shell, phase, user);
  }
  if (build.stop.reason) return build.end(type, build.stop.reason, [stopContext(build)]);
  if (result.status === 'KILLED') {
    return build.end(type, 'FAULT', [{ statusCode: 'CLIENT_ERROR', message: 'The build shell ended unexpectedly' }]);
  }
  if (result.status === 'FAILED') prepared.shell.succeeding = false;
  build.end(type, result.status, result.status === 'FAILED' ? [result.context] : [], continueOnFailure);
}

/** Names the buildspec exports, without what may not be exported (AWS_*, resolved secrets). */
function exportableNames(buildspec: Buildspec, run: BuildRun): string[] {
  const secret = new Set([...Object.keys(buildspec.env.parameterStore), ...Object.keys(buildspec.env.secretsManager), ...Object.keys(run.secretEnvironment)]);
  return buildspec.env.exportedVariables.filter((n) => !n.startsWith('AWS_') && !secret.has(n));
}

async function upload(build: Build, prepared: Prepared): Promise<{ artifacts: BuildOutcome['artifacts']; reports: ReportResult[] }> {
  build.recorder.start('UPLOAD_ARTIFACTS');
  const session = prepared.shell.session;
  // Names are shell-evaluated first; then the build's processes are stopped, so none can swap a
  // selected file for a link (to anything outside the workspace) while Sluice reads it.
  const names = new Map<string, string | undefined>();
  const artifacts = prepared.buildspec.artifacts;
  for (const block of artifacts ? [artifacts, ...Object.values(artifacts.secondaryArtifacts)] : []) {
    if (block.name !== undefined && !names.has(block.name)) names.set(block.name, await session.evaluate(block.name));
  }
  await session.close(build.options.killGraceMs);
  const result = await uploadArtifacts(prepared.buildspec, prepared.sources.primary, build.run.artifacts, async (name) => names.get(name));
  const reports = await collectReports(prepared.buildspec, prepared.sources.primary);
  if (build.stop.reason) build.end('UPLOAD_ARTIFACTS', build.stop.reason, [stopContext(build)]);
  else build.end('UPLOAD_ARTIFACTS', result.problems.length > 0 ? 'FAILED' : 'SUCCEEDED', result.problems);
  for (const problem of result.problems) build.log(`${containerStamp(build.options.now())} ${problem.message}`);
  return { artifacts: result.artifacts, reports };
}

export async function runBuild(run: BuildRun, observer: BuildObserver, options: RunnerOptions = {}): Promise<BuildOutcome> {
  const compiled = compileRunnerOptions(options);
  const recorder = new PhaseRecorder(observer, compiled.now);
  const secrets = Object.values(run.secretEnvironment);
  let masker = makeMasker(secrets);
  const build: Build = {
    run, options: compiled, recorder, stop: new BuildStop(run.signal, run.timeoutMs), ends: [],
    addSecrets(values) {
      secrets.push(...values);
      masker = makeMasker(secrets);
    },
    log: (line) => observer.log(masker(line)),
    end(phase, status, contexts = [], continueOnFailure = false) {
      recorder.end(status, contexts);
      build.ends.push({ phase, status, continueOnFailure });
    },
  };
  const outcome: Omit<BuildOutcome, 'status' | 'phases'> = { exportedVariables: {}, artifacts: {}, reports: [] };
  const queuedTime = run.queuedTime ?? run.startTime;
  recorder.record('SUBMITTED', run.startTime, 'SUCCEEDED', queuedTime);
  recorder.record('QUEUED', queuedTime, 'SUCCEEDED');
  let prepared: Prepared | undefined;
  try {
    const isolation = await provision(build);
    prepared = isolation && await prepare(build, isolation);
    if (prepared?.sources.versions['']?.resolvedVersion !== undefined) outcome.resolvedSourceVersion = prepared.sources.versions[''].resolvedVersion;
    if (prepared) {
      for (const [type, name] of BUILDSPEC_PHASES) {
        if (shouldRunPhase(type, build.ends)) await runBuildspecPhase(build, prepared, type, name);
      }
      const exported = exportableNames(prepared.buildspec, run);
      if (!build.stop.reason && exported.length > 0) outcome.exportedVariables = await prepared.shell.session.readVariables(exported) ?? {};
      if (shouldRunPhase('UPLOAD_ARTIFACTS', build.ends)) Object.assign(outcome, await upload(build, prepared));
    }
  } finally {
    build.stop.dispose();
    recorder.start('FINALIZING');
    await prepared?.shell.session.close(compiled.killGraceMs);
  }
  const status = buildStatusOf(build.ends);
  if (status === 'SUCCEEDED' && prepared && run.cacheDir !== undefined) {
    await saveCache(prepared.buildspec, run.cacheDir, prepared.sources.primary, (line) => build.log(`${containerStamp(compiled.now())} ${line}`));
  }
  recorder.end('SUCCEEDED');
  recorder.start('COMPLETED');
  return { status, phases: recorder.phases(), ...outcome };
}
