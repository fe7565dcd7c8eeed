/**
 * GitHub's webhook events (also GitHub Enterprise Server's): `push`, `pull_request` and `ping`.
 * A push's file list is complete when GitHub sent every commit of it (at most 2048) and the
 * push neither created, deleted nor force-moved the branch. Pull requests: opened and reopened
 * are OPEN, synchronize (new commits) is UPDATED, closed (merged or not) is CLOSED.
 */
import type { GitPullRequestEventType } from '../../../model/vocabulary.ts';
import { filesOfCommits, ignored, obj, pullRequestMeaning, pushChange, str, type WebhookMeaning } from './payload.ts';

const GITHUB_COMMIT_LIMIT = 2048;
const PR_ACTIONS: Record<string, GitPullRequestEventType> = { opened: 'OPEN', reopened: 'OPEN', synchronize: 'UPDATED', closed: 'CLOSED' };

export function readGitHubEvent(event: string, payload: Record<string, unknown>): WebhookMeaning {
  if (event === 'ping') return { kind: 'ping' };
  const fullRepositoryId = str(obj(payload.repository).full_name);
  if (fullRepositoryId === undefined) return ignored(`${event} names no repository`);
  if (event === 'push') {
    const commits = Array.isArray(payload.commits) ? payload.commits : [];
    const complete = payload.created !== true && payload.deleted !== true && payload.forced !== true && commits.length < GITHUB_COMMIT_LIMIT;
    const change = pushChange(payload, filesOfCommits(commits, complete));
    return change ? { kind: 'changes', fullRepositoryId, changes: [change] } : ignored('push without ref or after');
  }
  if (event === 'pull_request') return pullRequestMeaning(payload, fullRepositoryId, PR_ACTIONS);
  return ignored(`event ${event}`);
}
