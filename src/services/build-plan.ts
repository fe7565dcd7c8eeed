/**
 * Turns a queued build's record (its project resolved with the start's overrides) into what the
 * build runner runs: where each source comes from, where each artifact goes, the environment and
 * the secrets it resolves, the buildspec, the timeout and the cache directory.
 *
 * Sources Sluice fetches today: NO_SOURCE, S3 (a zip at `bucket/key` on the built-in S3 endpoint)
 * and CODEPIPELINE (the pipeline action's input artifacts; an input that is a git source's
 * `CODEBUILD_CLONE_REF` becomes a full clone, see clone-ref.ts). Git sources (CODECOMMIT, GITHUB, …)
 * fail DOWNLOAD_SOURCE with a message saying so. Artifacts: NO_ARTIFACTS, S3 (ZIP or NONE
 * packaging, `path`/`namespaceType`/`name` as CodeBuild lays out keys) and CODEPIPELINE.
 */
import { join } from 'node:path';
import type { ArtifactStore } from '../artifacts/ports.ts';
import type { GitRepositorySources } from '../providers/git-repositories.ts';
import { zipTarget } from '../providers/job-artifacts.ts';
import type { BuildArtifactTarget, BuildRun, BuildSource } from '../runner/build/contract.ts';
import type { BuildRecord } from '../store/build-ports.ts';
import { cloneInto, readCloneRef } from './clone-ref.ts';

type Json = Record<string, unknown>;

/** The pipeline half of a build started by a CodeBuild action (kept in the build's request). */
export interface PipelineBuildIo {
  /** Input artifacts, primary first. */
  inputs: { name: string; bucket: string; key: string; revision?: string }[];
  outputs: { name: string; bucket: string; key: string }[];
}

/** The request member that carries a pipeline build's artifacts. */
export const PIPELINE_IO = 'sluicePipelineArtifacts';

export interface BuildPlanDeps {
  artifacts: ArtifactStore;
  resolveParameter(name: string): Promise<string>;
  resolveSecret(reference: string): Promise<string>;
  /** Parent of the per-project cache directories. */
  cacheRoot: string;
  /** Where clone references (`CODEBUILD_CLONE_REF` inputs) find their repositories. */
  repositories?: GitRepositorySources;
}

/** A variable of the build's environment that could not be resolved. */
export class BuildVariableError extends Error {
  override readonly name = 'BuildVariableError';
}

export type PlannedRun = Omit<BuildRun, 'workspace' | 'signal'>;

const DEFAULT_TIMEOUT_MINUTES = 60;

/** A request member that should be text; anything else reads as `fallback`. */
function text(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : fallback;
}

function s3Location(location: unknown, what: string): { bucket: string; key: string } {
  const text = typeof location === 'string' ? location.replace(/^arn:aws:s3:::/, '') : '';
  const slash = text.indexOf('/');
  if (slash <= 0 || slash === text.length - 1) throw new Error(`The ${what} location "${String(location)}" is not <bucket>/<key>`);
  return { bucket: text.slice(0, slash), key: text.slice(slash + 1) };
}

function sourceOf(deps: BuildPlanDeps, id: string, source: Json, version: unknown, pipeline: PipelineBuildIo | undefined): BuildSource | undefined {
  const type = text(source.type, 'NO_SOURCE');
  if (type === 'NO_SOURCE') return undefined;
  return {
    id,
    async fetch(dir) {
      if (type === 'S3') {
        const location = s3Location(source.location, 'source');
        await deps.artifacts.extractTo(location, dir);
        return { version: `arn:aws:s3:::${location.bucket}/${location.key}`, repoUrl: `s3://${location.bucket}/${location.key}` };
      }
      if (type === 'CODEPIPELINE') {
        const input = id === '' ? pipeline?.inputs[0] : pipeline?.inputs.find((i) => i.name === id);
        if (!input) throw new Error(`The pipeline gave this build no input artifact${id ? ` named ${id}` : ''}`);
        await deps.artifacts.extractTo(input, dir);
        const cloneRef = await readCloneRef(dir, deps.repositories?.cloneRefKey);
        if (cloneRef) {
          await cloneInto(deps.repositories ?? {}, cloneRef, dir);
          return { version: cloneRef.commitId, ...(id === '' && { resolvedVersion: cloneRef.commitId }) };
        }
        return {
          version: `arn:aws:s3:::${input.bucket}/${input.key}`,
          ...(id === '' && input.revision !== undefined && { resolvedVersion: input.revision }),
        };
      }
      throw new Error(`Sluice cannot fetch ${type} sources yet${typeof version === 'string' ? ` (version ${version})` : ''}; use S3 or a pipeline source`);
    },
  };
}

function sourcesOf(deps: BuildPlanDeps, request: Json, pipeline: PipelineBuildIo | undefined): BuildSource[] {
  const primary = sourceOf(deps, '', request.source as Json, request.sourceVersion, pipeline);
  const secondary = ((request.secondarySources ?? []) as Json[]).map((s) => sourceOf(deps, text(s.sourceIdentifier), s, undefined, pipeline));
  // A pipeline build also unpacks every extra input artifact, each under its own name.
  const fromPipeline = text((request.source as Json).type) === 'CODEPIPELINE'
    ? (pipeline?.inputs.slice(1) ?? []).filter((i) => !secondary.some((s) => s?.id === i.name))
      .map((i) => sourceOf(deps, i.name, { type: 'CODEPIPELINE' }, undefined, pipeline))
    : [];
  return [primary, ...secondary, ...fromPipeline].filter((s): s is BuildSource => s !== undefined);
}

