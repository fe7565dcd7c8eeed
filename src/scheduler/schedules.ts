/**
 * Fires scheduled rules. A rule's next firing is stored in its row; the loop claims a due firing
 * with a compare-and-set that moves it to the next one and inserts the deliveries of a
 * `Scheduled Event` to the rule's targets in the same transaction, so a restart neither loses nor
 * repeats a firing and two servers fire it once. Firings missed while no server ran are not made
 * up: the first claim after the gap fires once and moves to the next time after now [guess:
 * EventBridge does not backfill].
 */
import type { Logger } from '../logging.ts';
import { eventTime, type BusEvent } from '../model/events/envelope.ts';
import { ruleArn, type EventScope } from '../services/event-names.ts';
import { parseSchedule } from '../services/event-rules.ts';
import type { EventDeliveryStore } from '../store/event-ports.ts';
import { Loop } from './loop.ts';
import type { Clock } from './system.ts';

export interface ScheduleLoopOptions {
  deliveries: EventDeliveryStore;
  scope: EventScope;
  clock: Clock;
  logger: Logger;
  uuid: () => string;
  /** Called when a firing queued deliveries. */
  fired(): void;
  /** Longest sleep, so rules put by other processes are noticed. @default 1000 */
  maxSleepMs?: number;
}

/** The event a scheduled rule sends (AWS's shape). */
export function scheduledEvent(scope: EventScope, ruleName: string, id: string, at: number): BusEvent {
  return {
    version: '0', id, 'detail-type': 'Scheduled Event', source: 'aws.events', account: scope.accountId, time: eventTime(at),
    region: scope.region, resources: [ruleArn(scope, ruleName)], detail: {},
  };
}

/** Fires every due schedule once; returns how many fired. */
export async function fireDueSchedules(options: ScheduleLoopOptions): Promise<number> {
  const { deliveries, scope, clock, uuid } = options;
  const now = clock.now();
  let fired = 0;
  for (const due of await deliveries.dueSchedules(now, 100)) {
    const next = parseSchedule(due.scheduleExpression, due.createdAt).next(now);
    const event = JSON.stringify(scheduledEvent(scope, due.name, uuid(), due.nextFireAt));
    if (await deliveries.fireSchedule(due.name, due.nextFireAt, next, event, uuid, now)) fired++;
  }
  if (fired > 0) options.fired();
  return fired;
}

export function makeScheduleLoop(options: ScheduleLoopOptions): Loop {
  const maxSleepMs = options.maxSleepMs ?? 1000;
  return new Loop('schedules', async () => {
    if (await fireDueSchedules(options) > 0) return 0;
    const next = await options.deliveries.nextScheduleAt();
    return next === undefined ? maxSleepMs : Math.min(maxSleepMs, Math.max(0, next - options.clock.now()));
  }, options.logger);
}
