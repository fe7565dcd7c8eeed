/**
 * What happens when refs of a hosted repository move, whoever moved them (a push over smart
 * HTTP, CreateBranch, DeleteBranch, PutFile): one `CodeCommit Repository State Change` event per
 * branch or tag on the bus (spec events.md §3.2), the repository's modification time (and its
 * default branch, when this is its first), and each moved ref routed to the pipelines it starts.
 *
 * Order: the changes of one call are routed one at a time in the order given, then their events
 * are appended and the refs recorded in one transaction; calls for one repository run one after
 * another, so the executions they start follow push order.
 *
 * Crash safety: `reconcileRefs` compares a repository's refs in git with the ones recorded and
 * hands on what differs, so a move git made but Sluice never recorded (a crash between the two)
 * is handed on at the next start (by the server's own identity), at least once.
 */
import type { Logger } from '../logging.ts';
import { coerceError } from '../model/errors.ts';
import { eventTime, type BusEvent } from '../model/events/envelope.ts';
import { classifyRef, isDeletion, type GitPushEvent } from '../model/triggers/git-event.ts';
import { changedPaths, resolveCommit } from '../git/objects.ts';
import { diffRefs, readRefs } from '../git/ref-snapshots.ts';
import { setHeadBranch } from '../git/refs.ts';
import type { RepositoryStore } from '../store/repository-ports.ts';
import { type GitTriggerRouter, type StartedExecution } from './git-triggers.ts';
import { makeSerializer } from '../model/serializer.ts';
import type { HostedRepository } from './hosted-repository.ts';

export interface RefChange {
  /** The full ref, e.g. `refs/heads/main`. */
  ref: string;
  /** The tip before; absent (or all zeros) when the ref was created. */
  oldCommit?: string;
  /** The tip after; absent (or all zeros) when the ref was deleted. */
  newCommit?: string;
}

export interface RefChangesInput {
  repository: HostedRepository;
  changes: readonly RefChange[];
  /** Who moved the refs: `callerUserArn` in the events. */
  callerArn: string;
}

export interface RefChangeDeps {
  repositories: Pick<RepositoryStore, 'noteRefsMoved'>;
  router: Pick<GitTriggerRouter, 'route'>;
  now(): number;
  uuid(): string;
  logger: Logger;
}

/** Records moved refs; resolves to the executions the moves started. */
export type RecordRefChanges = (input: RefChangesInput) => Promise<StartedExecution[]>;

const present = (id: string | undefined): id is string => id !== undefined && id !== '' && !isDeletion(id);

function eventName(change: RefChange): 'referenceCreated' | 'referenceUpdated' | 'referenceDeleted' {
  if (!present(change.newCommit)) return 'referenceDeleted';
  return present(change.oldCommit) ? 'referenceUpdated' : 'referenceCreated';
}

/** `arn:aws:codecommit:<region>:<account>:<name>` → region and account. */
function scopeOf(arn: string): { region: string; account: string } {
  const [, , , region = '', account = ''] = arn.split(':');
  return { region, account };
}

export function makeRefChangeRecorder(deps: RefChangeDeps): RecordRefChanges {
  const serialize = makeSerializer();
  return (input) => serialize(input.repository.repositoryId, () => recordInOrder(deps, input));
}

async function recordInOrder(deps: RefChangeDeps, input: RefChangesInput): Promise<StartedExecution[]> {
  const { repository } = input;
  const moved = input.changes.filter((c) => classifyRef(c.ref).kind !== 'other');
  if (input.changes.length === 0) return [];
  const now = deps.now();
  const { region, account } = scopeOf(repository.arn);
  deps.logger.debug({ repository: repository.repositoryName, refs: moved.length }, 'refs moved');
  const events = moved.map((change): BusEvent => {
    const ref = classifyRef(change.ref);
    return {
      version: '0', id: deps.uuid(), 'detail-type': 'CodeCommit Repository State Change', source: 'aws.codecommit',
      account, time: eventTime(now), region, resources: [repository.arn],
      detail: {
        event: eventName(change), repositoryName: repository.repositoryName, repositoryId: repository.repositoryId,
        referenceType: ref.kind, referenceName: ref.name, referenceFullName: change.ref,
        ...(present(change.newCommit) && { commitId: change.newCommit }),
        ...(present(change.oldCommit) && { oldCommitId: change.oldCommit }),
        callerUserArn: input.callerArn,
      },
    };
  });
  // Routed before recorded: a crash in between hands the refs on again at start-up (reconcile),
  // starting their pipelines twice rather than never.
  const started: StartedExecution[] = [];
  for (const change of moved) {
    if (!present(change.newCommit)) continue; // a deletion starts nothing
    try {
      started.push(...await deps.router.route(await pushEvent(repository, change, change.newCommit)));
    } catch (e) {
      deps.logger.warn({ err: coerceError(e), repository: repository.repositoryName, ref: change.ref }, 'moved ref could not be routed');
    }
  }
  const firstBranch = moved.map((c) => classifyRef(c.ref)).find((r, i) => r.kind === 'branch' && present(moved[i]?.newCommit));
  const { defaultBranch } = await deps.repositories.noteRefsMoved(repository.repositoryId, {
    modifiedAt: now, events, ...(firstBranch && { firstBranch: firstBranch.name }),
    refs: input.changes.map((c) => ({ ref: c.ref, ...(present(c.newCommit) && { commit: c.newCommit }) })),
  });
  // The first branch of an empty repository becomes its default: what clones check out.
  if (defaultBranch !== undefined && defaultBranch !== repository.defaultBranch) await setHeadBranch(repository.gitDir, defaultBranch);
  return started;
}

async function pushEvent(repository: HostedRepository, change: RefChange, newCommit: string): Promise<GitPushEvent> {
  // A tag may point at an annotated tag object: pipelines build the commit it tags.
  const commitId = await resolveCommit(repository.gitDir, newCommit) ?? newCommit;
  const changedFiles = present(change.oldCommit) ? await changedPaths(repository.gitDir, change.oldCommit, commitId) : undefined;
  return {
    kind: 'push', repository: { provider: 'CodeCommit', repositoryName: repository.repositoryName }, ref: change.ref, commitId,
    ...(changedFiles !== undefined && { changedFiles }),
  };
}

/**
 * Hands on the refs of `repository` that git moved and Sluice did not record (see the crash-safety
 * note above), as moves by `callerArn`. Resolves to the executions they started.
 */
export async function reconcileRefs(
  record: RecordRefChanges, repositories: Pick<RepositoryStore, 'recordedRefs'>, repository: HostedRepository, callerArn: string,
): Promise<StartedExecution[]> {
  const changes = diffRefs(await repositories.recordedRefs(repository.repositoryId), await readRefs(repository.gitDir));
  return changes.length === 0 ? [] : record({ repository, changes, callerArn });
}
