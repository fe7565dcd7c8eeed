/**
 * Source actions for local runs (`sluice run --source Action=dir`): the action's output artifact
 * is the given directory (without `.git`). When the directory is a git working copy, the output
 * variables and revision come from its HEAD, as a CodeCommit source would report them.
 */
import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { ActionTypeId } from '../model/pipeline.ts';
import { commitRevision, commitVariables, readCommit, resolveCommit, runGit } from './git-commit.ts';
import { ActionFailure, type ActionContext, type ActionProvider, type ActionResult } from './provider.ts';

async function filesWithoutGit(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .filter((path) => path !== '.git' && !path.startsWith('.git/'));
}

async function gitVariables(dir: string, configuration: Record<string, string>): Promise<{ variables: Record<string, string>; revision?: ActionResult['currentRevision'] }> {
  const commitId = await resolveCommit(dir, 'HEAD');
  if (!commitId) return { variables: {} };
  const [details, branch] = await Promise.all([
    readCommit(dir, commitId), runGit(dir, ['rev-parse', '--abbrev-ref', 'HEAD']).then((out) => out.trim(), () => undefined),
  ]);
  const variables: Record<string, string> = {
    ...commitVariables(details),
    BranchName: configuration.BranchName ?? branch ?? '',
    ...(configuration.RepositoryName !== undefined && { RepositoryName: configuration.RepositoryName }),
  };
  return { variables, revision: commitRevision(details) };
}

/** Serves `types` from local directories, by source action name. */
export function makeLocalSourceProvider(types: readonly ActionTypeId[], directories: Record<string, string>): ActionProvider {
  return {
    types,
    async run(context: ActionContext): Promise<ActionResult> {
      const actionName = context.data.pipelineContext.action.name;
      const dir = directories[actionName];
      if (dir === undefined) {
        throw new ActionFailure(`No local directory for source action ${actionName}; pass --source ${actionName}=<dir>`, 'ConfigurationError');
      }
      const files = await filesWithoutGit(dir);
      for (const output of context.data.outputArtifacts) {
        await context.artifacts.putDirectory({ bucket: output.location.s3Location.bucketName, key: output.location.s3Location.objectKey }, dir, files);
      }
      context.log(`Packed ${files.length} file(s) from ${dir}`);
      const { variables, revision } = await gitVariables(dir, context.data.actionConfiguration.configuration);
      return {
        outputVariables: variables,
        summary: revision ? `Local working copy at ${revision.revision.slice(0, 7)}` : `Local directory ${dir}`,
        ...(revision && { currentRevision: revision }),
      };
    },
  };
}
