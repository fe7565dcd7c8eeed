/**
 * Bare mirrors of the repositories reached through connections, one per (connection,
 * repository) at `<root>/<connection id>/<owner>/<name>.git`, brought up to date with
 * `git fetch --prune` (all branches and tags) using the connection's credentials.
 *
 * Concurrency: fetches of one mirror run one after another (in this process), so two source
 * actions or a webhook and a poll never race on its refs; fetches of different mirrors run in
 * parallel. Every git call has a time limit. Failures name what git said, secrets masked.
 */
import { access as exists, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConnectionRecord } from '../../store/connection-ports.ts';
import type { ConnectionMirror, ConnectionRepositories } from '../connection-repository.ts';
import type { GitAccess } from '../connection-access.ts';
import { makeSerializer } from '../../model/serializer.ts';
import type { GitAuthFactory } from './git-auth.ts';
import { repositorySegments, repositoryUrl } from './repository-id.ts';
import { runGit } from './run-git.ts';

export interface ConnectionMirrorsOptions {
  /** `<dataDir>/mirrors`. */
  root: string;
  connections: { get(arn: string): Promise<ConnectionRecord>; gitAccess(connection: ConnectionRecord): Promise<GitAccess> };
  auth: GitAuthFactory;
  /** Longest a fetch may take. @default 300000 */
  fetchTimeoutMs?: number;
  /** Longest an ls-remote may take. @default 60000 */
  listTimeoutMs?: number;
}

const MIRROR_REFSPECS = ['+refs/heads/*:refs/heads/*', '+refs/tags/*:refs/tags/*'];

export class ConnectionMirrors implements ConnectionRepositories {
  readonly #o: ConnectionMirrorsOptions;
  readonly #serialize = makeSerializer();

  constructor(options: ConnectionMirrorsOptions) {
    this.#o = options;
  }

  /** Where the mirror of a repository lives (whether or not it was fetched yet). */
  mirrorDir(connectionId: string, fullRepositoryId: string): string {
    const segments = repositorySegments(fullRepositoryId);
    return `${join(this.#o.root, connectionId, ...segments)}.git`;
  }

  async fetch(connectionArn: string, fullRepositoryId: string, signal?: AbortSignal): Promise<ConnectionMirror> {
    const connection = await this.#o.connections.get(connectionArn);
    const gitDir = this.mirrorDir(connection.id, fullRepositoryId);
    const access = await this.#o.connections.gitAccess(connection);
    await this.#serialize(gitDir, async () => {
      if (!await exists(join(gitDir, 'HEAD')).then(() => true, () => false)) {
        await mkdir(gitDir, { recursive: true });
        await runGit(['init', '--bare', '--quiet', gitDir], { timeoutMs: 30_000 });
      }
      await this.#withAuth(connection, access, (auth) => runGit(
        [...auth.configArgs, 'fetch', '--prune', '--quiet', '--no-write-fetch-head', repositoryUrl(access.url, fullRepositoryId), ...MIRROR_REFSPECS],
        { cwd: gitDir, env: auth.env, secrets: auth.secrets, timeoutMs: this.#o.fetchTimeoutMs ?? 300_000, ...(signal && { signal }) }));
    });
    return { gitDir };
  }

  /** The branches and tags of the remote repository (name → commit; annotated tags peeled). */
  async listRemoteRefs(connection: ConnectionRecord, fullRepositoryId: string, signal?: AbortSignal): Promise<Map<string, string>> {
    const access = await this.#o.connections.gitAccess(connection);
    const out = await this.#withAuth(connection, access, (auth) => runGit(
      [...auth.configArgs, 'ls-remote', '--heads', '--tags', repositoryUrl(access.url, fullRepositoryId)],
      { env: auth.env, secrets: auth.secrets, timeoutMs: this.#o.listTimeoutMs ?? 60_000, ...(signal && { signal }) }));
    return parseLsRemote(out);
  }

  async #withAuth<T>(connection: ConnectionRecord, access: GitAccess, body: (auth: Awaited<ReturnType<GitAuthFactory['prepare']>>) => Promise<T>): Promise<T> {
    const auth = await this.#o.auth.prepare(access, connection.providerType);
    try {
      return await body(auth);
    } finally {
      await auth.cleanup();
    }
  }
}

/** `git ls-remote` output as ref → commit, an annotated tag's peeled `^{}` line winning. */
export function parseLsRemote(out: string): Map<string, string> {
  const refs = new Map<string, string>();
  for (const line of out.split('\n')) {
    const [commit, ref] = line.split('\t');
    if (!commit || !ref) continue;
    if (ref.endsWith('^{}')) refs.set(ref.slice(0, -3), commit);
    else if (!refs.has(ref)) refs.set(ref, commit);
  }
  return refs;
}
