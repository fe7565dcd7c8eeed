/**
 * Builders for trigger tests: V2 pipelines with connection and CodeCommit source actions, and
 * the git events that may start them. Every builder returns a fresh object.
 */
import type { ActionDeclaration, GitConfiguration, PipelineDeclaration } from '../../../src/model/pipeline.ts';
import type { GitPullRequestEvent, GitPushEvent, GitRepository } from '../../../src/model/triggers/git-event.ts';
import { makeBuildAction, makePipeline, makeSourceAction, typeId } from '../pipeline-builders.ts';

export const CONNECTION_ARN = 'arn:aws:codeconnections:us-east-1:123456789012:connection/0a1b2c3d-1111-2222-3333-444455556666';
export const COMMIT = '9f3c2a7e4b1d0c8f6e5a4b3c2d1e0f9a8b7c6d5e';

/** The connection repository `octo/app`, or another one with `over`. */
export function connectionRepo(over: { connectionArn?: string; fullRepositoryId?: string } = {}): GitRepository {
  return { provider: 'CodeStarSourceConnection', connectionArn: CONNECTION_ARN, fullRepositoryId: 'octo/app', ...over };
}

/** A CodeStarSourceConnection source action on `octo/app`, branch `main`. */
export function makeConnectionSource(over: Partial<ActionDeclaration> = {}, config: Record<string, string> = {}): ActionDeclaration {
  return makeSourceAction({
    actionTypeId: typeId('Source', 'CodeStarSourceConnection'),
    configuration: { ConnectionArn: CONNECTION_ARN, FullRepositoryId: 'octo/app', BranchName: 'main', ...config },
    ...over,
  });
}

/** A V2 pipeline whose source stage holds `sources` and whose triggers are `git` (one per entry). */
export function makeTriggeredPipeline(git: GitConfiguration[], sources: ActionDeclaration[] = [makeConnectionSource()]): PipelineDeclaration {
  return makePipeline({
    pipelineType: 'V2',
    triggers: git.map((gitConfiguration) => ({ providerType: 'CodeStarSourceConnection', gitConfiguration })),
    stages: [
      { name: 'Source', actions: sources },
      { name: 'Build', actions: [makeBuildAction({ configuration: { ProjectName: 'app-build' }, inputArtifacts: sources.slice(0, 1).flatMap((s) => s.outputArtifacts ?? []) })] },
    ],
  });
}

export function push(ref: string, over: Partial<GitPushEvent> = {}): GitPushEvent {
  return { kind: 'push', repository: connectionRepo(), ref, commitId: COMMIT, ...over };
}

export function pullRequest(action: GitPullRequestEvent['action'], destinationBranch: string,
  over: Partial<GitPullRequestEvent> = {}): GitPullRequestEvent {
  return { kind: 'pullRequest', repository: connectionRepo(), action, sourceBranch: 'feature/x', destinationBranch, commitId: COMMIT, ...over };
}
