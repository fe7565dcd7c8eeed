/**
 * CodeStar Connections' wire shapes of connections, hosts and tags.
 */
import type { Tag } from '../../engine/state.ts';
import type { ConnectionRecord, HostRecord } from '../../store/connection-ports.ts';

export interface WireTag { Key: string; Value: string }

export function wireConnection(c: ConnectionRecord): object {
  return {
    ConnectionName: c.name, ConnectionArn: c.arn, ProviderType: c.providerType, OwnerAccountId: c.ownerAccountId,
    ConnectionStatus: c.status, ...(c.hostArn !== undefined && { HostArn: c.hostArn }),
  };
}

/** A host needs no setup in Sluice (no VPC to provision), so it is AVAILABLE from the start [guess]. */
export const HOST_STATUS = 'AVAILABLE';

export function wireHost(h: HostRecord): object {
  return { Name: h.name, HostArn: h.arn, ProviderType: h.providerType, ProviderEndpoint: h.providerEndpoint, Status: HOST_STATUS };
}

export function wireTags(tags: readonly Tag[]): WireTag[] {
  return tags.map((t) => ({ Key: t.key, Value: t.value }));
}

export function tagsOf(tags: readonly WireTag[] | undefined): Tag[] {
  return (tags ?? []).map((t) => ({ key: t.Key, value: t.Value }));
}
