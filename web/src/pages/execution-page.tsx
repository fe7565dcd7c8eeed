/**
 * `#/pipelines/<name>/executions/<id>`: one execution: its status and trigger, a timeline of every
 * action attempt (ListActionExecutions, retries included), resolved variables, and the input and
 * output artifacts of each attempt with downloads through `/console/artifacts/`.
 */
import { Fragment } from 'preact';
import { codepipeline } from '../api/client.ts';
import { useLiveRefresh } from '../api/live.ts';
import type { ActionExecutionDetail, GetPipelineExecutionOutput, ListActionExecutionsOutput } from '../api/wire.ts';
import { ErrorNote } from '../components/error-note.tsx';
import { Revision } from '../components/revision.tsx';
import { StatusBadge } from '../components/status.tsx';
import { hrefOf } from '../lib/router.ts';
import { formatDuration, formatTime, spanMs, useNow } from '../lib/time.ts';
import { useAsync } from '../lib/use-async.ts';

async function loadExecution(name: string, id: string) {
  const [execution, actions] = await Promise.all([
    codepipeline<GetPipelineExecutionOutput>('GetPipelineExecution', { pipelineName: name, pipelineExecutionId: id }),
    codepipeline<ListActionExecutionsOutput>('ListActionExecutions', { pipelineName: name, filter: { pipelineExecutionId: id }, maxResults: 100 }),
  ]);
  const attempts = [...(actions.actionExecutionDetails ?? [])].sort((a, b) => (a.startTime ?? 0) - (b.startTime ?? 0));
  return { execution: execution.pipelineExecution, attempts };
}

type Artifact = { name?: string; s3location?: { bucket?: string; key?: string } };

function ArtifactLinks({ label, artifacts }: { label: string; artifacts: Artifact[] | undefined }) {
  if (!artifacts?.length) return null;
  return (
    <div><span class="muted">{label}: </span>
      {artifacts.map((a) => {
        const { bucket, key } = a.s3location ?? {};
        return bucket && key
          ? <a key={a.name} href={`/console/artifacts/${encodeURIComponent(bucket)}/${key.split('/').map(encodeURIComponent).join('/')}`} download>{a.name}</a>
          : <span key={a.name}>{a.name}</span>;
      }).reduce<unknown[]>((out, link, i) => (i === 0 ? [link] : [...out, ', ', link]), [])}
    </div>
  );
}

function Timeline({ attempts, now }: { attempts: ActionExecutionDetail[]; now: number }) {
  const start = Math.min(...attempts.map((a) => a.startTime ?? Infinity));
  const end = Math.max(...attempts.map((a) => (a.status === 'InProgress' ? now / 1000 : a.lastUpdateTime ?? start)));
  const total = Math.max(end - start, 0.001);
  return (
    <div class="timeline" role="list" aria-label="Timeline">
      {attempts.map((a) => {
        const from = ((a.startTime ?? start) - start) / total;
        const to = ((a.status === 'InProgress' ? now / 1000 : a.lastUpdateTime ?? start) - start) / total;
        return (
          <div class="timeline-row" role="listitem" key={a.actionExecutionId}>
            <span>{a.stageName} / {a.actionName}</span>
            <div class="timeline-track" title={`${a.status ?? ''} ${formatDuration(spanMs(a.startTime, a.lastUpdateTime, now))}`}>
              <div class={`timeline-bar is-${(a.status ?? '').toLowerCase()}`} style={{ left: `${from * 100}%`, width: `${Math.max(to - from, 0.005) * 100}%` }} />
            </div>
          </div>
        );
      })}
    </div>
  );
}

function Attempt({ attempt, now }: { attempt: ActionExecutionDetail; now: number }) {
  const result = attempt.output?.executionResult;
  const provider = attempt.input?.actionTypeId?.provider;
  return (
    <tr>
      <td>{attempt.stageName}</td>
      <td>{attempt.actionName}<div class="muted">{provider}</div></td>
      <td><StatusBadge status={attempt.status} />{result?.errorDetails?.message && <div class="action-error">{result.errorDetails.message}</div>}</td>
      <td>{formatTime(attempt.startTime)}<div class="muted">{formatDuration(spanMs(attempt.startTime, attempt.status === 'InProgress' ? undefined : attempt.lastUpdateTime, now))}</div></td>
      <td>
        <ArtifactLinks label="In" artifacts={attempt.input?.inputArtifacts} />
        <ArtifactLinks label="Out" artifacts={attempt.output?.outputArtifacts} />
      </td>
      <td>
        {provider === 'CodeBuild' && result?.externalExecutionId
          ? <a href={hrefOf({ page: 'build', id: result.externalExecutionId })}>Build logs</a>
          : result?.externalExecutionUrl && <a href={result.externalExecutionUrl} target="_blank" rel="noreferrer">Details</a>}
        {result?.externalExecutionSummary && <div class="muted">{result.externalExecutionSummary}</div>}
      </td>
    </tr>
  );
}

export function ExecutionPage({ name, id }: { name: string; id: string }) {
  const state = useAsync(() => loadExecution(name, id), [name, id]);
  const now = useNow(1000);
  useLiveRefresh((event) => event.detail['execution-id'] === id, state.reload);
  const execution = state.data?.execution;
  const attempts = state.data?.attempts ?? [];
  return (
    <main class="page">
      <nav class="crumbs" aria-label="Breadcrumb">
        <a href={hrefOf({ page: 'pipelines' })}>Pipelines</a> / <a href={hrefOf({ page: 'pipeline', name })}>{name}</a> / <a href={hrefOf({ page: 'executions', name })}>Executions</a> / <span>{id.slice(0, 8)}</span>
      </nav>
      <div class="page-head"><h1>Execution <code>{id}</code></h1><StatusBadge status={execution?.status} /></div>
      <ErrorNote error={state.error} />
      {execution && (
        <section class="panel">
          <dl class="props">
            {execution.statusSummary && <><dt>Summary</dt><dd>{execution.statusSummary}</dd></>}
            <dt>Trigger</dt><dd>{execution.trigger?.triggerType} {execution.trigger?.triggerDetail}</dd>
            <dt>Pipeline version</dt><dd>{execution.pipelineVersion}</dd>
            <dt>Mode</dt><dd>{execution.executionMode} {execution.executionType}</dd>
            {(execution.artifactRevisions ?? []).map((r) => <Fragment key={r.name}><dt>{r.name}</dt><dd><Revision revision={r} /></dd></Fragment>)}
          </dl>
        </section>
      )}
      {(execution?.variables?.length ?? 0) > 0 && (
        <section class="panel"><h2>Variables</h2>
          <dl class="props">{execution?.variables?.map((v) => <Fragment key={v.name}><dt>{v.name}</dt><dd><code>{v.resolvedValue}</code></dd></Fragment>)}</dl>
        </section>
      )}
      {attempts.length > 0 && <section class="panel"><h2>Timeline</h2><Timeline attempts={attempts} now={now} /></section>}
      {attempts.length > 0 && (
        <section class="panel"><h2>Action attempts</h2>
          <div class="table-wrap"><table class="list">
            <thead><tr><th scope="col">Stage</th><th scope="col">Action</th><th scope="col">Status</th><th scope="col">Started</th><th scope="col">Artifacts</th><th scope="col">Details</th></tr></thead>
            <tbody>{attempts.map((a) => <Attempt key={a.actionExecutionId} attempt={a} now={now} />)}</tbody>
          </table></div>
        </section>
      )}
    </main>
  );
}
