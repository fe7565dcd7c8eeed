/**
 * Which source actions of a pipeline a git event starts, with which commit, and what the
 * execution records as its trigger. Pure: the caller (git host, connection webhook or poller)
 * loads pipelines, calls `decideTriggers` for each, and starts executions from the decisions.
 *
 * Rules (spec §1.5; [guess] where AWS is silent):
 * 1. Only Source actions of provider CodeStarSourceConnection (repository = `ConnectionArn` +
 *    `FullRepositoryId`, the latter compared case-insensitively as GitHub/GitLab/Bitbucket do
 *    [guess]) or CodeCommit (repository = `RepositoryName`, exact) that name the event's
 *    repository are candidates.
 * 2. A candidate with a trigger (V2 pipelines only; V1 has none) starts when one of the trigger's
 *    push filters (for a push) or pull-request filters (for a pull request) matches; see
 *    filters.ts. It records trigger type `WebhookV2`.
 * 3. A candidate without a trigger starts on a push to its `BranchName`, never on a tag push or a
 *    pull request. A connection action with `DetectChanges: "false"` opts out [firm: that is what
 *    the setting means]. It records `WebhookV2` for a connection and `CloudWatchEvent` for
 *    CodeCommit, the types AWS shows for those providers' change detection.
 * 4. A push that deletes its ref (all-zero commit) starts nothing; neither does a ref other than a
 *    branch or a tag.
 * 5. Push starts build the pushed commit; pull-request starts build the source branch's head
 *    commit (`event.commitId`).
 *
 * Several decisions for one event (two source actions on one repository) are meant to become
 * one execution, with a source revision override per decision and the first one's trigger
 * [guess: AWS documents no such case]. Decisions come in declaration order.
 */
import type { ActionDeclaration, PipelineDeclaration, PipelineTriggerDeclaration } from '../pipeline.ts';
import type { GitEvent, GitRepository } from './git-event.ts';
import { classifyRef, isDeletion } from './git-event.ts';
import { matchesPullRequestFilter, matchesPushFilter } from './filters.ts';
import { describeTrigger } from './trigger-detail.ts';

export interface TriggerDecision {
  /** The source action whose revision the execution takes from the event. */
  sourceActionName: string;
  /** What StartPipelineExecution's `sourceRevisions` would carry for that action. */
  revision: { type: 'COMMIT_ID'; value: string };
  triggerType: 'WebhookV2' | 'CloudWatchEvent';
  /** JSON describing the event (see trigger-detail.ts), at most 1024 characters as AWS allows. */
  triggerDetail: string;
}

export function decideTriggers(pipeline: PipelineDeclaration, event: GitEvent): TriggerDecision[] {
  if (isDeletion(event.commitId)) return [];
  const triggers = pipeline.pipelineType === 'V2' ? pipeline.triggers ?? [] : [];
  return sourceActions(pipeline)
    .filter((action) => namesRepository(action, event.repository))
    .flatMap((action) => {
      const trigger = triggers.find((t) => t.gitConfiguration.sourceActionName === action.name);
      const fires = trigger ? triggerFires(trigger, event) : defaultRuleFires(action, event);
      if (!fires) return [];
      const triggerType = trigger || action.actionTypeId.provider === 'CodeStarSourceConnection' ? 'WebhookV2' : 'CloudWatchEvent';
      return [{
        sourceActionName: action.name,
        revision: { type: 'COMMIT_ID', value: event.commitId },
        triggerType,
        triggerDetail: describeTrigger(action.name, event),
      } satisfies TriggerDecision];
    });
}

const GIT_SOURCE_PROVIDERS = new Set(['CodeStarSourceConnection', 'CodeCommit']);

function sourceActions(pipeline: PipelineDeclaration): ActionDeclaration[] {
  return pipeline.stages.flatMap((stage) => stage.actions)
    .filter(({ actionTypeId: id }) => id.category === 'Source' && id.owner === 'AWS' && GIT_SOURCE_PROVIDERS.has(id.provider));
}

function namesRepository(action: ActionDeclaration, repository: GitRepository): boolean {
  const config = action.configuration ?? {};
  if (repository.provider !== action.actionTypeId.provider) return false;
  if (repository.provider === 'CodeCommit') return config.RepositoryName === repository.repositoryName;
  return config.ConnectionArn === repository.connectionArn
    && config.FullRepositoryId?.toLowerCase() === repository.fullRepositoryId.toLowerCase();
}

function triggerFires(trigger: PipelineTriggerDeclaration, event: GitEvent): boolean {
  const git = trigger.gitConfiguration;
  if (event.kind === 'pullRequest') return (git.pullRequest ?? []).some((f) => matchesPullRequestFilter(f, event));
  const ref = classifyRef(event.ref);
  return (git.push ?? []).some((f) => matchesPushFilter(f, ref, event.changedFiles));
}

function defaultRuleFires(action: ActionDeclaration, event: GitEvent): boolean {
  if (event.kind !== 'push') return false;
  const config = action.configuration ?? {};
  if (action.actionTypeId.provider === 'CodeStarSourceConnection' && config.DetectChanges?.toLowerCase() === 'false') return false;
  const ref = classifyRef(event.ref);
  return ref.kind === 'branch' && ref.name === config.BranchName;
}
