/**
 * The CodeStar Connections operations Sluice serves, over `services/connections.ts`, plus the
 * Sluice extension `UpdateConnectionCredentials` that completes a connection with git access
 * (AWS completes it in a browser handshake with the provider).
 */
import type { ConnectionService, CallScope } from '../../services/connections.ts';
import type { ProviderType } from '../../store/connection-ports.ts';
import type { CallContext, Operation } from '../aws-json/operation.ts';
import { HOST_STATUS, tagsOf, wireConnection, wireHost, wireTags, type WireTag } from './wire.ts';

const op = <I>(handle: (input: I, context: CallContext) => Promise<object>): Operation<never, object> => ({ handle });

interface PageInput { MaxResults?: number; NextToken?: string }
interface CredentialsInput {
  ConnectionArn: string; Url: string; Token?: string; Username?: string; Password?: string; SshPrivateKey?: string; WebhookSecret?: string;
}

/** The URL providers deliver webhooks for the connection to (not SigV4-signed). */
export const connectionWebhookPath = (connectionId: string): string => `/connections/webhooks/${connectionId}`;

export function connectionOperations(connections: ConnectionService, scopeOf: (context: CallContext) => CallScope): Record<string, Operation<never, object>> {
  return {
    CreateConnection: op<{ ConnectionName: string; ProviderType?: ProviderType; HostArn?: string; Tags?: WireTag[] }>(async (input, context) => {
      const created = await connections.create(scopeOf(context), {
        name: input.ConnectionName, tags: tagsOf(input.Tags),
        ...(input.ProviderType !== undefined && { providerType: input.ProviderType }), ...(input.HostArn !== undefined && { hostArn: input.HostArn }),
      });
      return { ConnectionArn: created.arn, ...(created.tags.length > 0 && { Tags: wireTags(created.tags) }) };
    }),
    GetConnection: op<{ ConnectionArn: string }>(async (input) => ({ Connection: wireConnection(await connections.get(input.ConnectionArn)) })),
    ListConnections: op<{ ProviderTypeFilter?: ProviderType; HostArnFilter?: string } & PageInput>(async (input) => {
      const page = await connections.list(
        { ...(input.ProviderTypeFilter !== undefined && { providerType: input.ProviderTypeFilter }), ...(input.HostArnFilter !== undefined && { hostArn: input.HostArnFilter }) },
        { ...(input.MaxResults !== undefined && { maxResults: input.MaxResults }), ...(input.NextToken !== undefined && { nextToken: input.NextToken }) });
      return { Connections: page.items.map(wireConnection), ...(page.nextToken !== undefined && { NextToken: page.nextToken }) };
    }),
    DeleteConnection: op<{ ConnectionArn: string }>(async (input) => {
      await connections.delete(input.ConnectionArn);
      return {};
    }),
    CreateHost: op<{ Name: string; ProviderType: ProviderType; ProviderEndpoint: string; VpcConfiguration?: object; Tags?: WireTag[] }>(async (input, context) => {
      const host = await connections.createHost(scopeOf(context), {
        name: input.Name, providerType: input.ProviderType, providerEndpoint: input.ProviderEndpoint, tags: tagsOf(input.Tags),
      });
      return { HostArn: host.arn, ...(host.tags.length > 0 && { Tags: wireTags(host.tags) }) };
    }),
    GetHost: op<{ HostArn: string }>(async (input) => {
      const host = await connections.getHost(input.HostArn);
      return { Name: host.name, Status: HOST_STATUS, ProviderType: host.providerType, ProviderEndpoint: host.providerEndpoint };
    }),
    ListHosts: op<PageInput>(async (input) => {
      const page = await connections.listHosts({ ...(input.MaxResults !== undefined && { maxResults: input.MaxResults }), ...(input.NextToken !== undefined && { nextToken: input.NextToken }) });
      return { Hosts: page.items.map(wireHost), ...(page.nextToken !== undefined && { NextToken: page.nextToken }) };
    }),
    DeleteHost: op<{ HostArn: string }>(async (input) => {
      await connections.deleteHost(input.HostArn);
      return {};
    }),
    TagResource: op<{ ResourceArn: string; Tags: WireTag[] }>(async (input) => {
      await connections.tag(input.ResourceArn, tagsOf(input.Tags));
      return {};
    }),
    UntagResource: op<{ ResourceArn: string; TagKeys: string[] }>(async (input) => {
      await connections.untag(input.ResourceArn, input.TagKeys);
      return {};
    }),
    ListTagsForResource: op<{ ResourceArn: string }>(async (input) => ({ Tags: wireTags(await connections.tags(input.ResourceArn)) })),
    UpdateConnectionCredentials: op<CredentialsInput>(async (input, context) => {
      const connection = await connections.updateAccess(input.ConnectionArn, {
        url: input.Url,
        ...(input.Token !== undefined && { token: input.Token }), ...(input.Username !== undefined && { username: input.Username }),
        ...(input.Password !== undefined && { password: input.Password }), ...(input.SshPrivateKey !== undefined && { sshPrivateKey: input.SshPrivateKey }),
        ...(input.WebhookSecret !== undefined && { webhookSecret: input.WebhookSecret }),
      });
      return { ConnectionArn: connection.arn, ConnectionStatus: connection.status, WebhookUrl: `${context.endpoint}${connectionWebhookPath(connection.id)}` };
    }),
  };
}

/** The ARN a call is authorized against: the connection, host or tagged resource it names, else `*`. */
export function connectionResourceArns(input: Record<string, unknown>): string[] {
  const arn = input.ConnectionArn ?? input.HostArn ?? input.ResourceArn;
  return [typeof arn === 'string' ? arn : '*'];
}
