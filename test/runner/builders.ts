/**
 * Builders for runner tests: a `BuildRun` over a fresh workspace with a local directory as its
 * source, a parsed buildspec from a few fields, and an observer that records what it sees.
 */
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Buildspec, BuildspecPhase, BuildspecPhaseName } from '../../src/model/buildspec/types.ts';
import type { BuildObserver, BuildPhase, BuildRun } from '../../src/runner/build/contract.ts';

export function phase(commands: string[], over: Partial<BuildspecPhase> = {}): BuildspecPhase {
  return { onFailure: 'ABORT', runtimeVersions: {}, commands, finally: [], ...over };
}

export function makeBuildspec(phases: Partial<Record<BuildspecPhaseName, BuildspecPhase>>, over: Partial<Buildspec> = {}): Buildspec {
  return {
    version: '0.2',
    env: { variables: {}, parameterStore: {}, secretsManager: {}, exportedVariables: [], gitCredentialHelper: false },
    phases, reports: {}, ...over,
  };
}

export async function makeRun(over: Partial<BuildRun> & { sourceDir?: string } = {}): Promise<BuildRun> {
  const workspace = await mkdtemp(join(tmpdir(), 'sluice-build-test-'));
  const { sourceDir, ...rest } = over;
  return {
    buildId: 'proj:1111-2222', buildArn: 'arn:aws:codebuild:eu-west-1:123456789012:build/proj:1111-2222', buildNumber: 7,
    projectName: 'proj', projectArn: 'arn:aws:codebuild:eu-west-1:123456789012:project/proj', region: 'eu-west-1', accountId: '123456789012',
    initiator: 'codepipeline/app', startTime: 1_700_000_000_000,
    buildspec: { parsed: makeBuildspec({}) },
    sources: sourceDir === undefined ? [] : [{ id: '', fetch: async (dir) => { await cp(sourceDir, dir, { recursive: true }); return { version: 'main', resolvedVersion: 'abc123' }; } }],
    environment: {}, secretEnvironment: {},
    resolveParameter: (name) => Promise.reject(new Error(`ParameterNotFound: ${name}`)),
    resolveSecret: (reference) => Promise.reject(new Error(`ResourceNotFoundException: ${reference}`)),
    artifacts: [], workspace, timeoutMs: 60_000, signal: new AbortController().signal,
    ...rest,
  };
}

export interface Recorded extends BuildObserver {
  lines: string[];
  updates: BuildPhase[][];
  /** Output lines only: without the runner's own `[Container]` lines. */
  output(): string[];
}

export function recorder(): Recorded {
  const lines: string[] = [];
  const updates: BuildPhase[][] = [];
  return {
    lines, updates,
    phases: (phases) => { updates.push([...phases]); },
    log: (line) => { lines.push(line); },
    output: () => lines.filter((l) => !l.startsWith('[Container]')),
  };
}
