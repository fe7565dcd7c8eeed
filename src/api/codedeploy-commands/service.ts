/**
 * The host-command service agents speak (`model/deploy/host-commands.ts`) on the AWS JSON
 * dispatcher: `CodeDeployCommandService_v20141006.<Operation>`, signed for `codedeploy-commands`,
 * authorized as `codedeploy-commands-secure:<Operation>` on `*` (which instance the caller may act
 * for is checked against its registration, not its policy).
 */
import { readFileSync } from 'node:fs';
import { HOST_COMMAND_SIGNING_SERVICE, HOST_COMMAND_TARGET_PREFIX, type Envelope } from '../../model/deploy/host-commands.ts';
import {
  acknowledgeHostCommand, completeHostCommand, deploymentSpecification, pollHostCommand, updateHostCommand, wireHostCommand, type HostCommandDeps,
} from '../../services/deploy/host-commands.ts';
import type { AwsJsonService, CallContext, Operation } from '../aws-json/operation.ts';
import type { ServiceModel } from '../aws-json/shape-validator.ts';

/** The command API's model: Sluice's own, written after the agent's protocol (no public botocore model exists). */
export const HOST_COMMAND_MODEL = JSON.parse(readFileSync(new URL('./service-model.json', import.meta.url), 'utf8')) as ServiceModel;

const op = <I>(handle: (input: I, context: CallContext) => Promise<object>): Operation<never, object> => ({ handle });

export function hostCommandService(deps: HostCommandDeps): AwsJsonService {
  return {
    targetPrefix: HOST_COMMAND_TARGET_PREFIX,
    iamPrefix: 'codedeploy-commands-secure',
    signingName: HOST_COMMAND_SIGNING_SERVICE,
    model: HOST_COMMAND_MODEL,
    operations: {
      PollHostCommand: op<{ HostIdentifier: string }>(async (input, context) => {
        const command = await pollHostCommand(deps, input.HostIdentifier, context.caller.arn);
        return command ? { HostCommand: wireHostCommand(command) } : {};
      }),
      PutHostCommandAcknowledgement: op<{ HostCommandIdentifier: string }>(async (input, context) => {
        await acknowledgeHostCommand(deps, input.HostCommandIdentifier, context.caller.arn);
        return { CommandStatus: 'InProgress' };
      }),
      PostHostCommandUpdate: op<{ HostCommandIdentifier: string }>(async (input, context) => {
        await updateHostCommand(deps, input.HostCommandIdentifier, context.caller.arn);
        return { CommandStatus: 'InProgress' };
      }),
      PutHostCommandComplete: op<{ HostCommandIdentifier: string; CommandStatus: 'Succeeded' | 'Failed'; Diagnostics?: Envelope }>(async (input, context) => {
        await completeHostCommand(deps, input.HostCommandIdentifier, context.caller.arn, input.CommandStatus, input.Diagnostics);
        return {};
      }),
      GetDeploymentSpecification: op<{ DeploymentExecutionId: string; HostIdentifier: string }>(async (input, context) => {
        const specification = await deploymentSpecification(deps, input.DeploymentExecutionId, input.HostIdentifier, context.caller.arn);
        return { DeploymentSystem: 'CodeDeploy', DeploymentSpecification: { GenericEnvelope: { Format: 'TEXT/JSON', Payload: JSON.stringify(specification) } } };
      }),
    },
    resourceArns: () => ['*'],
  };
}
