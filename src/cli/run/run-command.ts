/**
 * `sluice run <pipeline>`: one execution of a pipeline, locally, on an ephemeral store. Source
 * actions read local directories, progress streams to the terminal, approvals are answered here,
 * and the exit code says whether the execution succeeded.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { styleText } from 'node:util';
import type { PipelineEvent } from '../../engine/pipeline-events.ts';
import { createLogger, type LogLevel } from '../../logging.ts';
import { makeActionTypeCatalog } from '../../model/action-types.ts';
import { SluiceError } from '../../model/errors.ts';
import type { PipelineDeclaration } from '../../model/pipeline.ts';
import { validatePipeline } from '../../model/validate-pipeline.ts';
import { throwIfErrors } from '../../model/validation-issue.ts';
import { openLocalRuntime, type LocalRuntime } from '../../runtime.ts';
import { ApprovalDesk, type ApprovalPolicy } from './approvals.ts';
import { readPipelineFile } from './pipeline-file.ts';
import { ProgressPrinter } from './progress.ts';
import { localRunRegistry } from './providers.ts';
import { own } from '../../model/records.ts';

export interface RunOptions {
  file: string;
  /** `ActionName=dir` pairs. */
  sources: string[];
  /** `Name=value` pipeline variable values. */
  variables: string[];
  approve: ApprovalPolicy;
  /** Keep the store here instead of a temporary directory. */
  dataDir?: string;
  logLevel: LogLevel;
}

export interface RunIo {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  cwd: string;
}

const FINAL_STATES = new Set(['SUCCEEDED', 'FAILED', 'STOPPED', 'CANCELED', 'SUPERSEDED']);

/** Source directories by action name; the working directory serves a pipeline's only source action. */
export function sourceDirectories(declaration: PipelineDeclaration, pairs: string[], cwd: string): Record<string, string> {
  const sourceActions = declaration.stages[0]?.actions.map((a) => a.name) ?? [];
  const directories: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    const name = pair.slice(0, at);
    if (at <= 0 || !sourceActions.includes(name)) {
      throw new SluiceError('ValidationException',
        `--source ${pair}: expected <SourceAction>=<dir> with one of ${sourceActions.join(', ')}`);
    }
    directories[name] = resolve(cwd, pair.slice(at + 1));
  }
  const missing = sourceActions.filter((a) => directories[a] === undefined);
  if (missing.length === 1 && sourceActions.length === 1 && missing[0] !== undefined) directories[missing[0]] = cwd;
  else if (missing.length > 0) {
    throw new SluiceError('ValidationException', `Pass a directory for each source action: ${missing.map((m) => `--source ${m}=<dir>`).join(' ')}`);
  }
  return directories;
}

function parseVariables(pairs: string[]): { name: string; value: string }[] {
  return pairs.map((pair) => {
    const at = pair.indexOf('=');
    if (at <= 0) throw new SluiceError('ValidationException', `--variable ${pair}: expected <Name>=<value>`);
    return { name: pair.slice(0, at), value: pair.slice(at + 1) };
  });
}

/** Validates the declaration, printing warnings (they do not block) and throwing on errors. */
function checkDeclaration(input: unknown, stderr: NodeJS.WriteStream): PipelineDeclaration {
  const { pipeline, issues } = validatePipeline(input, makeActionTypeCatalog());
  throwIfErrors(issues);
  for (const issue of issues) {
    stderr.write(`${styleText('yellow', `warning: ${issue.path}: ${issue.message}`, { stream: stderr })}\n`);
  }
  if (!pipeline) throw new SluiceError('InternalFailure', 'Validation produced no declaration');
  return pipeline;
}

/** Creates the pipeline (starting its first execution) or, in a kept store, updates it and starts one. */
async function startRun(runtime: LocalRuntime, input: unknown, declaration: PipelineDeclaration, variables: { name: string; value: string }[]): Promise<string> {
  if (!await runtime.store.pipelines.get(declaration.name)) {
    return (await runtime.pipelines.createPipeline(input, [], variables)).pipelineExecutionId;
  }
  await runtime.pipelines.updatePipeline(input);
  return runtime.pipelines.startExecution(declaration.name, { variables });
}

