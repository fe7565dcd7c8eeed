/**
 * The worked examples of AWS's SigV4 documentation (IAM for a non-S3 service; S3 with the
 * Authorization header and as a presigned URL), verified with their published signatures. They do
 * not depend on any SDK, so they pin the algorithm itself.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { verifySigV4, type Credential, type SignedRequest } from '../../../src/api/auth/sigv4.ts';
import { deriveSigningKey } from '../../../src/api/auth/signing-key-cache.ts';

const iamKey: Credential = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', principal: 'iam-example' };
const s3Key: Credential = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', principal: 's3-example' };
const lookup = async (id: string) => [iamKey, s3Key].find((k) => k.accessKeyId === id);

test('the derived signing key of the IAM example', () => {
  assert.equal(deriveSigningKey(iamKey.secretAccessKey, '20150830', 'us-east-1', 'iam').export().toString('hex'),
    'c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9');
});

test('IAM ListUsers, header form', async () => {
  const request: SignedRequest = {
    method: 'GET',
    path: '/',
    query: 'Action=ListUsers&Version=2010-05-08',
    headers: {
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      host: 'iam.amazonaws.com',
      'x-amz-date': '20150830T123600Z',
      authorization: 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, '
        + 'SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7',
    },
  };
  const caller = await verifySigV4(request, lookup, { now: Date.UTC(2015, 7, 30, 12, 36) });
  assert.equal(caller.principal, 'iam-example');
  assert.equal(caller.service, 'iam');
});

test('S3 GET Object with a Range header, header form', async () => {
  const request: SignedRequest = {
    method: 'GET',
    path: '/test.txt',
    query: '',
    headers: {
      host: 'examplebucket.s3.amazonaws.com',
      range: 'bytes=0-9',
      'x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      'x-amz-date': '20130524T000000Z',
      authorization: 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,'
        + 'SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    },
  };
  const caller = await verifySigV4(request, lookup, { now: Date.UTC(2013, 4, 24) });
  assert.equal(caller.principal, 's3-example');
});

test('S3 GET Object, presigned URL valid for a day', async () => {
  const request: SignedRequest = {
    method: 'GET',
    path: '/test.txt',
    query: 'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request'
      + '&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host'
      + '&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404',
    headers: { host: 'examplebucket.s3.amazonaws.com' },
  };
  const caller = await verifySigV4(request, lookup, { now: Date.UTC(2013, 4, 24, 23, 59) });
  assert.equal(caller.presigned, true);
});
