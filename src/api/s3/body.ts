/**
 * Request bodies of S3 uploads (PutObject, UploadPart), streamed to a staged file and checked on
 * the way, never held in memory:
 *
 * - the payload hash the signature covers (`x-amz-content-sha256`: a hex SHA-256 must be the
 *   body's → XAmzContentSHA256Mismatch);
 * - aws-chunked bodies (`STREAMING-…`): decoded, chunk signatures checked, trailers read, and the
 *   decoded length compared with `x-amz-decoded-content-length`;
 * - `Content-MD5` → InvalidDigest when malformed, BadDigest when it is not the body's;
 * - additional checksums (`x-amz-checksum-<algorithm>` as a header or a trailer, or only announced
 *   with `x-amz-sdk-checksum-algorithm`): computed, compared when a value was sent (→ BadDigest),
 *   and kept with the object.
 *
 * A body that fails a check is discarded; nothing becomes visible.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { ChecksumAlgorithm, isChecksumAlgorithm, makeChecksum } from '../../artifacts/objects/checksums.ts';
import { isObjectStoreError, type StagedBody } from '../../artifacts/objects/ports.ts';
import { decodeAwsChunked } from './chunked.ts';
import type { S3Deps, S3Request } from './context.ts';
import { fromStoreError, S3Error, S3Errors } from './errors.ts';

export interface StagedUpload {
  staged: StagedBody;
  checksum?: { algorithm: ChecksumAlgorithm; value: string };
}

const HEX_SHA256 = /^[0-9a-fA-F]{64}$/;

/** The checksum algorithm the request announces, and the value it sends in a header (if any). */
function announcedChecksum(headers: Headers): { algorithm?: ChecksumAlgorithm; value?: string; inTrailer: boolean } {
  const trailer = headers.get('x-amz-trailer')?.trim().toLowerCase();
  const fromName = (name: string): ChecksumAlgorithm | undefined => {
    const upper = name.replace(/^x-amz-checksum-/, '').toUpperCase();
    return name.startsWith('x-amz-checksum-') && isChecksumAlgorithm(upper) ? upper : undefined;
  };
  if (trailer) {
    const algorithm = fromName(trailer);
    if (!algorithm) throw S3Errors.invalidRequest(`The value specified in the x-amz-trailer header is not supported: ${trailer}`);
    return { algorithm, inTrailer: true };
  }
  for (const algorithm of Object.values(ChecksumAlgorithm)) {
    const value = headers.get(`x-amz-checksum-${algorithm.toLowerCase()}`);
    if (value !== null) return { algorithm, value, inTrailer: false };
  }
  const sdk = headers.get('x-amz-sdk-checksum-algorithm')?.toUpperCase() ?? headers.get('x-amz-checksum-algorithm')?.toUpperCase();
  if (sdk === undefined) return { inTrailer: false };
  if (!isChecksumAlgorithm(sdk)) throw S3Errors.invalidRequest(`Checksum algorithm ${sdk} is not supported.`);
  return { algorithm: sdk, inTrailer: false };
}

function contentMd5Of(headers: Headers): Buffer | undefined {
  const text = headers.get('content-md5');
  if (text === null) return undefined;
  const digest = Buffer.from(text, 'base64');
  if (digest.length !== 16 || digest.toString('base64') !== text.trim()) {
    throw new S3Error('InvalidDigest', 400, 'The Content-MD5 you specified is not valid.');
  }
  return digest;
}

/** The declared size of the decoded body, checked against the limit before anything is read. */
function declaredSize(request: S3Request, chunked: boolean, maxBytes: number): number | undefined {
  const header = chunked ? request.headers.get('x-amz-decoded-content-length') : request.headers.get('content-length');
  if (chunked && header === null) throw new S3Error('MissingContentLength', 411, 'You must provide the Content-Length HTTP header.');
  if (header === null) return undefined;
  const size = Number(header);
  if (!Number.isSafeInteger(size) || size < 0) throw S3Errors.invalidArgument('The Content-Length is not a number.', 'Content-Length', header);
  if (size > maxBytes) throw new S3Error('EntityTooLarge', 400, `Your proposed upload exceeds the maximum allowed size of ${maxBytes} bytes.`, { ProposedSize: String(size), MaxSizeAllowed: String(maxBytes) });
  return size;
}

