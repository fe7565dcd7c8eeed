/**
 * The web console on the server's one port: the page at `/` (and `/index.html`), its hashed
 * assets at `/assets/…`, and the console API under `/console/` (sessions, AWS JSON calls as the
 * session's user, the live event stream, build logs, artifact downloads). Every answer carries the
 * console's security headers. Requests other than sign-in need a session; mutating ones need its
 * CSRF token (see `guard.ts`).
 */
import { SluiceError } from '../../model/errors.ts';
import type { ConsoleSessions } from '../../services/console-sessions.ts';
import type { IncomingCall } from '../aws-json/dispatcher.ts';
import type { Caller } from '../aws-json/operation.ts';
import { consoleArtifact, consoleBuildLog, CONSOLE_ARTIFACT_PATH, CONSOLE_BUILD_LOG_PATH, type DownloadOptions } from './downloads.ts';
import { requireCsrf, requireSession } from './guard.ts';
import { consoleError, consoleJson, secured } from './http.ts';
import { staticPathOf, type StaticPath } from './static-assets.ts';

export const CONSOLE_PREFIX = '/console/';

export interface ConsoleRouteHandlers {
  sessions: ConsoleSessions;
  /** `/console/session`. */
  session(call: IncomingCall): Promise<Response>;
  /** `POST /console/aws`. */
  aws(call: IncomingCall): Promise<Response>;
  /** `GET /console/live`, for a session already checked. */
  live?(call: IncomingCall, url: URL, caller: Caller): Promise<Response>;
  downloads: DownloadOptions;
  staticAssets(request: Request, path: StaticPath): Promise<Response>;
}

/** Whether the console answers the request: its API paths, and GETs of the page and its assets. */
export function isConsoleRequest(request: Request, url: URL): boolean {
  if (url.pathname.startsWith(CONSOLE_PREFIX)) return true;
  return (request.method === 'GET' || request.method === 'HEAD') && staticPathOf(url.pathname) !== undefined;
}

function decodedSegment(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new SluiceError('ValidationException', `The path segment ${text.slice(0, 100)} is not valid percent-encoding`);
  }
}

function methodNotAllowed(method: string, path: string, allow: string): Response {
  return consoleJson(405, { __type: 'MethodNotAllowed', message: `${method} is not allowed on ${path}` }, { allow });
}

/** The session-checked GET routes: live events, build logs, artifacts. */
async function sessionRead(handlers: ConsoleRouteHandlers, call: IncomingCall, url: URL): Promise<Response | undefined> {
  const buildLog = CONSOLE_BUILD_LOG_PATH.exec(url.pathname);
  const artifact = CONSOLE_ARTIFACT_PATH.exec(url.pathname);
  if (url.pathname !== '/console/live' && !buildLog && !artifact) return undefined;
  if (call.request.method !== 'GET') return methodNotAllowed(call.request.method, url.pathname, 'GET');
  const active = await requireSession(call.request, handlers.sessions);
  if (buildLog) return consoleBuildLog(handlers.downloads, call, active, url, decodedSegment(buildLog[1] ?? ''));
  if (artifact) return consoleArtifact(handlers.downloads, call, active, decodedSegment(artifact[1] ?? ''), decodedSegment(artifact[2] ?? ''));
  if (!handlers.live) return undefined;
  return handlers.live(call, url, active.caller);
}

async function route(handlers: ConsoleRouteHandlers, call: IncomingCall, url: URL): Promise<Response> {
  const { request } = call;
  const path = staticPathOf(url.pathname);
  if (path && (request.method === 'GET' || request.method === 'HEAD')) return handlers.staticAssets(request, path);
  if (url.pathname === '/console/session') return handlers.session(call);
  if (url.pathname === '/console/aws') return request.method === 'POST' ? handlers.aws(call) : methodNotAllowed(request.method, url.pathname, 'POST');
  const read = await sessionRead(handlers, call, url);
  if (read) return read;
  // Unknown console paths: a session is still required, so they reveal nothing to strangers.
  const active = await requireSession(request, handlers.sessions);
  requireCsrf(request, active);
  return consoleJson(404, { __type: 'NotFoundException', message: `No console route ${request.method} ${url.pathname}` });
}

export function makeConsoleRoutes(handlers: ConsoleRouteHandlers): (call: IncomingCall) => Promise<Response> {
  return async (call) => {
    const url = new URL(call.request.url);
    try {
      return secured(await route(handlers, call, url));
    } catch (e) {
      return secured(consoleError(e));
    }
  };
}
