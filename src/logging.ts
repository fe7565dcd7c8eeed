/**
 * Structured logs: one JSON line per event (pino), with the IDs that tie it to a pipeline,
 * execution or job. Components take a `Logger` so tests and `sluice run` can quiet them.
 */
import { pino } from 'pino';

export interface Logger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
  child(fields: object): Logger;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** A JSON logger writing to stderr. @param level @default 'info' */
export function createLogger(level: LogLevel = 'info'): Logger {
  return pino({ level, base: { service: 'sluice' } }, pino.destination(2));
}

export const silentLogger: Logger = createLogger('silent');
