/**
 * The session cookie: `sluice_session=<token>; HttpOnly; SameSite=Strict; Path=/`, `Secure` when
 * the page was reached over https (directly or behind a proxy that says so), and a Max-Age up to
 * the session's absolute expiry so it survives a browser restart as long as the session does.
 */
export const SESSION_COOKIE = 'sluice_session';

/** The session token the request's cookies carry, if any. */
export function sessionTokenOf(headers: Headers): string | undefined {
  for (const part of (headers.get('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}

/** Whether the browser reached the server over https: the URL itself, or a TLS-terminating proxy's `X-Forwarded-Proto`. */
export function isHttps(request: Request): boolean {
  return new URL(request.url).protocol === 'https:' || (request.headers.get('x-forwarded-proto') ?? '').split(',')[0]?.trim() === 'https';
}

function attributes(request: Request, maxAgeSeconds: number): string {
  return `; HttpOnly; SameSite=Strict; Path=/; Max-Age=${maxAgeSeconds}${isHttps(request) ? '; Secure' : ''}`;
}

export function sessionCookie(request: Request, token: string, maxAgeSeconds: number): string {
  return `${SESSION_COOKIE}=${token}${attributes(request, Math.max(0, Math.floor(maxAgeSeconds)))}`;
}

/** Tells the browser to forget the cookie. */
export function clearedSessionCookie(request: Request): string {
  return `${SESSION_COOKIE}=${attributes(request, 0)}`;
}
