/**
 * Serves the runtime-agnostic app on node:http: reads each body (up to a limit, so an oversized
 * request is refused without buffering it), builds a Fetch Request, writes the Response back.
 * Tracks in-flight requests so a drain can wait for them.
 *
 * Requests the `streamBody` option picks (S3 uploads, up to gigabytes) are not buffered: their
 * Request carries the body as a stream, read by the app with backpressure, and `body` is empty.
 * Response bodies are always streamed out, so a large download holds one chunk at a time.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { IncomingCall } from '../api/aws-json/dispatcher.ts';

export interface HttpServerOptions {
  host: string;
  port: number;
  /** Largest request body accepted. @default 4 MiB */
  maxBodyBytes?: number;
  /** A larger limit for some paths (git providers' webhook payloads). @default maxBodyBytes everywhere */
  bodyLimit?(url: URL): number | undefined;
  /** Requests whose body the app reads itself, as a stream, with its own limits. @default none */
  streamBody?(url: URL, headers: Headers): boolean;
  app(call: IncomingCall): Promise<Response>;
}

export interface RunningHttpServer {
  url: string;
  /** Stops accepting connections and waits for in-flight requests to finish. */
  close(): Promise<void>;
}

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage, limit: number): Promise<Uint8Array> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).byteLength;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers.set(name, Array.isArray(value) ? value.join(',') : value);
  }
  return headers;
}

function toRequest(req: IncomingMessage, url: URL, headers: Headers, body: Uint8Array | 'stream'): Request {
  const method = req.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD') return new Request(url, { method, headers });
  if (body === 'stream') return new Request(url, { method, headers, body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: 'half' });
  return new Request(url, { method, headers, ...(body.byteLength > 0 && { body }) });
}

/** Responses declaring more bytes than this are streamed, not buffered. */
const STREAM_ABOVE_BYTES = 256 * 1024;

async function writeResponse(res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, name) => res.setHeader(name, value));
  if (!response.body) {
    res.end();
    return;
  }
  // Small bodies (every API answer; downloads declare their length) are written in one piece: a
  // stream pipeline per response costs more than most operations (measured on GetPipelineState).
  // Event streams have no end to wait for: they are always streamed.
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  const eventStream = response.headers.get('content-type') === 'text/event-stream';
  // Git's answers (packs for a clone) have no declared length and may be large: always streamed.
  const gitStream = (response.headers.get('content-type') ?? '').startsWith('application/x-git-');
  if (!eventStream && !gitStream && !(declared > STREAM_ABOVE_BYTES)) {
    res.end(Buffer.from(await response.arrayBuffer()));
    return;
  }
  // pipeline ends `res`, and destroys the body's source if the client goes away mid-download.
  await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), res);
}

function tooLarge(res: ServerResponse, limit: number): void {
  res.statusCode = 413;
  res.setHeader('content-type', 'application/x-amz-json-1.1');
  res.setHeader('connection', 'close');
  res.end(JSON.stringify({ __type: 'RequestEntityTooLargeException', message: `The request body is larger than ${limit} bytes` }));
}

export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const limit = options.maxBodyBytes ?? 4 * 1024 * 1024;
  const inFlight = new Set<Promise<void>>();
  let origin = '';
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', origin);
    const headers = headersOf(req);
    if (options.streamBody?.(url, headers) === true) {
      const call = { request: toRequest(req, url, headers, 'stream'), body: new Uint8Array(0), sourceIp: req.socket.remoteAddress ?? '', target: req.url ?? '/' };
      const response = await options.app(call);
      await writeResponse(res, response);
      return;
    }
    let body: Uint8Array;
    const max = options.bodyLimit?.(url) ?? limit;
    try {
      body = await readBody(req, max);
    } catch (e) {
      if (e instanceof BodyTooLarge) return tooLarge(res, max);
      res.destroy();
      return;
    }
    const sourceIp = req.socket.remoteAddress ?? '';
    const response = await options.app({ request: toRequest(req, url, headers, body), body, sourceIp, target: req.url ?? '/' });
    await writeResponse(res, response);
  };
  const server: Server = createServer((req, res) => {
    const done = handle(req, res).catch(() => {
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    }).finally(() => inFlight.delete(done));
    inFlight.add(done);
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  origin = `http://${host}:${address.port}`;
  return {
    url: origin,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await Promise.all(inFlight);
      server.closeAllConnections();
      await closed;
    },
  };
}
