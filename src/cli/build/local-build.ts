/**
 * The `BuildRun` of a local build: the user's directory copied into a temporary workspace (a
 * build never changes the user's tree), `--env` values as the build's environment, artifacts
 * written as directories under `--artifacts` (`primary/` and one per secondary identifier).
 * Parameter Store and Secrets Manager are not reachable locally: their variables must come from
 * `--env`, and are masked in the log like the secrets they stand for.
 */
import { randomUUID } from 'node:crypto';
import { cp, mkdir } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { Buildspec } from '../../model/buildspec/types.ts';
import type { BuildArtifactTarget, BuildRun } from '../../runner/build/contract.ts';

export interface LocalBuildInput {
  sourceDir: string;
  buildspec: Buildspec;
  environment: Record<string, string>;
  artifactsDir?: string;
  workspace: string;
  signal: AbortSignal;
}

/** Variables the buildspec takes from Parameter Store or Secrets Manager that `--env` does not give. */
export function missingSecretVariables(buildspec: Buildspec, environment: Record<string, string>): string[] {
  const names = [...Object.keys(buildspec.env.parameterStore), ...Object.keys(buildspec.env.secretsManager)];
  return names.filter((name) => !(name in environment));
}

/** Moves `--env` values of secret variables to `secretEnvironment` and drops their remote references. */
function splitSecrets(buildspec: Buildspec, environment: Record<string, string>) {
  const secretNames = new Set([...Object.keys(buildspec.env.parameterStore), ...Object.keys(buildspec.env.secretsManager)]);
  const plain: Record<string, string> = {};
  const secret: Record<string, string> = {};
  for (const [name, value] of Object.entries(environment)) (secretNames.has(name) ? secret : plain)[name] = value;
  const local: Buildspec = { ...buildspec, env: { ...buildspec.env, parameterStore: {}, secretsManager: {} } };
  return { plain, secret, local };
}

function artifactTargets(buildspec: Buildspec, artifactsDir: string | undefined, written: string[]): BuildArtifactTarget[] {
  if (artifactsDir === undefined || !buildspec.artifacts) return [];
  const ids = ['', ...Object.keys(buildspec.artifacts.secondaryArtifacts)];
  return ids.map((id) => ({
    id,
    async put(files) {
      const dir = join(artifactsDir, id === '' ? 'primary' : id);
      for (const file of files) {
        await mkdir(dirname(join(dir, file.path)), { recursive: true });
        await cp(file.source, join(dir, file.path), { verbatimSymlinks: true });
      }
      written.push(dir);
      return { location: dir };
    },
  }));
}

export function localBuildRun(input: LocalBuildInput, written: string[]): BuildRun {
  const projectName = basename(input.sourceDir).replace(/[^A-Za-z0-9_-]/g, '-') || 'local';
  const buildId = `${projectName}:${randomUUID()}`;
  const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
  const { plain, secret, local } = splitSecrets(input.buildspec, input.environment);
  return {
    buildId, buildNumber: 1, projectName, region, accountId: '000000000000',
    buildArn: `arn:aws:codebuild:${region}:000000000000:build/${buildId}`,
    projectArn: `arn:aws:codebuild:${region}:000000000000:project/${projectName}`,
    initiator: userInfo().username,
    startTime: Date.now(),
    buildspec: { parsed: local },
    sources: [{
      id: '',
      async fetch(dir) {
        await cp(input.sourceDir, dir, { recursive: true, verbatimSymlinks: true });
        return {};
      },
    }],
    environment: plain,
    secretEnvironment: secret,
    resolveParameter: (name) => Promise.reject(new Error(`parameter ${name}: pass its value with --env`)),
    resolveSecret: (reference) => Promise.reject(new Error(`secret ${reference}: pass its value with --env`)),
    artifacts: artifactTargets(input.buildspec, input.artifactsDir, written),
    workspace: input.workspace,
    timeoutMs: 60 * 60_000,
    signal: input.signal,
  };
}
