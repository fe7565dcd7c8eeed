/**
 * EventBridge connections and API destinations: the HTTP targets of rules. A connection holds how
 * to authorize (API_KEY or BASIC; OAuth is not served); its secret is sealed with the server's
 * data key before it reaches the store and is never answered back. Connections are `AUTHORIZED`
 * from creation (nothing to negotiate for these two types) and destinations `ACTIVE`.
 *
 * Endpoints may be `http://` as well as `https://` [guess: AWS requires HTTPS; a self-hosted bus
 * often posts to receivers on its own network].
 */
import { SluiceError } from '../model/errors.ts';
import type { ApiDestinationRecord, ConnectionRecord, EventDestinationStore } from '../store/event-ports.ts';
import { parseResourceArn } from './event-names.ts';
import { connectionSecretName } from './event-http-target.ts';
import type { SecretCrypto } from './secret-crypto.ts';

export interface CreateConnectionRequest {
  name: string;
  description?: string;
  authorizationType: string;
  apiKey?: { name: string; value: string };
  basic?: { username: string; password: string };
}

export interface ApiDestinationRequest {
  name: string;
  description?: string;
  connectionArn?: string;
  endpoint?: string;
  httpMethod?: string;
  rateLimitPerSecond?: number;
}

export interface EventConnectionServiceOptions {
  store: EventDestinationStore;
  crypto: SecretCrypto;
  uuid(): string;
  now(): number;
}

const notFound = (what: string, name: string): SluiceError => new SluiceError('ResourceNotFoundException', `${what} ${name} does not exist.`);

function checkEndpoint(endpoint: string): void {
  let url: URL | undefined;
  try {
    url = new URL(endpoint);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new SluiceError('ValidationException', `InvocationEndpoint ${endpoint} must be an http:// or https:// URL.`);
  }
}

export class EventConnectionService {
  readonly #options: EventConnectionServiceOptions;

  constructor(options: EventConnectionServiceOptions) {
    this.#options = options;
  }

  async createConnection(request: CreateConnectionRequest): Promise<ConnectionRecord> {
    const { authorizationType } = request;
    let auth: { name: string; secret: string };
    if (authorizationType === 'API_KEY' && request.apiKey) auth = { name: request.apiKey.name, secret: request.apiKey.value };
    else if (authorizationType === 'BASIC' && request.basic) auth = { name: request.basic.username, secret: request.basic.password };
    else if (authorizationType === 'OAUTH_CLIENT_CREDENTIALS') throw new SluiceError('ValidationException', 'Sluice serves API_KEY and BASIC connections; OAUTH_CLIENT_CREDENTIALS is not supported.');
    else throw new SluiceError('ValidationException', `AuthParameters must carry ${authorizationType === 'BASIC' ? 'BasicAuthParameters' : 'ApiKeyAuthParameters'} for AuthorizationType ${authorizationType}.`);
    const now = this.#options.now();
    const record: ConnectionRecord = {
      name: request.name, uuid: this.#options.uuid(), authorizationType, authName: auth.name,
      authSecret: this.#options.crypto.seal(connectionSecretName(request.name), Buffer.from(auth.secret, 'utf8')),
      createdAt: now, modifiedAt: now, ...(request.description !== undefined && { description: request.description }),
    };
    if (!await this.#options.store.createConnection(record)) throw new SluiceError('ResourceAlreadyExistsException', `Connection ${request.name} already exists.`);
    return record;
  }

  async connection(name: string): Promise<ConnectionRecord> {
    return await this.#options.store.getConnection(name) ?? (() => { throw notFound('Connection', name); })();
  }

  async deleteConnection(name: string): Promise<ConnectionRecord> {
    const found = await this.connection(name);
    const result = await this.#options.store.deleteConnection(name);
    if (result === 'missing') throw notFound('Connection', name);
    if (result === 'in-use') throw new SluiceError('ValidationException', `Connection ${name} is used by an API destination; delete the API destination first.`);
    return found;
  }

  listConnections(page: { prefix?: string; after?: string; limit: number }): Promise<ConnectionRecord[]> {
    return this.#options.store.listConnections(page);
  }

  async createApiDestination(request: ApiDestinationRequest): Promise<ApiDestinationRecord> {
    const connectionName = await this.#connectionNameOf(request.connectionArn ?? '');
    checkEndpoint(request.endpoint ?? '');
    const now = this.#options.now();
    const record: ApiDestinationRecord = {
      name: request.name, uuid: this.#options.uuid(), connectionName, endpoint: request.endpoint ?? '', httpMethod: request.httpMethod ?? 'POST',
      createdAt: now, modifiedAt: now,
      ...(request.description !== undefined && { description: request.description }),
      ...(request.rateLimitPerSecond !== undefined && { rateLimitPerSecond: request.rateLimitPerSecond }),
    };
    if (!await this.#options.store.createApiDestination(record)) {
      if (!await this.#options.store.getConnection(connectionName)) throw notFound('Connection', connectionName);
      throw new SluiceError('ResourceAlreadyExistsException', `An api-destination ${request.name} already exists.`);
    }
    return record;
  }

  async apiDestination(name: string): Promise<ApiDestinationRecord> {
    return await this.#options.store.getApiDestination(name) ?? (() => { throw notFound('An api-destination', name); })();
  }

  async updateApiDestination(request: ApiDestinationRequest): Promise<ApiDestinationRecord> {
    const current = await this.apiDestination(request.name);
    if (request.endpoint !== undefined) checkEndpoint(request.endpoint);
    const updated: ApiDestinationRecord = {
      ...current, modifiedAt: this.#options.now(),
      ...(request.connectionArn !== undefined && { connectionName: await this.#connectionNameOf(request.connectionArn) }),
      ...(request.endpoint !== undefined && { endpoint: request.endpoint }),
      ...(request.httpMethod !== undefined && { httpMethod: request.httpMethod }),
      ...(request.description !== undefined && { description: request.description }),
      ...(request.rateLimitPerSecond !== undefined && { rateLimitPerSecond: request.rateLimitPerSecond }),
    };
    if (!await this.#options.store.updateApiDestination(updated)) throw notFound('An api-destination', request.name);
    return updated;
  }

  async deleteApiDestination(name: string): Promise<void> {
    if (!await this.#options.store.deleteApiDestination(name)) throw notFound('An api-destination', name);
  }

  listApiDestinations(page: { prefix?: string; connectionArn?: string; after?: string; limit: number }): Promise<ApiDestinationRecord[]> {
    const connectionName = page.connectionArn === undefined ? undefined : parseResourceArn(page.connectionArn, 'connection')?.name ?? '\u0000';
    return this.#options.store.listApiDestinations({
      limit: page.limit, ...(page.prefix !== undefined && { prefix: page.prefix }), ...(page.after !== undefined && { after: page.after }),
      ...(connectionName !== undefined && { connectionName }),
    });
  }

  async #connectionNameOf(arn: string): Promise<string> {
    const ref = parseResourceArn(arn, 'connection');
    const found = ref && await this.#options.store.getConnection(ref.name);
    if (!ref || !found || found.uuid !== ref.uuid) throw notFound('Connection', ref?.name ?? arn);
    return found.name;
  }
}
