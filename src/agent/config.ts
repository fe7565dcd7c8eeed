/**
 * The agent's configuration: a YAML file shaped like the real agent's on-premises config
 * (`aws_access_key_id`, `iam_user_arn`, `region`, …), then `SLUICE_*` environment variables, then
 * command-line flags (each later source wins). `compileAgentOptions` checks every value, fills
 * defaults and converts durations to milliseconds, reporting every problem at once.
 */
import { hostname } from 'node:os';
import { parse as parseYaml } from 'yaml';
import { SluiceError } from '../model/errors.ts';
import type { LogLevel } from '../logging.ts';
import type { AgentCredentials } from './aws/signed-http.ts';

/** What a user writes (file keys in snake_case), every field optional until compiled. */
export interface AgentOptions {
  endpoint?: string;
  /** @default 'us-east-1' */
  region?: string;
  /** @default the host name */
  instanceName?: string;
  iamUserArn?: string;
  awsAccessKeyId?: string;
  awsSecretAccessKey?: string;
  /** A shared credentials file; its `[default]` key is used when no key is given directly. */
  awsCredentialsFile?: string;
  tags?: Record<string, string>;
  /** @default '/var/lib/sluice-agent' */
  rootDir?: string;
  /** Deployment directories kept per deployment group. @default 5 */
  maxRevisions?: number;
  /** How long one long poll may wait for an answer. @default 60 */
  pollWaitSeconds?: number;
  /** How often a running command reports progress (PostHostCommandUpdate). @default 5 */
  heartbeatSeconds?: number;
  /** @default 'info' */
  logLevel?: LogLevel;
}

export interface CompiledAgentOptions {
  endpoint: string;
  region: string;
  instanceName: string;
  iamUserArn?: string;
  credentials: AgentCredentials;
  tags: Record<string, string>;
  rootDir: string;
  maxRevisions: number;
  pollTimeoutMs: number;
  heartbeatMs: number;
  /** Any other call that takes longer is abandoned and retried. */
  requestTimeoutMs: number;
  /** Backoff after a failed call: doubles from base up to cap. */
  backoffBaseMs: number;
  backoffCapMs: number;
  logLevel: LogLevel;
}

const FILE_KEYS: Record<string, keyof AgentOptions> = {
  endpoint: 'endpoint', region: 'region', instance_name: 'instanceName', iam_user_arn: 'iamUserArn',
  aws_access_key_id: 'awsAccessKeyId', aws_secret_access_key: 'awsSecretAccessKey', aws_credentials_file: 'awsCredentialsFile',
  tags: 'tags', root_dir: 'rootDir', max_revisions: 'maxRevisions', poll_wait_seconds: 'pollWaitSeconds',
  heartbeat_seconds: 'heartbeatSeconds', log_level: 'logLevel',
};
const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

/** Reads the config file's YAML into options; unknown keys and wrong shapes are errors. */
export function parseAgentConfigFile(text: string, file: string): AgentOptions {
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (e) {
    throw new SluiceError('ValidationException', `${file}: invalid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new SluiceError('ValidationException', `${file}: expected a mapping of settings such as endpoint and instance_name`);
  const options: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, field] of Object.entries(value)) {
    const name = FILE_KEYS[key];
    if (name) options[name] = field;
    else problems.push(`${key}: unknown setting; expected one of ${Object.keys(FILE_KEYS).join(', ')}`);
  }
  if (problems.length > 0) throw new SluiceError('ValidationException', `${file}: ${problems.join('; ')}`);
  // Values are still unchecked here; compileAgentOptions checks each one.
  return options;
}

export function compileAgentOptions(options: AgentOptions): CompiledAgentOptions {
  const problems: string[] = [];
  const text = (name: string, value: unknown): string | undefined => {
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value === 'string' || typeof value === 'number') return String(value);
    problems.push(`${name}: expected text`);
    return undefined;
  };
  const whole = (name: string, value: unknown, fallback: number, min: number, max: number): number => {
    if (value === undefined || value === null || value === '') return fallback;
    const n = Number(value);
    if (Number.isInteger(n) && n >= min && n <= max) return n;
    problems.push(`${name}: expected a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
    return fallback;
  };
  const endpoint = text('endpoint', options.endpoint);
  if (endpoint === undefined) problems.push('endpoint: required; the URL of the Sluice server, e.g. http://sluice.internal:8090');
  else if (!/^https?:\/\/[^/]/.test(endpoint)) problems.push(`endpoint: expected an http:// or https:// URL, got ${JSON.stringify(endpoint)}`);
  const accessKeyId = text('aws_access_key_id', options.awsAccessKeyId);
  const secretAccessKey = text('aws_secret_access_key', options.awsSecretAccessKey);
  if (accessKeyId === undefined || secretAccessKey === undefined) problems.push('credentials: set aws_access_key_id and aws_secret_access_key, or aws_credentials_file');
  const instanceName = text('instance_name', options.instanceName) ?? hostname();
  if (!/^[A-Za-z0-9_.@-]{1,100}$/.test(instanceName)) problems.push(`instance_name: ${JSON.stringify(instanceName)} may only hold letters, digits and _.@- (1 to 100)`);
  const tags = readTags(options.tags, problems);
  const logLevel = options.logLevel ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`log_level: expected one of ${LOG_LEVELS.join(', ')}`);
  const compiled: CompiledAgentOptions = {
    endpoint: endpoint ?? '', region: text('region', options.region) ?? 'us-east-1', instanceName,
    credentials: { accessKeyId: accessKeyId ?? '', secretAccessKey: secretAccessKey ?? '' },
    tags, rootDir: text('root_dir', options.rootDir) ?? '/var/lib/sluice-agent',
    maxRevisions: whole('max_revisions', options.maxRevisions, 5, 1, 100),
    pollTimeoutMs: whole('poll_wait_seconds', options.pollWaitSeconds, 60, 1, 3600) * 1000,
    heartbeatMs: whole('heartbeat_seconds', options.heartbeatSeconds, 5, 1, 300) * 1000,
    requestTimeoutMs: 30_000, backoffBaseMs: 500, backoffCapMs: 30_000, logLevel,
  };
  const arn = text('iam_user_arn', options.iamUserArn);
  if (arn !== undefined) compiled.iamUserArn = arn;
  if (problems.length > 0) throw new SluiceError('ValidationException', `Invalid agent configuration: ${problems.join('; ')}`);
  return compiled;
}

function readTags(value: unknown, problems: string[]): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    problems.push('tags: expected a mapping of tag keys to values');
    return {};
  }
  const tags: Record<string, string> = {};
  for (const [key, tag] of Object.entries(value)) {
    if (typeof tag === 'string' || typeof tag === 'number' || typeof tag === 'boolean') tags[key] = String(tag);
    else problems.push(`tags.${key}: expected a value`);
  }
  return tags;
}
