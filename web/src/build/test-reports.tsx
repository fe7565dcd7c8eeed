/**
 * The build's test reports: passed / failed counts per report (BatchGetReports) and the failed
 * cases with their messages (DescribeTestCases, status FAILED), as `aws codebuild` would list them.
 */
import { codebuild } from '../api/client.ts';
import type { BatchGetReportsOutput, DescribeTestCasesOutput, Report, TestCase } from '../api/wire.ts';
import { ErrorNote } from '../components/error-note.tsx';
import { useAsync } from '../lib/use-async.ts';

async function loadReports(arns: string[]): Promise<{ report: Report; failed: TestCase[] }[]> {
  if (arns.length === 0) return [];
  const out = await codebuild<BatchGetReportsOutput>('BatchGetReports', { reportArns: arns });
  return Promise.all((out.reports ?? []).filter((r) => r.type !== 'CODE_COVERAGE').map(async (report) => {
    const cases = await codebuild<DescribeTestCasesOutput>('DescribeTestCases', { reportArn: report.arn, filter: { status: 'FAILED' }, maxResults: 100 });
    return { report, failed: cases.testCases ?? [] };
  }));
}

export function TestReports({ arns, version }: { arns: string[]; version: string }) {
  const reports = useAsync(() => loadReports(arns), [arns.join(','), version]);
  if (arns.length === 0) return null;
  return (
    <section class="panel" aria-labelledby="reports-title">
      <h2 id="reports-title">Test reports</h2>
      <ErrorNote error={reports.error} />
      {(reports.data ?? []).map(({ report, failed }) => {
        const counts = report.testSummary?.statusCounts ?? {};
        const passed = counts.SUCCEEDED ?? 0;
        const failing = (counts.FAILED ?? 0) + (counts.ERROR ?? 0);
        return (
          <div key={report.arn} class="report">
            <p><strong>{report.name ?? report.arn}</strong>: {report.testSummary?.total ?? 0} cases, <span class="status status-succeeded">{passed} passed</span> <span class={`status ${failing > 0 ? 'status-failed' : ''}`}>{failing} failed</span></p>
            {failed.length > 0 && (
              <ul>{failed.map((c) => <li key={`${c.prefix ?? ''}${c.name ?? ''}`}><code>{c.prefix ? `${c.prefix} › ` : ''}{c.name}</code>{c.message && <div class="muted">{c.message}</div>}</li>)}</ul>
            )}
          </div>
        );
      })}
    </section>
  );
}
