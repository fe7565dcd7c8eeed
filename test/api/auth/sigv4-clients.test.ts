/**
 * End to end with the real AWS SDK clients: `@aws-sdk/client-codepipeline` and
 * `@aws-sdk/client-s3` sign requests through their whole middleware stack (user agent, checksums,
 * S3 key encoding, aws-chunked uploads) and a capturing request handler hands each one to
 * `verifySigV4`; `@aws-sdk/s3-request-presigner` makes real presigned URLs. The SDK's clock is
 * Node's mocked `Date`, so signatures are the same on every run.
 */
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, test, type TestContext } from 'node:test';
import { CodePipelineClient, CreatePipelineCommand, ListPipelinesCommand } from '@aws-sdk/client-codepipeline';
import { CopyObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { HttpResponse, type HttpRequest } from '@smithy/core/protocols';
import { verifySigV4, type Credential, type SignedRequest } from '../../../src/api/auth/sigv4.ts';
import { fromUrl, lookupOf, NOW, PERMANENT, TEMPORARY, toServerRequest } from './sdk-signing.ts';

const ENDPOINT = 'http://127.0.0.1:8090';
const lookup = lookupOf(PERMANENT, TEMPORARY);

/** A request handler that records what the client would send and answers 200 with an empty body. */
function capturingHandler(sent: SignedRequest[]) {
  return {
    async handle(request: HttpRequest) {
      const body = request.body instanceof Uint8Array ? new Uint8Array(request.body)
        : typeof request.body === 'string' ? new TextEncoder().encode(request.body) : undefined;
      sent.push(toServerRequest(request, body));
      return { response: new HttpResponse({ statusCode: 200, headers: {}, body: Readable.from([]) }) };
    },
  };
}

function sdkCredentials(c: Credential) {
  return { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, ...(c.sessionToken !== undefined && { sessionToken: c.sessionToken }) };
}

function clients(t: TestContext, credential: Credential) {
  t.mock.timers.enable({ apis: ['Date'], now: NOW });
  const sent: SignedRequest[] = [];
  const common = { region: 'us-east-1', endpoint: ENDPOINT, credentials: sdkCredentials(credential), requestHandler: capturingHandler(sent), maxAttempts: 1 };
  return { sent, codepipeline: new CodePipelineClient(common), s3: new S3Client({ ...common, forcePathStyle: true }) };
}

async function verifyAll(sent: readonly SignedRequest[], credential: Credential): Promise<void> {
  assert.ok(sent.length > 0);
  for (const request of sent) {
    const caller = await verifySigV4(request, lookup, { now: NOW + 1000 });
    assert.equal(caller.principal, credential.principal);
  }
}

for (const credential of [PERMANENT, TEMPORARY]) {
  const kind = credential.sessionToken === undefined ? 'permanent key' : 'temporary key';

  describe(`@aws-sdk clients, ${kind}`, () => {
    test('CodePipeline ListPipelines and CreatePipeline', async (t) => {
      const { sent, codepipeline } = clients(t, credential);
      await codepipeline.send(new ListPipelinesCommand({ nextToken: 'a b/c~ü' }));
      await codepipeline.send(new CreatePipelineCommand({
        pipeline: { name: 'release', roleArn: 'arn:aws:iam::123456789012:role/sluice', stages: [], artifactStore: { type: 'S3', location: 'artifacts' } },
      })).catch(() => undefined); // the empty response does not parse; the request was sent
      assert.equal(sent.length, 2);
      assert.equal(sent[1]?.headers['x-amz-target'], 'CodePipeline_20150709.CreatePipeline');
      await verifyAll(sent, credential);
    });

    test('S3 PutObject, GetObject, CopyObject and ListObjectsV2 with awkward keys', async (t) => {
      const { sent, s3 } = clients(t, credential);
      const Key = "dir/a b+c~(d)!*'/ü✓ 🚀/..//x.txt";
      await s3.send(new PutObjectCommand({ Bucket: 'bucket', Key, Body: new Uint8Array([1, 2, 3]) }));
      await s3.send(new GetObjectCommand({ Bucket: 'bucket', Key }));
      await s3.send(new CopyObjectCommand({ Bucket: 'bucket', Key: 'copy', CopySource: `bucket/${encodeURIComponent(Key)}` })).catch(() => undefined);
      await s3.send(new ListObjectsV2Command({ Bucket: 'bucket', Prefix: 'a b/ü~', Delimiter: '/', StartAfter: '' }));
      assert.equal(sent.length, 4);
      await verifyAll(sent, credential);
    });

    test('S3 PutObject of a stream is aws-chunked with an unsigned trailer', async (t) => {
      const { sent, s3 } = clients(t, credential);
      await s3.send(new PutObjectCommand({ Bucket: 'bucket', Key: 'stream', Body: Readable.from([Buffer.from('hello')]), ContentLength: 5 }));
      assert.equal(sent[0]?.headers['x-amz-content-sha256'], 'STREAMING-UNSIGNED-PAYLOAD-TRAILER');
      const caller = await verifySigV4(sent[0], lookup, { now: NOW });
      assert.equal(caller.payloadHash, 'STREAMING-UNSIGNED-PAYLOAD-TRAILER');
    });

    test('S3 presigned GetObject and PutObject URLs', async (t) => {
      const { s3 } = clients(t, credential);
      const get = await getSignedUrl(s3, new GetObjectCommand({ Bucket: 'bucket', Key: 'a b/ü+~.txt' }), { expiresIn: 600 });
      const put = await getSignedUrl(s3, new PutObjectCommand({ Bucket: 'bucket', Key: 'up load' }), { expiresIn: 3600 });
      for (const [method, url] of [['GET', get], ['PUT', put]] as const) {
        const caller = await verifySigV4(fromUrl(method, url), lookup, { now: NOW + 599_000 });
        assert.equal(caller.presigned, true);
        assert.equal(caller.service, 's3');
      }
    });
  });
}

test('a body changed after the JavaScript SDK signed it fails on its x-amz-content-sha256', async (t) => {
  const { sent, codepipeline } = clients(t, PERMANENT);
  await codepipeline.send(new ListPipelinesCommand({ nextToken: 'page-2' }));
  const [request] = sent as [SignedRequest];
  const tampered = { ...request, body: new TextEncoder().encode('{"nextToken":"page-3"}') };
  await assert.rejects(verifySigV4(tampered, lookup, { now: NOW }), { reason: 'PayloadHashMismatch' });
});
