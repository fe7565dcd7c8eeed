/**
 * AWS Signature Version 4 verification, called by the HTTP server on every request before any
 * protocol decodes it. `verifySigV4` either returns who signed the request or throws an
 * `AuthFailure` whose `reason` each protocol maps to its own error through one table
 * (`AWS_JSON_AUTH_ERRORS`, `S3_AUTH_ERRORS`).
 *
 * Order of checks (cheap and key-independent first; the key store is asked once):
 *   1. structure of the header or presigned query      → MissingAuthentication, IncompleteSignature
 *   2. every `x-amz-*` header sent is signed           → IncompleteSignature
 *   3. credential scope date = request date            → SignatureMismatch
 *   4. request time within the skew / presign window   → RequestExpired
 *   5. key lookup, disabled key, session token, expiry → UnknownAccessKey, DisabledAccessKey, InvalidSessionToken
 *   6. the signature, compared in constant time        → SignatureMismatch (or PayloadHashMismatch for an unknown literal)
 *   7. a claimed `x-amz-content-sha256` is the body's  → PayloadHashMismatch
 *
 * What verification does not decide: whether the scope's region and service are the ones the
 * endpoint serves (`VerifiedCaller.region`/`.service` are returned for the protocol to check), and
 * whether the principal may call the operation (that is authorization, done later).
 *
 * Limitations, on purpose:
 * - Only `AWS4-HMAC-SHA256`. SigV4a (`AWS4-ECDSA-P256-SHA256`) and SigV2 are IncompleteSignature.
 * - For `STREAMING-AWS4-HMAC-SHA256-PAYLOAD` (S3 aws-chunked uploads) the seed signature over the
 *   headers is verified here, and `VerifiedCaller.signedChunks` verifies the chunk signatures of
 *   the body (a buffered one with `decode`, or chunk by chunk). It is also given for
 *   `STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER`, whose trailer a streaming decoder checks with
 *   `verifyTrailer`.
 * - `UNSIGNED-PAYLOAD` is accepted for every service, as AWS does for S3; a protocol that wants
 *   its bodies signed refuses `payloadHash === 'UNSIGNED-PAYLOAD'`.
 */
import { hash, timingSafeEqual } from 'node:crypto';
import { AuthFailure, AuthFailureReason } from './auth-failure.ts';
import { canonicalHeaders, canonicalPath, canonicalQuery } from './canonical.ts';
import { ALGORITHM, formatIsoBasic, isSignatureShaped, MAX_EXPIRES_SECONDS, parseSignature, type SignatureParts } from './parse-signature.ts';
import { checkClaimedPayload, signedPayloadHash } from './payload.ts';
import { SignedChunkDecoder } from './signed-chunks.ts';
import { hmacSha256, SigningKeyCache } from './signing-key-cache.ts';
import type { Credential, SignedRequest, VerifiedCaller, VerifyOptions } from './types.ts';

export { AuthFailure, AuthFailureReason, isAuthFailure } from './auth-failure.ts';
export { AWS_JSON_AUTH_ERRORS, S3_AUTH_ERRORS, describeAuthFailure } from './auth-errors.ts';
export type { AuthErrorEntry, AuthErrorShape, AuthErrorTable } from './auth-errors.ts';
export { SignedChunkDecoder } from './signed-chunks.ts';
export { SigningKeyCache } from './signing-key-cache.ts';
export type { Credential, SignedRequest, VerifiedCaller, VerifyOptions } from './types.ts';

/** AWS allows 5 minutes between the request's time and the server's, either way. */
export const DEFAULT_MAX_SKEW_MS = 5 * 60_000;

const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. '
  + 'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const INVALID_TOKEN = 'The security token included in the request is invalid.';
const SIGNED_CHUNKS = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD';

const sharedKeyCache = new SigningKeyCache();

/**
 * Verifies the SigV4 signature of `request` (header or presigned form) and returns the caller.
 * `lookup` finds an access key by ID (undefined when unknown); its own errors propagate as they are.
 * @throws AuthFailure when the request does not authenticate
 */
export async function verifySigV4(
  request: SignedRequest,
  lookup: (accessKeyId: string) => Promise<Credential | undefined>,
  options: VerifyOptions,
): Promise<VerifiedCaller> {
  const parts = parseSignature(request);
  checkAllAmzHeadersSigned(request, parts);
  checkTime(parts, options.now, options.maxSkewMs ?? DEFAULT_MAX_SKEW_MS);
  const credential = checkCredential(await lookup(parts.accessKeyId), parts, options.now);

  const payload = signedPayloadHash(request, parts);
  const canonicalRequest = `${request.method}\n${canonicalPath(request.path, parts.service)}\n${canonicalQuery(parts.query)}\n`
    + `${canonicalHeaders(request.headers, parts.signedHeaders)}\n${parts.signedHeaders.join(';')}\n${payload.hash}`;
  const stringToSign = `${ALGORITHM}\n${parts.amzDate}\n${parts.scope}\n${hash('sha256', canonicalRequest)}`;
  const signingKey = (options.keyCache ?? sharedKeyCache).get(credential.secretAccessKey, parts.scope.slice(0, 8), parts.region, parts.service);
  const expected = hmacSha256(signingKey, stringToSign).toString('hex');
  if (!signaturesEqual(expected, parts.signature)) {
    throw new AuthFailure(AuthFailureReason.SignatureMismatch, SIGNATURE_MISMATCH, {
      presigned: parts.presigned,
      details: { AWSAccessKeyId: parts.accessKeyId, SignatureProvided: parts.signature, StringToSign: stringToSign, CanonicalRequest: canonicalRequest },
    });
  }
  if (payload.claimed) checkClaimedPayload(request, parts, payload.hash);

  return {
    accessKeyId: credential.accessKeyId,
    principal: credential.principal,
    region: parts.region,
    service: parts.service,
    signedHeaders: parts.signedHeaders,
    ...(credential.sessionToken !== undefined && { sessionToken: credential.sessionToken }),
    presigned: parts.presigned,
    payloadHash: payload.hash,
    ...(payload.hash.startsWith(SIGNED_CHUNKS) && { signedChunks: new SignedChunkDecoder(signingKey, parts.amzDate, parts.scope, parts.signature) }),
  };
}

