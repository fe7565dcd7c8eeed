/**
 * The environment a build's commands start with, by precedence (later wins):
 * host PATH and LANG < buildspec `env.variables` < buildspec `parameter-store` / `secrets-manager`
 * < the caller's `secretEnvironment` < the caller's `environment` (project and start overrides)
 * < the `CODEBUILD_*` variables the runner owns (build identity, source directories).
 * Nothing else of Sluice's own environment is passed: no SLUICE_*, no AWS credentials.
 */
import type { Buildspec } from '../../model/buildspec/types.ts';
import type { BuildRun, SourceVersion } from './contract.ts';

/** What the runner knows once the sources are in place. */
export interface SourceDirectories {
  primary: string;
  /** Secondary source id → directory. */
  secondary: Record<string, string>;
  /** Source id (`''` primary) → what was fetched. */
  versions: Record<string, SourceVersion>;
}

export interface EnvironmentInput {
  run: BuildRun;
  buildspec: Buildspec;
  sources: SourceDirectories;
  /** Values of the buildspec's parameter-store and secrets-manager variables, resolved. */
  resolved: Record<string, string>;
  home: string;
  host: { PATH?: string; LANG?: string };
}

/** `CODEBUILD_SOURCE_VERSION`, `_REPO_URL` of one source, with `_<id>` for secondaries. */
function sourceVariables(id: string, version: SourceVersion | undefined): Record<string, string> {
  const suffix = id === '' ? '' : `_${id}`;
  const variables: Record<string, string> = {};
  if (version?.version !== undefined) variables[`CODEBUILD_SOURCE_VERSION${suffix}`] = version.version;
  if (version?.repoUrl !== undefined) variables[`CODEBUILD_SOURCE_REPO_URL${suffix}`] = version.repoUrl;
  return variables;
}

/** The `CODEBUILD_*` and AWS variables of the build reference (§5). */
export function systemVariables(run: BuildRun, sources: SourceDirectories): Record<string, string> {
  const variables: Record<string, string> = {
    AWS_REGION: run.region,
    AWS_DEFAULT_REGION: run.region,
    CODEBUILD_BUILD_ID: run.buildId,
    CODEBUILD_BUILD_ARN: run.buildArn,
    CODEBUILD_BUILD_NUMBER: String(run.buildNumber),
    CODEBUILD_BUILD_SUCCEEDING: '1',
    CODEBUILD_INITIATOR: run.initiator,
    CODEBUILD_PROJECT_ARN: run.projectArn,
    CODEBUILD_SRC_DIR: sources.primary,
    CODEBUILD_START_TIME: String(run.startTime),
    CODEBUILD_LOG_PATH: run.buildId.slice(run.buildId.indexOf(':') + 1),
    ...sourceVariables('', sources.versions['']),
  };
  const resolved = sources.versions['']?.resolvedVersion;
  if (resolved !== undefined) variables.CODEBUILD_RESOLVED_SOURCE_VERSION = resolved;
  for (const [id, dir] of Object.entries(sources.secondary)) {
    variables[`CODEBUILD_SRC_DIR_${id}`] = dir;
    Object.assign(variables, sourceVariables(id, sources.versions[id]));
  }
  return variables;
}

export function buildEnvironment(input: EnvironmentInput): Record<string, string> {
  const host: Record<string, string> = { HOME: input.home };
  if (input.host.PATH !== undefined) host.PATH = input.host.PATH;
  host.LANG = input.host.LANG ?? 'C.UTF-8';
  return {
    ...host,
    ...input.buildspec.env.variables,
    ...input.resolved,
    ...input.run.secretEnvironment,
    ...input.run.environment,
    ...systemVariables(input.run, input.sources),
  };
}

/** A buildspec secret reference that could not be resolved, named for the phase context. */
export class SecretResolutionError extends Error {}

/** Resolves the buildspec's `parameter-store` and `secrets-manager` variables through the caller. */
export async function resolveBuildspecSecrets(run: BuildRun, buildspec: Buildspec): Promise<Record<string, string>> {
  const values: Record<string, string> = {};
  for (const [variable, parameter] of Object.entries(buildspec.env.parameterStore)) {
    try {
      values[variable] = await run.resolveParameter(parameter);
    } catch (e) {
      throw new SecretResolutionError(`Parameter Store parameter ${parameter} for variable ${variable} could not be resolved: ${(e as Error).message}`);
    }
  }
  for (const [variable, reference] of Object.entries(buildspec.env.secretsManager)) {
    try {
      values[variable] = await run.resolveSecret(reference);
    } catch (e) {
      throw new SecretResolutionError(`Secrets Manager secret ${reference} for variable ${variable} could not be resolved: ${(e as Error).message}`);
    }
  }
  return values;
}
