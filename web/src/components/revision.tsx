/** A source revision as people recognise it: the short commit (linked when there is a URL) and its summary. */
/** What SourceRevision and ArtifactRevision have in common. */
export interface RevisionLike { revisionId?: string; revisionSummary?: string; revisionUrl?: string }

export function shortRevision(id: string | undefined): string {
  if (!id) return '';
  return /^[0-9a-f]{40}$/i.test(id) ? id.slice(0, 7) : id;
}

/** The first line of a summary; commit summaries may be JSON (`{"ProviderType":…,"CommitMessage":…}`). */
export function summaryLine(summary: string | undefined): string {
  if (!summary) return '';
  try {
    const parsed = JSON.parse(summary) as { CommitMessage?: string };
    if (typeof parsed.CommitMessage === 'string') return parsed.CommitMessage.split('\n')[0] ?? '';
  } catch { /* plain text */ }
  return summary.split('\n')[0] ?? '';
}

export function Revision({ revision }: { revision: RevisionLike | undefined }) {
  if (!revision?.revisionId) return null;
  const short = shortRevision(revision.revisionId);
  return (
    <span class="revision">
      {revision.revisionUrl ? <a href={revision.revisionUrl} rel="noreferrer" target="_blank"><code>{short}</code></a> : <code>{short}</code>}
      {' '}<span class="summary">{summaryLine(revision.revisionSummary)}</span>
    </span>
  );
}
