/**
 * Store ports: what the rest of Sluice may ask of a database. Every method is async and speaks a
 * domain verb; no connection, transaction or SQL type crosses this boundary, so the SQLite and
 * PostgreSQL implementations are interchangeable and pass one contract suite
 * (test/store/contract.ts).
 *
 * Concurrency: `engine.step` calls for one pipeline never interleave (SQLite: one writer;
 * PostgreSQL: the pipeline row is locked). Jobs and timers are claimed with leases, so any number
 * of processes may poll the same database.
 */
import type { EngineCommand, JobCloseStatus, NewJob } from '../engine/commands.ts';
import type { BusEvent } from '../model/events/envelope.ts';
import type { ActionExecutionState, EngineState, ExecutionState } from '../engine/state.ts';
import type { PipelineDeclaration } from '../model/pipeline.ts';
import type { ExecutionMode, PipelineExecutionStatus, PipelineType } from '../model/vocabulary.ts';
import type { ActionTypeStore } from './action-type-ports.ts';
import type { BuildLogStore, BuildProjectStore, BuildStore, ReportStore } from './build-ports.ts';
import type { StatsQueries } from './stats-ports.ts';
import type { TopicStore } from './topic-ports.ts';
import type { NotificationRuleStore } from './notification-ports.ts';
import type { WebhookStore } from './webhook-ports.ts';
import type { SecretStores } from './secret-ports.ts';
import type { EventStores } from './event-ports.ts';
import type { ServiceCredentialStore } from './service-credential-ports.ts';
import type { ConnectionStores } from './connection-ports.ts';
import type { RepositoryStore } from './repository-ports.ts';
import type { ConsoleStores } from './console-ports.ts';

export interface Store {
  engine: EngineStore;
  pipelines: PipelineQueries;
  executions: ExecutionQueries;
  jobs: JobStore;
  timers: TimerStore;
  outbox: OutboxStore;
  identity: IdentityStore;
  audit: AuditStore;
  actionTypes: ActionTypeStore;
  webhooks: WebhookStore;
  /** Notification topics and their subscriptions. */
  topics: TopicStore;
  /** Notification rules (CodeStar Notifications). */
  notificationRules: NotificationRuleStore;
  /** SSM parameters and Secrets Manager secrets (ciphertext only). */
  secrets: SecretStores;
  stats: StatsQueries;
  buildProjects: BuildProjectStore;
  builds: BuildStore;
  buildLogs: BuildLogStore;
  reports: ReportStore;
  /** Event bus rules, targets, HTTP destinations and deliveries. */
  events: EventStores;
  /** IAM service-specific credentials (git over HTTPS), password hashes only. */
  serviceCredentials: ServiceCredentialStore;
  /** Connections to external git servers, their hosts and watch state (sealed secrets only). */
  connections: ConnectionStores;
  /** Hosted git repositories' metadata (CodeCommit). */
  repositories: RepositoryStore;
  /** Web console sessions and IAM login profiles (hashes only). */
  console: ConsoleStores;
  close(): Promise<void>;
}

/**
 * Which executions a step loads. Always: the executions the stage runtime names (lock holders and
 * waiters), since any move can affect them. Running PARALLEL executions hold no lock, so a step
 * about one of them does not pay for the others.
 */
export interface LoadScope {
  /** Load every InProgress or Stopping execution (UpdatePipeline). */
  allActive?: boolean;
  executionIds?: string[];
  /** Load the execution started with this token, if any (idempotent starts). */
  clientRequestToken?: string;
  /** Load the execution whose action execution holds this approval token, if any. */
  approvalToken?: string;
  /** Load, for each stage, the stage's latest execution (for retry/rollback checks and state views). */
  latestPerStage?: boolean;
}

export interface StepResult<R> {
  state: EngineState;
  commands: EngineCommand[];
  reply: R;
}

