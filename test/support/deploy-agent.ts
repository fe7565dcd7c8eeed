/**
 * A scripted deploy agent for server tests: it speaks the real host-command protocol
 * (`CodeDeployCommandService_v20141006`, SigV4 for `codedeploy-commands`, signed with the AWS
 * SDK's own signer) with the credentials of the IAM user its instance is registered with, and
 * answers each lifecycle event with the outcome a test chooses. No part of Sluice is replaced.
 */
import { AddTagsToOnPremisesInstancesCommand, RegisterOnPremisesInstanceCommand, type CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import type { TestServer } from './server.ts';
import { makeUser, policyOf, type Credentials } from './iam.ts';

export class CommandError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

export interface HostCommand { HostCommandIdentifier: string; HostIdentifier: string; DeploymentExecutionId: string; CommandName: string }

export class TestAgent {
  readonly hostIdentifier: string;
  readonly userArn: string;
  /** Every command this agent ran, as `<deploymentId>:<event>`. */
  readonly ran: string[] = [];
  private readonly url: string;
  private readonly credentials: Credentials;
  private readonly signer: SignatureV4;
  private stopped = false;
  private loop: Promise<void> = Promise.resolve();

  constructor(url: string, credentials: Credentials, hostIdentifier: string, userArn: string) {
    this.url = url;
    this.credentials = credentials;
    this.hostIdentifier = hostIdentifier;
    this.userArn = userArn;
    this.signer = new SignatureV4({ service: 'codedeploy-commands', region: 'us-east-1', sha256: Sha256, credentials });
  }

  /** The same host's agent talking to another server (a restarted one on a new port). */
  at(url: string): TestAgent {
    return new TestAgent(url, this.credentials, this.hostIdentifier, this.userArn);
  }

  async call(operation: string, input: object): Promise<Record<string, unknown>> {
    const url = new URL(this.url);
    const body = JSON.stringify(input);
    const signed = await this.signer.sign({
      method: 'POST', protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path: '/',
      headers: { host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `CodeDeployCommandService_v20141006.${operation}` },
      body,
    });
    const response = await fetch(this.url, { method: 'POST', headers: signed.headers, body });
    const answer = await response.json() as Record<string, unknown>;
    if (!response.ok) throw new CommandError(String(answer.__type), String(answer.message));
    return answer;
  }

  async poll(): Promise<HostCommand | undefined> {
    const answer = await this.call('PollHostCommand', { HostIdentifier: this.hostIdentifier });
    return answer.HostCommand as HostCommand | undefined;
  }

  /** Acknowledges, reads the specification, sends one update and completes with `outcome`. */
  async run(command: HostCommand, outcome: 'Succeeded' | 'Failed' | 'silent'): Promise<void> {
    await this.call('PutHostCommandAcknowledgement', { HostCommandIdentifier: command.HostCommandIdentifier });
    await this.call('GetDeploymentSpecification', { DeploymentExecutionId: command.DeploymentExecutionId, HostIdentifier: this.hostIdentifier });
    await this.call('PostHostCommandUpdate', { HostCommandIdentifier: command.HostCommandIdentifier });
    this.ran.push(`${command.DeploymentExecutionId}:${command.CommandName}`);
    if (outcome === 'silent') return;
    const diagnostics = outcome === 'Failed'
      ? { error_code: 'ScriptFailed', script_name: `scripts/${command.CommandName}.sh`, message: 'Script at specified location failed with exit code 1', log: 'unhealthy\n' }
      : { error_code: 'Success', script_name: '', message: 'Succeeded', log: '' };
    await this.call('PutHostCommandComplete', {
      HostCommandIdentifier: command.HostCommandIdentifier, CommandStatus: outcome, Diagnostics: { Format: 'JSON', Payload: JSON.stringify(diagnostics) },
    });
  }

  /** Polls and runs commands until `stop()`, answering each with `outcome(deploymentId, event)`. */
  start(outcome: (deploymentId: string, event: string) => 'Succeeded' | 'Failed' | 'silent' = () => 'Succeeded'): void {
    this.loop = (async () => {
      while (!this.stopped) {
        try {
          const command = await this.poll();
          if (command && !this.stopped) await this.run(command, outcome(command.DeploymentExecutionId, command.CommandName));
        } catch (e) {
          if (!this.stopped) throw e; // a server closing under a stopping agent is expected
        }
      }
    })();
  }

  /** Stops after the current poll; the poll ends at its wait or when the server drains. */
  stop(): Promise<void> {
    this.stopped = true;
    return this.loop;
  }
}

/** Makes an IAM user for the host, registers the instance with it and the tags, and returns its agent. */
export async function registerHost(t: TestServer, codedeploy: CodeDeployClient, name: string, tags: { Key: string; Value: string }[]): Promise<TestAgent> {
  const userName = `agent-${name}`;
  const credentials = await makeUser(t, userName, policyOf({ Effect: 'Allow', Action: 'codedeploy-commands-secure:*', Resource: '*' }));
  const userArn = `arn:aws:iam::000000000000:user/${userName}`;
  await codedeploy.send(new RegisterOnPremisesInstanceCommand({ instanceName: name, iamUserArn: userArn }));
  await codedeploy.send(new AddTagsToOnPremisesInstancesCommand({ instanceNames: [name], tags }));
  return new TestAgent(t.url, credentials, `arn:aws:codedeploy:us-east-1:000000000000:instance/${name}`, userArn);
}
