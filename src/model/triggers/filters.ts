/**
 * Trigger filters against one git event: whether a push filter or a pull-request filter of a
 * V2 trigger matches. The rules (spec §1.5):
 * - a criterion (`{includes?, excludes?}`) accepts a name when some include matches it (or there
 *   are no includes) and no exclude does: excludes win over includes;
 * - a file-path criterion accepts a change when at least one changed file is accepted [guess,
 *   AWS's "if all files are excluded, the pipeline does not start"]; when the changed files are
 *   not known at all the criterion accepts [guess: a build too many beats a silently missed one];
 * - a filter matches when every criterion it has accepts; a push filter with `tags` looks only at
 *   tag pushes, one with `branches` only at branch pushes;
 * - a pull-request filter looks at the destination branch (AWS: "a pull request opened, updated,
 *   or closed to the specified target branches"), and at `events` (all three when absent [guess]).
 *
 * A filter holding a glob that does not compile never matches: a broken filter must not start
 * builds its excludes were meant to hold back.
 */
import type { GitFilterCriteria, GitPullRequestFilter, GitPushFilter } from '../pipeline.ts';
import { GitPullRequestEventType } from '../vocabulary.ts';
import { branchName, type GitPullRequestEvent, type PushedRef } from './git-event.ts';
import { compileGlob, GlobSyntaxError } from './glob.ts';

interface CompiledCriteria { includes: RegExp[]; excludes: RegExp[] }

/** Compiles a criterion's globs; undefined when one of them is not a valid glob. */
function compileCriteria(criteria: GitFilterCriteria): CompiledCriteria | undefined {
  try {
    return { includes: (criteria.includes ?? []).map(compileGlob), excludes: (criteria.excludes ?? []).map(compileGlob) };
  } catch (e) {
    if (e instanceof GlobSyntaxError) return undefined;
    throw e;
  }
}

function accepts(criteria: CompiledCriteria, name: string): boolean {
  const included = criteria.includes.length === 0 || criteria.includes.some((re) => re.test(name));
  return included && !criteria.excludes.some((re) => re.test(name));
}

/** A branch or tag name against a criterion; an absent criterion accepts. */
export function acceptsName(criteria: GitFilterCriteria | undefined, name: string): boolean {
  if (!criteria) return true;
  const compiled = compileCriteria(criteria);
  return compiled !== undefined && accepts(compiled, name);
}

/** Changed files against a criterion; an absent criterion, or unknown files, accept. */
export function acceptsFiles(criteria: GitFilterCriteria | undefined, files: readonly string[] | undefined): boolean {
  if (!criteria) return true;
  const compiled = compileCriteria(criteria);
  if (compiled === undefined) return false;
  return files === undefined || files.some((file) => accepts(compiled, file));
}

export function matchesPushFilter(filter: GitPushFilter, ref: PushedRef, files: readonly string[] | undefined): boolean {
  if (filter.tags) return ref.kind === 'tag' && acceptsName(filter.tags, ref.name);
  // Validation allows no filter without tags or branches; such a filter would match nothing.
  if (!filter.branches) return false;
  return ref.kind === 'branch' && acceptsName(filter.branches, ref.name) && acceptsFiles(filter.filePaths, files);
}

const ALL_PULL_REQUEST_EVENTS = Object.values(GitPullRequestEventType);

export function matchesPullRequestFilter(filter: GitPullRequestFilter, event: GitPullRequestEvent): boolean {
  const events = filter.events ?? ALL_PULL_REQUEST_EVENTS;
  return events.includes(event.action)
    && acceptsName(filter.branches, branchName(event.destinationBranch))
    && acceptsFiles(filter.filePaths, event.changedFiles);
}
