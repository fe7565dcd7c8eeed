/**
 * ARNs of connections and hosts. AWS renamed CodeStar Connections to CodeConnections: both names
 * serve the same resources and each API accepts either ARN, so Sluice keys a connection by the
 * UUID that ends its ARN and keeps the ARN it was created with.
 *
 *   arn:aws:codestar-connections:us-east-1:000000000000:connection/<uuid>
 *   arn:aws:codeconnections:us-east-1:000000000000:host/<name>-<8 hex>
 */
import { SluiceError } from '../model/errors.ts';

/** The two IAM/ARN service names of the API. */
export type ConnectionsServiceName = 'codestar-connections' | 'codeconnections';

const CONNECTION_ARN = /^arn:aws(?:-[\w]+)*:(codestar-connections|codeconnections):([^:]+):(\d{12}):connection\/([0-9a-f-]{36})$/;

export function connectionArn(service: ConnectionsServiceName, region: string, accountId: string, id: string): string {
  return `arn:aws:${service}:${region}:${accountId}:connection/${id}`;
}

export function hostArn(service: ConnectionsServiceName, region: string, accountId: string, name: string, suffix: string): string {
  return `arn:aws:${service}:${region}:${accountId}:host/${name}-${suffix}`;
}

/** The connection id an ARN names, or undefined when it is no connection ARN. */
export function connectionIdOf(arn: string): string | undefined {
  return CONNECTION_ARN.exec(arn)?.[4];
}

/** Like `connectionIdOf`, throwing AWS's not-found error for anything else. */
export function requireConnectionId(arn: string): string {
  const id = connectionIdOf(arn);
  if (id === undefined) throw new SluiceError('ResourceNotFoundException', `Connection ${arn} does not exist`);
  return id;
}

/** The same host ARN under the other service name, so either spelling finds it. */
export function hostArnSpellings(arn: string): string[] {
  const other = arn.includes(':codestar-connections:') ? arn.replace(':codestar-connections:', ':codeconnections:') : arn.replace(':codeconnections:', ':codestar-connections:');
  return other === arn ? [arn] : [arn, other];
}
