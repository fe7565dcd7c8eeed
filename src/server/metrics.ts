/**
 * The server's metrics registry, served on `GET /metrics` in Prometheus' text format 0.0.4.
 *
 * Two kinds of figures:
 * - counted in this process as things happen: API requests by service, operation and status
 *   (fed by every protocol's `onCall` record), their durations (a histogram), and job leases the
 *   sweeper found expired;
 * - read from the store at scrape time: executions by status and queued jobs by action type.
 *   Every server sharing one database reports the same store figures; sum the counters, but take
 *   one server's (e.g. `max`) store gauges.
 *
 * Label values stay bounded: an operation the service does not know is counted as `unknown`, so a
 * client sending made-up targets cannot grow the registry.
 *
 * Written by hand rather than with prom-client: five families and one histogram are about 100
 * lines, and this keeps `/metrics` free of a dependency and of its default collectors.
 */
import type { CallRecord } from '../api/aws-json/dispatcher.ts';
import { PipelineExecutionStatus } from '../model/vocabulary.ts';
import type { StatsQueries } from '../store/stats-ports.ts';

/** Request duration buckets, seconds: 1 ms to 10 s. */
export const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

interface Histogram { buckets: number[]; sum: number; count: number }

export interface MetricsOptions {
  /** Epoch ms when the process started. @default now */
  startedAt?: number;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function labels(pairs: Record<string, string>): string {
  return `{${Object.entries(pairs).map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}`;
}

/** `# HELP`, `# TYPE` and the samples of one metric family. */
function family(name: string, type: 'counter' | 'gauge' | 'histogram', help: string, samples: string[]): string {
  return [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...samples].join('\n');
}

export class Metrics {
  private readonly requests = new Map<string, { labels: Record<string, string>; count: number }>();
  private readonly durations = new Map<string, { labels: Record<string, string>; histogram: Histogram }>();
  private leaseExpiries = 0;
  private readonly startedAt: number;

  constructor(options: MetricsOptions = {}) {
    this.startedAt = options.startedAt ?? Date.now();
  }

  /** Counts one API call, from the record every protocol reports when it answers. */
  observeCall(record: CallRecord): void {
    // The service is one Sluice serves or `unknown` already; the operation name is the client's.
    const { service } = record;
    const operation = record.errorCode === 'UnknownOperationException' ? 'unknown' : record.operation;
    const requestLabels = { service, operation, status: String(record.status) };
    const key = JSON.stringify(requestLabels);
    const counted = this.requests.get(key) ?? { labels: requestLabels, count: 0 };
    counted.count += 1;
    this.requests.set(key, counted);

    const durationKey = JSON.stringify([service, operation]);
    const timed = this.durations.get(durationKey)
      ?? { labels: { service, operation }, histogram: { buckets: DURATION_BUCKETS.map(() => 0), sum: 0, count: 0 } };
    const seconds = record.durationMs / 1000;
    DURATION_BUCKETS.forEach((le, i) => { if (seconds <= le) timed.histogram.buckets[i] = (timed.histogram.buckets[i] ?? 0) + 1; });
    timed.histogram.sum += seconds;
    timed.histogram.count += 1;
    this.durations.set(durationKey, timed);
  }

  /** Counts one job whose worker stopped renewing its lease (called by the lease sweeper). */
  leaseExpired(): void {
    this.leaseExpiries += 1;
  }

  /** The exposition text, with the store's gauges read from `stats` now. */
  async render(stats: StatsQueries): Promise<string> {
    const [executions, queued] = await Promise.all([stats.executionsByStatus(), stats.queuedJobsByType()]);
    const statuses = [...new Set([...Object.values(PipelineExecutionStatus), ...Object.keys(executions)])].sort();
    const memory = process.memoryUsage();
    const cpu = process.cpuUsage();
    return `${[
      family('sluice_http_requests_total', 'counter', 'API requests answered, by service, operation and HTTP status.',
        [...this.requests.values()].map((r) => `sluice_http_requests_total${labels(r.labels)} ${r.count}`)),
      family('sluice_http_request_duration_seconds', 'histogram', 'Time to answer an API request, by service and operation.',
        [...this.durations.values()].flatMap(({ labels: l, histogram: h }) => [
          ...DURATION_BUCKETS.map((le, i) => `sluice_http_request_duration_seconds_bucket${labels({ ...l, le: String(le) })} ${h.buckets[i] ?? 0}`),
          `sluice_http_request_duration_seconds_bucket${labels({ ...l, le: '+Inf' })} ${h.count}`,
          `sluice_http_request_duration_seconds_sum${labels(l)} ${h.sum}`,
          `sluice_http_request_duration_seconds_count${labels(l)} ${h.count}`,
        ])),
      family('sluice_pipeline_executions', 'gauge', 'Pipeline executions in the store, by status.',
        statuses.map((status) => `sluice_pipeline_executions${labels({ status })} ${executions[status] ?? 0}`)),
      family('sluice_jobs_queued', 'gauge', 'Jobs waiting to be claimed, by action type (category/owner/provider/version).',
        Object.entries(queued).sort().map(([type, n]) => `sluice_jobs_queued${labels({ action_type: type })} ${n}`)),
      family('sluice_job_lease_expiries_total', 'counter', 'Jobs this process found with an expired lease and returned to the engine.',
        [`sluice_job_lease_expiries_total ${this.leaseExpiries}`]),
      family('sluice_process_resident_memory_bytes', 'gauge', 'Resident memory of the server process.', [`sluice_process_resident_memory_bytes ${memory.rss}`]),
      family('sluice_process_heap_used_bytes', 'gauge', 'V8 heap in use.', [`sluice_process_heap_used_bytes ${memory.heapUsed}`]),
      family('sluice_process_cpu_seconds_total', 'counter', 'User and system CPU time of the server process.',
        [`sluice_process_cpu_seconds_total ${(cpu.user + cpu.system) / 1e6}`]),
      family('sluice_process_start_time_seconds', 'gauge', 'When the server process started, epoch seconds.',
        [`sluice_process_start_time_seconds ${Math.floor(this.startedAt / 1000)}`]),
    ].join('\n')}\n`;
  }
}
