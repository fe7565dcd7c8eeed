/**
 * SigV4 verification cost: every API request pays it before anything else. The request is a
 * typical CodePipeline call as the JavaScript SDK signs it (CreatePipeline, ~300-byte JSON body,
 * ten signed headers), verified with a warm signing-key cache, which is the steady state since a
 * key is derived once per (secret, day, region, service).
 *
 * The baseline, measured in the same run, is one HMAC-SHA256 of the same string to sign with the
 * same key, held the way the verifier holds it (a `KeyObject`): the least any verifier must do.
 * Verification adds the body hash, the canonical request and its hash, parsing, and the lookup.
 *
 * Prints:
 *   BENCH api.sigv4_verify_us            mean microseconds per verifySigV4 (warm key cache)
 *   BENCH crypto.hmac_sha256_us          mean microseconds per HMAC-SHA256 of the string to sign
 *   BENCH api.sigv4_verify_per_hmac      the ratio of the two
 *   BENCH crypto.hmac_sha256_rawkey_us   the same HMAC with the key as bytes, which OpenSSL 3
 *                                        imports on every call: why the key cache holds KeyObjects
 */
import { Sha256 } from '@smithy/core/checksum';
import { HttpRequest } from '@smithy/core/protocols';
import { SignatureV4 } from '@smithy/signature-v4';
import { deriveSigningKey, hmacSha256 } from '../src/api/auth/signing-key-cache.ts';
import { isAuthFailure, verifySigV4, type Credential, type SignedRequest } from '../src/api/auth/sigv4.ts';
import { report } from './lib/report.ts';

/** Verification is measured for about 2 s, the baseline for 1 s, after a short warm-up each. */
const VERIFY_MS = 2000;
const HMAC_MS = 1000;
const BATCH = 200;

const NOW = Date.UTC(2024, 0, 15, 12, 0, 0);
const credential: Credential = {
  accessKeyId: 'AKIDSLUICEBENCH',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  principal: 'arn:aws:iam::123456789012:user/bench',
};

const body = new TextEncoder().encode(JSON.stringify({
  pipeline: {
    name: 'release-web-frontend',
    roleArn: 'arn:aws:iam::123456789012:role/sluice-pipeline',
    artifactStore: { type: 'S3', location: 'sluice-artifacts' },
    stages: [
      { name: 'Source', actions: [{ name: 'Checkout', actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeCommit', version: '1' } }] },
      { name: 'Build', actions: [{ name: 'Compile', actionTypeId: { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' } }] },
    ],
  },
}));

async function signedRequest(): Promise<SignedRequest> {
  const signer = new SignatureV4({ service: 'codepipeline', region: 'us-east-1', credentials: credential, sha256: Sha256 });
  const signed = await signer.sign(new HttpRequest({
    method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port: 8090, path: '/', body,
    headers: {
      host: '127.0.0.1:8090',
      'content-type': 'application/x-amz-json-1.1',
      'content-length': String(body.byteLength),
      'x-amz-target': 'CodePipeline_20150709.CreatePipeline',
      'x-amz-user-agent': 'aws-sdk-js/3.1138.0',
      'amz-sdk-invocation-id': '5fb94675-2e29-48aa-aa7a-14c9209122e9',
      'amz-sdk-request': 'attempt=1; max=3',
    },
  }), { signingDate: new Date(NOW) });
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers)) headers[name.toLowerCase()] = value;
  return { method: 'POST', path: '/', query: '', headers, body };
}

/** Mean microseconds per call of `fn`, timed in batches so the clock is read rarely. */
async function meanUs(durationMs: number, fn: () => unknown): Promise<number> {
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < durationMs) {
    for (let i = 0; i < BATCH; i++) await fn();
    calls += BATCH;
    elapsed = performance.now() - start;
  }
  return (elapsed * 1000) / calls;
}

const request = await signedRequest();
const byId = new Map([[credential.accessKeyId, credential]]);
const lookup = async (id: string) => byId.get(id);
const verify = () => verifySigV4(request, lookup, { now: NOW });
if ((await verify()).principal !== credential.principal) throw new Error('the bench request does not verify');

// The exact string to sign, as the verifier built it: read back from a deliberate mismatch.
const failure = await verifySigV4(request, async () => ({ ...credential, secretAccessKey: 'other' }), { now: NOW }).catch((e: unknown) => e);
const stringToSign = isAuthFailure(failure) ? failure.details.StringToSign : undefined;
if (stringToSign === undefined) throw new Error('no string to sign');
const signingKey = deriveSigningKey(credential.secretAccessKey, '20240115', 'us-east-1', 'codepipeline');
const hmac = () => hmacSha256(signingKey, stringToSign);
const rawKey = signingKey.export();
const hmacRawKey = () => hmacSha256(rawKey, stringToSign);

await meanUs(200, verify);
const verifyUs = await meanUs(VERIFY_MS, verify);
await meanUs(100, hmac);
const hmacUs = await meanUs(HMAC_MS, hmac);
const hmacRawKeyUs = await meanUs(HMAC_MS / 2, hmacRawKey);

report('api.sigv4_verify_us', verifyUs, 'us');
report('crypto.hmac_sha256_us', hmacUs, 'us');
report('api.sigv4_verify_per_hmac', verifyUs / hmacUs, 'ratio');
report('crypto.hmac_sha256_rawkey_us', hmacRawKeyUs, 'us');
