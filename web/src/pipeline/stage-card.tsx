/**
 * One stage: its inbound transition (enable / disable with a reason), its actions in runOrder
 * groups (actions of one group run in parallel, so they sit side by side), and the stage
 * operations that apply to its latest execution: retry when it failed, roll back.
 */
import type { ActionDeclaration, ActionExecutionDetail, StageDeclaration, StageState } from '../api/wire.ts';
import { StatusBadge } from '../components/status.tsx';
import { ActionCard } from './action-card.tsx';
import { actionKey } from './load.ts';

export type StageOperation =
  | { kind: 'retry'; stageName: string; executionId: string }
  | { kind: 'rollback'; stageName: string }
  | { kind: 'disable'; stageName: string }
  | { kind: 'enable'; stageName: string }
  | { kind: 'review'; stageName: string; action: ActionDeclaration; token: string };

export interface StageCardProps {
  stage: StageDeclaration;
  state: StageState | undefined;
  first: boolean;
  runs: Map<string, ActionExecutionDetail>;
  now: number;
  canRollback: boolean;
  onOperation: (operation: StageOperation) => void;
}

/** Actions grouped by runOrder (default 1), groups in order. */
export function runOrderGroups(actions: readonly ActionDeclaration[]): ActionDeclaration[][] {
  const groups = new Map<number, ActionDeclaration[]>();
  for (const action of actions) {
    const order = action.runOrder ?? 1;
    groups.set(order, [...(groups.get(order) ?? []), action]);
  }
  return [...groups.entries()].sort(([a], [b]) => a - b).map(([, group]) => group);
}

function Transition({ stageName, state, onOperation }: { stageName: string; state: StageState | undefined; onOperation: (o: StageOperation) => void }) {
  const transition = state?.inboundTransitionState;
  const enabled = transition?.enabled !== false;
  return (
    <div class={`transition ${enabled ? '' : 'is-disabled'}`}>
      <span aria-hidden="true" class="arrow">↓</span>
      {enabled
        ? <button type="button" class="ghost small" onClick={() => onOperation({ kind: 'disable', stageName })}>Disable transition</button>
        : (
          <>
            <span>Transition disabled{transition?.disabledReason ? `: ${transition.disabledReason}` : ''}</span>
            <button type="button" class="small" onClick={() => onOperation({ kind: 'enable', stageName })}>Enable transition</button>
          </>
        )}
    </div>
  );
}

export function StageCard({ stage, state, first, runs, now, canRollback, onOperation }: StageCardProps) {
  const stageName = stage.name ?? '';
  const latest = state?.latestExecution;
  const byName = new Map((state?.actionStates ?? []).map((a) => [a.actionName, a]));
  return (
    <>
      {!first && <Transition stageName={stageName} state={state} onOperation={onOperation} />}
      <section class="stage" data-stage={stageName} aria-labelledby={`stage-${stageName}`}>
        <div class="stage-head">
          <h2 id={`stage-${stageName}`}>{stageName}</h2>
          <StatusBadge status={latest?.status} />
          <span class="spacer" />
          {latest?.status === 'Failed' && latest.pipelineExecutionId && (
            <button type="button" class="small" onClick={() => onOperation({ kind: 'retry', stageName, executionId: latest.pipelineExecutionId ?? '' })}>Retry stage</button>
          )}
          {canRollback && !first && <button type="button" class="ghost small" onClick={() => onOperation({ kind: 'rollback', stageName })}>Roll back</button>}
        </div>
        {runOrderGroups(stage.actions ?? []).map((group, i) => (
          <ul key={i} class="run-group" aria-label={`Run order ${group[0]?.runOrder ?? 1}`}>
            {group.map((action) => (
              <ActionCard key={action.name} action={action} state={byName.get(action.name)} run={runs.get(actionKey(stageName, action.name))} now={now}
                onReview={(token) => onOperation({ kind: 'review', stageName, action, token })} />
            ))}
          </ul>
        ))}
      </section>
    </>
  );
}
