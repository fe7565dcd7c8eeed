/**
 * The `sluice` command line. Each subcommand parses its flags, runs, and returns an exit code;
 * errors a user can fix are printed as `error: <AWS error type>: <message>`, never as a stack.
 */
import { readFileSync } from 'node:fs';
import { styleText } from 'node:util';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { coerceError, isSluiceError } from '../model/errors.ts';
import type { LogLevel } from '../logging.ts';
import { runPipeline } from './run/run-command.ts';
import { runServer } from './server/server-command.ts';
import { runBuildCommand } from './build/build-command.ts';
import { registerAuditCommands } from './audit/lookup.ts';
import { registerIamCommands } from './iam/index.ts';
import { registerGitCredentials } from './git/git-credentials.ts';
import { registerConnectionsCommands } from './connections/index.ts';
import { reportingUsage } from './api/connection.ts';
import { registerAgentCommand } from './agent/agent-command.ts';
import type { ApprovalPolicy } from './run/approvals.ts';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function buildProgram(setExitCode: (code: number) => void): Command {
  const program = new Command('sluice')
    .description('Self-hosted CI/CD that speaks AWS CodePipeline')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(styleText('red', text, { stream: process.stderr })) });

  program.command('run')
    .description('Run one execution of a pipeline locally (JSON or YAML, as create-pipeline takes it)')
    .argument('<pipeline>', 'pipeline file: .json, .yaml or .yml')
    .option('--source <action=dir>', 'directory that a source action produces (repeatable); default: the current directory for a single source action', collect, [])
    .option('--variable <name=value>', 'pipeline variable value for this execution (repeatable)', collect, [])
    .addOption(new Option('--approve <policy>', 'answer Manual approvals: all, none, or ask at the terminal').choices(['all', 'none', 'ask']).default('ask'))
    .option('--data-dir <dir>', 'keep the run\'s store and artifacts here instead of a temporary directory')
    .addOption(new Option('--log-level <level>', 'structured log level on stderr').choices(['debug', 'info', 'warn', 'error', 'silent']).default('warn'))
    .action(async (file: string, flags: { source: string[]; variable: string[]; approve: ApprovalPolicy; dataDir?: string; logLevel: LogLevel }) => {
      setExitCode(await runPipeline({
        file, sources: flags.source, variables: flags.variable, approve: flags.approve, logLevel: flags.logLevel,
        ...(flags.dataDir !== undefined && { dataDir: flags.dataDir }),
      }, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() }));
    });
  program.command('server')
    .description('Run the Sluice server: the CodePipeline, CodeBuild, SSM, Secrets Manager and Logs APIs (AWS JSON 1.1, SigV4), the scheduler and the build worker')
    .addOption(new Option('--port <port>', 'port to listen on (0 picks a free one)').env('SLUICE_PORT').default('8090'))
    .addOption(new Option('--host <host>', 'address to listen on').env('SLUICE_HOST').default('127.0.0.1'))
    .addOption(new Option('--data-dir <dir>', 'where the store, artifacts and credentials live').env('SLUICE_DATA_DIR').default('./.sluice'))
    .addOption(new Option('--account-id <id>', 'the AWS account id Sluice presents').env('SLUICE_ACCOUNT_ID').default('000000000000'))
    .addOption(new Option('--region <region>', 'the region Sluice presents').env('SLUICE_REGION').default('us-east-1'))
    .addOption(new Option('--log-level <level>', 'structured log level on stderr').env('SLUICE_LOG_LEVEL')
      .choices(['debug', 'info', 'warn', 'error', 'silent']).default('info'))
    .addOption(new Option('--drain-delay-ms <ms>', 'on SIGTERM, answer /health "not ready" this long before closing the port')
      .env('SLUICE_DRAIN_DELAY_MS').default('0'))
    .addOption(new Option('--build-concurrency <n>', 'builds run at once (0: this server runs none; default: the number of cores)')
      .env('SLUICE_BUILD_CONCURRENCY'))
    .addOption(new Option('--poll-interval <seconds>', 'how often polled sources (PollForSourceChanges "true", connection repositories without webhooks) are checked; 0: never')
      .env('SLUICE_POLL_INTERVAL').default('60'))
    .addOption(new Option('--router-host <host>', 'address the traffic router\'s listeners (ELBv2 CreateListener) bind').env('SLUICE_ROUTER_HOST').default('127.0.0.1'))
    .action((flags: { port: string; host: string; routerHost: string; dataDir: string; accountId: string; region: string; logLevel: LogLevel; drainDelayMs: string; buildConcurrency?: string; pollInterval: string }, command: Command) => reportingUsage(command, async () => {
      const port = Number(flags.port);
      const drainDelayMs = Number(flags.drainDelayMs);
      const buildConcurrency = flags.buildConcurrency === undefined ? undefined : Number(flags.buildConcurrency);
      if (!Number.isInteger(drainDelayMs) || drainDelayMs < 0) throw new InvalidArgumentError(`--drain-delay-ms ${flags.drainDelayMs}: expected 0 or more`);
      if (buildConcurrency !== undefined && !(Number.isInteger(buildConcurrency) && buildConcurrency >= 0)) {
        throw new InvalidArgumentError(`--build-concurrency ${flags.buildConcurrency}: expected 0 or more`);
      }
      const pollIntervalMs = Number(flags.pollInterval) * 1000;
      if (!Number.isFinite(pollIntervalMs) || pollIntervalMs < 0) throw new InvalidArgumentError(`--poll-interval ${flags.pollInterval}: expected 0 or more seconds`);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError(`--port ${flags.port}: expected 0-65535`);
      if (!/^\d{12}$/.test(flags.accountId)) throw new InvalidArgumentError(`--account-id ${flags.accountId}: expected 12 digits`);
      const { buildConcurrency: _, pollInterval: __, ...rest } = flags;
      setExitCode(await runServer({ ...rest, port, drainDelayMs, pollIntervalMs, ...(buildConcurrency !== undefined && { buildConcurrency }) }, process.stdout));
    }));
  program.command('build')
    .description('Run a buildspec locally, in a temporary copy of the directory (no server needed)')
    .argument('[dir]', 'source directory', '.')
    .option('--buildspec <file>', 'buildspec file, relative to the source directory', 'buildspec.yml')
    .option('--env <name=value>', 'build environment variable (repeatable); wins over the buildspec', collect, [])
    .option('--artifacts <dir>', 'write the build\'s artifacts here, one directory per artifact')
    .option('--no-isolation', 'run without bubblewrap even when it is available')
    .action(async (dir: string, flags: { buildspec: string; env: string[]; artifacts?: string; isolation: boolean }) => {
      setExitCode(await runBuildCommand({ dir, ...flags }, { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() }));
    });
  registerIamCommands(program);
  registerConnectionsCommands(program);
  registerAuditCommands(program);
  registerGitCredentials(program);
  registerAgentCommand(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const program = buildProgram((code) => { exitCode = code; });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (e) {
    // --help and --version end with 0; any other command-line mistake is a usage error.
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    const err = coerceError(e);
    const text = isSluiceError(err) ? `error: ${err.code}: ${err.message}` : `error: ${err.message}`;
    process.stderr.write(`${styleText('red', text, { stream: process.stderr })}\n`);
    if (!isSluiceError(err) && process.env.SLUICE_DEBUG) process.stderr.write(`${err.stack}\n`);
    return isSluiceError(err) ? 2 : 1;
  }
}
