/**
 * Forwards one request to a target and streams the answer back: bodies flow both ways without
 * buffering, upstream connections are reused through a keep-alive agent, and the router answers
 * 502 / 503 / 504 itself (see `error-pages.ts`) when no target answers.
 *
 * Retries: a request is sent again, to another target when there is one, only when the first
 * attempt provably reached no application: the connection was refused or could not be made, or a
 * reused keep-alive connection was found closed before any response byte. Only requests with an
 * idempotent method and no body are retried (a streamed body cannot be replayed), at most
 * `maxAttempts` times. This is what keeps a target that stops between two health checks from
 * failing requests during a blue/green switch.
 */
import type { Agent, IncomingMessage, ServerResponse } from 'node:http';
import { request } from 'node:http';
import { sendRouterError } from './error-pages.ts';
import { endToEnd, forwardedRequestHeaders } from './forward-headers.ts';

export interface ProxyTarget { key: string; host: string; port: number }

export interface ProxyOptions {
  agent: Agent;
  /** How long a target may stay silent (no response bytes) before the client gets 504. */
  idleTimeoutMs: number;
  /** Attempts per request, retries included. */
  maxAttempts: number;
  listenerPort: number;
  /** The next target, avoiding those already tried; undefined when there is none. */
  choose(tried: ReadonlySet<string>): ProxyTarget | undefined;
  /** Called when a request to `target` starts; the returned function when it ends. `abort` cuts it short. */
  track(target: ProxyTarget, abort: () => void): () => void;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']);
/** Errors that mean the connection was never made, so the target saw nothing. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EADDRNOTAVAIL']);
/** Errors on a reused keep-alive socket that the target closed while it was idle. */
const STALE_SOCKET = new Set(['ECONNRESET', 'EPIPE']);

class IdleTimeout extends Error {}

function hasBody(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');
}

export function proxyRequest(req: IncomingMessage, res: ServerResponse, options: ProxyOptions): void {
  const retryable = IDEMPOTENT.has(req.method ?? '') && !hasBody(req);
  const headers = forwardedRequestHeaders(req.headers, { address: req.socket.remoteAddress ?? '', listenerPort: options.listenerPort });
  const tried = new Set<string>();

  const attempt = (): void => {
    const target = options.choose(tried);
    if (!target) {
      sendRouterError(res, tried.size > 0 ? 502 : 503);
      return;
    }
    tried.add(target.key);
    const upstream = request({ host: target.host, port: target.port, method: req.method, path: req.url, headers, agent: options.agent });
    const done = once(options.track(target, () => { upstream.destroy(); res.destroy(); }));
    let responded = false;
    upstream.setTimeout(options.idleTimeoutMs, () => upstream.destroy(new IdleTimeout('target idle timeout')));
    upstream.once('response', (answer) => {
      responded = true;
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, endToEnd(answer.headers));
      answer.pipe(res);
      answer.once('error', () => res.destroy());
    });
    upstream.once('error', (err: NodeJS.ErrnoException) => {
      done();
      if (responded) {
        res.destroy();
        return;
      }
      const unsent = NOT_CONNECTED.has(err.code ?? '') || (upstream.reusedSocket && STALE_SOCKET.has(err.code ?? ''));
      if (retryable && unsent && tried.size < options.maxAttempts && !res.destroyed) {
        attempt();
        return;
      }
      sendRouterError(res, err instanceof IdleTimeout ? 504 : 502);
    });
    res.once('close', () => {
      if (!res.writableFinished) upstream.destroy();
      done();
    });
    if (retryable) upstream.end();
    else req.pipe(upstream);
  };
  attempt();
}

function once(fn: () => void): () => void {
  let called = false;
  return () => {
    if (called) return;
    called = true;
    fn();
  };
}
