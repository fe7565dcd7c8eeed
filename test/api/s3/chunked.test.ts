/**
 * The streaming aws-chunked decoder: AWS's published signed example (66,560 bytes of 'a' in a
 * 65,536-byte and a 1,024-byte chunk) fed in pieces of every awkward size, damaged chunks, and
 * the unsigned-with-trailer form the SDKs send.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { verifySigV4, type Credential, type SignedRequest } from '../../../src/api/auth/sigv4.ts';
import { decodeAwsChunked } from '../../../src/api/s3/chunked.ts';

const key: Credential = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', principal: 's3-example' };
const lookup = async (id: string): Promise<Credential | undefined> => (id === key.accessKeyId ? key : undefined);
const SIGNATURES = [
  'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648',
  '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497',
  'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9',
];
const chunk = (size: number, signature: string, fill = 'a'): Buffer =>
  Buffer.concat([Buffer.from(`${size.toString(16)};chunk-signature=${signature}\r\n`), Buffer.alloc(size, fill), Buffer.from('\r\n')]);
const body = Buffer.concat([chunk(65_536, SIGNATURES[0] ?? ''), chunk(1024, SIGNATURES[1] ?? ''), chunk(0, SIGNATURES[2] ?? '')]);

const request: SignedRequest = {
  method: 'PUT', path: '/examplebucket/chunkObject.txt', query: '',
  headers: {
    host: 's3.amazonaws.com', 'x-amz-date': '20130524T000000Z', 'x-amz-storage-class': 'REDUCED_REDUNDANCY',
    'content-encoding': 'aws-chunked', 'x-amz-decoded-content-length': '66560', 'content-length': '66824',
    'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
    authorization: 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,'
      + 'SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class,'
      + 'Signature=4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9',
  },
};

async function* pieces(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function drain(data: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const piece of data) out.push(Buffer.from(piece));
  return Buffer.concat(out);
}

async function signed() {
  const caller = await verifySigV4(request, lookup, { now: Date.UTC(2013, 4, 24) });
  assert.ok(caller.signedChunks);
  return caller.signedChunks;
}

describe('aws-chunked decoding, streamed', () => {
  for (const size of [1, 7, 83, 4096, 65_536, 1 << 20]) {
    test(`AWS's signed example decodes in ${size}-byte pieces`, async () => {
      const decoded = decodeAwsChunked(pieces(body, size), { signed: await signed(), trailer: false });
      const payload = await drain(decoded.data);
      assert.equal(payload.length, 66_560);
      assert.ok(payload.every((b) => b === 0x61));
    });
  }

  test('a changed byte fails its chunk signature', async () => {
    const damaged = Buffer.from(body);
    damaged[70_000 - 66_560 + 100] = 0x62;
    damaged[200] = 0x62;
    const decoded = decodeAwsChunked(pieces(damaged, 1000), { signed: await signed(), trailer: false });
    await assert.rejects(drain(decoded.data), { reason: 'SignatureMismatch', message: 'The chunk signature of chunk 0 does not match the one we calculated.' });
  });

  test('a dropped final chunk is an incomplete body', async () => {
    const decoded = decodeAwsChunked(pieces(body.subarray(0, body.length - chunk(0, SIGNATURES[2] ?? '').length), 4096), { signed: await signed(), trailer: false });
    await assert.rejects(drain(decoded.data), { code: 'IncompleteBody' });
  });

  test('unsigned chunks with a checksum trailer, as the SDKs send them', async () => {
    const text = '5\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n';
    const decoded = decodeAwsChunked(pieces(Buffer.from(text), 3), { trailer: true });
    assert.equal((await drain(decoded.data)).toString(), 'hello world');
    assert.deepEqual([...decoded.trailers], [['x-amz-checksum-crc32', 'DUoRhQ==']]);
  });

  test('a chunk longer than its declared size is malformed', async () => {
    const decoded = decodeAwsChunked(pieces(Buffer.from('3\r\nhello\r\n0\r\n\r\n'), 64), { trailer: false });
    await assert.rejects(drain(decoded.data), { code: 'InvalidRequest', message: /chunk 0 is longer than its declared 3 bytes/ });
  });
});
