/**
 * The scheduler: the engine driver plus the loops that keep executions moving — the in-process
 * job runner for built-in providers, the timer loop and the lease sweeper. Everything it knows is
 * in the store, so any number of schedulers may share one database, and a restarted one simply
 * carries on where the last left off.
 */
import { hostname } from 'node:os';
import type { ArtifactStore } from '../artifacts/ports.ts';
import type { IdGen } from '../engine/context.ts';
import type { Logger } from '../logging.ts';
import type { ProviderRegistry } from '../providers/registry.ts';
import type { JobRecord, Store } from '../store/ports.ts';
import { EngineDriver } from './driver.ts';
import { JobRunner } from './job-runner.ts';
import { makeLeaseSweeper } from './lease-sweeper.ts';
import type { Loop } from './loop.ts';
import { randomIds, systemClock, type Clock } from './system.ts';
import { makeTimerLoop } from './timer-loop.ts';

export interface SchedulerOptions {
  store: Store;
  artifacts: ArtifactStore;
  registry: ProviderRegistry;
  logger: Logger;
  /** Parent of per-job working directories. */
  workRoot: string;
  /** @default the system clock */
  clock?: Clock;
  /** @default random UUIDs */
  ids?: IdGen;
  /** @default `<hostname>:<pid>` */
  workerId?: string;
  /** Job lease; a job whose worker stops heartbeating runs again after this. @default 30000 */
  leaseMs?: number;
  /** @default 4 */
  concurrency?: number;
  /** How often expired leases are looked for. @default 5000 */
  sweepIntervalMs?: number;
  /** @default '000000000000' */
  accountId?: string;
  /** @default 'us-east-1' */
  region?: string;
  onLog?: (job: JobRecord, line: string) => void;
  /** Called for each job the lease sweeper finds with an expired lease. */
  onLeaseExpired?: (job: JobRecord) => void;
}

export class Scheduler {
  readonly driver: EngineDriver;
  private readonly runner: JobRunner;
  private readonly timers: Loop;
  private readonly sweeper: Loop;

  constructor(options: SchedulerOptions) {
    const clock = options.clock ?? systemClock;
    const workerId = options.workerId ?? `${hostname()}:${process.pid}`;
    const { store, logger } = options;
    this.driver = new EngineDriver({
      store, clock, ids: options.ids ?? randomIds,
      ...(options.accountId !== undefined && { accountId: options.accountId }),
      ...(options.region !== undefined && { region: options.region }),
    });
    this.runner = new JobRunner({
      store, driver: this.driver, registry: options.registry, artifacts: options.artifacts, clock, logger, workerId,
      workRoot: options.workRoot,
      ...(options.leaseMs !== undefined && { leaseMs: options.leaseMs }),
      ...(options.concurrency !== undefined && { concurrency: options.concurrency }),
      ...(options.onLog !== undefined && { onLog: options.onLog }),
    });
    this.timers = makeTimerLoop({ store, driver: this.driver, clock, logger, workerId });
    this.sweeper = makeLeaseSweeper({
      store, driver: this.driver, clock, logger,
      ...(options.sweepIntervalMs !== undefined && { intervalMs: options.sweepIntervalMs }),
      ...(options.onLeaseExpired !== undefined && { onExpired: options.onLeaseExpired }),
    });
    // Work committed by this process wakes the loops at once instead of at their next poll.
    this.driver.onCommit((_, commands) => {
      if (commands.some((c) => c.type === 'EnqueueJob' || c.type === 'RequeueJob')) this.runner.wake();
      if (commands.some((c) => c.type === 'SetTimer')) this.timers.wake();
    });
  }

  start(): void {
    this.runner.start();
    this.timers.start();
    this.sweeper.start();
  }

  async stop(): Promise<void> {
    await Promise.all([this.timers.stop(), this.sweeper.stop(), this.runner.stop()]);
  }
}
