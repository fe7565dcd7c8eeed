/**
 * How each protocol reports an authentication failure: one table per protocol from reason to the
 * error name, HTTP status and (where the protocol words it differently from the failure's own
 * message) the message. Names and texts are AWS's.
 */
import type { AuthFailure, AuthFailureReason } from './auth-failure.ts';

/** One protocol error: the name (`__type` for AWS JSON, `<Code>` for S3), its status and text. */
export interface AuthErrorShape {
  type: string;
  status: number;
  /** Replaces the failure's own message when set. @default the failure's message */
  message?: string;
}

/** An entry of a protocol's table; `presigned` overrides it for query-string-signed requests. */
export interface AuthErrorEntry extends AuthErrorShape {
  /** @default the entry itself */
  presigned?: AuthErrorShape;
}

export type AuthErrorTable = Readonly<Record<AuthFailureReason, AuthErrorEntry>>;

/**
 * The AWS JSON protocol (CodePipeline, CodeBuild, CodeDeploy, …). AWS answers every
 * authentication failure with 403; the failure messages already use AWS JSON wording.
 */
export const AWS_JSON_AUTH_ERRORS: AuthErrorTable = {
  MissingAuthentication: { type: 'MissingAuthenticationTokenException', status: 403, message: 'Missing Authentication Token' },
  IncompleteSignature: { type: 'IncompleteSignatureException', status: 403 },
  UnknownAccessKey: { type: 'UnrecognizedClientException', status: 403, message: 'The security token included in the request is invalid.' },
  DisabledAccessKey: { type: 'UnrecognizedClientException', status: 403, message: 'The security token included in the request is invalid.' },
  InvalidSessionToken: { type: 'UnrecognizedClientException', status: 403 },
  SignatureMismatch: { type: 'InvalidSignatureException', status: 403 },
  RequestExpired: { type: 'InvalidSignatureException', status: 403 },
  PayloadHashMismatch: { type: 'InvalidSignatureException', status: 403 },
};

/**
 * The S3 REST protocol (Sluice's artifact store endpoint). S3 words most failures its own way and
 * tells header-signed from presigned requests apart for malformed and expired signatures.
 * One deliberate difference: S3 answers an unsigned `x-amz-*` header with AccessDenied; Sluice
 * reports it as a malformed signature (its details still name the headers in `HeadersNotSigned`).
 */
export const S3_AUTH_ERRORS: AuthErrorTable = {
  MissingAuthentication: { type: 'AccessDenied', status: 403, message: 'Access Denied' },
  IncompleteSignature: {
    type: 'AuthorizationHeaderMalformed',
    status: 400,
    presigned: { type: 'AuthorizationQueryParametersError', status: 400 },
  },
  UnknownAccessKey: { type: 'InvalidAccessKeyId', status: 403, message: 'The AWS Access Key Id you provided does not exist in our records.' },
  DisabledAccessKey: { type: 'InvalidAccessKeyId', status: 403, message: 'The AWS Access Key Id you provided does not exist in our records.' },
  InvalidSessionToken: { type: 'InvalidToken', status: 400, message: 'The provided token is malformed or otherwise invalid.' },
  SignatureMismatch: {
    type: 'SignatureDoesNotMatch',
    status: 403,
    message: 'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
  },
  RequestExpired: {
    type: 'RequestTimeTooSkewed',
    status: 403,
    message: 'The difference between the request time and the current time is too large.',
    // The failure says which: "Request has expired", or X-Amz-Expires longer than a week.
    presigned: { type: 'AccessDenied', status: 403 },
  },
  PayloadHashMismatch: { type: 'XAmzContentSHA256Mismatch', status: 400 },
};

/** The error a protocol sends for `failure`, with the message resolved. */
export function describeAuthFailure(
  failure: AuthFailure,
  table: AuthErrorTable,
): { type: string; status: number; message: string } {
  const entry = table[failure.reason];
  const shape = failure.presigned && entry.presigned !== undefined ? entry.presigned : entry;
  return { type: shape.type, status: shape.status, message: shape.message ?? failure.message };
}
