/**
 * One action in the pipeline view: status, provider, duration of its latest run, a link to its
 * details (the build page for CodeBuild, else the external URL), and for an approval waiting on
 * someone, the button that opens the approve/reject dialog.
 */
import type { ActionDeclaration, ActionExecutionDetail, ActionState } from '../api/wire.ts';
import { StatusBadge } from '../components/status.tsx';
import { hrefOf } from '../lib/router.ts';
import { formatDuration, spanMs } from '../lib/time.ts';

export interface ActionCardProps {
  action: ActionDeclaration;
  state: ActionState | undefined;
  run: ActionExecutionDetail | undefined;
  now: number;
  onReview: (token: string) => void;
}

function detailsLink(action: ActionDeclaration, state: ActionState | undefined) {
  const latest = state?.latestExecution;
  if (action.actionTypeId?.provider === 'CodeBuild' && latest?.externalExecutionId) {
    return <a href={hrefOf({ page: 'build', id: latest.externalExecutionId })}>Build logs</a>;
  }
  const url = latest?.externalExecutionUrl ?? state?.entityUrl;
  return url ? <a href={url} target="_blank" rel="noreferrer">Details</a> : null;
}

export function ActionCard({ action, state, run, now, onReview }: ActionCardProps) {
  const latest = state?.latestExecution;
  const status = latest?.status;
  const running = status === 'InProgress';
  const duration = run ? spanMs(run.startTime, running ? undefined : run.lastUpdateTime, now) : undefined;
  const type = action.actionTypeId;
  const waitingApproval = type?.category === 'Approval' && running && latest?.token;
  return (
    <li class={`action ${status ? `is-${status.toLowerCase()}` : ''}`} data-action={action.name}>
      <div class="action-head">
        <span class="action-name">{action.name}</span>
        <StatusBadge status={status} />
      </div>
      <div class="muted">{type?.provider}{duration !== undefined && ` · ${formatDuration(duration)}`}</div>
      {latest?.summary && <div class="action-summary">{latest.summary}</div>}
      {latest?.errorDetails?.message && <div class="action-error">{latest.errorDetails.message}</div>}
      <div class="action-links">
        {detailsLink(action, state)}
        {waitingApproval && <button type="button" class="primary small" onClick={() => onReview(latest.token ?? '')}>Review</button>}
      </div>
    </li>
  );
}
