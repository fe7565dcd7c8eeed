/**
 * A build's log, live: `GET /api/builds/<build id>/log` answers a server-sent event stream of the
 * build's log lines as they are stored, then its end. The console reads builds this way; any
 * client may too with a request SigV4-signed for `codebuild` (header or presigned query),
 * authorized as `codebuild:BatchGetBuilds` on the build's project.
 *
 * Events:
 *   `id: <seq>` `event: log`    `data: {"seq", "timestamp", "message"}` (lines already masked)
 *   `event: phase`              `data: {"currentPhase", "buildStatus"}` whenever either changes
 *   `event: end`                `data: {"buildStatus"}` once the build is complete and every line sent
 * A reconnecting client sends `Last-Event-ID: <seq>` (or `?after=<seq>`) and gets the lines after it.
 * Lines are read from the store, so a build run by any server process streams from any other.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { SluiceError } from '../../model/errors.ts';
import type { Store } from '../../store/ports.ts';
import type { IncomingCall } from '../aws-json/dispatcher.ts';
import { clientErrorOf, statusOf } from '../aws-json/errors.ts';
import type { Caller } from '../aws-json/operation.ts';

export const BUILD_LOG_PATH = /^\/api\/builds\/([^/]+)\/log$/;

export interface BuildLogStreamOptions {
  store: Store;
  /** How often the store is asked for new lines while the build runs. @default 200 */
  pollMs?: number;
  /** Lines per store read. @default 500 */
  batch?: number;
  /** Ends every stream (the server is shutting down). */
  closing: AbortSignal;
}

const encoder = new TextEncoder();

function event(name: string, data: object, id?: number): Uint8Array {
  return encoder.encode(`${id === undefined ? '' : `id: ${id}\n`}event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
}

/** Waits `ms`, or less when `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return sleep(ms, undefined, { signal }).catch(() => undefined);
}

/** The seq to start after: `Last-Event-ID`, else `?after=`, else 0. */
export function resumeSeq(headers: Headers, url: URL): number {
  const text = headers.get('last-event-id') ?? url.searchParams.get('after') ?? '0';
  const seq = Number(text);
  if (!Number.isInteger(seq) || seq < 0) throw new SluiceError('InvalidInputException', `Cannot resume after "${text}": expected a line number`);
  return seq;
}

/** The event stream of `buildId` (which must exist), starting after line `afterSeq`. */
export function buildLogStream(options: BuildLogStreamOptions, buildId: string, afterSeq: number): ReadableStream<Uint8Array> {
  const { store, closing } = options;
  const pollMs = options.pollMs ?? 200;
  const limit = options.batch ?? 500;
  let seq = afterSeq;
  let phase = '';
  const cancelled = new AbortController();
  const stop = AbortSignal.any([closing, cancelled.signal]);
  return new ReadableStream<Uint8Array>({
    // Each pull sends what is new (waiting for it if need be), so a slow reader holds one batch.
    async pull(controller) {
      for (;;) {
        if (stop.aborted) return controller.close();
        const build = await store.builds.get(buildId);
        const lines = await store.buildLogs.read(buildId, { direction: 'forward', afterSeq: seq, limit });
        const current = build ? `${build.currentPhase}/${build.buildStatus}` : '';
        const changed = build !== undefined && current !== phase;
        if (build && changed) {
          phase = current;
          controller.enqueue(event('phase', { currentPhase: build.currentPhase, buildStatus: build.buildStatus }));
        }
        for (const line of lines) controller.enqueue(event('log', line, line.seq));
        seq = lines.at(-1)?.seq ?? seq;
        if (lines.length > 0 || changed) return;
        // Complete and nothing left to send (the build was read before its lines: none can follow).
        if (!build || build.queueState === 'Finished') {
          controller.enqueue(event('end', { buildStatus: build?.buildStatus ?? 'UNKNOWN' }));
          return controller.close();
        }
        await pause(pollMs, stop);
      }
    },
    cancel() {
      cancelled.abort();
    },
  });
}

export interface BuildLogRouteOptions extends BuildLogStreamOptions {
  accountId: string;
  authenticate(call: IncomingCall): Promise<{ caller: Caller; region: string; signingService: string }>;
  authorize(caller: Caller, action: string, resource: string, sourceIp: string): Promise<void>;
}

function errorResponse(e: unknown): Response {
  const { code, message } = clientErrorOf(e);
  // A plain HTTP endpoint: a refusal is 403 here (AWS JSON answers AccessDeniedException with 400).
  const status = code === 'AccessDeniedException' ? 403 : statusOf(code);
  return new Response(JSON.stringify({ __type: code, message }), { status, headers: { 'content-type': 'application/json' } });
}

/**
 * The stream of `buildId`'s log for an authenticated caller: authorized as `codebuild:BatchGetBuilds`
 * on the build's project (so an unknown build is refused like a forbidden one), resumed after
 * `afterSeq`. Throws SluiceErrors.
 */
export async function openBuildLog(
  options: Omit<BuildLogRouteOptions, 'authenticate'>, caller: Caller, region: string, sourceIp: string, buildId: string, afterSeq: number,
): Promise<Response> {
  const build = await options.store.builds.get(buildId);
  const project = build?.projectName ?? buildId.slice(0, Math.max(0, buildId.lastIndexOf(':')));
  await options.authorize(caller, 'codebuild:BatchGetBuilds', `arn:aws:codebuild:${region}:${options.accountId}:project/${project}`, sourceIp);
  if (!build) throw new SluiceError('ResourceNotFoundException', `Build not found: ${buildId}`);
  const stream = buildLogStream(options, build.id, afterSeq);
  return new Response(stream, { headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-store' } });
}

/** `GET /api/builds/<id>/log`: authenticates, authorizes on the build's project, answers the stream. */
export function makeBuildLogRoute(options: BuildLogRouteOptions): (call: IncomingCall, url: URL, buildId: string) => Promise<Response> {
  return async (call, url, buildId) => {
    try {
      const { caller, region, signingService } = await options.authenticate(call);
      if (signingService !== 'codebuild') throw new SluiceError('InvalidSignatureException', "Credential should be scoped to correct service: 'codebuild'.");
      return await openBuildLog(options, caller, region, call.sourceIp, buildId, resumeSeq(call.request.headers, url));
    } catch (e) {
      return errorResponse(e);
    }
  };
}
