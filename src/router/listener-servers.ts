/**
 * The HTTP servers of the listeners: one per port, bound on the router's host. A port is opened
 * before its listener is stored (so a port another program holds is refused up front) and closed
 * when no listener uses it any more. Closing stops accepting connections and closes idle ones;
 * requests in flight finish, and connections still open after `closeGraceMs` are cut.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { SluiceError } from '../model/errors.ts';

export type PortHandler = (port: number, req: IncomingMessage, res: ServerResponse) => void;

export class ListenerServers {
  readonly #servers = new Map<number, Server>();
  readonly #host: string;
  readonly #handler: PortHandler;
  readonly #closeGraceMs: number;

  constructor(options: { host: string; handler: PortHandler; closeGraceMs: number }) {
    this.#host = options.host;
    this.#handler = options.handler;
    this.#closeGraceMs = options.closeGraceMs;
  }

  ports(): number[] {
    return [...this.#servers.keys()];
  }

  /** Listens on `port` (nothing to do when already listening); a port that cannot be bound is the caller's error. */
  async open(port: number): Promise<void> {
    if (this.#servers.has(port)) return;
    const server = createServer((req, res) => this.#handler(port, req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', (e: NodeJS.ErrnoException) => reject(new SluiceError('InvalidConfigurationRequestException',
        `Port ${port} cannot be opened on ${this.#host}: ${e.code === 'EADDRINUSE' ? 'it is already in use' : e.code ?? 'unknown error'}`)));
      server.listen(port, this.#host, () => resolve());
    });
    // Another listen() may have won the race for this port meanwhile.
    if (this.#servers.has(port)) {
      await closeServer(server, 0);
      return;
    }
    this.#servers.set(port, server);
  }

  async close(port: number): Promise<void> {
    const server = this.#servers.get(port);
    if (!server) return;
    this.#servers.delete(port);
    await closeServer(server, this.#closeGraceMs);
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.ports().map((port) => this.close(port)));
  }
}

async function closeServer(server: Server, graceMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), graceMs);
  await closed;
  clearTimeout(timer);
}
