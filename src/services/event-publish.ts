/**
 * PutEvents: custom events onto the bus (the outbox), with EventBridge's per-entry errors. An
 * entry is refused on its own (the others are still put) when it lacks Source, DetailType or
 * Detail, when Detail is not a JSON object, when it names another bus, or when its Source starts
 * with `aws.` (reserved for the services' own events, as AWS refuses it). The whole request is
 * refused when its entries add up to more than 256 KB (AWS's entry-size rule: Source, DetailType,
 * Detail and Resources in UTF-8 bytes, plus 14 bytes for Time).
 */
import { SluiceError } from '../model/errors.ts';
import { eventTime, type BusEvent } from '../model/events/envelope.ts';
import type { OutboxStore } from '../store/ports.ts';
import { checkBus, type EventScope } from './event-names.ts';

export const MAX_PUT_EVENTS_BYTES = 256 * 1024;

export interface PutEventsEntry {
  Source?: string; DetailType?: string; Detail?: string; Resources?: string[]; Time?: number; EventBusName?: string;
}
export type PutEventsResult = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

const bytes = (s: string | undefined): number => (s === undefined ? 0 : Buffer.byteLength(s, 'utf8'));

export function entrySize(entry: PutEventsEntry): number {
  return bytes(entry.Source) + bytes(entry.DetailType) + bytes(entry.Detail) + (entry.Resources ?? []).reduce((n, r) => n + bytes(r), 0) + (entry.Time === undefined ? 0 : 14);
}

function invalid(entry: PutEventsEntry, scope: EventScope): { ErrorCode: string; ErrorMessage: string } | undefined {
  try {
    checkBus(scope, entry.EventBusName);
  } catch (e) {
    return { ErrorCode: 'ResourceNotFoundException', ErrorMessage: (e as Error).message };
  }
  if (!entry.Source) return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter Source is not valid. Reason: Source is a required argument.' };
  if (!entry.DetailType) return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter DetailType is not valid. Reason: DetailType is a required argument.' };
  if (entry.Detail === undefined) return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter Detail is not valid. Reason: Detail is a required argument.' };
  if (entry.Source.startsWith('aws.')) return { ErrorCode: 'NotAuthorizedForSourceException', ErrorMessage: 'Not authorized for the source.' };
  let detail: unknown;
  try {
    detail = JSON.parse(entry.Detail);
  } catch {
    detail = undefined;
  }
  if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
  return undefined;
}

export async function putEvents(outbox: OutboxStore, scope: EventScope, entries: readonly PutEventsEntry[], now: number, uuid: () => string): Promise<PutEventsResult[]> {
  const total = entries.reduce((n, e) => n + entrySize(e), 0);
  if (total > MAX_PUT_EVENTS_BYTES) {
    throw new SluiceError('ValidationException', `Total size of the entries in the request is ${total} bytes; the limit is ${MAX_PUT_EVENTS_BYTES} (256 KB).`);
  }
  const results: PutEventsResult[] = [];
  const events: BusEvent[] = [];
  for (const entry of entries) {
    const error = invalid(entry, scope);
    if (error) {
      results.push(error);
      continue;
    }
    const event: BusEvent = {
      version: '0', id: uuid(), 'detail-type': entry.DetailType as string, source: entry.Source as string, account: scope.accountId,
      time: eventTime(entry.Time ?? now), region: scope.region, resources: entry.Resources ?? [], detail: JSON.parse(entry.Detail as string) as object,
    };
    events.push(event);
    results.push({ EventId: event.id });
  }
  if (events.length > 0) await outbox.append(events);
  return results;
}
