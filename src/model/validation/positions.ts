/**
 * Where an action runs in the pipeline's order, for checks of the form "X must come from an
 * action that runs strictly earlier" (input artifacts, `#{ns.var}` references).
 */
import type { ActionDeclaration } from '../pipeline.ts';
import type { CheckedAction } from './parse-action.ts';
import type { CheckedPipeline, CheckedStage } from './parse-pipeline.ts';

export interface ActionPosition {
  stageIndex: number;
  stageName: string;
  actionName: string;
  runOrder: number;
}

export function positionOf(stageIndex: number, stage: CheckedStage, action: ActionDeclaration): ActionPosition {
  return { stageIndex, stageName: stage.decl.name, actionName: action.name, runOrder: action.runOrder ?? 1 };
}

/**
 * True when `producer` finishes before `consumer` starts: an earlier stage, or the same stage with
 * a strictly lower runOrder (equal runOrder means the two run in parallel).
 */
export function runsBefore(producer: ActionPosition, consumer: ActionPosition): boolean {
  if (producer.stageIndex !== consumer.stageIndex) return producer.stageIndex < consumer.stageIndex;
  return producer.runOrder < consumer.runOrder;
}

/** `action 'Build' in stage 'Build'`, the way messages name an action. */
export function describeAction(p: ActionPosition): string {
  return `action '${p.actionName}' in stage '${p.stageName}'`;
}

export interface ActionVisit {
  stage: CheckedStage;
  stageIndex: number;
  action: CheckedAction;
  position: ActionPosition;
}

/** Every action of the pipeline in declaration order, with its position. */
export function allActions(pipeline: CheckedPipeline): ActionVisit[] {
  return pipeline.stages.flatMap((stage, stageIndex) => stage.actions.map((action) => ({
    stage, stageIndex, action, position: positionOf(stageIndex, stage, action.decl),
  })));
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
