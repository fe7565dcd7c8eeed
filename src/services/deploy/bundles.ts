/**
 * Revision bundles: a deployment's S3 revision is pinned when the deployment is created — the
 * object must exist on Sluice's own S3 endpoint, and its ETag, version and SHA-256 are recorded so
 * every host installs the very same bytes.
 */
import { SluiceError } from '../../model/errors.ts';
import type { Bundle, BundleType, RevisionLocation } from '../../model/deploy/deployment.ts';

/** Reads an object of the artifact store's S3 endpoint. */
export interface BundleReader {
  /** The object's ETag, version and SHA-256 of its bytes; undefined when there is no such object (or version). */
  describe(bucket: string, key: string, version?: string): Promise<{ eTag: string; version?: string; sha256: string } | undefined>;
}

const BUNDLE_TYPES: ReadonlySet<string> = new Set(['zip', 'tar', 'tgz']);

interface RevisionInput {
  revisionType?: string;
  s3Location?: { bucket?: string; key?: string; bundleType?: string; version?: string; eTag?: string };
}

/** Checks an S3 revision and pins it; other revision types are refused with InvalidRevisionException. */
export async function pinRevision(reader: BundleReader, input: RevisionInput | undefined): Promise<{ revision: RevisionLocation; bundle: Bundle }> {
  if (!input) throw new SluiceError('RevisionRequiredException', 'The revision must be specified.');
  if (input.revisionType !== 'S3') {
    throw new SluiceError('InvalidRevisionException', `Sluice deploys revisions stored on its S3 endpoint (revisionType S3); ${input.revisionType ?? 'no revision type'} is not supported.`);
  }
  const s3 = input.s3Location;
  if (!s3?.bucket || !s3.key) throw new SluiceError('InvalidRevisionException', 'An S3 revision needs s3Location with a bucket and a key.');
  if (!s3.bundleType || !BUNDLE_TYPES.has(s3.bundleType)) {
    throw new SluiceError('InvalidRevisionException', `The bundle type of an S3 revision must be zip, tar or tgz; got ${s3.bundleType ?? 'none'}.`);
  }
  const found = await reader.describe(s3.bucket, s3.key, s3.version);
  if (!found) throw new SluiceError('RevisionDoesNotExistException', `No revision found at s3://${s3.bucket}/${s3.key}${s3.version ? ` (version ${s3.version})` : ''}.`);
  if (s3.eTag !== undefined && s3.eTag.replaceAll('"', '') !== found.eTag.replaceAll('"', '')) {
    throw new SluiceError('InvalidRevisionException', `The ETag ${s3.eTag} does not match the object at s3://${s3.bucket}/${s3.key}, whose ETag is ${found.eTag}.`);
  }
  const bundleType = s3.bundleType as BundleType;
  const location = { bucket: s3.bucket, key: s3.key, bundleType, ...(s3.version !== undefined && { version: s3.version }), ...(s3.eTag !== undefined && { eTag: s3.eTag }) };
  return {
    revision: { revisionType: 'S3', s3Location: location },
    bundle: { bucket: s3.bucket, key: s3.key, bundleType, eTag: found.eTag, sha256: found.sha256, ...(found.version !== undefined && { version: found.version }) },
  };
}

/** Identifies a revision within its application (registered revisions, "current revision" of a host). */
export function revisionKeyOf(location: { bucket: string; key: string; version?: string; eTag?: string }): string {
  return JSON.stringify([location.bucket, location.key, location.version ?? '', (location.eTag ?? '').replaceAll('"', '')]);
}
