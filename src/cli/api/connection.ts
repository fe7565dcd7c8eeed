/**
 * How API commands (`sluice iam …`, `sluice audit …`) reach a server: the endpoint, the region to
 * sign for and the credentials. Sluice's CLI is a client of the server's AWS-compatible APIs; it
 * never opens the database.
 *
 * Credentials: with `--data-dir`, the `[default]` key of `<dir>/credentials` (the file
 * `sluice server` writes on first start); otherwise the AWS SDK's standard chain (AWS_ACCESS_KEY_ID
 * and friends, AWS_PROFILE, ~/.aws/credentials, AWS_SHARED_CREDENTIALS_FILE).
 *
 * Precedence for every flag: default < `SLUICE_*` environment variable < flag.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';

/** @default endpoint of a local `sluice server` */
export const DEFAULT_ENDPOINT = 'http://127.0.0.1:8090';

export interface ConnectionFlags {
  endpointUrl: string;
  region: string;
  dataDir?: string;
}

export interface ClientConfig {
  endpoint: string;
  region: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** One attempt: a CLI reports a failure at once instead of retrying behind the user's back. */
  maxAttempts: number;
}

/** Adds `--endpoint-url`, `--region`, `--data-dir` and `--output` to an API command. */
export function withConnection(command: Command): Command {
  return command
    .addOption(new Option('--endpoint-url <url>', 'Sluice server to call').env('SLUICE_ENDPOINT').default(DEFAULT_ENDPOINT))
    .addOption(new Option('--region <region>', 'region to sign requests for').env('SLUICE_REGION').default('us-east-1'))
    .addOption(new Option('--data-dir <dir>', "use the admin key in this server data directory's credentials file").env('SLUICE_DATA_DIR'))
    .addOption(new Option('--output <format>', 'output format').choices(['table', 'json']).env('SLUICE_OUTPUT').default('table'));
}

/** The `[default]` key of an AWS shared credentials file. */
export function parseCredentialsFile(text: string): { accessKeyId: string; secretAccessKey: string } | undefined {
  const section = /^\[default\]\s*$([\s\S]*?)(?=^\[|(?![\s\S]))/m.exec(text)?.[1] ?? '';
  const accessKeyId = /^\s*aws_access_key_id\s*=\s*(\S+)/m.exec(section)?.[1];
  const secretAccessKey = /^\s*aws_secret_access_key\s*=\s*(\S+)/m.exec(section)?.[1];
  return accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined;
}

export async function clientConfig(flags: ConnectionFlags): Promise<ClientConfig> {
  const config: ClientConfig = { endpoint: flags.endpointUrl, region: flags.region, maxAttempts: 1 };
  if (flags.dataDir === undefined) return config;
  const file = join(flags.dataDir, 'credentials');
  const text = await readFile(file, 'utf8').catch(() => {
    throw new Error(`cannot read ${file}: start \`sluice server --data-dir ${flags.dataDir}\` once to create it`);
  });
  const credentials = parseCredentialsFile(text);
  if (!credentials) throw new Error(`${file} has no [default] aws_access_key_id and aws_secret_access_key`);
  return { ...config, credentials };
}

/**
 * Runs one API call, turning what can go wrong into a one-line message: the server's error
 * (`NoSuchEntityException: The user with name bob cannot be found.`) or an unreachable server.
 */
export async function callApi<T>(endpoint: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    const err = e as Error & { $fault?: unknown; code?: string; cause?: { code?: string } };
    const code = err.code ?? err.cause?.code;
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ECONNRESET' || code === 'EHOSTUNREACH') {
      throw new Error(`cannot reach Sluice at ${endpoint} (${code}); is \`sluice server\` running there?`, { cause: e });
    }
    if (err.name === 'CredentialsProviderError') {
      throw new Error('no credentials: pass --data-dir <the server\'s data directory>, or set AWS credentials (AWS_ACCESS_KEY_ID, AWS_PROFILE, …)', { cause: e });
    }
    // An answer from the server: its error type and message, as the AWS CLI shows them.
    if (err.$fault !== undefined) throw new Error(`${err.name}: ${err.message}`, { cause: e });
    throw e;
  }
}

/**
 * Runs a command's action, reporting a bad flag value (an InvalidArgumentError thrown while acting
 * on the flags) as commander reports parse errors: `error: <message>` and exit code 2.
 */
export async function reportingUsage(command: Command, action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (e) {
    if (e instanceof InvalidArgumentError) command.error(`error: ${e.message}`, { exitCode: 2, code: e.code });
    throw e;
  }
}
