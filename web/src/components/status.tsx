/** Status words as the API spells them, with a color and a shape that does not rely on color alone. */
const ICONS: Record<string, string> = {
  Succeeded: '✓', SUCCEEDED: '✓', Failed: '✕', FAILED: '✕', FAULT: '✕', TIMED_OUT: '✕',
  InProgress: '◐', IN_PROGRESS: '◐', Stopping: '◼', Stopped: '◼', STOPPED: '◼', Cancelled: '⊘',
  Superseded: '↷', Abandoned: '⊘', Skipped: '↷',
};

export function StatusBadge({ status }: { status: string | undefined }) {
  if (!status) return <span class="status status-none">Not run</span>;
  return (
    <span class={`status status-${status.toLowerCase().replace(/_/g, '-')}`}>
      <span aria-hidden="true">{ICONS[status] ?? '•'}</span> {status}
    </span>
  );
}
