/**
 * The pipeline page's operations, one dialog each, each calling the API operation the CLI would:
 * StartPipelineExecution, StopPipelineExecution, RetryStageExecution, RollbackStage,
 * PutApprovalResult, DisableStageTransition / EnableStageTransition.
 */
import { codepipeline } from '../api/client.ts';
import type { ActionDeclaration, PipelineDeclaration, PipelineExecutionSummary } from '../api/wire.ts';
import { FormDialog } from '../components/form-dialog.tsx';
import { Revision } from '../components/revision.tsx';
import { formatTime } from '../lib/time.ts';

interface Common {
  pipelineName: string;
  onClose: () => void;
  onDone: () => void;
}

const text = (form: FormData, name: string): string => (form.get(name) as string | null) ?? '';

export function ReleaseDialog({ pipelineName, declaration, onClose, onDone }: Common & { declaration: PipelineDeclaration | undefined }) {
  const variables = declaration?.variables ?? [];
  return (
    <FormDialog title={`Release change: ${pipelineName}`} actions={[{ label: 'Release', kind: 'primary' }]} onClose={onClose} onDone={onDone}
      onSubmit={async (form) => {
        const values = variables.flatMap((v) => {
          const value = text(form, `var:${v.name ?? ''}`);
          return value === '' ? [] : [{ name: v.name, value }];
        });
        await codepipeline('StartPipelineExecution', { name: pipelineName, clientRequestToken: crypto.randomUUID(), ...(values.length > 0 && { variables: values }) });
      }}>
      <p>Runs the pipeline with the latest revision of each source.</p>
      {variables.length > 0 && (
        <fieldset>
          <legend>Pipeline variables</legend>
          {variables.map((v) => (
            <label key={v.name}>{v.name}
              <input name={`var:${v.name ?? ''}`} placeholder={v.defaultValue ?? ''} />
              {v.description && <small>{v.description}</small>}
            </label>
          ))}
        </fieldset>
      )}
    </FormDialog>
  );
}

export function StopDialog({ pipelineName, executions, onClose, onDone }: Common & { executions: PipelineExecutionSummary[] }) {
  return (
    <FormDialog title="Stop execution" onClose={onClose} onDone={onDone}
      actions={[{ label: 'Stop and wait', value: 'wait', kind: 'primary' }, { label: 'Stop and abandon', value: 'abandon', kind: 'danger' }]}
      onSubmit={async (form, submitter) => {
        const reason = text(form, 'reason');
        await codepipeline('StopPipelineExecution', {
          pipelineName, pipelineExecutionId: text(form, 'execution'), abandon: submitter === 'abandon', ...(reason && { reason }),
        });
      }}>
      <label>Execution
        <select name="execution" required>
          {executions.map((e) => <option key={e.pipelineExecutionId} value={e.pipelineExecutionId}>{e.pipelineExecutionId} ({e.status}, {formatTime(e.startTime)})</option>)}
        </select>
      </label>
      <label>Reason<textarea name="reason" maxLength={200} rows={2} /></label>
      <p class="muted">Stop and wait lets running actions finish; stop and abandon abandons them.</p>
    </FormDialog>
  );
}

export function RetryDialog({ pipelineName, stageName, executionId, onClose, onDone }: Common & { stageName: string; executionId: string }) {
  return (
    <FormDialog title={`Retry stage ${stageName}`} actions={[{ label: 'Retry', kind: 'primary' }]} onClose={onClose} onDone={onDone}
      onSubmit={async (form) => {
        await codepipeline('RetryStageExecution', { pipelineName, stageName, pipelineExecutionId: executionId, retryMode: text(form, 'mode') });
      }}>
      <fieldset>
        <legend>Retry</legend>
        <label class="inline"><input type="radio" name="mode" value="FAILED_ACTIONS" defaultChecked /> Failed actions</label>
        <label class="inline"><input type="radio" name="mode" value="ALL_ACTIONS" /> All actions</label>
      </fieldset>
    </FormDialog>
  );
}

export function RollbackDialog({ pipelineName, stageName, executions, onClose, onDone }: Common & { stageName: string; executions: PipelineExecutionSummary[] }) {
  const targets = executions.filter((e) => e.status === 'Succeeded');
  return (
    <FormDialog title={`Roll back stage ${stageName}`} actions={targets.length > 0 ? [{ label: 'Roll back', kind: 'danger' }] : []} onClose={onClose} onDone={onDone}
      onSubmit={async (form) => {
        await codepipeline('RollbackStage', { pipelineName, stageName, targetPipelineExecutionId: text(form, 'target') });
      }}>
      {targets.length === 0 ? <p>No previous successful execution to roll back to.</p> : (
        <fieldset>
          <legend>Roll back to</legend>
          {targets.map((e, i) => (
            <label key={e.pipelineExecutionId} class="inline">
              <input type="radio" name="target" value={e.pipelineExecutionId} defaultChecked={i === 0} />
              {' '}{formatTime(e.startTime)} <Revision revision={e.sourceRevisions?.[0]} />
            </label>
          ))}
        </fieldset>
      )}
    </FormDialog>
  );
}

export function ApprovalDialog({ pipelineName, stageName, action, token, onClose, onDone }: Common & { stageName: string; action: ActionDeclaration; token: string }) {
  const customData = action.configuration?.CustomData;
  const link = action.configuration?.ExternalEntityLink;
  return (
    <FormDialog title={`Approval: ${stageName} / ${action.name ?? ''}`} onClose={onClose} onDone={onDone}
      actions={[{ label: 'Approve', value: 'Approved', kind: 'primary' }, { label: 'Reject', value: 'Rejected', kind: 'danger' }]}
      onSubmit={async (form, status) => {
        await codepipeline('PutApprovalResult', {
          pipelineName, stageName, actionName: action.name, token, result: { status, summary: text(form, 'summary') },
        });
      }}>
      {customData && <p class="custom-data">{customData}</p>}
      {link && <p><a href={link} target="_blank" rel="noreferrer">Review the change</a></p>}
      <label>Comment<textarea name="summary" maxLength={512} rows={3} /></label>
    </FormDialog>
  );
}

export function DisableTransitionDialog({ pipelineName, stageName, onClose, onDone }: Common & { stageName: string }) {
  return (
    <FormDialog title={`Disable transition into ${stageName}`} actions={[{ label: 'Disable', kind: 'danger' }]} onClose={onClose} onDone={onDone}
      onSubmit={async (form) => {
        await codepipeline('DisableStageTransition', { pipelineName, stageName, transitionType: 'Inbound', reason: text(form, 'reason') });
      }}>
      <label>Reason<textarea name="reason" required maxLength={300} rows={2} /></label>
    </FormDialog>
  );
}
