/**
 * Requests signed by the AWS SDK's own signer verify: both services (S3 signs its path as is,
 * every other service double-encodes it), header and presigned forms, permanent and temporary
 * credentials, bodies, awkward queries and paths. The clock is fixed.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { SigningKeyCache, verifySigV4, type SignedRequest } from '../../../src/api/auth/sigv4.ts';
import { lookupOf, NOW, PERMANENT, signWithSdk, TEMPORARY, type RequestSpec } from './sdk-signing.ts';

const lookup = lookupOf(PERMANENT, TEMPORARY);

const createPipelineBody = JSON.stringify({
  pipeline: {
    name: 'release-é',
    roleArn: 'arn:aws:iam::123456789012:role/sluice',
    artifactStore: { type: 'S3', location: 'artifacts' },
    stages: [{ name: 'Source', actions: [] }],
  },
});

function codePipelineCall(op: string, body: string): RequestSpec {
  return {
    service: 'codepipeline',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `CodePipeline_20150709.${op}` },
    body,
  };
}

/** Awkward query: spaces, '/', '~', unicode, a repeated key, an empty value, characters URLSearchParams treats specially. */
const AWKWARD_QUERY = {
  'prefix': 'a b/c~d',
  'unicode': 'ünïcødé ✓ 🚀',
  'repeated': ['2', '10', '1', 'b', 'a'],
  'empty': '',
  'plus': 'a+b=c&d',
  'reserved': "!*'();:@$,?#[]",
  'key with space': 'v',
};

async function verifies(request: SignedRequest, credential = PERMANENT): Promise<void> {
  const caller = await verifySigV4(request, lookup, { now: NOW });
  assert.equal(caller.accessKeyId, credential.accessKeyId);
  assert.equal(caller.principal, credential.principal);
  assert.equal(caller.sessionToken, credential.sessionToken);
}

