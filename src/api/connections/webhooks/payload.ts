/**
 * What a provider's webhook payload says, as connection events need it: the repository and its
 * changes, a ping, or an event Sluice does not act on (with the reason, for the answer).
 */
import type { GitPullRequestEventType } from '../../../model/vocabulary.ts';
import type { RepositoryChange } from '../../../services/connection-events.ts';

export type WebhookMeaning =
  | { kind: 'changes'; fullRepositoryId: string; changes: RepositoryChange[] }
  | { kind: 'ping' }
  | { kind: 'ignored'; reason: string };

type Json = Record<string, unknown>;

export const obj = (value: unknown): Json => (typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Json : {});
export const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
export const ignored = (reason: string): WebhookMeaning => ({ kind: 'ignored', reason });

/**
 * The paths the commits of a push added, modified or removed; undefined unless `complete` (the
 * payload lists every commit of the push), so a partial list never decides a file filter.
 */
export function filesOfCommits(commits: unknown, complete: boolean): string[] | undefined {
  if (!complete || !Array.isArray(commits) || commits.length === 0) return undefined;
  const files = new Set<string>();
  for (const commit of commits) {
    for (const key of ['added', 'modified', 'removed']) {
      const list = obj(commit)[key];
      if (!Array.isArray(list)) return undefined;
      for (const path of list) if (typeof path === 'string') files.add(path);
    }
  }
  return [...files];
}

/** A push as providers describe it (GitHub, GitLab and Gitea share these member names). */
export function pushChange(payload: Json, files: string[] | undefined): RepositoryChange | undefined {
  const ref = str(payload.ref);
  const after = str(payload.after);
  if (ref === undefined || after === undefined) return undefined;
  const before = str(payload.before);
  return { kind: 'push', ref, after, ...(before !== undefined && { before }), ...(files && { files }) };
}

/**
 * A pull request as GitHub and Gitea describe it (`pull_request.head`/`base` with `ref` and
 * `sha`), its action mapped through `actions`; other actions are ignored.
 */
export function pullRequestMeaning(payload: Json, fullRepositoryId: string, actions: Record<string, GitPullRequestEventType>): WebhookMeaning {
  const action = actions[str(payload.action) ?? ''];
  if (action === undefined) return ignored(`pull_request action ${String(payload.action)}`);
  const pr = obj(payload.pull_request);
  const [head, base] = [obj(pr.head), obj(pr.base)];
  const [sourceBranch, destinationBranch, headCommit] = [str(head.ref), str(base.ref), str(head.sha)];
  if (!sourceBranch || !destinationBranch || !headCommit) return ignored('pull_request without head and base');
  const number = pr.number ?? payload.number;
  const baseCommit = str(base.sha);
  return {
    kind: 'changes', fullRepositoryId, changes: [{
      kind: 'pullRequest', action, sourceBranch, destinationBranch, headCommit,
      ...(typeof number === 'number' && { pullRequestId: String(number) }), ...(baseCommit !== undefined && { base: baseCommit }),
    }],
  };
}
