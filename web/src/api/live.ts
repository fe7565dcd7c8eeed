/**
 * The live feed: `GET /console/live`, a server-sent event stream of the bus's events the user may
 * read. Pages subscribe with `useLiveRefresh` and refetch what an event touches.
 *
 * Connection lifecycle (shown to the user by the banner):
 *   connecting → live (the stream is open) → reconnecting (it broke) → live ...
 * After a break the page reconnects with `?lastEventId=<last id seen>`, so events published
 * meanwhile (even across a server restart) are replayed, and every subscriber is told to resync.
 * A stream that ends with `event: session-expired`, or a reconnect refused with 401, ends the
 * session: the app shows the sign-in page.
 */
import { useEffect, useRef } from 'preact/hooks';
import { makeStore } from '../lib/store.ts';
import type { BusEvent } from './bus-event.ts';
import { resumeSession, session } from './client.ts';

export type { BusEvent };

export type LiveStatus = 'connecting' | 'live' | 'reconnecting';
export const liveStatus = makeStore<LiveStatus>('connecting');

type Listener = (event: BusEvent | 'resync') => void;
const listeners = new Set<Listener>();

const RETRY_MS = [500, 1000, 2000, 5000];

let source: EventSource | undefined;
let lastEventId = '';
let failures = 0;
let retryTimer: ReturnType<typeof setTimeout> | undefined;

function dispatch(event: BusEvent | 'resync'): void {
  for (const listener of [...listeners]) listener(event);
}

function open(): void {
  const url = lastEventId ? `/console/live?lastEventId=${encodeURIComponent(lastEventId)}` : '/console/live';
  const stream = new EventSource(url);
  source = stream;
  stream.onopen = () => {
    if (failures > 0) dispatch('resync');
    failures = 0;
    liveStatus.set('live');
  };
  stream.onmessage = (message: MessageEvent<string>) => {
    if (message.lastEventId) lastEventId = message.lastEventId;
    try {
      dispatch(JSON.parse(message.data) as BusEvent);
    } catch {
      // A frame that is not an event envelope is not ours to show.
    }
  };
  stream.addEventListener('session-expired', () => {
    stopLive();
    session.set(null);
  });
  // EventSource retries by itself only for some failures; closing and reopening ourselves makes
  // every break behave the same and lets us check the session before trying again.
  stream.onerror = () => {
    stream.close();
    if (source !== stream) return;
    source = undefined;
    liveStatus.set('reconnecting');
    const delay = RETRY_MS[Math.min(failures, RETRY_MS.length - 1)] ?? 5000;
    failures++;
    retryTimer = setTimeout(() => void reconnect(), delay);
  };
}

async function reconnect(): Promise<void> {
  retryTimer = undefined;
  try {
    if (await resumeSession() === null) { session.set(null); return; }
  } catch {
    // The server is still away; try again later.
  }
  if (session.get() !== null && source === undefined) open();
}

// No session, no stream: stops at once (not after a render) when the session ends.
session.subscribe((current) => { if (current === null) stopLive(); });

export function startLive(): void {
  if (source === undefined && retryTimer === undefined) open();
}

export function stopLive(): void {
  source?.close();
  source = undefined;
  if (retryTimer !== undefined) clearTimeout(retryTimer);
  retryTimer = undefined;
  liveStatus.set('connecting');
}

/** One change publishes its action, stage and execution events within a few ms of each other. */
const GATHER_MS = 30;

/**
 * Calls `refresh` after a live event that `matches` (events arriving within GATHER_MS make one
 * refresh), and after a reconnect (when events may have been missed). `apply`, when given, sees
 * each matching event at once, so the page can show its change before the refetch lands.
 */
export function useLiveRefresh(matches: (event: BusEvent) => boolean, refresh: () => void, apply?: (event: BusEvent) => void): void {
  const latest = useRef({ matches, refresh, apply });
  latest.current = { matches, refresh, apply };
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const listener: Listener = (event) => {
      if (event !== 'resync' && !latest.current.matches(event)) return;
      if (event !== 'resync') latest.current.apply?.(event);
      if (timer !== undefined) return;
      timer = setTimeout(() => { timer = undefined; latest.current.refresh(); }, GATHER_MS);
    };
    listeners.add(listener);
    return () => { listeners.delete(listener); if (timer !== undefined) clearTimeout(timer); };
  }, []);
}

/** The pipeline a CodePipeline event is about. */
export function pipelineOf(event: BusEvent): string | undefined {
  return event.source === 'aws.codepipeline' ? event.detail.pipeline as string | undefined : undefined;
}
