/**
 * Reading a hosted repository's content the CodeCommit way: GetCommit, GetFile, GetFolder and
 * GetDifferences, over git plumbing. A commit specifier is a commit id, branch, tag or full ref;
 * none means the default branch's tip.
 */
import { SluiceError } from '../model/errors.ts';
import { blobSize, diffTrees, emptyTree, entryAt, listTree, objectType, readBlob, readCommit, resolveCommit, type CommitInfo, type RawDifference, type TreeEntry } from '../git/objects.ts';
import { decodeListToken, encodeListToken } from './list-token.ts';
import type { RepositoryService, RepositoryView } from './repositories.ts';
import { checkFilePath, normalizePath, shown } from './repository-names.ts';

/** Largest file GetFile returns and PutFile accepts (AWS: 6 MB). */
export const MAX_FILE_BYTES = 6 * 1024 * 1024;
/** GetDifferences page size when MaxResults is not given [guess: AWS does not say]. */
const DEFAULT_DIFFERENCES = 100;
/** Commit ids per BatchGetCommits call (AWS). */
export const MAX_BATCH_COMMITS = 100;
const FULL_COMMIT_ID = /^[0-9a-f]{40}$/;

export type FileMode = 'NORMAL' | 'EXECUTABLE' | 'SYMLINK';
export const GIT_MODE: Record<FileMode, string> = { NORMAL: '100644', EXECUTABLE: '100755', SYMLINK: '120000' };
export function fileModeOf(gitMode: string): FileMode {
  return gitMode === '100755' ? 'EXECUTABLE' : gitMode === '120000' ? 'SYMLINK' : 'NORMAL';
}

export interface FileView { commitId: string; blobId: string; filePath: string; fileMode: FileMode; fileSize: number; content: Buffer }

export interface FolderView {
  commitId: string;
  folderPath: string;
  treeId: string;
  /** Entries with their path from the root (no leading `/`) and their name. */
  entries: (TreeEntry & { absolutePath: string })[];
}

export interface DifferencesPage { differences: RawDifference[]; nextToken?: string }

export class ContentService {
  private readonly repositories: RepositoryService;

  constructor(repositories: RepositoryService) {
    this.repositories = repositories;
  }

  /** The commit a specifier names; the default branch's tip when there is none. */
  private async commitOf(repository: RepositoryView, specifier: string | undefined): Promise<string> {
    const revision = specifier ?? (repository.defaultBranch === undefined ? undefined : `refs/heads/${repository.defaultBranch}`);
    if (revision === undefined) throw new SluiceError('CommitDoesNotExistException', 'No commit was specified, and the specified repository has no default branch.');
    if (revision.startsWith('-') || /[\s\0]/.test(revision)) throw new SluiceError('InvalidCommitException', `The specified commit is not valid: ${revision}`);
    const commitId = await resolveCommit(repository.gitDir, revision);
    if (commitId === undefined) throw new SluiceError('CommitDoesNotExistException', `The specified commit does not exist: ${revision}`);
    return commitId;
  }

  async getCommit(repositoryName: unknown, commitId: unknown): Promise<CommitInfo> {
    const repository = await this.repositories.open(repositoryName);
    if (commitId === undefined || commitId === null || commitId === '') throw new SluiceError('CommitIdRequiredException', 'A commit ID is required, but was not specified.');
    if (typeof commitId !== 'string' || !FULL_COMMIT_ID.test(commitId)) throw new SluiceError('InvalidCommitIdException', `The specified commit ID is not valid: ${shown(commitId)}`);
    if (await resolveCommit(repository.gitDir, commitId) !== commitId) throw new SluiceError('CommitIdDoesNotExistException', `Could not find commit ${commitId}`);
    return readCommit(repository.gitDir, commitId);
  }

  /** Commits by full id; the ones that cannot be read are reported per id, as AWS does. */
  async batchGetCommits(repositoryName: unknown, commitIds: unknown): Promise<{ commits: CommitInfo[]; errors: { commitId: string; errorCode: string; errorMessage: string }[] }> {
    const repository = await this.repositories.open(repositoryName);
    if (!Array.isArray(commitIds) || commitIds.length === 0) throw new SluiceError('CommitIdsListRequiredException', 'A list of commit IDs is required, but was either not specified or the list was empty.');
    if (commitIds.length > MAX_BATCH_COMMITS) throw new SluiceError('CommitIdsLimitExceededException', `The maximum number of allowed commit IDs in a batch request is ${MAX_BATCH_COMMITS}.`);
    const commits: CommitInfo[] = [];
    const errors: { commitId: string; errorCode: string; errorMessage: string }[] = [];
    for (const id of commitIds as string[]) {
      if (FULL_COMMIT_ID.test(id) && await resolveCommit(repository.gitDir, id) === id) commits.push(await readCommit(repository.gitDir, id));
      else errors.push({ commitId: id, errorCode: 'CommitIdDoesNotExistException', errorMessage: `Could not find commit ${id}` });
    }
    return { commits, errors };
  }

