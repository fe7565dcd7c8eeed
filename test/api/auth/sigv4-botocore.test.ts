/**
 * The `aws` CLI and boto3 sign with botocore, whose signer differs from the JavaScript SDK's in
 * the details (no `x-amz-content-sha256` outside S3, its own query and path encoding, S3
 * presigned URLs with `UNSIGNED-PAYLOAD`). botocore signs a set of requests at a fixed time in a
 * Python child process; each must verify. Skipped where Python has no botocore.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { verifySigV4 } from '../../../src/api/auth/sigv4.ts';
import { fromUrl, lookupOf, NOW, PERMANENT, TEMPORARY } from './sdk-signing.ts';

const SIGN_WITH_BOTOCORE = `
import datetime, json, sys
from unittest import mock
import botocore.auth as auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

now = datetime.datetime(2024, 1, 15, 12, 0, 0)
out = []
with mock.patch.object(auth, 'get_current_datetime', return_value=now):
    for s in json.load(sys.stdin):
        creds = Credentials(s['accessKeyId'], s['secretAccessKey'], s.get('sessionToken'))
        request = AWSRequest(method=s['method'], url=s['url'], data=s['body'].encode(), headers=s['headers'])
        if s['service'] == 's3':
            signer = auth.S3SigV4QueryAuth(creds, 's3', 'us-east-1', expires=900) if s['presign'] else auth.S3SigV4Auth(creds, 's3', 'us-east-1')
        else:
            signer = auth.SigV4QueryAuth(creds, s['service'], 'us-east-1', expires=900) if s['presign'] else auth.SigV4Auth(creds, s['service'], 'us-east-1')
        signer.add_auth(request)
        prepared = request.prepare()
        out.append({'url': prepared.url, 'headers': {k.lower(): v for k, v in prepared.headers.items()}})
print(json.dumps(out))
`;

const hasBotocore = spawnSync('python3', ['-c', 'import botocore'], { stdio: 'ignore' }).status === 0;

const ORIGIN = 'http://localhost:8090';
const QUERY = 'prefix=a%20b%2Fc~d&unicode=%C3%BC%E2%9C%93&repeated=2&repeated=1&repeated=10&empty=&plus=a%2Bb';
const specs = [
  { service: 'codepipeline', method: 'POST', path: '/', query: '', body: '{"pipeline":{"name":"release"}}',
    headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'CodePipeline_20150709.CreatePipeline' } },
  { service: 'codepipeline', method: 'GET', path: '/a%20b/./c/../%E2%9C%93', query: QUERY, body: '', headers: {} },
  { service: 's3', method: 'PUT', path: '/bucket/dir/a%20b%2Bc~%28d%29.txt', query: '', body: 'hello', headers: { 'Content-Type': 'text/plain' } },
  { service: 's3', method: 'GET', path: '/bucket', query: `list-type=2&${QUERY}`, body: '', headers: {} },
];

test('requests signed by botocore (the aws CLI and boto3) verify', { skip: hasBotocore ? false : 'python3 with botocore is not installed' }, async () => {
  const input = [];
  for (const credential of [PERMANENT, TEMPORARY]) {
    for (const presign of [false, true]) {
      // botocore presigns query-protocol calls by moving a body into the query: presign only body-less calls.
      for (const s of specs.filter((x) => !presign || x.body === '')) {
        input.push({
          ...s, presign, url: `${ORIGIN}${s.path}${s.query ? `?${s.query}` : ''}`,
          accessKeyId: credential.accessKeyId, secretAccessKey: credential.secretAccessKey,
          ...(credential.sessionToken !== undefined && { sessionToken: credential.sessionToken }),
        });
      }
    }
  }
  const run = spawnSync('python3', ['-c', SIGN_WITH_BOTOCORE], { input: JSON.stringify(input), encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const signed = JSON.parse(run.stdout) as { url: string; headers: Record<string, string> }[];
  assert.equal(signed.length, input.length);
  const lookup = lookupOf(PERMANENT, TEMPORARY);
  for (const [i, s] of signed.entries()) {
    const spec = input[i] as (typeof input)[number];
    const request = { ...fromUrl(spec.method, s.url, s.headers), body: new TextEncoder().encode(spec.body) };
    const caller = await verifySigV4(request, lookup, { now: NOW }).catch((e: unknown) => {
      throw new Error(`${spec.service} ${spec.method} ${s.url} (${spec.presign ? 'presigned' : 'header'}): ${String(e)}`, { cause: e });
    });
    assert.equal(caller.presigned, spec.presign);
    assert.equal(caller.accessKeyId, spec.accessKeyId);
  }
});
