/**
 * Access control for every AWS-protocol request: SigV4 authentication against the identity
 * store, IAM-style authorization against the caller's inline policies, and the audit trail
 * (every mutating call and every refused one, CloudTrail-style, secrets redacted).
 */
import { randomUUID } from 'node:crypto';
import {
  AWS_JSON_AUTH_ERRORS, describeAuthFailure, isAuthFailure, verifySigV4, type SignedRequest,
} from '../api/auth/sigv4.ts';
import type { CallRecord, IncomingCall } from '../api/aws-json/dispatcher.ts';
import type { Caller } from '../api/aws-json/operation.ts';
import type { Logger } from '../logging.ts';
import { coerceError, SluiceError, type ErrorCode } from '../model/errors.ts';
import { evaluate } from '../model/iam/evaluate.ts';
import type { Store } from '../store/ports.ts';
import { auditResourcesOf } from './audit-resources.ts';
import { makeIdentityLookup } from './identities.ts';
import { redact } from './redact.ts';

export interface Access {
  /**
   * Verifies the SigV4 signature. Failures are SluiceErrors with AWS JSON's error types; other
   * protocols map those codes to their own (the IAM query protocol: `api/iam/errors.ts`).
   */
  authenticate(call: IncomingCall): Promise<{ caller: Caller; region: string; signingService: string }>;
  authorize(caller: Caller, action: string, resource: string, sourceIp: string): Promise<void>;
  /** Records the call in the audit trail when it changed something or was refused. */
  record(call: CallRecord): void;
}

export interface AccessOptions {
  store: Store;
  accountId: string;
  logger: Logger;
  /** Recorded as the region of calls refused before their credential scope was known. @default 'us-east-1' */
  region?: string;
  /** @default Date.now */
  now?: () => number;
}

/** Operations that only read: not audited unless refused. */
const READ_ONLY = /^(Get|List|Describe|Lookup|Poll)/;

export function signedRequestOf(call: IncomingCall): SignedRequest {
  const url = new URL(call.request.url);
  const headers: Record<string, string> = {};
  call.request.headers.forEach((value, name) => { headers[name] = value; });
  return { method: call.request.method, path: url.pathname, query: url.search.slice(1), headers, body: call.body };
}

export function makeAccess(options: AccessOptions): Access {
  const { store, accountId, logger } = options;
  const now = options.now ?? Date.now;
  const userName = (arn: string): string => arn.slice(arn.lastIndexOf('/') + 1);

  const identities = makeIdentityLookup(store, accountId);

  return {
    async authenticate(call) {
      try {
        const verified = await verifySigV4(signedRequestOf(call), (id) => identities.credential(id), { now: now() });
        const caller: Caller = { arn: verified.principal, userName: userName(verified.principal), accessKeyId: verified.accessKeyId, accountId };
        return { caller, region: verified.region, signingService: verified.service };
      } catch (e) {
        if (!isAuthFailure(e)) throw e;
        // Every AWS JSON authentication error type is one of Sluice's codes (all answered with 403).
        const { type, message } = describeAuthFailure(e, AWS_JSON_AUTH_ERRORS);
        throw new SluiceError(type as ErrorCode, message);
      }
    },

    async authorize(caller, action, resource, sourceIp) {
      const result = evaluate({
        action, resource,
        context: { 'aws:username': caller.userName, 'aws:SourceIp': sourceIp, 'aws:CurrentTime': new Date(now()).toISOString(), 'aws:SecureTransport': 'false' },
      }, await identities.policiesOf(caller.userName));
      if (result.decision === 'Allow') return;
      const why = result.decision === 'ExplicitDeny'
        ? `with an explicit deny in an identity-based policy`
        : `because no identity-based policy allows the ${action} action`;
      throw new SluiceError('AccessDeniedException', `User: ${caller.arn} is not authorized to perform: ${action} on resource: ${resource} ${why}`);
    },

    record(call) {
      // A call to an operation that does not exist did nothing and was refused by no one.
      if (call.errorCode === 'UnknownOperationException') return;
      const refused = call.errorCode === 'AccessDeniedException' || call.status === 403;
      if (READ_ONLY.test(call.operation) && !refused) return;
      store.audit.append({
        eventId: randomUUID(), eventTime: now(), eventSource: `${call.service}.amazonaws.com`, eventName: call.operation,
        awsRegion: call.region ?? options.region ?? 'us-east-1',
        ...(call.caller && { userArn: call.caller.arn, userName: call.caller.userName, accessKeyId: call.caller.accessKeyId }),
        sourceIp: call.sourceIp, requestId: call.requestId,
        ...(call.userAgent !== undefined && { userAgent: call.userAgent }),
        ...(call.input && { requestParameters: redact(call.input) as Record<string, unknown> }),
        ...(call.errorCode !== undefined && { errorCode: call.errorCode }),
        ...(call.errorMessage !== undefined && { errorMessage: call.errorMessage }),
        readOnly: READ_ONLY.test(call.operation),
        resources: auditResourcesOf(call.resources),
      }).catch((e: unknown) => logger.error({ err: coerceError(e), requestId: call.requestId }, 'audit event not recorded'));
    },
  };
}
