/**
 * Reading commits with the `git` executable, shared by the source actions that report a commit
 * (local working copies, hosted repositories, connection mirrors): the commit's id, message and
 * dates as CodeCommit's output variables name them, and the action's current revision.
 */
import type { CurrentRevision } from '../engine/events.ts';
import { runGit as runGitBinary } from '../git/run-git.ts';

/** Git's output can be a whole commit message; 16 MiB leaves room for any real one. */
const MAX_GIT_OUTPUT_BYTES = 16 * 1024 * 1024;

/**
 * Runs `git -C dir …` with the machine's git config (these are working copies and mirrors users
 * point Sluice at) and returns its standard output. @throws Error with git's own message
 */
export async function runGit(dir: string, args: readonly string[], signal?: AbortSignal): Promise<string> {
  const { stdout } = await runGitBinary({ args: ['-C', dir, ...args], machineConfig: true, maxBytes: MAX_GIT_OUTPUT_BYTES, ...(signal && { signal }) });
  return stdout.toString('utf8');
}

export interface CommitDetails {
  commitId: string;
  /** The full message, without git's trailing newline. */
  message: string;
  /** ISO-8601, as git prints `%aI`. */
  authorDate: string;
  committerDate: string;
}

/** The full id of `revision` when it names a commit in `dir`, else undefined. */
export async function resolveCommit(dir: string, revision: string, signal?: AbortSignal): Promise<string | undefined> {
  try {
    return (await runGit(dir, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${revision}^{commit}`], signal)).trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * The tip of branch `branch` in `dir`, or undefined when there is no such branch. The name is
 * taken exactly: `main~1` or `ma*` name no branch (rev-parse would read them as expressions).
 */
export async function branchTip(dir: string, branch: string, signal?: AbortSignal): Promise<string | undefined> {
  if (branch === '') return undefined;
  try {
    return (await runGit(dir, ['show-ref', '--verify', '--hash', `refs/heads/${branch}`], signal)).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Id, message and dates of `commit` (a full id) in `dir`. */
export async function readCommit(dir: string, commit: string, signal?: AbortSignal): Promise<CommitDetails> {
  // NUL separates the fields: a message may hold any other character.
  const out = await runGit(dir, ['log', '-1', '--format=%H%x00%aI%x00%cI%x00%B', commit, '--'], signal);
  const [commitId = commit, authorDate = '', committerDate = '', ...rest] = out.split('\0');
  return { commitId, authorDate, committerDate, message: rest.join('\0').replace(/\n+$/, '') };
}

/** The first line of a commit message: what AWS shows as a revision summary. */
export function firstLine(message: string): string {
  return message.split('\n')[0] ?? '';
}

/** The action's current revision for a commit, its summary the message's first line. */
export function commitRevision(details: CommitDetails, revisionSummary = firstLine(details.message)): CurrentRevision {
  return { revision: details.commitId, changeIdentifier: details.commitId, revisionSummary };
}

/** CodeCommit's commit output variables: CommitId, CommitMessage, AuthorDate, CommitterDate. */
export function commitVariables(details: CommitDetails): { CommitId: string; CommitMessage: string; AuthorDate: string; CommitterDate: string } {
  return { CommitId: details.commitId, CommitMessage: details.message, AuthorDate: details.authorDate, CommitterDate: details.committerDate };
}
