/**
 * Bucket operations: ListBuckets, HeadBucket, CreateBucket, DeleteBucket, GetBucketLocation.
 * A bucket is a top-level folder of the artifact store, so the buckets pipelines name as their
 * artifact stores are listed too. Sluice has one account: CreateBucket on a bucket that exists
 * succeeds (as S3 answers its owner in us-east-1).
 */
import { isNewBucketName } from '../../artifacts/objects/fs-paths.ts';
import { isObjectStoreError } from '../../artifacts/objects/ports.ts';
import type { S3Operation, S3Request } from './context.ts';
import { fromStoreError, S3Error, S3Errors } from './errors.ts';
import { ownerOf } from './list.ts';
import { isoSeconds, xmlDocument } from './xml.ts';

const xml = (body: string): Response => new Response(body, { status: 200, headers: { 'content-type': 'application/xml' } });
const bucketOf = (request: S3Request): string => request.bucket ?? '';

export const listBuckets: S3Operation = {
  name: 'ListBuckets',
  action: 's3:ListAllMyBuckets',
  async handle(_request, deps) {
    const buckets = await deps.objects.listBuckets();
    return xml(xmlDocument('ListAllMyBucketsResult', [
      ['Owner', ownerOf(deps)],
      ['Buckets', buckets.map((b) => ['Bucket', [['Name', b.name], ['CreationDate', isoSeconds(b.createdMs)]]] as const)],
    ]));
  },
};

export const headBucket: S3Operation = {
  name: 'HeadBucket',
  action: 's3:ListBucket',
  async handle(request, deps) {
    if (!await deps.objects.bucketExists(bucketOf(request))) throw S3Errors.noSuchBucket(bucketOf(request));
    return new Response(null, { status: 200, headers: { 'x-amz-bucket-region': deps.region } });
  },
};

export const getBucketLocation: S3Operation = {
  name: 'GetBucketLocation',
  action: 's3:GetBucketLocation',
  async handle(request, deps) {
    if (!await deps.objects.bucketExists(bucketOf(request))) throw S3Errors.noSuchBucket(bucketOf(request));
    // S3 names us-east-1 by an empty constraint.
    return xml(`<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${deps.region === 'us-east-1' ? '' : deps.region}</LocationConstraint>`);
  },
};

export const createBucket: S3Operation = {
  name: 'CreateBucket',
  action: 's3:CreateBucket',
  async handle(request, deps) {
    const bucket = bucketOf(request);
    if (!isNewBucketName(bucket)) throw new S3Error('InvalidBucketName', 400, 'The specified bucket is not valid.', { BucketName: bucket });
    // The optional CreateBucketConfiguration names a region; Sluice has one.
    await deps.objects.createBucket(bucket);
    return new Response(null, { status: 200, headers: { location: `/${bucket}` } });
  },
};

export const deleteBucket: S3Operation = {
  name: 'DeleteBucket',
  action: 's3:DeleteBucket',
  async handle(request, deps) {
    const bucket = bucketOf(request);
    try {
      if (!await deps.objects.deleteBucket(bucket)) throw S3Errors.noSuchBucket(bucket);
    } catch (e) {
      if (isObjectStoreError(e)) throw fromStoreError(e, { BucketName: bucket });
      throw e;
    }
    return new Response(null, { status: 204 });
  },
};
