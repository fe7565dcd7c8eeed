/**
 * PutApprovalResult for Manual approval actions. The token identifies one attempt of the action;
 * a token of another attempt is invalid, a decided one is already completed.
 */
import { SluiceError } from '../../model/errors.ts';
import { endAction } from '../actions.ts';
import { currentDeclaration, pipelineOf, stageDeclarationOf, type Tx } from '../context.ts';
import type { EngineEvent } from '../events.ts';
import { settleStage } from '../stage-flow.ts';
import type { ActionExecutionState } from '../state.ts';
import { own } from '../../model/records.ts';

type ApprovalEvent = Extract<EngineEvent, { type: 'PutApprovalResult' }>;

/** Approved (Succeeded) or Rejected (Failed, but not by its timeout). */
function wasAnswered(action: ActionExecutionState): boolean {
  return action.status === 'Succeeded' || (action.status === 'Failed' && action.errorDetails?.code !== 'TimedOut');
}

export function putApprovalResult(tx: Tx, event: ApprovalEvent): { approvedAt: number } {
  const pipeline = pipelineOf(tx);
  const stageDeclaration = stageDeclarationOf(currentDeclaration(tx), event.stageName);
  if (!stageDeclaration) {
    throw new SluiceError('StageNotFoundException', `Stage ${event.stageName} not found in pipeline ${pipeline.name}`);
  }
  if (!stageDeclaration.actions.some((a) => a.name === event.actionName)) {
    throw new SluiceError('ActionNotFoundException', `Action ${event.actionName} not found in stage ${event.stageName} of pipeline ${pipeline.name}`);
  }
  for (const execution of Object.values(tx.state.executions)) {
    const stage = own(execution.stages, event.stageName);
    const action = stage && own(stage.actions, event.actionName);
    if (!stage || !action || action.token !== event.token) continue;
    if (action.status !== 'InProgress') {
      // Only an answer completes an approval: the token of one that timed out or was abandoned
      // (stop, UpdatePipeline) is merely no longer valid (spec §4.5: expired → InvalidApprovalToken).
      if (!wasAnswered(action)) break;
      throw new SluiceError('ApprovalAlreadyCompletedException', `The approval of action ${event.actionName} was already ${action.status === 'Succeeded' ? 'approved' : 'completed'}`);
    }
    if (action.expiresAt !== undefined && tx.now >= action.expiresAt) break;
    const outcome = { summary: event.summary, ...(event.by !== undefined && { updatedBy: event.by }) };
    if (event.status === 'Approved') endAction(tx, execution, action, 'Succeeded', outcome);
    else endAction(tx, execution, action, 'Failed', { ...outcome, errorDetails: { code: 'JobFailed', message: `Rejected: ${event.summary}` } });
    settleStage(tx, execution, stage);
    return { approvedAt: tx.now };
  }
  throw new SluiceError('InvalidApprovalTokenException',
    `The approval token is not valid for action ${event.actionName} in stage ${event.stageName}; it may belong to an earlier attempt or have expired`);
}
