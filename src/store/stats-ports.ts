/**
 * Store port of the figures `/metrics` reports: how many executions are in each status and how
 * many jobs wait in the queue per action type. Counts only, read at scrape time, never cached,
 * so every server sharing one database reports the same numbers.
 */

export interface StatsQueries {
  /** Executions of every pipeline by status, e.g. `{ InProgress: 2, Succeeded: 40 }`; absent statuses are absent. */
  executionsByStatus(): Promise<Record<string, number>>;
  /** Queued (not yet claimed) jobs by action type key (`Build/Custom/Make/1`); absent types have none. */
  queuedJobsByType(): Promise<Record<string, number>>;
}
