/**
 * Every way a request can fail authentication, one table row each: the request (signed by the
 * AWS SDK signer, then damaged), the key store, the clock, and the expected reason and message.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isAuthFailure, verifySigV4, type AuthFailureReason, type Credential, type SignedRequest } from '../../../src/api/auth/sigv4.ts';
import { lookupOf, NOW, PERMANENT, signWithSdk, TEMPORARY, type RequestSpec, type SignOptions } from './sdk-signing.ts';

const listPipelines: RequestSpec = {
  service: 'codepipeline',
  headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'CodePipeline_20150709.ListPipelines' },
  body: '{"nextToken":"page-2"}',
};
const s3Get: RequestSpec = { service: 's3', method: 'GET', path: '/bucket/key', headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } };

const signed = (options: SignOptions = {}, spec = listPipelines) => () => signWithSdk(spec, options);
const presigned = (options: SignOptions = {}, spec = s3Get) => () => signWithSdk(spec, { presignExpiresIn: 900, ...options });
const withHeaders = (base: () => Promise<SignedRequest>, change: (h: Record<string, string>) => void) => async () => {
  const request = await base();
  const headers = { ...request.headers };
  change(headers);
  return { ...request, headers };
};
const withAuthorization = (f: (auth: string) => string) => withHeaders(signed(), (h) => {
  h.authorization = f(h.authorization ?? '');
});
const withQuery = (base: () => Promise<SignedRequest>, f: (query: string) => string) => async () => {
  const request = await base();
  return { ...request, query: f(request.query) };
};
const withRequest = (base: () => Promise<SignedRequest>, over: Partial<SignedRequest>) => async () => ({ ...(await base()), ...over });

interface FailureCase {
  name: string;
  request: () => Promise<SignedRequest>;
  reason: AuthFailureReason;
  message: RegExp;
  /** @default PERMANENT and TEMPORARY as stored */
  keys?: Credential[];
  /** @default NOW */
  now?: number;
}

