/**
 * What every console response shares: security headers, JSON bodies and the error table of the
 * console's own routes (`{"__type", "message"}`, as the AWS JSON API answers). The page is served
 * with a strict Content-Security-Policy: scripts, styles, fonts, images and connections from the
 * server itself only, no inline script, no framing.
 */
import type { ErrorCode } from '../../model/errors.ts';
import { clientErrorOf } from '../aws-json/errors.ts';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "font-src 'self'", "connect-src 'self'",
  "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
};

/** The response with the console's security headers added. */
export function secured(response: Response): Response {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.headers.set(name, value);
  return response;
}

/** A JSON answer of the console API; never cached (it may carry the CSRF token). */
export function consoleJson(status: number, body: object, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
  });
}

/** Statuses of the console's own routes; anything not listed is a 400 (a SluiceError) or a 500. */
const STATUS: Partial<Record<ErrorCode, number>> = {
  NotAuthorizedException: 401,
  SessionExpiredException: 401,
  InvalidCsrfTokenException: 403,
  AccessDeniedException: 403,
  ThrottlingException: 429,
  ResourceNotFoundException: 404,
  NotFoundException: 404,
  InternalFailure: 500,
};

/** `{"__type", "message"}` with the status of the console's table; internal errors are answered without details. */
export function consoleError(e: unknown, headers: Record<string, string> = {}): Response {
  const { code, message } = clientErrorOf(e);
  return consoleJson(STATUS[code] ?? 400, { __type: code, message }, headers);
}
