/**
 * The in-process worker for built-in providers: claims jobs of the types its registry serves,
 * runs each with a lease it renews every `leaseMs / 3`, and reports the outcome to the engine.
 * When the lease cannot be renewed (the action was abandoned or the job re-queued elsewhere) the
 * provider is aborted and nothing is reported: the job is no longer ours.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArtifactStore } from '../artifacts/ports.ts';
import type { EngineEvent } from '../engine/events.ts';
import type { Logger } from '../logging.ts';
import { coerceError, isSluiceError } from '../model/errors.ts';
import { isActionFailure, type ActionResult } from '../providers/provider.ts';
import type { ProviderRegistry } from '../providers/registry.ts';
import type { JobRecord, Store } from '../store/ports.ts';
import type { EngineDriver } from './driver.ts';
import { ClaimPool } from './claim-pool.ts';
import type { Clock } from './system.ts';

export interface JobRunnerOptions {
  store: Store;
  driver: EngineDriver;
  registry: ProviderRegistry;
  artifacts: ArtifactStore;
  clock: Clock;
  logger: Logger;
  workerId: string;
  /** Parent of the per-job working directories. */
  workRoot: string;
  /** @default 30000 */
  leaseMs?: number;
  /** Jobs run at once. @default 4 */
  concurrency?: number;
  /** Poll interval when no job is queued (new jobs of this process wake it at once). @default 1000 */
  idlePollMs?: number;
  onLog?: (job: JobRecord, line: string) => void;
}

export class JobRunner {
  private readonly options: JobRunnerOptions;
  private readonly pool: ClaimPool<JobRecord>;

  constructor(options: JobRunnerOptions) {
    this.options = options;
    this.pool = new ClaimPool({
      name: 'job-runner', logger: options.logger, idOf: (job) => job.jobId,
      concurrency: () => options.concurrency ?? 4,
      claim: (limit) => options.store.jobs.claim({
        workerId: options.workerId, actionTypeKeys: options.registry.keys(), limit, leaseMs: this.leaseMs, now: options.clock.now(),
      }),
      run: (job, controller) => this.runJob(job, controller),
      ...(options.idlePollMs !== undefined && { idlePollMs: options.idlePollMs }),
    });
  }

  start(): void {
    this.pool.start();
  }

  /** New jobs may be queued: look now instead of at the next poll. */
  wake(): void {
    this.pool.wake();
  }

  /** Stops claiming, aborts running jobs (their leases expire and the jobs run again later), waits for them. */
  stop(): Promise<void> {
    return this.pool.stop();
  }

  private get leaseMs(): number {
    return this.options.leaseMs ?? 30_000;
  }

  private async runJob(job: JobRecord, controller: AbortController): Promise<void> {
    const { store, clock, workerId, logger } = this.options;
    const log = logger.child({ jobId: job.jobId, pipeline: job.pipelineName, executionId: job.executionId, action: job.actionName });
    let leaseLost = false;
    const heartbeat = setInterval(() => {
      store.jobs.heartbeat(job.jobId, workerId, this.leaseMs, clock.now()).then((held) => {
        if (held) return;
        leaseLost = true;
        controller.abort(new Error('job lease lost'));
      }, (e: unknown) => log.warn({ err: coerceError(e) }, 'heartbeat failed'));
    }, Math.max(10, Math.floor(this.leaseMs / 3)));
    let workDir: Promise<string> | undefined;
    const makeWorkDir = (): Promise<string> => (workDir ??= mkdir(this.options.workRoot, { recursive: true })
      .then(() => mkdtemp(join(this.options.workRoot, 'job-'))));
    try {
      const event = await this.execute(job, controller.signal, makeWorkDir);
      if (leaseLost || controller.signal.aborted) return;
      await this.options.driver.send(job.pipelineName, event);
    } catch (e) {
      const err = coerceError(e);
      // A report the engine refuses means the action already ended (abandoned, timed out): not an error.
      if (isSluiceError(err) && err.code === 'InvalidJobStateException') log.info({}, 'job result not needed any more');
      else log.error({ err }, 'could not report job result');
    } finally {
      clearInterval(heartbeat);
      if (workDir) await rm(await workDir, { recursive: true, force: true });
    }
  }

  /** Runs the provider and turns its outcome into the engine event to send. */
  private async execute(job: JobRecord, signal: AbortSignal, workDir: () => Promise<string>): Promise<EngineEvent> {
    const ids = { jobId: job.jobId, actionExecutionId: job.actionExecutionId, executionId: job.executionId };
    const provider = this.options.registry.get(job.actionTypeKey);
    try {
      if (!provider) throw new Error(`No provider for ${job.actionTypeKey}`);
      const result: ActionResult = await provider.run({
        jobId: job.jobId, attempt: job.attempt, data: job.data, signal, workDir, artifacts: this.options.artifacts,
        log: (line) => this.options.onLog?.(job, line),
      });
      return {
        type: 'JobSucceeded', ...ids,
        ...(result.summary !== undefined && { summary: result.summary }),
        ...(result.externalExecutionId !== undefined && { externalExecutionId: result.externalExecutionId }),
        ...(result.externalExecutionUrl !== undefined && { externalExecutionUrl: result.externalExecutionUrl }),
        ...(result.outputVariables !== undefined && { outputVariables: result.outputVariables }),
        ...(result.currentRevision !== undefined && { currentRevision: result.currentRevision }),
        ...(result.continuationToken !== undefined && { continuationToken: result.continuationToken }),
      };
    } catch (e) {
      const err = coerceError(e);
      return {
        type: 'JobFailed', ...ids,
        failureType: isActionFailure(err) ? err.failureType : 'JobFailed',
        message: isActionFailure(err) ? err.message : `The action's provider failed: ${err.message}`,
      };
    }
  }
}
