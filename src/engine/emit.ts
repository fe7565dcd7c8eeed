/**
 * Builds CodePipeline state-change events and queues them as `Emit` commands, in the order the
 * state changes happen (pipeline STARTED → stage STARTED → action STARTED/SUCCEEDED → …).
 */
import { eventTime } from '../model/events/envelope.ts';
import { pipelineArn, type Tx } from './context.ts';
import {
  PipelineEventDetailType, type EventArtifact, type PipelineEventDetail, type PipelineEventState,
} from './pipeline-events.ts';
import type { ActionExecutionState, ArtifactRef, ExecutionState } from './state.ts';

function emit(tx: Tx, detailType: PipelineEventDetailType, detail: PipelineEventDetail): void {
  tx.commands.push({
    type: 'Emit',
    event: {
      version: '0',
      id: tx.ids.uuid(),
      'detail-type': detailType,
      source: 'aws.codepipeline',
      account: tx.accountId,
      time: eventTime(tx.now),
      region: tx.region,
      resources: [pipelineArn(tx)],
      detail,
    },
  });
}

function baseDetail(execution: ExecutionState, state: PipelineEventState): PipelineEventDetail {
  return {
    pipeline: execution.pipelineName,
    'execution-id': execution.pipelineExecutionId,
    state,
    version: execution.pipelineVersion,
  };
}

export function emitExecution(tx: Tx, execution: ExecutionState, state: PipelineEventState): void {
  const detail = baseDetail(execution, state);
  if (state === 'STARTED') {
    detail['execution-trigger'] = {
      'trigger-type': execution.trigger.triggerType,
      ...(execution.trigger.triggerDetail !== undefined && { 'trigger-detail': execution.trigger.triggerDetail }),
    };
  }
  if (state === 'STOPPING' && execution.stopTrigger?.reason !== undefined) {
    detail['stop-execution-comments'] = execution.stopTrigger.reason;
  }
  emit(tx, PipelineEventDetailType.Pipeline, detail);
}

export function emitStage(tx: Tx, execution: ExecutionState, stageName: string, state: PipelineEventState): void {
  emit(tx, PipelineEventDetailType.Stage, { ...baseDetail(execution, state), stage: stageName });
}

function eventArtifacts(refs: ArtifactRef[]): EventArtifact[] {
  return refs.map((r) => ({ name: r.name, s3location: { bucket: r.bucket, key: r.key } }));
}

export function emitAction(tx: Tx, execution: ExecutionState, action: ActionExecutionState, state: PipelineEventState): void {
  const detail: PipelineEventDetail = {
    ...baseDetail(execution, state),
    stage: action.stageName,
    action: action.actionName,
    region: action.region ?? tx.region,
    type: action.actionTypeId,
  };
  if (state === 'STARTED') detail['input-artifacts'] = eventArtifacts(action.inputArtifacts);
  if (state === 'SUCCEEDED' || state === 'FAILED') {
    if (state === 'SUCCEEDED') detail['output-artifacts'] = eventArtifacts(action.outputArtifacts);
    detail['execution-result'] = {
      ...(action.externalExecutionUrl !== undefined && { 'external-execution-url': action.externalExecutionUrl }),
      ...(action.summary !== undefined && { 'external-execution-summary': action.summary }),
      ...(action.externalExecutionId !== undefined && { 'external-execution-id': action.externalExecutionId }),
      ...(action.errorDetails !== undefined && { 'error-code': action.errorDetails.code }),
    };
  }
  emit(tx, PipelineEventDetailType.Action, detail);
}
