/**
 * PutFile and DeleteFile: one commit that adds, replaces or removes one file on a branch, made with git plumbing (blob,
 * trees rebuilt along the path with `mktree`, `commit-tree`) and published with a
 * compare-and-swap of the branch, so a writer holding a stale parent loses with
 * ParentCommitIdOutdatedException instead of overwriting. An empty repository takes its first
 * commit on any branch name, which becomes the default branch.
 */
import { SluiceError } from '../model/errors.ts';
import { makeSerializer, type Serializer } from '../model/serializer.ts';
import { readCommit, resolveCommit } from '../git/objects.ts';
import { compareAndSwapRef, listBranches, readRef, ZERO_COMMIT } from '../git/refs.ts';
import { treeWithFile, treeWithoutFile, writeBlob, writeCommit, type TreeConflict } from '../git/trees.ts';
import type { RecordRefChanges } from './ref-changes.ts';
import type { RepositoryService, RepositoryView } from './repositories.ts';
import { GIT_MODE, MAX_FILE_BYTES, type FileMode } from './repository-content.ts';
import { checkBranchName, checkFilePath } from './repository-names.ts';

/** Limits on what PutFile writes into a commit [guess: AWS names the errors, not the numbers]. */
export const COMMIT_LIMITS = { nameChars: 1024, messageBytes: 100 * 1024 } as const;
const FULL_COMMIT_ID = /^[0-9a-f]{40}$/;
const EMAIL = /^[^\s@<>]+@[^\s@<>]+$/;

/** What every commit made through the API carries besides its tree. */
interface CommitInput {
  commitMessage?: string;
  name?: string;
  email?: string;
  caller: { arn: string; userName: string };
}

export interface PutFileInput extends CommitInput {
  repositoryName: unknown;
  branchName: unknown;
  /** The file's bytes (decoded from the wire's base64). */
  fileContent: Uint8Array | undefined;
  filePath: unknown;
  fileMode?: string;
  parentCommitId?: string;
}

export interface DeleteFileInput extends CommitInput {
  repositoryName: unknown;
  branchName: unknown;
  filePath: unknown;
  parentCommitId?: string;
  keepEmptyFolders?: boolean;
}

export interface DeleteFileResult { commitId: string; blobId: string; treeId: string; filePath: string }

export interface PutFileResult { commitId: string; blobId: string; treeId: string }

const CONFLICT_ERRORS: Record<TreeConflict, () => SluiceError> = {
  pathIsDirectory: () => new SluiceError('FileNameConflictsWithDirectoryNameException', 'The file cannot be added because its name is the name of a folder in this repository.'),
  parentIsFile: () => new SluiceError('DirectoryNameConflictsWithFileNameException', 'The file cannot be added because a folder on its path has the name of a file in this repository.'),
  parentIsSubmodule: () => new SluiceError('FileNameConflictsWithDirectoryNameException', 'The file cannot be added because its path crosses a submodule.'),
};

export class CommitService {
  private readonly repositories: RepositoryService;
  private readonly recordRefChanges: RecordRefChanges;
  private readonly now: () => number;

  /** Held while a ref moves and is recorded; pushes to the repository hold it too. */
  private readonly lock: Serializer;

  constructor(repositories: RepositoryService, recordRefChanges: RecordRefChanges, now: () => number, lock: Serializer = makeSerializer()) {
    this.repositories = repositories;
    this.recordRefChanges = recordRefChanges;
    this.now = now;
    this.lock = lock;
  }

  async putFile(input: PutFileInput): Promise<PutFileResult> {
    const repository = await this.repositories.open(input.repositoryName);
    const branch = await checkBranchName(input.branchName);
    const path = checkFilePath(input.filePath);
    const content = checkContent(input.fileContent);
    const mode = checkMode(input.fileMode);
    const author = checkAuthor(input);
    const parent = await this.parentOf(repository, branch, input.parentCommitId);
    const blobId = await writeBlob(repository.gitDir, content);
    const baseTree = parent === undefined ? undefined : (await readCommit(repository.gitDir, parent)).treeId;
    const built = await treeWithFile(repository.gitDir, baseTree, path.split('/'), { mode: GIT_MODE[mode], id: blobId });
    if ('conflict' in built) throw CONFLICT_ERRORS[built.conflict]();
    if (built.previous?.id === blobId && built.previous.mode === GIT_MODE[mode]) {
      throw new SluiceError('SameFileContentException', 'The file could not be added because the provided file content is the same as the existing file content, with the same file mode.');
    }
    const commitId = await this.publish(repository, branch, parent, built.treeId, { ...input, ...author });
    return { commitId, blobId, treeId: built.treeId };
  }

