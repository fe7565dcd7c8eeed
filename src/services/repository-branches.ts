/**
 * Branch use cases of hosted repositories: CreateBranch, GetBranch, ListBranches, DeleteBranch.
 * Refs move with compare-and-swap, and every move goes through `RecordRefChanges` (events,
 * triggered pipelines), exactly as a push does.
 */
import { SluiceError } from '../model/errors.ts';
import { makeSerializer, type Serializer } from '../model/serializer.ts';
import { resolveCommit } from '../git/objects.ts';
import { compareAndDeleteRef, compareAndSwapRef, listBranches, readRef, ZERO_COMMIT } from '../git/refs.ts';
import { decodeListToken, encodeListToken } from './list-token.ts';
import type { RecordRefChanges } from './ref-changes.ts';
import type { RepositoryService } from './repositories.ts';
import { checkBranchName, shown } from './repository-names.ts';

/** Branch names per ListBranches page [guess: AWS does not document its page size]. */
export const BRANCH_PAGE_SIZE = 100;
const FULL_COMMIT_ID = /^[0-9a-f]{40}$/;

export interface BranchInfo { branchName: string; commitId: string }

/** A full commit id that exists in the repository, with CodeCommit's errors otherwise. */
export async function checkCommitId(gitDir: string, commitId: unknown): Promise<string> {
  if (commitId === undefined || commitId === null || commitId === '') throw new SluiceError('CommitIdRequiredException', 'A commit ID is required, but was not specified.');
  if (typeof commitId !== 'string' || !FULL_COMMIT_ID.test(commitId)) throw new SluiceError('InvalidCommitIdException', `The specified commit ID is not valid: ${shown(commitId)}`);
  if (await resolveCommit(gitDir, commitId) !== commitId) throw new SluiceError('CommitDoesNotExistException', `Could not find commit ${commitId}`);
  return commitId;
}

export class BranchService {
  private readonly repositories: RepositoryService;
  private readonly recordRefChanges: RecordRefChanges;

  /** Held while a ref moves and is recorded; pushes to the repository hold it too. */
  private readonly lock: Serializer;

  constructor(repositories: RepositoryService, recordRefChanges: RecordRefChanges, lock: Serializer = makeSerializer()) {
    this.repositories = repositories;
    this.recordRefChanges = recordRefChanges;
    this.lock = lock;
  }

  async create(input: { repositoryName: unknown; branchName: unknown; commitId: unknown; callerArn: string }): Promise<void> {
    const repository = await this.repositories.open(input.repositoryName);
    const branch = await checkBranchName(input.branchName);
    const commitId = await checkCommitId(repository.gitDir, input.commitId);
    const ref = `refs/heads/${branch}`;
    await this.lock(repository.repositoryId, async () => {
      if (!await compareAndSwapRef(repository.gitDir, ref, commitId, ZERO_COMMIT)) {
        throw new SluiceError('BranchNameExistsException', `Branch ${branch} already exists`);
      }
      await this.recordRefChanges({ repository, changes: [{ ref, newCommit: commitId }], callerArn: input.callerArn });
    });
  }

  async get(repositoryName: unknown, branchName: unknown): Promise<BranchInfo> {
    const repository = await this.repositories.open(repositoryName);
    const branch = await checkBranchName(branchName);
    const commitId = await readRef(repository.gitDir, `refs/heads/${branch}`);
    if (commitId === undefined) throw new SluiceError('BranchDoesNotExistException', `Could not find branch ${branch}`);
    return { branchName: branch, commitId };
  }

  async list(repositoryName: unknown, nextToken: string | undefined): Promise<{ branches: string[]; nextToken?: string }> {
    const repository = await this.repositories.open(repositoryName);
    const after = nextToken === undefined ? undefined : decodeListToken<string>(`branches:${repository.repositoryId}`, nextToken, 'string', 'InvalidContinuationTokenException');
    const names = (await listBranches(repository.gitDir)).map((b) => b.name).filter((n) => after === undefined || n > after);
    const page = names.slice(0, BRANCH_PAGE_SIZE);
    const last = page.at(-1);
    return { branches: page, ...(names.length > page.length && last !== undefined && { nextToken: encodeListToken(`branches:${repository.repositoryId}`, last) }) };
  }

  /** Deletes the branch and returns what it pointed at; undefined (no error, as AWS) when it did not exist. */
  async delete(input: { repositoryName: unknown; branchName: unknown; callerArn: string }): Promise<BranchInfo | undefined> {
    const repository = await this.repositories.open(input.repositoryName);
    const branch = await checkBranchName(input.branchName);
    if (branch === repository.defaultBranch) throw new SluiceError('DefaultBranchCannotBeDeletedException', `The default branch ${branch} cannot be deleted. Change the default branch first.`);
    const ref = `refs/heads/${branch}`;
    return this.lock(repository.repositoryId, async () => {
      const commitId = await readRef(repository.gitDir, ref);
      if (commitId === undefined || !await compareAndDeleteRef(repository.gitDir, ref, commitId)) return undefined;
      await this.recordRefChanges({ repository, changes: [{ ref, oldCommit: commitId }], callerArn: input.callerArn });
      return { branchName: branch, commitId };
    });
  }
}
