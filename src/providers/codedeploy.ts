/**
 * The `CodeDeploy` action (Deploy/AWS/CodeDeploy/1): deploys the action's input artifact (a zip
 * in the artifact store, which Sluice's S3 endpoint serves) to the named deployment group, waits
 * for the deployment, and succeeds or fails with it.
 *
 * Configuration as AWS reads it: `ApplicationName` and `DeploymentGroupName` (both required). The
 * deployment's `externalId` is the action execution's id, so a job run again after a lost worker
 * waits for the same deployment instead of starting another. Stopping the action stops the
 * deployment; shutting down leaves it running (the job runs again and waits for it).
 */
import { isSluiceError } from '../model/errors.ts';
import type { DeploymentRecord } from '../model/deploy/deployment.ts';
import type { DeployDeps } from '../services/deploy/context.ts';
import { createDeployment, stopDeployment } from '../services/deploy/deployments.ts';
import { locationOf } from './job-artifacts.ts';
import { ActionFailure, ShuttingDown, type ActionContext, type ActionProvider, type ActionResult } from './provider.ts';

export interface CodeDeployProviderOptions {
  deps: DeployDeps;
  /** Resolves once the deployment has ended (or the signal aborts). */
  waitForDeployment(deploymentId: string, signal: AbortSignal): Promise<DeploymentRecord>;
}

async function startDeployment(options: CodeDeployProviderOptions, context: ActionContext): Promise<string> {
  const { configuration } = context.data.actionConfiguration;
  const { pipelineContext } = context.data;
  const externalId = `codepipeline-${pipelineContext.action.actionExecutionId}`;
  const existing = await options.deps.stores.deployments.list({ externalId }, { maxResults: 1 });
  const [found] = existing.items;
  if (found !== undefined) return found;
  const [input] = context.data.inputArtifacts;
  if (!input) throw new ActionFailure('The CodeDeploy action needs an input artifact: the revision to deploy.', 'ConfigurationError');
  const { bucket, key } = locationOf(input);
  try {
    return await createDeployment(options.deps, {
      applicationName: configuration.ApplicationName ?? '', deploymentGroupName: configuration.DeploymentGroupName ?? '',
      revision: { revisionType: 'S3', s3Location: { bucket, key, bundleType: 'zip' } },
      description: `Deployed by pipeline ${pipelineContext.pipelineName}, execution ${pipelineContext.pipelineExecutionId}`,
      creator: 'user', createdBy: pipelineContext.pipelineArn, externalId,
    });
  } catch (e) {
    // Bad configuration (no such application or group, a busy group) fails the action with CodeDeploy's own message.
    if (isSluiceError(e)) throw new ActionFailure(`${e.code}: ${e.message}`, 'ConfigurationError');
    throw e;
  }
}

export function makeCodeDeployProvider(options: CodeDeployProviderOptions): ActionProvider {
  return {
    types: [{ category: 'Deploy', owner: 'AWS', provider: 'CodeDeploy', version: '1' }],
    async run(context): Promise<ActionResult> {
      const deploymentId = await startDeployment(options, context);
      context.log(`Deployment ${deploymentId} created`);
      const onAbort = (): void => {
        if (context.signal.reason instanceof ShuttingDown) return;
        stopDeployment(options.deps, deploymentId, false).catch((e: unknown) => context.log(`Could not stop deployment ${deploymentId}: ${(e as Error).message}`));
      };
      context.signal.addEventListener('abort', onAbort, { once: true });
      if (context.signal.aborted) onAbort();
      try {
        const deployment = await options.waitForDeployment(deploymentId, context.signal);
        if (deployment.status !== 'Succeeded') {
          const why = deployment.errorInformation ? `: ${deployment.errorInformation.message}` : '';
          throw new ActionFailure(`Deployment ${deploymentId} ended ${deployment.status}${why}`, 'JobFailed');
        }
        return { externalExecutionId: deploymentId, summary: `Deployment ${deploymentId} succeeded` };
      } finally {
        context.signal.removeEventListener('abort', onAbort);
      }
    },
  };
}
