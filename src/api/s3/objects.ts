/**
 * Object operations: GetObject, HeadObject, PutObject, DeleteObject. Reads stream from one open
 * file; writes stream into a staged file that becomes the object only once every check passed.
 *
 * As S3 does, a missing key is AccessDenied (403) rather than NoSuchKey (404) for a caller that
 * may not list the bucket, so keys cannot be probed without s3:ListBucket.
 */
import { keyProblem, MAX_KEY_BYTES } from '../../artifacts/objects/fs-paths.ts';
import { isObjectStoreError, type ObjectInfo } from '../../artifacts/objects/ports.ts';
import { stageUpload } from './body.ts';
import { checkPreconditions, rangeOf } from './conditional.ts';
import { s3Arn, type ObjectRequest, type S3Deps, type S3Operation, type S3Request } from './context.ts';
import { fromStoreError, S3Error, S3Errors } from './errors.ts';
import { metadataFrom, objectHeaders } from './metadata.ts';

/** Narrows an addressed request to an object request; the router only sends those here. */
export function objectRequest(request: S3Request): ObjectRequest {
  if (request.bucket === undefined || request.key === undefined) throw S3Errors.invalidRequest('The request names no object.');
  return request as ObjectRequest;
}

/** Refuses keys the store cannot hold as files, with the reason. */
export function checkKey(key: string): void {
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) throw new S3Error('KeyTooLongError', 400, 'Your key is too long', { Key: key });
  const problem = keyProblem(key);
  if (problem !== undefined) throw S3Errors.invalidArgument(problem, 'key', key);
}

/** NoSuchBucket, or NoSuchKey / AccessDenied for a missing object. */
async function missing(request: ObjectRequest, deps: S3Deps): Promise<S3Error> {
  if (!await deps.objects.bucketExists(request.bucket)) return S3Errors.noSuchBucket(request.bucket);
  if (!await request.can('s3:ListBucket', s3Arn(request.bucket))) return S3Errors.accessDenied();
  return S3Errors.noSuchKey(request.key);
}

function notModifiedOrFailed(request: ObjectRequest, info: ObjectInfo): Response | undefined {
  const result = checkPreconditions(request.headers, info);
  if (result.status === 200) return undefined;
  if (result.status === 304) {
    return new Response(null, { status: 304, headers: { 'etag': info.etag, 'last-modified': new Date(info.lastModifiedMs).toUTCString() } });
  }
  throw new S3Error('PreconditionFailed', 412, 'At least one of the pre-conditions you specified did not hold', { Condition: result.condition });
}

async function read(request: ObjectRequest, deps: S3Deps, head: boolean): Promise<Response> {
  if (keyProblem(request.key) !== undefined) throw await missing(request, deps);
  const versionId = request.url.searchParams.get('versionId') ?? undefined;
  const object = await deps.objects.open(request.bucket, request.key, versionId);
  if (!object && versionId !== undefined && await deps.objects.bucketExists(request.bucket)) {
    throw new S3Error('NoSuchVersion', 404, 'The specified version does not exist.', { Key: request.key, VersionId: versionId });
  }
  if (!object) throw await missing(request, deps);
  let reading = false;
  try {
    const { info } = object;
    const early = notModifiedOrFailed(request, info);
    if (early) return early;
    const range = rangeOf(request.headers.get('range'), info.size);
    const checksumMode = request.headers.get('x-amz-checksum-mode')?.toUpperCase() === 'ENABLED' && range === undefined;
    const headers = objectHeaders(info, request.url.searchParams, checksumMode);
    headers.set('content-length', String(range ? range.end - range.start + 1 : info.size));
    if (range) headers.set('content-range', `bytes ${range.start}-${range.end}/${info.size}`);
    const status = range ? 206 : 200;
    if (head || info.size === 0) return new Response(null, { status, headers });
    reading = true;
    return new Response(object.read(range), { status, headers });
  } finally {
    if (!reading) await object.close();
  }
}

export const getObject: S3Operation = {
  name: 'GetObject',
  action: 's3:GetObject',
  handle: (request, deps) => read(objectRequest(request), deps, false),
};

export const headObject: S3Operation = {
  name: 'HeadObject',
  action: 's3:GetObject',
  handle: (request, deps) => read(objectRequest(request), deps, true),
};

export const putObject: S3Operation = {
  name: 'PutObject',
  action: 's3:PutObject',
  async handle(request, deps) {
    const { bucket, key, headers } = objectRequest(request);
    checkKey(key);
    const ifNoneMatch = headers.get('if-none-match');
    if (ifNoneMatch !== null && ifNoneMatch.trim() !== '*') throw S3Errors.notImplemented('If-None-Match on PutObject takes only *');
    if (headers.has('if-match')) throw S3Errors.notImplemented('If-Match on PutObject');
    const metadata = metadataFrom(headers);
    if (!await deps.objects.bucketExists(bucket)) throw S3Errors.noSuchBucket(bucket);
    const { staged, checksum } = await stageUpload(request, deps);
    try {
      const info = await deps.objects.commit(staged, bucket, key, { ...metadata, ...(checksum && { checksum }) }, { ifNoneMatch: ifNoneMatch !== null });
      await deps.objectCreated?.({ info, reason: 'PutObject', requestId: request.requestId, sourceIp: request.sourceIp, requester: request.caller.accountId });
      const out = new Headers({ etag: info.etag, ...(info.versionId !== undefined && { 'x-amz-version-id': info.versionId }) });
      if (checksum) out.set(`x-amz-checksum-${checksum.algorithm.toLowerCase()}`, checksum.value);
      return new Response(null, { status: 200, headers: out });
    } catch (e) {
      await staged.discard();
      if (isObjectStoreError(e)) throw fromStoreError(e, { Key: key });
      throw e;
    }
  },
};

export const deleteObject: S3Operation = {
  name: 'DeleteObject',
  action: 's3:DeleteObject',
  async handle(request, deps) {
    const { bucket, key } = objectRequest(request);
    if (!await deps.objects.bucketExists(bucket)) throw S3Errors.noSuchBucket(bucket);
    await deps.objects.delete(bucket, key);
    return new Response(null, { status: 204 });
  },
};
