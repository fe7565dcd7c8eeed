/**
 * Shape checks for V2 `triggers`: git push and pull-request filters on a CodeStarSourceConnection
 * source action. Whether `sourceActionName` names such an action is a cross-reference check in
 * structure.ts.
 */
import { ErrorCode } from '../errors.ts';
import type {
  GitConfiguration, GitFilterCriteria, GitPullRequestFilter, GitPushFilter, PipelineTriggerDeclaration,
} from '../pipeline.ts';
import { GitPullRequestEventType, PipelineTriggerProviderType } from '../vocabulary.ts';
import {
  assignDefined, checkEnum, isObject, memberPath, readEnum, readList, readObject, readString, readStringList,
  violation, type Issues, type JsonObject,
} from './fields.ts';
import * as L from './limits.ts';
import { globSyntaxProblem } from '../triggers/glob.ts';

export function parseTriggers(issues: Issues, pipeline: JsonObject, path: string): PipelineTriggerDeclaration[] | undefined {
  const items = readList(issues, pipeline, 'triggers', path, { size: L.TRIGGERS });
  return items?.flatMap((item, i) => parseTrigger(issues, item, memberPath(path, 'triggers', i)) ?? []);
}

function parseTrigger(issues: Issues, raw: unknown, path: string): PipelineTriggerDeclaration | undefined {
  if (!isObject(raw)) {
    violation(issues, path, raw, 'be a structure');
    return undefined;
  }
  const providerType = readEnum(issues, raw, 'providerType', path, PipelineTriggerProviderType, true);
  const git = readObject(issues, raw, 'gitConfiguration', path, true);
  if (!providerType || !git) return undefined;
  const gitPath = `${path}.gitConfiguration`;
  const sourceActionName = readString(issues, git, 'sourceActionName', gitPath, L.ACTION_NAME, true);
  if (sourceActionName === undefined) return undefined;
  const gitConfiguration = assignDefined<GitConfiguration>({ sourceActionName }, {
    push: readList(issues, git, 'push', gitPath, { size: L.GIT_FILTERS })
      ?.flatMap((f, j) => parsePushFilter(issues, f, memberPath(gitPath, 'push', j)) ?? []),
    pullRequest: readList(issues, git, 'pullRequest', gitPath, { size: L.GIT_FILTERS })
      ?.flatMap((f, j) => parsePullRequestFilter(issues, f, memberPath(gitPath, 'pullRequest', j)) ?? []),
  });
  // [guess] A trigger without filters would never fire; AWS's console refuses it too.
  if (git.push == null && git.pullRequest == null) {
    issues.error(ErrorCode.ValidationException, gitPath,
      `Trigger for source action '${sourceActionName}' at '${gitPath}' needs at least one 'push' or 'pullRequest' filter`);
  }
  return { providerType, gitConfiguration };
}

/** Push filters allow tags alone, branches alone, or branches with filePaths (spec §1.5). */
function parsePushFilter(issues: Issues, raw: unknown, path: string): GitPushFilter | undefined {
  if (!isObject(raw)) {
    violation(issues, path, raw, 'be a structure');
    return undefined;
  }
  const filter = assignDefined<GitPushFilter>({}, {
    tags: parseCriteria(issues, raw, 'tags', path),
    branches: parseCriteria(issues, raw, 'branches', path),
    filePaths: parseCriteria(issues, raw, 'filePaths', path),
  });
  const has = (k: string): boolean => raw[k] != null;
  const fail = (why: string): void => issues.error(ErrorCode.ValidationException, path,
    `Push filter at '${path}' ${why}; allowed combinations are tags alone, branches alone, or branches with filePaths`);
  if (has('tags') && (has('branches') || has('filePaths'))) fail('combines tags with branches or filePaths');
  else if (has('filePaths') && !has('branches')) fail('has filePaths without branches');
  else if (!has('tags') && !has('branches')) fail('is empty');
  return filter;
}

function parsePullRequestFilter(issues: Issues, raw: unknown, path: string): GitPullRequestFilter | undefined {
  if (!isObject(raw)) {
    violation(issues, path, raw, 'be a structure');
    return undefined;
  }
  const events = readList(issues, raw, 'events', path, { size: L.PR_EVENTS })
    ?.flatMap((e, i) => checkEnum(issues, e, memberPath(path, 'events', i), GitPullRequestEventType) ?? []);
  if (events && new Set(events).size !== events.length) {
    issues.error(ErrorCode.ValidationException, `${path}.events`, `Pull request filter at '${path}' lists an event twice`);
  }
  if (raw.branches == null) violation(issues, `${path}.branches`, null, 'not be null');
  return assignDefined<GitPullRequestFilter>({}, {
    events,
    branches: parseCriteria(issues, raw, 'branches', path),
    filePaths: parseCriteria(issues, raw, 'filePaths', path),
  });
}

function parseCriteria(issues: Issues, filter: JsonObject, key: string, parent: string): GitFilterCriteria | undefined {
  const raw = readObject(issues, filter, key, parent);
  if (!raw) return undefined;
  const path = `${parent}.${key}`;
  const criteria = assignDefined<GitFilterCriteria>({}, {
    includes: readStringList(issues, raw, 'includes', path, L.GIT_GLOBS, L.GIT_PATTERN),
    excludes: readStringList(issues, raw, 'excludes', path, L.GIT_GLOBS, L.GIT_PATTERN),
  });
  // [guess] An empty criterion matches nothing useful; make the user say what they meant.
  if (raw.includes == null && raw.excludes == null) {
    issues.error(ErrorCode.ValidationException, path, `Filter criteria at '${path}' need 'includes' or 'excludes'`);
  }
  for (const list of ['includes', 'excludes'] as const) {
    for (const [i, pattern] of (criteria[list] ?? []).entries()) {
      const problem = globSyntaxProblem(pattern);
      const at = memberPath(path, list, i);
      if (problem) issues.error(ErrorCode.ValidationException, at, `Glob '${pattern}' at '${at}' is not valid: ${problem}`);
    }
  }
  return criteria;
}
