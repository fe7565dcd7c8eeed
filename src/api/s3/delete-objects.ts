/**
 * DeleteObjects (`POST /<bucket>?delete`): up to 1,000 keys in one request, each authorized as
 * s3:DeleteObject on its own ARN; a refused or invalid key is an `<Error>` entry of the result,
 * not a failure of the request. `<Quiet>true</Quiet>` leaves the deleted keys out.
 */
import { keyProblem } from '../../artifacts/objects/fs-paths.ts';
import { readSmallBody } from './body.ts';
import { s3Arn, type S3Operation } from './context.ts';
import { S3Error, S3Errors } from './errors.ts';
import { parseXml, xmlDocument, type XmlNode } from './xml.ts';

const MAX_KEYS = 1000;
const MAX_BODY_BYTES = 2 * 1024 * 1024;

function keysOf(body: Buffer): { keys: string[]; quiet: boolean } {
  const doc = parseXml(body.toString('utf8'))?.Delete as { Object?: { Key?: unknown }[]; Quiet?: unknown } | undefined;
  if (!doc) throw S3Errors.malformedXml();
  const keys = (doc.Object ?? []).map((o) => o.Key);
  if (keys.length === 0 || keys.some((k) => typeof k !== 'string')) throw S3Errors.malformedXml();
  if (keys.length > MAX_KEYS) throw S3Errors.malformedXml();
  return { keys: keys as string[], quiet: doc.Quiet === 'true' };
}

export const deleteObjects: S3Operation = {
  name: 'DeleteObjects',
  // Each key is authorized as s3:DeleteObject below.
  async handle(request, deps) {
    const bucket = request.bucket ?? '';
    if (!request.headers.has('content-md5') && ![...request.headers.keys()].some((h) => h.startsWith('x-amz-checksum-'))) {
      throw new S3Error('InvalidRequest', 400, 'Missing required header for this request: Content-MD5 or x-amz-checksum-*');
    }
    const { keys, quiet } = keysOf(await readSmallBody(request, MAX_BODY_BYTES));
    if (!await deps.objects.bucketExists(bucket)) throw S3Errors.noSuchBucket(bucket);
    const results: XmlNode[] = [];
    for (const key of keys) {
      if (!await request.can('s3:DeleteObject', s3Arn(bucket, key))) {
        results.push(['Error', [['Key', key], ['Code', 'AccessDenied'], ['Message', 'Access Denied']]]);
        continue;
      }
      if (keyProblem(key) === undefined) await deps.objects.delete(bucket, key);
      if (!quiet) results.push(['Deleted', [['Key', key]]]);
    }
    return new Response(xmlDocument('DeleteResult', results), { status: 200, headers: { 'content-type': 'application/xml' } });
  },
};
