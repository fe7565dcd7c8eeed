/**
 * Test helpers: sign requests with the AWS SDK for JavaScript's own SigV4 signer
 * (`@smithy/signature-v4`, the code every `@aws-sdk/*` client signs with) and turn the signed
 * request into what Sluice's HTTP server hands to `verifySigV4`: raw path, raw query, lower-case
 * headers, body bytes.
 */
import { Sha256 } from '@smithy/core/checksum';
import { buildQueryString, HttpRequest } from '@smithy/core/protocols';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Credential, SignedRequest } from '../../../src/api/auth/sigv4.ts';

/** The fixed clock of every test: 2024-01-15T12:00:00Z. */
export const NOW = Date.UTC(2024, 0, 15, 12, 0, 0);

export const PERMANENT: Credential = {
  accessKeyId: 'AKIDSLUICEPERMANENT',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  principal: 'arn:aws:iam::123456789012:user/alice',
};

export const TEMPORARY: Credential = {
  accessKeyId: 'ASIASLUICETEMPORARY',
  secretAccessKey: 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY',
  sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE/TOKEN+with=specials',
  expiresAt: NOW + 3600_000,
  principal: 'arn:aws:sts::123456789012:assumed-role/deployer/session-1',
};

/** A key store holding `credentials`, as `verifySigV4` expects it. */
export function lookupOf(...credentials: Credential[]): (id: string) => Promise<Credential | undefined> {
  const byId = new Map(credentials.map((c) => [c.accessKeyId, c]));
  return async (id) => byId.get(id);
}

export interface RequestSpec {
  service: 'codepipeline' | 's3';
  method?: string;
  /** The path as it goes on the wire (already percent-encoded). @default '/' */
  path?: string;
  query?: Record<string, string | string[]>;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  region?: string;
}

export interface SignOptions {
  credential?: Credential;
  /** @default NOW */
  signingDate?: number;
  /** Presign instead of signing headers, valid for this many seconds. */
  presignExpiresIn?: number;
  /** Headers the signer must leave out of SignedHeaders. */
  unsignableHeaders?: Set<string>;
  /** Whether the signer adds `x-amz-content-sha256` (the JS SDK does; botocore outside S3 does not). @default true */
  applyChecksum?: boolean;
}

function signerFor(spec: RequestSpec, credential: Credential, applyChecksum: boolean): SignatureV4 {
  return new SignatureV4({
    service: spec.service,
    region: spec.region ?? 'us-east-1',
    credentials: {
      accessKeyId: credential.accessKeyId,
      secretAccessKey: credential.secretAccessKey,
      ...(credential.sessionToken !== undefined && { sessionToken: credential.sessionToken }),
    },
    sha256: Sha256,
    // The S3 client signs the path as it is; every other client double-encodes it.
    uriEscapePath: spec.service !== 's3',
    applyChecksum,
  });
}

/** Signs `spec` with the SDK's signer and returns it as the server would receive it. */
export async function signWithSdk(spec: RequestSpec, options: SignOptions = {}): Promise<SignedRequest> {
  const credential = options.credential ?? PERMANENT;
  const body = typeof spec.body === 'string' ? new TextEncoder().encode(spec.body) : spec.body;
  const request = new HttpRequest({
    method: spec.method ?? 'POST',
    protocol: 'http:',
    hostname: 'localhost',
    port: 8090,
    path: spec.path ?? '/',
    query: spec.query ?? {},
    headers: { host: 'localhost:8090', ...spec.headers },
    ...(body !== undefined && { body }),
  });
  const signer = signerFor(spec, credential, options.applyChecksum ?? true);
  const signingDate = new Date(options.signingDate ?? NOW);
  const signed = options.presignExpiresIn === undefined
    ? await signer.sign(request, { signingDate, ...(options.unsignableHeaders && { unsignableHeaders: options.unsignableHeaders }) })
    : await signer.presign(request, { signingDate, expiresIn: options.presignExpiresIn });
  return toServerRequest(signed, body);
}

/** What the HTTP server sees of an SDK `HttpRequest`: the query serialized as the SDK's HTTP handler does. */
export function toServerRequest(
  request: { method: string; path: string; query?: Record<string, string | string[] | null>; headers: Record<string, string> },
  body?: Uint8Array,
): SignedRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
  return {
    method: request.method,
    path: request.path,
    query: request.query ? buildQueryString(request.query) : '',
    headers,
    ...(body !== undefined && { body }),
  };
}

/** Splits a presigned URL into what the server receives for a request to it. */
export function fromUrl(method: string, url: string, headers: Record<string, string> = {}): SignedRequest {
  // Not `new URL()`: it would resolve dot segments and re-encode, and the server sees the raw path.
  const m = /^[a-z]+:\/\/([^/?#]+)([^?#]*)(?:\?([^#]*))?/.exec(url);
  if (m === null) throw new Error(`not an absolute URL: ${url}`);
  return { method, path: m[2] || '/', query: m[3] ?? '', headers: { host: m[1] ?? '', ...headers } };
}
