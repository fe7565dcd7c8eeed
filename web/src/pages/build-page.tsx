/**
 * `#/builds/<id>`: a build's status and phases with durations (BatchGetBuilds), its log streaming
 * live, and its test report summary. Phase changes in the log stream and CodeBuild state change
 * events refetch the build.
 */
import { useEffect } from 'preact/hooks';
import { codebuild } from '../api/client.ts';
import { useLiveRefresh } from '../api/live.ts';
import type { BatchGetBuildsOutput } from '../api/wire.ts';
import { LogView } from '../build/log-view.tsx';
import { useBuildLog } from '../build/log-stream.ts';
import { TestReports } from '../build/test-reports.tsx';
import { ApiError } from '../api/client.ts';
import { ErrorNote } from '../components/error-note.tsx';
import { StatusBadge } from '../components/status.tsx';
import { hrefOf } from '../lib/router.ts';
import { formatDuration, formatTime, spanMs, useNow } from '../lib/time.ts';
import { useAsync } from '../lib/use-async.ts';

async function loadBuild(id: string) {
  const out = await codebuild<BatchGetBuildsOutput>('BatchGetBuilds', { ids: [id] });
  const build = out.builds?.[0];
  if (!build) throw new ApiError('ResourceNotFoundException', `Build ${id} does not exist`, 400);
  return build;
}

export function BuildPage({ id }: { id: string }) {
  const build = useAsync(() => loadBuild(id), [id]);
  const log = useBuildLog(id);
  const now = useNow(1000);
  useEffect(() => { if (log.phaseChanges > 0) build.reload(); }, [log.phaseChanges]);
  useLiveRefresh((event) => event.source === 'aws.codebuild' && (event.detail['build-id'] as string | undefined)?.endsWith(id) === true, build.reload);
  const b = build.data;
  const running = b?.buildStatus === 'IN_PROGRESS';
  return (
    <main class="page">
      <nav class="crumbs" aria-label="Breadcrumb"><a href={hrefOf({ page: 'pipelines' })}>Pipelines</a> / <span>Build</span></nav>
      <div class="page-head">
        <h1>Build <code>{id}</code></h1>
        <StatusBadge status={b?.buildStatus} />
      </div>
      <ErrorNote error={build.error} />
      {b && (
        <section class="panel">
          <dl class="props">
            <dt>Project</dt><dd>{b.projectName}</dd>
            <dt>Build number</dt><dd>{b.buildNumber}</dd>
            {(b.resolvedSourceVersion ?? b.sourceVersion) && <><dt>Source version</dt><dd><code>{b.resolvedSourceVersion ?? b.sourceVersion}</code></dd></>}
            <dt>Started</dt><dd>{formatTime(b.startTime)}</dd>
            <dt>Duration</dt><dd>{formatDuration(spanMs(b.startTime, running ? undefined : b.endTime, now))}</dd>
            {b.initiator && <><dt>Initiator</dt><dd>{b.initiator}</dd></>}
          </dl>
        </section>
      )}
      {b?.phases && (
        <section class="panel" aria-labelledby="phases-title">
          <h2 id="phases-title">Phases</h2>
          <div class="table-wrap"><table class="list">
            <thead><tr><th scope="col">Phase</th><th scope="col">Status</th><th scope="col">Duration</th><th scope="col">Context</th></tr></thead>
            <tbody>{b.phases.map((p) => (
              <tr key={p.phaseType}>
                <td>{p.phaseType}</td>
                <td>{p.phaseStatus ? <StatusBadge status={p.phaseStatus} /> : p.phaseType === b.currentPhase && running ? <StatusBadge status="IN_PROGRESS" /> : ''}</td>
                <td>{p.durationInSeconds !== undefined ? formatDuration(p.durationInSeconds * 1000) : formatDuration(spanMs(p.startTime, p.endTime, now))}</td>
                <td>{(p.contexts ?? []).map((c) => c.message).filter(Boolean).join('; ')}</td>
              </tr>
            ))}</tbody>
          </table></div>
        </section>
      )}
      <LogView lines={log.lines} buildId={id} />
      {!log.ended && <p class="muted" aria-live="polite">Streaming…</p>}
      <TestReports arns={b?.reportArns ?? []} version={`${b?.buildStatus ?? ''}`} />
    </main>
  );
}
