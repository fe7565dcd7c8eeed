/**
 * The `CodeBuild` action in a local run (`sluice run`), where there are no build projects: the
 * action runs its primary source's buildspec (`buildspec.yml`, or `BuildspecOverride`: a path in
 * the source or inline YAML) with the build runner, as the project's build would. The input
 * artifacts are its sources (`PrimarySource` first), its output artifacts take the buildspec's
 * `artifacts` block (one output) or the `secondary-artifacts` of their names (several), and its
 * exported variables become the action's output variables. `EnvironmentVariables` of type
 * PLAINTEXT apply; PARAMETER_STORE and SECRETS_MANAGER ones need a server and fail the action.
 */
import type { JobData } from '../engine/commands.ts';
import type { BuildOutcome, BuildRun } from '../runner/build/contract.ts';
import { runBuild, type RunnerOptions } from '../runner/build/run-build.ts';
import { environmentVariablesOf, inputsPrimaryFirst } from './codebuild-config.ts';
import { sourcesOf, targetsOf } from './job-artifacts.ts';
import { ActionFailure, type ActionContext, type ActionProvider } from './provider.ts';

/** CodeBuild's default build timeout. */
const TIMEOUT_MS = 60 * 60_000;

function buildspecOf(override: string | undefined): BuildRun['buildspec'] {
  const text = override?.trim() ?? '';
  if (text === '') return { path: 'buildspec.yml' };
  return text.includes('\n') || text.startsWith('version') ? { inline: override ?? '' } : { path: text };
}

function plainVariables(data: JobData): Record<string, string> {
  const variables = environmentVariablesOf(data.actionConfiguration.configuration.EnvironmentVariables) ?? [];
  const needServer = variables.filter((v) => v.type !== 'PLAINTEXT');
  if (needServer.length > 0) {
    throw new ActionFailure(`${needServer.map((v) => `${v.name} (${v.type})`).join(', ')}: a local run has no Parameter Store or Secrets Manager; ` +
      'use PLAINTEXT values, or run the pipeline on sluice server', 'ConfigurationError');
  }
  return Object.fromEntries(variables.map((v) => [v.name, v.value]));
}

/** Why the build failed, from its first failed phase. */
function failureOf(outcome: BuildOutcome): string {
  const failed = outcome.phases.find((p) => p.phaseStatus !== undefined && p.phaseStatus !== 'SUCCEEDED');
  const context = failed?.contexts[0];
  return `Build terminated with state: ${outcome.status}${context ? ` (${failed.phaseType}: ${context.message})` : ''}`;
}

export function makeLocalCodeBuildProvider(options: RunnerOptions = {}): ActionProvider {
  return {
    types: (['Build', 'Test'] as const).map((category) => ({ category, owner: 'AWS', provider: 'CodeBuild', version: '1' })),
    async run(context: ActionContext) {
      const { data } = context;
      const { configuration } = data.actionConfiguration;
      const [, , , region = 'us-east-1', accountId = '000000000000'] = data.pipelineContext.pipelineArn.split(':');
      const projectName = configuration.ProjectName ?? data.pipelineContext.action.name;
      const buildId = `${projectName}:${context.jobId}`;
      const outputs = data.outputArtifacts;
      const outcome = await runBuild({
        buildId, buildNumber: context.attempt, projectName, region, accountId,
        buildArn: `arn:aws:codebuild:${region}:${accountId}:build/${buildId}`,
        projectArn: `arn:aws:codebuild:${region}:${accountId}:project/${projectName}`,
        initiator: `codepipeline/${data.pipelineContext.pipelineName}`, startTime: Date.now(),
        buildspec: buildspecOf(configuration.BuildspecOverride),
        sources: sourcesOf(inputsPrimaryFirst(data), context.artifacts),
        environment: plainVariables(data), secretEnvironment: {},
        resolveParameter: (name) => Promise.reject(new Error(`parameter ${name}: a local run has no Parameter Store`)),
        resolveSecret: (reference) => Promise.reject(new Error(`secret ${reference}: a local run has no Secrets Manager`)),
        artifacts: targetsOf(outputs, context.artifacts, (output) => (outputs.length === 1 ? '' : output.name)),
        workspace: await context.workDir(), timeoutMs: TIMEOUT_MS, signal: context.signal,
      }, { phases: () => undefined, log: (line) => context.log(line) }, options);
      if (outcome.status !== 'SUCCEEDED') throw new ActionFailure(failureOf(outcome), 'JobFailed');
      return { summary: `Build ${buildId} succeeded`, externalExecutionId: buildId, outputVariables: outcome.exportedVariables };
    },
  };
}
