/**
 * The object store behind Sluice's S3-compatible endpoint: the artifact store's buckets and keys
 * seen as S3 objects, so a job worker reads the zip a built-in action wrote and writes one a later
 * built-in action reads. The protocol layer (`api/s3/`) speaks S3; this port speaks objects.
 *
 * Terminology:
 * - bucket: a top-level folder of the artifact store; key: the object's path below it.
 * - staged body: an upload written to a temporary file and hashed, not yet visible; the caller
 *   checks its digests, then commits it (as an object or a multipart part) or discards it.
 * - ETag: the quoted hex MD5 of a single-part object; `"<md5 of the parts' MD5s>-<N>"` for one
 *   assembled from N parts.
 *
 * Failures a client caused are `ObjectStoreError`s with a closed set of reasons; "not found" is
 * `undefined` or `false`.
 */
import type { ChecksumAlgorithm } from './checksums.ts';

/** What a client stored with an object besides its bytes. */
export interface ObjectMetadata {
  contentType?: string;
  contentEncoding?: string;
  contentDisposition?: string;
  contentLanguage?: string;
  cacheControl?: string;
  expires?: string;
  /** `x-amz-meta-*` headers, names lower-case without the prefix. */
  userMetadata: Record<string, string>;
  /** The additional checksum the client sent and Sluice verified. */
  checksum?: { algorithm: ChecksumAlgorithm; value: string };
}

export interface ObjectInfo extends ObjectMetadata {
  bucket: string;
  key: string;
  size: number;
  /** Quoted, as S3 sends it. */
  etag: string;
  lastModifiedMs: number;
  /** Set for objects assembled from parts. */
  partsCount?: number;
  /** Set for objects written through the S3 endpoint: a new id per write. */
  versionId?: string;
}

/** An object a client wrote through the S3 endpoint, as it tells whoever watches writes (S3 source actions). */
export interface ObjectCreated {
  info: ObjectInfo;
  reason: 'PutObject' | 'CompleteMultipartUpload';
  requestId: string;
  sourceIp: string;
  /** The writer's account id. */
  requester: string;
}

export interface BucketInfo { name: string; createdMs: number }

/** An object opened for reading: its description and its bytes, consistent with each other. */
export interface OpenObject {
  info: ObjectInfo;
  /** The bytes from `start` to `end` inclusive (the whole object by default); closes the object when done. */
  read(range?: { start: number; end: number }): ReadableStream<Uint8Array>;
  /** Releases the object when it is not read. */
  close(): Promise<void>;
}

/** An upload held in a temporary file, hashed on the way in. */
export interface StagedBody {
  readonly size: number;
  /** Raw MD5 digest of the bytes. */
  readonly md5: Buffer;
  /** Deletes the temporary file; nothing was stored. Safe to call after a commit. */
  discard(): Promise<void>;
}

export interface ListQuery {
  prefix: string;
  delimiter?: string;
  /** Only keys (and common prefixes) after this one, in UTF-8 byte order. */
  after?: string;
  maxKeys: number;
}

export interface ListPage {
  objects: ObjectInfo[];
  commonPrefixes: string[];
  isTruncated: boolean;
  /** The last key or common prefix of the page, to continue after. */
  last?: string;
}

export interface UploadInfo {
  uploadId: string;
  bucket: string;
  key: string;
  initiatedMs: number;
  metadata: ObjectMetadata;
  /** The checksum algorithm the client announced for the parts. */
  checksumAlgorithm?: ChecksumAlgorithm;
}

export interface PartInfo {
  partNumber: number;
  etag: string;
  size: number;
  lastModifiedMs: number;
  checksum?: { algorithm: ChecksumAlgorithm; value: string };
}

export interface ObjectStore {
  listBuckets(): Promise<BucketInfo[]>;
  bucketExists(bucket: string): Promise<boolean>;
  /** False when the bucket already existed. */
  createBucket(bucket: string): Promise<boolean>;
  /** False when there was no such bucket. @throws ObjectStoreError BucketNotEmpty */
  deleteBucket(bucket: string): Promise<boolean>;

  head(bucket: string, key: string): Promise<ObjectInfo | undefined>;
  /** The object, or one of its earlier versions (see fs-versions.ts). */
  open(bucket: string, key: string, versionId?: string): Promise<OpenObject | undefined>;
  /** Writes `body` to a temporary file. @throws ObjectStoreError EntityTooLarge past `maxBytes` */
  stage(body: AsyncIterable<Uint8Array>, maxBytes: number): Promise<StagedBody>;
  /**
   * Makes a staged body the object at bucket/key, atomically replacing any previous one.
   * @throws ObjectStoreError NoSuchBucket, KeyConflict, PreconditionFailed (`ifNoneMatch` and the key exists)
   */
  commit(staged: StagedBody, bucket: string, key: string, metadata: ObjectMetadata, options?: { ifNoneMatch?: boolean }): Promise<ObjectInfo>;
  /** Idempotent: deleting a missing key is not an error. */
  delete(bucket: string, key: string): Promise<void>;
  /** @throws ObjectStoreError NoSuchBucket */
  list(bucket: string, query: ListQuery): Promise<ListPage>;

  createUpload(bucket: string, key: string, metadata: ObjectMetadata, checksumAlgorithm?: ChecksumAlgorithm): Promise<UploadInfo>;
  getUpload(uploadId: string): Promise<UploadInfo | undefined>;
  /** Stores a staged body as part `partNumber`, replacing an earlier upload of the same number. @throws ObjectStoreError NoSuchUpload */
  putPart(upload: UploadInfo, partNumber: number, staged: StagedBody, checksum?: PartInfo['checksum']): Promise<PartInfo>;
  listParts(upload: UploadInfo): Promise<PartInfo[]>;
  /**
   * Assembles the named parts, in order, into the object and removes the upload.
   * @throws ObjectStoreError InvalidPart, InvalidPartOrder, EntityTooSmall, KeyConflict, NoSuchBucket
   */
  completeUpload(upload: UploadInfo, parts: readonly { partNumber: number; etag: string }[]): Promise<ObjectInfo>;
  /** False when there was no such upload. */
  abortUpload(uploadId: string): Promise<boolean>;
}

export const ObjectStoreErrorReason = {
  NoSuchBucket: 'NoSuchBucket',
  BucketNotEmpty: 'BucketNotEmpty',
  /** The key needs a folder where an object is, or names a folder that holds objects. */
  KeyConflict: 'KeyConflict',
  EntityTooLarge: 'EntityTooLarge',
  EntityTooSmall: 'EntityTooSmall',
  InvalidPart: 'InvalidPart',
  InvalidPartOrder: 'InvalidPartOrder',
  PreconditionFailed: 'PreconditionFailed',
  NoSuchUpload: 'NoSuchUpload',
} as const;
export type ObjectStoreErrorReason = (typeof ObjectStoreErrorReason)[keyof typeof ObjectStoreErrorReason];

const BRAND = Symbol.for('sluice:object-store-error');

export class ObjectStoreError extends Error {
  readonly reason: ObjectStoreErrorReason;
  readonly [BRAND] = true;

  constructor(reason: ObjectStoreErrorReason, message: string) {
    super(message);
    this.name = 'ObjectStoreError';
    this.reason = reason;
  }
}

export function isObjectStoreError(e: unknown): e is ObjectStoreError {
  return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
}
