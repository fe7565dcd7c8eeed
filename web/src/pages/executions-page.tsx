/**
 * `#/pipelines/<name>/executions`: the execution history, 25 at a time through
 * ListPipelineExecutions' nextToken, filtered by status, refetched when the pipeline has events.
 */
import { useEffect, useState } from 'preact/hooks';
import { codepipeline } from '../api/client.ts';
import { pipelineOf, useLiveRefresh } from '../api/live.ts';
import type { ListPipelineExecutionsOutput, PipelineExecutionSummary } from '../api/wire.ts';
import { ErrorNote } from '../components/error-note.tsx';
import { Revision } from '../components/revision.tsx';
import { StatusBadge } from '../components/status.tsx';
import { hrefOf } from '../lib/router.ts';
import { formatDuration, formatTime, spanMs, useNow } from '../lib/time.ts';

const PAGE_SIZE = 25;
const STATUSES = ['InProgress', 'Succeeded', 'Failed', 'Stopped', 'Stopping', 'Superseded', 'Cancelled'];

const ACTIVE = new Set(['InProgress', 'Stopping']);

export function ExecutionsPage({ name }: { name: string }) {
  const [rows, setRows] = useState<PipelineExecutionSummary[]>([]);
  const [nextToken, setNextToken] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const [status, setStatus] = useState('');
  const now = useNow(1000);

  /** Loads the first page (replacing what is shown, which keeps the list current) or the next. */
  const load = async (token?: string): Promise<void> => {
    setLoading(true);
    try {
      const out = await codepipeline<ListPipelineExecutionsOutput>('ListPipelineExecutions', {
        pipelineName: name, maxResults: PAGE_SIZE, ...(token && { nextToken: token }),
      });
      const page = out.pipelineExecutionSummaries ?? [];
      setRows((old) => (token ? [...old, ...page] : page));
      setNextToken(out.nextToken);
      setError(undefined);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => { void load(); }, [name]);
  useLiveRefresh((event) => pipelineOf(event) === name, () => { void load(); });

  const shown = status ? rows.filter((r) => r.status === status) : rows;
  return (
    <main class="page">
      <nav class="crumbs" aria-label="Breadcrumb">
        <a href={hrefOf({ page: 'pipelines' })}>Pipelines</a> / <a href={hrefOf({ page: 'pipeline', name })}>{name}</a> / <span>Executions</span>
      </nav>
      <h1>Execution history</h1>
      <div class="toolbar">
        <label>Status
          <select value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
            <option value="">Any</option>
            {STATUSES.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </label>
      </div>
      <ErrorNote error={error} />
      <div class="table-wrap">
        <table class="list">
          <thead><tr><th scope="col">Execution</th><th scope="col">Status</th><th scope="col">Trigger</th><th scope="col">Source revisions</th><th scope="col">Started</th><th scope="col">Duration</th></tr></thead>
          <tbody>
            {shown.map((r) => (
              <tr key={r.pipelineExecutionId}>
                <td><a href={hrefOf({ page: 'execution', name, id: r.pipelineExecutionId ?? '' })}><code>{r.pipelineExecutionId?.slice(0, 8)}</code></a></td>
                <td><StatusBadge status={r.status} />{r.statusSummary && <div class="muted">{r.statusSummary}</div>}</td>
                <td>{r.trigger?.triggerType}{r.trigger?.triggerDetail && <div class="muted">{r.trigger.triggerDetail}</div>}</td>
                <td>{(r.sourceRevisions ?? []).map((s) => <div key={s.actionName}><span class="muted">{s.actionName}: </span><Revision revision={s} /></div>)}</td>
                <td>{formatTime(r.startTime)}</td>
                <td>{formatDuration(spanMs(r.startTime, ACTIVE.has(r.status ?? '') ? undefined : r.lastUpdateTime, now))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!loading && shown.length === 0 && !error && <p class="empty">No executions{status && ` with status ${status}`} loaded.</p>}
      {nextToken && <button type="button" onClick={() => void load(nextToken)} disabled={loading}>Load more executions</button>}
    </main>
  );
}
