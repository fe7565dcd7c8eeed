/**
 * Audit events as CloudTrail shows them: the `Event` summary of LookupEvents and, inside it, the
 * full record (`CloudTrailEvent`, a JSON string) in CloudTrail's record format, version 1.08:
 * who (`userIdentity`), when, from where, what was asked (`requestParameters`, secrets already
 * redacted when recorded) and how it ended (`errorCode`, `errorMessage`). Sluice records no
 * responses, so `responseElements` is always null; the resources a call was about are in the
 * summary's `Resources` (type and name) rather than in the record.
 */
import type { AuditEvent } from '../../store/ports.ts';

/** CloudTrail's time format: ISO 8601 in seconds. */
const isoSeconds = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function userIdentity(event: AuditEvent, accountId: string): object {
  if (event.userArn === undefined) return { type: 'Unknown', accountId };
  return {
    type: 'IAMUser', arn: event.userArn, accountId,
    ...(event.accessKeyId !== undefined && { accessKeyId: event.accessKeyId }),
    ...(event.userName !== undefined && { userName: event.userName }),
  };
}

/** The CloudTrail record of `event`, as the JSON text CloudTrail stores and LookupEvents returns. */
export function cloudTrailRecord(event: AuditEvent, accountId: string, defaultRegion: string): string {
  return JSON.stringify({
    eventVersion: '1.08',
    userIdentity: userIdentity(event, accountId),
    eventTime: isoSeconds(event.eventTime),
    eventSource: event.eventSource,
    eventName: event.eventName,
    awsRegion: event.awsRegion ?? defaultRegion,
    sourceIPAddress: event.sourceIp,
    userAgent: event.userAgent ?? '',
    ...(event.errorCode !== undefined && { errorCode: event.errorCode }),
    ...(event.errorMessage !== undefined && { errorMessage: event.errorMessage }),
    requestParameters: event.requestParameters ?? null,
    responseElements: null,
    requestID: event.requestId,
    eventID: event.eventId,
    readOnly: event.readOnly,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: accountId,
    eventCategory: 'Management',
  });
}

/** One `Event` of a LookupEvents response (`EventTime` in epoch seconds, as AWS JSON sends it). */
export function lookupEvent(event: AuditEvent, accountId: string, defaultRegion: string): object {
  return {
    EventId: event.eventId,
    EventName: event.eventName,
    ReadOnly: String(event.readOnly),
    ...(event.accessKeyId !== undefined && { AccessKeyId: event.accessKeyId }),
    EventTime: event.eventTime / 1000,
    EventSource: event.eventSource,
    ...(event.userName !== undefined && { Username: event.userName }),
    Resources: event.resources.map((r) => ({ ResourceType: r.type, ResourceName: r.name })),
    CloudTrailEvent: cloudTrailRecord(event, accountId, defaultRegion),
  };
}
