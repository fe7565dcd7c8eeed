/**
 * `/console/session`: sign in (POST, with an access key pair or a user name and password), who am
 * I (GET), sign out (DELETE). The session body carries the CSRF token the page sends back on every
 * mutating request; the session token itself travels only in the HttpOnly cookie.
 */
import { randomUUID } from 'node:crypto';
import { SluiceError } from '../../model/errors.ts';
import type { ActiveSession, ConsoleSessions } from '../../services/console-sessions.ts';
import { parseSignIn, type ConsoleSignIn } from '../../services/console-sign-in.ts';
import { decode, type CallRecord, type IncomingCall } from '../aws-json/dispatcher.ts';
import { clientErrorOf } from '../aws-json/errors.ts';
import { clearedSessionCookie, sessionCookie, sessionTokenOf } from './cookies.ts';
import { originAllowed, requireCsrf, requireSession } from './guard.ts';
import { consoleError, consoleJson } from './http.ts';

export interface SessionRoutesOptions {
  signIn: ConsoleSignIn;
  sessions: ConsoleSessions;
  accountId: string;
  region: string;
  /** Reports each sign-in attempt, as CloudTrail's `ConsoleLogin` (audit trail, metrics). */
  onCall?(record: CallRecord): void;
}

function sessionBody(active: ActiveSession, options: SessionRoutesOptions): object {
  return {
    userName: active.user.userName, arn: active.user.arn, accountId: options.accountId, region: options.region,
    csrfToken: active.session.csrfToken, expiresAt: new Date(active.session.expiresAt).toISOString(),
  };
}

async function signIn(call: IncomingCall, options: SessionRoutesOptions): Promise<Response> {
  const { request } = call;
  if (!originAllowed(request)) throw new SluiceError('InvalidCsrfTokenException', 'Sign-in comes from another site (Origin).');
  const credentials = parseSignIn(decode(call.body));
  const started = performance.now();
  // Who tried, never with what: the secret and the password stay out of the record.
  const record: CallRecord = {
    requestId: randomUUID(), service: 'signin', operation: 'ConsoleLogin', sourceIp: call.sourceIp, region: options.region, status: 200, durationMs: 0,
    input: 'accessKeyId' in credentials ? { accessKeyId: credentials.accessKeyId } : { userName: credentials.userName },
    ...(request.headers.has('user-agent') && { userAgent: request.headers.get('user-agent') ?? '' }),
  };
  try {
    const { token, active } = await options.signIn.signIn(credentials, call.sourceIp);
    record.caller = active.caller;
    const maxAge = (active.session.absoluteExpiresAt - active.session.createdAt) / 1000;
    return consoleJson(200, sessionBody(active, options), { 'set-cookie': sessionCookie(request, token, maxAge) });
  } catch (e) {
    const { code, message } = clientErrorOf(e);
    Object.assign(record, { errorCode: code, errorMessage: message, status: code === 'ThrottlingException' ? 429 : 401 });
    throw e;
  } finally {
    record.durationMs = performance.now() - started;
    options.onCall?.(record);
  }
}

async function signOut(call: IncomingCall, options: SessionRoutesOptions): Promise<Response> {
  const active = await requireSession(call.request, options.sessions);
  requireCsrf(call.request, active);
  await options.sessions.end(sessionTokenOf(call.request.headers) ?? '');
  return new Response(null, { status: 204, headers: { 'set-cookie': clearedSessionCookie(call.request), 'cache-control': 'no-store' } });
}

export function makeSessionRoutes(options: SessionRoutesOptions): (call: IncomingCall) => Promise<Response> {
  return async (call) => {
    try {
      switch (call.request.method) {
        case 'POST': return await signIn(call, options);
        case 'GET': return consoleJson(200, sessionBody(await requireSession(call.request, options.sessions), options));
        case 'DELETE': return await signOut(call, options);
        default: return consoleJson(405, { __type: 'MethodNotAllowed', message: `${call.request.method} is not allowed on /console/session` }, { allow: 'GET, POST, DELETE' });
      }
    } catch (e) {
      // A cookie that names no session any more is cleared, so the browser stops sending it.
      const stale = e instanceof SluiceError && (e.code === 'SessionExpiredException' || e.code === 'NotAuthorizedException') && sessionTokenOf(call.request.headers) !== undefined;
      return consoleError(e, stale ? { 'set-cookie': clearedSessionCookie(call.request) } : {});
    }
  };
}
