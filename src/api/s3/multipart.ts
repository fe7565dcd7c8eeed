/**
 * Multipart uploads: CreateMultipartUpload, UploadPart, CompleteMultipartUpload,
 * AbortMultipartUpload, ListParts. Parts are staged and checked like PutObject bodies; completing
 * assembles them into the object, whose ETag is `"<MD5 of the parts' MD5s>-<number of parts>"`.
 * An upload belongs to the bucket and key it was created for: naming it with another is
 * NoSuchUpload, as on S3.
 */
import { isChecksumAlgorithm } from '../../artifacts/objects/checksums.ts';
import { MAX_PARTS } from '../../artifacts/objects/fs-multipart.ts';
import { isObjectStoreError, type UploadInfo } from '../../artifacts/objects/ports.ts';
import { readSmallBody, stageUpload } from './body.ts';
import type { ObjectRequest, S3Deps, S3Operation } from './context.ts';
import { fromStoreError, S3Error, S3Errors } from './errors.ts';
import { metadataFrom } from './metadata.ts';
import { checkKey, objectRequest } from './objects.ts';
import { isoSeconds, parseXml, xmlDocument, type XmlNode } from './xml.ts';

/** A CompleteMultipartUpload document lists at most 10,000 parts of about 100 bytes each. */
const MAX_COMPLETE_BODY_BYTES = 2 * 1024 * 1024;

const xml = (body: string): Response => new Response(body, { status: 200, headers: { 'content-type': 'application/xml' } });

async function uploadOf(request: ObjectRequest, deps: S3Deps): Promise<UploadInfo> {
  const uploadId = request.url.searchParams.get('uploadId') ?? '';
  const upload = await deps.objects.getUpload(uploadId);
  if (!upload || upload.bucket !== request.bucket || upload.key !== request.key) {
    if (!await deps.objects.bucketExists(request.bucket)) throw S3Errors.noSuchBucket(request.bucket);
    throw S3Errors.noSuchUpload(uploadId);
  }
  return upload;
}

function partNumberOf(request: ObjectRequest): number {
  const text = request.url.searchParams.get('partNumber') ?? '';
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > MAX_PARTS) {
    throw S3Errors.invalidArgument(`Part number must be an integer between 1 and ${MAX_PARTS}, inclusive`, 'partNumber', text);
  }
  return n;
}

function storeErrors<T>(request: ObjectRequest, run: () => Promise<T>): Promise<T> {
  return run().catch((e: unknown) => {
    if (isObjectStoreError(e)) throw fromStoreError(e, e.reason === 'NoSuchUpload' ? { UploadId: request.url.searchParams.get('uploadId') ?? '' } : { Key: request.key });
    throw e;
  });
}

export const createMultipartUpload: S3Operation = {
  name: 'CreateMultipartUpload',
  action: 's3:PutObject',
  async handle(request, deps) {
    const r = objectRequest(request);
    checkKey(r.key);
    const metadata = metadataFrom(r.headers);
    const algorithm = r.headers.get('x-amz-checksum-algorithm')?.toUpperCase();
    if (algorithm !== undefined && !isChecksumAlgorithm(algorithm)) throw S3Errors.invalidRequest(`Checksum algorithm ${algorithm} is not supported.`);
    if (!await deps.objects.bucketExists(r.bucket)) throw S3Errors.noSuchBucket(r.bucket);
    const upload = await deps.objects.createUpload(r.bucket, r.key, metadata, algorithm);
    return xml(xmlDocument('InitiateMultipartUploadResult', [['Bucket', r.bucket], ['Key', r.key], ['UploadId', upload.uploadId]]));
  },
};

export const uploadPart: S3Operation = {
  name: 'UploadPart',
  action: 's3:PutObject',
  async handle(request, deps) {
    const r = objectRequest(request);
    const partNumber = partNumberOf(r);
    const upload = await uploadOf(r, deps);
    const { staged, checksum } = await stageUpload(r, deps);
    try {
      const part = await storeErrors(r, () => deps.objects.putPart(upload, partNumber, staged, checksum));
      const headers = new Headers({ etag: part.etag });
      if (checksum) headers.set(`x-amz-checksum-${checksum.algorithm.toLowerCase()}`, checksum.value);
      return new Response(null, { status: 200, headers });
    } finally {
      await staged.discard();
    }
  },
};

