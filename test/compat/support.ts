/**
 * Shared pieces of the client compatibility tests: pipelines that run on a Sluice server today
 * (a custom Source action type whose jobs a small in-test worker completes, then a Manual
 * approval), that worker, the `aws` CLI driver, and the rule that an operation the server does
 * not serve yet makes a test skip with the operation's name instead of passing quietly.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import {
  AcknowledgeJobCommand, CodePipelineServiceException, PollForJobsCommand, PutJobSuccessResultCommand,
  type ActionTypeId, type CodePipelineClient, type CreateCustomActionTypeCommandInput, type PipelineDeclaration,
} from '@aws-sdk/client-codepipeline';
import type { TestContext } from 'node:test';
import { Sha256 } from '@smithy/core/checksum';
import { HttpRequest } from '@smithy/core/protocols';
import { SignatureV4 } from '@smithy/signature-v4';

// ---------------------------------------------------------------------------------------------
// Operations the server does not serve yet

/** Raised when the server answers UnknownOperationException for an operation of the API. */
export class NotServed extends Error {
  readonly operation: string;
  constructor(operation: string) {
    super(`${operation} is not implemented on the server yet (UnknownOperationException)`);
    this.operation = operation;
  }
}

/** Awaits an SDK call; UnknownOperationException becomes NotServed naming the operation. */
export async function served<T>(operation: string, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (e) {
    if (e instanceof CodePipelineServiceException && e.name === 'UnknownOperationException') throw new NotServed(operation);
    throw e;
  }
}

/**
 * A test body that skips, naming the operation, when something it needs is not served. Parts
 * asserted before the skip have still run.
 */
export function orSkip(body: (t: TestContext) => Promise<void>): (t: TestContext) => Promise<void> {
  return async (t) => {
    try {
      await body(t);
    } catch (e) {
      if (!(e instanceof NotServed)) throw e;
      t.skip(e.message);
    }
  };
}

/** Every operation of the AWS SDK client, from its exported `*Command` classes. */
export async function sdkOperations(): Promise<string[]> {
  const sdk = await import('@aws-sdk/client-codepipeline') as Record<string, unknown>;
  return Object.keys(sdk).filter((k) => /^[A-Z]\w*Command$/.test(k) && typeof sdk[k] === 'function')
    .map((k) => k.slice(0, -'Command'.length)).sort();
}

