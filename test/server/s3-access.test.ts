/**
 * Who may use the S3 endpoint: SigV4 failures reported as S3 reports them, presigned URLs (with
 * plain fetch, and expired), temporary credentials with a session token as job workers get them,
 * IAM policies with S3 action names, and S3's error document.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { startTestServer, type TestServer } from '../support/server.ts';
import { makeTemporaryKey, makeUser, s3Client } from '../support/s3.ts';

type SdkError = Error & { $metadata?: { httpStatusCode?: number } };
const is = (name: string, status: number) => (e: SdkError): boolean => {
  assert.equal(e.name, name);
  assert.equal(e.$metadata?.httpStatusCode, status);
  return true;
};

describe('S3 endpoint: authentication and authorization', () => {
  let t: TestServer;
  let admin: S3Client;
  const clients: S3Client[] = [];
  const client = (...args: Parameters<typeof s3Client> extends [unknown, ...infer R] ? R : never): S3Client => {
    const c = s3Client(t, ...args);
    clients.push(c);
    return c;
  };
  before(async () => {
    t = await startTestServer();
    admin = client();
    await admin.send(new CreateBucketCommand({ Bucket: 'secured' }));
    await admin.send(new PutObjectCommand({ Bucket: 'secured', Key: 'a/object.txt', Body: 'secret' }));
    await admin.send(new PutObjectCommand({ Bucket: 'secured', Key: 'b/other.txt', Body: 'other' }));
  });
  after(async () => {
    for (const c of clients) c.destroy();
    await t.close();
  });

  it('answers a missing key and a missing bucket with S3 XML errors and a request id', async () => {
    const url = await getSignedUrl(admin, new GetObjectCommand({ Bucket: 'secured', Key: 'no/such key' }));
    const response = await fetch(url);
    assert.equal(response.status, 404);
    const requestId = response.headers.get('x-amz-request-id') ?? '';
    assert.match(requestId, /^[0-9A-F]{16}$/);
    const text = await response.text();
    assert.match(text, new RegExp(`^<\\?xml version="1.0" encoding="UTF-8"\\?>\\n<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>no/such key</Key><RequestId>${requestId}</RequestId><HostId>[A-Za-z0-9+/=]+</HostId></Error>$`));
    await assert.rejects(admin.send(new GetObjectCommand({ Bucket: 'no-such-bucket', Key: 'k' })), is('NoSuchBucket', 404));
    await assert.rejects(admin.send(new ListObjectsV2Command({ Bucket: 'no-such-bucket' })), is('NoSuchBucket', 404));
  });

  it('refuses a wrong secret (SignatureDoesNotMatch) and an unknown key (InvalidAccessKeyId)', async () => {
    const wrongSecret = client({ accessKeyId: t.credentials.accessKeyId, secretAccessKey: 'not-the-secret' });
    await assert.rejects(wrongSecret.send(new GetObjectCommand({ Bucket: 'secured', Key: 'a/object.txt' })), is('SignatureDoesNotMatch', 403));
    await assert.rejects(wrongSecret.send(new PutObjectCommand({ Bucket: 'secured', Key: 'a/object.txt', Body: 'overwritten' })), is('SignatureDoesNotMatch', 403));
    const unknown = client({ accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'x' });
    await assert.rejects(unknown.send(new GetObjectCommand({ Bucket: 'secured', Key: 'a/object.txt' })), is('InvalidAccessKeyId', 403));
    const got = await admin.send(new GetObjectCommand({ Bucket: 'secured', Key: 'a/object.txt' }));
    assert.equal(await got.Body?.transformToString(), 'secret', 'nothing was overwritten');
  });

  it('tells where a tampered signature went wrong, as S3 does', async () => {
    const url = new URL(await getSignedUrl(admin, new GetObjectCommand({ Bucket: 'secured', Key: 'a/object.txt' })));
    url.pathname = '/secured/b/other.txt';
    const response = await fetch(url);
    assert.equal(response.status, 403);
    const text = await response.text();
    assert.match(text, /<Code>SignatureDoesNotMatch<\/Code>/);
    assert.match(text, /<StringToSign>AWS4-HMAC-SHA256\n\d{8}T\d{6}Z\n\d{8}\/us-east-1\/s3\/aws4_request\n[0-9a-f]{64}<\/StringToSign>/);
    assert.match(text, /<CanonicalRequest>GET\n\/secured\/b\/other.txt\n/);
  });

  it('serves presigned GET and PUT URLs to plain fetch, and refuses expired ones', async () => {
    const get = await getSignedUrl(admin, new GetObjectCommand({ Bucket: 'secured', Key: 'a/object.txt' }), { expiresIn: 60 });
    const got = await fetch(get);
    assert.equal(got.status, 200);
    assert.equal(await got.text(), 'secret');
    assert.equal(got.headers.get('etag'), '"5ebe2294ecd0e0f08eab7690d2a6ee69"');

    const put = await getSignedUrl(admin, new PutObjectCommand({ Bucket: 'secured', Key: 'presigned/upload.bin' }), { expiresIn: 60 });
    const uploaded = await fetch(put, { method: 'PUT', body: 'from a presigned URL' });
    assert.equal(uploaded.status, 200);
    const back = await admin.send(new GetObjectCommand({ Bucket: 'secured', Key: 'presigned/upload.bin' }));
    assert.equal(await back.Body?.transformToString(), 'from a presigned URL');

    const expired = await getSignedUrl(admin, new GetObjectCommand({ Bucket: 'secured', Key: 'a/object.txt' }), { expiresIn: 60, signingDate: new Date(Date.now() - 120_000) });
    const refused = await fetch(expired);
    assert.equal(refused.status, 403);
    const text = await refused.text();
    assert.match(text, /<Code>AccessDenied<\/Code><Message>Request has expired<\/Message>/);
    assert.match(text, /<X-Amz-Expires>60<\/X-Amz-Expires>/);
  });

  it('accepts temporary credentials with their session token, and refuses them without it or once expired', async () => {
    await makeUser(t, 'job-worker', {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::secured/*' },
        { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::secured' },
      ],
    });
    const temporary = await makeTemporaryKey(t, 'job-worker');
    assert.match(temporary.accessKeyId, /^ASIA/);
    const worker = client(temporary);
    const got = await worker.send(new GetObjectCommand({ Bucket: 'secured', Key: 'a/object.txt' }));
    assert.equal(await got.Body?.transformToString(), 'secret');
    await worker.send(new PutObjectCommand({ Bucket: 'secured', Key: 'outputs/build.zip', Body: 'zip bytes' }));
    assert.equal((await worker.send(new ListObjectsV2Command({ Bucket: 'secured', Prefix: 'outputs/' }))).KeyCount, 1);

    const { sessionToken: _, ...withoutToken } = temporary;
    await assert.rejects(client(withoutToken).send(new GetObjectCommand({ Bucket: 'secured', Key: 'a/object.txt' })), is('InvalidToken', 400));
    await assert.rejects(client({ ...temporary, sessionToken: 'forged' }).send(new GetObjectCommand({ Bucket: 'secured', Key: 'a/object.txt' })), is('InvalidToken', 400));
    const expired = await makeTemporaryKey(t, 'job-worker', -1000);
    await assert.rejects(client(expired).send(new GetObjectCommand({ Bucket: 'secured', Key: 'a/object.txt' })), is('InvalidToken', 400));
    // A presigned URL carries the token in its query.
    const url = await getSignedUrl(worker, new GetObjectCommand({ Bucket: 'secured', Key: 'a/object.txt' }));
    assert.match(url, /X-Amz-Security-Token=/);
    assert.equal(await (await fetch(url)).text(), 'secret');
  });

  it('refuses a user without S3 permissions, and one whose policy names other keys, with AccessDenied', async () => {
    const nobody = client(await makeUser(t, 'no-s3', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'codepipeline:*', Resource: '*' }] }));
    await assert.rejects(nobody.send(new GetObjectCommand({ Bucket: 'secured', Key: 'a/object.txt' })), (e: SdkError) => {
      is('AccessDenied', 403)(e);
      assert.equal(e.message, 'User: arn:aws:iam::000000000000:user/no-s3 is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::secured/a/object.txt" because no identity-based policy allows the s3:GetObject action');
      return true;
    });
    await assert.rejects(nobody.send(new ListObjectsV2Command({ Bucket: 'secured' })), is('AccessDenied', 403));
    await assert.rejects(nobody.send(new PutObjectCommand({ Bucket: 'secured', Key: 'x', Body: 'x' })), is('AccessDenied', 403));

    const readsA = client(await makeUser(t, 'reads-a', {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::secured/a/*' },
        { Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::secured/a/denied*' },
      ],
    }));
    const got = await readsA.send(new GetObjectCommand({ Bucket: 'secured', Key: 'a/object.txt' }));
    assert.equal(await got.Body?.transformToString(), 'secret');
    await assert.rejects(readsA.send(new GetObjectCommand({ Bucket: 'secured', Key: 'b/other.txt' })), is('AccessDenied', 403));
    await assert.rejects(readsA.send(new GetObjectCommand({ Bucket: 'secured', Key: 'a/denied.txt' })), (e: SdkError) => /with an explicit deny/.test(e.message));
    // Without s3:ListBucket a missing key is AccessDenied, so keys cannot be probed (as on S3).
    await assert.rejects(readsA.send(new GetObjectCommand({ Bucket: 'secured', Key: 'a/missing.txt' })), is('AccessDenied', 403));
    await assert.rejects(readsA.send(new HeadObjectCommand({ Bucket: 'secured', Key: 'a/missing.txt' })), (e: SdkError) => e.$metadata?.httpStatusCode === 403);
  });

  it('grants listing by prefix with the s3:prefix condition key', async () => {
    const lister = client(await makeUser(t, 'lists-a', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::secured', Condition: { StringLike: { 's3:prefix': 'a/*' } } }],
    }));
    const listed = await lister.send(new ListObjectsV2Command({ Bucket: 'secured', Prefix: 'a/' }));
    assert.deepEqual(listed.Contents?.map((c) => c.Key), ['a/object.txt']);
    await assert.rejects(lister.send(new ListObjectsV2Command({ Bucket: 'secured', Prefix: 'b/' })), is('AccessDenied', 403));
    await assert.rejects(lister.send(new ListObjectsV2Command({ Bucket: 'secured' })), is('AccessDenied', 403));
  });
});
