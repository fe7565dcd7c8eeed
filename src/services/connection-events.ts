/**
 * What happened in a repository reached through a connection — pushes and pull-request changes
 * from webhooks, moved refs from polling — turned into git events and routed to the pipelines
 * they start.
 *
 * For each repository, changes are handled one batch at a time in arrival order (the serializer
 * is shared by webhooks and the poller): fetch the mirror, name each pushed ref's commit (an
 * annotated tag peels to its commit), complete the changed files from the mirror when the
 * provider did not send a complete list, route, and record the ref as seen so polling does not
 * start the same push again.
 */
import type { Logger } from '../logging.ts';
import type { GitEvent } from '../model/triggers/git-event.ts';
import { isDeletion } from '../model/triggers/git-event.ts';
import type { GitPullRequestEventType } from '../model/vocabulary.ts';
import type { ConnectionRecord, GitWatchStore } from '../store/connection-ports.ts';
import type { ConnectionRepositories } from './connection-repository.ts';
import { changedFilesBetween, resolveCommit } from './connection-git/inspect.ts';
import type { GitTriggerRouter, StartedExecution } from './git-triggers.ts';

export interface PushChange {
  kind: 'push';
  ref: string;
  /** The commit the ref pointed at before; absent or all zeros for a new ref. */
  before?: string;
  /** The object the ref points at now (all zeros: deleted). */
  after: string;
  /** Changed paths when the provider sent a complete list; otherwise computed from the mirror. */
  files?: string[];
}

export interface PullRequestChange {
  kind: 'pullRequest';
  action: GitPullRequestEventType;
  pullRequestId?: string;
  sourceBranch: string;
  destinationBranch: string;
  headCommit: string;
  /** The destination's commit (or ref) to diff against; @default `refs/heads/<destinationBranch>` */
  base?: string;
}

export type RepositoryChange = PushChange | PullRequestChange;

export interface ConnectionEventsOptions {
  repositories: ConnectionRepositories;
  router: GitTriggerRouter;
  watch: GitWatchStore;
  /** Runs one repository's batches in order; shared with every other producer of its events. */
  serialize: <T>(key: string, task: () => Promise<T>) => Promise<T>;
  now(): number;
  logger: Logger;
}

export interface ConnectionEvents {
  /** Fetches the mirror and routes every change; rejects (routing nothing) when the fetch fails. */
  handle(connection: ConnectionRecord, fullRepositoryId: string, changes: readonly RepositoryChange[]): Promise<StartedExecution[]>;
}

export function makeConnectionEvents(options: ConnectionEventsOptions): ConnectionEvents {
  const { watch, router } = options;
  return {
    handle(connection, fullRepositoryId, changes) {
      const repository = { provider: 'CodeStarSourceConnection' as const, connectionArn: connection.arn, fullRepositoryId };
      const watched = { connectionId: connection.id, fullRepositoryId };
      return options.serialize(`${connection.id}/${fullRepositoryId}`, async () => {
        const { gitDir } = await options.repositories.fetch(connection.arn, fullRepositoryId);
        const started: StartedExecution[] = [];
        for (const change of changes) {
          const event = await toGitEvent(gitDir, repository, change);
          // Routed before it is recorded as seen: a crash in between starts it again, never loses it.
          if (event) started.push(...await router.route(event));
          if (change.kind === 'push' && (event || isDeletion(change.after))) {
            await watch.recordRef(watched, change.ref, event?.commitId, options.now());
          }
        }
        return started;
      });
    },
  };
}

async function toGitEvent(gitDir: string, repository: GitEvent['repository'], change: RepositoryChange): Promise<GitEvent | undefined> {
  if (change.kind === 'pullRequest') {
    const files = await changedFilesBetween(gitDir, change.base ?? `refs/heads/${change.destinationBranch}`, change.headCommit, true);
    return {
      kind: 'pullRequest', repository, action: change.action, sourceBranch: change.sourceBranch, destinationBranch: change.destinationBranch,
      commitId: change.headCommit, ...(change.pullRequestId !== undefined && { pullRequestId: change.pullRequestId }), ...(files && { changedFiles: files }),
    };
  }
  if (isDeletion(change.after)) return undefined;
  const commitId = await resolveCommit(gitDir, change.after);
  if (commitId === undefined) return undefined; // Moved again before the fetch: the next change carries it.
  const fromMirror = change.before !== undefined && !isDeletion(change.before) ? await changedFilesBetween(gitDir, change.before, commitId) : undefined;
  const files = change.files ?? fromMirror;
  return { kind: 'push', repository, ref: change.ref, commitId, ...(files && { changedFiles: files }) };
}
