/**
 * Where an S3 request points: path-style (`/<bucket>/<key>`) or virtual-hosted style (Host
 * `<bucket>.<suffix>` for a configured suffix such as `localhost`, path `/<key>`). The key is the
 * percent-decoded rest of the path; `/` inside a key is literal.
 */
import { S3Error } from './errors.ts';

export interface S3Address { bucket?: string; key?: string }

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new S3Error('InvalidURI', 400, "Couldn't parse the specified URI.");
  }
}

/** The bucket a Host header names in virtual-hosted style, or undefined for path-style. */
function virtualBucket(host: string | null, suffixes: readonly string[]): string | undefined {
  if (host === null) return undefined;
  const name = host.replace(/:\d+$/, '').toLowerCase();
  for (const suffix of suffixes) {
    if (name.endsWith(`.${suffix}`) && name.length > suffix.length + 1) return name.slice(0, -suffix.length - 1);
  }
  return undefined;
}

/** The bucket and key of a request, from its raw (still percent-encoded) path and its Host header. */
export function addressOf(path: string, host: string | null, virtualHostSuffixes: readonly string[]): S3Address {
  const hosted = virtualBucket(host, virtualHostSuffixes);
  if (hosted !== undefined) {
    const key = path.length > 1 ? decode(path.slice(1)) : undefined;
    return { bucket: hosted, ...(key !== undefined && { key }) };
  }
  const rest = path.slice(1);
  if (rest === '') return {};
  const slash = rest.indexOf('/');
  if (slash < 0) return { bucket: decode(rest) };
  const bucket = decode(rest.slice(0, slash));
  const key = rest.slice(slash + 1);
  return key === '' ? { bucket } : { bucket, key: decode(key) };
}
