/**
 * The git source actions of a server: `CodeCommit` (a hosted repository, by RepositoryName) and
 * `CodeStarSourceConnection` (a repository behind a connection: ConnectionArn + FullRepositoryId).
 *
 * Intended execution flow: find the repository's bare git directory → resolve the commit (the
 * pinned `COMMIT_ID` of the execution when there is one, else the tip of BranchName) → write the
 * output artifact (`CODE_ZIP`, the default: the commit's tree as a zip; `CODEBUILD_CLONE_REF`: a
 * reference a CodeBuild action clones, see services/clone-ref.ts) → report the commit as the
 * action's revision and output variables, named as AWS names them for each provider.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ObjectStore } from '../artifacts/objects/ports.ts';
import { CLONE_REF_FILE, cloneRefJson, type CloneRef } from '../services/clone-ref.ts';
import { archiveCommit } from './git-archive.ts';
import { branchTip, commitRevision, commitVariables, firstLine, readCommit, resolveCommit, type CommitDetails } from './git-commit.ts';
import { repositoryLabel, resolveRepository, type GitRepositoryRef, type GitRepositorySources, type ResolvedRepository } from './git-repositories.ts';
import { locationOf } from './job-artifacts.ts';
import { ActionFailure, type ActionContext, type ActionProvider, type ActionResult } from './provider.ts';
import { isCommitIdPrefix } from '../git/revisions.ts';

export interface GitSourceOptions extends GitRepositorySources {
  /** The artifact store seen as objects: source zips stream into it. */
  objects: ObjectStore;
}

export const GIT_SOURCE_TYPES = [
  { category: 'Source', owner: 'AWS', provider: 'CodeCommit', version: '1' },
  { category: 'Source', owner: 'AWS', provider: 'CodeStarSourceConnection', version: '1' },
] as const;


function repositoryOf(provider: string, configuration: Record<string, string>): GitRepositoryRef {
  if (provider === 'CodeCommit') return { provider, repositoryName: configuration.RepositoryName ?? '' };
  return { provider: 'CodeStarSourceConnection', connectionArn: configuration.ConnectionArn ?? '', fullRepositoryId: configuration.FullRepositoryId ?? '' };
}

/** The commit to fetch: the execution's pinned commit, or the branch tip. */
async function commitToFetch(context: ActionContext, gitDir: string, ref: GitRepositoryRef, branch: string): Promise<string> {
  const pinned = context.data.sourceRevision;
  const label = repositoryLabel(ref);
  if (pinned !== undefined) {
    if (pinned.revisionType !== 'COMMIT_ID') throw new ActionFailure(`A ${ref.provider} source takes a COMMIT_ID revision, not ${pinned.revisionType}`, 'ConfigurationError');
    const commit = isCommitIdPrefix(pinned.revisionValue) ? await resolveCommit(gitDir, pinned.revisionValue, context.signal) : undefined;
    if (commit === undefined) throw new ActionFailure(`The commit ${pinned.revisionValue} does not exist in repository ${label}`, 'RevisionUnavailable');
    return commit;
  }
  const tip = await branchTip(gitDir, branch, context.signal);
  if (tip === undefined) throw new ActionFailure(`The branch ${branch} does not exist in repository ${label}`, 'ConfigurationError');
  return tip;
}

async function writeCloneRef(context: ActionContext, ref: CloneRef, key: Uint8Array | undefined): Promise<void> {
  if (key === undefined) throw new ActionFailure('CODEBUILD_CLONE_REF needs the server\'s clone reference key, which this server was not given', 'ConfigurationError');
  const file = join(await context.workDir(), CLONE_REF_FILE);
  await writeFile(file, cloneRefJson(ref, key));
  for (const output of context.data.outputArtifacts) {
    await context.artifacts.putFiles(locationOf(output), [{ path: CLONE_REF_FILE, source: file }], 'zip');
  }
}

/** Output variables and revision as AWS reports them for each provider. */
function resultOf(ref: GitRepositoryRef, repository: ResolvedRepository, branch: string, commit: CommitDetails): ActionResult {
  const summary = firstLine(commit.message);
  if (ref.provider === 'CodeCommit') {
    return {
      summary, externalExecutionId: commit.commitId, currentRevision: commitRevision(commit),
      outputVariables: { ...commitVariables(commit), BranchName: branch, RepositoryName: ref.repositoryName },
    };
  }
  const { CommitId, CommitMessage, AuthorDate } = commitVariables(commit);
  const providerType = repository.providerType;
  // Connection sources summarise a revision as JSON, e.g. {"ProviderType":"GitHub","CommitMessage":"…"}.
  const revisionSummary = JSON.stringify({ ...(providerType !== undefined && { ProviderType: providerType }), CommitMessage });
  return {
    summary, externalExecutionId: commit.commitId, currentRevision: commitRevision(commit, revisionSummary),
    outputVariables: {
      AuthorDate, BranchName: branch, CommitId, CommitMessage, ConnectionArn: ref.connectionArn, FullRepositoryName: ref.fullRepositoryId,
      ...(providerType !== undefined && { ProviderType: providerType }),
    },
  };
}

export function makeGitSourceProvider(options: GitSourceOptions): ActionProvider {
  return {
    types: GIT_SOURCE_TYPES,
    async run(context) {
      const { configuration } = context.data.actionConfiguration;
      const ref = repositoryOf(context.data.actionTypeId.provider, configuration);
      const branch = configuration.BranchName ?? '';
      const repository = await resolveRepository(options, ref, context.signal);
      const commitId = await commitToFetch(context, repository.gitDir, ref, branch);
      const commit = await readCommit(repository.gitDir, commitId, context.signal);
      if (configuration.OutputArtifactFormat === 'CODEBUILD_CLONE_REF') {
        await writeCloneRef(context, { ...ref, branchName: branch, commitId }, options.cloneRefKey);
        context.log(`Wrote a clone reference to ${repositoryLabel(ref)} at ${commitId}`);
      } else {
        for (const output of context.data.outputArtifacts) {
          const bytes = await archiveCommit(options.objects, repository.gitDir, commitId, locationOf(output), context.signal);
          context.log(`Zipped ${repositoryLabel(ref)} at ${commitId} (${bytes} bytes)`);
        }
      }
      return resultOf(ref, repository, branch, commit);
    },
  };
}
