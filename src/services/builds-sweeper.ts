/**
 * Keeps the build queue honest without a worker's help: builds queued past their queued timeout
 * end TIMED_OUT, and running builds whose worker stopped renewing its lease (crashed, killed,
 * partitioned) are queued again, or end FAULT after the last allowed loss. Any number of server
 * processes may sweep one database: each pass is a store transaction, so a build is swept once.
 */
import type { Logger } from '../logging.ts';
import { MAX_LEASE_LOSSES } from '../engine/limits.ts';
import { Loop } from '../scheduler/loop.ts';
import type { Clock } from '../scheduler/system.ts';
import type { Store } from '../store/ports.ts';

/** Builds handled per store call; a full batch makes the sweeper go again at once. */
const BATCH = 100;

export interface BuildSweep { timedOut: string[]; requeued: string[]; failed: string[] }

/** One pass at `now`. `maxLeaseLosses` @default 3, as for pipeline jobs. */
export async function sweepBuilds(store: Store, now: number, maxLeaseLosses: number = MAX_LEASE_LOSSES): Promise<BuildSweep> {
  const timedOut = await store.builds.expireQueued(now, BATCH);
  const { requeued, failed } = await store.builds.releaseExpired({ now, maxLeaseLosses, limit: BATCH });
  return { timedOut, requeued, failed };
}

export interface BuildSweeperOptions {
  store: Store;
  clock: Clock;
  logger: Logger;
  /** @default 5000 */
  intervalMs?: number;
}

export function makeBuildSweeper(options: BuildSweeperOptions): Loop {
  const { store, clock, logger } = options;
  return new Loop('build-sweeper', async () => {
    const sweep = await sweepBuilds(store, clock.now());
    for (const id of sweep.timedOut) logger.info({ buildId: id }, 'build timed out in the queue');
    for (const id of sweep.requeued) logger.warn({ buildId: id }, 'build lease expired; queued again');
    for (const id of sweep.failed) logger.warn({ buildId: id }, 'build lease expired too often; build ended');
    const full = sweep.timedOut.length === BATCH || sweep.requeued.length + sweep.failed.length === BATCH;
    return full ? 0 : options.intervalMs ?? 5000;
  }, logger);
}
