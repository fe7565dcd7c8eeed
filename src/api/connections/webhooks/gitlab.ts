/**
 * GitLab's webhook events: `Push Hook`, `Tag Push Hook` and `Merge Request Hook`. GitLab lists
 * at most 20 commits of a push, so its file list is complete only when `total_commits_count`
 * says that is all of them. Merge requests: open and reopen are OPEN, update with new commits
 * (`oldrev` present) is UPDATED, close and merge are CLOSED; other updates start nothing.
 */
import type { GitPullRequestEventType } from '../../../model/vocabulary.ts';
import { filesOfCommits, ignored, obj, pushChange, str, type WebhookMeaning } from './payload.ts';

const MR_ACTIONS: Record<string, GitPullRequestEventType> = { open: 'OPEN', reopen: 'OPEN', update: 'UPDATED', close: 'CLOSED', merge: 'CLOSED' };

export function readGitLabEvent(event: string, payload: Record<string, unknown>): WebhookMeaning {
  const fullRepositoryId = str(obj(payload.project).path_with_namespace);
  if (fullRepositoryId === undefined) return ignored(`${event} names no project`);
  if (event === 'Push Hook' || event === 'Tag Push Hook') {
    const commits = Array.isArray(payload.commits) ? payload.commits : [];
    const complete = event === 'Push Hook' && !/^0+$/.test(str(payload.before) ?? '0') && payload.total_commits_count === commits.length;
    const change = pushChange(payload, filesOfCommits(commits, complete));
    return change ? { kind: 'changes', fullRepositoryId, changes: [change] } : ignored('push without ref or after');
  }
  if (event === 'Merge Request Hook') {
    const attributes = obj(payload.object_attributes);
    const action = MR_ACTIONS[str(attributes.action) ?? ''];
    if (action === undefined) return ignored(`merge request action ${String(attributes.action)}`);
    if (action === 'UPDATED' && str(attributes.oldrev) === undefined) return ignored('merge request update without new commits');
    const [sourceBranch, destinationBranch, headCommit] = [str(attributes.source_branch), str(attributes.target_branch), str(obj(attributes.last_commit).id)];
    if (!sourceBranch || !destinationBranch || !headCommit) return ignored('merge request without branches and last commit');
    const iid = attributes.iid;
    return {
      kind: 'changes', fullRepositoryId, changes: [{
        kind: 'pullRequest', action, sourceBranch, destinationBranch, headCommit, ...(typeof iid === 'number' && { pullRequestId: String(iid) }),
      }],
    };
  }
  return ignored(`event ${event}`);
}
