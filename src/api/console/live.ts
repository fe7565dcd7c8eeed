/**
 * `GET /console/live`: the bus's events the session's user may read, as server-sent events, in
 * outbox order and resumable.
 *
 *   `id: <outbox seq>` `data: <EventBridge envelope>`   each event the user may read
 *   `id: <seq>` `event: ready` `data: {"position"}`     once the catch-up is sent (then live)
 *   `: ping`                                            after `heartbeatMs` without anything else
 *   `event: session-expired`                            the session ended (expiry, sign-out, user gone); the stream ends
 *
 * Where a stream starts: after `Last-Event-ID` (header, or `?lastEventId=` for the first connect)
 * — the outbox is durable, so a page that reconnects after a server restart gets what it missed —
 * else at the newest event. Events appended in this process wake every stream at once; events
 * appended by other processes on the same database arrive within `pollMs`. Each stream holds one
 * batch at a time (pull-based), so a slow reader never makes the server buffer the outbox. The
 * stream ends when the server drains (`closing`).
 */
import { SluiceError } from '../../model/errors.ts';
import type { BusEvent } from '../../model/events/envelope.ts';
import { makeEventVisibility } from '../../services/console-event-access.ts';
import type { ConsoleSessions } from '../../services/console-sessions.ts';
import type { OutboxStore } from '../../store/ports.ts';
import type { IncomingCall } from '../aws-json/dispatcher.ts';
import type { Caller } from '../aws-json/operation.ts';
import { sessionTokenOf } from './cookies.ts';

export interface LiveOptions {
  outbox: OutboxStore;
  sessions: ConsoleSessions;
  authorize(caller: Caller, action: string, resource: string, sourceIp: string): Promise<void>;
  /** Calls `listener` whenever this process appends events; returns the unsubscribe. */
  appended(listener: () => void): () => void;
  closing: AbortSignal;
  /** Longest wait before the outbox is read again (events of other processes). @default 1000 */
  pollMs?: number;
  /** @default 15000 */
  heartbeatMs?: number;
  /** Outbox events read at once. @default 200 */
  batch?: number;
  /** @default Date.now */
  now?: () => number;
}

const encoder = new TextEncoder();

/** A wake-up that is remembered when nobody waits, so news between a read and a wait is never missed. */
class News {
  private pending = false;
  private waiter: (() => void) | undefined;

  notify = (): void => {
    this.pending = true;
    this.waiter?.();
  };

  wait(ms: number, signal: AbortSignal): Promise<void> {
    if (this.pending || signal.aborted) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.waiter = undefined;
        this.pending = false;
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      signal.addEventListener('abort', done, { once: true });
      this.waiter = done;
    });
  }
}

/** The position to resume after; undefined to start at the newest event. */
export function livePositionOf(headers: Headers, url: URL): number | undefined {
  const text = headers.get('last-event-id') ?? url.searchParams.get('lastEventId');
  if (text === null || text === '') return undefined;
  const seq = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(seq)) {
    throw new SluiceError('ValidationException', `Cannot resume after "${text.slice(0, 50)}": expected an event id from this stream`);
  }
  return seq;
}

function message(event: BusEvent, seq: number): string {
  return `id: ${seq}\ndata: ${JSON.stringify(event)}\n\n`;
}

export function makeLiveRoute(options: LiveOptions): (call: IncomingCall, url: URL, caller: Caller) => Promise<Response> {
  const pollMs = options.pollMs ?? 1000;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const batch = options.batch ?? 200;
  const now = options.now ?? Date.now;
  return async (call, url, caller) => {
    const token = sessionTokenOf(call.request.headers);
    let cursor = livePositionOf(call.request.headers, url) ?? await options.outbox.lastSeq();
    const visible = makeEventVisibility({ authorize: (action, resource) => options.authorize(caller, action, resource, call.sourceIp) });
    const news = new News();
    const unsubscribe = options.appended(news.notify);
    const cancelled = new AbortController();
    const stop = AbortSignal.any([options.closing, cancelled.signal]);
    let ready = false;
    let lastSentAt = now();
    const finish = (controller: ReadableStreamDefaultController<Uint8Array>): void => {
      unsubscribe();
      controller.close();
    };
    const send = (controller: ReadableStreamDefaultController<Uint8Array>, text: string): void => {
      controller.enqueue(encoder.encode(text));
      lastSentAt = now();
    };
    const stream = new ReadableStream<Uint8Array>({
      // Each pull sends something (events, ready, a ping) or ends the stream; it waits for news in between.
      async pull(controller) {
        for (;;) {
          if (stop.aborted) return finish(controller);
          // Checked on every round, without counting as use: a session that ends, ends its streams.
          if ((await options.sessions.lookup(token, false)).status !== 'active') {
            send(controller, 'event: session-expired\ndata: {}\n\n');
            return finish(controller);
          }
          const entries = await options.outbox.read(cursor, batch);
          const shown: string[] = [];
          for (const { seq, event } of entries) {
            if (await visible(event)) shown.push(message(event, seq));
            cursor = seq;
          }
          if (shown.length > 0) return send(controller, shown.join(''));
          if (entries.length > 0) continue;
          if (!ready) {
            ready = true;
            return send(controller, `id: ${cursor}\nevent: ready\ndata: ${JSON.stringify({ position: cursor })}\n\n`);
          }
          const quietMs = now() - lastSentAt;
          if (quietMs >= heartbeatMs) return send(controller, ': ping\n\n');
          await news.wait(Math.min(pollMs, heartbeatMs - quietMs), stop);
        }
      },
      cancel() {
        unsubscribe();
        cancelled.abort();
      },
    });
    return new Response(stream, { headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-store', 'x-accel-buffering': 'no' } });
  };
}
