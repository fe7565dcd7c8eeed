/**
 * One host of a deployment: its lifecycle events folded from the host commands handed out for
 * them, and what comes next for it — the next command, or its end.
 */
import type { HostCommandRecord, LifecycleEventRecord, TargetRecord } from './deployment.ts';

/** A failure of these events does not stop the host when the deployment ignores ApplicationStop failures (as on AWS). */
const IGNORABLE = new Set(['ApplicationStop', 'BeforeBlockTraffic', 'AfterBlockTraffic']);

/** The target's events with each command's status, times and diagnostics. */
export function foldCommands(target: TargetRecord, commands: readonly HostCommandRecord[]): LifecycleEventRecord[] {
  const byEvent = new Map(commands.filter((c) => c.instanceName === target.instanceName).map((c) => [c.commandName, c]));
  return target.lifecycleEvents.map((event) => {
    const command = byEvent.get(event.lifecycleEventName);
    if (!command || event.status === 'Skipped') return event;
    const done = command.status === 'Succeeded' || command.status === 'Failed';
    const d = command.diagnostics;
    return {
      lifecycleEventName: event.lifecycleEventName,
      status: done ? command.status : 'InProgress',
      startTime: command.createdAt,
      ...(done && command.completedAt !== undefined && { endTime: command.completedAt }),
      ...(d && { diagnostics: { errorCode: d.error_code, scriptName: d.script_name, message: d.message, logTail: d.log } }),
    };
  });
}

export type TargetStep =
  | { kind: 'wait' }
  | { kind: 'run'; eventName: string }
  | { kind: 'end'; status: 'Succeeded' | 'Failed' };

/** What a running host does next, from its folded events. */
export function nextTargetStep(events: readonly LifecycleEventRecord[], ignoreStopFailures: boolean): TargetStep {
  for (const event of events) {
    if (event.status === 'InProgress') return { kind: 'wait' };
    if (event.status === 'Pending') return { kind: 'run', eventName: event.lifecycleEventName };
    if (event.status === 'Failed' && !(ignoreStopFailures && IGNORABLE.has(event.lifecycleEventName))) return { kind: 'end', status: 'Failed' };
  }
  return { kind: 'end', status: 'Succeeded' };
}

/** Events that will not run any more become Skipped. */
export function skipPending(events: readonly LifecycleEventRecord[]): LifecycleEventRecord[] {
  return events.map((e) => (e.status === 'Pending' ? { ...e, status: 'Skipped' } : e));
}