const cases: FailureCase[] = [
  // MissingAuthentication
  { name: 'no Authorization header and no X-Amz-Algorithm', request: withHeaders(signed(), (h) => delete h.authorization), reason: 'MissingAuthentication', message: /^Missing Authentication Token$/ },

  // IncompleteSignature: malformed Authorization header
  { name: 'Authorization with the algorithm only', request: withAuthorization(() => 'AWS4-HMAC-SHA256'), reason: 'IncompleteSignature', message: /requires 'Credential' parameter\. .*requires 'Signature' parameter\. .*requires 'SignedHeaders' parameter\./ },
  { name: 'Authorization without Signature', request: withAuthorization((a) => a.replace(/, Signature=\w+/, '')), reason: 'IncompleteSignature', message: /^Authorization header requires 'Signature' parameter\.$/ },
  { name: 'Authorization without SignedHeaders', request: withAuthorization((a) => a.replace(/SignedHeaders=[^,]+, /, '')), reason: 'IncompleteSignature', message: /requires 'SignedHeaders' parameter/ },
  { name: 'Authorization without Credential', request: withAuthorization((a) => a.replace(/Credential=[^,]+, /, '')), reason: 'IncompleteSignature', message: /requires 'Credential' parameter/ },
  { name: 'Authorization with an empty Signature', request: withAuthorization((a) => a.replace(/Signature=\w+/, 'Signature=')), reason: 'IncompleteSignature', message: /requires 'Signature' parameter/ },
  { name: 'a component without an equal sign', request: withAuthorization((a) => a.replace('Credential=', 'Credential ')), reason: 'IncompleteSignature', message: /not a valid key=value pair \(missing equal-sign\)/ },
  { name: 'a component given twice', request: withAuthorization((a) => `${a}, Signature=${'0'.repeat(64)}`), reason: 'IncompleteSignature', message: /'Signature' more than once/ },
  { name: 'Signature Version 2', request: withAuthorization(() => 'AWS AKIDSLUICEPERMANENT:frJIUN8DYpKDtOLCwo//yllqDzg='), reason: 'IncompleteSignature', message: /Unsupported Authorization type 'AWS'/ },
  { name: 'SigV4a', request: withAuthorization((a) => a.replace('AWS4-HMAC-SHA256', 'AWS4-ECDSA-P256-SHA256')), reason: 'IncompleteSignature', message: /Unsupported Authorization type/ },
  { name: 'a Credential with four parts', request: withAuthorization((a) => a.replace('/us-east-1/', '/')), reason: 'IncompleteSignature', message: /the Credential is mal-formed; expecting "<YOUR-AKID>\/YYYYMMDD\/REGION\/SERVICE\/aws4_request"/ },
  { name: 'a Credential with a bad date', request: withAuthorization((a) => a.replace('/20240115/', '/2024-01-15/')), reason: 'IncompleteSignature', message: /the Credential is mal-formed/ },
  { name: 'a Credential with a bad terminator', request: withAuthorization((a) => a.replace('aws4_request', 'aws5_request')), reason: 'IncompleteSignature', message: /valid terminator: 'aws4_request', not 'aws5_request'/ },
  { name: 'upper-case SignedHeaders', request: withAuthorization((a) => a.replace('SignedHeaders=content-type', 'SignedHeaders=Content-Type')), reason: 'IncompleteSignature', message: /SignedHeaders must be distinct lower-case header names/ },
  { name: 'no x-amz-date and no Date header', request: withHeaders(signed(), (h) => delete h['x-amz-date']), reason: 'IncompleteSignature', message: /requires existence of either a 'X-Amz-Date' or a 'Date' header/ },
  { name: 'an x-amz-date not in ISO 8601 basic form', request: withHeaders(signed(), (h) => { h['x-amz-date'] = '2024-01-15T12:00:00Z'; }), reason: 'IncompleteSignature', message: /ISO 8601 basic format/ },
  { name: 'an x-amz-date that is not a real day', request: withHeaders(signed(), (h) => { h['x-amz-date'] = '20240230T120000Z'; }), reason: 'IncompleteSignature', message: /ISO 8601 basic format/ },
  { name: 'host not signed', request: signed({ unsignableHeaders: new Set(['host']) }), reason: 'IncompleteSignature', message: /^'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization\.$/ },
  { name: 'an x-amz-* header added after signing', request: withHeaders(signed(), (h) => { h['x-amz-acl'] = 'public-read'; }), reason: 'IncompleteSignature', message: /headers present in the request which were not signed: x-amz-acl/ },
  { name: 'X-Amz-Target left out of the signature', request: signed({ unsignableHeaders: new Set(['x-amz-target']) }), reason: 'IncompleteSignature', message: /not signed: x-amz-target/ },
  { name: 'an S3 session token header not signed', request: withHeaders(signed({}, s3Get), (h) => { h['x-amz-security-token'] = 'token'; }), reason: 'IncompleteSignature', message: /not signed: x-amz-security-token/ },
  { name: 'Authorization header and presigned query together', request: withHeaders(presigned(), (h) => { h.authorization = 'AWS4-HMAC-SHA256 Credential=x'; }), reason: 'IncompleteSignature', message: /Only one auth mechanism allowed/ },
  { name: 'a session token in header and query that differ', request: withHeaders(presigned({ credential: TEMPORARY }), (h) => { h['x-amz-security-token'] = 'other'; }), reason: 'IncompleteSignature', message: /security token is sent twice/ },

  // IncompleteSignature: malformed presigned query
  { name: 'presigned without X-Amz-Expires', request: withQuery(presigned(), (q) => q.replace(/&X-Amz-Expires=\d+/, '')), reason: 'IncompleteSignature', message: /requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters/ },
  { name: 'presigned without X-Amz-Signature', request: withQuery(presigned(), (q) => q.replace(/&X-Amz-Signature=\w+/, '')), reason: 'IncompleteSignature', message: /Query-string authentication version 4 requires/ },
  { name: 'presigned with another algorithm', request: withQuery(presigned(), (q) => q.replace('X-Amz-Algorithm=AWS4-HMAC-SHA256', 'X-Amz-Algorithm=AWS4-HMAC-SHA1')), reason: 'IncompleteSignature', message: /X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"/ },
  { name: 'presigned with X-Amz-Signature twice', request: withQuery(presigned(), (q) => `${q}&X-Amz-Signature=${'0'.repeat(64)}`), reason: 'IncompleteSignature', message: /'X-Amz-Signature' is given more than once/ },
  { name: 'presigned with a non-numeric X-Amz-Expires', request: withQuery(presigned(), (q) => q.replace(/X-Amz-Expires=\d+/, 'X-Amz-Expires=-5')), reason: 'IncompleteSignature', message: /X-Amz-Expires should be a number/ },
  { name: 'presigned with a malformed X-Amz-Credential', request: withQuery(presigned(), (q) => q.replace(/X-Amz-Credential=[^&]+/, 'X-Amz-Credential=AKID')), reason: 'IncompleteSignature', message: /Error parsing the X-Amz-Credential parameter; the Credential is mal-formed/ },
  { name: 'presigned with host not signed', request: withQuery(presigned(), (q) => q.replace('X-Amz-SignedHeaders=host', 'X-Amz-SignedHeaders=x-amz-date')), reason: 'IncompleteSignature', message: /'Host' or ':authority' must be a 'SignedHeader'/ },
  { name: 'presigned with an unsigned x-amz-* header', request: withHeaders(presigned(), (h) => { h['x-amz-tagging'] = 'a=b'; }), reason: 'IncompleteSignature', message: /not signed: x-amz-tagging/ },

  // UnknownAccessKey, DisabledAccessKey
  { name: 'an access key nobody issued', request: signed(), keys: [TEMPORARY], reason: 'UnknownAccessKey', message: /^The security token included in the request is invalid\.$/ },
  { name: 'a disabled access key', request: signed(), keys: [{ ...PERMANENT, disabled: true }], reason: 'DisabledAccessKey', message: /disabled/ },

  // InvalidSessionToken
  { name: 'temporary credentials without the token', request: signed({ credential: { ...TEMPORARY, sessionToken: undefined } }), reason: 'InvalidSessionToken', message: /^The security token included in the request is invalid\.$/ },
  { name: 'temporary credentials with another token', request: signed({ credential: { ...TEMPORARY, sessionToken: 'not-the-token' } }), reason: 'InvalidSessionToken', message: /is invalid/ },
  { name: 'a presigned URL with another token', request: presigned({ credential: { ...TEMPORARY, sessionToken: `${TEMPORARY.sessionToken ?? ''}x` } }), reason: 'InvalidSessionToken', message: /is invalid/ },
  { name: 'a token sent with permanent credentials', request: signed({ credential: { ...PERMANENT, sessionToken: 'token' } }), reason: 'InvalidSessionToken', message: /is invalid/ },
  { name: 'expired temporary credentials', request: signed({ credential: TEMPORARY }), keys: [{ ...TEMPORARY, expiresAt: NOW }], reason: 'InvalidSessionToken', message: /^The security token included in the request is expired$/ },

  // SignatureMismatch
  { name: 'signed with another secret', request: signed({ credential: { ...PERMANENT, secretAccessKey: 'not-the-secret' } }), reason: 'SignatureMismatch', message: /^The request signature we calculated does not match the signature you provided\. Check your AWS Secret Access Key and signing method\./ },
  { name: 'a signed header changed', request: withHeaders(signed(), (h) => { h['content-type'] = 'application/json'; }), reason: 'SignatureMismatch', message: /does not match/ },
  { name: 'the operation changed', request: withHeaders(signed(), (h) => { h['x-amz-target'] = 'CodePipeline_20150709.DeletePipeline'; }), reason: 'SignatureMismatch', message: /does not match/ },
  { name: 'the host changed', request: withHeaders(signed(), (h) => { h.host = 'sluice.example.com'; }), reason: 'SignatureMismatch', message: /does not match/ },
  { name: 'the body changed (no x-amz-content-sha256)', request: withRequest(signed({ applyChecksum: false }), { body: new TextEncoder().encode('{"nextToken":"page-3"}') }), reason: 'SignatureMismatch', message: /does not match/ },
  { name: 'the method changed', request: withRequest(signed(), { method: 'PUT' }), reason: 'SignatureMismatch', message: /does not match/ },
  { name: 'the path changed', request: withRequest(signed({}, s3Get), { path: '/bucket/other' }), reason: 'SignatureMismatch', message: /does not match/ },
  { name: 'a query parameter added', request: withQuery(signed(), () => 'extra=1'), reason: 'SignatureMismatch', message: /does not match/ },
  { name: 'a presigned query parameter changed', request: withQuery(presigned(), (q) => q.replace('X-Amz-Expires=900', 'X-Amz-Expires=901')), reason: 'SignatureMismatch', message: /does not match/ },
  { name: 'a signature that is not hex', request: withAuthorization((a) => a.replace(/Signature=\w+/, `Signature=${'z'.repeat(64)}`)), reason: 'SignatureMismatch', message: /does not match/ },
  { name: 'an upper-case signature', request: withAuthorization((a) => a.replace(/Signature=(\w+)/, (_, s: string) => `Signature=${s.toUpperCase()}`)), reason: 'SignatureMismatch', message: /does not match/ },
  { name: 'a credential scope of another day', request: withAuthorization((a) => a.replace('/20240115/', '/20240114/')), reason: 'SignatureMismatch', message: /^Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20240114' != '20240115', from '20240115T120000Z'\.$/ },

  // RequestExpired
  { name: 'signed more than 5 minutes ago', request: signed({ signingDate: NOW - 301_000 }), reason: 'RequestExpired', message: /^Signature expired: 20240115T115459Z is now earlier than 20240115T115500Z \(20240115T120000Z - 5 min\.\)$/ },
  { name: 'signed more than 5 minutes ahead', request: signed({ signingDate: NOW + 301_000 }), reason: 'RequestExpired', message: /^Signature not yet current: 20240115T120501Z is still later than 20240115T120500Z \(20240115T120000Z \+ 5 min\.\)$/ },
  { name: 'a presigned URL past X-Amz-Expires', request: presigned(), now: NOW + 901_000, reason: 'RequestExpired', message: /^Request has expired$/ },
  { name: 'a presigned URL dated in the future', request: presigned({ signingDate: NOW + 600_000 }), reason: 'RequestExpired', message: /^Request is not yet valid$/ },
  { name: 'a presigned URL valid for more than a week', request: withQuery(presigned(), (q) => q.replace('X-Amz-Expires=900', 'X-Amz-Expires=604801')), reason: 'RequestExpired', message: /^X-Amz-Expires must be less than a week \(in seconds\) that is 604800$/ },

  // PayloadHashMismatch
  { name: 'the body changed under a signed x-amz-content-sha256', request: withRequest(signed(), { body: new TextEncoder().encode('{"nextToken":"page-3"}') }), reason: 'PayloadHashMismatch', message: /^The provided 'x-amz-content-sha256' header does not match what was computed\.$/ },
  { name: 'the server-computed hash differs from the claimed one', request: withRequest(signed(), { payloadSha256: '0'.repeat(64) }), reason: 'PayloadHashMismatch', message: /does not match what was computed/ },
  { name: 'a streaming payload outside S3', request: signed({}, { ...listPipelines, headers: { ...listPipelines.headers, 'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD' } }), reason: 'PayloadHashMismatch', message: /^x-amz-content-sha256 must be UNSIGNED-PAYLOAD or a valid sha256 value\.$/ },
  { name: 'an x-amz-content-sha256 that is no hash', request: signed({}, { ...s3Get, headers: { 'x-amz-content-sha256': 'abc' } }), reason: 'PayloadHashMismatch', message: /must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER/ },
];

describe('verifySigV4 refuses', () => {
  for (const c of cases) {
    test(`${c.name} → ${c.reason}`, async () => {
      const request = await c.request();
      const lookup = lookupOf(...(c.keys ?? [PERMANENT, TEMPORARY]));
      await assert.rejects(verifySigV4(request, lookup, { now: c.now ?? NOW }), (e: unknown) => {
        assert.ok(isAuthFailure(e), `expected an AuthFailure, got ${String(e)}`);
        assert.equal(e.reason, c.reason, e.message);
        assert.match(e.message, c.message);
        assert.equal(e.presigned, request.query.includes('X-Amz-Algorithm='));
        return true;
      });
    });
  }

  test('a mismatch explains itself with the canonical request and the string to sign', async () => {
    const request = await signWithSdk(listPipelines, { credential: { ...PERMANENT, secretAccessKey: 'wrong' } });
    const failure = await verifySigV4(request, lookupOf(PERMANENT), { now: NOW }).catch((e: unknown) => e);
    assert.ok(isAuthFailure(failure));
    assert.equal(failure.details.AWSAccessKeyId, PERMANENT.accessKeyId);
    assert.match(failure.details.CanonicalRequest ?? '', /^POST\n\/\n\ncontent-type:application\/x-amz-json-1\.1\nhost:localhost:8090\n/);
    assert.match(failure.details.StringToSign ?? '', /^AWS4-HMAC-SHA256\n20240115T120000Z\n20240115\/us-east-1\/codepipeline\/aws4_request\n[0-9a-f]{64}$/);
    assert.ok(!JSON.stringify(failure.details).includes(PERMANENT.secretAccessKey), 'no secret in the details');
  });

  test('the key store is not asked when the signature is malformed or stale', async () => {
    let asked = 0;
    const lookup = async () => {
      asked += 1;
      return PERMANENT;
    };
    for (const c of cases.filter((x) => x.reason === 'IncompleteSignature' || x.reason === 'RequestExpired' || x.reason === 'MissingAuthentication')) {
      await assert.rejects(verifySigV4(await c.request(), lookup, { now: c.now ?? NOW }));
    }
    assert.equal(asked, 0);
  });

  test('errors from the key store propagate unchanged', async () => {
    const broken = new Error('database is locked');
    await assert.rejects(verifySigV4(await signed()(), async () => Promise.reject(broken), { now: NOW }), (e) => e === broken);
  });
});
