/**
 * `#/pipelines/<name>`: the pipeline's stages and actions as they run. Live events about this
 * pipeline refetch the view (debounced), so an action's change shows within a fraction of a second;
 * status changes are also announced to screen readers.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { codepipeline } from '../api/client.ts';
import { pipelineOf, useLiveRefresh } from '../api/live.ts';
import { ErrorNote } from '../components/error-note.tsx';
import { announce } from '../lib/announce.ts';
import { hrefOf } from '../lib/router.ts';
import { useNow } from '../lib/time.ts';
import { useAsync } from '../lib/use-async.ts';
import {
  ApprovalDialog, DisableTransitionDialog, ReleaseDialog, RetryDialog, RollbackDialog, StopDialog,
} from '../pipeline/dialogs.tsx';
import { applyEvent } from '../pipeline/apply-event.ts';
import { loadPipelineView, type PipelineView } from '../pipeline/load.ts';
import { StageCard, type StageOperation } from '../pipeline/stage-card.tsx';

type Open = StageOperation | { kind: 'release' } | { kind: 'stop' } | undefined;

/** `Stage/Action: Status` for every action, to announce what changed between two loads. */
function statusLines(view: PipelineView): Map<string, string> {
  const lines = new Map<string, string>();
  for (const stage of view.state.stageStates ?? []) {
    for (const action of stage.actionStates ?? []) {
      const status = action.latestExecution?.status;
      if (status) lines.set(`${stage.stageName ?? ''} ${action.actionName ?? ''}`, status);
    }
  }
  return lines;
}

function useAnnouncedChanges(view: PipelineView | undefined): void {
  const previous = useRef<Map<string, string> | undefined>(undefined);
  useEffect(() => {
    if (!view) return;
    const next = statusLines(view);
    if (previous.current) {
      const changed = [...next].filter(([key, status]) => previous.current?.get(key) !== status);
      if (changed.length > 0) announce(changed.map(([key, status]) => `${key}: ${status}`).join('. '));
    }
    previous.current = next;
  }, [view]);
}

export function PipelinePage({ name }: { name: string }) {
  const view = useAsync(() => loadPipelineView(name), [name]);
  const [open, setOpen] = useState<Open>();
  const [error, setError] = useState<unknown>();
  const now = useNow(1000);
  useLiveRefresh((event) => pipelineOf(event) === name, view.reload,
    (event) => view.mutate((v) => ({ ...v, state: applyEvent(v.state, event) })));
  useAnnouncedChanges(view.data);

  const data = view.data;
  const declaration = data?.declaration.pipeline;
  const states = new Map((data?.state.stageStates ?? []).map((s) => [s.stageName, s]));
  // A Stopping execution can still be stopped again with abandon.
  const stoppable = (data?.recent ?? []).filter((e) => e.status === 'InProgress' || e.status === 'Stopping');
  const close = () => setOpen(undefined);
  const common = { pipelineName: name, onClose: close, onDone: view.reload };

  const operate = (operation: StageOperation) => {
    if (operation.kind !== 'enable') { setOpen(operation); return; }
    setError(undefined);
    codepipeline('EnableStageTransition', { pipelineName: name, stageName: operation.stageName, transitionType: 'Inbound' })
      .then(view.reload, setError);
  };

  return (
    <main class="page">
      <nav class="crumbs" aria-label="Breadcrumb"><a href={hrefOf({ page: 'pipelines' })}>Pipelines</a> / <span>{name}</span></nav>
      <div class="page-head">
        <h1>{name}</h1>
        {declaration && <span class="muted">{declaration.pipelineType ?? 'V1'} · {declaration.executionMode ?? 'SUPERSEDED'} · version {declaration.version}</span>}
        <span class="spacer" />
        <a class="button" href={hrefOf({ page: 'executions', name })}>Execution history</a>
        <a class="button" href={hrefOf({ page: 'edit', name })}>Edit</a>
        <button type="button" disabled={stoppable.length === 0} onClick={() => setOpen({ kind: 'stop' })}>Stop execution</button>
        <button type="button" class="primary" onClick={() => setOpen({ kind: 'release' })}>Release change</button>
      </div>
      <ErrorNote error={view.error ?? error} />
      {!data && view.loading && <p aria-busy="true">Loading…</p>}
      {declaration && (
        <div class="stages">
          {(declaration.stages ?? []).map((stage, i) => (
            <StageCard key={stage.name} stage={stage} state={states.get(stage.name)} first={i === 0} runs={data?.actionRuns ?? new Map()}
              now={now} canRollback={declaration.pipelineType === 'V2'} onOperation={operate} />
          ))}
        </div>
      )}
      {open?.kind === 'release' && <ReleaseDialog {...common} declaration={declaration} />}
      {open?.kind === 'stop' && <StopDialog {...common} executions={stoppable} />}
      {open?.kind === 'retry' && <RetryDialog {...common} stageName={open.stageName} executionId={open.executionId} />}
      {open?.kind === 'rollback' && <RollbackDialog {...common} stageName={open.stageName} executions={data?.recent ?? []} />}
      {open?.kind === 'review' && <ApprovalDialog {...common} stageName={open.stageName} action={open.action} token={open.token} />}
      {open?.kind === 'disable' && <DisableTransitionDialog {...common} stageName={open.stageName} />}
    </main>
  );
}
