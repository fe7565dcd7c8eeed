/**
 * The S3 REST protocol on Sluice's one port, for the artifact store: every request signed for the
 * `s3` service comes here, whatever its path (see `detect.ts`).
 *
 * Request flow: authenticate (SigV4, header or presigned; the body is not read yet, so a claimed
 * `x-amz-content-sha256` is checked later, while the body streams) → address (path-style or
 * virtual-hosted) → operation (method + sub-resource) → authorize (IAM, S3 action names and ARNs)
 * → operation → response. Every response carries `x-amz-request-id` and `x-amz-id-2`; errors are
 * S3's `<Error>` document (no body for HEAD). Anything that is not an S3 error is logged with the
 * request id and answered as InternalError without details.
 */
import { randomBytes } from 'node:crypto';
import type { ObjectStore } from '../../artifacts/objects/ports.ts';
import { isObjectStoreError, type ObjectCreated } from '../../artifacts/objects/ports.ts';
import type { Logger } from '../../logging.ts';
import { coerceError } from '../../model/errors.ts';
import { isAuthFailure, type SignedRequest } from '../auth/sigv4.ts';
import { EMPTY_SHA256 } from '../auth/payload.ts';
import type { IncomingCall } from '../aws-json/dispatcher.ts';
import { addressOf } from './addressing.ts';
import { s3Arn, type S3Access, type S3Deps, type S3Operation, type S3Request } from './context.ts';
import { errorDocument, fromAuthFailure, fromStoreError, isS3Error, S3Errors, type S3Error } from './errors.ts';
import { operationFor } from './routes.ts';

export interface S3HandlerOptions {
  objects: ObjectStore;
  access: S3Access;
  region: string;
  accountId: string;
  logger: Logger;
  /** Host name suffixes under which `<bucket>.<suffix>` names a bucket (virtual-hosted style). @default ['localhost'] */
  virtualHostSuffixes?: readonly string[];
  /** Largest body of one PutObject or UploadPart. @default 5 GiB (S3's own limit) */
  maxObjectBytes?: number;
  /** Told of every object a client writes, before it is answered (S3 source actions start from it). */
  onObjectCreated?: (write: ObjectCreated) => Promise<void>;
}

export const DEFAULT_MAX_OBJECT_BYTES = 5 * 1024 ** 3;
const HEX_SHA256 = /^[0-9a-fA-F]{64}$/;

function headerRecord(headers: Headers): Record<string, string> {
  const record: Record<string, string> = {};
  headers.forEach((value, name) => { record[name] = value; });
  return record;
}

/**
 * What the verifier is told about the body it has not read: a claimed hex SHA-256 is taken as the
 * body's for the signature (the body is checked against it as it streams in); a header-signed
 * request without a claim must have no body, as S3 requires the claim for uploads.
 */
function signedRequestOf(request: Request, target: RawTarget): SignedRequest {
  const headers = headerRecord(request.headers);
  const claimed = headers['x-amz-content-sha256'];
  const hasBody = Number(headers['content-length'] ?? 0) > 0 || headers['transfer-encoding'] !== undefined;
  if (claimed === undefined && headers.authorization !== undefined && hasBody) {
    throw S3Errors.invalidRequest('Missing required header for this request: x-amz-content-sha256');
  }
  const payloadSha256 = claimed !== undefined && HEX_SHA256.test(claimed) ? claimed : claimed === undefined ? EMPTY_SHA256 : undefined;
  return {
    method: request.method, path: target.path, query: target.query, headers,
    ...(payloadSha256 !== undefined && { payloadSha256 }),
  };
}

interface RawTarget { path: string; query: string }

/** Path and query as the client sent (and signed) them; URL parsing would resolve `..` in keys. */
function rawTargetOf(call: IncomingCall, url: URL): RawTarget {
  const target = call.target;
  if (target === undefined || !target.startsWith('/')) return { path: url.pathname, query: url.search.slice(1) };
  const mark = target.indexOf('?');
  return mark < 0 ? { path: target, query: '' } : { path: target.slice(0, mark), query: target.slice(mark + 1) };
}

function denial(arn: string, action: string, resource: string, explicit: boolean): S3Error {
  const why = explicit ? 'with an explicit deny in an identity-based policy' : `because no identity-based policy allows the ${action} action`;
  return S3Errors.accessDenied(`User: ${arn} is not authorized to perform: ${action} on resource: "${resource}" ${why}`);
}

function errorResponse(e: unknown, requestId: string, hostId: string, head: boolean, logger: Logger): Response {
  let error: S3Error;
  if (isS3Error(e)) error = e;
  else if (isAuthFailure(e)) error = fromAuthFailure(e);
  else if (isObjectStoreError(e)) error = fromStoreError(e);
  else {
    logger.error({ requestId, err: coerceError(e) }, 's3 request failed');
    error = S3Errors.internal();
  }
  return new Response(head ? null : errorDocument(error, requestId, hostId), { status: error.status, headers: { 'content-type': 'application/xml' } });
}

export function makeS3Handler(options: S3HandlerOptions): (call: IncomingCall) => Promise<Response> {
  const { access, logger } = options;
  const suffixes = options.virtualHostSuffixes ?? ['localhost'];
  const deps: S3Deps = {
    objects: options.objects, region: options.region, accountId: options.accountId,
    maxObjectBytes: options.maxObjectBytes ?? DEFAULT_MAX_OBJECT_BYTES,
    ...(options.onObjectCreated && { objectCreated: options.onObjectCreated }),
  };

  async function serve(call: IncomingCall, requestId: string): Promise<Response> {
    const { request } = call;
    const url = new URL(request.url);
    const raw = rawTargetOf(call, url);
    let verifiedCall;
    try {
      verifiedCall = await access.verify(signedRequestOf(request, raw));
    } catch (e) {
      if (isAuthFailure(e)) throw fromAuthFailure(e);
      throw e;
    }
    const { caller, verified } = verifiedCall;
    const target = addressOf(raw.path, request.headers.get('host'), suffixes);
    const operation: S3Operation = operationFor(request.method, target, url.searchParams, request.headers);
    const s3Request: S3Request = {
      requestId, method: request.method, url, headers: request.headers, body: request.body, caller, verified, sourceIp: call.sourceIp,
      ...(target.bucket !== undefined && { bucket: target.bucket }),
      ...(target.key !== undefined && { key: target.key }),
      can: async (action, resource) => await access.decide(caller, action, resource, call.sourceIp) === 'Allow',
    };
    if (operation.action !== undefined) {
      const resource = s3Arn(target.bucket, target.key);
      const decision = await access.decide(caller, operation.action, resource, call.sourceIp, operation.conditions?.(s3Request));
      if (decision !== 'Allow') throw denial(caller.arn, operation.action, resource, decision === 'ExplicitDeny');
    }
    return operation.handle(s3Request, deps);
  }

  return async (call) => {
    const requestId = randomBytes(8).toString('hex').toUpperCase();
    const hostId = randomBytes(32).toString('base64');
    let response: Response;
    try {
      response = await serve(call, requestId);
    } catch (e) {
      response = errorResponse(e, requestId, hostId, call.request.method === 'HEAD', logger);
    }
    response.headers.set('x-amz-request-id', requestId);
    response.headers.set('x-amz-id-2', hostId);
    return response;
  };
}
