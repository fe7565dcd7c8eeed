/**
 * The S3 endpoint as the AWS SDK's S3 client sees it: objects in and out (keys with special
 * characters, metadata, checksums, streamed bodies), ranges and conditions, listings with
 * prefixes, delimiters and pages, buckets, and the artifact store's own files seen through S3.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import {
  CreateBucketCommand, DeleteBucketCommand, DeleteObjectCommand, DeleteObjectsCommand, GetObjectCommand, HeadBucketCommand,
  HeadObjectCommand, ListBucketsCommand, ListObjectsCommand, ListObjectsV2Command, PutObjectCommand, type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { startTestServer, type TestServer } from '../support/server.ts';
import { bytesOf, captureHeaders, s3Client } from '../support/s3.ts';

const md5 = (data: string | Buffer): string => `"${createHash('md5').update(data).digest('hex')}"`;

describe('S3 endpoint: objects, listings, buckets', () => {
  let t: TestServer;
  let s3: S3Client;
  before(async () => {
    t = await startTestServer();
    s3 = s3Client(t);
    await s3.send(new CreateBucketCommand({ Bucket: 'objects' }));
  });
  after(async () => {
    s3.destroy();
    await t.close();
  });

  it('puts, heads, gets and deletes objects whose keys have spaces, unicode, +, % and more', async () => {
    for (const key of ['plain.txt', 'with space/and+plus.txt', 'ünïcødé/日本語 🎉.bin', '100%/a&b=c;d?e#f', "quote'\"<tag>.xml", 'tilde~(paren)!*']) {
      const body = `content of ${key}`;
      const put = await s3.send(new PutObjectCommand({ Bucket: 'objects', Key: key, Body: body, ContentType: 'text/plain', Metadata: { owner: 'sluice', step: '1' } }));
      assert.equal(put.ETag, md5(body), key);
      const head = await s3.send(new HeadObjectCommand({ Bucket: 'objects', Key: key }));
      assert.equal(head.ContentLength, Buffer.byteLength(body));
      assert.equal(head.ContentType, 'text/plain');
      assert.deepEqual(head.Metadata, { owner: 'sluice', step: '1' });
      assert.ok(head.LastModified instanceof Date);
      const got = await s3.send(new GetObjectCommand({ Bucket: 'objects', Key: key }));
      assert.equal(await got.Body?.transformToString(), body, key);
      assert.equal(got.ETag, md5(body));
      const deleted = await s3.send(new DeleteObjectCommand({ Bucket: 'objects', Key: key }));
      assert.equal(deleted.$metadata.httpStatusCode, 204);
      await assert.rejects(s3.send(new GetObjectCommand({ Bucket: 'objects', Key: key })), { name: 'NoSuchKey' });
    }
    // Deleting is idempotent.
    const again = await s3.send(new DeleteObjectCommand({ Bucket: 'objects', Key: 'plain.txt' }));
    assert.equal(again.$metadata.httpStatusCode, 204);
  });

  it('verifies and keeps the CRC32 the SDK sends, and returns it when asked', async () => {
    const headers = captureHeaders(s3);
    const put = await s3.send(new PutObjectCommand({ Bucket: 'objects', Key: 'crc', Body: 'hello world' }));
    assert.equal(put.ChecksumCRC32, 'DUoRhQ==');
    assert.equal(headers.at(-1)?.['x-amz-checksum-crc32'], 'DUoRhQ==');
    const got = await s3.send(new GetObjectCommand({ Bucket: 'objects', Key: 'crc', ChecksumMode: 'ENABLED' }));
    assert.equal(got.ChecksumCRC32, 'DUoRhQ==');
    assert.equal(await got.Body?.transformToString(), 'hello world');
  });

  it('takes streamed bodies the SDK sends aws-chunked with a trailing checksum', async () => {
    const headers = captureHeaders(s3);
    const data = Buffer.alloc(300_000, 7);
    const put = await s3.send(new PutObjectCommand({ Bucket: 'objects', Key: 'streamed', Body: Readable.from([data.subarray(0, 100_000), data.subarray(100_000)]), ContentLength: data.length }));
    assert.equal(headers.at(-1)?.['x-amz-content-sha256'], 'STREAMING-UNSIGNED-PAYLOAD-TRAILER');
    assert.equal(headers.at(-1)?.['x-amz-trailer'], 'x-amz-checksum-crc32');
    assert.equal(put.ETag, md5(data));
    const got = await s3.send(new GetObjectCommand({ Bucket: 'objects', Key: 'streamed' }));
    assert.ok((await bytesOf(got.Body)).equals(data));
  });

  it('refuses a body whose Content-MD5 is not its own (BadDigest), and stores nothing', async () => {
    await assert.rejects(s3.send(new PutObjectCommand({ Bucket: 'objects', Key: 'bad-md5', Body: 'abc', ContentMD5: createHash('md5').update('abd').digest('base64') })),
      (e: Error & { $metadata?: { httpStatusCode?: number } }) => e.name === 'BadDigest' && e.$metadata?.httpStatusCode === 400);
    await assert.rejects(s3.send(new HeadObjectCommand({ Bucket: 'objects', Key: 'bad-md5' })), { name: 'NotFound' });
  });

  it('serves ranges (206, suffix, open-ended) and refuses unsatisfiable ones with 416 InvalidRange', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'objects', Key: 'digits', Body: '0123456789' }));
    const cases: [string, string, string][] = [['bytes=2-5', '2345', 'bytes 2-5/10'], ['bytes=7-', '789', 'bytes 7-9/10'], ['bytes=-3', '789', 'bytes 7-9/10'], ['bytes=8-100', '89', 'bytes 8-9/10']];
    for (const [range, body, contentRange] of cases) {
      const got = await s3.send(new GetObjectCommand({ Bucket: 'objects', Key: 'digits', Range: range }));
      assert.equal(got.$metadata.httpStatusCode, 206);
      assert.equal(got.ContentRange, contentRange);
      assert.equal(got.ContentLength, body.length);
      assert.equal(await got.Body?.transformToString(), body);
    }
    await assert.rejects(s3.send(new GetObjectCommand({ Bucket: 'objects', Key: 'digits', Range: 'bytes=10-' })),
      (e: Error & { $metadata?: { httpStatusCode?: number } }) => e.name === 'InvalidRange' && e.$metadata?.httpStatusCode === 416);
  });

  it('answers conditional reads: 304 for If-None-Match and If-Modified-Since, 412 for If-Match', async () => {
    const put = await s3.send(new PutObjectCommand({ Bucket: 'objects', Key: 'conditional', Body: 'v1' }));
    const status = (e: unknown): number | undefined => (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    await assert.rejects(s3.send(new GetObjectCommand({ Bucket: 'objects', Key: 'conditional', IfNoneMatch: put.ETag })), (e) => status(e) === 304);
    await assert.rejects(s3.send(new GetObjectCommand({ Bucket: 'objects', Key: 'conditional', IfModifiedSince: new Date(Date.now() + 60_000) })), (e) => status(e) === 304);
    await assert.rejects(s3.send(new GetObjectCommand({ Bucket: 'objects', Key: 'conditional', IfMatch: '"0000"' })),
      (e: Error) => e.name === 'PreconditionFailed' && status(e) === 412);
    const matched = await s3.send(new GetObjectCommand({ Bucket: 'objects', Key: 'conditional', IfMatch: put.ETag, IfModifiedSince: new Date(0) }));
    assert.equal(await matched.Body?.transformToString(), 'v1');
    // Conditional create: If-None-Match: * refuses to replace an existing key.
    await assert.rejects(s3.send(new PutObjectCommand({ Bucket: 'objects', Key: 'conditional', Body: 'v2', IfNoneMatch: '*' })), (e) => status(e) === 412);
  });

  it('refuses keys that would leave the bucket or alias other keys', async () => {
    for (const key of ['../../../escape', 'a/../../escape', '..', './dot', 'double//slash', 'trailing/']) {
      await assert.rejects(s3.send(new PutObjectCommand({ Bucket: 'objects', Key: key, Body: 'x' })),
        (e: Error & { $metadata?: { httpStatusCode?: number } }) => e.name === 'InvalidArgument' && e.$metadata?.httpStatusCode === 400, key);
      await assert.rejects(s3.send(new GetObjectCommand({ Bucket: 'objects', Key: key })), { name: 'NoSuchKey' }, key);
    }
    await assert.rejects(readFile(join(t.dataDir, 'escape')), { code: 'ENOENT' });
    await s3.send(new PutObjectCommand({ Bucket: 'objects', Key: 'file', Body: 'x' }));
    await assert.rejects(s3.send(new PutObjectCommand({ Bucket: 'objects', Key: 'file/child', Body: 'x' })), { name: 'KeyConflict' });
  });

  it('lists with prefix, delimiter, max-keys, continuation tokens and start-after', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'listing' }));
    const keys = ['a.txt', 'b/1.txt', 'b/2.txt', 'b/c/3.txt', 'b-side.txt', 'c/4.txt', 'd.txt', 'é.txt'];
    for (const key of keys) await s3.send(new PutObjectCommand({ Bucket: 'listing', Key: key, Body: key }));

    const all = await s3.send(new ListObjectsV2Command({ Bucket: 'listing' }));
    assert.deepEqual(all.Contents?.map((c) => c.Key), ['a.txt', 'b-side.txt', 'b/1.txt', 'b/2.txt', 'b/c/3.txt', 'c/4.txt', 'd.txt', 'é.txt']);
    assert.equal(all.KeyCount, 8);
    assert.equal(all.IsTruncated, false);
    assert.equal(all.Contents?.[0]?.ETag, md5('a.txt'));
    assert.equal(all.Contents?.[0]?.Size, 5);
    assert.equal(all.Contents?.[0]?.StorageClass, 'STANDARD');

    const top = await s3.send(new ListObjectsV2Command({ Bucket: 'listing', Delimiter: '/' }));
    assert.deepEqual(top.Contents?.map((c) => c.Key), ['a.txt', 'b-side.txt', 'd.txt', 'é.txt']);
    assert.deepEqual(top.CommonPrefixes?.map((p) => p.Prefix), ['b/', 'c/']);
    assert.equal(top.KeyCount, 6);

    const underB = await s3.send(new ListObjectsV2Command({ Bucket: 'listing', Prefix: 'b/', Delimiter: '/' }));
    assert.deepEqual(underB.Contents?.map((c) => c.Key), ['b/1.txt', 'b/2.txt']);
    assert.deepEqual(underB.CommonPrefixes?.map((p) => p.Prefix), ['b/c/']);
    const partial = await s3.send(new ListObjectsV2Command({ Bucket: 'listing', Prefix: 'b' }));
    assert.deepEqual(partial.Contents?.map((c) => c.Key), ['b-side.txt', 'b/1.txt', 'b/2.txt', 'b/c/3.txt']);

    const paged: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: 'listing', Delimiter: '/', MaxKeys: 2, ...(token && { ContinuationToken: token }) }));
      paged.push(...(page.Contents ?? []).map((c) => c.Key ?? ''), ...(page.CommonPrefixes ?? []).map((p) => p.Prefix ?? ''));
      assert.ok((page.KeyCount ?? 0) <= 2);
      token = page.NextContinuationToken;
      assert.equal(page.IsTruncated, token !== undefined);
      pages++;
    } while (token);
    assert.equal(pages, 3);
    assert.deepEqual(paged.sort(), ['a.txt', 'b-side.txt', 'b/', 'c/', 'd.txt', 'é.txt'].sort());

    const afterB = await s3.send(new ListObjectsV2Command({ Bucket: 'listing', StartAfter: 'b/2.txt' }));
    assert.deepEqual(afterB.Contents?.map((c) => c.Key), ['b/c/3.txt', 'c/4.txt', 'd.txt', 'é.txt']);
    assert.equal(afterB.StartAfter, 'b/2.txt');

    const v1 = await s3.send(new ListObjectsCommand({ Bucket: 'listing', Delimiter: '/', MaxKeys: 3 }));
    assert.deepEqual(v1.Contents?.map((c) => c.Key), ['a.txt', 'b-side.txt']);
    assert.deepEqual(v1.CommonPrefixes?.map((p) => p.Prefix), ['b/']);
    assert.equal(v1.IsTruncated, true);
    assert.equal(v1.NextMarker, 'b/');
  });

  it('writes the ListObjectsV2 document exactly as S3 does', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'exact' }));
    const put = await s3.send(new PutObjectCommand({ Bucket: 'exact', Key: 'zdir/a&b.txt', Body: 'x' }));
    await s3.send(new PutObjectCommand({ Bucket: 'exact', Key: 'top.txt', Body: 'yy' }));
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'exact', Key: 'top.txt' }));
    const url = await getSignedUrl(s3, new ListObjectsV2Command({ Bucket: 'exact', Delimiter: '/', MaxKeys: 1 }));
    const response = await fetch(url);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/xml');
    assert.match(response.headers.get('x-amz-request-id') ?? '', /^[0-9A-F]{16}$/);
    const token = Buffer.from('top.txt').toString('base64');
    assert.equal(await response.text(), '<?xml version="1.0" encoding="UTF-8"?>\n'
      + '<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>exact</Name><Prefix></Prefix>'
      + `<NextContinuationToken>${token}</NextContinuationToken><KeyCount>1</KeyCount><MaxKeys>1</MaxKeys><Delimiter>/</Delimiter><IsTruncated>true</IsTruncated>`
      + `<Contents><Key>top.txt</Key><LastModified>${head.LastModified?.toISOString()}</LastModified><ETag>&quot;${md5('yy').slice(1, -1)}&quot;</ETag><Size>2</Size><StorageClass>STANDARD</StorageClass></Contents>`
      + '</ListBucketResult>');
    assert.ok(put.ETag);
    const rest = await s3.send(new ListObjectsV2Command({ Bucket: 'exact', Delimiter: '/', ContinuationToken: token }));
    assert.deepEqual(rest.CommonPrefixes?.map((p) => p.Prefix), ['zdir/']);
    assert.equal(rest.IsTruncated, false);
  });

  it('deletes many objects at once', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'many' }));
    for (const key of ['x/1', 'x/2', 'y']) await s3.send(new PutObjectCommand({ Bucket: 'many', Key: key, Body: key }));
    const result = await s3.send(new DeleteObjectsCommand({ Bucket: 'many', Delete: { Objects: [{ Key: 'x/1' }, { Key: 'x/2' }, { Key: 'missing' }] } }));
    assert.deepEqual(result.Deleted?.map((d) => d.Key), ['x/1', 'x/2', 'missing']);
    const left = await s3.send(new ListObjectsV2Command({ Bucket: 'many' }));
    assert.deepEqual(left.Contents?.map((c) => c.Key), ['y']);
  });

  it('lists, heads, creates (idempotently) and deletes buckets', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'made-here' }));
    await s3.send(new CreateBucketCommand({ Bucket: 'made-here' }));
    const buckets = await s3.send(new ListBucketsCommand({}));
    assert.ok(buckets.Buckets?.some((b) => b.Name === 'made-here' && b.CreationDate instanceof Date));
    assert.equal((await s3.send(new HeadBucketCommand({ Bucket: 'made-here' }))).$metadata.httpStatusCode, 200);
    await assert.rejects(s3.send(new HeadBucketCommand({ Bucket: 'no-such-bucket' })), { name: 'NotFound' });
    await assert.rejects(s3.send(new CreateBucketCommand({ Bucket: 'Bad_Name' })), { name: 'InvalidBucketName' });
    await s3.send(new PutObjectCommand({ Bucket: 'made-here', Key: 'k', Body: 'v' }));
    await assert.rejects(s3.send(new DeleteBucketCommand({ Bucket: 'made-here' })), { name: 'BucketNotEmpty' });
    await s3.send(new DeleteObjectCommand({ Bucket: 'made-here', Key: 'k' }));
    await s3.send(new DeleteBucketCommand({ Bucket: 'made-here' }));
    await assert.rejects(s3.send(new ListObjectsV2Command({ Bucket: 'made-here' })), { name: 'NoSuchBucket' });
    await assert.rejects(s3.send(new PutObjectCommand({ Bucket: 'made-here', Key: 'k', Body: 'v' })), { name: 'NoSuchBucket' });
  });

  it('serves the artifact store: a zip a built-in action wrote, and one a worker uploads for the next action', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sluice-s3-artifact-'));
    try {
      await writeFile(join(dir, 'app.txt'), 'built by Sluice');
      const location = { bucket: 'artifact-store', key: 'pipe/SourceArti/abc123.zip' };
      await t.server.runtime.artifacts.putDirectory(location, dir);
      const onDisk = await readFile(join(t.dataDir, 'artifacts', location.bucket, location.key));
      const got = await s3.send(new GetObjectCommand({ Bucket: location.bucket, Key: location.key }));
      assert.ok((await bytesOf(got.Body)).equals(onDisk));
      assert.equal(got.ETag, md5(onDisk));
      assert.ok((await s3.send(new ListBucketsCommand({}))).Buckets?.some((b) => b.Name === 'artifact-store'));

      // The worker's output zip, read back by the artifact store as a later action would.
      const output = { bucket: 'artifact-store', key: 'pipe/BuildOutpu/def456.zip' };
      await s3.send(new PutObjectCommand({ Bucket: output.bucket, Key: output.key, Body: onDisk }));
      assert.equal(await t.server.runtime.artifacts.exists(output), true);
      const out = join(dir, 'out');
      await t.server.runtime.artifacts.extractTo(output, out);
      assert.equal(await readFile(join(out, 'app.txt'), 'utf8'), 'built by Sluice');

      // A built-in action rewriting an object in place is seen at once, with its new ETag.
      await writeFile(join(dir, 'app.txt'), 'rebuilt');
      await t.server.runtime.artifacts.putDirectory(location, dir);
      const rewritten = await readFile(join(t.dataDir, 'artifacts', location.bucket, location.key));
      assert.equal((await s3.send(new HeadObjectCommand({ Bucket: location.bucket, Key: location.key }))).ETag, md5(rewritten));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('addresses buckets virtual-hosted style, as <bucket>.localhost', async () => {
    const { Agent } = await import('node:http');
    // Resolve every name to the loopback address, as *.localhost does on most systems.
    const lookup = (_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void): void => {
      if (options.all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
      else callback(null, '127.0.0.1', 4);
    };
    const agent = new Agent({ lookup } as unknown as ConstructorParameters<typeof Agent>[0]);
    const port = new URL(t.url).port;
    const hosted = s3Client(t, t.credentials, { endpoint: `http://localhost:${port}`, forcePathStyle: false, requestHandler: { httpAgent: agent } });
    const seen = captureHeaders(hosted);
    try {
      await hosted.send(new PutObjectCommand({ Bucket: 'objects', Key: 'hosted/key.txt', Body: 'virtual' }));
      assert.equal(seen.at(-1)?.host, `objects.localhost:${port}`);
      const got = await s3.send(new GetObjectCommand({ Bucket: 'objects', Key: 'hosted/key.txt' }));
      assert.equal(await got.Body?.transformToString(), 'virtual');
      const listed = await hosted.send(new ListObjectsV2Command({ Bucket: 'objects', Prefix: 'hosted/' }));
      assert.deepEqual(listed.Contents?.map((c) => c.Key), ['hosted/key.txt']);
    } finally {
      hosted.destroy();
      agent.destroy();
    }
  });
});
