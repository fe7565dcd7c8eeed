/**
 * Connections to external git servers (the CodeStar Connections API): create, read, list and
 * delete connections and the hosts of self-managed providers, tag them, and complete a connection
 * with git access — Sluice's stand-in for AWS's browser handshake.
 *
 * A connection is PENDING when created, as in AWS, and AVAILABLE once it has git access. Limits
 * are AWS's quotas: 250 connections and 100 hosts an account, 50 tags a resource.
 */
import { SluiceError } from '../model/errors.ts';
import type { Tag } from '../engine/state.ts';
import type { ConnectionFilter, ConnectionRecord, ConnectionStore, HostRecord, ProviderType } from '../store/connection-ports.ts';
import { openGitAccess, sealGitAccess, type GitAccess, type GitAccessInput } from './connection-access.ts';
import { connectionArn, hostArn, hostArnSpellings, requireConnectionId, type ConnectionsServiceName } from './connection-arns.ts';
import { decodeListToken, encodeListToken } from './list-token.ts';
import type { SecretCrypto } from './secret-crypto.ts';

export const MAX_CONNECTIONS = 250;
export const MAX_HOSTS = 100;
export const MAX_TAGS = 50;
/** Providers whose server the user runs: their connections name a host. */
const SELF_MANAGED: ReadonlySet<ProviderType> = new Set(['GitHubEnterpriseServer', 'GitLabSelfManaged']);

export interface ConnectionServiceOptions {
  store: ConnectionStore;
  crypto: SecretCrypto;
  accountId: string;
  newId(): string;
  /** 8 hex characters ending a host ARN. */
  newHostSuffix(): string;
  now(): number;
  /** The server's data directory: `file:` connection URLs must stay out of it. */
  privateDir?: string;
}

/** Where a call came in: which of the API's two names, and the region of its signature. */
export interface CallScope { service: ConnectionsServiceName; region: string }

export interface PageRequest { maxResults?: number; nextToken?: string }
export interface Page<T> { items: T[]; nextToken?: string }

const notFound = (what: string, arn: string): SluiceError => new SluiceError('ResourceNotFoundException', `${what} ${arn} does not exist`);

function page<T>(list: string, rows: T[], limit: number, key: (item: T) => string): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return rows.length > limit && last !== undefined ? { items, nextToken: encodeListToken(list, key(last)) } : { items };
}

export class ConnectionService {
  readonly #o: ConnectionServiceOptions;

  constructor(options: ConnectionServiceOptions) {
    this.#o = options;
  }

