/**
 * CloudTrail's LookupEvents on the AWS JSON dispatcher, over Sluice's audit trail: the calls that
 * changed something and the calls that were refused, newest first.
 *
 * Lookup attributes: EventId, EventName, ReadOnly, Username, ResourceType, ResourceName,
 * EventSource, AccessKeyId. AWS accepts one attribute per request; Sluice also accepts several
 * different ones and ANDs them. StartTime and EndTime bound the event time (inclusive);
 * MaxResults is 1 to 50 (default 50). EventCategory `insight` finds nothing: Sluice has no
 * Insights events. Authorized as `cloudtrail:LookupEvents` on `*`, as AWS does.
 */
import { readFileSync } from 'node:fs';
import { SluiceError } from '../../model/errors.ts';
import type { AuditFilter, Store } from '../../store/ports.ts';
import type { AwsJsonService, Operation } from '../aws-json/operation.ts';
import type { ServiceModel } from '../aws-json/shape-validator.ts';
import { timestampMs } from '../aws-json/timestamp.ts';
import { lookupEvent } from './events.ts';

/** CloudTrail's API model (LookupEvents only, documentation stripped), API version 2013-11-01. */
export const CLOUDTRAIL_MODEL = JSON.parse(readFileSync(new URL('./service-model.json', import.meta.url), 'utf8')) as ServiceModel;

export interface CloudTrailApi {
  store: Store;
  accountId: string;
  /** The region recorded for calls refused before their credential scope was known. */
  region: string;
}

interface LookupEventsInput {
  LookupAttributes?: { AttributeKey: string; AttributeValue: string }[];
  StartTime?: number | string;
  EndTime?: number | string;
  EventCategory?: string;
  MaxResults?: number;
  NextToken?: string;
}

const MAX_RESULTS = 50;

/** A timestamp as AWS JSON sends it (epoch seconds, or an ISO string) → epoch ms. */
function epochMs(value: number | string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = timestampMs(value);
  if (!Number.isFinite(ms)) throw new SluiceError('InvalidTimeRangeException', `Invalid time: ${String(value)}`);
  return ms;
}

const ATTRIBUTE_FILTERS: Record<string, (value: string) => AuditFilter> = {
  EventId: (v) => ({ eventId: v }),
  EventName: (v) => ({ eventName: v }),
  Username: (v) => ({ userName: v }),
  ResourceType: (v) => ({ resourceType: v }),
  ResourceName: (v) => ({ resourceName: v }),
  EventSource: (v) => ({ eventSource: v }),
  AccessKeyId: (v) => ({ accessKeyId: v }),
  ReadOnly: (v) => {
    if (v !== 'true' && v !== 'false') throw new SluiceError('InvalidLookupAttributesException', `ReadOnly must be true or false, not ${v}`);
    return { readOnly: v === 'true' };
  },
};

/** The store filter of a request's lookup attributes and time range. */
export function auditFilterOf(input: LookupEventsInput): AuditFilter {
  const filter: AuditFilter = {};
  const seen = new Set<string>();
  for (const { AttributeKey: key, AttributeValue: value } of input.LookupAttributes ?? []) {
    const toFilter = ATTRIBUTE_FILTERS[key];
    if (!toFilter) throw new SluiceError('InvalidLookupAttributesException', `Unknown lookup attribute ${key}`);
    if (seen.has(key)) throw new SluiceError('InvalidLookupAttributesException', `Lookup attribute ${key} is given more than once`);
    seen.add(key);
    Object.assign(filter, toFilter(value));
  }
  const startTime = epochMs(input.StartTime);
  const endTime = epochMs(input.EndTime);
  if (startTime !== undefined && endTime !== undefined && startTime > endTime) {
    throw new SluiceError('InvalidTimeRangeException', 'StartTime must not be after EndTime');
  }
  return { ...filter, ...(startTime !== undefined && { startTime }), ...(endTime !== undefined && { endTime }) };
}

function lookupEventsOperation(api: CloudTrailApi): Operation<LookupEventsInput, object> {
  return {
    // MaxResults out of range is CloudTrail's own InvalidMaxResultsException, not a model violation.
    skipModelValidation: ['MaxResults'],
    async handle(input) {
      const max = input.MaxResults ?? MAX_RESULTS;
      if (!Number.isInteger(max) || max < 1 || max > MAX_RESULTS) {
        throw new SluiceError('InvalidMaxResultsException', `MaxResults must be between 1 and ${MAX_RESULTS}`);
      }
      if (input.EventCategory === 'insight') return { Events: [] };
      const page = await api.store.audit.lookup(auditFilterOf(input), {
        maxResults: max, ...(input.NextToken !== undefined && { nextToken: input.NextToken }),
      });
      return {
        Events: page.items.map((e) => lookupEvent(e, api.accountId, api.region)),
        ...(page.nextToken !== undefined && { NextToken: page.nextToken }),
      };
    },
  };
}

/**
 * Clients address CloudTrail by two `X-Amz-Target` prefixes: botocore's model (the `aws` CLI, boto3)
 * says `com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101`, the AWS SDK for JavaScript v3
 * sends `CloudTrail_20131101`. AWS answers both; so does Sluice, with one service under each.
 */
export function cloudTrailServices(api: CloudTrailApi): AwsJsonService[] {
  const service: AwsJsonService = {
    targetPrefix: CLOUDTRAIL_MODEL.metadata.targetPrefix,
    iamPrefix: 'cloudtrail',
    signingName: 'cloudtrail',
    model: CLOUDTRAIL_MODEL,
    operations: { LookupEvents: lookupEventsOperation(api) },
    resourceArns: () => ['*'],
  };
  const short = service.targetPrefix.slice(service.targetPrefix.lastIndexOf('.') + 1);
  return [service, { ...service, targetPrefix: short }];
}
