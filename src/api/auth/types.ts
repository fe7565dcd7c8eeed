/** The shapes `verifySigV4` reads and returns. */
import type { SignedChunkDecoder } from './signed-chunks.ts';
import type { SigningKeyCache } from './signing-key-cache.ts';

/** A request as the HTTP server received it, before any decoding. */
export interface SignedRequest {
  /** Upper-case HTTP method. */
  method: string;
  /** The path exactly as received, still percent-encoded, without the query. */
  path: string;
  /** The raw query string without `?` ('' when none). */
  query: string;
  /** Lower-case header names; a header sent several times has its values joined with ','. */
  headers: Readonly<Record<string, string>>;
  /**
   * Hex SHA-256 of the body when the server already has it (e.g. hashed while streaming).
   * @default computed from `body` when needed
   */
  payloadSha256?: string;
  /** The body. @default empty */
  body?: Uint8Array;
}

/** An access key as the key store holds it. */
export interface Credential {
  accessKeyId: string;
  secretAccessKey: string;
  /** Set for temporary credentials: requests must then carry this exact token. */
  sessionToken?: string;
  /** Epoch milliseconds after which the credentials no longer authenticate. @default never */
  expiresAt?: number;
  /** @default false */
  disabled?: boolean;
  /** The caller's ARN, passed through to `VerifiedCaller`. */
  principal: string;
}

/** Who signed a request that verified, and for what scope. */
export interface VerifiedCaller {
  accessKeyId: string;
  principal: string;
  /** Region and service of the credential scope; the protocol layer checks they are its own. */
  region: string;
  service: string;
  signedHeaders: string[];
  sessionToken?: string;
  /** True for a presigned URL (signature in the query string). */
  presigned: boolean;
  /**
   * The payload hash the signature covers: 64 hex digits, `UNSIGNED-PAYLOAD`, or a `STREAMING-…`
   * value whose chunks the caller still has to decode (see the module notes of `sigv4.ts`).
   */
  payloadHash: string;
  /**
   * For `STREAMING-AWS4-HMAC-SHA256-PAYLOAD` (and its `-TRAILER` form): verifies each chunk
   * signature of the body and returns the payload. The body must go through it before it is used.
   */
  signedChunks?: SignedChunkDecoder;
}

export interface VerifyOptions {
  /** The server's time, epoch milliseconds. */
  now: number;
  /** How far the request time may be from `now`, either way. @default 300_000 (5 minutes, as AWS) */
  maxSkewMs?: number;
  /** Where derived signing keys are kept. @default one cache shared by the process */
  keyCache?: SigningKeyCache;
}
