/**
 * Where the git source actions (and builds that clone) find a repository's bare git directory:
 * a hosted repository by name (CodeCommit), or a repository behind a connection, fetched into its
 * mirror first (CodeStarSourceConnection). Both failures a user can fix are ActionFailures naming
 * what is missing; the server supplies whichever of the two it has.
 */
import { coerceError, isSluiceError } from '../model/errors.ts';
import type { ConnectionRepositories } from '../services/connection-repository.ts';
import type { FindRepository } from '../services/hosted-repository.ts';
import { ActionFailure } from './provider.ts';

export interface GitRepositorySources {
  /** Hosted repositories by name; without it, CodeCommit sources fail saying so. */
  findRepository?: FindRepository;
  /** Repositories behind connections; without it, connection sources fail saying so. */
  connections?: ConnectionRepositories;
  /**
   * The server's key for clone references: source actions sign them, builds clone only references
   * it verifies (see services/clone-ref.ts). Without it no clone reference is made or honoured.
   */
  cloneRefKey?: Uint8Array;
}

/** A repository as a source action names it. */
export type GitRepositoryRef =
  | { provider: 'CodeCommit'; repositoryName: string }
  | { provider: 'CodeStarSourceConnection'; connectionArn: string; fullRepositoryId: string };

export interface ResolvedRepository {
  gitDir: string;
  /** What the connection says its provider is (GitHub, GitLab, …), when it says. */
  providerType?: string;
}

/** Human name of the repository, for messages. */
export function repositoryLabel(ref: GitRepositoryRef): string {
  return ref.provider === 'CodeCommit' ? ref.repositoryName : ref.fullRepositoryId;
}

/** The bare git directory of `ref`. @throws ActionFailure when it cannot be found or fetched */
export async function resolveRepository(sources: GitRepositorySources, ref: GitRepositoryRef, signal?: AbortSignal): Promise<ResolvedRepository> {
  if (ref.provider === 'CodeCommit') {
    if (!sources.findRepository) throw new ActionFailure('This Sluice serves no hosted repositories, so a CodeCommit source cannot run here', 'ConfigurationError');
    const repository = await sources.findRepository(ref.repositoryName);
    if (!repository) throw new ActionFailure(`The repository ${ref.repositoryName} does not exist; create it (aws codecommit create-repository) or fix RepositoryName`, 'ConfigurationError');
    return { gitDir: repository.gitDir };
  }
  if (!sources.connections) throw new ActionFailure('This Sluice has no connections, so a CodeStarSourceConnection source cannot run here', 'ConfigurationError');
  try {
    const mirror = await sources.connections.fetch(ref.connectionArn, ref.fullRepositoryId, signal);
    // A connection may say which provider it reaches (the `ProviderType` output variable).
    const { providerType } = mirror as { providerType?: unknown };
    return { gitDir: mirror.gitDir, ...(typeof providerType === 'string' && { providerType }) };
  } catch (e) {
    const err = coerceError(e);
    const configuration = isSluiceError(err) && err.code === 'ResourceNotFoundException';
    throw new ActionFailure(`Could not fetch ${ref.fullRepositoryId} through connection ${ref.connectionArn}: ${err.message}`, configuration ? 'ConfigurationError' : 'JobFailed');
  }
}
