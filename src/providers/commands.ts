/**
 * The `Commands` action (Compute/AWS/Commands/1, V2), on the build runner: the action's
 * `commands` become the build phase of a buildspec, so they get the same shell session
 * (cd/export/functions carry over), isolation, secret masking and stop behaviour as builds.
 *
 * The first input artifact is the primary source (`CODEBUILD_SRC_DIR`); the others are unpacked
 * beside it, each named by `CODEBUILD_SRC_DIR_<name>`. Each output artifact holds the files its
 * declaration lists (`files`, globs as in a buildspec `artifacts` block) or, without a list, the
 * whole working directory. Variables named in `outputVariables` are read back from the session
 * after the last command. `SECRETS_MANAGER` variables are resolved through `resolveSecret` (the
 * server's Secrets Manager) and masked in the log.
 */
import type { JobData } from '../engine/commands.ts';
import type { Buildspec } from '../model/buildspec/types.ts';
import type { BuildRun } from '../runner/build/contract.ts';
import { sourcesOf, targetsOf } from './job-artifacts.ts';
import { runBuild, type RunnerOptions } from '../runner/build/run-build.ts';
import { ActionFailure, type ActionContext, type ActionProvider, type ActionResult } from './provider.ts';

/** The Commands action's own limit (AWS: 55 minutes by default for the action). */
const TIMEOUT_MS = 55 * 60_000;

function buildspecOf(data: JobData, commands: string[]): Buildspec {
  const files = (name: string) => data.outputArtifactFiles?.[name] ?? ['**/*'];
  const selection = (name: string) => ({ files: files(name), discardPaths: false, excludePaths: [], enableSymlinks: true });
  const [primary, ...secondary] = data.outputArtifacts;
  return {
    version: '0.2',
    env: { variables: {}, parameterStore: {}, secretsManager: {}, exportedVariables: data.outputVariables ?? [], gitCredentialHelper: false },
    phases: { build: { onFailure: 'ABORT', runtimeVersions: {}, commands, finally: [] } },
    reports: {},
    ...(primary && {
      artifacts: { ...selection(primary.name), secondaryArtifacts: Object.fromEntries(secondary.map((a) => [a.name, selection(a.name)])) },
    }),
  };
}

function environmentOf(data: JobData): Record<string, string> {
  const { pipelineContext } = data;
  const plain = (data.environmentVariables ?? []).filter((v) => v.type !== 'SECRETS_MANAGER');
  return {
    CODEPIPELINE_PIPELINE_NAME: pipelineContext.pipelineName,
    CODEPIPELINE_PIPELINE_EXECUTION_ID: pipelineContext.pipelineExecutionId,
    CODEPIPELINE_STAGE_NAME: pipelineContext.stage.name,
    CODEPIPELINE_ACTION_NAME: pipelineContext.action.name,
    ...Object.fromEntries(plain.map((v) => [v.name, v.value])),
  };
}

/** `SECRETS_MANAGER` variables (value: a secret reference), resolved; masked in the log. */
async function secretsOf(data: JobData, resolveSecret: CommandsProviderOptions['resolveSecret']): Promise<Record<string, string>> {
  const secrets: Record<string, string> = {};
  for (const variable of (data.environmentVariables ?? []).filter((v) => v.type === 'SECRETS_MANAGER')) {
    if (!resolveSecret) throw new ActionFailure(`Variable ${variable.name}: Secrets Manager is not available here`, 'ConfigurationError');
    try {
      secrets[variable.name] = await resolveSecret(variable.value);
    } catch (e) {
      throw new ActionFailure(`Variable ${variable.name} (secret ${variable.value}): ${(e as Error).message}`, 'ConfigurationError');
    }
  }
  return secrets;
}

async function buildRunOf(context: ActionContext, commands: string[], options: CommandsProviderOptions): Promise<BuildRun> {
  const { data } = context;
  const [, , , region = 'us-east-1', accountId = '000000000000'] = data.pipelineContext.pipelineArn.split(':');
  const projectName = `${data.pipelineContext.pipelineName}-${data.pipelineContext.action.name}`.replace(/[^A-Za-z0-9_-]/g, '-');
  const buildId = `${projectName}:${context.jobId}`;
  const workspace = await context.workDir();
  return {
    buildId, buildNumber: context.attempt, projectName, region, accountId,
    buildArn: `arn:aws:codebuild:${region}:${accountId}:build/${buildId}`,
    projectArn: `arn:aws:codebuild:${region}:${accountId}:project/${projectName}`,
    initiator: `codepipeline/${data.pipelineContext.pipelineName}`,
    startTime: Date.now(),
    buildspec: { parsed: buildspecOf(data, commands) },
    sources: sourcesOf(data.inputArtifacts, context.artifacts),
    environment: environmentOf(data),
    secretEnvironment: await secretsOf(data, options.resolveSecret),
    resolveParameter: (name) => Promise.reject(new Error(`parameter ${name} is not available to a Commands action`)),
    resolveSecret: (reference) => Promise.reject(new Error(`secret ${reference} is not available to a Commands action`)),
    artifacts: targetsOf(data.outputArtifacts, context.artifacts, (output, index) => (index === 0 ? '' : output.name)),
    workspace,
    timeoutMs: TIMEOUT_MS,
    signal: context.signal,
  };
}

/** The action's failure message from the failed phase's context. */
function failureOf(outcome: Awaited<ReturnType<typeof runBuild>>): string {
  const failed = outcome.phases.find((p) => p.phaseStatus !== undefined && p.phaseStatus !== 'SUCCEEDED');
  const context = failed?.contexts[0];
  return context ? `${failed.phaseType}: ${context.message}` : `The commands ended ${outcome.status}`;
}

export interface CommandsProviderOptions extends RunnerOptions {
  /** Resolves a `SECRETS_MANAGER` variable's secret reference. Absent: such variables fail the action. */
  resolveSecret?: (reference: string) => Promise<string>;
}

export function makeCommandsProvider(options: CommandsProviderOptions = {}): ActionProvider {
  return {
    types: [{ category: 'Compute', owner: 'AWS', provider: 'Commands', version: '1' }],
    async run(context: ActionContext): Promise<ActionResult> {
      const commands = context.data.commands ?? [];
      if (commands.length === 0) throw new ActionFailure('The Commands action has no commands', 'ConfigurationError');
      const { resolveSecret: _, ...runner } = options;
      const outcome = await runBuild(await buildRunOf(context, commands, options), {
        phases: () => undefined,
        log: (line) => context.log(line),
      }, runner);
      if (outcome.status === 'STOPPED') throw new ActionFailure('The commands were cancelled', 'JobFailed');
      if (outcome.status !== 'SUCCEEDED') throw new ActionFailure(failureOf(outcome), 'JobFailed');
      return { outputVariables: outcome.exportedVariables, summary: `${commands.length} command(s) succeeded` };
    },
  };
}

/** The Commands action with default runner options (isolation when the host supports it). */
export const commandsProvider: ActionProvider = makeCommandsProvider();
