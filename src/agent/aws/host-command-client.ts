/**
 * The host-command API as the agent calls it (src/model/deploy/host-commands.ts): typed calls,
 * signed for `codedeploy-commands`, and the deployment specification unwrapped from its envelope.
 */
import {
  HOST_COMMAND_SIGNING_SERVICE, HOST_COMMAND_TARGET_PREFIX, type CommandDiagnostics, type DeploymentSpecification,
  type GetDeploymentSpecificationOutput, type HostCommand, type HostCommandStatus, type PollHostCommandOutput,
} from '../../model/deploy/host-commands.ts';
import { AgentCallError, type SignedHttp } from './signed-http.ts';

export class HostCommandClient {
  private readonly http: SignedHttp;
  /** How long a long poll may take before the agent gives up on it and polls again. */
  private readonly pollTimeoutMs: number;

  constructor(http: SignedHttp, pollTimeoutMs: number) {
    this.http = http;
    this.pollTimeoutMs = pollTimeoutMs;
  }

  async poll(hostIdentifier: string, signal: AbortSignal): Promise<HostCommand | undefined> {
    const out = await this.call<PollHostCommandOutput>('PollHostCommand', { HostIdentifier: hostIdentifier }, signal, this.pollTimeoutMs);
    return out.HostCommand;
  }

  async acknowledge(commandId: string): Promise<HostCommandStatus> {
    return (await this.call<{ CommandStatus: HostCommandStatus }>('PutHostCommandAcknowledgement', { HostCommandIdentifier: commandId })).CommandStatus;
  }

  async specification(deploymentExecutionId: string, hostIdentifier: string): Promise<DeploymentSpecification> {
    const out = await this.call<GetDeploymentSpecificationOutput>('GetDeploymentSpecification', { DeploymentExecutionId: deploymentExecutionId, HostIdentifier: hostIdentifier });
    const payload = out.DeploymentSpecification?.GenericEnvelope?.Payload;
    if (typeof payload !== 'string') throw new AgentCallError('InvalidSpecification', 'GetDeploymentSpecification answered without a specification payload', 200);
    return JSON.parse(payload) as DeploymentSpecification;
  }

  async update(commandId: string): Promise<HostCommandStatus> {
    return (await this.call<{ CommandStatus: HostCommandStatus }>('PostHostCommandUpdate', { HostCommandIdentifier: commandId })).CommandStatus;
  }

  async complete(commandId: string, status: 'Succeeded' | 'Failed', diagnostics: CommandDiagnostics, signal?: AbortSignal): Promise<void> {
    await this.call('PutHostCommandComplete', {
      HostCommandIdentifier: commandId, CommandStatus: status, Diagnostics: { Format: 'JSON', Payload: JSON.stringify(diagnostics) },
    }, signal);
  }

  private call<T>(operation: string, input: object, signal?: AbortSignal, timeoutMs?: number): Promise<T> {
    return this.http.json<T>(HOST_COMMAND_SIGNING_SERVICE, `${HOST_COMMAND_TARGET_PREFIX}.${operation}`, input, signal, timeoutMs);
  }
}
