/**
 * Writing objects: a blob, a tree that is a parent tree with one file put in place (rebuilt from
 * the changed path up with `git mktree`, every other entry shared), and a commit.
 */
import { listTree, type TreeEntry } from './objects.ts';
import { gitText } from './run-git.ts';

export async function writeBlob(gitDir: string, content: Uint8Array): Promise<string> {
  return gitText({ gitDir, args: ['hash-object', '-w', '--stdin'], stdin: content });
}

async function makeTree(gitDir: string, entries: readonly TreeEntry[]): Promise<string> {
  const input = entries.map((e) => `${e.mode} ${e.type} ${e.id}\t${e.name}\0`).join('');
  return gitText({ gitDir, args: ['mktree', '-z'], stdin: input });
}

/** Why a file cannot go at a path: a directory is there, or a file is where a directory must be. */
export type TreeConflict = 'pathIsDirectory' | 'parentIsFile' | 'parentIsSubmodule';

export type PutFileResult = { treeId: string; previous?: TreeEntry } | { conflict: TreeConflict };

/**
 * The tree `baseTree` (undefined: empty) with `file` at `path` (segments, at least one), plus the
 * entry it replaced, if any.
 */
export async function treeWithFile(gitDir: string, baseTree: string | undefined, path: readonly string[], file: { mode: string; id: string }): Promise<PutFileResult> {
  const entries = baseTree === undefined ? [] : await listTree(gitDir, baseTree);
  const [name = '', ...rest] = path;
  const existing = entries.find((e) => e.name === name);
  const others = entries.filter((e) => e.name !== name);
  if (rest.length === 0) {
    if (existing?.type === 'tree') return { conflict: 'pathIsDirectory' };
    if (existing?.type === 'commit') return { conflict: 'parentIsSubmodule' };
    const treeId = await makeTree(gitDir, [...others, { mode: file.mode, type: 'blob', id: file.id, name }]);
    return { treeId, ...(existing && { previous: existing }) };
  }
  if (existing?.type === 'blob') return { conflict: 'parentIsFile' };
  if (existing?.type === 'commit') return { conflict: 'parentIsSubmodule' };
  const sub = await treeWithFile(gitDir, existing?.id, rest, file);
  if ('conflict' in sub) return sub;
  const treeId = await makeTree(gitDir, [...others, { mode: '040000', type: 'tree', id: sub.treeId, name }]);
  return { treeId, ...(sub.previous && { previous: sub.previous }) };
}

/**
 * The tree `baseTree` without the file at `path`, plus the entry removed; undefined when no file
 * is there. A folder left empty is dropped unless `keepEmptyFolders`.
 */
export async function treeWithoutFile(gitDir: string, baseTree: string, path: readonly string[], keepEmptyFolders: boolean): Promise<{ treeId: string; removed: TreeEntry } | undefined> {
  const entries = await listTree(gitDir, baseTree);
  const [name = '', ...rest] = path;
  const existing = entries.find((e) => e.name === name);
  const others = entries.filter((e) => e.name !== name);
  if (rest.length === 0) {
    if (existing?.type !== 'blob') return undefined;
    return { treeId: await makeTree(gitDir, others), removed: existing };
  }
  if (existing?.type !== 'tree') return undefined;
  const sub = await treeWithoutFile(gitDir, existing.id, rest, keepEmptyFolders);
  if (!sub) return undefined;
  const emptied = !keepEmptyFolders && (await listTree(gitDir, sub.treeId)).length === 0;
  const kept = emptied ? others : [...others, { ...existing, id: sub.treeId }];
  return { treeId: await makeTree(gitDir, kept), removed: sub.removed };
}

export interface NewCommit {
  treeId: string;
  parents: readonly string[];
  message: string;
  author: { name: string; email: string };
  /** Epoch seconds; the time zone is UTC. */
  timeSeconds: number;
}

/** Writes a commit; author and committer are the same person, as for a commit made through the API. */
export async function writeCommit(gitDir: string, commit: NewCommit): Promise<string> {
  const date = `${commit.timeSeconds} +0000`;
  return gitText({
    gitDir,
    args: ['commit-tree', commit.treeId, ...commit.parents.flatMap((p) => ['-p', p]), '-F', '-'],
    stdin: commit.message,
    env: {
      GIT_AUTHOR_NAME: commit.author.name, GIT_AUTHOR_EMAIL: commit.author.email, GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_NAME: commit.author.name, GIT_COMMITTER_EMAIL: commit.author.email, GIT_COMMITTER_DATE: date,
    },
  });
}
