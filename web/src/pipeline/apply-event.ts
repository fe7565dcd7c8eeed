/**
 * A live event applied to the pipeline state on screen, before the refetch that follows it lands:
 * the change shows as soon as its event arrives. Only statuses change here; the refetch brings
 * everything else (summaries, tokens, durations). Events may arrive out of order, so an event for
 * an execution other than the one a stage shows only counts when it starts that stage or action.
 */
import type { BusEvent } from '../api/bus-event.ts';
import type { ActionExecutionStatus, GetPipelineStateOutput, StageExecutionStatus, StageState } from '../api/wire.ts';

// Event states (EventBridge spelling) → the API's status words.
const ACTION_STATUS: Record<string, ActionExecutionStatus> = {
  STARTED: 'InProgress', SUCCEEDED: 'Succeeded', FAILED: 'Failed', ABANDONED: 'Abandoned', CANCELED: 'Abandoned',
};
const STAGE_STATUS: Record<string, StageExecutionStatus> = {
  STARTED: 'InProgress', RESUMED: 'InProgress', SUCCEEDED: 'Succeeded', FAILED: 'Failed', CANCELED: 'Cancelled',
  STOPPING: 'Stopping', STOPPED: 'Stopped',
};

interface Detail { stage?: string; action?: string; state?: string; 'execution-id'?: string }

function applyToStage(stage: StageState, detail: Detail, kind: 'Stage' | 'Action'): StageState {
  const executionId = detail['execution-id'];
  const current = stage.latestExecution?.pipelineExecutionId;
  const starts = detail.state === 'STARTED';
  if (current !== undefined && current !== executionId && !starts) return stage;
  if (kind === 'Stage') {
    const status = STAGE_STATUS[detail.state ?? ''];
    return status ? { ...stage, latestExecution: { ...stage.latestExecution, pipelineExecutionId: executionId, status } } : stage;
  }
  const status = ACTION_STATUS[detail.state ?? ''];
  if (!status) return stage;
  return {
    ...stage,
    actionStates: (stage.actionStates ?? []).map((a) => (a.actionName === detail.action
      ? { ...a, latestExecution: { ...a.latestExecution, status } }
      : a)),
  };
}

export function applyEvent(state: GetPipelineStateOutput, event: BusEvent): GetPipelineStateOutput {
  const kind = /^CodePipeline (Stage|Action) Execution State Change$/.exec(event['detail-type'])?.[1] as 'Stage' | 'Action' | undefined;
  const detail = event.detail as Detail;
  if (!kind || detail.stage === undefined) return state;
  return {
    ...state,
    stageStates: (state.stageStates ?? []).map((s) => (s.stageName === detail.stage ? applyToStage(s, detail, kind) : s)),
  };
}
