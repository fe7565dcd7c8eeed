/**
 * The CodeStar Connections API on the AWS JSON 1.0 dispatcher, under both of its names: the
 * original `com.amazonaws.codestar.connections.CodeStar_connections_20191201` (signed for and
 * authorized as `codestar-connections`) and the renamed
 * `com.amazonaws.codeconnections.CodeConnections_20231201` (`codeconnections`). Resources are
 * shared; each name mints ARNs of its own spelling. The Sluice extension operation
 * `UpdateConnectionCredentials` is merged into both models, so its input is validated and its
 * secrets hidden from the audit trail like any AWS member marked sensitive.
 */
import { readFileSync } from 'node:fs';
import type { ConnectionsServiceName } from '../../services/connection-arns.ts';
import type { ConnectionService } from '../../services/connections.ts';
import type { AwsJsonService } from '../aws-json/operation.ts';
import type { ServiceModel } from '../aws-json/shape-validator.ts';
import { connectionOperations, connectionResourceArns } from './operations.ts';

const readModel = (file: string): ServiceModel => JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8')) as ServiceModel;
const EXTENSION = readModel('./extension-model.json');

function withExtension(model: ServiceModel): ServiceModel {
  return { ...model, operations: { ...model.operations, ...EXTENSION.operations }, shapes: { ...model.shapes, ...EXTENSION.shapes } };
}

/** The AWS operations Sluice serves (the extension is not one: no AWS SDK knows it). */
export const AWS_CONNECTION_OPERATIONS = Object.keys(readModel('./codestar-model.json').operations);

/** The API's models (operations Sluice serves, documentation stripped) with the extension merged in. */
export const CODESTAR_CONNECTIONS_MODEL = withExtension(readModel('./codestar-model.json'));
export const CODECONNECTIONS_MODEL = withExtension(readModel('./codeconnections-model.json'));

function service(name: ConnectionsServiceName, model: ServiceModel, connections: ConnectionService): AwsJsonService {
  return {
    targetPrefix: model.metadata.targetPrefix,
    // The AWS SDK for JavaScript sends the last part only; botocore (aws CLI, boto3) the whole prefix.
    targetPrefixAliases: [model.metadata.targetPrefix.split('.').at(-1) ?? ''],
    iamPrefix: name,
    signingName: name,
    model,
    operations: connectionOperations(connections, (context) => ({ service: name, region: context.region })),
    resourceArns: (_operation, input) => connectionResourceArns(input),
  };
}

export function connectionsServices(connections: ConnectionService): AwsJsonService[] {
  return [service('codestar-connections', CODESTAR_CONNECTIONS_MODEL, connections), service('codeconnections', CODECONNECTIONS_MODEL, connections)];
}
