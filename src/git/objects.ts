/**
 * Reading a repository's objects with git plumbing: resolving a revision to a commit, a commit's
 * headers, tree entries, blobs, and the differences between two trees. Paths are repository
 * relative without a leading slash; ids are full hexadecimal object names.
 */
import { gitText, runGit } from './run-git.ts';

export type TreeEntryType = 'blob' | 'tree' | 'commit';

export interface TreeEntry {
  /** Git's octal mode: `100644`, `100755`, `120000` (symlink), `040000` (tree), `160000` (submodule). */
  mode: string;
  type: TreeEntryType;
  id: string;
  /** The entry's name within its tree (or its path, for `entryAt`). */
  name: string;
}

export interface GitIdentity { name: string; email: string; /** `<epoch seconds> <±hhmm>` */ date: string }

export interface CommitInfo {
  commitId: string;
  treeId: string;
  parents: string[];
  message: string;
  author: GitIdentity;
  committer: GitIdentity;
}

export interface RawDifference {
  status: 'A' | 'M' | 'D';
  before?: { mode: string; id: string; path: string };
  after?: { mode: string; id: string; path: string };
}

const ZERO_ID = /^0+$/;

/**
 * The commit a revision names (a commit id, branch, tag, `refs/…`), or undefined. A revision that
 * could be read as an option is never passed to git.
 */
export async function resolveCommit(gitDir: string, revision: string): Promise<string | undefined> {
  if (revision === '' || revision.startsWith('-') || /[\s\0]/.test(revision)) return undefined;
  const { stdout, exitCode } = await runGit({ gitDir, args: ['rev-parse', '--verify', '--quiet', `${revision}^{commit}`], allowExitCodes: [0, 1, 128] });
  return exitCode === 0 ? stdout.toString('utf8').trim() : undefined;
}

function parseIdentity(value: string): GitIdentity {
  const match = /^(.*) <(.*)> (\d+ [+-]\d{4})$/.exec(value);
  return match ? { name: match[1] ?? '', email: match[2] ?? '', date: match[3] ?? '' } : { name: value, email: '', date: '' };
}

export async function readCommit(gitDir: string, commitId: string): Promise<CommitInfo> {
  const text = (await runGit({ gitDir, args: ['cat-file', 'commit', commitId] })).stdout.toString('utf8');
  const split = text.indexOf('\n\n');
  const headers = (split < 0 ? text : text.slice(0, split)).split('\n');
  const info: CommitInfo = {
    commitId, treeId: '', parents: [], message: split < 0 ? '' : text.slice(split + 2),
    author: { name: '', email: '', date: '' }, committer: { name: '', email: '', date: '' },
  };
  for (const header of headers) {
    const space = header.indexOf(' ');
    const [key, value] = [header.slice(0, space), header.slice(space + 1)];
    if (key === 'tree') info.treeId = value;
    else if (key === 'parent') info.parents.push(value);
    else if (key === 'author') info.author = parseIdentity(value);
    else if (key === 'committer') info.committer = parseIdentity(value);
  }
  return info;
}

function parseTree(output: Buffer): TreeEntry[] {
  return output.toString('utf8').split('\0').filter((line) => line !== '').map((line) => {
    const tab = line.indexOf('\t');
    const [mode = '', type = '', id = ''] = line.slice(0, tab).split(' ');
    return { mode, type: type as TreeEntryType, id, name: line.slice(tab + 1) };
  });
}

/** The entries of a tree (a tree id, or `<commit>` for its root tree). */
export async function listTree(gitDir: string, treeish: string): Promise<TreeEntry[]> {
  return parseTree((await runGit({ gitDir, args: ['ls-tree', '-z', treeish] })).stdout);
}

/** The entry at `path` in a commit's tree, or undefined; `''` is the root tree itself. */
export async function entryAt(gitDir: string, commitId: string, path: string): Promise<TreeEntry | undefined> {
  if (path === '') {
    const treeId = (await readCommit(gitDir, commitId)).treeId;
    return { mode: '040000', type: 'tree', id: treeId, name: '' };
  }
  const [entry] = parseTree((await runGit({ gitDir, args: ['ls-tree', '-z', '--full-tree', commitId, '--', path], env: { GIT_LITERAL_PATHSPECS: '1' } })).stdout);
  return entry?.name === path ? entry : undefined;
}

/** `blob`, `tree`, `commit` or `tag`; undefined when there is no such object. */
export async function objectType(gitDir: string, id: string): Promise<string | undefined> {
  const { stdout, exitCode } = await runGit({ gitDir, args: ['cat-file', '-t', id], allowExitCodes: [0, 128] });
  return exitCode === 0 ? stdout.toString('utf8').trim() : undefined;
}

export async function blobSize(gitDir: string, blobId: string): Promise<number> {
  return Number(await gitText({ gitDir, args: ['cat-file', '-s', blobId] }));
}

export async function readBlob(gitDir: string, blobId: string, maxBytes: number): Promise<Buffer> {
  return (await runGit({ gitDir, args: ['cat-file', 'blob', blobId], maxBytes })).stdout;
}

/** The id of the empty tree, written to the repository (the "before" of a first commit). */
export async function emptyTree(gitDir: string): Promise<string> {
  return gitText({ gitDir, args: ['mktree', '-z'] });
}

/** Every file that differs between two trees (recursively, no rename detection), limited to `paths` when given. */
export async function diffTrees(gitDir: string, before: string, after: string, paths: readonly string[] = []): Promise<RawDifference[]> {
  // Paths are literal: `*` in a file name is no glob.
  const output = (await runGit({ gitDir, args: ['diff-tree', '-r', '-z', '--no-renames', '--no-commit-id', before, after, '--', ...paths], env: { GIT_LITERAL_PATHSPECS: '1' } })).stdout;
  const fields = output.toString('utf8').split('\0');
  const differences: RawDifference[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const [oldMode = '', newMode = '', oldId = '', newId = '', status = ''] = (fields[i] ?? '').slice(1).split(' ');
    const path = fields[i + 1] ?? '';
    const kind = status.startsWith('A') ? 'A' : status.startsWith('D') ? 'D' : 'M';
    differences.push({
      status: kind,
      ...(!ZERO_ID.test(oldId) && { before: { mode: oldMode, id: oldId, path } }),
      ...(!ZERO_ID.test(newId) && { after: { mode: newMode, id: newId, path } }),
    });
  }
  return differences;
}

/** Paths that differ between two commits (`git diff --name-only`). */
export async function changedPaths(gitDir: string, before: string, after: string): Promise<string[]> {
  const output = (await runGit({ gitDir, args: ['diff', '--name-only', '-z', '--no-renames', before, after, '--'] })).stdout;
  return output.toString('utf8').split('\0').filter((p) => p !== '');
}