/** `CreatePipeline` → `create-pipeline`, as the aws CLI names its subcommands. */
export function cliName(operation: string): string {
  return operation.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

// ---------------------------------------------------------------------------------------------
// Pipelines that run on the server

/** The custom Source type the tests register. Its queryable `Repo` lets each test poll only its own jobs. */
export const SOURCE_TYPE: ActionTypeId = { category: 'Source', owner: 'Custom', provider: 'SluiceCompatSource', version: '1' };

export const SOURCE_TYPE_INPUT: CreateCustomActionTypeCommandInput = {
  category: SOURCE_TYPE.category, provider: SOURCE_TYPE.provider, version: SOURCE_TYPE.version,
  settings: { entityUrlTemplate: 'https://git.example.com/{Config:Repo}' },
  configurationProperties: [
    { name: 'Repo', required: true, key: true, secret: false, queryable: true, description: 'repository', type: 'String' },
  ],
  inputArtifactDetails: { minimumCount: 0, maximumCount: 0 },
  outputArtifactDetails: { minimumCount: 0, maximumCount: 1 },
};

export const ROLE_ARN = 'arn:aws:iam::000000000000:role/pipeline';

/**
 * A V2 pipeline that runs on the server: `Source` (the custom source, completed by a worker
 * polling for `Repo` = `repo`) then `Approve` (a Manual approval), optionally a second approval.
 */
export function runnablePipeline(name: string, options: { repo?: string; executionMode?: 'SUPERSEDED' | 'QUEUED' | 'PARALLEL'; secondApproval?: boolean } = {}): PipelineDeclaration {
  const approval = (actionName: string) => ({
    name: actionName, actionTypeId: { category: 'Approval' as const, owner: 'AWS' as const, provider: 'Manual', version: '1' },
    configuration: { CustomData: `approve ${name}?` },
  });
  return {
    name, roleArn: ROLE_ARN, artifactStore: { type: 'S3', location: 'sluice-compat-artifacts' },
    pipelineType: 'V2', executionMode: options.executionMode ?? 'SUPERSEDED',
    variables: [{ name: 'Env', defaultValue: 'dev' }],
    stages: [
      { name: 'Source', actions: [{ name: 'Src', actionTypeId: SOURCE_TYPE, configuration: { Repo: options.repo ?? name }, runOrder: 1 }] },
      { name: 'Approve', actions: [approval('Gate')] },
      ...(options.secondApproval ? [{ name: 'Release', actions: [approval('Ship')] }] : []),
    ],
  };
}

/**
 * A pipeline whose first stage uses a built-in source type: valid, but its executions fail at
 * once on the server (no built-in source provider runs there yet). Useful where only an execution
 * record is needed.
 */
export function builtInSourcePipeline(name: string): PipelineDeclaration {
  return {
    name, roleArn: ROLE_ARN, artifactStore: { type: 'S3', location: 'sluice-compat-artifacts' }, pipelineType: 'V2',
    stages: [
      { name: 'Source', actions: [{ name: 'Src', actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeCommit', version: '1' },
        configuration: { RepositoryName: 'app', BranchName: 'main' }, outputArtifacts: [{ name: 'SourceOut' }] }] },
      { name: 'Approve', actions: [{ name: 'Gate', actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' } }] },
    ],
  };
}

/**
 * A job worker for the custom source type: polls for the given `Repo` values, acknowledges each
 * job and reports success with a revision. `repos` may grow while it runs.
 */
export function startWorker(client: CodePipelineClient, repos: string[], intervalMs = 50): { repos: string[]; completed: string[]; errors: unknown[]; stop(): Promise<void> } {
  let stopped = false;
  const completed: string[] = [];
  const errors: unknown[] = [];
  const loop = (async () => {
    let n = 0;
    while (!stopped) {
      for (const repo of [...repos]) {
        try {
          const { jobs = [] } = await client.send(new PollForJobsCommand({ actionTypeId: SOURCE_TYPE, maxBatchSize: 10, queryParam: { Repo: repo } }));
          for (const job of jobs) {
            await client.send(new AcknowledgeJobCommand({ jobId: job.id, nonce: job.nonce }));
            n++;
            await client.send(new PutJobSuccessResultCommand({
              jobId: job.id,
              currentRevision: { revision: `rev-${n}`, changeIdentifier: `change-${n}`, revisionSummary: `commit ${n}` },
              executionDetails: { summary: `fetched ${repo}`, externalExecutionId: `fetch-${n}`, percentComplete: 100 },
            }));
            completed.push(job.id ?? '');
          }
        } catch (e) {
          // The type may not be registered yet, or the server may be restarting: poll again later.
          errors.push(e);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    repos, completed, errors,
    async stop() {
      stopped = true;
      await loop;
    },
  };
}

/** Polls `probe` until it returns a value that is not undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10_000, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

// ---------------------------------------------------------------------------------------------
// The aws CLI

export interface CliResult {
  rc: number;
  stdout: string;
  stderr: string;
}

/** An executable of this name on PATH, without running it. */
function onPath(name: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Whether the `aws` CLI (awscli 1.x) is installed, with a python3 that can import it. */
export function awsCliAvailable(): { ok: true; version: string } | { ok: false; reason: string } {
  if (!onPath('aws')) return { ok: false, reason: 'the aws CLI is not installed' };
  const python = spawnSync('python3', ['-c', 'import awscli; print(awscli.__version__)'], { encoding: 'utf8' });
  if (python.error || python.status !== 0) return { ok: false, reason: 'python3 cannot import awscli (the aws CLI 1.x package)' };
  const version = python.stdout.trim();
  if (!version.startsWith('1.')) return { ok: false, reason: `these tests drive awscli 1.x; python3 has awscli ${version}` };
  return { ok: true, version };
}

/** Whether python3 can import boto3. */
export function boto3Available(): { ok: true; version: string } | { ok: false; reason: string } {
  const python = spawnSync('python3', ['-c', 'import boto3; print(boto3.__version__)'], { encoding: 'utf8' });
  if (python.error || python.status !== 0) return { ok: false, reason: 'python3 with boto3 is not installed' };
  return { ok: true, version: python.stdout.trim() };
}

/**
 * Runs `aws` commands. Each command goes through awscli's own entry point (`awscli.clidriver`,
 * which the `aws` executable calls) inside one long-lived python3 process: starting the CLI costs
 * about a second of CPU per process, and these tests run around a hundred commands. With
 * `SLUICE_COMPAT_SPAWN=1` every command spawns the `aws` executable instead.
 */
export class AwsCli {
  private readonly env: Record<string, string>;
  private readonly spawnEach: boolean;
  private child?: ChildProcessWithoutNullStreams;
  private lines?: AsyncIterator<string>;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(env: Record<string, string>, options: { spawnEach?: boolean } = {}) {
    this.env = env;
    this.spawnEach = options.spawnEach ?? process.env.SLUICE_COMPAT_SPAWN === '1';
  }

  /** Runs `aws <args…>`. Commands run one at a time, in call order. */
  run(args: string[], options: { cwd?: string } = {}): Promise<CliResult> {
    const next = this.queue.then(() => this.spawnEach ? this.spawnOne(args, options.cwd) : this.inProcess(args, options.cwd));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Spawns the `aws` executable itself, whatever the mode. */
  spawnOne(args: string[], cwd?: string): Promise<CliResult> {
    return new Promise((resolve, reject) => {
      const child = spawn('aws', args, { env: this.env, ...(cwd !== undefined && { cwd }) });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
      child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
      child.on('error', reject);
      child.on('close', (code) => resolve({ rc: code ?? -1, stdout, stderr }));
    });
  }

  private async runner(): Promise<{ child: ChildProcessWithoutNullStreams; lines: AsyncIterator<string> }> {
    if (!this.child || !this.lines) {
      const child = spawn('python3', [join(import.meta.dirname, 'fixtures', 'aws_cli_runner.py')], { env: this.env, stdio: 'pipe' });
      child.stderr.resume();
      process.once('exit', () => child.kill('SIGKILL'));
      this.child = child;
      this.lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
      const ready = await this.lines.next();
      if (ready.done) throw new Error('the aws CLI runner did not start');
    }
    return { child: this.child, lines: this.lines };
  }

  private async ask<T>(request: object): Promise<T> {
    const { child, lines } = await this.runner();
    child.stdin.write(`${JSON.stringify(request)}\n`);
    const line = await lines.next();
    if (line.done) throw new Error('the aws CLI runner exited');
    return JSON.parse(line.value) as T;
  }

  private inProcess(args: string[], cwd?: string): Promise<CliResult> {
    return this.ask<CliResult>({ argv: args, ...(cwd !== undefined && { cwd }) });
  }

  /** The CLI's version and its subcommands of `aws <service>` (what `aws <service> help` lists). */
  info(service: string): Promise<{ version: string; subcommands: string[] }> {
    const next = this.queue.then(() => this.ask<{ version: string; subcommands: string[] }>({ info: service }));
    this.queue = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.stdin.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
    await exited;
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------------------------------------
// Raw signed requests

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: Record<string, unknown> | undefined;
}

export interface RawRequest {
  /** `X-Amz-Target`; omitted when undefined. */
  target?: string;
  body?: string | Uint8Array;
  /** @default 'application/x-amz-json-1.1' */
  contentType?: string | null;
  headers?: Record<string, string>;
  /** Sign with these credentials; `null` sends the request unsigned. */
  credentials: { accessKeyId: string; secretAccessKey: string } | null;
  region?: string;
  /** @default 'codepipeline' */
  service?: string;
  signingDate?: Date;
  /** Sent instead of `body`, which is what gets signed (a tampered request). */
  sentBody?: string | Uint8Array;
  method?: string;
  path?: string;
}

/** Sends one request to `url`, signed with the AWS SDK's own SigV4 signer (service `codepipeline`). */
export async function rawRequest(url: string, request: RawRequest): Promise<RawResponse> {
  const endpoint = new URL(url);
  const body = typeof request.body === 'string' ? new TextEncoder().encode(request.body) : request.body;
  const headers: Record<string, string> = {
    host: endpoint.host,
    ...(request.contentType !== null && { 'content-type': request.contentType ?? 'application/x-amz-json-1.1' }),
    ...(request.target !== undefined && { 'x-amz-target': request.target }),
    ...request.headers,
  };
  let signedHeaders = headers;
  if (request.credentials) {
    const signer = new SignatureV4({ service: request.service ?? 'codepipeline', region: request.region ?? 'us-east-1', credentials: request.credentials, sha256: Sha256 });
    const signed = await signer.sign(new HttpRequest({
      method: request.method ?? 'POST', protocol: endpoint.protocol, hostname: endpoint.hostname, port: Number(endpoint.port),
      path: request.path ?? '/', headers, ...(body !== undefined && { body }),
    }), request.signingDate ? { signingDate: request.signingDate } : {});
    signedHeaders = signed.headers;
  }
  const { host: _host, ...sendable } = signedHeaders;
  const method = request.method ?? 'POST';
  const sent = request.sentBody ?? body;
  const response = await fetch(new URL(request.path ?? '/', url), {
    method, headers: sendable, ...(sent !== undefined && method !== 'GET' && method !== 'HEAD' && { body: sent }),
  });
  const text = await response.text();
  let json: Record<string, unknown> | undefined;
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) json = parsed as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** Paths of every `null` in a JSON value (AWS omits absent members instead). */
export function nullsIn(value: unknown, path = '$'): string[] {
  if (value === null) return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => nullsIn(v, `${path}[${i}]`));
  if (typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => nullsIn(v, `${path}.${k}`));
  return [];
}
