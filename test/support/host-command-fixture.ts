/**
 * A protocol fixture for `sluice agent` tests: a small HTTP server on a free loopback port that
 * speaks the agreed host-command protocol (src/model/deploy/host-commands.ts), the few CodeDeploy
 * registration calls the agent makes, IAM GetUser, and S3 GET for bundles. It stands in for the
 * Sluice server's deploy service, an external peer of the agent, until end-to-end tests run the
 * agent against the real server.
 *
 * It checks that each call is signed for the service the protocol names (the credential scope),
 * hands out commands one at a time per host with a long poll, and records every call.
 */
import { createHash, randomUUID } from 'node:crypto';
import { EventEmitter, once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  HOST_COMMAND_SIGNING_SERVICE, HOST_COMMAND_TARGET_PREFIX, type CommandDiagnostics, type DeploymentSpecification, type HostCommandStatus,
} from '../../src/model/deploy/host-commands.ts';

export interface FixtureCommand {
  id: string;
  hostIdentifier: string;
  commandName: string;
  spec: DeploymentSpecification;
  status: HostCommandStatus;
  diagnostics?: CommandDiagnostics;
  updates: number;
}

export interface FixtureOptions {
  /** How long PollHostCommand holds an empty answer. @default 500 */
  pollWaitMs?: number;
  accountId?: string;
  userName?: string;
}

export class HostCommandFixture extends EventEmitter {
  url = '';
  readonly accountId: string;
  readonly userArn: string;
  /** Registered instances by name. */
  readonly instances = new Map<string, { iamUserArn: string; tags: Record<string, string> }>();
  readonly commands: FixtureCommand[] = [];
  /** Every call: `<service>:<operation>` (S3 calls: `s3:GET <path>`). */
  readonly calls: string[] = [];
  /** While set, every call answers 503 (the server is down). */
  down = false;
  /** How many of the next bundle downloads answer 503. */
  s3Failures = 0;
  private readonly bundles = new Map<string, Uint8Array>();
  private readonly pollWaitMs: number;
  private readonly server = createServer((request, response) => { void this.serve(request, response); });

  constructor(options: FixtureOptions = {}) {
    super();
    // Every test waiting on a completion and every held poll listens at once.
    this.setMaxListeners(0);
    this.pollWaitMs = options.pollWaitMs ?? 500;
    this.accountId = options.accountId ?? '111122223333';
    this.userArn = `arn:aws:iam::${this.accountId}:user/${options.userName ?? 'web-agent'}`;
  }

  async start(): Promise<this> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  instanceArn(name: string): string {
    return `arn:aws:codedeploy:us-east-1:${this.accountId}:instance/${name}`;
  }

  /** Stores a bundle; returns the S3 revision that names it. */
  putBundle(key: string, body: Uint8Array, bundleType: 'zip' | 'tar' | 'tgz' = 'zip'): DeploymentSpecification['Revision']['S3Revision'] {
    this.bundles.set(`/bundles/${key}`, body);
    return { Bucket: 'bundles', Key: key, BundleType: bundleType, Sha256: createHash('sha256').update(body).digest('hex'), ETag: `"${createHash('md5').update(body).digest('hex')}"` };
  }

  /** Queues a command for the instance `name`; it is handed out after the ones before it. */
  enqueue(name: string, commandName: string, spec: DeploymentSpecification): FixtureCommand {
    const command: FixtureCommand = { id: randomUUID(), hostIdentifier: this.instanceArn(name), commandName, spec, status: 'Pending', updates: 0 };
    this.commands.push(command);
    this.emit('enqueued');
    return command;
  }

  /** Resolves when `command` has been reported complete. */
  async completion(command: FixtureCommand): Promise<FixtureCommand> {
    while (command.status !== 'Succeeded' && command.status !== 'Failed') await once(this, 'changed');
    return command;
  }

  /** Resolves when `predicate` holds, checked after every call. */
  async until(predicate: () => boolean): Promise<void> {
    while (!predicate()) await once(this, 'changed');
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const scope = /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/.exec(request.headers.authorization ?? '')?.[1];
    const target = String(request.headers['x-amz-target'] ?? '');
    const operation = target.split('.').at(-1) ?? '';
    this.calls.push(request.method === 'GET' ? `${scope}:GET ${request.url}` : `${scope}:${operation || new URLSearchParams(body).get('Action')}`);
    try {
      if (this.down) return this.answer(response, 503, { __type: 'ServiceUnavailableException', message: 'down' });
      if (request.method === 'GET' && scope === 's3' && this.s3Failures > 0) {
        this.s3Failures -= 1;
        return this.xml(response, 503, '<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>');
      }
      if (request.method === 'GET' && scope === 's3') return this.getObject(request, response);
      if (scope === 'iam' && new URLSearchParams(body).get('Action') === 'GetUser') {
        return this.xml(response, 200, `<GetUserResponse><GetUserResult><User><Arn>${this.userArn}</Arn></User></GetUserResult></GetUserResponse>`);
      }
      if (scope === 'sts') return this.xml(response, 400, '<ErrorResponse><Error><Code>UnknownOperationException</Code><Message>no STS here</Message></Error></ErrorResponse>');
      const input = JSON.parse(body || '{}') as Record<string, unknown>;
      if (target.startsWith('CodeDeploy_20141006.') && scope === 'codedeploy') return this.answer(response, ...this.codedeploy(operation, input));
      if (target.startsWith(`${HOST_COMMAND_TARGET_PREFIX}.`) && scope === HOST_COMMAND_SIGNING_SERVICE) return this.answer(response, ...await this.hostCommand(operation, input));
      return this.answer(response, 400, { __type: 'UnknownOperationException', message: `${scope} ${target}` });
    } finally {
      this.emit('changed');
    }
  }