  /** DeleteFile: a commit without the file; the branch must exist and `parentCommitId` be its tip. */
  async deleteFile(input: DeleteFileInput): Promise<DeleteFileResult> {
    const repository = await this.repositories.open(input.repositoryName);
    const branch = await checkBranchName(input.branchName);
    const path = checkFilePath(input.filePath);
    const author = checkAuthor(input);
    const parent = await this.parentOf(repository, branch, input.parentCommitId);
    if (parent === undefined) throw new SluiceError('BranchDoesNotExistException', `Could not find branch ${branch}`);
    const baseTree = (await readCommit(repository.gitDir, parent)).treeId;
    const built = await treeWithoutFile(repository.gitDir, baseTree, path.split('/'), input.keepEmptyFolders === true);
    if (!built) throw new SluiceError('FileDoesNotExistException', `The file ${path} does not exist in commit ${parent}`);
    const commitId = await this.publish(repository, branch, parent, built.treeId, { ...input, ...author });
    return { commitId, blobId: built.removed.id, treeId: built.treeId, filePath: path };
  }

  /** Writes the commit, moves the branch from `parent` by compare-and-swap, and records the move. */
  private async publish(repository: RepositoryView, branch: string, parent: string | undefined, treeId: string, input: CommitInput): Promise<string> {
    const ref = `refs/heads/${branch}`;
    const commitId = await writeCommit(repository.gitDir, {
      treeId, parents: parent === undefined ? [] : [parent], message: input.commitMessage ?? '',
      author: { name: input.name || input.caller.userName, email: input.email ?? '' }, timeSeconds: Math.floor(this.now() / 1000),
    });
    await this.lock(repository.repositoryId, async () => {
      if (!await compareAndSwapRef(repository.gitDir, ref, commitId, parent ?? ZERO_COMMIT)) throw outdated();
      await this.recordRefChanges({ repository, changes: [{ ref, newCommit: commitId, ...(parent !== undefined && { oldCommit: parent }) }], callerArn: input.caller.arn });
    });
    return commitId;
  }

  /** The branch tip the commit builds on, checked against `parentCommitId`; undefined for an empty repository's first commit. */
  private async parentOf(repository: RepositoryView, branch: string, parentCommitId: string | undefined): Promise<string | undefined> {
    const { gitDir } = repository;
    if (await readRef(gitDir, `refs/tags/${branch}`) !== undefined) {
      throw new SluiceError('BranchNameIsTagNameException', `The specified branch name ${branch} is the name of a tag.`);
    }
    const tip = await readRef(gitDir, `refs/heads/${branch}`);
    if (tip === undefined && (await listBranches(gitDir)).length > 0) throw new SluiceError('BranchDoesNotExistException', `Could not find branch ${branch}`);
    if (parentCommitId !== undefined && parentCommitId !== '') {
      if (!FULL_COMMIT_ID.test(parentCommitId)) throw new SluiceError('InvalidParentCommitIdException', `The parent commit ID is not valid: ${parentCommitId}`);
      if (await resolveCommit(gitDir, parentCommitId) !== parentCommitId) throw new SluiceError('ParentCommitDoesNotExistException', `The parent commit ID ${parentCommitId} does not exist in the repository.`);
      if (tip !== parentCommitId) throw outdated();
    } else if (tip !== undefined) {
      throw new SluiceError('ParentCommitIdRequiredException', 'A parent commit ID is required. To view the full commit ID of a branch in a repository, use GetBranch or a Git command (for example, git pull or git log).');
    }
    return tip;
  }
}

function outdated(): SluiceError {
  return new SluiceError('ParentCommitIdOutdatedException', 'The parent commit ID is not valid because it does not refer to the most recent commit on the specified branch. Get the commit ID of the branch tip and try again.');
}

function checkContent(content: Uint8Array | undefined): Uint8Array {
  if (content === undefined || content.byteLength === 0) {
    throw new SluiceError('FileContentRequiredException', 'The file cannot be added because it is empty. Empty files cannot be added to the repository with this API.');
  }
  if (content.byteLength > MAX_FILE_BYTES) throw new SluiceError('FileContentSizeLimitExceededException', `The file is ${content.byteLength} bytes; the limit is ${MAX_FILE_BYTES} bytes.`);
  return content;
}

function checkMode(mode: string | undefined): FileMode {
  if (mode === undefined) return 'NORMAL';
  if (!Object.hasOwn(GIT_MODE, mode)) throw new SluiceError('InvalidFileModeException', `The specified file mode permission is not valid: ${mode}. Use NORMAL, EXECUTABLE or SYMLINK.`);
  return mode as FileMode;
}

function checkAuthor(input: CommitInput): { name: string; email: string } {
  const name = input.name ?? '';
  const email = input.email ?? '';
  if ([...name].length > COMMIT_LIMITS.nameChars) throw new SluiceError('NameLengthExceededException', `The user name is longer than ${COMMIT_LIMITS.nameChars} characters.`);
  if (email !== '' && !EMAIL.test(email)) throw new SluiceError('InvalidEmailException', `The specified email address is not valid: ${email}`);
  if (Buffer.byteLength(input.commitMessage ?? '', 'utf8') > COMMIT_LIMITS.messageBytes) {
    throw new SluiceError('CommitMessageLengthExceededException', `The commit message is longer than ${COMMIT_LIMITS.messageBytes} bytes.`);
  }
  return { name, email };
}

