/**
 * Git events that may start pipelines: a push of one ref, or a change to a pull request. Sluice's
 * own git host produces them for its CodeCommit-compatible repositories, and connections produce
 * them from GitHub/GitLab/Bitbucket webhooks or polling; `decideTriggers` turns one into starts.
 *
 * The repository is named the way source actions name it, so matching is a plain comparison:
 * a connection repository by `ConnectionArn` + `FullRepositoryId` (CodeStarSourceConnection), a
 * hosted one by `RepositoryName` (CodeCommit).
 */
import type { GitPullRequestEventType } from '../vocabulary.ts';

export type GitRepository =
  | { provider: 'CodeStarSourceConnection'; connectionArn: string; fullRepositoryId: string }
  | { provider: 'CodeCommit'; repositoryName: string };

/** One ref moved by a push. A push of several refs is several events. */
export interface GitPushEvent {
  kind: 'push';
  repository: GitRepository;
  /** The full ref: `refs/heads/<branch>` or `refs/tags/<tag>`. Other refs start nothing. */
  ref: string;
  /** The commit the ref now points at (for an annotated tag, the commit it tags). */
  commitId: string;
  /**
   * Paths, relative to the repository root, that the push changed. Absent when they are not
   * known (e.g. a new branch, which has no base to diff against); see decide-triggers.ts.
   */
  changedFiles?: string[];
}

/** A pull request opened, updated with new commits, or closed (merged or not). */
export interface GitPullRequestEvent {
  kind: 'pullRequest';
  repository: GitRepository;
  action: GitPullRequestEventType;
  /** The provider's id of the pull request (`42`), recorded in the trigger detail. */
  pullRequestId?: string;
  /** Branch names, with or without `refs/heads/`. */
  sourceBranch: string;
  destinationBranch: string;
  /** The head commit of the source branch: what a pull-request start builds. */
  commitId: string;
  /** Paths the pull request changes against its destination; absent when not known. */
  changedFiles?: string[];
}

export type GitEvent = GitPushEvent | GitPullRequestEvent;

/** What a pushed ref names: a branch, a tag, or something no trigger looks at (`refs/notes/…`). */
export type PushedRef = { kind: 'branch' | 'tag'; name: string } | { kind: 'other'; name: string };

const BRANCH_PREFIX = 'refs/heads/';
const TAG_PREFIX = 'refs/tags/';

export function classifyRef(ref: string): PushedRef {
  if (ref.startsWith(BRANCH_PREFIX)) return { kind: 'branch', name: ref.slice(BRANCH_PREFIX.length) };
  if (ref.startsWith(TAG_PREFIX)) return { kind: 'tag', name: ref.slice(TAG_PREFIX.length) };
  return { kind: 'other', name: ref };
}

/** A pull request's branch as a bare name: providers send `main` or `refs/heads/main`. */
export function branchName(branch: string): string {
  return branch.startsWith(BRANCH_PREFIX) ? branch.slice(BRANCH_PREFIX.length) : branch;
}

/** Git's all-zero object id: a push that deletes its ref carries it as the new commit. */
export function isDeletion(commitId: string): boolean {
  return /^0+$/.test(commitId);
}
