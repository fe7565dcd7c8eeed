/**
 * The web console's API as a browser uses it, for server tests: sign in (keeping the session
 * cookie and CSRF token), then requests that send them back, as `fetch` from the page would.
 */
import assert from 'node:assert/strict';
import { Sha256 } from '@smithy/core/checksum';
import { HttpRequest } from '@smithy/core/protocols';
import { SignatureV4 } from '@smithy/signature-v4';
import type { TestServer } from './server.ts';

export interface ConsoleSession {
  cookie: string;
  csrfToken: string;
  body: Record<string, unknown>;
  setCookie: string;
}

/** `POST /console/session` with `credentials`; the raw response. */
export function postSignIn(t: TestServer, credentials: object, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${t.url}/console/session`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(credentials) });
}

/** Signs in (asserting 200) and keeps what the browser would. */
export async function signIn(t: TestServer, credentials: object = t.credentials): Promise<ConsoleSession> {
  const response = await postSignIn(t, credentials);
  const body = await response.json() as Record<string, unknown>;
  assert.equal(response.status, 200, JSON.stringify(body));
  const setCookie = response.headers.get('set-cookie') ?? '';
  const cookie = setCookie.split(';')[0] ?? '';
  return { cookie, csrfToken: String(body.csrfToken), body, setCookie };
}

export interface ConsoleRequest {
  method?: string;
  body?: string;
  headers?: Record<string, string>;
  /** Send the session's CSRF token. @default true */
  csrf?: boolean;
}

/** A request to the console with the session's cookie (and, unless told otherwise, its CSRF token). */
export function consoleFetch(t: TestServer, session: ConsoleSession | undefined, path: string, request: ConsoleRequest = {}): Promise<Response> {
  return fetch(`${t.url}${path}`, {
    method: request.method ?? 'GET',
    headers: {
      ...(session && { cookie: session.cookie }),
      ...(session && request.csrf !== false && { 'x-csrf-token': session.csrfToken }),
      ...request.headers,
    },
    ...(request.body !== undefined && { body: request.body }),
  });
}

/** `POST /console/aws` calling `target` with `input`, as the page calls any AWS JSON operation. */
export function consoleAws(t: TestServer, session: ConsoleSession | undefined, target: string, input: object, request: ConsoleRequest = {}): Promise<Response> {
  return consoleFetch(t, session, '/console/aws', {
    method: 'POST', body: JSON.stringify(input), ...request,
    headers: { 'x-amz-target': target, 'content-type': 'application/x-amz-json-1.1', ...request.headers },
  });
}

/** The same AWS JSON call SigV4-signed with `credentials`, as an SDK sends it: the answer to compare the console's with. */
export async function signedAwsJson(t: TestServer, credentials: { accessKeyId: string; secretAccessKey: string }, service: string, target: string, input: object): Promise<Response> {
  const url = new URL(t.url);
  const body = JSON.stringify(input);
  const signer = new SignatureV4({ service, region: 'us-east-1', credentials, sha256: Sha256 });
  const signed = await signer.sign(new HttpRequest({
    method: 'POST', protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path: '/', body,
    headers: { host: url.host, 'x-amz-target': target, 'content-type': 'application/x-amz-json-1.1' },
  }));
  const { host: _host, ...headers } = signed.headers;
  return fetch(`${t.url}/`, { method: 'POST', headers, body });
}

/** One server-sent event as the browser's EventSource sees it; `comment` for `: …` lines. */
export interface SseMessage { id?: string; event?: string; data?: string; comment?: string }

/** Reads an event stream message by message, waiting for each (a test's own timeout bounds the wait). */
export function sseReader(response: Response): { next(): Promise<SseMessage | undefined>; close(): Promise<void> } {
  const reader: ReadableStreamDefaultReader<Uint8Array> = (response.body ?? new ReadableStream<Uint8Array>()).getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  return {
    async next() {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const message: SseMessage = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) message.comment = line.slice(1).trim();
            const colon = line.indexOf(': ');
            if (colon > 0) (message as Record<string, string>)[line.slice(0, colon)] = line.slice(colon + 2);
          }
          return message;
        }
        const { done, value } = await reader.read();
        if (done) return undefined;
        buffer += decoder.decode(value, { stream: true });
      }
    },
    async close() {
      await reader.cancel().catch(() => undefined);
    },
  };
}