/** The part list of a CompleteMultipartUpload document. @throws S3Error MalformedXML */
function partsOf(body: Buffer): { partNumber: number; etag: string }[] {
  const doc = parseXml(body.toString('utf8'))?.CompleteMultipartUpload as { Part?: { PartNumber?: unknown; ETag?: unknown }[] } | undefined;
  const parts = doc?.Part ?? [];
  if (parts.length === 0) throw new S3Error('MalformedXML', 400, 'The XML you provided was not well-formed or did not validate against our published schema');
  return parts.map((p) => {
    const partNumber = Number(p.PartNumber);
    if (typeof p.ETag !== 'string' || !Number.isInteger(partNumber)) throw S3Errors.malformedXml();
    return { partNumber, etag: p.ETag };
  });
}

export const completeMultipartUpload: S3Operation = {
  name: 'CompleteMultipartUpload',
  action: 's3:PutObject',
  async handle(request, deps) {
    const r = objectRequest(request);
    const upload = await uploadOf(r, deps);
    const parts = partsOf(await readSmallBody(r, MAX_COMPLETE_BODY_BYTES));
    const info = await storeErrors(r, () => deps.objects.completeUpload(upload, parts));
    await deps.objectCreated?.({ info, reason: 'CompleteMultipartUpload', requestId: r.requestId, sourceIp: r.sourceIp, requester: r.caller.accountId });
    const location = `${r.url.origin}/${encodeURIComponent(r.bucket)}/${r.key.split('/').map(encodeURIComponent).join('/')}`;
    const response = xml(xmlDocument('CompleteMultipartUploadResult', [['Location', location], ['Bucket', r.bucket], ['Key', r.key], ['ETag', info.etag]]));
    if (info.versionId !== undefined) response.headers.set('x-amz-version-id', info.versionId);
    return response;
  },
};

export const abortMultipartUpload: S3Operation = {
  name: 'AbortMultipartUpload',
  action: 's3:AbortMultipartUpload',
  async handle(request, deps) {
    const r = objectRequest(request);
    const upload = await uploadOf(r, deps);
    await deps.objects.abortUpload(upload.uploadId);
    return new Response(null, { status: 204 });
  },
};

export const listParts: S3Operation = {
  name: 'ListParts',
  action: 's3:ListMultipartUploadParts',
  async handle(request, deps) {
    const r = objectRequest(request);
    const upload = await uploadOf(r, deps);
    const query = r.url.searchParams;
    const maxParts = Math.min(Number(query.get('max-parts') ?? 1000), 1000);
    const marker = Number(query.get('part-number-marker') ?? 0);
    if (!Number.isInteger(maxParts) || maxParts < 0 || !Number.isInteger(marker) || marker < 0) {
      throw S3Errors.invalidArgument('max-parts and part-number-marker must be non-negative integers');
    }
    const all = (await storeErrors(r, () => deps.objects.listParts(upload))).filter((p) => p.partNumber > marker);
    const page = all.slice(0, maxParts);
    const owner: XmlNode[] = [['ID', r.caller.arn], ['DisplayName', r.caller.userName]];
    return xml(xmlDocument('ListPartsResult', [
      ['Bucket', r.bucket], ['Key', r.key], ['UploadId', upload.uploadId],
      ['Initiator', owner], ['Owner', owner], ['StorageClass', 'STANDARD'],
      ['PartNumberMarker', marker], ['NextPartNumberMarker', page.at(-1)?.partNumber ?? marker], ['MaxParts', maxParts],
      ['IsTruncated', all.length > page.length],
      ...(upload.checksumAlgorithm ? [['ChecksumAlgorithm', upload.checksumAlgorithm] as const] : []),
      ...page.map((p): XmlNode => ['Part', [
        ['PartNumber', p.partNumber], ['LastModified', isoSeconds(p.lastModifiedMs)], ['ETag', p.etag], ['Size', p.size],
        ...(p.checksum ? [[`Checksum${p.checksum.algorithm}`, p.checksum.value] as const] : []),
      ]]),
    ]));
  },
};
