/**
 * Polls the repositories of connections that get no webhooks: every interval (with jitter, so
 * servers sharing a database do not poll in step), `git ls-remote` each watched repository,
 * compare its branches and tags with the refs last seen (kept in the store, so a restart does not
 * start old commits again), and hand the refs that moved to connection events as pushes.
 *
 * The first look at a repository only records its refs: what was there before Sluice watched it
 * starts nothing. A repository whose poll fails is retried with exponential backoff (interval ×
 * 2^failures, capped), and its failure is logged once when it starts failing and once when it
 * recovers, not at every attempt. Rests on `Loop` for its modes (idle → running → stopping →
 * stopped).
 */
import type { Logger } from '../logging.ts';
import { coerceError } from '../model/errors.ts';
import type { ConnectionEvents, PushChange } from '../services/connection-events.ts';
import type { WatchedSource } from '../services/connection-watches.ts';
import type { ConnectionRecord, GitWatchStore } from '../store/connection-ports.ts';
import { Loop } from './loop.ts';

export interface GitPollerOptions {
  /** Time between polls, ms; 0 disables polling. @default 60000 */
  intervalMs: number;
  /** The longest wait after failures. @default 3600000 */
  maxBackoffMs?: number;
  /** Up to this fraction of the interval is added at random to each wait. @default 0.1 */
  jitter?: number;
  /** @default Math.random */
  random?: () => number;
  watched(): Promise<WatchedSource[]>;
  listRemoteRefs(connection: ConnectionRecord, fullRepositoryId: string, signal: AbortSignal): Promise<Map<string, string>>;
  watch: GitWatchStore;
  events: ConnectionEvents;
  now(): number;
  logger: Logger;
}

/** What one poll did, for tests and the debug log. */
export interface PollSummary { polled: number; baselined: number; moved: number; failed: number; executions: number }

interface Health { failures: number; retryAt: number }

export class GitPoller {
  readonly #o: GitPollerOptions;
  readonly #loop: Loop;
  readonly #health = new Map<string, Health>();
  readonly #stopping = new AbortController();

  constructor(options: GitPollerOptions) {
    this.#o = options;
    this.#loop = new Loop('git-poller', async () => {
      await this.pollOnce();
      return this.#o.intervalMs * (1 + (this.#o.jitter ?? 0.1) * (this.#o.random ?? Math.random)());
    }, options.logger, options.intervalMs);
  }

  /** Starts polling, unless the interval is 0. */
  start(): void {
    if (this.#o.intervalMs > 0) this.#loop.start();
  }

  /** Cancels a running ls-remote or fetch and waits for the current poll to end. */
  async stop(): Promise<void> {
    this.#stopping.abort();
    await this.#loop.stop();
  }

  /** One pass over every watched repository. */
  async pollOnce(): Promise<PollSummary> {
    const summary: PollSummary = { polled: 0, baselined: 0, moved: 0, failed: 0, executions: 0 };
    for (const source of await this.#o.watched()) {
      if (this.#stopping.signal.aborted) break;
      const key = `${source.connection.id}/${source.fullRepositoryId}`;
      const health = this.#health.get(key);
      if (health && health.retryAt > this.#o.now()) continue;
      try {
        await this.#poll(source, summary);
        if (health) this.#o.logger.info({ connection: source.connection.arn, repository: source.fullRepositoryId }, 'connection repository polls again');
        this.#health.delete(key);
      } catch (e) {
        summary.failed++;
        this.#failed(key, source, health, coerceError(e));
      }
    }
    return summary;
  }

  async #poll({ connection, fullRepositoryId }: WatchedSource, summary: PollSummary): Promise<void> {
    summary.polled++;
    const repository = { connectionId: connection.id, fullRepositoryId };
    const refs = await this.#o.listRemoteRefs(connection, fullRepositoryId, this.#stopping.signal);
    const seen = await this.#o.watch.seenRefs(repository);
    if (seen !== undefined) {
      const moved = movedRefs(seen, refs);
      summary.moved += moved.length;
      if (moved.length > 0) summary.executions += (await this.#o.events.handle(connection, fullRepositoryId, moved)).length;
    } else {
      summary.baselined++;
    }
    await this.#o.watch.saveSeenRefs(repository, refs, this.#o.now());
  }

  #failed(key: string, source: WatchedSource, health: Health | undefined, err: Error): void {
    const failures = (health?.failures ?? 0) + 1;
    const waitMs = Math.min(this.#o.intervalMs * 2 ** failures, this.#o.maxBackoffMs ?? 3_600_000);
    this.#health.set(key, { failures, retryAt: this.#o.now() + waitMs });
    if (!health) this.#o.logger.warn({ connection: source.connection.arn, repository: source.fullRepositoryId, err }, 'connection repository cannot be polled; retrying with backoff');
  }
}

/** Refs that are new or point elsewhere than last seen, in name order, as pushes. */
export function movedRefs(seen: ReadonlyMap<string, string>, now: ReadonlyMap<string, string>): PushChange[] {
  return [...now.entries()]
    .filter(([ref, commit]) => seen.get(ref) !== commit)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([ref, after]) => {
      const before = seen.get(ref);
      return { kind: 'push', ref, after, ...(before !== undefined && { before }) };
    });
}
