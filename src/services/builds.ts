/**
 * Starting builds and recording their reports: the use cases StartBuild, RetryBuild and (later)
 * the CodeBuild pipeline action share. No HTTP here: callers pass who starts the build and the
 * region and account its ARNs belong to.
 *
 * A build's `request` is the project resolved with the start's overrides, so a build keeps
 * running (and reads back) the settings it was started with even if its project changes or is
 * deleted. Precedence of environment variables: the override's wins over the project's by name.
 */
import { SluiceError } from '../model/errors.ts';
import type { ReportResult } from '../runner/build/contract.ts';
import type { BuildRecord, BuildProjectRecord, JsonObject } from '../store/build-ports.ts';
import type { Store } from '../store/ports.ts';

type Json = Record<string, unknown>;

export interface StartBuildDeps {
  store: Store;
  region: string;
  accountId: string;
  now(): number;
  uuid(): string;
}

/** The members of StartBuildInput that replace a source member of the same name (without the suffix). */
const SOURCE_OVERRIDES = {
  sourceTypeOverride: 'type', sourceLocationOverride: 'location', sourceAuthOverride: 'auth', gitCloneDepthOverride: 'gitCloneDepth',
  gitSubmodulesConfigOverride: 'gitSubmodulesConfig', insecureSslOverride: 'insecureSsl', reportBuildStatusOverride: 'reportBuildStatus',
  buildStatusConfigOverride: 'buildStatusConfig', buildspecOverride: 'buildspec',
} as const;

const ENVIRONMENT_OVERRIDES = {
  environmentTypeOverride: 'type', imageOverride: 'image', computeTypeOverride: 'computeType', certificateOverride: 'certificate',
  privilegedModeOverride: 'privilegedMode', registryCredentialOverride: 'registryCredential',
  imagePullCredentialsTypeOverride: 'imagePullCredentialsType', fleetOverride: 'fleet',
} as const;

/** Override members that replace the project member of the given name as a whole. */
const WHOLE_OVERRIDES = {
  secondarySourcesOverride: 'secondarySources', secondarySourcesVersionOverride: 'secondarySourceVersions',
  artifactsOverride: 'artifacts', secondaryArtifactsOverride: 'secondaryArtifacts', cacheOverride: 'cache',
  serviceRoleOverride: 'serviceRole', timeoutInMinutesOverride: 'timeoutInMinutes',
  queuedTimeoutInMinutesOverride: 'queuedTimeoutInMinutes', encryptionKeyOverride: 'encryptionKey', logsConfigOverride: 'logsConfig',
  autoRetryLimitOverride: 'autoRetryLimit',
} as const;

function mergeVariables(project: Json[], overrides: Json[] | undefined): Json[] {
  if (!overrides) return project;
  const names = new Set(overrides.map((v) => v.name));
  return [...project.filter((v) => !names.has(v.name)), ...overrides].map((v) => ({ type: 'PLAINTEXT', ...v }));
}

/** The project with StartBuild's overrides applied: what the build runs with. */
export function resolveStartRequest(project: BuildProjectRecord, input: Json): JsonObject {
  const p = project.project;
  const source = { ...(p.source as Json) };
  for (const [member, key] of Object.entries(SOURCE_OVERRIDES)) if (input[member] !== undefined) source[key] = input[member];
  const environment = { ...(p.environment as Json) };
  for (const [member, key] of Object.entries(ENVIRONMENT_OVERRIDES)) if (input[member] !== undefined) environment[key] = input[member];
  environment.environmentVariables = mergeVariables((environment.environmentVariables ?? []) as Json[], input.environmentVariablesOverride as Json[] | undefined);
  const request: Json = {
    projectArn: project.arn, source, environment,
    sourceVersion: input.sourceVersion ?? p.sourceVersion,
    secondarySources: p.secondarySources, secondarySourceVersions: p.secondarySourceVersions,
    artifacts: p.artifacts, secondaryArtifacts: p.secondaryArtifacts, cache: p.cache, serviceRole: p.serviceRole,
    timeoutInMinutes: p.timeoutInMinutes, queuedTimeoutInMinutes: p.queuedTimeoutInMinutes, encryptionKey: p.encryptionKey,
    logsConfig: p.logsConfig, autoRetryLimit: p.autoRetryLimit,
    debugSessionEnabled: input.debugSessionEnabled,
  };
  for (const [member, key] of Object.entries(WHOLE_OVERRIDES)) if (input[member] !== undefined) request[key] = input[member];
  return Object.fromEntries(Object.entries(request).filter(([, v]) => v !== undefined));
}

/**
 * Records a QUEUED build of `project`. Undefined when the project vanished meanwhile. With an
 * idempotency token used for the project in the last 5 minutes, returns that build instead, or
 * refuses the start when it asked for something else (InvalidInputException).
 */
export async function queueBuild(deps: StartBuildDeps, project: BuildProjectRecord, request: JsonObject,
  options: { initiator: string; idempotencyToken?: string | undefined; idempotencyWindowMs?: number }): Promise<BuildRecord | undefined> {
  const id = `${project.name}:${deps.uuid()}`;
  const now = deps.now();
  const queuedMinutes = typeof request.queuedTimeoutInMinutes === 'number' ? request.queuedTimeoutInMinutes : 480;
  const created = await deps.store.builds.create({
    id, arn: `arn:aws:codebuild:${deps.region}:${deps.accountId}:build/${id}`, projectName: project.name,
    initiator: options.initiator, request,
    ...(options.idempotencyToken !== undefined && { idempotencyToken: options.idempotencyToken }),
    ...(options.idempotencyWindowMs !== undefined && { idempotencyWindowMs: options.idempotencyWindowMs }),
    queuedDeadline: now + queuedMinutes * 60_000,
  }, now);
  if (created && !created.created && JSON.stringify(created.build.request) !== JSON.stringify(request)) {
    throw new SluiceError('InvalidInputException', `The idempotency token ${options.idempotencyToken ?? ''} was used for another build request in the last 5 minutes`);
  }
  return created?.build;
}

/**
 * Records the runner's reports of a finished build: each in its report group (`<project>-<name>`
 * created on first use, or the group an ARN names), with its test cases. Returns the report ARNs.
 */
export async function recordBuildReports(deps: StartBuildDeps, build: BuildRecord, reports: readonly ReportResult[]): Promise<string[]> {
  const arns: string[] = [];
  for (const report of reports) {
    const groupName = report.group.startsWith('arn:') ? report.group.slice(report.group.lastIndexOf('/') + 1) : `${build.projectName}-${report.group}`;
    const now = deps.now();
    const group = await deps.store.reports.ensureGroup({
      arn: `arn:aws:codebuild:${deps.region}:${deps.accountId}:report-group/${groupName}`, name: groupName, type: 'TEST',
      exportConfig: { exportConfigType: 'NO_EXPORT' }, tags: [], created: now, lastModified: now,
    });
    const failed = report.problems.length > 0 || report.testCases.some((c) => c.status === 'FAILED' || c.status === 'ERROR');
    const stored = await deps.store.reports.addReport({
      arn: `arn:aws:codebuild:${deps.region}:${deps.accountId}:report/${group.name}:${deps.uuid()}`,
      reportGroupArn: group.arn, executionId: build.arn, name: `${group.name}:${build.id.slice(build.id.lastIndexOf(':') + 1)}`,
      type: group.type, status: failed ? 'FAILED' : 'SUCCEEDED', testCases: report.testCases,
    }, now);
    arns.push(stored.arn);
  }
  return arns;
}
