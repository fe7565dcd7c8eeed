/**
 * Conditional and partial reads, as S3 applies them to GetObject and HeadObject:
 *
 * 1. `If-Match` that fails → 412; else `If-Unmodified-Since` (only without If-Match) that fails → 412;
 * 2. `If-None-Match` that matches → 304; else `If-Modified-Since` (only without If-None-Match) → 304;
 * 3. `Range: bytes=a-b | a- | -n`: one range → 206 with Content-Range; a range past the end → 416
 *    InvalidRange; a header S3 would not parse (several ranges, other units) is ignored (200).
 *
 * Dates compare in whole seconds, as Last-Modified carries them.
 */
import type { ObjectInfo } from '../../artifacts/objects/ports.ts';
import { S3Error } from './errors.ts';

export type Precondition = { status: 200 } | { status: 304 } | { status: 412; condition: string };

const seconds = (ms: number): number => Math.floor(ms / 1000);

function etagMatches(header: string, etag: string): boolean {
  return header.split(',').map((t) => t.trim()).some((t) => t === '*' || t === etag || `"${t}"` === etag || t === `W/${etag}`);
}

function dateOf(header: string | null): number | undefined {
  if (header === null) return undefined;
  const ms = Date.parse(header);
  return Number.isNaN(ms) ? undefined : seconds(ms);
}

export function checkPreconditions(headers: Headers, info: ObjectInfo): Precondition {
  const modified = seconds(info.lastModifiedMs);
  const ifMatch = headers.get('if-match');
  if (ifMatch !== null) {
    if (!etagMatches(ifMatch, info.etag)) return { status: 412, condition: 'If-Match' };
  } else {
    const unmodifiedSince = dateOf(headers.get('if-unmodified-since'));
    if (unmodifiedSince !== undefined && modified > unmodifiedSince) return { status: 412, condition: 'If-Unmodified-Since' };
  }
  const ifNoneMatch = headers.get('if-none-match');
  if (ifNoneMatch !== null) {
    if (etagMatches(ifNoneMatch, info.etag)) return { status: 304 };
  } else {
    const modifiedSince = dateOf(headers.get('if-modified-since'));
    if (modifiedSince !== undefined && modified <= modifiedSince) return { status: 304 };
  }
  return { status: 200 };
}

/** The byte range to send (inclusive), undefined for the whole object. @throws S3Error InvalidRange */
export function rangeOf(header: string | null, size: number): { start: number; end: number } | undefined {
  if (header === null) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (m === null || (m[1] === '' && m[2] === '')) return undefined;
  const unsatisfiable = (): S3Error => new S3Error('InvalidRange', 416, 'The requested range is not satisfiable',
    { RangeRequested: header, ActualObjectSize: String(size) });
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) throw unsatisfiable();
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (m[2] !== '' && Number(m[2]) < start) return undefined;
  if (start >= size) throw unsatisfiable();
  return { start, end };
}
