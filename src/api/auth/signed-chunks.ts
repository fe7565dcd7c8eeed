/**
 * S3's signed aws-chunked bodies (`x-amz-content-sha256: STREAMING-AWS4-HMAC-SHA256-PAYLOAD`).
 * The request's own signature (the seed) covers the headers only; the body is a sequence of
 *
 *     <hex size>;chunk-signature=<64 hex>\r\n<size bytes>\r\n      …ending with a 0-byte chunk
 *
 * where each chunk's signature chains on the previous one (the seed first):
 *
 *     AWS4-HMAC-SHA256-PAYLOAD \n <x-amz-date> \n <scope> \n <previous signature> \n
 *     <sha256 of ''> \n <sha256 of the chunk's bytes>
 *
 * `verifySigV4` returns a decoder for such requests; it checks every chunk signature in constant
 * time and returns the payload. `decode` works on a whole buffered body; `verifyChunk` and
 * `verifyTrailer` serve a decoder that streams (the S3 endpoint's), chunk by chunk.
 */
import { hash, timingSafeEqual, type KeyObject } from 'node:crypto';
import { AuthFailure, AuthFailureReason } from './auth-failure.ts';
import { EMPTY_SHA256 } from './payload.ts';
import { hmacSha256 } from './signing-key-cache.ts';

const CRLF = Buffer.from('\r\n');
const SIGNATURE_FIELD = ';chunk-signature=';
const CHUNK_HEADER = /^([0-9a-fA-F]{1,16});chunk-signature=([0-9a-f]{64})$/;
/** A chunk header is at most 16 hex digits, the field name and 64 hex digits. */
const MAX_HEADER_BYTES = 16 + SIGNATURE_FIELD.length + 64;

/** Verifies and strips the chunk signatures of one request's body. The signing key stays private. */
export class SignedChunkDecoder {
  readonly #signingKey: KeyObject;
  readonly #amzDate: string;
  readonly #scope: string;
  readonly #seedSignature: string;

  constructor(signingKey: KeyObject, amzDate: string, scope: string, seedSignature: string) {
    this.#signingKey = signingKey;
    this.#amzDate = amzDate;
    this.#scope = scope;
    this.#seedSignature = seedSignature;
  }

  /**
   * The payload of `body`, after checking each chunk's signature.
   * @throws AuthFailure `IncompleteSignature` for a body that is not aws-chunked, `SignatureMismatch`
   *   for a chunk whose signature is wrong (a changed, dropped, reordered or added chunk)
   */
  decode(body: Uint8Array): Buffer {
    const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    const parts: Buffer[] = [];
    let previous = this.#seedSignature;
    let at = 0;
    for (let index = 0; ; index++) {
      const lineEnd = bytes.indexOf(CRLF, at);
      if (lineEnd < 0 || lineEnd - at > MAX_HEADER_BYTES) throw malformed(`chunk ${index} has no header line`);
      const header = CHUNK_HEADER.exec(bytes.toString('latin1', at, lineEnd));
      if (header === null) throw malformed(`chunk ${index} has a malformed header`);
      const size = Number.parseInt(header[1] ?? '', 16);
      const dataStart = lineEnd + 2;
      const dataEnd = dataStart + size;
      if (dataEnd + 2 > bytes.length || !bytes.subarray(dataEnd, dataEnd + 2).equals(CRLF)) {
        throw malformed(`chunk ${index} is shorter than its declared ${size} bytes`);
      }
      const data = bytes.subarray(dataStart, dataEnd);
      const expected = this.#chunkSignature(previous, data);
      if (!timingSafeEqual(Buffer.from(expected, 'latin1'), Buffer.from(header[2] ?? '', 'latin1'))) {
        throw new AuthFailure(AuthFailureReason.SignatureMismatch,
          `The chunk signature of chunk ${index} does not match the one we calculated.`, { details: { ChunkIndex: String(index) } });
      }
      previous = expected;
      at = dataEnd + 2;
      if (size === 0) break;
      parts.push(data);
    }
    if (at !== bytes.length) throw malformed('there are bytes after the final chunk');
    return Buffer.concat(parts);
  }

  /** The request's own signature, on which the first chunk's signature chains. */
  get seedSignature(): string {
    return this.#seedSignature;
  }

  /**
   * For a decoder that streams the body instead of buffering it: checks the signature `provided`
   * for chunk `index`, whose bytes hash to `dataSha256` (hex), chained on `previous`; returns it
   * for the next chunk to chain on.
   * @throws AuthFailure `SignatureMismatch`
   */
  verifyChunk(previous: string, dataSha256: string, provided: string, index: number): string {
    const stringToSign = `AWS4-HMAC-SHA256-PAYLOAD\n${this.#amzDate}\n${this.#scope}\n${previous}\n${EMPTY_SHA256}\n${dataSha256}`;
    const expected = hmacSha256(this.#signingKey, stringToSign).toString('hex');
    if (!equalSignatures(expected, provided)) {
      throw new AuthFailure(AuthFailureReason.SignatureMismatch,
        `The chunk signature of chunk ${index} does not match the one we calculated.`, { details: { ChunkIndex: String(index) } });
    }
    return expected;
  }

  /**
   * Checks the `x-amz-trailer-signature` of a `STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER` body:
   * `trailerSha256` is the hex SHA-256 of the trailer lines as `name:value\n`, `previous` the final
   * chunk's signature.
   * @throws AuthFailure `SignatureMismatch`
   */
  verifyTrailer(previous: string, trailerSha256: string, provided: string): void {
    const stringToSign = `AWS4-HMAC-SHA256-TRAILER\n${this.#amzDate}\n${this.#scope}\n${previous}\n${trailerSha256}`;
    if (!equalSignatures(hmacSha256(this.#signingKey, stringToSign).toString('hex'), provided)) {
      throw new AuthFailure(AuthFailureReason.SignatureMismatch, 'The trailer signature does not match the one we calculated.');
    }
  }

  #chunkSignature(previous: string, data: Uint8Array): string {
    const stringToSign = `AWS4-HMAC-SHA256-PAYLOAD\n${this.#amzDate}\n${this.#scope}\n${previous}\n${EMPTY_SHA256}\n${hash('sha256', data)}`;
    return hmacSha256(this.#signingKey, stringToSign).toString('hex');
  }
}

function equalSignatures(expected: string, provided: string): boolean {
  return provided.length === expected.length && timingSafeEqual(Buffer.from(expected, 'latin1'), Buffer.from(provided, 'latin1'));
}

function malformed(what: string): AuthFailure {
  return new AuthFailure(AuthFailureReason.IncompleteSignature, `The aws-chunked body is malformed: ${what}.`);
}
