/**
 * How times read in the console: ages ("3 min ago"), durations ("1 m 05 s") and timestamps in the
 * reader's locale. The API gives epoch seconds (with a millisecond fraction).
 */
import { useEffect, useState } from 'preact/hooks';

export function formatAge(epochSeconds: number | undefined, nowMs: number): string {
  if (epochSeconds === undefined) return '';
  const seconds = Math.max(0, Math.round(nowMs / 1000 - epochSeconds));
  if (seconds < 10) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} days ago`;
}

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} m ${String(seconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} m`;
}

/** Between two epoch-second times; an unfinished span runs to `nowMs`. */
export function spanMs(start: number | undefined, end: number | undefined, nowMs: number): number | undefined {
  if (start === undefined) return undefined;
  return (end ?? nowMs / 1000) * 1000 - start * 1000;
}

export function formatTime(epochSeconds: number | undefined): string {
  if (epochSeconds === undefined) return '';
  return new Date(epochSeconds * 1000).toLocaleString();
}

/** The wall clock, re-read every `intervalMs`, so ages and running durations stay current. */
export function useNow(intervalMs = 5000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
