/**
 * A build's log, live, from `GET /console/builds/<id>/log` (server-sent events): `log` events carry
 * `{seq, timestamp, message}`, `phase` events say the phase moved, `end` says the build is complete
 * and every line was sent. The stream is closed on `end` (else EventSource would reconnect), and a
 * break reconnects after the last line seen, so no line is shown twice.
 */
import { useEffect, useState } from 'preact/hooks';

export interface LogLine {
  seq: number;
  timestamp?: number;
  message: string;
}

export interface LogState {
  lines: LogLine[];
  ended: boolean;
  /** Bumped on every `phase` event, so the page refetches the build. */
  phaseChanges: number;
}

export function useBuildLog(buildId: string): LogState {
  const [state, setState] = useState<LogState>({ lines: [], ended: false, phaseChanges: 0 });
  useEffect(() => {
    let lastSeq = 0;
    let pending: LogLine[] = [];
    let frame = 0;
    // Lines arrive in bursts of hundreds: render once per animation frame, not once per line.
    const flush = () => {
      frame = 0;
      const batch = pending;
      pending = [];
      setState((s) => ({ ...s, lines: [...s.lines, ...batch] }));
    };
    const stream = new EventSource(`/console/builds/${encodeURIComponent(buildId)}/log?from=0`);
    stream.addEventListener('log', (event: MessageEvent<string>) => {
      const line = JSON.parse(event.data) as LogLine;
      if (line.seq <= lastSeq) return;
      lastSeq = line.seq;
      pending.push(line);
      if (frame === 0) frame = requestAnimationFrame(flush);
    });
    stream.addEventListener('phase', () => setState((s) => ({ ...s, phaseChanges: s.phaseChanges + 1 })));
    stream.addEventListener('end', () => {
      stream.close();
      if (frame !== 0) { cancelAnimationFrame(frame); flush(); }
      setState((s) => ({ ...s, ended: true, phaseChanges: s.phaseChanges + 1 }));
    });
    return () => { stream.close(); if (frame !== 0) cancelAnimationFrame(frame); };
  }, [buildId]);
  return state;
}
