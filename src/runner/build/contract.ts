/**
 * What the build runner is given and what it reports: the contract between the runner (which runs
 * one build's phases as processes in a workspace) and whoever starts builds (the builds service
 * for StartBuild and the CodeBuild action, `sluice build` locally, the Commands action).
 *
 * The runner owns the phase order and the failure rules of the buildspec reference; the caller
 * owns where sources come from, where artifacts go, and where phases and log lines are recorded.
 */
import type { Buildspec } from '../../model/buildspec/types.ts';

/** CodeBuild's phase types, in order. */
export const BUILD_PHASES = [
  'SUBMITTED', 'QUEUED', 'PROVISIONING', 'DOWNLOAD_SOURCE', 'INSTALL', 'PRE_BUILD', 'BUILD',
  'POST_BUILD', 'UPLOAD_ARTIFACTS', 'FINALIZING', 'COMPLETED',
] as const;
export type BuildPhaseType = (typeof BUILD_PHASES)[number];

/** CodeBuild's `StatusType`, used for builds and for phases. */
export type BuildStatus = 'SUCCEEDED' | 'FAILED' | 'FAULT' | 'TIMED_OUT' | 'IN_PROGRESS' | 'STOPPED';

/** Why a phase ended as it did, e.g. `COMMAND_EXECUTION_ERROR`, `YAML_FILE_ERROR`, `CLIENT_ERROR`. */
export interface PhaseContext { statusCode: string; message: string }

export interface BuildPhase {
  phaseType: BuildPhaseType;
  /** Absent while the phase runs (and for COMPLETED). */
  phaseStatus?: BuildStatus;
  /** Epoch ms. */
  startTime: number;
  endTime?: number;
  durationInSeconds?: number;
  contexts: PhaseContext[];
}

/** Where a source comes from; the runner calls `fetch` during DOWNLOAD_SOURCE. */
export interface BuildSource {
  /** `''` for the primary source, else the secondary source identifier (`CODEBUILD_SRC_DIR_<id>`). */
  id: string;
  /** Fills `dir` (empty, created) with the source. A thrown error fails DOWNLOAD_SOURCE (CLIENT_ERROR). */
  fetch(dir: string): Promise<SourceVersion>;
}

export interface SourceVersion {
  /** `CODEBUILD_SOURCE_VERSION[_<id>]`. */
  version?: string;
  /** `CODEBUILD_RESOLVED_SOURCE_VERSION` (primary only). */
  resolvedVersion?: string;
  /** `CODEBUILD_SOURCE_REPO_URL[_<id>]`. */
  repoUrl?: string;
}

/** One file of an artifact: its path inside the artifact and the file on disk. */
export interface ArtifactFile { path: string; source: string }

/** Where an artifact goes; the runner selects its files in UPLOAD_ARTIFACTS and calls `put`. */
export interface BuildArtifactTarget {
  /** `''` for the primary `artifacts` block, else a `secondary-artifacts` identifier. */
  id: string;
  /** Stores the files; returns where they went (an S3-style location, shown by BatchGetBuilds). */
  put(files: readonly ArtifactFile[], name: string | undefined): Promise<{ location: string }>;
}

export interface BuildRun {
  buildId: string;
  buildArn: string;
  buildNumber: number;
  projectName: string;
  projectArn: string;
  region: string;
  accountId: string;
  /** `CODEBUILD_INITIATOR`: `codepipeline/<pipeline>` or the caller's user name. */
  initiator: string;
  /** Epoch ms the build started (`CODEBUILD_START_TIME`). */
  startTime: number;
  /** Epoch ms the build entered the queue: SUBMITTED ends and QUEUED starts there. @default startTime */
  queuedTime?: number;
  /**
   * The buildspec: inline YAML (project `buildspec` or `buildspecOverride` holding YAML), a path
   * relative to the primary source (default `buildspec.yml`), or already parsed. Read and parsed
   * in DOWNLOAD_SOURCE; an invalid one fails that phase with `YAML_FILE_ERROR`.
   */
  buildspec: { inline: string } | { path: string } | { parsed: Buildspec };
  /** Primary first. Empty: the primary source directory starts empty (NO_SOURCE). */
  sources: BuildSource[];
  /** Project and start-time variables, already merged by precedence (they win over the buildspec's `env`). */
  environment: Record<string, string>;
  /** Variables resolved from Parameter Store / Secrets Manager by the caller; masked in logs. */
  secretEnvironment: Record<string, string>;
  /** Resolves the buildspec's `env.parameter-store` names; throws when one does not exist. */
  resolveParameter(name: string): Promise<string>;
  /** Resolves a buildspec `env.secrets-manager` reference; throws when it does not exist. */
  resolveSecret(reference: string): Promise<string>;
  /** Artifact targets; empty: artifacts are not uploaded (the buildspec's are still checked). */
  artifacts: BuildArtifactTarget[];
  /** An empty directory that belongs to this build; removed by the caller afterwards. */
  workspace: string;
  /** Directory that keeps this project's cache between builds; absent: no cache. */
  cacheDir?: string;
  /** Build timeout; past it the build is stopped and ends TIMED_OUT. */
  timeoutMs: number;
  /** Aborted: stop the build (SIGTERM to its process group, SIGKILL after the grace); it ends STOPPED. */
  signal: AbortSignal;
}

export interface BuildObserver {
  /** Every change of the phase list (a phase started or ended). */
  phases(phases: readonly BuildPhase[]): void;
  /** One line of the build's log, secrets already masked. */
  log(line: string): void;
}

/** One test case from a report file. */
export interface TestCaseResult {
  /** The JUnit `classname`, else the enclosing `testsuite` name, else the file's path. */
  prefix: string;
  name: string;
  status: 'SUCCEEDED' | 'FAILED' | 'ERROR' | 'SKIPPED';
  durationInNanoSeconds: number;
  message?: string;
  /** The report file the case came from, relative to the primary source. */
  testRawDataPath: string;
}

export interface ReportResult {
  /** The buildspec's report group key (name or ARN). */
  group: string;
  fileFormat: string;
  testCases: TestCaseResult[];
  /** Files that could not be parsed, with why. */
  problems: string[];
}

export interface BuildOutcome {
  status: Exclude<BuildStatus, 'IN_PROGRESS'>;
  phases: BuildPhase[];
  /** The buildspec's `exported-variables` with their values at the end of post_build (unset ones left out). */
  exportedVariables: Record<string, string>;
  resolvedSourceVersion?: string;
  /** Stored artifacts by target id. */
  artifacts: Record<string, { location: string }>;
  reports: ReportResult[];
}