export interface EngineStore {
  /**
   * Loads the pipeline's engine state for `scope`, calls `step` (pure; may throw a SluiceError, in
   * which case nothing is written), then atomically saves what changed — the pipeline record and a
   * new declaration version when `pipeline.version` grew, changed executions, stage and action
   * executions — and carries out every command. Returns what `step` returned.
   */
  step<R>(pipelineName: string, scope: LoadScope, step: (state: EngineState) => StepResult<R>): Promise<StepResult<R>>;
  /** Read-only load, same shape as a step sees (for GetPipelineState and friends). */
  load(pipelineName: string, scope: LoadScope): Promise<EngineState>;
  /** Deletes the pipeline, its versions, executions, jobs and timers. False if it did not exist. */
  deletePipeline(pipelineName: string): Promise<boolean>;
}

export interface Page<T> { items: T[]; nextToken?: string }
export interface PageRequest { maxResults?: number; nextToken?: string }

export interface PipelineSummary {
  name: string;
  version: number;
  pipelineType: PipelineType;
  executionMode: ExecutionMode;
  created: number;
  updated: number;
}

export interface PipelineQueries {
  /** The declaration of `version` (default: current) with its `version` field set. */
  get(name: string, version?: number): Promise<{ declaration: PipelineDeclaration; created: number; updated: number } | undefined>;
  /** Pipelines by name, ascending. */
  list(page: PageRequest): Promise<Page<PipelineSummary>>;
}

export interface ExecutionQueries {
  get(pipelineName: string, executionId: string): Promise<ExecutionState | undefined>;
  /** Newest first. `succeededInStage` keeps executions whose stage of that name Succeeded. */
  list(pipelineName: string, filter: { succeededInStage?: string; status?: PipelineExecutionStatus }, page: PageRequest): Promise<Page<ExecutionState>>;
  /** Every action execution (all attempts), newest first; optionally of one execution. */
  listActionExecutions(pipelineName: string, filter: { executionId?: string }, page: PageRequest): Promise<Page<ActionExecutionState>>;
  /** One action execution (any attempt) of the pipeline by its id. */
  getActionExecution(pipelineName: string, actionExecutionId: string): Promise<ActionExecutionState | undefined>;
}

/** A job as stored: what EnqueueJob asked for, plus its queue state. */
export interface JobRecord extends NewJob {
  /** Queued → (claim) Dispatched → (acknowledge) InProgress → closed with a JobCloseStatus. */
  status: 'Queued' | 'Dispatched' | 'InProgress' | JobCloseStatus;
  lockedBy?: string;
  leaseExpiresAt?: number;
  createdAt: number;
  updatedAt: number;
}

export interface JobStore {
  /**
   * Atomically claims up to `limit` queued jobs of the given action types (oldest first), setting
   * status Dispatched, `lockedBy = workerId` and `leaseExpiresAt = now + leaseMs`. With
   * `configuration`, only jobs whose action configuration holds exactly that value under that key
   * (PollForJobs with a queryable property).
   */
  claim(request: {
    workerId: string; actionTypeKeys: readonly string[]; limit: number; leaseMs: number; now: number;
    configuration?: { key: string; value: string };
  }): Promise<JobRecord[]>;
  /** Extends the lease; false when the job is no longer held by this worker (closed, re-queued, deleted). */
  heartbeat(jobId: string, workerId: string, leaseMs: number, now: number): Promise<boolean>;
  /** Dispatched → InProgress (AcknowledgeJob). */
  acknowledge(jobId: string, now: number): Promise<void>;
  get(jobId: string): Promise<JobRecord | undefined>;
  /** Open jobs whose lease expired before `now` (for the lease sweeper), oldest first. */
  listExpired(now: number, limit: number): Promise<JobRecord[]>;
  /** Action type keys with queued jobs (so a process can tell which types nobody serves). */
  queuedTypes(): Promise<string[]>;
}

export interface TimerRecord {
  timerId: string;
  dueAt: number;
  pipelineName: string;
  executionId: string;
  actionExecutionId: string;
}

