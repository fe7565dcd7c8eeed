/**
 * Errors on the IAM query protocol, in one table: Sluice's error code → IAM's wire code and HTTP
 * status, answered as
 *
 *   <ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
 *     <Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>…</Message></Error>
 *     <RequestId>…</RequestId>
 *   </ErrorResponse>
 *
 * `Type` is `Sender` for the caller's faults and `Receiver` for Sluice's own (500). Authentication
 * failures arrive with AWS JSON's codes (see `server/access.ts`) and leave with the query
 * protocol's (`InvalidClientTokenId`, `SignatureDoesNotMatch`, …), as IAM and STS answer them.
 */
import type { ErrorCode } from '../../model/errors.ts';
import { escapeXml } from './query-model.ts';

interface QueryError { code: string; status: number; message?: string }

const QUERY_ERRORS: Partial<Record<ErrorCode, QueryError>> = {
  NoSuchEntityException: { code: 'NoSuchEntity', status: 404 },
  EntityAlreadyExistsException: { code: 'EntityAlreadyExists', status: 409 },
  DeleteConflictException: { code: 'DeleteConflict', status: 409 },
  LimitExceededException: { code: 'LimitExceeded', status: 409 },
  ServiceNotSupportedException: { code: 'NotSupportedService', status: 404 },
  MalformedPolicyDocumentException: { code: 'MalformedPolicyDocument', status: 400 },
  ValidationException: { code: 'ValidationError', status: 400 },
  SerializationException: { code: 'MalformedInput', status: 400 },
  UnknownOperationException: { code: 'InvalidAction', status: 400 },
  AccessDeniedException: { code: 'AccessDenied', status: 403 },
  MissingAuthenticationTokenException: { code: 'MissingAuthenticationToken', status: 403, message: 'Request is missing Authentication Token' },
  IncompleteSignatureException: { code: 'IncompleteSignature', status: 400 },
  UnrecognizedClientException: { code: 'InvalidClientTokenId', status: 403 },
  InvalidSignatureException: { code: 'SignatureDoesNotMatch', status: 403 },
  RequestEntityTooLargeException: { code: 'RequestEntityTooLarge', status: 413 },
  ThrottlingException: { code: 'Throttling', status: 400 },
  InternalFailure: { code: 'ServiceFailure', status: 500 },
};

/** IAM's code, status and message for a Sluice error code. */
export function queryErrorOf(code: ErrorCode, message: string): { code: string; status: number; message: string } {
  const entry = QUERY_ERRORS[code];
  if (!entry) return { code: code.replace(/Exception$/, ''), status: 400, message };
  return { code: entry.code, status: entry.status, message: entry.message ?? message };
}

export function errorXml(namespace: string, requestId: string, error: { code: string; status: number; message: string }): string {
  const type = error.status >= 500 ? 'Receiver' : 'Sender';
  return `<ErrorResponse xmlns="${namespace}"><Error><Type>${type}</Type><Code>${escapeXml(error.code)}</Code>`
    + `<Message>${escapeXml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
}
