/**
 * The HTTP application: routes a request to the AWS JSON dispatcher, health and metrics, and
 * (as later protocols arrive) the S3 artifact endpoint, webhooks and the console. Runtime
 * agnostic: a request and its body in, a Fetch Response out; `server/node-http.ts` adapts Node.
 */
import type { IncomingCall } from '../aws-json/dispatcher.ts';
import { isS3Request } from '../s3/detect.ts';
import { BUILD_LOG_PATH } from '../rest/build-log-stream.ts';
import { WEBHOOK_PATH } from '../webhooks/receiver.ts';
import { EVENT_DELIVERIES_PATH } from '../rest/event-deliveries.ts';
import { GIT_PATH_PREFIX, matchGitRoute, type GitRoute } from '../git/routes.ts';
import { CONNECTION_WEBHOOK_PATH } from '../connections/webhooks/receiver.ts';
import { isConsoleRequest } from '../console/routes.ts';

export interface AppRoutes {
  awsJson(call: IncomingCall): Promise<Response>;
  /** True once the server may take traffic (store open, scheduler running) and until it drains. */
  ready(): boolean;
  metrics?(): Promise<string>;
  /** The S3 endpoint of the artifact store: every request signed for the `s3` service, whatever its path. */
  s3?(call: IncomingCall): Promise<Response>;
  /** Inbound deliveries to `POST /webhooks/<id>` (not SigV4-signed; each webhook authenticates its own). */
  webhook?(call: IncomingCall, urlId: string): Promise<Response>;
  /** The IAM API (AWS query protocol): requests to `/` signed for the `iam` service. */
  iam?(call: IncomingCall): Promise<Response>;
  /** The SNS API (AWS query protocol): requests to `/` signed for `sns`, and subscribers' unsigned confirm/unsubscribe links. */
  sns?(call: IncomingCall): Promise<Response>;
  /** `GET /api/builds/<id>/log`: a build's log as server-sent events. */
  buildLog?(call: IncomingCall, url: URL, buildId: string): Promise<Response>;
  /** `GET /api/events/deliveries`: event deliveries and dead letters. */
  eventDeliveries?(call: IncomingCall, url: URL): Promise<Response>;
  /** Git smart HTTP for hosted repositories under `/v1/repos/<name>` (HTTP Basic, not SigV4). */
  git?(call: IncomingCall, route: GitRoute): Promise<Response>;
  /** Git providers' deliveries to `POST /connections/webhooks/<connection id>` (not SigV4-signed). */
  connectionWebhook?(call: IncomingCall, connectionId: string): Promise<Response>;
  /** rest-json APIs by the service their requests are signed for (`codestar-notifications`). */
  restJson?: ReadonlyMap<string, (call: IncomingCall) => Promise<Response>>;
  /** The web console: the page at `/`, `/assets/…`, and its API under `/console/`. */
  console?(call: IncomingCall): Promise<Response>;
}

/** The service of a request's SigV4 credential scope (`Credential=AKID/20240101/us-east-1/iam/aws4_request`). */
export function scopeServiceOf(request: Request, url: URL): string | undefined {
  const header = /Credential=([^,\s]+)/.exec(request.headers.get('authorization') ?? '')?.[1];
  return (header ?? url.searchParams.get('X-Amz-Credential') ?? '').split('/')[3];
}

/** The two SNS actions a subscriber calls by following a link in a message, unsigned. */
const SNS_LINK_ACTIONS = new Set(['ConfirmSubscription', 'Unsubscribe']);

/** SNS's query protocol: signed for `sns`, or an unsigned GET of a message's confirm/unsubscribe link. */
function isSnsQuery(request: Request, url: URL): boolean {
  if (url.pathname !== '/' || request.headers.has('x-amz-target')) return false;
  const service = scopeServiceOf(request, url);
  if (service !== undefined) return service === 'sns';
  return request.method === 'GET' && SNS_LINK_ACTIONS.has(url.searchParams.get('Action') ?? '');
}

/** IAM's query protocol: signed for `iam`, or an unsigned form post (answered with IAM's auth error). */
function isIamQuery(request: Request, url: URL): boolean {
  if (url.pathname !== '/' || request.headers.has('x-amz-target')) return false;
  const service = scopeServiceOf(request, url);
  if (service !== undefined) return service === 'iam';
  return request.method === 'POST' && (request.headers.get('content-type') ?? '').startsWith('application/x-www-form-urlencoded');
}

function json(status: number, body: object): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

export function makeApp(routes: AppRoutes): (call: IncomingCall) => Promise<Response> {
  return async (call) => {
    const { request } = call;
    const url = new URL(request.url);
    const restJson = routes.restJson?.get(scopeServiceOf(request, url) ?? '');
    if (restJson) return restJson(call);
    if (routes.s3 && isS3Request(url, request.headers)) return routes.s3(call);
    if (request.method === 'POST' && url.pathname === '/' && request.headers.has('x-amz-target')) return routes.awsJson(call);
    if (routes.sns && isSnsQuery(request, url)) return routes.sns(call);
    if (routes.iam && isIamQuery(request, url)) return routes.iam(call);
    if (request.method === 'GET' && url.pathname === '/health') {
      const ready = routes.ready();
      return json(ready ? 200 : 503, { status: ready ? 'ready' : 'not ready' });
    }
    if (request.method === 'GET' && url.pathname === '/metrics' && routes.metrics) {
      return new Response(await routes.metrics(), { headers: { 'content-type': 'text/plain; version=0.0.4' } });
    }
    if (request.method === 'POST' && url.pathname === '/') return routes.awsJson(call);
    const buildLog = request.method === 'GET' && routes.buildLog ? BUILD_LOG_PATH.exec(url.pathname) : null;
    if (buildLog && routes.buildLog) return routes.buildLog(call, url, decodeURIComponent(buildLog[1] ?? ''));
    if (request.method === 'GET' && url.pathname === EVENT_DELIVERIES_PATH && routes.eventDeliveries) return routes.eventDeliveries(call, url);
    const git = routes.git && url.pathname.startsWith(GIT_PATH_PREFIX) ? matchGitRoute(request.method, url) : undefined;
    if (git && routes.git) return routes.git(call, git);
    const connectionWebhook = request.method === 'POST' && routes.connectionWebhook ? CONNECTION_WEBHOOK_PATH.exec(url.pathname) : null;
    if (connectionWebhook && routes.connectionWebhook) return routes.connectionWebhook(call, connectionWebhook[1] ?? '');
    const webhook = request.method === 'POST' && routes.webhook ? WEBHOOK_PATH.exec(url.pathname) : null;
    if (webhook && routes.webhook) return routes.webhook(call, webhook[1] ?? '');
    if (routes.console && isConsoleRequest(request, url)) return routes.console(call);
    return json(404, { error: { code: 'NotFound', message: `No route for ${request.method} ${url.pathname}` } });
  };
}
