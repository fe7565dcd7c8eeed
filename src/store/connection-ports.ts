/**
 * Store ports of connections to external git servers (the CodeStar Connections API): connections
 * and the hosts of self-managed providers, and what watching their repositories needs to survive
 * a restart — webhook deliveries already handled, and the refs last seen by polling.
 *
 * The store only holds ciphertext for credentials: a connection's token, password or SSH key and
 * its webhook secret arrive sealed by `services/secret-crypto.ts` and leave the same way.
 */
import type { Tag } from '../engine/state.ts';

/** The git providers a connection may name (AWS spellings). */
export type ProviderType = 'Bitbucket' | 'GitHub' | 'GitHubEnterpriseServer' | 'GitLab' | 'GitLabSelfManaged';

/** PENDING until Sluice is given git access; AVAILABLE after (AWS spellings). */
export type ConnectionStatus = 'PENDING' | 'AVAILABLE' | 'ERROR';

/** How git authenticates to the provider; `none` for servers that need nothing (a `file://` URL). */
export type GitAuthKind = 'token' | 'password' | 'sshKey' | 'none';

/** What `UpdateConnectionCredentials` stored: the base URL in clear, every secret sealed. */
export interface StoredGitAccess {
  /** Base URL of the git server, e.g. `https://github.com`; a repository is `<url>/<owner/name>.git`. */
  url: string;
  auth: GitAuthKind;
  /** The user name for `password` (and optionally `token`) access. */
  username?: string;
  /** The sealed token, password or private key. */
  sealedSecret?: string;
  /** The sealed secret webhook deliveries are signed with; without one the repositories are polled. */
  sealedWebhookSecret?: string;
  updated: number;
}

export interface ConnectionRecord {
  /** The last part of the ARN (`connection/<id>`), a UUID; also names the webhook URL. */
  id: string;
  arn: string;
  name: string;
  providerType: ProviderType;
  hostArn?: string;
  ownerAccountId: string;
  status: ConnectionStatus;
  tags: Tag[];
  created: number;
  access?: StoredGitAccess;
}

export type NewConnection = Omit<ConnectionRecord, 'status' | 'access'>;

export interface HostRecord {
  arn: string;
  name: string;
  providerType: ProviderType;
  providerEndpoint: string;
  tags: Tag[];
  created: number;
}

export interface ConnectionFilter { providerType?: ProviderType; hostArn?: string }

export interface ConnectionStore {
  /** False (nothing written) when a connection of that name exists. */
  create(connection: NewConnection): Promise<boolean>;
  get(id: string): Promise<ConnectionRecord | undefined>;
  /** By name ascending, names after `after`. */
  list(filter: ConnectionFilter, page: { after?: string; limit: number }): Promise<ConnectionRecord[]>;
  count(): Promise<number>;
  /** Removes the connection with its delivery and polling memory; false when there was none. */
  delete(id: string): Promise<boolean>;
  /** Stores the git access and makes the connection AVAILABLE; false when there is no such connection. */
  setAccess(id: string, access: StoredGitAccess): Promise<boolean>;
  /**
   * Replaces the tags of the connection or host with that ARN with `change(current)`, atomically.
   * `change` may throw; then nothing is written. Undefined when there is no such resource.
   */
  retag(arn: string, change: (tags: Tag[]) => Tag[]): Promise<Tag[] | undefined>;
  /** False when a host of that name exists. */
  createHost(host: HostRecord): Promise<boolean>;
  getHost(arn: string): Promise<HostRecord | undefined>;
  /** By ARN ascending, after `after`. */
  listHosts(page: { after?: string; limit: number }): Promise<HostRecord[]>;
  /** False when there was no such host. */
  deleteHost(arn: string): Promise<boolean>;
}

/** One repository of a connection, as source actions name it. */
export interface WatchedRepository { connectionId: string; fullRepositoryId: string }

export interface GitWatchStore {
  /**
   * Remembers a webhook delivery id; false when it was already remembered (a replay). Ids older
   * than `forgetBefore` are dropped in the same statement, so the table stays one window long.
   */
  claimDelivery(connectionId: string, deliveryId: string, now: number, forgetBefore: number): Promise<boolean>;
  /** Forgets a delivery that could not be handled, so the provider's redelivery is not a replay. */
  releaseDelivery(connectionId: string, deliveryId: string): Promise<void>;
  /** The refs (name → commit) last seen in the repository; undefined when it was never looked at. */
  seenRefs(repository: WatchedRepository): Promise<Map<string, string> | undefined>;
  /** Replaces everything seen in the repository with `refs` (a poll). */
  saveSeenRefs(repository: WatchedRepository, refs: ReadonlyMap<string, string>, now: number): Promise<void>;
  /** Records one ref moved (a webhook push); `commitId` undefined when the ref was deleted. */
  recordRef(repository: WatchedRepository, ref: string, commitId: string | undefined, now: number): Promise<void>;
}

/** Connections and their watch state, as one member of `Store`. */
export interface ConnectionStores {
  connections: ConnectionStore;
  watch: GitWatchStore;
}
