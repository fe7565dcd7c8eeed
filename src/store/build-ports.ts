/**
 * Store ports of builds (CodeBuild): build projects, the build queue of record, build log lines,
 * report groups and reports.
 *
 * A build's life in the store: `create` records it QUEUED (status IN_PROGRESS, current phase
 * QUEUED) with the project's next build number; a worker `claim`s the oldest queued build with a
 * lease, `heartbeat`s (learning whether a stop was requested), records its phases and `finish`es
 * it with the runner's outcome. A lease that expires is `releaseExpired`: the build is queued
 * again, or ends FAULT once it has lost `maxLeaseLosses` workers. A queued build past its queued
 * timeout ends TIMED_OUT (`expireQueued`). Documents AWS defines (the project, the resolved start
 * request) are opaque JSON objects here: the API layer owns their shape.
 */
import type { BuildPhase, BuildStatus, TestCaseResult } from '../runner/build/contract.ts';
import type { Page, PageRequest } from './ports.ts';

export type SortOrder = 'ASCENDING' | 'DESCENDING';
export type JsonObject = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// Projects

export interface BuildProjectRecord {
  name: string;
  arn: string;
  /** The CodeBuild `Project` members as stored (no `name`, `arn`, `created`, `lastModified`). */
  project: JsonObject;
  created: number;
  lastModified: number;
}

export type ProjectSortBy = 'NAME' | 'CREATED_TIME' | 'LAST_MODIFIED_TIME';

export interface BuildProjectStore {
  /** False when a project of that name exists (nothing changes). */
  create(project: BuildProjectRecord): Promise<boolean>;
  /**
   * Replaces the project with `change(current)` atomically, setting `lastModified = now`.
   * `change` may throw; then nothing is written. Undefined when there is no such project.
   */
  update(name: string, change: (current: BuildProjectRecord) => JsonObject, now: number): Promise<BuildProjectRecord | undefined>;
  get(name: string): Promise<BuildProjectRecord | undefined>;
  /** The projects that exist among `names`, in the order asked. */
  batchGet(names: readonly string[]): Promise<BuildProjectRecord[]>;
  /** Project names; `sortBy` @default 'NAME', `sortOrder` @default 'ASCENDING'. */
  list(request: PageRequest & { sortBy?: ProjectSortBy; sortOrder?: SortOrder }): Promise<Page<string>>;
  /** False when there was no such project. The project's builds are kept, as on AWS. */
  delete(name: string): Promise<boolean>;
}

// ---------------------------------------------------------------------------------------------
// Builds

export type BuildQueueState = 'Queued' | 'Running' | 'Finished';

/** How long a StartBuild idempotency token names its build: 5 minutes, as on AWS. */
export const IDEMPOTENCY_WINDOW_MS = 5 * 60_000;

export interface NewBuild {
  /** `<project>:<uuid>`. */
  id: string;
  arn: string;
  projectName: string;
  initiator: string;
  /** The resolved start request (project settings with the overrides applied). */
  request: JsonObject;
  /** StartBuild's idempotencyToken: a start with the same token within the window returns the first build. */
  idempotencyToken?: string;
  /** How long the token names its build. @default IDEMPOTENCY_WINDOW_MS */
  idempotencyWindowMs?: number;
  /** Epoch ms after which a build still queued ends TIMED_OUT. */
  queuedDeadline: number;
}

/** What a finished build leaves besides its status and phases. */
export interface BuildResults {
  exportedVariables: Record<string, string>;
  artifacts: Record<string, { location: string }>;
  resolvedSourceVersion?: string;
  reportArns: string[];
}

export interface BuildRecord extends Omit<NewBuild, 'queuedDeadline'> {
  buildNumber: number;
  queueState: BuildQueueState;
  buildStatus: BuildStatus;
  currentPhase: string;
  phases: BuildPhase[];
  results?: BuildResults;
  stopRequested: boolean;
  lockedBy?: string;
  leaseExpiresAt?: number;
  leaseLosses: number;
  queuedDeadline: number;
  startTime: number;
  endTime?: number;
}

export interface BuildFinish {
  status: Exclude<BuildStatus, 'IN_PROGRESS'>;
  phases: BuildPhase[];
  results: BuildResults;
}

