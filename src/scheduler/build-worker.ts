/**
 * The build worker: claims queued builds from the store (the queue of record) up to its
 * concurrency, runs each with the build runner in a workspace of its own, and records what the
 * runner reports: phases as they change, log lines in batches, then the reports and the outcome.
 *
 * Leases. Each running build's lease is renewed every `leaseMs / 3`; the heartbeat also brings
 * a StopBuild request, which aborts the run (it ends STOPPED). A lost lease aborts it too, and
 * then nothing more is recorded: the build is someone else's. The builds of workers that died
 * are returned to the queue by the build sweeper (`services/builds-sweeper.ts`).
 */
import { execFile } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../logging.ts';
import { coerceError } from '../model/errors.ts';
import type { BuildOutcome, BuildPhase } from '../runner/build/contract.ts';
import { ShuttingDown } from '../providers/provider.ts';
import { runBuild, type RunnerOptions } from '../runner/build/run-build.ts';
import { BuildVariableError, planBuild, type BuildPlanDeps } from '../services/build-plan.ts';
import { recordBuildReports } from '../services/builds.ts';
import type { BuildRecord } from '../store/build-ports.ts';
import type { Store } from '../store/ports.ts';
import { BuildRecordWriter } from './build-log-writer.ts';
import { ClaimPool } from './claim-pool.ts';
import type { Clock } from './system.ts';

/** Removes a workspace, first giving its owner write access to every directory in it. */
async function rmWorkspace(dir: string): Promise<void> {
  await new Promise<void>((resolve) => {
    execFile('chmod', ['-R', 'u+rwX', dir], () => resolve());
  });
  await rm(dir, { recursive: true, force: true });
}

/** Why a run aborts when another worker has the build now. */
class LeaseLost extends Error {
  constructor() {
    super('build lease lost');
  }
}

export interface BuildWorkerOptions {
  store: Store;
  plan: BuildPlanDeps;
  runner: RunnerOptions;
  clock: Clock;
  uuid(): string;
  logger: Logger;
  workerId: string;
  region: string;
  accountId: string;
  /** Parent of the per-build workspaces. */
  workRoot: string;
  /** @default 30000 */
  leaseMs?: number;
  /** Builds run at once. @default the number of cores */
  concurrency?: number;
  /** Poll interval when nothing is queued (builds started in this process wake it at once). @default 1000 */
  idlePollMs?: number;
  /** Called after a build this worker ran has been recorded as finished. */
  onFinished?(build: BuildRecord): void;
}

/** A claimed build and the lock id of this claim (each claim its own, so a build this process claims twice is never confused with itself). */
interface Claim { build: BuildRecord; lockId: string }

export class BuildWorker {
  private readonly options: BuildWorkerOptions;
  private readonly pool: ClaimPool<Claim>;
  /** Heartbeats of the claims running here, by lock id. */
  private readonly beats = new Map<string, () => void>();

  constructor(options: BuildWorkerOptions) {
    this.options = options;
    this.pool = new ClaimPool({
      name: 'build-worker', logger: options.logger, idOf: (claim) => claim.lockId,
      concurrency: () => options.concurrency ?? availableParallelism(),
      claim: (limit) => this.claim(limit),
      run: (claim, controller) => this.runOne(claim, controller),
      ...(options.idlePollMs !== undefined && { idlePollMs: options.idlePollMs }),
    });
  }

  start(): void {
    this.pool.start();
  }

  /** A build may have been queued or asked to stop: look now instead of at the next poll or heartbeat. */
  wake(): void {
    this.pool.wake();
    for (const beat of this.beats.values()) beat();
  }

  /** Stops claiming and aborts running builds; unfinished ones are not recorded, their leases lapse and they run again (a lease loss). */
  stop(): Promise<void> {
    return this.pool.stop();
  }

  private get leaseMs(): number {
    return this.options.leaseMs ?? 30_000;
  }

  private async claim(limit: number): Promise<Claim[]> {
    const claims: Claim[] = [];
    while (claims.length < limit) {
      const lockId = `${this.options.workerId}/${this.options.uuid()}`;
      const [build] = await this.options.store.builds.claim({ workerId: lockId, leaseMs: this.leaseMs, now: this.options.clock.now(), limit: 1 });
      if (!build) break;
      claims.push({ build, lockId });
    }
    return claims;
  }

