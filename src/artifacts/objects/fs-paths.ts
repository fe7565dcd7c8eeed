/**
 * Where objects live on disk: `<root>/<bucket>/<key>`, the artifact store's own layout, so the
 * S3 endpoint serves exactly the files the built-in actions write. A key is a relative path, so
 * only keys that name one file unambiguously are accepted (see `keyProblem`).
 */
import { resolve, sep } from 'node:path';

/** Longest key S3 accepts, in UTF-8 bytes. */
export const MAX_KEY_BYTES = 1024;
/** Longest file name most file systems accept, in bytes. */
const MAX_SEGMENT_BYTES = 255;
const LOOSE_BUCKET = /^[A-Za-z0-9._-]{1,255}$/;
const STRICT_BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * Why `key` cannot be stored as a file, or undefined when it can. Refused: empty segments (`a//b`,
 * a leading or trailing `/`: they would alias other keys), `.` and `..` segments (they would leave
 * the bucket), NUL, and segments longer than a file name may be.
 */
export function keyProblem(key: string): string | undefined {
  if (key === '') return 'The key is empty.';
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) return `The key is longer than ${MAX_KEY_BYTES} bytes.`;
  if (key.includes('\0')) return 'The key contains a NUL character.';
  for (const segment of key.split('/')) {
    if (segment === '') return 'Sluice stores objects as files: a key may not start or end with "/" or contain "//".';
    if (segment === '.' || segment === '..') return 'Sluice stores objects as files: a key may not have "." or ".." as a path segment.';
    if (Buffer.byteLength(segment, 'utf8') > MAX_SEGMENT_BYTES) return `Sluice stores objects as files: each "/"-separated part of a key is at most ${MAX_SEGMENT_BYTES} bytes.`;
  }
  return undefined;
}

/** True for a name an existing bucket folder may have (artifact stores are named by pipelines). */
export function isBucketName(name: string): boolean {
  return LOOSE_BUCKET.test(name) && name !== '.' && name !== '..';
}

/** True for a name CreateBucket accepts: S3's rules for new buckets (3–63 characters, lower case, no `..`, not an IP address). */
export function isNewBucketName(name: string): boolean {
  return STRICT_BUCKET.test(name) && !name.includes('..') && !/^\d+\.\d+\.\d+\.\d+$/.test(name);
}

/** Maps buckets and keys to absolute paths below `root`; throws on a name that would leave it. */
export function makePaths(root: string): { root: string; bucket(bucket: string): string; object(bucket: string, key: string): string } {
  const absoluteRoot = resolve(root);
  const inside = (path: string, what: string): string => {
    if (!path.startsWith(absoluteRoot + sep)) throw new Error(`Invalid object location ${what}`);
    return path;
  };
  return {
    root: absoluteRoot,
    bucket(bucket) {
      if (!isBucketName(bucket)) throw new Error(`Invalid bucket name ${bucket}`);
      return inside(resolve(absoluteRoot, bucket), bucket);
    },
    object(bucket, key) {
      if (!isBucketName(bucket) || keyProblem(key) !== undefined) throw new Error(`Invalid object location ${bucket}/${key}`);
      return inside(resolve(absoluteRoot, bucket, key), `${bucket}/${key}`);
    },
  };
}
