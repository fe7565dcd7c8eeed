/**
 * Enable/DisableStageTransition. A disabled inbound transition keeps executions waiting in front
 * of the stage; a disabled outbound transition keeps them from leaving for the next stage. On
 * enable, waiting executions enter as the execution mode allows.
 */
import { SluiceError } from '../../model/errors.ts';
import { currentDeclaration, pipelineOf, stageIndexOf, stageRuntime, type Tx } from '../context.ts';
import type { EngineEvent } from '../events.ts';
import { admitWaiters } from '../stage-flow.ts';
import type { TransitionState } from '../state.ts';

type TransitionEvent = Extract<EngineEvent, { type: 'SetStageTransition' }>;

export function setStageTransition(tx: Tx, event: TransitionEvent): Record<string, never> {
  const declaration = currentDeclaration(tx);
  const index = stageIndexOf(declaration, event.stageName);
  if (index < 0) {
    throw new SluiceError('StageNotFoundException', `Stage ${event.stageName} not found in pipeline ${pipelineOf(tx).name}`);
  }
  // The first stage has no inbound transition: executions start in it (AWS shows none for it).
  if (index === 0 && event.transitionType === 'Inbound' && !event.enabled) {
    throw new SluiceError('ValidationException', `Stage ${event.stageName} is the first stage of pipeline ${pipelineOf(tx).name} and has no inbound transition to disable`);
  }
  const state: TransitionState = {
    enabled: event.enabled,
    lastChangedAt: tx.now,
    ...(event.by !== undefined && { lastChangedBy: event.by }),
    ...(!event.enabled && event.reason !== undefined && { disabledReason: event.reason }),
  };
  const runtime = stageRuntime(tx, event.stageName);
  if (event.transitionType === 'Inbound') runtime.inbound = state;
  else runtime.outbound = state;
  if (event.enabled) {
    const gated = event.transitionType === 'Inbound' ? declaration.stages[index] : declaration.stages[index + 1];
    if (gated) admitWaiters(tx, gated.name);
  }
  return {};
}
