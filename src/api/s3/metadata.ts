/**
 * Object metadata on the wire: read from a PutObject or CreateMultipartUpload request's headers,
 * written back as GetObject and HeadObject response headers (with the `response-*` query
 * overrides S3 allows on signed reads).
 */
import type { ObjectInfo, ObjectMetadata } from '../../artifacts/objects/ports.ts';
import { S3Error } from './errors.ts';

/** S3's limit on user metadata: names and values of `x-amz-meta-*`, in UTF-8 bytes. */
export const MAX_USER_METADATA_BYTES = 2048;
/** What S3 answers when an object was stored without a Content-Type. */
export const DEFAULT_CONTENT_TYPE = 'binary/octet-stream';

const STANDARD: readonly [keyof ObjectMetadata, string][] = [
  ['contentType', 'content-type'], ['contentDisposition', 'content-disposition'], ['contentLanguage', 'content-language'],
  ['cacheControl', 'cache-control'], ['expires', 'expires'],
];

/** What the client asks to store with the object. @throws S3Error MetadataTooLarge */
export function metadataFrom(headers: Headers): ObjectMetadata {
  const metadata: ObjectMetadata = { userMetadata: {} };
  for (const [field, header] of STANDARD) {
    const value = headers.get(header);
    if (value !== null) (metadata as unknown as Record<string, string>)[field] = value;
  }
  // aws-chunked is how the body travelled, not how the object is encoded.
  const encoding = headers.get('content-encoding')?.split(',').map((e) => e.trim()).filter((e) => e !== '' && e !== 'aws-chunked').join(', ');
  if (encoding) metadata.contentEncoding = encoding;
  let bytes = 0;
  headers.forEach((value, name) => {
    if (!name.startsWith('x-amz-meta-')) return;
    const key = name.slice('x-amz-meta-'.length);
    metadata.userMetadata[key] = value;
    bytes += Buffer.byteLength(key, 'utf8') + Buffer.byteLength(value, 'utf8');
  });
  if (bytes > MAX_USER_METADATA_BYTES) {
    throw new S3Error('MetadataTooLarge', 400, 'Your metadata headers exceed the maximum allowed metadata size.',
      { Size: String(bytes), MaxSizeAllowed: String(MAX_USER_METADATA_BYTES) });
  }
  return metadata;
}

const OVERRIDES: readonly [string, string][] = [
  ['response-content-type', 'content-type'], ['response-content-language', 'content-language'], ['response-expires', 'expires'],
  ['response-cache-control', 'cache-control'], ['response-content-disposition', 'content-disposition'], ['response-content-encoding', 'content-encoding'],
];

/** The headers describing an object in a GetObject or HeadObject response. */
export function objectHeaders(info: ObjectInfo, query: URLSearchParams, checksumMode: boolean): Headers {
  const headers = new Headers({
    'etag': info.etag,
    'last-modified': new Date(info.lastModifiedMs).toUTCString(),
    'accept-ranges': 'bytes',
    'content-type': info.contentType ?? DEFAULT_CONTENT_TYPE,
  });
  for (const [field, header] of STANDARD) {
    const value = info[field];
    if (typeof value === 'string') headers.set(header, value);
  }
  if (info.contentEncoding !== undefined) headers.set('content-encoding', info.contentEncoding);
  if (info.versionId !== undefined) headers.set('x-amz-version-id', info.versionId);
  for (const [name, value] of Object.entries(info.userMetadata)) headers.set(`x-amz-meta-${name}`, value);
  for (const [parameter, header] of OVERRIDES) {
    const value = query.get(parameter);
    if (value !== null) headers.set(header, value);
  }
  if (checksumMode && info.checksum) {
    headers.set(`x-amz-checksum-${info.checksum.algorithm.toLowerCase()}`, info.checksum.value);
    headers.set('x-amz-checksum-type', 'FULL_OBJECT');
  }
  return headers;
}
