/**
 * An event on Sluice's bus in EventBridge's envelope (spec: events.md §1). Pipeline events
 * (engine/pipeline-events.ts) are one kind; the git host, builds, deploys and PutEvents publish
 * others with their own `source` and `detail-type`.
 */
export interface BusEvent {
  version: '0';
  /** A fresh UUID per event. */
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  /** ISO-8601, seconds precision, UTC, e.g. `2024-05-01T10:00:00Z`. */
  time: string;
  region: string;
  resources: string[];
  detail: object;
}

/** An event time as EventBridge writes it: UTC, whole seconds, `Z`. */
export function eventTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
