/**
 * Phase lists of builds the store ends by itself (stopped while queued, queued too long, worker
 * lost too often): the open phases end with the build's status and a COMPLETED phase follows,
 * as the runner ends a build. Pure; times come in as `now`.
 */
import type { BuildPhase, BuildStatus, PhaseContext } from '../../runner/build/contract.ts';

/** The phases of a build just submitted: SUBMITTED (done at once) and QUEUED (open). */
export function submittedPhases(now: number): BuildPhase[] {
  return [
    { phaseType: 'SUBMITTED', phaseStatus: 'SUCCEEDED', startTime: now, endTime: now, durationInSeconds: 0, contexts: [] },
    { phaseType: 'QUEUED', startTime: now, contexts: [] },
  ];
}

function endPhase(phase: BuildPhase, status: BuildStatus, now: number, context?: PhaseContext): BuildPhase {
  return {
    ...phase, phaseStatus: status, endTime: now,
    durationInSeconds: Math.max(0, Math.round((now - phase.startTime) / 1000)),
    contexts: context ? [...phase.contexts, context] : phase.contexts,
  };
}

/** Ends every open phase with `status` (the last one carries `context`) and appends COMPLETED. */
export function endPhases(phases: readonly BuildPhase[], status: BuildStatus, now: number, context?: PhaseContext): BuildPhase[] {
  const open = phases.filter((p) => p.phaseStatus === undefined && p.phaseType !== 'COMPLETED');
  const last = open.at(-1);
  const ended = phases.filter((p) => p.phaseType !== 'COMPLETED')
    .map((p) => (p.phaseStatus !== undefined ? p : endPhase(p, status, now, p === last ? context : undefined)));
  return [...ended, { phaseType: 'COMPLETED', startTime: now, contexts: [] }];
}

/** A lost build queued again: SUBMITTED kept, QUEUED reopened, later phases dropped. */
export function requeuedPhases(phases: readonly BuildPhase[], now: number): BuildPhase[] {
  const submitted = phases.find((p) => p.phaseType === 'SUBMITTED');
  return [...(submitted ? [submitted] : []), { phaseType: 'QUEUED', startTime: now, contexts: [] }];
}

/** The current phase: the last one in the list. */
export function currentPhaseOf(phases: readonly BuildPhase[]): string {
  return phases.at(-1)?.phaseType ?? 'SUBMITTED';
}

/** A claimed build: QUEUED ends SUCCEEDED; the worker records the phases that follow. */
export function claimedPhases(phases: readonly BuildPhase[], now: number): BuildPhase[] {
  return phases.map((p) => (p.phaseType === 'QUEUED' && p.phaseStatus === undefined ? endPhase(p, 'SUCCEEDED', now) : p));
}
