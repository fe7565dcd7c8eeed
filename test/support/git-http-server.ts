/**
 * A git server over smart HTTP for connection tests: real `git http-backend` (CGI) behind a Node
 * HTTP server on loopback that demands HTTP Basic credentials, as GitHub or GitLab do for a
 * private repository. It records what each request carried, so tests can see how credentials
 * travelled, and how many requests ran at once. Paths under `/slow/` never answer.
 */
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GitHttpServer {
  baseUrl: string;
  /** Every request: its URL and the credentials it sent. */
  requests: { url: string; username?: string; password?: string }[];
  /** The most requests in flight at once. */
  maxInFlight(): number;
  close(): Promise<void>;
}

function credentialsOf(request: IncomingMessage): { username?: string; password?: string } {
  const header = request.headers.authorization ?? '';
  if (!header.startsWith('Basic ')) return {};
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function runBackend(root: string, request: IncomingMessage, response: ServerResponse, user: string): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const child = spawn('git', ['http-backend'], {
    env: {
      ...process.env, GIT_PROJECT_ROOT: root, GIT_HTTP_EXPORT_ALL: '1', PATH_INFO: decodeURIComponent(url.pathname),
      QUERY_STRING: url.search.slice(1), REQUEST_METHOD: request.method ?? 'GET', CONTENT_TYPE: request.headers['content-type'] ?? '',
      REMOTE_USER: user, REMOTE_ADDR: '127.0.0.1', GIT_PROTOCOL: String(request.headers['git-protocol'] ?? ''),
    },
  });
  request.pipe(child.stdin);
  const chunks: Buffer[] = [];
  child.stdout.on('data', (d: Buffer) => chunks.push(d));
  return new Promise((resolve) => {
    child.once('close', () => {
      const output = Buffer.concat(chunks);
      const split = output.indexOf('\r\n\r\n');
      const head = output.subarray(0, split).toString('utf8');
      let status = 200;
      for (const line of head.split('\r\n')) {
        const [name, ...rest] = line.split(':');
        const value = rest.join(':').trim();
        if (name?.toLowerCase() === 'status') status = Number(value.split(' ')[0]);
        else if (name) response.setHeader(name, value);
      }
      response.statusCode = status;
      response.end(output.subarray(split + 4));
      resolve();
    });
  });
}

/** Serves the bare repositories under `root`, to `username` with `password` only. */
export async function startGitHttpServer(root: string, username: string, password: string): Promise<GitHttpServer> {
  const requests: GitHttpServer['requests'] = [];
  let inFlight = 0;
  let most = 0;
  const server = createServer((request, response) => {
    const given = credentialsOf(request);
    requests.push({ url: request.url ?? '', ...given });
    if (given.username !== username || given.password !== password) {
      response.writeHead(401, { 'www-authenticate': 'Basic realm="git"' }).end('Authentication required');
      return;
    }
    if ((request.url ?? '').startsWith('/slow/')) return; // never answers
    inFlight++;
    most = Math.max(most, inFlight);
    void runBackend(root, request, response, given.username ?? '').finally(() => { inFlight--; });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`, requests, maxInFlight: () => most,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
