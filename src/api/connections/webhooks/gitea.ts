/**
 * Gitea's and Forgejo's webhook events: `push` and `pull_request` (Forgejo is a Gitea fork and
 * sends the same payloads). A push's file list is complete when `total_commits` says every commit
 * is listed. Pull requests: opened and reopened are OPEN, synchronized is UPDATED, closed (merged
 * or not) is CLOSED.
 */
import type { GitPullRequestEventType } from '../../../model/vocabulary.ts';
import { filesOfCommits, ignored, obj, pullRequestMeaning, pushChange, str, type WebhookMeaning } from './payload.ts';

const PR_ACTIONS: Record<string, GitPullRequestEventType> = { opened: 'OPEN', reopened: 'OPEN', synchronized: 'UPDATED', closed: 'CLOSED' };

export function readGiteaEvent(event: string, payload: Record<string, unknown>): WebhookMeaning {
  const fullRepositoryId = str(obj(payload.repository).full_name);
  if (fullRepositoryId === undefined) return ignored(`${event} names no repository`);
  if (event === 'push') {
    const commits = Array.isArray(payload.commits) ? payload.commits : [];
    const complete = !/^0+$/.test(str(payload.before) ?? '0') && payload.total_commits === commits.length;
    const change = pushChange(payload, filesOfCommits(commits, complete));
    return change ? { kind: 'changes', fullRepositoryId, changes: [change] } : ignored('push without ref or after');
  }
  if (event === 'pull_request') return pullRequestMeaning(payload, fullRepositoryId, PR_ACTIONS);
  return ignored(`event ${event}`);
}