  async create(scope: CallScope, input: { name: string; providerType?: ProviderType; hostArn?: string; tags: Tag[] }): Promise<ConnectionRecord> {
    checkTagCount(input.tags);
    const providerType = await this.#providerOf(input.providerType, input.hostArn);
    if (await this.#o.store.count() >= MAX_CONNECTIONS) {
      throw new SluiceError('LimitExceededException', `An account may have at most ${MAX_CONNECTIONS} connections`);
    }
    const id = this.#o.newId();
    const connection = {
      id, arn: connectionArn(scope.service, scope.region, this.#o.accountId, id), name: input.name, providerType,
      ...(input.hostArn !== undefined && { hostArn: input.hostArn }), ownerAccountId: this.#o.accountId, tags: input.tags, created: this.#o.now(),
    };
    // Names are unique in an account, as AWS documents; the error type is a guess.
    if (!await this.#o.store.create(connection)) throw new SluiceError('ConflictException', `A connection named ${input.name} already exists`);
    return { ...connection, status: 'PENDING' };
  }

  async #providerOf(given: ProviderType | undefined, hostArnGiven: string | undefined): Promise<ProviderType> {
    if (hostArnGiven !== undefined) {
      const host = await this.getHost(hostArnGiven);
      if (given !== undefined && given !== host.providerType) {
        throw new SluiceError('ValidationException', `ProviderType ${given} does not match the host's provider type ${host.providerType}`);
      }
      return host.providerType;
    }
    if (given === undefined) throw new SluiceError('ValidationException', 'Either ProviderType or HostArn must be specified');
    if (SELF_MANAGED.has(given)) throw new SluiceError('ValidationException', `A ${given} connection needs a HostArn`);
    return given;
  }

  async get(arn: string): Promise<ConnectionRecord> {
    const connection = await this.#o.store.get(requireConnectionId(arn));
    if (!connection) throw notFound('Connection', arn);
    return connection;
  }

  async list(filter: ConnectionFilter, request: PageRequest): Promise<Page<ConnectionRecord>> {
    const limit = request.maxResults || 100;
    const after = request.nextToken === undefined ? undefined : decodeListToken<string>('connections', request.nextToken, 'string', 'ValidationException');
    const rows = await this.#o.store.list(filter, { ...(after !== undefined && { after }), limit: limit + 1 });
    return page('connections', rows, limit, (c) => c.name);
  }

  async delete(arn: string): Promise<void> {
    if (!await this.#o.store.delete(requireConnectionId(arn))) throw notFound('Connection', arn);
  }

  /** Completes (or re-keys) a connection: checks and seals the access; the connection becomes AVAILABLE. */
  async updateAccess(arn: string, input: GitAccessInput): Promise<ConnectionRecord> {
    const connection = await this.get(arn);
    const access = sealGitAccess(this.#o.crypto, connection.id, input, this.#o.now(), this.#o.privateDir);
    if (!await this.#o.store.setAccess(connection.id, access)) throw notFound('Connection', arn);
    return { ...connection, status: 'AVAILABLE', access };
  }

  /** The opened git access of an AVAILABLE connection; ResourceUnavailableException while PENDING. */
  async gitAccess(connection: ConnectionRecord): Promise<GitAccess> {
    if (!connection.access) {
      throw new SluiceError('ResourceUnavailableException', `Connection ${connection.arn} is ${connection.status}: complete it with git access first`);
    }
    return openGitAccess(this.#o.crypto, connection.id, connection.access);
  }

  async createHost(scope: CallScope, input: { name: string; providerType: ProviderType; providerEndpoint: string; tags: Tag[] }): Promise<HostRecord> {
    checkTagCount(input.tags);
    if (!SELF_MANAGED.has(input.providerType)) {
      throw new SluiceError('ValidationException', `Hosts are for GitHubEnterpriseServer and GitLabSelfManaged, not ${input.providerType}`);
    }
    if ((await this.#o.store.listHosts({ limit: MAX_HOSTS })).length >= MAX_HOSTS) {
      throw new SluiceError('LimitExceededException', `An account may have at most ${MAX_HOSTS} hosts`);
    }
    const host = {
      arn: hostArn(scope.service, scope.region, this.#o.accountId, input.name, this.#o.newHostSuffix()), name: input.name,
      providerType: input.providerType, providerEndpoint: input.providerEndpoint, tags: input.tags, created: this.#o.now(),
    };
    if (!await this.#o.store.createHost(host)) throw new SluiceError('ConflictException', `A host named ${input.name} already exists`);
    return host;
  }

  async getHost(arn: string): Promise<HostRecord> {
    for (const spelling of hostArnSpellings(arn)) {
      const host = await this.#o.store.getHost(spelling);
      if (host) return host;
    }
    throw notFound('Host', arn);
  }

  async listHosts(request: PageRequest): Promise<Page<HostRecord>> {
    const limit = request.maxResults || 100;
    const after = request.nextToken === undefined ? undefined : decodeListToken<string>('hosts', request.nextToken, 'string', 'ValidationException');
    return page('hosts', await this.#o.store.listHosts({ ...(after !== undefined && { after }), limit: limit + 1 }), limit, (h) => h.arn);
  }

  async deleteHost(arn: string): Promise<void> {
    const host = await this.getHost(arn);
    await this.#o.store.deleteHost(host.arn);
  }

  async tags(arn: string): Promise<Tag[]> {
    return (await this.#resourceOf(arn)).tags;
  }

  /** Adds or replaces tags by key. */
  async tag(arn: string, tags: Tag[]): Promise<void> {
    await this.#retag(arn, (current) => {
      const next = [...current.filter((t) => !tags.some((n) => n.key === t.key)), ...tags];
      checkTagCount(next);
      return next;
    });
  }

  async untag(arn: string, keys: string[]): Promise<void> {
    await this.#retag(arn, (current) => current.filter((t) => !keys.includes(t.key)));
  }

  async #resourceOf(arn: string): Promise<{ arn: string; tags: Tag[] }> {
    return arn.includes(':host/') ? this.getHost(arn) : this.get(arn);
  }

  async #retag(arn: string, change: (tags: Tag[]) => Tag[]): Promise<void> {
    const resource = await this.#resourceOf(arn);
    if (await this.#o.store.retag(resource.arn, change) === undefined) throw notFound('Resource', arn);
  }
}

function checkTagCount(tags: readonly Tag[]): void {
  if (tags.length > MAX_TAGS) throw new SluiceError('LimitExceededException', `A resource may have at most ${MAX_TAGS} tags`);
}
