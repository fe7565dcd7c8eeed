/**
 * Why a request failed authentication. Verification speaks only in these reasons; each protocol
 * turns a reason into its own error name and status through one table (see `auth-errors.ts`),
 * so code never matches on message text.
 */

/** The closed set of authentication failure reasons. */
export const AuthFailureReason = {
  /** No `Authorization` header and no `X-Amz-Algorithm` query parameter: an anonymous request. */
  MissingAuthentication: 'MissingAuthentication',
  /**
   * The signature is malformed or incomplete: a bad `Authorization` header or presigned query,
   * a missing Credential, SignedHeaders, Signature or date, `host` not signed, or an `x-amz-*`
   * header that is sent but not signed.
   */
  IncompleteSignature: 'IncompleteSignature',
  /** The access key ID is not known. */
  UnknownAccessKey: 'UnknownAccessKey',
  /** The access key exists but is disabled. */
  DisabledAccessKey: 'DisabledAccessKey',
  /**
   * The session token is missing, wrong, present for permanent credentials, or the temporary
   * credentials have expired.
   */
  InvalidSessionToken: 'InvalidSessionToken',
  /** The signature does not match the one computed with the key's secret. */
  SignatureMismatch: 'SignatureMismatch',
  /**
   * The request date is outside the allowed clock skew, a presigned URL is past its
   * `X-Amz-Expires`, or `X-Amz-Expires` is longer than a week.
   */
  RequestExpired: 'RequestExpired',
  /** `x-amz-content-sha256` is not the body's hash, or is a value this service does not accept. */
  PayloadHashMismatch: 'PayloadHashMismatch',
} as const;
export type AuthFailureReason = (typeof AuthFailureReason)[keyof typeof AuthFailureReason];

const BRAND = Symbol.for('sluice:auth-failure');

/**
 * A request that did not authenticate. `message` is written the way AWS's JSON services word it;
 * `details` carries facts a protocol may echo to the client (S3 puts them in its XML error as
 * elements of the same names, e.g. `StringToSign`, `CanonicalRequest`, `RequestTime`). Details
 * never contain a secret.
 */
export class AuthFailure extends Error {
  readonly reason: AuthFailureReason;
  /** True when the request was signed in the query string (a presigned URL). */
  readonly presigned: boolean;
  readonly details: Readonly<Record<string, string>>;
  readonly [BRAND] = true;

  constructor(
    reason: AuthFailureReason,
    message: string,
    options: { presigned?: boolean; details?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'AuthFailure';
    this.reason = reason;
    this.presigned = options.presigned ?? false;
    this.details = options.details ?? {};
  }
}

export function isAuthFailure(e: unknown): e is AuthFailure {
  return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
}
