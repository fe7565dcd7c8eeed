/**
 * Which statuses are final. The vocabularies themselves (spelled as AWS spells them) live in
 * vocabulary.ts; this module answers the questions the engine and the API ask about them.
 */
import type { ActionExecutionStatus, PipelineExecutionStatus, StageExecutionStatus } from './vocabulary.ts';

const TERMINAL_EXECUTION: ReadonlySet<PipelineExecutionStatus> =
  new Set(['Succeeded', 'Failed', 'Stopped', 'Superseded', 'Cancelled']);
const TERMINAL_STAGE: ReadonlySet<StageExecutionStatus> =
  new Set(['Succeeded', 'Failed', 'Stopped', 'Cancelled', 'Skipped']);

/** True when the execution will not change again unless a stage of it is retried. */
export function isTerminalExecution(status: PipelineExecutionStatus): boolean {
  return TERMINAL_EXECUTION.has(status);
}

export function isTerminalStage(status: StageExecutionStatus): boolean {
  return TERMINAL_STAGE.has(status);
}

export function isTerminalAction(status: ActionExecutionStatus): boolean {
  return status !== 'InProgress';
}

/** InProgress and Stopping executions are the ones the engine keeps moving. */
export function isActiveExecution(status: PipelineExecutionStatus): boolean {
  return status === 'InProgress' || status === 'Stopping';
}
