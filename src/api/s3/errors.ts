/**
 * S3 errors: an `S3Error` carries S3's code, status and message plus the extra elements S3 puts in
 * its `<Error>` document (`Key`, `BucketName`, `UploadId`, …). One table maps the object store's
 * failures, another (`S3_AUTH_ERRORS`) authentication failures, so no code matches on message text.
 */
import { describeAuthFailure, S3_AUTH_ERRORS, type AuthFailure } from '../auth/sigv4.ts';
import type { ObjectStoreError, ObjectStoreErrorReason } from '../../artifacts/objects/ports.ts';
import { xmlDocument, type XmlNode } from './xml.ts';

const BRAND = Symbol.for('sluice:s3-error');

export class S3Error extends Error {
  readonly code: string;
  readonly status: number;
  /** Extra elements of the error document, in order. */
  readonly details: Readonly<Record<string, string>>;
  readonly [BRAND] = true;

  constructor(code: string, status: number, message: string, details: Record<string, string> = {}) {
    super(message);
    this.name = 'S3Error';
    this.code = code;
    this.status = status;
    this.details = details;
  }
}

export function isS3Error(e: unknown): e is S3Error {
  return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
}

/** The errors Sluice raises most, worded as S3 words them. */
export const S3Errors = {
  noSuchBucket: (bucket: string) => new S3Error('NoSuchBucket', 404, 'The specified bucket does not exist', { BucketName: bucket }),
  noSuchKey: (key: string) => new S3Error('NoSuchKey', 404, 'The specified key does not exist.', { Key: key }),
  noSuchUpload: (uploadId: string) => new S3Error('NoSuchUpload', 404,
    'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.', { UploadId: uploadId }),
  accessDenied: (message = 'Access Denied') => new S3Error('AccessDenied', 403, message),
  invalidArgument: (message: string, name?: string, value?: string) => new S3Error('InvalidArgument', 400, message,
    name === undefined ? {} : { ArgumentName: name, ArgumentValue: value ?? '' }),
  invalidRequest: (message: string) => new S3Error('InvalidRequest', 400, message),
  malformedXml: () => new S3Error('MalformedXML', 400, 'The XML you provided was not well-formed or did not validate against our published schema'),
  badDigest: (message = 'The Content-MD5 you specified did not match what we received.') => new S3Error('BadDigest', 400, message),
  methodNotAllowed: (method: string, resource: string) => new S3Error('MethodNotAllowed', 405,
    'The specified method is not allowed against this resource.', { Method: method, ResourceType: resource }),
  notImplemented: (what: string) => new S3Error('NotImplemented', 501, `A header or query you provided implies functionality that is not implemented: ${what}`),
  internal: () => new S3Error('InternalError', 500, 'We encountered an internal error. Please try again.'),
};

const STORE_ERRORS: Record<ObjectStoreErrorReason, { code: string; status: number }> = {
  NoSuchBucket: { code: 'NoSuchBucket', status: 404 },
  BucketNotEmpty: { code: 'BucketNotEmpty', status: 409 },
  // S3 has no such error: any key may sit beside any other. Sluice's keys are files (see docs).
  KeyConflict: { code: 'KeyConflict', status: 409 },
  EntityTooLarge: { code: 'EntityTooLarge', status: 400 },
  EntityTooSmall: { code: 'EntityTooSmall', status: 400 },
  InvalidPart: { code: 'InvalidPart', status: 400 },
  InvalidPartOrder: { code: 'InvalidPartOrder', status: 400 },
  PreconditionFailed: { code: 'PreconditionFailed', status: 412 },
  NoSuchUpload: { code: 'NoSuchUpload', status: 404 },
};

export function fromStoreError(e: ObjectStoreError, details: Record<string, string> = {}): S3Error {
  const { code, status } = STORE_ERRORS[e.reason];
  return new S3Error(code, status, e.message, details);
}

/** The S3 error for a failed authentication; the failure's details become elements (`StringToSign`, …). */
export function fromAuthFailure(failure: AuthFailure): S3Error {
  const { type, status, message } = describeAuthFailure(failure, S3_AUTH_ERRORS);
  return new S3Error(type, status, message, { ...failure.details });
}

/** The `<Error>` document S3 sends (no namespace, as S3's own errors have none). */
export function errorDocument(error: S3Error, requestId: string, hostId: string): string {
  const nodes: XmlNode[] = [['Code', error.code], ['Message', error.message]];
  for (const [name, value] of Object.entries(error.details)) nodes.push([name, value]);
  nodes.push(['RequestId', requestId], ['HostId', hostId]);
  return xmlDocument('Error', nodes, false);
}
