/**
 * The `Commands` action (Compute/AWS/Commands/1, V2): runs the action's `commands` in one bash
 * shell, in the primary input artifact, and packs the working directory into every output
 * artifact. Variables named in `outputVariables` are read back from the shell after the last
 * command. Secondary inputs are unpacked beside it, each named by `CODEBUILD_SRC_DIR_<name>`.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { runShell } from '../runner/shell.ts';
import { ActionFailure, type ActionContext, type ActionProvider, type ActionResult } from './provider.ts';

async function unpackInputs(context: ActionContext, workDir: string, sourceDir: string): Promise<Record<string, string>> {
  const env: Record<string, string> = {};
  for (const [index, input] of context.data.inputArtifacts.entries()) {
    const location = { bucket: input.location.s3Location.bucketName, key: input.location.s3Location.objectKey };
    const dir = index === 0 ? sourceDir : join(workDir, 'inputs', input.name);
    await context.artifacts.extractTo(location, dir);
    env[`CODEBUILD_SRC_DIR_${input.name}`] = dir;
  }
  return env;
}

function environmentOf(context: ActionContext, sourceDir: string): Record<string, string> {
  const { pipelineContext } = context.data;
  const declared = Object.fromEntries((context.data.environmentVariables ?? []).map((v) => [v.name, v.value]));
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    LANG: process.env.LANG ?? 'C.UTF-8',
    CODEBUILD_SRC_DIR: sourceDir,
    CODEPIPELINE_PIPELINE_NAME: pipelineContext.pipelineName,
    CODEPIPELINE_PIPELINE_EXECUTION_ID: pipelineContext.pipelineExecutionId,
    CODEPIPELINE_STAGE_NAME: pipelineContext.stage.name,
    CODEPIPELINE_ACTION_NAME: pipelineContext.action.name,
    ...declared,
  };
}

async function runCommands(context: ActionContext): Promise<ActionResult> {
  const commands = context.data.commands ?? [];
  if (commands.length === 0) throw new ActionFailure('The Commands action has no commands', 'ConfigurationError');
  const workDir = await context.workDir();
  const sourceDir = join(workDir, 'src');
  const scratchDir = join(workDir, 'scratch');
  await Promise.all([mkdir(sourceDir, { recursive: true }), mkdir(scratchDir, { recursive: true })]);
  const inputDirs = await unpackInputs(context, workDir, sourceDir);
  const result = await runShell({
    commands, cwd: sourceDir, scratchDir, signal: context.signal, log: (line) => context.log(line),
    env: { ...environmentOf(context, sourceDir), ...inputDirs },
    exportVariables: context.data.outputVariables ?? [],
  });
  if (context.signal.aborted) throw new ActionFailure('The commands were cancelled', 'JobFailed');
  if (result.exitCode !== 0) {
    const how = result.signal ? `was killed by ${result.signal}` : `exited with code ${result.exitCode}`;
    throw new ActionFailure(`A command ${how}`, 'JobFailed');
  }
  for (const output of context.data.outputArtifacts) {
    const location = { bucket: output.location.s3Location.bucketName, key: output.location.s3Location.objectKey };
    await context.artifacts.putDirectory(location, sourceDir);
  }
  return { outputVariables: result.variables, summary: `${commands.length} command(s) succeeded` };
}

export const commandsProvider: ActionProvider = {
  types: [{ category: 'Compute', owner: 'AWS', provider: 'Commands', version: '1' }],
  run: runCommands,
};
