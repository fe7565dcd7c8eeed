/**
 * Serves the runtime-agnostic app on node:http: reads each body (up to a limit, so an oversized
 * request is refused without buffering it), builds a Fetch Request, writes the Response back.
 * Tracks in-flight requests so a drain can wait for them.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IncomingCall } from '../api/aws-json/dispatcher.ts';

export interface HttpServerOptions {
  host: string;
  port: number;
  /** Largest request body accepted. @default 4 MiB */
  maxBodyBytes?: number;
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

function toRequest(req: IncomingMessage, body: Uint8Array, origin: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers.set(name, Array.isArray(value) ? value.join(',') : value);
  }
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD' && body.byteLength > 0;
  return new Request(new URL(req.url ?? '/', origin), { method, headers, ...(hasBody && { body }) });
}

async function writeResponse(res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, name) => res.setHeader(name, value));
  const body = response.body ? Buffer.from(await response.arrayBuffer()) : undefined;
  res.end(body);
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
    let body: Uint8Array;
    try {
      body = await readBody(req, limit);
    } catch (e) {
      if (e instanceof BodyTooLarge) return tooLarge(res, limit);
      res.destroy();
      return;
    }
    const sourceIp = req.socket.remoteAddress ?? '';
    const response = await options.app({ request: toRequest(req, body, origin), body, sourceIp });
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