  async getBlob(repositoryName: unknown, blobId: unknown): Promise<Buffer> {
    const repository = await this.repositories.open(repositoryName);
    if (blobId === undefined || blobId === null || blobId === '') throw new SluiceError('BlobIdRequiredException', 'A blob ID is required, but was not specified.');
    if (typeof blobId !== 'string' || !FULL_COMMIT_ID.test(blobId)) throw new SluiceError('InvalidBlobIdException', `The specified blob is not valid: ${shown(blobId)}`);
    if (await objectType(repository.gitDir, blobId) !== 'blob') throw new SluiceError('BlobIdDoesNotExistException', `The specified blob does not exist: ${blobId}`);
    const size = await blobSize(repository.gitDir, blobId);
    if (size > MAX_FILE_BYTES) throw new SluiceError('FileTooLargeException', `The blob is ${size} bytes, larger than the ${MAX_FILE_BYTES} bytes GetBlob returns.`);
    return readBlob(repository.gitDir, blobId, MAX_FILE_BYTES);
  }

  async getFile(input: { repositoryName: unknown; commitSpecifier?: string; filePath: unknown }): Promise<FileView> {
    const repository = await this.repositories.open(input.repositoryName);
    const path = checkFilePath(input.filePath);
    const commitId = await this.commitOf(repository, input.commitSpecifier);
    const entry = await entryAt(repository.gitDir, commitId, path);
    if (entry?.type !== 'blob') throw new SluiceError('FileDoesNotExistException', `The file ${path} does not exist in commit ${commitId}`);
    const fileSize = await blobSize(repository.gitDir, entry.id);
    if (fileSize > MAX_FILE_BYTES) throw new SluiceError('FileTooLargeException', `The file ${path} is ${fileSize} bytes, larger than the ${MAX_FILE_BYTES} bytes GetFile returns.`);
    const content = await readBlob(repository.gitDir, entry.id, MAX_FILE_BYTES);
    return { commitId, blobId: entry.id, filePath: path, fileMode: fileModeOf(entry.mode), fileSize, content };
  }

  async getFolder(input: { repositoryName: unknown; commitSpecifier?: string; folderPath: unknown }): Promise<FolderView> {
    const repository = await this.repositories.open(input.repositoryName);
    if (input.folderPath === undefined || input.folderPath === null) throw new SluiceError('PathRequiredException', 'The folderPath for a location cannot be null.');
    const path = typeof input.folderPath === 'string' ? normalizePath(input.folderPath) : undefined;
    if (path === undefined) throw new SluiceError('InvalidPathException', `The specified path is not valid: ${shown(input.folderPath)}`);
    const commitId = await this.commitOf(repository, input.commitSpecifier);
    const tree = await entryAt(repository.gitDir, commitId, path);
    if (tree?.type !== 'tree') throw new SluiceError('FolderDoesNotExistException', `The folder ${path || '/'} does not exist in commit ${commitId}`);
    const entries = (await listTree(repository.gitDir, tree.id)).map((e) => ({ ...e, absolutePath: path === '' ? e.name : `${path}/${e.name}` }));
    return { commitId, folderPath: input.folderPath as string, treeId: tree.id, entries };
  }

  async getDifferences(input: {
    repositoryName: unknown; beforeCommitSpecifier?: string; afterCommitSpecifier: unknown;
    beforePath?: string; afterPath?: string; maxResults?: number; nextToken?: string;
  }): Promise<DifferencesPage> {
    const repository = await this.repositories.open(input.repositoryName);
    if (typeof input.afterCommitSpecifier !== 'string' || input.afterCommitSpecifier === '') throw new SluiceError('CommitRequiredException', 'A commit must be specified.');
    const limit = input.maxResults ?? DEFAULT_DIFFERENCES;
    if (!Number.isInteger(limit) || limit < 1) throw new SluiceError('InvalidMaxResultsException', `The specified number of maximum results is not valid: ${limit}`);
    const after = await this.commitOf(repository, input.afterCommitSpecifier);
    const before = input.beforeCommitSpecifier === undefined ? undefined : await this.commitOf(repository, input.beforeCommitSpecifier);
    const paths = [
      await this.existingPath(repository, before, input.beforePath),
      await this.existingPath(repository, after, input.afterPath),
    ].filter((p): p is string => p !== undefined);
    const listKey = `differences:${before ?? ''}:${after}:${paths.join('\0')}`;
    const offset = input.nextToken === undefined ? 0 : decodeListToken<number>(listKey, input.nextToken, 'number', 'InvalidContinuationTokenException');
    const all = await diffTrees(repository.gitDir, before ?? await emptyTree(repository.gitDir), after, paths);
    const differences = all.slice(offset, offset + limit);
    const next = offset + differences.length;
    return { differences, ...(next < all.length && { nextToken: encodeListToken(listKey, next) }) };
  }

  /** A path to limit differences to, checked to exist in `commitId` ('' and undefined: no limit). */
  private async existingPath(repository: RepositoryView, commitId: string | undefined, given: string | undefined): Promise<string | undefined> {
    if (given === undefined) return undefined;
    const path = normalizePath(given);
    if (path === undefined) throw new SluiceError('InvalidPathException', `The specified path is not valid: ${given}`);
    if (path === '') return undefined;
    if (commitId === undefined || await entryAt(repository.gitDir, commitId, path) === undefined) {
      throw new SluiceError('PathDoesNotExistException', `The specified path ${path} does not exist.`);
    }
    return path;
  }
}