/** CodeBuild's S3 key: `path/` then the build id (namespaceType BUILD_ID) then `name`. */
function s3ArtifactKey(artifact: Json, buildUuid: string, fallbackName: string): string {
  const name = typeof artifact.name === 'string' && artifact.name !== '' ? artifact.name : fallbackName;
  const parts = [artifact.path, artifact.namespaceType === 'BUILD_ID' ? buildUuid : undefined, name];
  return parts.filter((p): p is string => typeof p === 'string' && p !== '').join('/');
}

function s3Target(deps: BuildPlanDeps, id: string, artifact: Json, build: BuildRecord): BuildArtifactTarget {
  const uuid = build.id.slice(build.id.lastIndexOf(':') + 1);
  return {
    id,
    async put(files, name) {
      const location = { bucket: text(artifact.location), key: s3ArtifactKey(artifact, uuid, name ?? build.projectName) };
      await deps.artifacts.ensureBucket(location.bucket);
      await deps.artifacts.putFiles(location, files, artifact.packaging === 'ZIP' ? 'zip' : 'none');
      return { location: `arn:aws:s3:::${location.bucket}/${location.key}` };
    },
  };
}

function artifactTargets(deps: BuildPlanDeps, build: BuildRecord, pipeline: PipelineBuildIo | undefined): BuildArtifactTarget[] {
  const { request } = build;
  const primary = (request.artifacts ?? { type: 'NO_ARTIFACTS' }) as Json;
  if (primary.type === 'CODEPIPELINE') {
    const outputs = pipeline?.outputs ?? [];
    // One output takes the top-level `artifacts` block; several take the secondary blocks of their names.
    return outputs.map((output) => zipTarget(outputs.length === 1 ? '' : output.name, output, deps.artifacts));
  }
  const targets = primary.type === 'S3' ? [s3Target(deps, '', primary, build)] : [];
  for (const secondary of (request.secondaryArtifacts ?? []) as Json[]) {
    if (secondary.type === 'S3') targets.push(s3Target(deps, text(secondary.artifactIdentifier), secondary, build));
  }
  return targets;
}

function buildspecOf(source: Json): PlannedRun['buildspec'] {
  const buildspec = typeof source.buildspec === 'string' ? source.buildspec.trim() : '';
  if (buildspec === '') return { path: 'buildspec.yml' };
  // Inline YAML has a line break or starts with its version key; anything else names a file.
  return buildspec.includes('\n') || buildspec.startsWith('version') ? { inline: source.buildspec as string } : { path: buildspec };
}

/** The build's variables: plain ones, and those resolved from Parameter Store and Secrets Manager (masked in logs). */
async function variablesOf(deps: BuildPlanDeps, request: Json): Promise<{ environment: Record<string, string>; secretEnvironment: Record<string, string> }> {
  const environment: Record<string, string> = {};
  const secretEnvironment: Record<string, string> = {};
  const variables = (((request.environment ?? {}) as Json).environmentVariables ?? []) as Json[];
  for (const variable of variables) {
    const name = text(variable.name);
    const value = text(variable.value);
    try {
      if (variable.type === 'PARAMETER_STORE') secretEnvironment[name] = await deps.resolveParameter(value);
      else if (variable.type === 'SECRETS_MANAGER') secretEnvironment[name] = await deps.resolveSecret(value);
      else environment[name] = value;
    } catch (e) {
      throw new BuildVariableError(`Environment variable ${name} (${text(variable.type)} ${value}): ${(e as Error).message}`);
    }
  }
  return { environment, secretEnvironment };
}

/** What the runner needs for `build`; throws BuildVariableError when a variable cannot be resolved. */
export async function planBuild(deps: BuildPlanDeps, build: BuildRecord, region: string, accountId: string): Promise<PlannedRun> {
  const { request } = build;
  const pipeline = request[PIPELINE_IO] as PipelineBuildIo | undefined;
  const source = (request.source ?? { type: 'NO_SOURCE' }) as Json;
  const cache = (request.cache ?? {}) as Json;
  const minutes = typeof request.timeoutInMinutes === 'number' ? request.timeoutInMinutes : DEFAULT_TIMEOUT_MINUTES;
  return {
    buildId: build.id, buildArn: build.arn, buildNumber: build.buildNumber, projectName: build.projectName,
    projectArn: text(request.projectArn, `arn:aws:codebuild:${region}:${accountId}:project/${build.projectName}`),
    region, accountId, initiator: build.initiator, startTime: build.startTime,
    queuedTime: build.phases.find((p) => p.phaseType === 'QUEUED')?.startTime ?? build.startTime,
    buildspec: buildspecOf(source),
    sources: sourcesOf(deps, request, pipeline),
    ...await variablesOf(deps, request),
    resolveParameter: (name) => deps.resolveParameter(name),
    resolveSecret: (reference) => deps.resolveSecret(reference),
    artifacts: artifactTargets(deps, build, pipeline),
    ...(cache.type === 'LOCAL' || cache.type === 'S3' ? { cacheDir: join(deps.cacheRoot, build.projectName) } : {}),
    timeoutMs: minutes * 60_000,
  };
}