  /** Renews the claim's lease; aborts the run when a stop was requested or the lease is gone. */
  private heartbeat({ build, lockId }: Claim, controller: AbortController): () => void {
    const { store, clock } = this.options;
    return () => {
      store.builds.heartbeat(build.id, lockId, this.leaseMs, clock.now()).then((beat) => {
        if (!beat.held) controller.abort(new LeaseLost());
        else if (beat.stopRequested) controller.abort(new Error('stop requested'));
      }, (e: unknown) => this.options.logger.warn({ buildId: build.id, err: coerceError(e) }, 'build heartbeat failed'));
    };
  }

  private async runOne(claim: Claim, controller: AbortController): Promise<void> {
    const { build, lockId } = claim;
    const { store, clock } = this.options;
    const log = this.options.logger.child({ buildId: build.id });
    const beat = this.heartbeat(claim, controller);
    this.beats.set(lockId, beat);
    const heartbeat = setInterval(beat, Math.max(10, Math.floor(this.leaseMs / 3)));
    const workspace = join(this.options.workRoot, lockId.slice(lockId.lastIndexOf('/') + 1));
    const writer = new BuildRecordWriter({ store, buildId: build.id, workerId: lockId, clock, onError: (e) => log.warn({ err: coerceError(e) }, 'build record write failed') });
    try {
      await mkdir(workspace, { recursive: true });
      const outcome = await this.execute(build, workspace, controller.signal, writer);
      const reason: unknown = controller.signal.reason;
      // Another worker has the build now: nothing of this run may reach its record.
      if (reason instanceof LeaseLost) return writer.discard();
      await writer.flush();
      // Shutting down mid-build: leave it to run again. A build that got to its end is recorded.
      if (reason instanceof ShuttingDown && outcome.status === 'STOPPED') return;
      // Reports are written before the build is finished: first make sure it is still ours.
      if (!(await store.builds.heartbeat(build.id, lockId, this.leaseMs, clock.now())).held) return;
      const reportArns = await recordBuildReports(
        { store, region: this.options.region, accountId: this.options.accountId, now: () => clock.now(), uuid: () => this.options.uuid() }, build, outcome.reports);
      const finished = await store.builds.finish(build.id, lockId, {
        status: outcome.status, phases: outcome.phases,
        results: {
          exportedVariables: outcome.exportedVariables, artifacts: outcome.artifacts, reportArns,
          ...(outcome.resolvedSourceVersion !== undefined && { resolvedSourceVersion: outcome.resolvedSourceVersion }),
        },
      }, clock.now());
      if (finished) this.options.onFinished?.(finished);
    } catch (e) {
      log.error({ err: coerceError(e) }, 'build could not be recorded');
    } finally {
      clearInterval(heartbeat);
      this.beats.delete(lockId);
      // A build may leave files it made unremovable (chmod 000): make them removable first.
      await rmWorkspace(workspace).catch((e: unknown) => log.warn({ err: coerceError(e), workspace }, 'build workspace not removed'));
    }
  }

  /** Runs the build; a variable that cannot be resolved fails it in PROVISIONING without running anything. */
  private async execute(build: BuildRecord, workspace: string, signal: AbortSignal, writer: BuildRecordWriter): Promise<BuildOutcome> {
    const { clock } = this.options;
    try {
      const planned = await planBuild(this.options.plan, build, this.options.region, this.options.accountId);
      return await runBuild({ ...planned, workspace, signal }, {
        phases: (phases) => writer.recordPhases(phases),
        log: (line) => writer.log(line),
      }, { ...this.options.runner, now: () => clock.now() });
    } catch (e) {
      if (!(e instanceof BuildVariableError)) throw e;
      const now = clock.now();
      const phases: BuildPhase[] = [
        ...build.phases.filter((p) => p.phaseType === 'SUBMITTED' || p.phaseType === 'QUEUED').map((p) => ({ ...p, endTime: p.endTime ?? now, phaseStatus: p.phaseStatus ?? 'SUCCEEDED' as const })),
        { phaseType: 'PROVISIONING', phaseStatus: 'FAILED', startTime: now, endTime: now, durationInSeconds: 0, contexts: [{ statusCode: 'CLIENT_ERROR', message: e.message }] },
        { phaseType: 'COMPLETED', startTime: now, contexts: [] },
      ];
      writer.log(`[Container] Phase context status code: CLIENT_ERROR Message: ${e.message}`);
      return { status: 'FAILED', phases, exportedVariables: {}, artifacts: {}, reports: [] };
    }
  }
}
