/**
 * The `additionalAttributes` of FULL notification messages: for a failed pipeline execution,
 * which stage failed and its failed actions with their error messages (from the execution's state).
 */
import type { BusEvent } from '../model/events/envelope.ts';
import type { ExecutionQueries } from '../store/ports.ts';

const PIPELINE_FAILED = 'CodePipeline Pipeline Execution State Change';

export async function additionalAttributes(event: BusEvent, executions: Pick<ExecutionQueries, 'get'>): Promise<object> {
  const detail = event.detail as { pipeline?: unknown; 'execution-id'?: unknown; state?: unknown };
  if (event['detail-type'] !== PIPELINE_FAILED || detail.state !== 'FAILED') return {};
  if (typeof detail.pipeline !== 'string' || typeof detail['execution-id'] !== 'string') return {};
  const execution = await executions.get(detail.pipeline, detail['execution-id']);
  const stage = Object.values(execution?.stages ?? {}).find((s) => s.status === 'Failed');
  if (!stage) return {};
  const failedActions = Object.entries(stage.actions).filter(([, action]) => action.status === 'Failed')
    .map(([action, state]) => ({ action, additionalInformation: state.errorDetails?.message ?? state.summary ?? '' }));
  return { failedStage: stage.stageName, failedActionCount: failedActions.length, failedActions };
}
