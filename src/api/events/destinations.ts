/**
 * The connection and API destination operations of EventBridge: CreateConnection,
 * DescribeConnection, DeleteConnection, ListConnections, CreateApiDestination,
 * DescribeApiDestination, ListApiDestinations, UpdateApiDestination and DeleteApiDestination,
 * over `services/event-connections.ts`.
 */
import type { EventConnectionService } from '../../services/event-connections.ts';
import { pageAfter, pageOf } from '../../services/event-rules.ts';
import type { ApiDestinationRecord } from '../../store/event-ports.ts';
import type { CallContext, Operation } from '../aws-json/operation.ts';
import { op, scopeOf } from './rules.ts';
import { wireApiDestination, wireConnection, wireConnectionSummary } from './wire.ts';

interface Page { NextToken?: string; Limit?: number }
interface DestinationInput {
  Name: string; Description?: string; ConnectionArn?: string; InvocationEndpoint?: string; HttpMethod?: string; InvocationRateLimitPerSecond?: number;
}
interface ConnectionInput {
  Name: string; Description?: string; AuthorizationType: string;
  AuthParameters: { ApiKeyAuthParameters?: { ApiKeyName: string; ApiKeyValue: string }; BasicAuthParameters?: { Username: string; Password: string } };
}


function destinationRequest(input: DestinationInput): Parameters<EventConnectionService['createApiDestination']>[0] {
  return {
    name: input.Name, ...(input.Description !== undefined && { description: input.Description }),
    ...(input.ConnectionArn !== undefined && { connectionArn: input.ConnectionArn }),
    ...(input.InvocationEndpoint !== undefined && { endpoint: input.InvocationEndpoint }),
    ...(input.HttpMethod !== undefined && { httpMethod: input.HttpMethod }),
    ...(input.InvocationRateLimitPerSecond !== undefined && { rateLimitPerSecond: input.InvocationRateLimitPerSecond }),
  };
}

export function destinationOperations(connections: EventConnectionService): Record<string, Operation<never, object>> {
  const wireDestination = async (d: ApiDestinationRecord, context: CallContext): Promise<Record<string, unknown>> =>
    wireApiDestination(d, scopeOf(context), (await connections.connection(d.connectionName)).uuid);
  const summary = (d: ApiDestinationRecord, context: CallContext): Record<string, unknown> => {
    const wire = wireApiDestination(d, scopeOf(context), '');
    return { ApiDestinationArn: wire.ApiDestinationArn, ApiDestinationState: 'ACTIVE', CreationTime: wire.CreationTime, LastModifiedTime: wire.LastModifiedTime };
  };
  return {
    CreateConnection: op<ConnectionInput>(async (input, context) => {
      const api = input.AuthParameters.ApiKeyAuthParameters;
      const basic = input.AuthParameters.BasicAuthParameters;
      const created = await connections.createConnection({
        name: input.Name, authorizationType: input.AuthorizationType, ...(input.Description !== undefined && { description: input.Description }),
        ...(api !== undefined && { apiKey: { name: api.ApiKeyName, value: api.ApiKeyValue } }),
        ...(basic !== undefined && { basic: { username: basic.Username, password: basic.Password } }),
      });
      const wire = wireConnectionSummary(created, scopeOf(context));
      return { ConnectionArn: wire.ConnectionArn, ConnectionState: wire.ConnectionState, CreationTime: wire.CreationTime, LastModifiedTime: wire.LastModifiedTime };
    }),
    DescribeConnection: op<{ Name: string }>(async (input, context) => wireConnection(await connections.connection(input.Name), scopeOf(context))),
    DeleteConnection: op<{ Name: string }>(async (input, context) => {
      const deleted = await connections.deleteConnection(input.Name);
      const wire = wireConnectionSummary(deleted, scopeOf(context));
      return { ConnectionArn: wire.ConnectionArn, ConnectionState: 'DELETING', CreationTime: wire.CreationTime, LastModifiedTime: wire.LastModifiedTime,
        LastAuthorizedTime: wire.LastAuthorizedTime };
    }),
    ListConnections: op<{ NamePrefix?: string; ConnectionState?: string } & Page>(async (input, context) => {
      const after = pageAfter('connections', input.NextToken);
      const limit = input.Limit ?? 100;
      // Every connection Sluice keeps is AUTHORIZED: another state filter lists none.
      const rows = input.ConnectionState !== undefined && input.ConnectionState !== 'AUTHORIZED' ? [] : await connections.listConnections({
        limit: limit + 1, ...(input.NamePrefix !== undefined && { prefix: input.NamePrefix }), ...(after !== undefined && { after }),
      });
      const page = pageOf('connections', rows, limit, (c) => c.name);
      return { Connections: page.items.map((c) => wireConnectionSummary(c, scopeOf(context))), ...(page.nextToken !== undefined && { NextToken: page.nextToken }) };
    }),
    CreateApiDestination: op<DestinationInput>(async (input, context) => summary(await connections.createApiDestination(destinationRequest(input)), context)),
    DescribeApiDestination: op<{ Name: string }>(async (input, context) => wireDestination(await connections.apiDestination(input.Name), context)),
    UpdateApiDestination: op<DestinationInput>(async (input, context) => summary(await connections.updateApiDestination(destinationRequest(input)), context)),
    DeleteApiDestination: op<{ Name: string }>(async (input) => {
      await connections.deleteApiDestination(input.Name);
      return {};
    }),
    ListApiDestinations: op<{ NamePrefix?: string; ConnectionArn?: string } & Page>(async (input, context) => {
      const after = pageAfter('api-destinations', input.NextToken);
      const limit = input.Limit ?? 100;
      const rows = await connections.listApiDestinations({
        limit: limit + 1, ...(input.NamePrefix !== undefined && { prefix: input.NamePrefix }), ...(after !== undefined && { after }),
        ...(input.ConnectionArn !== undefined && { connectionArn: input.ConnectionArn }),
      });
      const page = pageOf('api-destinations', rows, limit, (d) => d.name);
      const items = await Promise.all(page.items.map((d) => wireDestination(d, context)));
      return { ApiDestinations: items, ...(page.nextToken !== undefined && { NextToken: page.nextToken }) };
    }),
  };
}

