/**
 * Signed aws-chunked uploads, on AWS's published example (PUT of 66,560 bytes of 'a' in a
 * 65,536-byte and a 1,024-byte chunk), then damaged in every way a chunk can be.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isAuthFailure, verifySigV4, type Credential, type SignedRequest, type VerifiedCaller } from '../../../src/api/auth/sigv4.ts';

const key: Credential = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', principal: 's3-example' };
const lookup = async (id: string) => (id === key.accessKeyId ? key : undefined);
const NOW = Date.UTC(2013, 4, 24);

const SIGNATURES = [
  'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648',
  '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497',
  'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9',
];

function chunk(size: number, signature: string, fill = 'a'): Buffer {
  return Buffer.concat([Buffer.from(`${size.toString(16)};chunk-signature=${signature}\r\n`), Buffer.alloc(size, fill), Buffer.from('\r\n')]);
}

const [first, second, last] = [chunk(65_536, SIGNATURES[0] ?? ''), chunk(1024, SIGNATURES[1] ?? ''), chunk(0, SIGNATURES[2] ?? '')];
const body = Buffer.concat([first, second, last]);

const request: SignedRequest = {
  method: 'PUT',
  path: '/examplebucket/chunkObject.txt',
  query: '',
  headers: {
    host: 's3.amazonaws.com',
    'x-amz-date': '20130524T000000Z',
    'x-amz-storage-class': 'REDUCED_REDUNDANCY',
    'content-encoding': 'aws-chunked',
    'x-amz-decoded-content-length': '66560',
    'content-length': '66824',
    'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
    authorization: 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,'
      + 'SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class,'
      + 'Signature=4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9',
  },
  // The body is the chunked encoding, not the payload: the seed signature does not cover it.
  body,
};

async function decoderFor(): Promise<NonNullable<VerifiedCaller['signedChunks']>> {
  const caller = await verifySigV4(request, lookup, { now: NOW });
  assert.equal(caller.payloadHash, 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD');
  assert.ok(caller.signedChunks);
  return caller.signedChunks;
}

describe('STREAMING-AWS4-HMAC-SHA256-PAYLOAD', () => {
  test('AWS example: the seed signature verifies and the chunks decode to the payload', async () => {
    const payload = (await decoderFor()).decode(body);
    assert.equal(payload.length, 66_560);
    assert.ok(payload.every((b) => b === 0x61));
  });

  test('the seed signature covers the streaming claim', async () => {
    const caller = await verifySigV4({ ...request, headers: { ...request.headers, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } }, lookup, { now: NOW })
      .catch((e: unknown) => e);
    // The seed signature covered STREAMING-…, so changing the claim breaks it.
    assert.ok(isAuthFailure(caller) && caller.reason === 'SignatureMismatch');
  });

  const damaged: [string, Buffer, 'SignatureMismatch' | 'IncompleteSignature', RegExp][] = [
    ['a byte of a chunk changed', Buffer.concat([chunk(65_536, SIGNATURES[0] ?? '', 'b'), second, last]), 'SignatureMismatch', /chunk 0 does not match/],
    ['the second chunk dropped', Buffer.concat([first, last]), 'SignatureMismatch', /chunk 1 does not match/],
    ['chunks reordered', Buffer.concat([second, first, last]), 'SignatureMismatch', /chunk 0 does not match/],
    ['a chunk appended after the final one', Buffer.concat([body, second]), 'IncompleteSignature', /bytes after the final chunk/],
    ['the final chunk missing', Buffer.concat([first, second]), 'IncompleteSignature', /chunk 2 has no header line/],
    ['a truncated chunk', body.subarray(0, 1000), 'IncompleteSignature', /shorter than its declared 65536 bytes/],
    ['not aws-chunked at all', Buffer.alloc(100, 'a'), 'IncompleteSignature', /chunk 0 has no header line/],
    ['a malformed chunk header', Buffer.from('10000;sig=abc\r\n'), 'IncompleteSignature', /chunk 0 has a malformed header/],
  ];
  for (const [name, bytes, reason, message] of damaged) {
    test(`${name} → ${reason}`, async () => {
      const decoder = await decoderFor();
      assert.throws(() => decoder.decode(bytes), (e: unknown) => isAuthFailure(e) && e.reason === reason && message.test(e.message));
    });
  }
});
