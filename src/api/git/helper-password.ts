/**
 * The password `aws codecommit credential-helper` computes (awscli's
 * `customizations/codecommit.py`): a SigV4 signature over a fixed canonical request for the
 * repository URL, made locally with the user's secret key, so no long-lived password exists.
 *
 *   username = <access key id>[%<session token>]
 *   password = <YYYYMMDDTHHMMSS>Z<hex signature>
 *
 *   canonical request = "GIT\n<path>\n\nhost:<host without port>\n\nhost\n"
 *   string to sign    = "AWS4-HMAC-SHA256\n<YYYYMMDDTHHMMSS>\n<YYYYMMDD>/<region>/codecommit/aws4_request\n<hex sha256 of canonical request>"
 *
 * (The timestamp in the string to sign has no `Z`, unlike a request's `X-Amz-Date`: the helper
 * signs with `strftime('%Y%m%dT%H%M%S')`.)
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { deriveSigningKey, hmacSha256 } from '../auth/signing-key-cache.ts';
import { parseIsoBasic } from '../auth/parse-signature.ts';

/** How far a password's timestamp may be from the server's clock, either way: SigV4's skew. */
export const HELPER_PASSWORD_SKEW_MS = 15 * 60_000;

const PASSWORD = /^(\d{8}T\d{6})Z([0-9a-f]{64})$/;

export interface HelperSigningInput {
  secretAccessKey: string;
  region: string;
  /** The Host the client connected to; the port is not signed. */
  host: string;
  /** The repository path, `/v1/repos/<name>`. */
  path: string;
  /** `YYYYMMDDTHHMMSS`, UTC. */
  timestamp: string;
}

/** The hex signature the credential helper computes. */
export function helperSignature(input: HelperSigningInput): string {
  const hostname = input.host.split(':')[0] ?? '';
  const canonical = `GIT\n${input.path}\n\nhost:${hostname}\n\nhost\n`;
  const date = input.timestamp.slice(0, 8);
  const scope = `${date}/${input.region}/codecommit/aws4_request`;
  const toSign = `AWS4-HMAC-SHA256\n${input.timestamp}\n${scope}\n${createHash('sha256').update(canonical, 'utf8').digest('hex')}`;
  return hmacSha256(deriveSigningKey(input.secretAccessKey, date, input.region, 'codecommit'), toSign).toString('hex');
}

/** `YYYYMMDDTHHMMSS` of an epoch-ms time. */
export function helperTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, '');
}

/** The password the helper would print at `ms` (for tests and `sluice git-credentials`). */
export function helperPassword(input: Omit<HelperSigningInput, 'timestamp'>, ms: number): string {
  const timestamp = helperTimestamp(ms);
  return `${timestamp}Z${helperSignature({ ...input, timestamp })}`;
}

/** Whether a password is shaped like the helper's (so it is not tried as a stored password). */
export function isHelperPassword(password: string): boolean {
  return PASSWORD.test(password);
}

/** True when `password` is the helper's for this key and URL, signed within the allowed skew of `now`. */
export function verifyHelperPassword(password: string, input: Omit<HelperSigningInput, 'timestamp'>, now: number): boolean {
  const match = PASSWORD.exec(password);
  const [, timestamp = '', signature = ''] = match ?? [];
  const signedAt = parseIsoBasic(`${timestamp}Z`);
  if (signedAt === undefined || Math.abs(now - signedAt) > HELPER_PASSWORD_SKEW_MS) return false;
  const expected = Buffer.from(helperSignature({ ...input, timestamp }), 'hex');
  return timingSafeEqual(expected, Buffer.from(signature, 'hex'));
}
