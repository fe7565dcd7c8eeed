/**
 * ListObjectsV2 and ListObjects (version 1): prefix, delimiter (common prefixes), max-keys (at most
 * 1,000), paging by continuation token / start-after (V2) or marker (V1), and `encoding-type=url`.
 * Documents carry S3's elements in S3's order. A continuation token is the base64 of the last key
 * or common prefix returned: opaque to clients, as S3's are, and stable across server restarts.
 */
import { createHash } from 'node:crypto';
import type { ListPage, ObjectInfo } from '../../artifacts/objects/ports.ts';
import { isObjectStoreError } from '../../artifacts/objects/ports.ts';
import type { S3Deps, S3Operation, S3Request } from './context.ts';
import { fromStoreError, S3Errors } from './errors.ts';
import { isoSeconds, xmlDocument, type XmlNode } from './xml.ts';

const MAX_KEYS = 1000;

interface Common { bucket: string; prefix: string; delimiter?: string; maxKeys: number; encode: (text: string) => string; urlEncoded: boolean }

function common(request: S3Request): Common {
  const query = request.url.searchParams;
  const bucket = request.bucket ?? '';
  const rawMax = query.get('max-keys');
  const maxKeys = rawMax === null ? MAX_KEYS : Number(rawMax);
  if (!/^\d+$/.test(rawMax ?? '0') || !Number.isSafeInteger(maxKeys)) {
    throw S3Errors.invalidArgument('Provided max-keys not an integer or within integer range', 'max-keys', rawMax ?? '');
  }
  const encoding = query.get('encoding-type');
  if (encoding !== null && encoding !== 'url') throw S3Errors.invalidArgument('Invalid Encoding Method specified in Request', 'encoding-type', encoding);
  const delimiter = query.get('delimiter') || undefined;
  return {
    bucket, prefix: query.get('prefix') ?? '', maxKeys: Math.min(maxKeys, MAX_KEYS), urlEncoded: encoding === 'url',
    encode: encoding === 'url' ? (text) => encodeURIComponent(text).replace(/%2F/g, '/') : (text) => text,
    ...(delimiter !== undefined && { delimiter }),
  };
}

async function page(deps: S3Deps, c: Common, after: string | undefined): Promise<ListPage> {
  try {
    return await deps.objects.list(c.bucket, { prefix: c.prefix, maxKeys: c.maxKeys, ...(c.delimiter !== undefined && { delimiter: c.delimiter }), ...(after !== undefined && { after }) });
  } catch (e) {
    if (isObjectStoreError(e)) throw fromStoreError(e, { BucketName: c.bucket });
    throw e;
  }
}

function contents(objects: readonly ObjectInfo[], c: Common, owner?: readonly XmlNode[]): XmlNode[] {
  return objects.map((o) => ['Contents', [
    ['Key', c.encode(o.key)], ['LastModified', isoSeconds(o.lastModifiedMs)], ['ETag', o.etag], ['Size', o.size],
    ...(owner ? [['Owner', owner] as const] : []), ['StorageClass', 'STANDARD'],
  ]]);
}

const prefixes = (found: readonly string[], c: Common): XmlNode[] => found.map((p) => ['CommonPrefixes', [['Prefix', c.encode(p)]]]);

function xmlResponse(body: string): Response {
  return new Response(body, { status: 200, headers: { 'content-type': 'application/xml' } });
}

/** The owner element S3 lists: a canonical user id (64 hex digits, derived from the account) and the account as name. */
export function ownerOf(deps: S3Deps): XmlNode[] {
  return [['ID', createHash('sha256').update(deps.accountId).digest('hex')], ['DisplayName', deps.accountId]];
}

function listConditions(request: S3Request): Record<string, string> {
  const query = request.url.searchParams;
  return { 's3:prefix': query.get('prefix') ?? '', 's3:delimiter': query.get('delimiter') ?? '', 's3:max-keys': query.get('max-keys') ?? String(MAX_KEYS) };
}

export const listObjectsV2: S3Operation = {
  name: 'ListObjectsV2',
  action: 's3:ListBucket',
  conditions: listConditions,
  async handle(request, deps) {
    const c = common(request);
    const query = request.url.searchParams;
    const token = query.get('continuation-token');
    const startAfter = query.get('start-after') ?? undefined;
    let after = startAfter;
    if (token !== null) {
      const decoded = Buffer.from(token, 'base64').toString('utf8');
      if (token === '' || Buffer.from(decoded, 'utf8').toString('base64') !== token) throw S3Errors.invalidArgument('The continuation token provided is incorrect', 'continuation-token', token);
      after = startAfter !== undefined && startAfter > decoded ? startAfter : decoded;
    }
    const found = await page(deps, c, after);
    const next = found.isTruncated && found.last !== undefined ? Buffer.from(found.last, 'utf8').toString('base64') : undefined;
    const owner = query.get('fetch-owner') === 'true' ? ownerOf(deps) : undefined;
    return xmlResponse(xmlDocument('ListBucketResult', [
      ['Name', c.bucket], ['Prefix', c.encode(c.prefix)], ['ContinuationToken', token ?? undefined], ['NextContinuationToken', next],
      ['StartAfter', startAfter === undefined ? undefined : c.encode(startAfter)],
      ['KeyCount', found.objects.length + found.commonPrefixes.length], ['MaxKeys', c.maxKeys],
      ['Delimiter', c.delimiter === undefined ? undefined : c.encode(c.delimiter)], ['EncodingType', c.urlEncoded ? 'url' : undefined],
      ['IsTruncated', found.isTruncated],
      ...contents(found.objects, c, owner), ...prefixes(found.commonPrefixes, c),
    ]));
  },
};

export const listObjects: S3Operation = {
  name: 'ListObjects',
  action: 's3:ListBucket',
  conditions: listConditions,
  async handle(request, deps) {
    const c = common(request);
    const marker = request.url.searchParams.get('marker') ?? '';
    const found = await page(deps, c, marker === '' ? undefined : marker);
    // S3 sends NextMarker only with a delimiter; without one the last key is the next marker.
    const nextMarker = found.isTruncated && c.delimiter !== undefined ? found.last : undefined;
    return xmlResponse(xmlDocument('ListBucketResult', [
      ['Name', c.bucket], ['Prefix', c.encode(c.prefix)], ['Marker', c.encode(marker)],
      ['NextMarker', nextMarker === undefined ? undefined : c.encode(nextMarker)], ['MaxKeys', c.maxKeys],
      ['Delimiter', c.delimiter === undefined ? undefined : c.encode(c.delimiter)], ['EncodingType', c.urlEncoded ? 'url' : undefined],
      ['IsTruncated', found.isTruncated],
      ...contents(found.objects, c, ownerOf(deps)), ...prefixes(found.commonPrefixes, c),
    ]));
  },
};