/** Streams the request body to a staged file and checks it; discards it and throws on any mismatch. */
export async function stageUpload(request: S3Request, deps: S3Deps): Promise<StagedUpload> {
  const { payloadHash, signedChunks } = request.verified;
  const chunked = payloadHash.startsWith('STREAMING-');
  const expectedSize = declaredSize(request, chunked, deps.maxObjectBytes);
  const md5 = contentMd5Of(request.headers);
  const announced = announcedChecksum(request.headers);
  const sha256 = HEX_SHA256.test(payloadHash) ? createHash('sha256') : undefined;
  const checksum = announced.algorithm && makeChecksum(announced.algorithm);

  const raw: AsyncIterable<Uint8Array> = request.body ?? (async function* empty() { /* no body */ })();
  const decoded = chunked
    ? decodeAwsChunked(raw, { trailer: payloadHash.endsWith('-TRAILER'), ...(signedChunks && { signed: signedChunks }) })
    : undefined;
  async function* tapped(): AsyncGenerator<Uint8Array> {
    for await (const piece of decoded?.data ?? raw) {
      sha256?.update(piece);
      checksum?.update(piece);
      yield piece;
    }
  }

  let staged: StagedBody;
  try {
    staged = await deps.objects.stage(tapped(), deps.maxObjectBytes);
  } catch (e) {
    if (isObjectStoreError(e)) throw fromStoreError(e);
    throw e;
  }
  try {
    if (expectedSize !== undefined && staged.size !== expectedSize) throw new S3Error('IncompleteBody', 400, 'You did not provide the number of bytes specified by the Content-Length HTTP header');
    if (sha256) {
      const actual = sha256.digest('hex');
      if (actual !== payloadHash.toLowerCase()) {
        throw new S3Error('XAmzContentSHA256Mismatch', 400, "The provided 'x-amz-content-sha256' header does not match what was computed.",
          { ClientComputedContentSHA256: payloadHash, S3ComputedContentSHA256: actual });
      }
    }
    if (md5 && !timingSafeEqual(md5, staged.md5)) throw S3Errors.badDigest();
    if (!checksum || !announced.algorithm) return { staged };
    const value = checksum.digest();
    const sent = announced.inTrailer ? decoded?.trailers.get(`x-amz-checksum-${announced.algorithm.toLowerCase()}`) : announced.value;
    if (sent !== undefined && sent !== value) {
      throw S3Errors.badDigest(`The ${announced.algorithm} you specified did not match the calculated checksum.`);
    }
    return { staged, checksum: { algorithm: announced.algorithm, value } };
  } catch (e) {
    await staged.discard();
    throw e;
  }
}

/** Reads a small request body (an XML document) whole, checking its payload hash and Content-MD5. */
export async function readSmallBody(request: S3Request, limit: number): Promise<Buffer> {
  const pieces: Buffer[] = [];
  let size = 0;
  for await (const piece of request.body ?? []) {
    size += piece.byteLength;
    if (size > limit) throw new S3Error('MaxMessageLengthExceeded', 400, `Your request was too big: at most ${limit} bytes.`);
    pieces.push(Buffer.from(piece));
  }
  const body = Buffer.concat(pieces);
  const claimed = request.verified.payloadHash;
  if (HEX_SHA256.test(claimed) && createHash('sha256').update(body).digest('hex') !== claimed.toLowerCase()) {
    throw new S3Error('XAmzContentSHA256Mismatch', 400, "The provided 'x-amz-content-sha256' header does not match what was computed.");
  }
  const md5 = contentMd5Of(request.headers);
  if (md5 && !md5.equals(createHash('md5').update(body).digest())) throw S3Errors.badDigest();
  return body;
}
