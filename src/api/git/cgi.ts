/**
 * Runs git's own smart HTTP server, `git http-backend` (a CGI program in `git --exec-path`), for
 * one request: the request body streams into its stdin, its stdout is parsed as a CGI answer
 * (header lines, a blank line, the body) and the body streams back out.
 *
 * - The repository is given as `GIT_PROJECT_ROOT` (its parent directory) plus `PATH_INFO`
 *   (`/<dir name><pathInfo>`), so http-backend serves exactly that directory.
 * - gzip request bodies (git compresses large negotiation requests) are passed through with
 *   `HTTP_CONTENT_ENCODING`: http-backend inflates them itself, streaming.
 * - Protocol v2 arrives in the `Git-Protocol` header and is passed on as `GIT_PROTOCOL`.
 * - receive-pack runs only when `allowPush` is set (`http.receivepack`), after authorization, and
 *   refuses a pack larger than `maxPushBytes` (`receive.maxInputSize`) with git's own message.
 * - Neither the machine's nor the user's git configuration applies (`GIT_CONFIG_NOSYSTEM`,
 *   `GIT_CONFIG_GLOBAL=/dev/null`): the repository's own config and these settings do.
 */
import { spawn } from 'node:child_process';
import { basename, dirname } from 'node:path';
import { Readable } from 'node:stream';

export interface CgiRequest {
  gitDir: string;
  pathInfo: string;
  method: string;
  /** The query string without `?`. */
  query: string;
  headers: Headers;
  body: ReadableStream<Uint8Array> | null;
  /** Recorded by git as the pusher (`REMOTE_USER`); also what enables receive-pack. */
  remoteUser: string;
  remoteAddr: string;
  allowPush: boolean;
  /** Largest pack a push may send (git's `receive.maxInputSize`). */
  maxPushBytes: number;
}

export interface CgiResponse {
  status: number;
  headers: Headers;
  body: Readable;
  /** Settles when http-backend has exited: its exit code and the end of its stderr. */
  exited: Promise<{ code: number | null; stderr: string }>;
}

/** The `Git-Protocol` header's grammar (`version=2`, `key=value:key=value`). */
const GIT_PROTOCOL = /^[\w.=:-]{1,256}$/;
/** Largest CGI header block read before giving up on a misbehaving backend. */
const MAX_HEADER_BYTES = 64 * 1024;
/** stderr kept for the log. */
const MAX_STDERR_CHARS = 4096;

function cgiEnv(request: CgiRequest): NodeJS.ProcessEnv {
  const header = (name: string): string | undefined => request.headers.get(name) ?? undefined;
  const protocol = header('git-protocol');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_PROJECT_ROOT: dirname(request.gitDir), PATH_INFO: `/${basename(request.gitDir)}${request.pathInfo}`,
    GIT_HTTP_EXPORT_ALL: '1',
    GIT_CONFIG_COUNT: '2', GIT_CONFIG_KEY_0: 'http.receivepack', GIT_CONFIG_VALUE_0: request.allowPush ? 'true' : 'false',
    GIT_CONFIG_KEY_1: 'receive.maxInputSize', GIT_CONFIG_VALUE_1: String(request.maxPushBytes),
    REQUEST_METHOD: request.method, QUERY_STRING: request.query,
    REMOTE_USER: request.remoteUser, REMOTE_ADDR: request.remoteAddr,
    CONTENT_TYPE: header('content-type') ?? '',
  };
  const length = header('content-length');
  if (length !== undefined && /^\d+$/.test(length)) env.CONTENT_LENGTH = length;
  const encoding = header('content-encoding');
  if (encoding !== undefined) env.HTTP_CONTENT_ENCODING = encoding;
  if (protocol !== undefined && GIT_PROTOCOL.test(protocol)) {
    env.GIT_PROTOCOL = protocol;
    env.HTTP_GIT_PROTOCOL = protocol;
  }
  return env;
}

/** Splits `Status: 403 Forbidden` and the other header lines of a CGI answer. */
function parseCgiHeaders(block: string): { status: number; headers: Headers } {
  const headers = new Headers();
  let status = 200;
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10) || 500;
    else headers.append(name, value);
  }
  return { status, headers };
}

/** Reads stdout up to the blank line ending the CGI headers; the rest is the body. */
async function readHeaderBlock(stdout: Readable): Promise<{ block: string; rest: Buffer }> {
  let buffered = Buffer.alloc(0);
  // Leaving this loop must not destroy stdout: the body is read from it afterwards.
  for await (const chunk of stdout.iterator({ destroyOnReturn: false })) {
    buffered = Buffer.concat([buffered, chunk as Buffer]);
    const text = buffered.toString('latin1');
    const end = /\r?\n\r?\n/.exec(text);
    if (end) return { block: text.slice(0, end.index), rest: buffered.subarray(end.index + end[0].length) };
    if (buffered.byteLength > MAX_HEADER_BYTES) break;
  }
  throw new Error('git http-backend answered without a complete header block');
}

/** The body: what followed the headers, then the rest of stdout, streamed. */
async function* bodyOf(rest: Buffer, stdout: Readable): AsyncGenerator<Buffer> {
  if (rest.byteLength > 0) yield rest;
  for await (const chunk of stdout) yield chunk as Buffer;
}

export async function runHttpBackend(request: CgiRequest): Promise<CgiResponse> {
  const child = spawn('git', ['http-backend'], { env: cgiEnv(request), stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    if (stderr.length < MAX_STDERR_CHARS) stderr += text.slice(0, MAX_STDERR_CHARS - stderr.length);
  });
  const exited = new Promise<{ code: number | null; stderr: string }>((resolve) => {
    child.once('close', (code) => resolve({ code, stderr }));
    child.once('error', () => resolve({ code: null, stderr }));
  });
  // http-backend may answer (an error) before reading all the input: a closed stdin is expected.
  child.stdin.on('error', () => undefined);
  if (request.body) {
    const input = Readable.fromWeb(request.body);
    input.on('error', () => child.kill());
    input.pipe(child.stdin);
  } else {
    child.stdin.end();
  }
  try {
    const { block, rest } = await readHeaderBlock(child.stdout);
    const { status, headers } = parseCgiHeaders(block);
    return { status, headers, body: Readable.from(bodyOf(rest, child.stdout)), exited };
  } catch (e) {
    child.kill();
    await exited;
    throw new Error(`git http-backend failed: ${stderr.trim() || (e as Error).message}`, { cause: e });
  }
}
