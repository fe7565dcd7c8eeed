/**
 * The AWS JSON protocol (1.1, and 1.0 for services whose model says so) on `POST /`: one dispatcher for every AWS service Sluice speaks,
 * keyed by `X-Amz-Target: <Prefix>.<Operation>`.
 *
 * Request flow: target → authenticate (SigV4) → decode JSON → validate against the service model
 * → authorize (IAM policies) → operation → encode. Every outcome, success or error, is reported to
 * `onCall` (metrics, audit trail). Errors are `{"__type", "message"}` with the status from one
 * table; anything that is not a SluiceError is logged with the request id and answered as an
 * InternalFailure without details.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../../logging.ts';
import { isSluiceError, SluiceError, type ErrorCode } from '../../model/errors.ts';
import { clientErrorOf, statusOf } from './errors.ts';
import type { AwsJsonService, CallContext, Caller } from './operation.ts';
import { maskSensitive } from './sensitive.ts';
import { validateInput } from './shape-validator.ts';

export interface IncomingCall {
  request: Request;
  body: Uint8Array;
  sourceIp: string;
  /**
   * The request-target as received, before URL parsing resolves `.` and `..` segments (which S3
   * keys may contain, and S3 signs as they are). @default the path and query of `request.url`
   */
  target?: string;
}

export interface CallRecord {
  requestId: string;
  service: string;
  operation: string;
  caller?: Caller;
  sourceIp: string;
  input?: Record<string, unknown>;
  /** Region of the credential scope, once authenticated. */
  region?: string;
  /** The `User-Agent` header, as CloudTrail records it. */
  userAgent?: string;
  /** The ARNs the call was authorized against (for the audit trail's resources). */
  resources?: string[];
  errorCode?: ErrorCode;
  /** The message the caller was sent with `errorCode`. */
  errorMessage?: string;
  status: number;
  durationMs: number;
}

export interface AwsJsonOptions {
  services: readonly AwsJsonService[];
  /** Verifies the request's signature; returns the caller or throws a SluiceError (403 codes). */
  authenticate(call: IncomingCall): Promise<{ caller: Caller; region: string; signingService: string }>;
  /** Throws AccessDeniedException unless the caller may perform `action` on `resource`. */
  authorize(caller: Caller, action: string, resource: string, sourceIp: string): Promise<void>;
  onCall?(record: CallRecord): void;
  logger: Logger;
}

/**
 * A call whose caller is already known (the web console's session), handed to the dispatcher in
 * place of a SigV4 signature; everything after authentication is the same.
 */
export interface AuthenticatedCaller {
  caller: Caller;
  region: string;
  /** Recorded in place of the request's `User-Agent` (the console names itself). */
  userAgent?: string;
}

/** Dispatches a signed call, or (with `authenticated`) one made as an already authenticated caller. */
export type AwsJsonDispatcher = (call: IncomingCall, authenticated?: AuthenticatedCaller) => Promise<Response>;

const JSON_TYPE = 'application/x-amz-json-1.1';

function respond(requestId: string, status: number, body: object, service?: AwsJsonService): Response {
  // JSON 1.0 and 1.1 differ only in this content type (and in how clients read error types, which both bodies satisfy).
  const contentType = service?.model.metadata.jsonVersion === '1.0' ? 'application/x-amz-json-1.0' : JSON_TYPE;
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': contentType, 'x-amzn-requestid': requestId },
  });
}

/** Deeper JSON than any AWS input needs; refused before parsing so nothing recurses on it. */
const MAX_JSON_DEPTH = 64;

function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) deepest = Math.max(deepest, ++depth);
    else if (c === 125 || c === 93) depth--;
  }
  return deepest;
}

export function decode(body: Uint8Array): Record<string, unknown> {
  if (body.byteLength === 0) return {};
  let value: unknown;
  try {
    // ignoreBOM keeps a byte-order mark in the text, so JSON.parse refuses it: a JSON text must not start with one.
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
    if (nestingDepth(text) > MAX_JSON_DEPTH) {
      throw new SluiceError('SerializationException', `The request body nests deeper than ${MAX_JSON_DEPTH} levels`);
    }
    value = JSON.parse(text);
  } catch (e) {
    if (isSluiceError(e)) throw e;
    throw new SluiceError('SerializationException', 'The request body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SluiceError('SerializationException', 'The request body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

export function makeAwsJsonDispatcher(options: AwsJsonOptions): AwsJsonDispatcher {
  const byPrefix = new Map(options.services.flatMap((s) => [s.targetPrefix, ...s.targetPrefixAliases ?? []].map((prefix) => [prefix, s] as const)));
  return async (call, authenticated) => {
    const requestId = randomUUID();
    const started = performance.now();
    const target = call.request.headers.get('x-amz-target') ?? '';
    const dot = target.lastIndexOf('.');
    const service = byPrefix.get(target.slice(0, dot));
    const operationName = target.slice(dot + 1);
    const record: CallRecord = {
      requestId, service: service?.iamPrefix ?? 'unknown', operation: operationName || 'unknown',
      sourceIp: call.sourceIp, status: 200, durationMs: 0,
      ...(call.request.headers.has('user-agent') && { userAgent: call.request.headers.get('user-agent') ?? '' }),
      ...(authenticated?.userAgent !== undefined && { userAgent: authenticated.userAgent }),
    };
    try {
      // An operation of the service's API that Sluice does not serve yet is still authenticated,
      // validated and authorized, so callers learn about their permissions the same way for all.
      const inModel = service !== undefined && dot > 0 && Object.hasOwn(service.model.operations, operationName);
      // Own properties only: a target such as `…__proto__` must not reach Object.prototype.
      const operation = service && dot > 0 && Object.hasOwn(service.operations, operationName) ? service.operations[operationName] : undefined;
      if (!service || (!operation && !inModel)) {
        throw new SluiceError('UnknownOperationException', target ? `Unknown operation ${target}` : 'Missing X-Amz-Target header');
      }
      const { caller, region, signingService } = authenticated
        ? { ...authenticated, signingService: service.signingName }
        : await options.authenticate(call);
      if (signingService !== service.signingName) {
        throw new SluiceError('InvalidSignatureException', `Credential should be scoped to correct service: '${service.signingName}'.`);
      }
      record.caller = caller;
      record.region = region;
      const input = decode(call.body);
      // Secret values never reach the audit trail: members the model marks sensitive are hidden.
      record.input = maskSensitive(service.model, operationName, input);
      validateInput(service.model, operationName, input, operation?.skipModelValidation);
      record.resources = await service.resourceArns(operationName, input, { region, accountId: caller.accountId });
      for (const resource of record.resources) {
        await options.authorize(caller, `${service.iamPrefix}:${operationName}`, resource, call.sourceIp);
      }
      if (!operation) throw new SluiceError('UnknownOperationException', `Sluice does not serve ${target} yet`);
      const endpoint = new URL(call.request.url).origin;
      const context: CallContext = { requestId, caller, region, sourceIp: call.sourceIp, endpoint };
      const output = await (operation.handle as (input: Record<string, unknown>, context: CallContext) => Promise<object>)(input, context);
      return respond(requestId, 200, output, service);
    } catch (e) {
      const { code, message, cause } = clientErrorOf(e);
      record.errorCode = code;
      record.status = statusOf(code);
      if (cause) options.logger.error({ requestId, operation: target, err: cause }, 'operation failed');
      record.errorMessage = message;
      return respond(requestId, record.status, { __type: code, message }, service);
    } finally {
      record.durationMs = performance.now() - started;
      options.onCall?.(record);
    }
  };
}
