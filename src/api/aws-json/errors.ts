/**
 * HTTP statuses of error codes on the AWS JSON protocol, in one table. Everything a caller can
 * cause is a 4xx; 500 is only for Sluice's own faults and never carries internal details.
 */
import { coerceError, isSluiceError, type ErrorCode } from '../../model/errors.ts';

const STATUS: Partial<Record<ErrorCode, number>> = {
  ConflictException: 409,
  MissingAuthenticationTokenException: 403,
  IncompleteSignatureException: 403,
  UnrecognizedClientException: 403,
  InvalidSignatureException: 403,
  AccessDeniedException: 400,
  RequestEntityTooLargeException: 413,
  ThrottlingException: 400,
  InternalFailure: 500,
};

export function statusOf(code: ErrorCode): number {
  return STATUS[code] ?? 400;
}

/** AWS's message for its own faults; the real cause goes to the log with the request id. */
export const INTERNAL_FAILURE_MESSAGE = 'An internal error occurred; try the request again. If it keeps failing, report the request id.';

/**
 * What a client is told about an error: a SluiceError's own code and message; anything else is
 * `InternalFailure` with AWS's message, and `cause` (the real error, for the log) is set.
 */
export function clientErrorOf(e: unknown): { code: ErrorCode; message: string; cause?: Error } {
  const err = coerceError(e);
  if (isSluiceError(err)) return { code: err.code, message: err.message };
  return { code: 'InternalFailure', message: INTERNAL_FAILURE_MESSAGE, cause: err };
}