export interface TimerStore {
  /** Atomically leases up to `limit` timers due at `now`, so two processes do not fire one timer twice. */
  claimDue(request: { workerId: string; now: number; leaseMs: number; limit: number }): Promise<TimerRecord[]>;
  /** The earliest due time of any timer, to sleep until then. */
  nextDueAt(): Promise<number | undefined>;
}

export interface OutboxEntry { seq: number; event: BusEvent }

export interface OutboxStore {
  /** Events in emission order with `seq > afterSeq`. */
  read(afterSeq: number, limit: number): Promise<OutboxEntry[]>;
  /**
   * Appends events published outside the engine (git pushes, PutEvents), in one transaction and
   * in the given order. The engine's own events are appended with the state change they report.
   */
  append(events: readonly BusEvent[]): Promise<void>;
  /** The seq of the newest event, 0 when there is none (where a live reader starts). */
  lastSeq(): Promise<number>;
}

export interface UserRecord {
  userName: string;
  userId: string;
  arn: string;
  createdAt: number;
}

export interface AccessKeyRecord {
  accessKeyId: string;
  secretAccessKey: string;
  userName: string;
  status: 'Active' | 'Inactive';
  createdAt: number;
  /** Temporary credentials (artifact access for job workers): the token and when they expire. */
  sessionToken?: string;
  expiresAt?: number;
}

export interface UserPolicyRecord { userName: string; policyName: string; document: string }

/** Users, their access keys and their inline IAM policies. */
export interface IdentityStore {
  /** False when a user of that name exists. */
  createUser(user: UserRecord): Promise<boolean>;
  getUser(userName: string): Promise<UserRecord | undefined>;
  listUsers(): Promise<UserRecord[]>;
  /** Removes the user with its keys and policies; false when there was none. */
  deleteUser(userName: string): Promise<boolean>;
  createAccessKey(key: AccessKeyRecord): Promise<void>;
  getAccessKey(accessKeyId: string): Promise<AccessKeyRecord | undefined>;
  listAccessKeys(userName: string): Promise<AccessKeyRecord[]>;
  /** False when there was no such key. */
  updateAccessKey(accessKeyId: string, status: 'Active' | 'Inactive'): Promise<boolean>;
  deleteAccessKey(accessKeyId: string): Promise<boolean>;
  /** Removes temporary keys that expired before `now`. */
  deleteExpiredKeys(now: number): Promise<number>;
  putUserPolicy(policy: UserPolicyRecord): Promise<void>;
  listUserPolicies(userName: string): Promise<UserPolicyRecord[]>;
  deleteUserPolicy(userName: string, policyName: string): Promise<boolean>;
}

/** What an audited call was about, as CloudTrail names it (`AWS::CodePipeline::Pipeline`, `my-pipe`). */
export interface AuditResource { type: string; name: string }

/** One audited call, CloudTrail-shaped. */
export interface AuditEvent {
  eventId: string;
  eventTime: number;
  eventSource: string;
  eventName: string;
  /** Region of the request's credential scope (the server's region when authentication failed). */
  awsRegion?: string;
  /** Caller ARN; undefined when authentication failed. */
  userArn?: string;
  userName?: string;
  accessKeyId?: string;
  sourceIp: string;
  userAgent?: string;
  requestId: string;
  /** Request parameters with secrets redacted. */
  requestParameters?: Record<string, unknown>;
  errorCode?: string;
  errorMessage?: string;
  readOnly: boolean;
  /** The resources the call was about (e.g. the pipeline). */
  resources: AuditResource[];
}

/** Every member narrows the lookup; they AND together. Times are epoch ms, inclusive. */
export interface AuditFilter {
  eventId?: string;
  eventName?: string;
  eventSource?: string;
  userName?: string;
  accessKeyId?: string;
  resourceName?: string;
  resourceType?: string;
  startTime?: number;
  endTime?: number;
  readOnly?: boolean;
}

export interface AuditStore {
  append(event: AuditEvent): Promise<void>;
  /** Newest first. */
  lookup(filter: AuditFilter, page: PageRequest): Promise<Page<AuditEvent>>;
}
