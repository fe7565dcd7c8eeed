/**
 * The checks in front of every console route but sign-in: a live session (from the cookie), and
 * for requests that change something (POST, PUT, DELETE) the session's CSRF token in
 * `X-CSRF-Token` and, when the browser sends one, an `Origin` equal to the server's own. The
 * cookie is SameSite=Strict already; the token and Origin checks hold even where a browser
 * ignores SameSite.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { SluiceError } from '../../model/errors.ts';
import type { ActiveSession, ConsoleSessions } from '../../services/console-sessions.ts';
import { isHttps, sessionTokenOf } from './cookies.ts';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function isMutating(request: Request): boolean {
  return MUTATING.has(request.method);
}

/**
 * False when the request carries an `Origin` other than the server's own: the scheme the browser
 * used and the `Host` it reached (which may be a name for the listening address).
 */
export function originAllowed(request: Request): boolean {
  const origin = request.headers.get('origin');
  if (origin === null) return true;
  const host = request.headers.get('host') ?? new URL(request.url).host;
  return origin === `${isHttps(request) ? 'https' : 'http'}://${host}`;
}

function sameToken(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

/** The request's session; NotAuthorizedException or SessionExpiredException without one. */
export async function requireSession(request: Request, sessions: ConsoleSessions, touch = true): Promise<ActiveSession> {
  const found = await sessions.lookup(sessionTokenOf(request.headers), touch);
  if (found.status === 'active') return found.active;
  if (found.status === 'expired') throw new SluiceError('SessionExpiredException', 'The console session expired; sign in again.');
  throw new SluiceError('NotAuthorizedException', 'Sign in to the console first.');
}

/** InvalidCsrfTokenException unless a mutating request carries the session's token and no foreign Origin. */
export function requireCsrf(request: Request, active: ActiveSession): void {
  if (!isMutating(request)) return;
  if (!originAllowed(request)) throw new SluiceError('InvalidCsrfTokenException', 'The request comes from another site (Origin).');
  const token = request.headers.get('x-csrf-token');
  if (token === null || !sameToken(token, active.session.csrfToken)) {
    throw new SluiceError('InvalidCsrfTokenException', "The request's X-CSRF-Token is missing or not this session's.");
  }
}
