/**
 * Source actions for local runs (`sluice run --source Action=dir`): the action's output artifact
 * is the given directory (without `.git`). When the directory is a git working copy, the output
 * variables and revision come from its HEAD, as a CodeCommit source would report them.
 */
import { execFile } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import type { ActionTypeId } from '../model/pipeline.ts';
import { ActionFailure, type ActionContext, type ActionProvider, type ActionResult } from './provider.ts';

const exec = promisify(execFile);

async function git(dir: string, ...args: string[]): Promise<string | undefined> {
  try {
    return (await exec('git', ['-C', dir, ...args], { encoding: 'utf8' })).stdout.trim();
  } catch {
    return undefined;
  }
}

async function filesWithoutGit(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .filter((path) => path !== '.git' && !path.startsWith('.git/'));
}

async function gitVariables(dir: string, configuration: Record<string, string>): Promise<{ variables: Record<string, string>; revision?: ActionResult['currentRevision'] }> {
  const commitId = await git(dir, 'rev-parse', 'HEAD');
  if (!commitId) return { variables: {} };
  const [branch, message, authorDate, committerDate] = await Promise.all([
    git(dir, 'rev-parse', '--abbrev-ref', 'HEAD'), git(dir, 'log', '-1', '--format=%B'),
    git(dir, 'log', '-1', '--format=%aI'), git(dir, 'log', '-1', '--format=%cI'),
  ]);
  const variables: Record<string, string> = {
    CommitId: commitId,
    CommitMessage: message ?? '',
    BranchName: configuration.BranchName ?? branch ?? '',
    AuthorDate: authorDate ?? '',
    CommitterDate: committerDate ?? '',
    ...(configuration.RepositoryName !== undefined && { RepositoryName: configuration.RepositoryName }),
  };
  return { variables, revision: { revision: commitId, changeIdentifier: commitId, revisionSummary: (message ?? '').split('\n')[0] ?? '' } };
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