describe('header-signed requests from the AWS SDK signer', () => {
  const cases: [string, RequestSpec][] = [
    ['CodePipeline CreatePipeline with a JSON body', codePipelineCall('CreatePipeline', createPipelineBody)],
    ['CodePipeline ListPipelines with an empty JSON body', codePipelineCall('ListPipelines', '{}')],
    ['CodePipeline with no body at all', { service: 'codepipeline', method: 'GET', path: '/' }],
    ['non-S3 query with special characters', { service: 'codepipeline', method: 'GET', query: AWKWARD_QUERY }],
    ['non-S3 path with spaces, unicode, dot segments and empty segments', { service: 'codepipeline', method: 'GET', path: '/a%20b/./c/../d//e~f/%E2%9C%93/%2F/' }],
    ['non-S3 path with characters left unencoded on the wire', { service: 'codepipeline', method: 'GET', path: "/x:y@z!$&'()*+,;=/" }],
    ['S3 GetObject of a key with special characters', { service: 's3', method: 'GET', path: '/bucket/dir/a%20b%2Bc~%28d%29%21%2A/%C3%BC%E2%9C%93.txt' }],
    ['S3 key with dot segments and empty segments, kept as they are', { service: 's3', method: 'GET', path: '/bucket/a/../b/./c//d/' }],
    ['S3 ListObjectsV2 with a query with special characters', { service: 's3', method: 'GET', path: '/bucket', query: { 'list-type': '2', ...AWKWARD_QUERY } }],
    ['S3 PutObject with a binary body', { service: 's3', method: 'PUT', path: '/bucket/blob.bin', body: new Uint8Array([0, 255, 1, 254, 10, 13]) }],
    ['headers with runs of whitespace and a comma-joined repeat', {
      service: 'codepipeline', headers: { 'x-custom': '  a   b \t c  ', 'x-list': 'one,two' }, body: '{}',
    }],
  ];
  for (const [name, spec] of cases) {
    test(`${name}, permanent key`, async () => verifies(await signWithSdk(spec)));
    test(`${name}, temporary key with session token`, async () => verifies(await signWithSdk(spec, { credential: TEMPORARY }), TEMPORARY));
  }

  test('without x-amz-content-sha256 (as botocore signs non-S3 calls) the verifier hashes the body', async () => {
    const request = await signWithSdk(codePipelineCall('CreatePipeline', createPipelineBody), { applyChecksum: false });
    assert.equal(request.headers['x-amz-content-sha256'], undefined);
    await verifies(request);
  });

  test('payloadSha256 from the server stands in for the body', async () => {
    const { body, ...request } = await signWithSdk(codePipelineCall('CreatePipeline', createPipelineBody), { applyChecksum: false });
    const payloadSha256 = createHash('sha256').update(body ?? new Uint8Array()).digest('hex');
    await verifies({ ...request, payloadSha256 });
  });

  test('returns the scope, the signed headers and the payload hash', async () => {
    const request = await signWithSdk({ ...codePipelineCall('ListPipelines', '{}'), region: 'eu-west-3' });
    const caller = await verifySigV4(request, lookup, { now: NOW });
    assert.deepEqual(caller, {
      accessKeyId: PERMANENT.accessKeyId,
      principal: PERMANENT.principal,
      region: 'eu-west-3',
      service: 'codepipeline',
      signedHeaders: ['content-type', 'host', 'x-amz-content-sha256', 'x-amz-date', 'x-amz-target'],
      presigned: false,
      payloadHash: createHash('sha256').update('{}').digest('hex'),
    });
  });

  test('S3 UNSIGNED-PAYLOAD and streaming payloads verify on the headers and say so', async () => {
    for (const literal of ['UNSIGNED-PAYLOAD', 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD']) {
      const request = await signWithSdk({
        service: 's3', method: 'PUT', path: '/bucket/big', headers: { 'x-amz-content-sha256': literal }, body: 'not what was hashed',
      });
      const caller = await verifySigV4(request, lookup, { now: NOW });
      assert.equal(caller.payloadHash, literal);
    }
  });

  test('a request signed up to 5 minutes either side of now verifies', async () => {
    for (const skew of [-300_000, 300_000]) {
      await verifies(await signWithSdk(codePipelineCall('ListPipelines', '{}'), { signingDate: NOW + skew }));
    }
  });

  test('signing keys are derived once per (secret, day, region, service)', async () => {
    const keyCache = new SigningKeyCache(2);
    const request = await signWithSdk(codePipelineCall('ListPipelines', '{}'));
    await verifySigV4(request, lookup, { now: NOW, keyCache });
    await verifySigV4(request, lookup, { now: NOW, keyCache });
    assert.equal(keyCache.size, 1);
    await verifySigV4(await signWithSdk({ ...codePipelineCall('ListPipelines', '{}'), region: 'eu-west-1' }), lookup, { now: NOW, keyCache });
    await verifySigV4(await signWithSdk({ service: 's3', method: 'GET', path: '/b' }), lookup, { now: NOW, keyCache });
    assert.equal(keyCache.size, 2, 'bounded: the oldest key was evicted');
  });
});

describe('presigned URLs from the AWS SDK signer', () => {
  const cases: [string, RequestSpec][] = [
    ['CodePipeline GET', { service: 'codepipeline', method: 'GET' }],
    ['non-S3 with special query and path', { service: 'codepipeline', method: 'GET', path: '/a%20b/../c/%E2%9C%93', query: AWKWARD_QUERY }],
    ['S3 GetObject', { service: 's3', method: 'GET', path: '/bucket/dir/a%20b%2Bc~.txt', headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } }],
    ['S3 with special query', { service: 's3', method: 'GET', path: '/bucket/k', query: AWKWARD_QUERY, headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } }],
  ];
  for (const [name, spec] of cases) {
    test(`${name}, permanent key`, async () => {
      const request = await signWithSdk(spec, { presignExpiresIn: 900 });
      assert.match(request.query, /X-Amz-Signature=/);
      assert.equal(request.headers.authorization, undefined);
      await verifies(request);
    });
    test(`${name}, temporary key (token in the query)`, async () => {
      const request = await signWithSdk(spec, { credential: TEMPORARY, presignExpiresIn: 900 });
      assert.match(request.query, /X-Amz-Security-Token=/);
      await verifies(request, TEMPORARY);
    });
  }

  test('verifies until its last second, and for a week at most', async () => {
    // The S3 presigner sets x-amz-content-sha256 to UNSIGNED-PAYLOAD before presigning, as AWS requires for S3.
    const spec: RequestSpec = { service: 's3', method: 'GET', path: '/b/k', headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } };
    const request = await signWithSdk(spec, { presignExpiresIn: 604_800 });
    const caller = await verifySigV4(request, lookup, { now: NOW + 604_800_000 });
    assert.equal(caller.presigned, true);
    assert.equal(caller.payloadHash, 'UNSIGNED-PAYLOAD');
  });
});
