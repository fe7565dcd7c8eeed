/**
 * The payload line of the canonical request, and the check that a claimed body hash is the
 * body's. A client either lets the verifier hash the body (no `x-amz-content-sha256`), claims a
 * hash in `x-amz-content-sha256` (which then must match the body), or opts out with one of the
 * literal values below.
 */
import { hash } from 'node:crypto';
import { AuthFailure, AuthFailureReason } from './auth-failure.ts';
import type { SignatureParts } from './parse-signature.ts';
import type { SignedRequest } from './types.ts';

export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
/** aws-chunked bodies; only S3 takes them. */
const S3_STREAMING = new Set([
  'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
]);
const HEX_SHA256 = /^[0-9a-fA-F]{64}$/;

/** Hex SHA-256 of the body: the server's own figure when given, else hashed here. */
export function bodySha256(request: SignedRequest): string {
  if (request.payloadSha256 !== undefined) return request.payloadSha256.toLowerCase();
  if (request.body === undefined || request.body.byteLength === 0) return EMPTY_SHA256;
  return hash('sha256', request.body);
}

/**
 * The payload hash the signature covers. A presigned S3 URL signs `UNSIGNED-PAYLOAD` unless it
 * names a hash (the JavaScript SDK hoists `x-amz-content-sha256` into the query); any other
 * request without a claim signs the body's hash.
 */
export function signedPayloadHash(request: SignedRequest, parts: SignatureParts): { hash: string; claimed: boolean } {
  const claimed = request.headers['x-amz-content-sha256']
    ?? (parts.presigned ? parts.query.find((p) => p.key.toLowerCase() === 'x-amz-content-sha256')?.value : undefined);
  if (claimed === undefined) {
    return { hash: parts.presigned && parts.service === 's3' ? UNSIGNED_PAYLOAD : bodySha256(request), claimed: false };
  }
  if (HEX_SHA256.test(claimed) || claimed === UNSIGNED_PAYLOAD || (parts.service === 's3' && S3_STREAMING.has(claimed))) {
    return { hash: claimed, claimed: true };
  }
  throw new AuthFailure(
    AuthFailureReason.PayloadHashMismatch,
    parts.service === 's3'
      ? 'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER or a valid sha256 value.'
      : 'x-amz-content-sha256 must be UNSIGNED-PAYLOAD or a valid sha256 value.',
    { presigned: parts.presigned, details: { ClientComputedContentSHA256: claimed } },
  );
}

/** Throws `PayloadHashMismatch` when the client claimed a hash in `x-amz-content-sha256` that is not the body's. */
export function checkClaimedPayload(request: SignedRequest, parts: SignatureParts, payloadHash: string): void {
  if (!HEX_SHA256.test(payloadHash)) return;
  const actual = bodySha256(request);
  if (actual === payloadHash.toLowerCase()) return;
  throw new AuthFailure(
    AuthFailureReason.PayloadHashMismatch,
    `The provided 'x-amz-content-sha256' header does not match what was computed.`,
    { presigned: parts.presigned, details: { ClientComputedContentSHA256: payloadHash, S3ComputedContentSHA256: actual } },
  );
}
