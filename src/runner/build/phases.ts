/**
 * The build phase transition rules of the buildspec reference (§4), as pure functions: which
 * phase runs next given how the earlier ones ended, and the build's overall status. The runner
 * asks `shouldRunPhase` before each phase; nothing here does I/O or reads a clock.
 *
 * | failed phase                  | what still runs                                     |
 * |-------------------------------|-----------------------------------------------------|
 * | DOWNLOAD_SOURCE               | nothing from the buildspec → FINALIZING             |
 * | INSTALL, PRE_BUILD            | later buildspec phases and UPLOAD_ARTIFACTS skipped |
 * | BUILD                         | POST_BUILD still runs, UPLOAD_ARTIFACTS attempted   |
 * | POST_BUILD                    | UPLOAD_ARTIFACTS attempted                          |
 *
 * `on-failure: CONTINUE` on a phase makes its failure skip nothing (the build still fails).
 * A stopped or timed-out phase ends the build: only FINALIZING and COMPLETED follow.
 */
import type { BuildOutcome, BuildPhaseType, BuildStatus } from './contract.ts';


/** How a phase the runner ran ended. */
export interface PhaseEnd {
  phase: BuildPhaseType;
  status: Exclude<BuildStatus, 'IN_PROGRESS'>;
  /** The buildspec phase said `on-failure: CONTINUE`. */
  continueOnFailure?: boolean;
}

/** The phases the runner itself runs, in order. */
export const RUNNER_PHASES = [
  'DOWNLOAD_SOURCE', 'INSTALL', 'PRE_BUILD', 'BUILD', 'POST_BUILD', 'UPLOAD_ARTIFACTS',
] as const satisfies readonly BuildPhaseType[];
export type RunnerPhase = (typeof RUNNER_PHASES)[number];

// Phases whose (aborting) failure skips everything after them, artifacts included.
const BLOCKING: readonly BuildPhaseType[] = ['DOWNLOAD_SOURCE', 'INSTALL', 'PRE_BUILD'];

/** What an ended phase means for the phases after it. */
function ended(end: PhaseEnd): 'stop' | 'block' | 'fail' | 'ok' {
  if (end.status === 'STOPPED' || end.status === 'TIMED_OUT') return 'stop';
  if (end.status === 'SUCCEEDED') return 'ok';
  if (end.phase === 'DOWNLOAD_SOURCE' || end.status === 'FAULT') return 'block';
  if (end.continueOnFailure) return 'fail';
  return BLOCKING.includes(end.phase) ? 'block' : 'fail';
}

/** Whether `phase` runs, given how the phases before it ended (in order). */
export function shouldRunPhase(phase: RunnerPhase, before: readonly PhaseEnd[]): boolean {
  // A failed BUILD or POST_BUILD blocks nothing: POST_BUILD and UPLOAD_ARTIFACTS still run.
  return before.every((end) => ended(end) === 'ok' || ended(end) === 'fail');
}

/** The build's status from how its phases ended. */
export function buildStatusOf(ends: readonly PhaseEnd[]): BuildOutcome['status'] {
  const last = ends.findLast((e) => e.status === 'STOPPED' || e.status === 'TIMED_OUT');
  if (last) return last.status;
  if (ends.some((e) => e.status === 'FAULT')) return 'FAULT';
  return ends.some((e) => e.status === 'FAILED') ? 'FAILED' : 'SUCCEEDED';
}

/** `durationInSeconds` as CodeBuild reports it: whole seconds, rounded. */
export function durationInSeconds(startTime: number, endTime: number): number {
  return Math.max(0, Math.round((endTime - startTime) / 1000));
}
