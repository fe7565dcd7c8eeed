/**
 * `sluice agent`: runs the deploy agent on this host until stopped. Settings come from the config
 * file (`--config`), then environment variables, then flags; the first SIGTERM or SIGINT drains
 * (the running lifecycle event finishes and is reported), a second kills its scripts.
 */
import { readFile } from 'node:fs/promises';
import { type Command, Option } from 'commander';
import { DeployAgent } from '../../agent/agent.ts';
import { compileAgentOptions, parseAgentConfigFile, type AgentOptions } from '../../agent/config.ts';
import { createLogger, type LogLevel } from '../../logging.ts';
import { SluiceError } from '../../model/errors.ts';
import { parseCredentialsFile } from '../api/connection.ts';

interface AgentFlags {
  config?: string;
  endpointUrl?: string;
  region?: string;
  instanceName?: string;
  rootDir?: string;
  logLevel?: LogLevel;
}

/** Once stopped, the process exits even if a library left a handle open. */
const FORCED_EXIT_MS = 5000;

export function registerAgentCommand(program: Command): void {
  program.command('agent')
    .description('Run the deploy agent on this host: register it, poll the Sluice server for lifecycle events, run appspec hooks, report back')
    .addOption(new Option('--config <file>', 'agent config file (YAML; see docs/deploy-agent.md)').env('SLUICE_AGENT_CONFIG'))
    .addOption(new Option('--endpoint-url <url>', 'the Sluice server').env('SLUICE_ENDPOINT'))
    .addOption(new Option('--region <region>', 'region to sign requests for').env('SLUICE_REGION'))
    .addOption(new Option('--instance-name <name>', 'this host\'s on-premises instance name').env('SLUICE_AGENT_INSTANCE_NAME'))
    .addOption(new Option('--root-dir <dir>', 'where deployments, logs and the agent\'s state are kept').env('SLUICE_AGENT_ROOT_DIR'))
    .addOption(new Option('--log-level <level>', 'structured log level on stderr').choices(['debug', 'info', 'warn', 'error', 'silent']).env('SLUICE_LOG_LEVEL'))
    .action(async (flags: AgentFlags) => {
      await runAgent(await agentOptionsFrom(flags, process.env));
    });
}

/** Config file < environment < flags (commander already put env values under the flags). */
export async function agentOptionsFrom(flags: AgentFlags, env: NodeJS.ProcessEnv): Promise<AgentOptions> {
  const file = flags.config === undefined ? {} : parseAgentConfigFile(await readText(flags.config), flags.config);
  const options: AgentOptions = { ...file };
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    options.awsAccessKeyId = env.AWS_ACCESS_KEY_ID;
    options.awsSecretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  }
  if (options.awsCredentialsFile === undefined && env.AWS_SHARED_CREDENTIALS_FILE) options.awsCredentialsFile = env.AWS_SHARED_CREDENTIALS_FILE;
  if (options.awsAccessKeyId === undefined && options.awsCredentialsFile !== undefined) {
    const credentials = parseCredentialsFile(await readText(options.awsCredentialsFile));
    if (!credentials) throw new SluiceError('ValidationException', `${options.awsCredentialsFile} has no [default] aws_access_key_id and aws_secret_access_key`);
    options.awsAccessKeyId = credentials.accessKeyId;
    options.awsSecretAccessKey = credentials.secretAccessKey;
  }
  if (flags.endpointUrl !== undefined) options.endpoint = flags.endpointUrl;
  if (flags.region !== undefined) options.region = flags.region;
  if (flags.instanceName !== undefined) options.instanceName = flags.instanceName;
  if (flags.rootDir !== undefined) options.rootDir = flags.rootDir;
  if (flags.logLevel !== undefined) options.logLevel = flags.logLevel;
  return options;
}

async function readText(file: string): Promise<string> {
  return readFile(file, 'utf8').catch((e: unknown) => {
    throw new SluiceError('ValidationException', `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  });
}

async function runAgent(options: AgentOptions): Promise<void> {
  const compiled = compileAgentOptions(options);
  const logger = createLogger(compiled.logLevel).child({ component: 'agent', instanceName: compiled.instanceName });
  const agent = new DeployAgent(compiled, { logger });
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    signals += 1;
    logger.info({ signal }, signals === 1 ? 'stopping after the running command' : 'stopping now: killing the running scripts');
    if (signals === 1) agent.drain();
    else agent.force();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  try {
    await agent.run();
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    setTimeout(() => process.exit(process.exitCode ?? 0), FORCED_EXIT_MS).unref();
  }
}
