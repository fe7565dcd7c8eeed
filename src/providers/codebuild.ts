/**
 * The `CodeBuild` action (Build|Test/AWS/CodeBuild/1): starts a build of the named project with
 * the action's input artifacts as its sources and its output artifacts as its artifacts, waits
 * for it, and hands the build's exported variables to the action's namespace.
 *
 * Configuration as AWS reads it: `ProjectName` (required), `PrimarySource` (the input that
 * becomes `CODEBUILD_SRC_DIR` when there are several; the others are `CODEBUILD_SRC_DIR_<name>`),
 * `EnvironmentVariables` (a JSON array of `{name, value, type}` with type PLAINTEXT,
 * PARAMETER_STORE or SECRETS_MANAGER; it wins over the project's variables) and
 * `BuildspecOverride`. The build is started once per action execution (its id is the build's
 * idempotency token), so a job run again after a lost worker waits for the same build instead of
 * starting another. Stopping the action stops the build.
 */
import type { JobData } from '../engine/commands.ts';
import { PIPELINE_IO, type PipelineBuildIo } from '../services/build-plan.ts';
import { queueBuild, resolveStartRequest, type StartBuildDeps } from '../services/builds.ts';
import type { BuildRecord } from '../store/build-ports.ts';
import { environmentVariablesOf, inputsPrimaryFirst } from './codebuild-config.ts';
import { locationOf } from './job-artifacts.ts';
import { ActionFailure, ShuttingDown, type ActionContext, type ActionProvider, type ActionResult } from './provider.ts';

export interface CodeBuildProviderOptions extends StartBuildDeps {
  /** A build was queued: the build worker should look now. */
  buildQueued(): void;
  /** Resolves once the build has finished (or the signal aborts). */
  waitForBuild(buildId: string, signal: AbortSignal): Promise<BuildRecord>;
  /** Where the build's log can be read (the action's external execution URL). */
  logUrl?(buildId: string): string | undefined;
}

/** Input and output artifacts as the build sees them, the primary source first. */
function pipelineIoOf(data: JobData): PipelineBuildIo {
  const inputs = inputsPrimaryFirst(data);
  return {
    inputs: inputs.map((a) => ({ name: a.name, ...locationOf(a), ...(a.revision !== undefined && { revision: a.revision }) })),
    outputs: data.outputArtifacts.map((a) => ({ name: a.name, ...locationOf(a) })),
  };
}

async function startBuild(options: CodeBuildProviderOptions, context: ActionContext): Promise<BuildRecord> {
  const { configuration } = context.data.actionConfiguration;
  const projectName = configuration.ProjectName ?? '';
  const project = await options.store.buildProjects.get(projectName);
  if (!project) throw new ActionFailure(`Build project ${projectName} does not exist`, 'ConfigurationError');
  const io = pipelineIoOf(context.data);
  const variables = environmentVariablesOf(configuration.EnvironmentVariables);
  const request = {
    ...resolveStartRequest(project, {
      sourceTypeOverride: io.inputs.length > 0 ? 'CODEPIPELINE' : 'NO_SOURCE',
      artifactsOverride: { type: io.outputs.length > 0 ? 'CODEPIPELINE' : 'NO_ARTIFACTS' },
      ...(variables && { environmentVariablesOverride: variables }),
      ...(configuration.BuildspecOverride !== undefined && { buildspecOverride: configuration.BuildspecOverride }),
    }),
    [PIPELINE_IO]: io,
  };
  const build = await queueBuild(options, project, request, {
    initiator: `codepipeline/${context.data.pipelineContext.pipelineName}`,
    idempotencyToken: `codepipeline:${context.data.pipelineContext.action.actionExecutionId}`,
    // However long the build ran before a restart, the action's next job must find it.
    idempotencyWindowMs: Number.MAX_SAFE_INTEGER,
  });
  if (!build) throw new ActionFailure(`Build project ${projectName} was deleted`, 'ConfigurationError');
  options.buildQueued();
  return build;
}

export function makeCodeBuildProvider(options: CodeBuildProviderOptions): ActionProvider {
  return {
    types: (['Build', 'Test'] as const).map((category) => ({ category, owner: 'AWS', provider: 'CodeBuild', version: '1' })),
    async run(context): Promise<ActionResult> {
      const started = await startBuild(options, context);
      context.log(`Build ${started.id} (number ${started.buildNumber}) started`);
      // Abandoned or taken over: stop the build. Shutting down: leave it; the job runs again later and waits for it.
      const onAbort = (): void => {
        if (context.signal.reason instanceof ShuttingDown) return;
        options.store.builds.requestStop(started.id, options.now()).then(() => options.buildQueued(), (e: unknown) => {
          context.log(`Could not stop build ${started.id}: ${(e as Error).message}`);
        });
      };
      context.signal.addEventListener('abort', onAbort, { once: true });
      if (context.signal.aborted) onAbort();
      try {
        const build = await options.waitForBuild(started.id, context.signal);
        const url = options.logUrl?.(build.id);
        const ids = { externalExecutionId: build.id, ...(url !== undefined && { externalExecutionUrl: url }) };
        if (build.buildStatus !== 'SUCCEEDED') {
          throw new ActionFailure(`Build terminated with state: ${build.buildStatus} (build ${build.id})`, 'JobFailed');
        }
        return { ...ids, summary: `Build ${build.id} succeeded`, outputVariables: build.results?.exportedVariables ?? {} };
      } finally {
        context.signal.removeEventListener('abort', onAbort);
      }
    },
  };
}
