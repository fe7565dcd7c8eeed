/**
 * The build's phase list as BatchGetBuilds shows it: phases start and end in order, each change
 * is handed to the observer as a fresh copy (observers may keep it), and durations are whole
 * seconds as CodeBuild reports them.
 */
import type { BuildObserver, BuildPhase, BuildPhaseType, BuildStatus, PhaseContext } from './contract.ts';
import { durationInSeconds } from './phases.ts';

export class PhaseRecorder {
  private readonly list: BuildPhase[] = [];
  private readonly observer: BuildObserver;
  private readonly now: () => number;

  constructor(observer: BuildObserver, now: () => number) {
    this.observer = observer;
    this.now = now;
  }

  /** Starts a phase (at `startTime`, default now); the previous one must have ended. */
  start(phaseType: BuildPhaseType, startTime = this.now()): void {
    this.list.push({ phaseType, startTime, contexts: [] });
    this.publish();
  }

  /** Ends the running phase. */
  end(status: Exclude<BuildStatus, 'IN_PROGRESS'>, contexts: readonly PhaseContext[] = []): void {
    const phase = this.list.at(-1);
    if (!phase || phase.phaseStatus !== undefined) throw new Error('PhaseRecorder.end: no phase is running');
    const endTime = this.now();
    Object.assign(phase, { phaseStatus: status, endTime, durationInSeconds: durationInSeconds(phase.startTime, endTime) });
    phase.contexts.push(...contexts);
    this.publish();
  }

  /** A phase the caller lived through (SUBMITTED, QUEUED), from `startTime` to `endTime` (default now). */
  record(phaseType: BuildPhaseType, startTime: number, status: 'SUCCEEDED', endTime = this.now()): void {
    this.list.push({ phaseType, startTime, endTime, phaseStatus: status, durationInSeconds: durationInSeconds(startTime, endTime), contexts: [] });
    this.publish();
  }

  phases(): BuildPhase[] {
    return this.list.map((p) => ({ ...p, contexts: [...p.contexts] }));
  }

  private publish(): void {
    this.observer.phases(this.phases());
  }
}