export interface BuildStore {
  /**
   * Records a QUEUED build with its project's next build number (atomic: two starts never share
   * one). With an idempotency token used for the project within IDEMPOTENCY_WINDOW_MS before
   * `now`, returns that build and `created: false`. Undefined when the project does not exist.
   */
  create(build: NewBuild, now: number): Promise<{ build: BuildRecord; created: boolean } | undefined>;
  get(id: string): Promise<BuildRecord | undefined>;
  /** The builds that exist among `ids`, in the order asked. */
  batchGet(ids: readonly string[]): Promise<BuildRecord[]>;
  /** Build ids, newest first by default; of one project when `projectName` is given. */
  list(request: PageRequest & { projectName?: string; sortOrder?: SortOrder }): Promise<Page<string>>;
  /** Atomically claims up to `limit` queued builds, oldest first, with a lease for `workerId`. */
  claim(request: { workerId: string; leaseMs: number; now: number; limit: number }): Promise<BuildRecord[]>;
  /** Extends the lease. `held: false` when the worker no longer holds the build. */
  heartbeat(id: string, workerId: string, leaseMs: number, now: number): Promise<{ held: boolean; stopRequested: boolean }>;
  /** Records the phase list (current phase = the last one); false when not held by the worker. */
  recordPhases(id: string, workerId: string, phases: readonly BuildPhase[], now: number): Promise<boolean>;
  /** Ends a build held by the worker; undefined when not held (lost lease, already finished). */
  finish(id: string, workerId: string, finish: BuildFinish, now: number): Promise<BuildRecord | undefined>;
  /**
   * StopBuild: a queued build ends STOPPED at once; a running one gets the stop flag its worker
   * sees on heartbeat. A finished build is returned unchanged. Undefined when there is no build.
   */
  requestStop(id: string, now: number): Promise<BuildRecord | undefined>;
  /**
   * Running builds whose lease expired before `now`: queued again (lease losses + 1), or ended
   * FAULT when that makes `maxLeaseLosses`. Returns the ids of each.
   */
  releaseExpired(request: { now: number; maxLeaseLosses: number; limit: number }): Promise<{ requeued: string[]; failed: string[] }>;
  /** Queued builds past their queued deadline end TIMED_OUT; returns their ids. */
  expireQueued(now: number, limit: number): Promise<string[]>;
  /** Deletes finished builds with their log lines; in-progress and unknown ones are not deleted. */
  delete(ids: readonly string[]): Promise<{ deleted: string[]; notDeleted: { id: string; statusCode: string }[] }>;
}

// ---------------------------------------------------------------------------------------------
// Build logs

export interface BuildLogLine {
  /** 1, 2, … per build, in append order. */
  seq: number;
  /** Epoch ms. */
  timestamp: number;
  message: string;
}

/** Lines within `startTime`…`endTime` (epoch ms, inclusive) only, when given. */
export type LogReadRequest = { limit: number; startTime?: number; endTime?: number }
  & ({ direction: 'forward'; afterSeq?: number } | { direction: 'backward'; beforeSeq?: number });

export interface BuildLogStore {
  /** Appends lines after the build's last one; returns the seq of the last line appended. */
  append(buildId: string, lines: readonly { timestamp: number; message: string }[]): Promise<number>;
  /**
   * Up to `limit` lines, ascending. Forward: the first lines with seq > `afterSeq` (@default 0).
   * Backward: the last lines with seq < `beforeSeq` (@default past the end).
   */
  read(buildId: string, request: LogReadRequest): Promise<BuildLogLine[]>;
  /** Lines whose message contains every one of `terms` (case-sensitive), ascending from `afterSeq`. */
  filter(buildId: string, request: { terms: readonly string[]; afterSeq?: number; limit: number; startTime?: number; endTime?: number }): Promise<BuildLogLine[]>;
  /** How many lines, and the first and last line's timestamps. */
  summary(buildId: string): Promise<{ count: number; firstTimestamp?: number; lastTimestamp?: number; lastSeq: number }>;
}

// ---------------------------------------------------------------------------------------------
// Report groups and reports

export type ReportType = 'TEST' | 'CODE_COVERAGE';

export interface ReportGroupRecord {
  arn: string;
  name: string;
  type: ReportType;
  exportConfig: JsonObject;
  tags: { key: string; value: string }[];
  created: number;
  lastModified: number;
}

export type TestCaseStatus = TestCaseResult['status'];
export type ReportStatus = 'GENERATING' | 'SUCCEEDED' | 'FAILED' | 'INCOMPLETE' | 'DELETING';

export interface NewReport {
  arn: string;
  reportGroupArn: string;
  /** The build ARN the report came from (`executionId`). */
  executionId: string;
  name: string;
  type: ReportType;
  status: ReportStatus;
  testCases: readonly TestCaseResult[];
}

export interface ReportRecord extends Omit<NewReport, 'testCases'> {
  created: number;
  durationInNanoSeconds: number;
  statusCounts: Record<string, number>;
  total: number;
}

export interface TestCaseRecord extends TestCaseResult { reportArn: string }

export interface ReportStore {
  /** False when a group of that name exists. */
  createGroup(group: ReportGroupRecord): Promise<boolean>;
  /** The group of that name, created as given when there is none (a report's first use). */
  ensureGroup(group: ReportGroupRecord): Promise<ReportGroupRecord>;
  getGroup(arn: string): Promise<ReportGroupRecord | undefined>;
  /** Group ARNs; `sortBy` @default 'NAME'. */
  listGroups(request: PageRequest & { sortBy?: 'NAME' | 'CREATED_TIME' | 'LAST_MODIFIED_TIME'; sortOrder?: SortOrder }): Promise<Page<string>>;
  /** `hasReports` when it has reports and `deleteReports` is false. */
  deleteGroup(arn: string, deleteReports: boolean): Promise<'deleted' | 'notFound' | 'hasReports'>;
  /** Records a report with its test cases (counts and duration computed here). */
  addReport(report: NewReport, now: number): Promise<ReportRecord>;
  getReport(arn: string): Promise<ReportRecord | undefined>;
  /** Report ARNs newest first by default; of one group, of one build, or with one status. */
  listReports(request: PageRequest & { reportGroupArn?: string; executionId?: string; status?: string; sortOrder?: SortOrder }): Promise<Page<string>>;
  /** A report's test cases in file order; `status` and `keyword` (in name or prefix) narrow. */
  testCases(reportArn: string, request: PageRequest & { status?: string; keyword?: string }): Promise<Page<TestCaseRecord>>;
}
