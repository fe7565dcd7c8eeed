/**
 * What an S3 operation receives: the authenticated request, addressed (bucket, key), and the
 * endpoint's dependencies. Operations are `{ name, action, resource, handle }`; the handler
 * authorizes `action` on `resource` before `handle` runs.
 */
import type { ObjectCreated, ObjectStore } from '../../artifacts/objects/ports.ts';
import type { Caller } from '../aws-json/operation.ts';
import type { SignedRequest, VerifiedCaller } from '../auth/sigv4.ts';

export type Decision = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

/** Authentication and authorization as the S3 endpoint needs them from the server. */
export interface S3Access {
  /** Verifies the signature. @throws AuthFailure when it does not authenticate */
  verify(request: SignedRequest): Promise<{ caller: Caller; verified: VerifiedCaller }>;
  /** The IAM decision for `action` on `resource`, with S3's condition keys (`s3:prefix`, …) in `context`. */
  decide(caller: Caller, action: string, resource: string, sourceIp: string, context?: Record<string, string>): Promise<Decision>;
}

export interface S3Deps {
  objects: ObjectStore;
  /**
   * Called once per object written, after it is in place and before the write is answered: when
   * it fails the client sees an error and writes again, so no write's consequences are lost.
   */
  objectCreated?(write: ObjectCreated): Promise<void>;
  region: string;
  accountId: string;
  /** Largest object a single PUT (or one part) may carry. */
  maxObjectBytes: number;
}

export interface S3Request {
  requestId: string;
  method: string;
  url: URL;
  headers: Headers;
  /** Undefined for the service (ListBuckets). */
  bucket?: string;
  /** Undefined for bucket operations. */
  key?: string;
  body: ReadableStream<Uint8Array> | null;
  caller: Caller;
  verified: VerifiedCaller;
  sourceIp: string;
  /** True when the caller may perform `action` on `resource` (for S3's "AccessDenied instead of NoSuchKey"). */
  can(action: string, resource: string): Promise<boolean>;
}

/** An S3 request whose bucket (and, for object operations, key) is known. */
export type BucketRequest = S3Request & { bucket: string };
export type ObjectRequest = S3Request & { bucket: string; key: string };

export interface S3Operation {
  /** S3's operation name, e.g. `GetObject`. */
  name: string;
  /** The IAM action; undefined when the operation authorizes per item itself (DeleteObjects). */
  action?: string;
  /** IAM condition keys of the request (`s3:prefix` for listings). */
  conditions?(request: S3Request): Record<string, string>;
  handle(request: S3Request, deps: S3Deps): Promise<Response>;
}

/** `arn:aws:s3:::<bucket>` or `arn:aws:s3:::<bucket>/<key>`, as IAM names S3 resources. */
export function s3Arn(bucket?: string, key?: string): string {
  if (bucket === undefined) return '*';
  return key === undefined ? `arn:aws:s3:::${bucket}` : `arn:aws:s3:::${bucket}/${key}`;
}