async function answerApproval(runtime: LocalRuntime, desk: ApprovalDesk, printer: ProgressPrinter, event: PipelineEvent): Promise<void> {
  const d = event.detail;
  const stageName = d.stage ?? '';
  const actionName = d.action ?? '';
  const state = await runtime.store.engine.load(d.pipeline, { executionIds: [d['execution-id']] });
  const stage = own(state.executions[d['execution-id']]?.stages ?? {}, stageName);
  const action = stage && own(stage.actions, actionName);
  if (action?.token === undefined) return;
  printer.note(`⏸ ${stageName}/${actionName} waits for approval`);
  const customData = action.resolvedConfiguration.CustomData;
  const answer = await desk.answer({ stageName, actionName, ...(customData !== undefined && { customData }) });
  await runtime.pipelines.putApprovalResult(d.pipeline, { stageName, actionName, token: action.token, ...answer, by: 'sluice run' });
}

function isApprovalStart(event: PipelineEvent): boolean {
  const d = event.detail;
  return d.state === 'STARTED' && d.type?.category === 'Approval' && d.type.provider === 'Manual';
}

export async function runPipeline(options: RunOptions, io: RunIo): Promise<number> {
  const input = await readPipelineFile(resolve(io.cwd, options.file));
  const declaration = checkDeclaration(input, io.stderr);
  const variables = parseVariables(options.variables);
  const directories = sourceDirectories(declaration, options.sources, io.cwd);
  const dataDir = options.dataDir ?? await mkdtemp(join(tmpdir(), 'sluice-run-'));
  const printer = new ProgressPrinter(io.stdout);
  const runtime = await openLocalRuntime({
    dataDir, registry: localRunRegistry(directories), logger: createLogger(options.logLevel),
    onLog: (job, line) => printer.onLog(job.actionName, line),
  });
  const desk = new ApprovalDesk(options.approve, io.stdin, io.stdout);
  // Final states by execution: a kept store may hold older executions that end during this run.
  const endings = new Map<string, string>();
  let onEnding: () => void = () => undefined;
  runtime.scheduler.driver.onCommit((_, commands) => {
    for (const command of commands) {
      if (command.type !== 'Emit') continue;
      const event = command.event;
      printer.onEvent(event);
      if (isApprovalStart(event)) {
        answerApproval(runtime, desk, printer, event).catch((e: unknown) => printer.note(`Approval failed: ${(e as Error).message}`));
      }
      if (event.detail.action === undefined && event.detail.stage === undefined && FINAL_STATES.has(event.detail.state)) {
        endings.set(event.detail['execution-id'], event.detail.state);
        onEnding();
      }
    }
  });
  let executionId = '';
  const interrupt = (): void => {
    printer.note('Interrupted: abandoning the execution (press Ctrl-C again to quit at once)');
    process.once('SIGINT', () => process.exit(130));
    runtime.pipelines.stopExecution(declaration.name, executionId, { abandon: true, reason: 'Interrupted from the terminal' })
      .catch((e: unknown) => printer.note(`Could not stop: ${(e as Error).message}`));
  };
  process.once('SIGINT', interrupt);
  try {
    runtime.scheduler.start();
    executionId = await startRun(runtime, input, declaration, variables);
    const state = endings.get(executionId) ?? await new Promise<string>((done) => {
      onEnding = () => {
        const ending = endings.get(executionId);
        if (ending !== undefined) done(ending);
      };
    });
    return state === 'SUCCEEDED' ? 0 : 1;
  } finally {
    process.removeListener('SIGINT', interrupt);
    await runtime.close();
    if (options.dataDir === undefined) await rm(dataDir, { recursive: true, force: true });
  }
}