/**
 * Headers named `x-amz-*` change what a request does (`x-amz-target` picks the operation,
 * `x-amz-copy-source` the S3 source), so each one sent must be signed, as S3 requires. Exempt are
 * the ones the signature covers anyway: `x-amz-content-sha256` (the payload line) and, in the header
 * form, `x-amz-date` (the string to sign); and outside S3 the security token, which AWS lets some
 * clients add after signing and which is compared with the key's own.
 */
function checkAllAmzHeadersSigned(request: SignedRequest, parts: SignatureParts): void {
  const unsigned = Object.keys(request.headers).filter((name) => name.startsWith('x-amz-')
    && !parts.signedHeaders.includes(name)
    && name !== 'x-amz-content-sha256'
    && !(name === 'x-amz-date' && !parts.presigned)
    && !(name === 'x-amz-security-token' && parts.service !== 's3'));
  if (unsigned.length === 0) return;
  throw new AuthFailure(AuthFailureReason.IncompleteSignature, `There were headers present in the request which were not signed: ${unsigned.join(', ')}.`, {
    presigned: parts.presigned,
    details: { HeadersNotSigned: unsigned.join(', ') },
  });
}

function checkTime(parts: SignatureParts, now: number, maxSkewMs: number): void {
  const day = parts.amzDate.slice(0, 8);
  if (parts.scope.slice(0, 8) !== day) {
    throw new AuthFailure(
      AuthFailureReason.SignatureMismatch,
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${parts.scope.slice(0, 8)}' != '${day}', from '${parts.amzDate}'.`,
      { presigned: parts.presigned },
    );
  }
  const expired = (message: string, details: Record<string, string>): AuthFailure =>
    new AuthFailure(AuthFailureReason.RequestExpired, message, { presigned: parts.presigned, details: { ...details, ServerTime: new Date(now).toISOString() } });
  const minutes = `${maxSkewMs / 60_000} min.`;
  if (parts.expiresSeconds === undefined) {
    if (now - parts.signedAtMs > maxSkewMs) {
      throw expired(`Signature expired: ${parts.amzDate} is now earlier than ${formatIsoBasic(now - maxSkewMs)} (${formatIsoBasic(now)} - ${minutes})`,
        { RequestTime: parts.amzDate, MaxAllowedSkewMilliseconds: String(maxSkewMs) });
    }
    if (parts.signedAtMs - now > maxSkewMs) {
      throw expired(`Signature not yet current: ${parts.amzDate} is still later than ${formatIsoBasic(now + maxSkewMs)} (${formatIsoBasic(now)} + ${minutes})`,
        { RequestTime: parts.amzDate, MaxAllowedSkewMilliseconds: String(maxSkewMs) });
    }
    return;
  }
  const expiresAt = parts.signedAtMs + parts.expiresSeconds * 1000;
  const presignDetails = { 'X-Amz-Expires': String(parts.expiresSeconds), Expires: new Date(expiresAt).toISOString() };
  if (parts.expiresSeconds > MAX_EXPIRES_SECONDS) {
    throw expired(`X-Amz-Expires must be less than a week (in seconds) that is ${MAX_EXPIRES_SECONDS}`, presignDetails);
  }
  if (parts.signedAtMs - now > maxSkewMs) throw expired('Request is not yet valid', presignDetails);
  if (now > expiresAt) throw expired('Request has expired', presignDetails);
}

/** Checks the key is known, enabled and unexpired, and that the session token is the key's own. */
function checkCredential(credential: Credential | undefined, parts: SignatureParts, now: number): Credential {
  const fail = (reason: AuthFailureReason, message: string): AuthFailure =>
    new AuthFailure(reason, message, { presigned: parts.presigned, details: { AWSAccessKeyId: parts.accessKeyId } });
  if (credential === undefined) throw fail(AuthFailureReason.UnknownAccessKey, INVALID_TOKEN);
  if (credential.disabled === true) throw fail(AuthFailureReason.DisabledAccessKey, 'The access key is disabled.');
  if (credential.sessionToken === undefined) {
    if (parts.sessionToken !== undefined) throw fail(AuthFailureReason.InvalidSessionToken, INVALID_TOKEN);
  } else if (parts.sessionToken === undefined || !secretsEqual(credential.sessionToken, parts.sessionToken)) {
    throw fail(AuthFailureReason.InvalidSessionToken, INVALID_TOKEN);
  }
  if (credential.expiresAt !== undefined && now >= credential.expiresAt) {
    throw fail(AuthFailureReason.InvalidSessionToken, 'The security token included in the request is expired');
  }
  return credential;
}

/** Constant-time comparison of the computed and the provided signature (both 64 hex digits). */
function signaturesEqual(expectedHex: string, provided: string): boolean {
  return isSignatureShaped(provided) && timingSafeEqual(Buffer.from(expectedHex, 'latin1'), Buffer.from(provided, 'latin1'));
}

/** Constant-time for equal lengths; a length difference already says they differ. */
function secretsEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