  private codedeploy(operation: string, input: Record<string, unknown>): [number, object] {
    const name = typeof input.instanceName === 'string' ? input.instanceName : '';
    if (operation === 'GetOnPremisesInstance') {
      const instance = this.instances.get(name);
      if (!instance) return [400, { __type: 'InstanceNotRegisteredException', message: 'The specified on-premises instance is not registered.' }];
      return [200, { instanceInfo: { instanceName: name, iamUserArn: instance.iamUserArn, instanceArn: this.instanceArn(name) } }];
    }
    if (operation === 'RegisterOnPremisesInstance') {
      this.instances.set(name, { iamUserArn: String(input.iamUserArn), tags: {} });
      return [200, {}];
    }
    if (operation === 'AddTagsToOnPremisesInstances') {
      for (const instanceName of input.instanceNames as string[]) {
        for (const { Key, Value } of input.tags as { Key: string; Value: string }[]) this.instances.get(instanceName)!.tags[Key] = Value;
      }
      return [200, {}];
    }
    return [400, { __type: 'UnknownOperationException', message: operation }];
  }

  private async hostCommand(operation: string, input: Record<string, unknown>): Promise<[number, object]> {
    const byId = (): FixtureCommand | undefined => this.commands.find((c) => c.id === input.HostCommandIdentifier);
    if (operation === 'PollHostCommand') return [200, await this.poll(String(input.HostIdentifier))];
    if (operation === 'GetDeploymentSpecification') {
      const command = this.commands.find((c) => c.id === input.DeploymentExecutionId);
      if (!command) return [400, { __type: 'InvalidDeploymentExecutionIdException', message: 'unknown' }];
      return [200, { DeploymentSystem: 'CodeDeploy', DeploymentSpecification: { GenericEnvelope: { Format: 'TEXT/JSON', Payload: JSON.stringify(command.spec) } } }];
    }
    const command = byId();
    if (!command) return [400, { __type: 'InvalidCommandException', message: 'no such command' }];
    if (operation === 'PutHostCommandAcknowledgement') {
      if (command.status === 'Pending') command.status = 'InProgress';
      return [200, { CommandStatus: command.status }];
    }
    if (operation === 'PostHostCommandUpdate') {
      command.updates += 1;
      return [200, { CommandStatus: command.status }];
    }
    if (operation === 'PutHostCommandComplete') {
      if (command.status !== 'InProgress') return [400, { __type: 'InvalidCommandException', message: `the command is ${command.status}` }];
      command.status = input.CommandStatus as 'Succeeded' | 'Failed';
      command.diagnostics = JSON.parse((input.Diagnostics as { Payload: string }).Payload) as CommandDiagnostics;
      return [200, {}];
    }
    return [400, { __type: 'UnknownOperationException', message: operation }];
  }

  /** The host's next command once none of its commands is in progress, waiting up to pollWaitMs. */
  private async poll(hostIdentifier: string): Promise<object> {
    const deadline = Date.now() + this.pollWaitMs;
    for (;;) {
      const mine = this.commands.filter((c) => c.hostIdentifier === hostIdentifier);
      const next = mine.find((c) => c.status === 'Pending');
      if (next && !mine.some((c) => c.status === 'InProgress')) {
        return { HostCommand: { HostCommandIdentifier: next.id, HostIdentifier: hostIdentifier, DeploymentExecutionId: next.id, CommandName: next.commandName } };
      }
      const left = deadline - Date.now();
      if (left <= 0) return {};
      // Wake on a new command, any change, or the end of the wait; then drop every listener.
      const wake = new AbortController();
      const timer = setTimeout(() => wake.abort(), left);
      await Promise.race([once(this, 'enqueued', { signal: wake.signal }), once(this, 'changed', { signal: wake.signal })]).catch(() => undefined);
      clearTimeout(timer);
      wake.abort();
    }
  }

  private getObject(request: IncomingMessage, response: ServerResponse): void {
    const path = decodeURIComponent((request.url ?? '').split('?')[0]!);
    const bundle = this.bundles.get(path);
    if (!bundle) return this.xml(response, 404, '<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>');
    response.writeHead(200, { 'content-type': 'application/octet-stream', etag: `"${createHash('md5').update(bundle).digest('hex')}"` });
    response.end(bundle);
  }

  private answer(response: ServerResponse, status: number, body: object): void {
    response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
    response.end(JSON.stringify(body));
  }

  private xml(response: ServerResponse, status: number, body: string): void {
    response.writeHead(status, { 'content-type': 'text/xml' });
    response.end(body);
  }
}

export async function startHostCommandFixture(options: FixtureOptions = {}): Promise<HostCommandFixture> {
  return new HostCommandFixture(options).start();
}
