/**
 * Which S3 operation a request is: by method, by what it addresses (service, bucket, object) and
 * by its sub-resource query parameters (`?uploads`, `?uploadId=`, `?list-type=2`, `?delete`,
 * `?location`). Sub-resources Sluice does not serve (ACLs, tagging, versioning, …) are
 * NotImplemented rather than silently treated as the plain operation.
 */
import { createBucket, deleteBucket, getBucketLocation, headBucket, listBuckets } from './buckets.ts';
import type { S3Operation } from './context.ts';
import { deleteObjects } from './delete-objects.ts';
import { S3Errors } from './errors.ts';
import { listObjects, listObjectsV2 } from './list.ts';
import { abortMultipartUpload, completeMultipartUpload, createMultipartUpload, listParts, uploadPart } from './multipart.ts';
import { deleteObject, getObject, headObject, putObject } from './objects.ts';

const UNSERVED = new Set([
  'accelerate', 'acl', 'analytics', 'attributes', 'cors', 'encryption', 'intelligent-tiering', 'inventory', 'legal-hold',
  'lifecycle', 'logging', 'metrics', 'notification', 'object-lock', 'ownershipControls', 'policy', 'policyStatus',
  'publicAccessBlock', 'replication', 'requestPayment', 'restore', 'retention', 'select', 'tagging', 'torrent',
  'versioning', 'versions', 'website', 'session', 'metadataTable', 'renameObject',
]);

export interface Target { bucket?: string; key?: string }

function bucketOperation(method: string, query: URLSearchParams): S3Operation | undefined {
  switch (method) {
    case 'GET':
      if (query.has('location')) return getBucketLocation;
      if (query.has('uploads')) return undefined;
      return query.get('list-type') === '2' ? listObjectsV2 : listObjects;
    case 'HEAD': return headBucket;
    case 'PUT': return createBucket;
    case 'DELETE': return deleteBucket;
    case 'POST': return query.has('delete') ? deleteObjects : undefined;
    default: return undefined;
  }
}

function objectOperation(method: string, query: URLSearchParams, headers: Headers): S3Operation | undefined {
  const inUpload = query.has('uploadId');
  switch (method) {
    case 'GET': return inUpload ? listParts : getObject;
    case 'HEAD': return headObject;
    case 'PUT':
      if (headers.has('x-amz-copy-source')) return undefined;
      return inUpload || query.has('partNumber') ? uploadPart : putObject;
    case 'DELETE': return inUpload ? abortMultipartUpload : deleteObject;
    case 'POST':
      if (query.has('uploads')) return createMultipartUpload;
      return inUpload ? completeMultipartUpload : undefined;
    default: return undefined;
  }
}

/** The operation for a request. @throws S3Error NotImplemented or MethodNotAllowed */
export function operationFor(method: string, target: Target, query: URLSearchParams, headers: Headers): S3Operation {
  const unserved = [...query.keys()].find((k) => UNSERVED.has(k));
  if (unserved !== undefined) throw S3Errors.notImplemented(`the ${unserved} sub-resource`);
  let operation: S3Operation | undefined;
  if (target.bucket === undefined) operation = method === 'GET' ? listBuckets : undefined;
  else if (target.key === undefined) operation = bucketOperation(method, query);
  else operation = objectOperation(method, query, headers);
  if (operation) return operation;
  if (headers.has('x-amz-copy-source')) throw S3Errors.notImplemented('copying objects (x-amz-copy-source)');
  if (query.has('uploads')) throw S3Errors.notImplemented('listing multipart uploads');
  throw S3Errors.methodNotAllowed(method, target.key !== undefined ? 'OBJECT' : target.bucket !== undefined ? 'BUCKET' : 'SERVICE');
}
