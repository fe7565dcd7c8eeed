/**
 * What API commands print: `--output json` writes the API's answer as JSON (AWS CLI style, without
 * SDK metadata); `--output table` writes aligned columns under a bold header, with colours only on
 * a terminal that wants them (`styleText` checks TTY and NO_COLOR).
 */
import { styleText } from 'node:util';

export type OutputFormat = 'table' | 'json';

type Style = Parameters<typeof styleText>[0];

/** A table column: its header and how to read a row's cell, optionally styled by value. */
export interface Column<T> {
  header: string;
  value(row: T): string;
  style?(value: string): Style | undefined;
}

/** Dates as the AWS CLI prints them: ISO 8601 in seconds, UTC. */
export function formatDate(date: Date | undefined): string {
  return date ? date.toISOString().replace(/\.\d{3}Z$/, 'Z') : '';
}

export function renderTable<T>(rows: readonly T[], columns: readonly Column<T>[], stream: NodeJS.WritableStream): string {
  const cells = rows.map((row) => columns.map((c) => c.value(row)));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (values: string[], styleOf: (value: string, i: number) => Style | undefined): string => values
    .map((value, i) => {
      const padded = i === values.length - 1 ? value : value.padEnd(widths[i] ?? 0);
      const style = styleOf(value, i);
      return style ? styleText(style, padded, { stream }) : padded;
    }).join('  ').trimEnd();
  return [
    line(columns.map((c) => c.header), () => 'bold'),
    ...cells.map((values) => line(values, (value, i) => columns[i]?.style?.(value))),
  ].join('\n');
}

/** The response without the SDK's `$metadata`. */
export function withoutMetadata(response: object): object {
  const { $metadata: _, ...rest } = response as { $metadata?: unknown };
  return rest;
}

/** A JSON.stringify replacer writing dates as `formatDate` does. */
function jsonDates(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  return raw instanceof Date ? formatDate(raw) : value;
}

export interface Printer {
  format: OutputFormat;
  json(value: object): void;
  table<T>(rows: readonly T[], columns: readonly Column<T>[]): void;
  /** A line for people (table output only): confirmations and hints. */
  note(text: string, style?: Style): void;
}

export function makePrinter(format: OutputFormat, out: NodeJS.WritableStream = process.stdout): Printer {
  return {
    format,
    json: (value) => { out.write(`${JSON.stringify(withoutMetadata(value), jsonDates, 4)}\n`); },
    table: (rows, columns) => { out.write(`${renderTable(rows, columns, out)}\n`); },
    note: (text, style) => {
      if (format === 'table') out.write(`${style ? styleText(style, text, { stream: out }) : text}\n`);
    },
  };
}

/** Green for Active, yellow for anything else (Inactive, Expired). */
export const statusStyle = (value: string): Style => (value === 'Active' ? 'green' : 'yellow');
