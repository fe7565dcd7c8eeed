/**
 * Opaque pagination tokens and page sizes shared by every list query.
 *
 * A token is base64url of `{"k": kind, "a": after}`: the list it belongs to and the sort key of
 * the last item returned. It holds no secrets and no offsets, so a page stays stable while new
 * rows arrive. A token that does not decode, or belongs to another list, is
 * InvalidNextTokenException, AWS's error for the same case.
 */
import { SluiceError } from '../../model/errors.ts';

/** @default page size when a request names none. */
export const DEFAULT_PAGE_SIZE = 100;
/** The largest page AWS list operations allow. */
export const MAX_PAGE_SIZE = 1000;

export type PageKind = 'pipelines' | 'executions' | 'actionExecutions' | 'auditEvents' | 'webhooks'
  | 'buildProjects' | 'builds' | 'reportGroups' | 'reports' | 'testCases'
  | 'deployApplications' | 'deploymentGroups' | 'deploymentConfigs' | 'deployments' | 'deployRevisions';

export function pageSize(maxResults: number | undefined): number {
  if (maxResults === undefined || !Number.isFinite(maxResults)) return DEFAULT_PAGE_SIZE;
  return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.trunc(maxResults)));
}

export function encodePageToken(kind: PageKind, after: string | number): string {
  return Buffer.from(JSON.stringify({ k: kind, a: after }), 'utf8').toString('base64url');
}

export function decodeStringToken(kind: PageKind, token: string): string {
  const after = decode(kind, token);
  if (typeof after !== 'string') throw invalidToken();
  return after;
}

export function decodeNumberToken(kind: PageKind, token: string): number {
  const after = decode(kind, token);
  if (typeof after !== 'number' || !Number.isSafeInteger(after)) throw invalidToken();
  return after;
}

function decode(kind: PageKind, token: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalidToken();
  }
  if (typeof parsed !== 'object' || parsed === null) throw invalidToken();
  const { k, a } = parsed as { k?: unknown; a?: unknown };
  if (k !== kind) throw invalidToken();
  return a;
}

function invalidToken(): SluiceError {
  return new SluiceError('InvalidNextTokenException', 'The next token is invalid or expired');
}

/** Splits `limit + 1` fetched rows into a page and the sort key to continue after, if any. */
export function takePage<T>(rows: T[], limit: number): { rows: T[]; more: boolean } {
  return rows.length > limit ? { rows: rows.slice(0, limit), more: true } : { rows, more: false };
}
