/**
 * Opaque NextTokens of the parameter and secret listings: base64url of `{"k": list, "a": after}`,
 * the list the token belongs to and the sort key to continue after. A token that does not decode
 * or belongs to another list is refused with the calling service's own error type.
 */
import { SluiceError, type ErrorCode } from '../model/errors.ts';

export function encodeListToken(list: string, after: string | number): string {
  return Buffer.from(JSON.stringify({ k: list, a: after }), 'utf8').toString('base64url');
}

/** The sort key a token continues after; `errorCode` is the service's (SSM: InvalidNextToken). */
export function decodeListToken<T extends string | number>(list: string, token: string, kind: 'string' | 'number', errorCode: ErrorCode): T {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const { k, a } = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as { k?: unknown; a?: unknown };
  if (k !== list || typeof a !== kind) throw new SluiceError(errorCode, 'The specified token is not valid.');
  return a as T;
}
