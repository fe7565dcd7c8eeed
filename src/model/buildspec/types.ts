/**
 * A parsed buildspec (version 0.2), normalised: every optional list is present (possibly empty),
 * YAML 1.1 booleans (`yes`/`no`) are booleans, and key spellings are camelCase. Produced by
 * `parseBuildspec`; the runner reads nothing else.
 */

/** The buildspec phases, in the order they run. */
export const BUILDSPEC_PHASES = ['install', 'pre_build', 'build', 'post_build'] as const;
export type BuildspecPhaseName = (typeof BUILDSPEC_PHASES)[number];

export type OnFailure = 'ABORT' | 'CONTINUE';

export interface BuildspecPhase {
  /** Linux user for this phase's commands; wins over the top-level `run-as`. */
  runAs?: string;
  /** @default 'ABORT' */
  onFailure: OnFailure;
  /** `install` only: language → version (`20`, `3.x`, `latest`), reported against the host. */
  runtimeVersions: Record<string, string>;
  commands: string[];
  finally: string[];
}

export interface BuildspecEnv {
  /** `bash` or `/bin/sh` (Linux). Undefined: bash when present, else sh. */
  shell?: string;
  /** Literal values (not expanded). */
  variables: Record<string, string>;
  /** Build variable name → Parameter Store parameter name. */
  parameterStore: Record<string, string>;
  /** Build variable name → `secret-id[:json-key[:version-stage[:version-id]]]`. */
  secretsManager: Record<string, string>;
  exportedVariables: string[];
  gitCredentialHelper: boolean;
}

export interface ArtifactSelection {
  files: string[];
  /** A directory (may itself be a glob) that `files` are relative to. */
  baseDirectory?: string;
  discardPaths: boolean;
  excludePaths: string[];
  enableSymlinks: boolean;
}

export interface ArtifactsSpec extends ArtifactSelection {
  /** Shell-evaluated at upload time for standalone builds; ignored under a pipeline. */
  name?: string;
  secondaryArtifacts: Record<string, ArtifactSelection & { name?: string }>;
}

export type ReportFileFormat =
  | 'JUNITXML' | 'CUCUMBERJSON' | 'NUNITXML' | 'NUNIT3XML' | 'TESTNGXML' | 'VISUALSTUDIOTRX'
  | 'CLOVERXML' | 'COBERTURAXML' | 'JACOCOXML' | 'SIMPLECOV';

export interface ReportSpec {
  files: string[];
  baseDirectory?: string;
  discardPaths: boolean;
  /** Upper-cased. @default 'JUNITXML' */
  fileFormat: ReportFileFormat;
}

export interface Buildspec {
  version: '0.2';
  runAs?: string;
  env: BuildspecEnv;
  phases: Partial<Record<BuildspecPhaseName, BuildspecPhase>>;
  /** Report group name (or ARN) → what to collect. */
  reports: Record<string, ReportSpec>;
  artifacts?: ArtifactsSpec;
  cache?: { paths: string[] };
}
