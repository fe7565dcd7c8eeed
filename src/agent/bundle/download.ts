/**
 * Fetches a revision from the server's S3 endpoint with the agent's credentials, pinned by
 * `versionId` and `If-Match` when the deployment names a version or an ETag, and verifies its
 * SHA-256 while it streams to disk. A bundle that does not match is removed and refused.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { DeploymentSpecification } from '../../model/deploy/host-commands.ts';
import type { SignedHttp } from '../aws/signed-http.ts';

export class BundleMismatchError extends Error {
  override name = 'BundleMismatchError';
}

export async function downloadBundle(http: SignedHttp, revision: DeploymentSpecification['Revision']['S3Revision'], file: string, signal?: AbortSignal): Promise<number> {
  const query: Record<string, string> = revision.Version ? { versionId: revision.Version } : {};
  const headers: Record<string, string> = revision.ETag ? { 'if-match': quoted(revision.ETag) } : {};
  const response = await http.getObject(revision.Bucket, revision.Key, query, headers, signal);
  const etag = response.headers.get('etag');
  if (revision.ETag && etag !== null && unquoted(etag) !== unquoted(revision.ETag)) {
    throw new BundleMismatchError(`s3://${revision.Bucket}/${revision.Key} has ETag ${etag}, the deployment expects ${revision.ETag}`);
  }
  await mkdir(dirname(file), { recursive: true });
  const hash = createHash('sha256');
  let bytes = 0;
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  if (!response.body) throw new BundleMismatchError(`s3://${revision.Bucket}/${revision.Key} came back without a body`);
  await pipeline(Readable.fromWeb(response.body), hashing, createWriteStream(file), ...(signal ? [{ signal }] : []));
  const sha256 = hash.digest('hex');
  if (sha256 !== revision.Sha256.toLowerCase()) {
    await rm(file, { force: true });
    throw new BundleMismatchError(`s3://${revision.Bucket}/${revision.Key} has SHA-256 ${sha256}, the deployment expects ${revision.Sha256}; the bundle was changed after the deployment was created`);
  }
  return bytes;
}

const unquoted = (etag: string): string => etag.replace(/^W\//, '').replace(/^"|"$/g, '');
const quoted = (etag: string): string => `"${unquoted(etag)}"`;
