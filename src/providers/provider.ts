/**
 * Action providers carry out action executions that arrive as jobs.
 *
 * Intended execution flow: the job runner claims a job of one of the provider's types, prepares
 * an empty working directory on request, calls `run(context)`, heartbeats the job's lease while it runs, and
 * reports the returned result (success, or a continuation) or the thrown `ActionFailure` to the
 * engine. `signal` aborts when the job is no longer ours (lease lost, action abandoned, shutdown):
 * a provider stops its work then. Providers never touch the store.
 */
import type { JobData } from '../engine/commands.ts';
import type { CurrentRevision } from '../engine/events.ts';
import type { ActionTypeId } from '../model/pipeline.ts';
import type { FailureType } from '../model/vocabulary.ts';
import type { ArtifactStore } from '../artifacts/ports.ts';

export interface ActionContext {
  jobId: string;
  /** 1 for the first job of the action execution, more after continuations or lost workers. */
  attempt: number;
  data: JobData;
  signal: AbortSignal;
  /** Creates (on first call) an empty directory for this job only, removed afterwards. */
  workDir(): Promise<string>;
  artifacts: ArtifactStore;
  /** One line of the action's log. */
  log(line: string): void;
}

export interface ActionResult {
  summary?: string;
  externalExecutionId?: string;
  externalExecutionUrl?: string;
  outputVariables?: Record<string, string>;
  currentRevision?: CurrentRevision;
  /** Not done yet: the engine queues another job with this token. */
  continuationToken?: string;
}

export interface ActionProvider {
  /** The action types this provider serves. */
  readonly types: readonly ActionTypeId[];
  run(context: ActionContext): Promise<ActionResult>;
}

/**
 * The reason a job's signal aborts when its process shuts down: the job will run again elsewhere,
 * so a provider leaves outside work (a build it started) running.
 */
export class ShuttingDown extends Error {
  override readonly name = 'ShuttingDown';
  constructor() {
    super('shutting down');
  }
}

const FAILURE = Symbol.for('sluice:action-failure');

/** Thrown by a provider to fail the action with an AWS failure type. */
export class ActionFailure extends Error {
  readonly failureType: FailureType;
  readonly [FAILURE] = true;
  constructor(message: string, failureType: FailureType = 'JobFailed') {
    super(message);
    this.name = 'ActionFailure';
    this.failureType = failureType;
  }
}

export function isActionFailure(e: unknown): e is ActionFailure {
  return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[FAILURE] === true;
}
