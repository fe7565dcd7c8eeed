import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  AuthFailure, AuthFailureReason, AWS_JSON_AUTH_ERRORS, describeAuthFailure, isAuthFailure, S3_AUTH_ERRORS,
} from '../../../src/api/auth/sigv4.ts';

const reasons = Object.values(AuthFailureReason);

describe('protocol tables', () => {
  for (const [name, table] of [['AWS JSON', AWS_JSON_AUTH_ERRORS], ['S3', S3_AUTH_ERRORS]] as const) {
    test(`${name} maps every reason to a client error`, () => {
      assert.deepEqual(Object.keys(table).sort(), [...reasons].sort());
      for (const entry of Object.values(table)) {
        assert.ok(entry.status >= 400 && entry.status < 500);
        assert.match(entry.type, /^[A-Z][A-Za-z0-9]+$/);
      }
    });
  }

  const cases: { reason: AuthFailureReason; message: string; presigned?: boolean; json: [string, number, string]; s3: [string, number, string] }[] = [
    {
      reason: 'MissingAuthentication', message: 'Missing Authentication Token',
      json: ['MissingAuthenticationTokenException', 403, 'Missing Authentication Token'], s3: ['AccessDenied', 403, 'Access Denied'],
    },
    {
      reason: 'IncompleteSignature', message: "Authorization header requires 'Signature' parameter.",
      json: ['IncompleteSignatureException', 403, "Authorization header requires 'Signature' parameter."],
      s3: ['AuthorizationHeaderMalformed', 400, "Authorization header requires 'Signature' parameter."],
    },
    {
      reason: 'IncompleteSignature', message: 'X-Amz-Expires should be a number', presigned: true,
      json: ['IncompleteSignatureException', 403, 'X-Amz-Expires should be a number'],
      s3: ['AuthorizationQueryParametersError', 400, 'X-Amz-Expires should be a number'],
    },
    {
      reason: 'UnknownAccessKey', message: 'The security token included in the request is invalid.',
      json: ['UnrecognizedClientException', 403, 'The security token included in the request is invalid.'],
      s3: ['InvalidAccessKeyId', 403, 'The AWS Access Key Id you provided does not exist in our records.'],
    },
    {
      reason: 'InvalidSessionToken', message: 'The security token included in the request is expired',
      json: ['UnrecognizedClientException', 403, 'The security token included in the request is expired'],
      s3: ['InvalidToken', 400, 'The provided token is malformed or otherwise invalid.'],
    },
    {
      reason: 'SignatureMismatch', message: 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
      json: ['InvalidSignatureException', 403, 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.'],
      s3: ['SignatureDoesNotMatch', 403, 'The request signature we calculated does not match the signature you provided. Check your key and signing method.'],
    },
    {
      reason: 'RequestExpired', message: 'Signature expired: 20240115T115459Z is now earlier than 20240115T115500Z (20240115T120000Z - 5 min.)',
      json: ['InvalidSignatureException', 403, 'Signature expired: 20240115T115459Z is now earlier than 20240115T115500Z (20240115T120000Z - 5 min.)'],
      s3: ['RequestTimeTooSkewed', 403, 'The difference between the request time and the current time is too large.'],
    },
    {
      reason: 'RequestExpired', message: 'Request has expired', presigned: true,
      json: ['InvalidSignatureException', 403, 'Request has expired'], s3: ['AccessDenied', 403, 'Request has expired'],
    },
    {
      reason: 'PayloadHashMismatch', message: "The provided 'x-amz-content-sha256' header does not match what was computed.",
      json: ['InvalidSignatureException', 403, "The provided 'x-amz-content-sha256' header does not match what was computed."],
      s3: ['XAmzContentSHA256Mismatch', 400, "The provided 'x-amz-content-sha256' header does not match what was computed."],
    },
  ];
  for (const c of cases) {
    test(`${c.reason}${c.presigned ? ' (presigned)' : ''}`, () => {
      const failure = new AuthFailure(c.reason, c.message, { presigned: c.presigned ?? false });
      const [type, status, message] = c.json;
      assert.deepEqual(describeAuthFailure(failure, AWS_JSON_AUTH_ERRORS), { type, status, message });
      const [s3Type, s3Status, s3Message] = c.s3;
      assert.deepEqual(describeAuthFailure(failure, S3_AUTH_ERRORS), { type: s3Type, status: s3Status, message: s3Message });
    });
  }
});

test('isAuthFailure recognises the brand, not the class identity', () => {
  assert.ok(isAuthFailure(new AuthFailure('SignatureMismatch', 'x')));
  assert.ok(isAuthFailure({ [Symbol.for('sluice:auth-failure')]: true }));
  assert.ok(!isAuthFailure(new Error('x')));
  assert.ok(!isAuthFailure(undefined));
});
