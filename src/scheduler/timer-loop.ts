/**
 * Fires due timers (action and approval timeouts) into the engine. Timers are claimed with a
 * lease, so several processes on one database never fire the same timer twice at once; firing is
 * idempotent anyway, because the engine ignores a timer that no longer matches its action.
 */
import type { Logger } from '../logging.ts';
import { coerceError } from '../model/errors.ts';
import type { Store } from '../store/ports.ts';
import type { EngineDriver } from './driver.ts';
import { Loop } from './loop.ts';
import type { Clock } from './system.ts';

export interface TimerLoopOptions {
  store: Store;
  driver: EngineDriver;
  clock: Clock;
  logger: Logger;
  workerId: string;
  /** Longest sleep, so timers set by other processes are noticed. @default 1000 */
  maxSleepMs?: number;
}

export function makeTimerLoop(options: TimerLoopOptions): Loop {
  const { store, driver, clock, logger, workerId } = options;
  const maxSleepMs = options.maxSleepMs ?? 1000;
  return new Loop('timers', async () => {
    const due = await store.timers.claimDue({ workerId, now: clock.now(), leaseMs: 30_000, limit: 100 });
    for (const timer of due) {
      await driver.send(timer.pipelineName, {
        type: 'TimerFired', timerId: timer.timerId, executionId: timer.executionId, actionExecutionId: timer.actionExecutionId,
      }).catch((e: unknown) => logger.error({ err: coerceError(e), timerId: timer.timerId }, 'timer could not fire'));
    }
    if (due.length > 0) return 0;
    const next = await store.timers.nextDueAt();
    return next === undefined ? maxSleepMs : Math.min(maxSleepMs, Math.max(0, next - clock.now()));
  }, logger);
}
