/**
 * The `triggerDetail` an execution started by a git event records (GetPipelineExecution,
 * ListPipelineExecutions, the `execution-trigger` of the STARTED event). AWS documents only that
 * it is a string of at most 1024 characters; for WebhookV2 starts Sluice records a JSON object
 * [guess] so consoles and scripts can tell which ref, pull request and commit started the run:
 *
 *   {"sourceActionName":"Src","event":"push","ref":"refs/heads/main","commitId":"9f3c…",
 *    "connectionArn":"arn:…","fullRepositoryId":"octo/app"}
 *   {"sourceActionName":"Src","event":"pullRequest","action":"OPEN","pullRequestId":"42",
 *    "sourceBranch":"feature/x","destinationBranch":"main","commitId":"9f3c…","repositoryName":"app"}
 *
 * Keys appear in that order and absent ones are left out. When the JSON would pass 1024
 * characters (branch names may be long), the longest values are cut and end in `…`.
 */
import { branchName, type GitEvent, type GitRepository } from './git-event.ts';

/** AWS's limit on `triggerDetail` (TriggerDetail: max 1024). */
export const TRIGGER_DETAIL_MAX = 1024;

export function describeTrigger(sourceActionName: string, event: GitEvent): string {
  const detail: Record<string, string> = event.kind === 'push'
    ? { sourceActionName, event: 'push', ref: event.ref, commitId: event.commitId }
    : {
      sourceActionName, event: 'pullRequest', action: event.action,
      ...(event.pullRequestId !== undefined && { pullRequestId: event.pullRequestId }),
      sourceBranch: branchName(event.sourceBranch), destinationBranch: branchName(event.destinationBranch),
      commitId: event.commitId,
    };
  return fitJson({ ...detail, ...repositoryFields(event.repository) });
}

function repositoryFields(repository: GitRepository): Record<string, string> {
  return repository.provider === 'CodeCommit'
    ? { repositoryName: repository.repositoryName }
    : { connectionArn: repository.connectionArn, fullRepositoryId: repository.fullRepositoryId };
}

/** Serializes `detail`, cutting its longest values until the JSON fits the limit. */
function fitJson(detail: Record<string, string>): string {
  let json = JSON.stringify(detail);
  while (json.length > TRIGGER_DETAIL_MAX) {
    const [key, value] = Object.entries(detail).reduce((a, b) => (b[1].length > a[1].length ? b : a));
    if (value.length <= 1) break;
    const keep = Math.max(0, value.length - (json.length - TRIGGER_DETAIL_MAX) - 1);
    detail[key] = `${value.slice(0, keep)}…`;
    json = JSON.stringify(detail);
  }
  return json;
}
