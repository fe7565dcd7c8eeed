/**
 * Execution planning: a stage's actions as ordered run-order groups. Actions with equal runOrder
 * form one group and run in parallel; groups run in ascending runOrder; gaps are allowed.
 */
import type { ActionDeclaration, StageDeclaration } from '../model/pipeline.ts';

export function runOrderGroups(stage: StageDeclaration): ActionDeclaration[][] {
  const byOrder = new Map<number, ActionDeclaration[]>();
  for (const action of stage.actions) {
    const order = action.runOrder ?? 1;
    const group = byOrder.get(order);
    if (group) group.push(action);
    else byOrder.set(order, [action]);
  }
  return [...byOrder.entries()].sort(([a], [b]) => a - b).map(([, actions]) => actions);
}
