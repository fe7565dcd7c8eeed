/**
 * Returns jobs whose worker stopped renewing its lease (crashed, killed, partitioned) to the
 * engine, which queues them again and records the re-run on the action execution.
 */
import type { Logger } from '../logging.ts';
import { coerceError, isSluiceError } from '../model/errors.ts';
import type { JobRecord, Store } from '../store/ports.ts';
import type { EngineDriver } from './driver.ts';
import { Loop } from './loop.ts';
import type { Clock } from './system.ts';

export interface LeaseSweeperOptions {
  store: Store;
  driver: EngineDriver;
  clock: Clock;
  logger: Logger;
  /** @default 5000 */
  intervalMs?: number;
  /** Called for each job found with an expired lease (metrics). */
  onExpired?: (job: JobRecord) => void;
}

export function makeLeaseSweeper(options: LeaseSweeperOptions): Loop {
  const { store, driver, clock, logger } = options;
  return new Loop('lease-sweeper', async () => {
    const expired = await store.jobs.listExpired(clock.now(), 100);
    for (const job of expired) {
      options.onExpired?.(job);
      logger.warn({ jobId: job.jobId, pipeline: job.pipelineName, executionId: job.executionId, lockedBy: job.lockedBy }, 'job lease expired');
      await driver.send(job.pipelineName, {
        type: 'JobLeaseExpired', jobId: job.jobId, executionId: job.executionId, actionExecutionId: job.actionExecutionId,
      }).catch((e: unknown) => {
        const err = coerceError(e);
        if (!isSluiceError(err)) logger.error({ err, jobId: job.jobId }, 'could not return expired job');
      });
    }
    return expired.length === 100 ? 0 : options.intervalMs ?? 5000;
  }, logger);
}
