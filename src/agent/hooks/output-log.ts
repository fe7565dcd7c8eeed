/**
 * The output of one lifecycle event's scripts: every line goes to the deployment's
 * `logs/scripts.log` (the full record, as the real agent keeps it) and into a tail of the last
 * DIAGNOSTIC_LOG_BYTES that the completion report carries. Lines are tagged `[stdout]` or
 * `[stderr]` like the real agent's, so both streams read in one place.
 */
import { appendFileSync } from 'node:fs';
import { DIAGNOSTIC_LOG_BYTES } from '../../model/deploy/host-commands.ts';

export class ScriptOutputLog {
  private tail = '';
  private readonly file: string;
  private readonly now: () => Date;

  constructor(file: string, now: () => Date = () => new Date()) {
    this.file = file;
    this.now = now;
  }

  /** A header line in the full log only (which event, which script). */
  note(text: string): void {
    this.write(`[${this.now().toISOString()}] ${text}\n`);
  }

  line(stream: 'stdout' | 'stderr', text: string): void {
    const line = `[${stream}]${text}\n`;
    this.write(`[${this.now().toISOString()}] ${line}`);
    this.tail = lastBytes(this.tail + line, DIAGNOSTIC_LOG_BYTES);
  }

  /** The last DIAGNOSTIC_LOG_BYTES of output, cut at a character boundary. */
  diagnosticTail(): string {
    return this.tail;
  }

  private write(text: string): void {
    // Synchronous: lines arrive one at a time from pipes, and the file must be complete when the
    // event reports, even if the agent is killed right after.
    appendFileSync(this.file, text);
  }
}

/** The end of `text` that fits in `bytes` UTF-8 bytes, never splitting a character. */
export function lastBytes(text: string, bytes: number): string {
  const buffer = Buffer.from(text, 'utf8');
  if (buffer.length <= bytes) return text;
  let start = buffer.length - bytes;
  // Skip continuation bytes (10xxxxxx) so the cut lands on the start of a character.
  while (start < buffer.length && (buffer[start]! & 0xc0) === 0x80) start += 1;
  return buffer.subarray(start).toString('utf8');
}
