/**
 * Large and unusual uploads: multipart uploads (ETag of the parts, part list checks, abort),
 * signed aws-chunked bodies (STREAMING-AWS4-HMAC-SHA256-PAYLOAD, each chunk signed as the Java and
 * Go SDKs send them), and the real `aws s3 cp` both ways, multipart included.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import {
  AbortMultipartUploadCommand, CompleteMultipartUploadCommand, CreateBucketCommand, CreateMultipartUploadCommand, GetObjectCommand,
  HeadObjectCommand, ListPartsCommand, UploadPartCommand, type S3Client,
} from '@aws-sdk/client-s3';
import { Sha256 } from '@smithy/core/checksum';
import { HttpRequest } from '@smithy/core/protocols';
import { SignatureV4 } from '@smithy/signature-v4';
import { startTestServer, type TestServer } from '../support/server.ts';
import { bytesOf, s3Client } from '../support/s3.ts';

const MiB = 1024 * 1024;
const aws = promisify(execFile);
const hasAwsCli = await aws('aws', ['--version']).then(() => true, () => false);
const hexMd5 = (data: Buffer): string => createHash('md5').update(data).digest('hex');

describe('S3 endpoint: multipart, signed chunks, aws s3 cp', () => {
  let t: TestServer;
  let s3: S3Client;
  before(async () => {
    t = await startTestServer();
    s3 = s3Client(t);
    await s3.send(new CreateBucketCommand({ Bucket: 'uploads' }));
  });
  after(async () => {
    s3.destroy();
    await t.close();
  });

  it('assembles a multipart upload of a few MB, with S3\'s ETag for it', async () => {
    const parts = [randomBytes(5 * MiB), randomBytes(5 * MiB), randomBytes(MiB + 123)];
    const created = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'uploads', Key: 'big/artifact.zip', ContentType: 'application/zip', Metadata: { run: '7' } }));
    const uploadId = created.UploadId ?? '';
    assert.match(uploadId, /^[A-Za-z0-9_-]{40,}$/);
    // Upload out of order, and part 2 twice: the later upload wins.
    const etags: string[] = [];
    for (const n of [3, 1, 2, 2]) {
      const body = n === 2 && etags[1] === undefined ? randomBytes(5 * MiB) : parts[n - 1] ?? Buffer.alloc(0);
      const uploaded = await s3.send(new UploadPartCommand({ Bucket: 'uploads', Key: 'big/artifact.zip', UploadId: uploadId, PartNumber: n, Body: body }));
      assert.equal(uploaded.ETag, `"${hexMd5(body)}"`);
      etags[n - 1] = uploaded.ETag ?? '';
    }
    const listed = await s3.send(new ListPartsCommand({ Bucket: 'uploads', Key: 'big/artifact.zip', UploadId: uploadId }));
    assert.deepEqual(listed.Parts?.map((p) => [p.PartNumber, p.Size, p.ETag]), parts.map((p, i) => [i + 1, p.length, etags[i]]));

    await assert.rejects(s3.send(new CompleteMultipartUploadCommand({
      Bucket: 'uploads', Key: 'big/artifact.zip', UploadId: uploadId,
      MultipartUpload: { Parts: [{ PartNumber: 1, ETag: etags[0] }, { PartNumber: 2, ETag: '"00000000000000000000000000000000"' }] },
    })), { name: 'InvalidPart' });
    await assert.rejects(s3.send(new CompleteMultipartUploadCommand({
      Bucket: 'uploads', Key: 'big/artifact.zip', UploadId: uploadId,
      MultipartUpload: { Parts: [{ PartNumber: 2, ETag: etags[1] }, { PartNumber: 1, ETag: etags[0] }] },
    })), { name: 'InvalidPartOrder' });

    const completed = await s3.send(new CompleteMultipartUploadCommand({
      Bucket: 'uploads', Key: 'big/artifact.zip', UploadId: uploadId,
      MultipartUpload: { Parts: etags.map((ETag, i) => ({ PartNumber: i + 1, ETag })) },
    }));
    const expected = `"${createHash('md5').update(Buffer.concat(parts.map((p) => createHash('md5').update(p).digest()))).digest('hex')}-3"`;
    assert.equal(completed.ETag, expected);
    const whole = Buffer.concat(parts);
    const got = await s3.send(new GetObjectCommand({ Bucket: 'uploads', Key: 'big/artifact.zip' }));
    assert.equal(got.ETag, expected);
    assert.equal(got.ContentType, 'application/zip');
    assert.deepEqual(got.Metadata, { run: '7' });
    assert.ok((await bytesOf(got.Body)).equals(whole));
    const ranged = await s3.send(new GetObjectCommand({ Bucket: 'uploads', Key: 'big/artifact.zip', Range: `bytes=${5 * MiB - 2}-${5 * MiB + 1}` }));
    assert.ok((await bytesOf(ranged.Body)).equals(whole.subarray(5 * MiB - 2, 5 * MiB + 2)));
    await assert.rejects(s3.send(new ListPartsCommand({ Bucket: 'uploads', Key: 'big/artifact.zip', UploadId: uploadId })), { name: 'NoSuchUpload' });
  });

  it('refuses small middle parts (EntityTooSmall), aborts uploads, and knows no upload after that', async () => {
    const created = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'uploads', Key: 'small-parts' }));
    const ids = { Bucket: 'uploads', Key: 'small-parts', UploadId: created.UploadId ?? '' };
    const one = await s3.send(new UploadPartCommand({ ...ids, PartNumber: 1, Body: 'tiny' }));
    const two = await s3.send(new UploadPartCommand({ ...ids, PartNumber: 2, Body: 'tiny too' }));
    await assert.rejects(s3.send(new CompleteMultipartUploadCommand({ ...ids, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: one.ETag }, { PartNumber: 2, ETag: two.ETag }] } })),
      { name: 'EntityTooSmall' });
    await assert.rejects(s3.send(new UploadPartCommand({ ...ids, PartNumber: 10_001, Body: 'x' })), { name: 'InvalidArgument' });
    await assert.rejects(s3.send(new UploadPartCommand({ ...ids, Key: 'another-key', PartNumber: 1, Body: 'x' })), { name: 'NoSuchUpload' });
    const aborted = await s3.send(new AbortMultipartUploadCommand(ids));
    assert.equal(aborted.$metadata.httpStatusCode, 204);
    await assert.rejects(s3.send(new UploadPartCommand({ ...ids, PartNumber: 3, Body: 'x' })), { name: 'NoSuchUpload' });
    await assert.rejects(s3.send(new AbortMultipartUploadCommand(ids)), { name: 'NoSuchUpload' });
    await assert.rejects(s3.send(new HeadObjectCommand({ Bucket: 'uploads', Key: 'small-parts' })), { name: 'NotFound' });
  });

  /** A PUT with a STREAMING-AWS4-HMAC-SHA256-PAYLOAD body: headers signed by the SDK's signer, chunks by AWS's documented chain. */
  async function signedChunkedPut(key: string, payload: Buffer, chunkSize: number, damage?: (body: Buffer) => void): Promise<{ status: number; text: string }> {
    const url = new URL(`${t.url}/uploads/${key}`);
    const signer = new SignatureV4({ credentials: t.credentials, region: 'us-east-1', service: 's3', sha256: Sha256, uriEscapePath: false });
    const sizes: number[] = [];
    for (let at = 0; at < payload.length; at += chunkSize) sizes.push(Math.min(chunkSize, payload.length - at));
    sizes.push(0);
    const encodedLength = sizes.reduce((sum, n) => sum + n.toString(16).length + 17 + 64 + 2 + n + 2, 0);
    const signed = await signer.sign(new HttpRequest({
      method: 'PUT', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: url.pathname,
      headers: {
        host: url.host, 'content-encoding': 'aws-chunked', 'content-length': String(encodedLength),
        'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD', 'x-amz-decoded-content-length': String(payload.length),
      },
    }));
    const headers = signed.headers as Record<string, string>;
    const [, date = '', region = '', service = ''] = /Credential=[^/]+\/(\d{8})\/([^/]+)\/([^/]+)\//.exec(headers.authorization ?? '') ?? [];
    const hmac = (k: Buffer | string, data: string): Buffer => createHmac('sha256', k).update(data).digest();
    const signingKey = hmac(hmac(hmac(hmac(`AWS4${t.credentials.secretAccessKey}`, date), region), service), 'aws4_request');
    let previous = /Signature=([0-9a-f]{64})/.exec(headers.authorization ?? '')?.[1] ?? '';
    const pieces: Buffer[] = [];
    let at = 0;
    for (const size of sizes) {
      const data = payload.subarray(at, at + size);
      at += size;
      const stringToSign = ['AWS4-HMAC-SHA256-PAYLOAD', headers['x-amz-date'], `${date}/${region}/${service}/aws4_request`, previous,
        createHash('sha256').update('').digest('hex'), createHash('sha256').update(data).digest('hex')].join('\n');
      previous = hmac(signingKey, stringToSign).toString('hex');
      pieces.push(Buffer.from(`${size.toString(16)};chunk-signature=${previous}\r\n`), data, Buffer.from('\r\n'));
    }
    const body = Buffer.concat(pieces);
    assert.equal(body.length, encodedLength);
    damage?.(body);
    return new Promise((resolve, reject) => {
      const req = httpRequest(url, { method: 'PUT', headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  it('decodes signed aws-chunked uploads, checking every chunk signature', async () => {
    const payload = randomBytes(200_000);
    const ok = await signedChunkedPut('chunked/good.bin', payload, 64 * 1024);
    assert.equal(ok.status, 200, ok.text);
    const got = await s3.send(new GetObjectCommand({ Bucket: 'uploads', Key: 'chunked/good.bin' }));
    assert.ok((await bytesOf(got.Body)).equals(payload));
    assert.equal(got.ETag, `"${hexMd5(payload)}"`);

    const tampered = await signedChunkedPut('chunked/bad.bin', payload, 64 * 1024, (body) => { body[100_000] = (body[100_000] ?? 0) ^ 1; });
    assert.equal(tampered.status, 403);
    assert.match(tampered.text, /<Code>SignatureDoesNotMatch<\/Code><Message>The request signature we calculated does not match/);
    await assert.rejects(s3.send(new HeadObjectCommand({ Bucket: 'uploads', Key: 'chunked/bad.bin' })), { name: 'NotFound' });
  });

  it('works with `aws s3 cp` both ways, small and multipart, and `aws s3 ls`', { skip: !hasAwsCli && 'the aws CLI is not installed' }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sluice-aws-cli-'));
    try {
      const env = t.awsEnv();
      const small = join(dir, 'small file.txt');
      await writeFile(small, 'hello from the aws CLI\n');
      const large = join(dir, 'large.bin');
      const largeBytes = randomBytes(10 * MiB + 17);
      await writeFile(large, largeBytes);
      await aws('aws', ['s3', 'cp', small, 's3://uploads/cli/small file.txt'], { env });
      await aws('aws', ['s3', 'cp', large, 's3://uploads/cli/large.bin'], { env });

      const head = await s3.send(new HeadObjectCommand({ Bucket: 'uploads', Key: 'cli/large.bin' }));
      assert.equal(head.ContentLength, largeBytes.length);
      assert.match(head.ETag ?? '', /^"[0-9a-f]{32}-2"$/, 'the CLI uploads files over 8 MB in parts');

      await aws('aws', ['s3', 'cp', 's3://uploads/cli/small file.txt', join(dir, 'back.txt')], { env });
      await aws('aws', ['s3', 'cp', 's3://uploads/cli/large.bin', join(dir, 'large-back.bin')], { env });
      assert.equal(await readFile(join(dir, 'back.txt'), 'utf8'), 'hello from the aws CLI\n');
      assert.ok((await readFile(join(dir, 'large-back.bin'))).equals(largeBytes));

      const { stdout } = await aws('aws', ['s3', 'ls', 's3://uploads/cli/'], { env });
      assert.match(stdout, /\s23 small file\.txt\n/);
      assert.match(stdout, new RegExp(`\\s${largeBytes.length} large\\.bin\\n`));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
