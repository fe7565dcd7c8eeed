/**
 * Every pipeline at a glance: type, execution mode, the latest execution's status, source revision
 * and age. Pages of 50 through ListPipelines' nextToken; each row's latest execution comes from
 * ListPipelineExecutions (maxResults 1) and is refetched when a live event names the pipeline.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { codepipeline } from '../api/client.ts';
import { pipelineOf, useLiveRefresh } from '../api/live.ts';
import type { ListPipelineExecutionsOutput, ListPipelinesOutput, PipelineExecutionSummary, PipelineSummary } from '../api/wire.ts';
import { ErrorNote } from '../components/error-note.tsx';
import { Revision } from '../components/revision.tsx';
import { StatusBadge } from '../components/status.tsx';
import { mapLimited } from '../lib/limit.ts';
import { hrefOf } from '../lib/router.ts';
import { formatAge, useNow } from '../lib/time.ts';

const PAGE_SIZE = 50;
const STATUSES = ['InProgress', 'Succeeded', 'Failed', 'Stopped', 'Stopping', 'Superseded', 'Cancelled'];

type Latest = Map<string, PipelineExecutionSummary | null>;

async function latestOf(name: string): Promise<PipelineExecutionSummary | null> {
  const out = await codepipeline<ListPipelineExecutionsOutput>('ListPipelineExecutions', { pipelineName: name, maxResults: 1 });
  return out.pipelineExecutionSummaries?.[0] ?? null;
}

export function PipelinesPage() {
  const [pipelines, setPipelines] = useState<PipelineSummary[]>([]);
  const [nextToken, setNextToken] = useState<string | undefined>();
  const [latest, setLatest] = useState<Latest>(new Map());
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>();
  const [nameFilter, setNameFilter] = useState('');
  const [statusFilter, setStatusFilter] = useState('');
  const now = useNow();

  const refreshLatest = async (names: string[]): Promise<void> => {
    const found = await mapLimited(names, 6, async (name) => [name, await latestOf(name).catch(() => null)] as const);
    setLatest((old) => new Map([...old, ...found]));
  };

  const loadPage = async (token?: string): Promise<void> => {
    setLoading(true);
    try {
      const out = await codepipeline<ListPipelinesOutput>('ListPipelines', { maxResults: PAGE_SIZE, ...(token && { nextToken: token }) });
      const page = out.pipelines ?? [];
      setPipelines((old) => (token ? [...old, ...page] : page));
      setNextToken(out.nextToken);
      setError(undefined);
      await refreshLatest(page.flatMap((p) => p.name ?? []));
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  };

  useEffect(() => { void loadPage(); }, []);

  // Rows whose pipeline had an event since the last refresh, refetched together.
  const [touched] = useState(() => new Set<string>());
  useLiveRefresh((event) => {
    const name = pipelineOf(event);
    if (name !== undefined) touched.add(name);
    return name !== undefined;
  }, () => {
    const names = touched.size > 0 ? [...touched] : pipelines.flatMap((p) => p.name ?? []);
    touched.clear();
    void refreshLatest(names.filter((n) => pipelines.some((p) => p.name === n)));
  });

  const shown = useMemo(() => pipelines.filter((p) => {
    if (nameFilter && !p.name?.toLowerCase().includes(nameFilter.toLowerCase())) return false;
    if (statusFilter && (latest.get(p.name ?? '')?.status ?? 'None') !== statusFilter) return false;
    return true;
  }), [pipelines, latest, nameFilter, statusFilter]);

  return (
    <main class="page">
      <h1>Pipelines</h1>
      <div class="toolbar" role="search">
        <label>Name<input type="search" value={nameFilter} onInput={(e) => setNameFilter(e.currentTarget.value)} placeholder="Filter by name" /></label>
        <label>Latest status
          <select value={statusFilter} onChange={(e) => setStatusFilter(e.currentTarget.value)}>
            <option value="">Any</option>
            {STATUSES.map((s) => <option key={s} value={s}>{s}</option>)}
            <option value="None">Never run</option>
          </select>
        </label>
      </div>
      <ErrorNote error={error} />
      <div class="table-wrap">
        <table class="list">
          <thead><tr><th scope="col">Name</th><th scope="col">Type</th><th scope="col">Execution mode</th><th scope="col">Latest execution</th><th scope="col">Source revision</th><th scope="col">Updated</th></tr></thead>
          <tbody>
            {shown.map((p) => {
              const run = latest.get(p.name ?? '');
              const name = p.name ?? '';
              return (
                <tr key={name} data-pipeline={name}>
                  <td><a href={hrefOf({ page: 'pipeline', name })}>{name}</a></td>
                  <td>{p.pipelineType}</td>
                  <td>{p.executionMode}</td>
                  <td>{run ? <a href={hrefOf({ page: 'execution', name, id: run.pipelineExecutionId ?? '' })}><StatusBadge status={run.status} /></a> : run === null ? <StatusBadge status={undefined} /> : '…'}</td>
                  <td><Revision revision={run?.sourceRevisions?.[0]} /></td>
                  <td>{formatAge(run?.lastUpdateTime ?? p.updated, now)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {!loading && pipelines.length === 0 && !error && <p class="empty">No pipelines yet. Create one with <code>aws codepipeline create-pipeline</code>.</p>}
      <p class="muted" aria-live="polite">{loading ? 'Loading…' : `${shown.length} of ${pipelines.length} loaded pipelines shown`}</p>
      {nextToken && <button type="button" onClick={() => void loadPage(nextToken)} disabled={loading}>Load more pipelines</button>}
    </main>
  );
}
