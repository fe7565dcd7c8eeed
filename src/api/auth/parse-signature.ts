/**
 * Reads the signature out of a request, in either of SigV4's two forms, and checks its structure:
 *
 * - header: `Authorization: AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/codepipeline/aws4_request,
 *   SignedHeaders=host;x-amz-date, Signature=<64 hex>` with the time in `x-amz-date` (or `date`);
 * - query (presigned URL): `X-Amz-Algorithm`, `X-Amz-Credential`, `X-Amz-Date`, `X-Amz-Expires`,
 *   `X-Amz-SignedHeaders`, `X-Amz-Signature`, and `X-Amz-Security-Token` for temporary credentials.
 *
 * Everything wrong here is `MissingAuthentication` or `IncompleteSignature`; no key is looked up.
 */
import { AuthFailure, AuthFailureReason } from './auth-failure.ts';
import { parseQuery, type QueryParam } from './canonical.ts';
import type { SignedRequest } from './types.ts';

export const ALGORITHM = 'AWS4-HMAC-SHA256';
/** A presigned URL may live at most a week. */
export const MAX_EXPIRES_SECONDS = 604_800;

/** A structurally valid signature, not yet checked against any key. */
export interface SignatureParts {
  presigned: boolean;
  accessKeyId: string;
  /** `YYYYMMDD/region/service/aws4_request`. */
  scope: string;
  region: string;
  service: string;
  signedHeaders: string[];
  /** Lower-case hex, as sent. */
  signature: string;
  /** The signing time in ISO 8601 basic form (`20240101T120000Z`). */
  amzDate: string;
  signedAtMs: number;
  /** `X-Amz-Expires` of a presigned URL, in seconds. */
  expiresSeconds?: number;
  /** Token sent in `x-amz-security-token` or `X-Amz-Security-Token`. */
  sessionToken?: string;
  query: QueryParam[];
}

const PRESIGN_PARAMS = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'X-Amz-Signature', 'X-Amz-Security-Token'];
const ISO_BASIC = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const SCOPE_WORD = /^[A-Za-z0-9._-]+$/;
const HEADER_NAME = /^[a-z0-9!#$%&'*+.^_`|~-]+$/;
const SIGNATURE_HEX = /^[0-9a-f]{64}$/;

function incomplete(message: string, presigned: boolean, details?: Record<string, string>): AuthFailure {
  return new AuthFailure(AuthFailureReason.IncompleteSignature, message, { presigned, ...(details && { details }) });
}

/** Parses and checks the signature of `request`; throws `AuthFailure` when there is none or it is malformed. */
export function parseSignature(request: SignedRequest): SignatureParts {
  const authorization = request.headers.authorization;
  const query = parseQuery(request.query);
  const presigned = query.some((p) => p.key === 'X-Amz-Algorithm');
  if (authorization === undefined && !presigned) {
    throw new AuthFailure(AuthFailureReason.MissingAuthentication, 'Missing Authentication Token');
  }
  if (authorization !== undefined && presigned) {
    throw incomplete('Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter or the Authorization header should be specified.', true);
  }
  const parts = presigned ? fromQuery(query) : fromHeader(authorization ?? '', request.headers, query);
  const tokens = [request.headers['x-amz-security-token'], queryValue(query, 'X-Amz-Security-Token')].filter((t) => t !== undefined);
  if (tokens.length === 2 && tokens[0] !== tokens[1]) {
    throw incomplete('The security token is sent twice, with different values.', presigned);
  }
  if (tokens[0] !== undefined) parts.sessionToken = tokens[0];
  return parts;
}

function fromHeader(authorization: string, headers: Readonly<Record<string, string>>, query: QueryParam[]): SignatureParts {
  const text = authorization.trim();
  const space = text.indexOf(' ');
  const algorithm = space < 0 ? text : text.slice(0, space);
  if (algorithm !== ALGORITHM) {
    throw incomplete(`Unsupported Authorization type '${algorithm}': Sluice accepts ${ALGORITHM} (Signature Version 4) only.`, false);
  }
  const fields = new Map<string, string>();
  for (const raw of (space < 0 ? '' : text.slice(space + 1)).split(',')) {
    const part = raw.trim();
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq < 0) throw incomplete(`'${part}' not a valid key=value pair (missing equal-sign) in Authorization header.`, false);
    const name = part.slice(0, eq);
    if (fields.has(name)) throw incomplete(`Authorization header has '${name}' more than once.`, false);
    fields.set(name, part.slice(eq + 1));
  }
  const missing = ['Credential', 'Signature', 'SignedHeaders']
    .filter((name) => !fields.get(name))
    .map((name) => `Authorization header requires '${name}' parameter.`);
  const amzDate = headers['x-amz-date'] ?? isoFromHttpDate(headers.date);
  if (amzDate === undefined) missing.push(`Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.`);
  if (missing.length > 0) throw incomplete(missing.join(' '), false);
  return build(false, {
    credential: fields.get('Credential') ?? '',
    signedHeaders: fields.get('SignedHeaders') ?? '',
    signature: fields.get('Signature') ?? '',
    amzDate: amzDate ?? '',
    query,
  });
}

function fromQuery(query: QueryParam[]): SignatureParts {
  for (const name of PRESIGN_PARAMS) {
    if (query.filter((p) => p.key === name).length > 1) throw incomplete(`Query parameter '${name}' is given more than once.`, true);
  }
  const algorithm = queryValue(query, 'X-Amz-Algorithm');
  if (algorithm !== ALGORITHM) {
    throw incomplete(`X-Amz-Algorithm only supports "${ALGORITHM}"`, true);
  }
  const [credential, amzDate, expires, signedHeaders, signature] =
    ['X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'X-Amz-Signature'].map((n) => queryValue(query, n));
  if (!credential || !amzDate || !expires || !signedHeaders || !signature) {
    throw incomplete('Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.', true);
  }
  if (!/^\d{1,9}$/.test(expires)) throw incomplete('X-Amz-Expires should be a number', true);
  const parts = build(true, { credential, signedHeaders, signature, amzDate, query });
  parts.expiresSeconds = Number(expires);
  return parts;
}

function build(
  presigned: boolean,
  raw: { credential: string; signedHeaders: string; signature: string; amzDate: string; query: QueryParam[] },
): SignatureParts {
  const scopeParts = raw.credential.split('/');
  const [accessKeyId = '', date = '', region = '', service = '', terminator = ''] = scopeParts;
  if (scopeParts.length !== 5 || accessKeyId === '' || !/^\d{8}$/.test(date) || !SCOPE_WORD.test(region) || !SCOPE_WORD.test(service)) {
    throw incomplete(`${presigned ? 'Error parsing the X-Amz-Credential parameter' : 'The authorization header is malformed'}; the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".`, presigned);
  }
  if (terminator !== 'aws4_request') {
    throw incomplete(`Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator}'.`, presigned);
  }
  const signedHeaders = raw.signedHeaders.split(';');
  if (signedHeaders.some((name) => !HEADER_NAME.test(name)) || new Set(signedHeaders).size !== signedHeaders.length) {
    throw incomplete(`SignedHeaders must be distinct lower-case header names separated by ';', got '${raw.signedHeaders}'.`, presigned);
  }
  if (!signedHeaders.includes('host')) {
    throw incomplete(`'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.`, presigned);
  }
  const signedAtMs = parseIsoBasic(raw.amzDate);
  if (signedAtMs === undefined) {
    throw incomplete(`${presigned ? 'X-Amz-Date' : 'X-Amz-Date header'} must be in ISO 8601 basic format (YYYYMMDD'T'HHMMSS'Z'), got '${raw.amzDate}'.`, presigned);
  }
  return {
    presigned,
    accessKeyId,
    scope: `${date}/${region}/${service}/aws4_request`,
    region,
    service,
    signedHeaders,
    signature: raw.signature,
    amzDate: raw.amzDate,
    signedAtMs,
    query: raw.query,
  };
}

/** True when `signature` has the shape of a SigV4 signature (64 lower-case hex digits). */
export function isSignatureShaped(signature: string): boolean {
  return SIGNATURE_HEX.test(signature);
}

function queryValue(query: readonly QueryParam[], key: string): string | undefined {
  return query.find((p) => p.key === key)?.value;
}

/** Milliseconds since the epoch of an ISO 8601 basic timestamp, or undefined if it is not one. */
export function parseIsoBasic(text: string): number | undefined {
  const m = ISO_BASIC.exec(text);
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  // Date.UTC rolls 20240230 over into March: a real date keeps its month and day.
  const date = new Date(ms);
  return date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && h < 24 && mi < 60 && s < 60 ? ms : undefined;
}

export function formatIsoBasic(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** A `Date` header may carry the signing time instead of `x-amz-date`, in ISO basic or HTTP-date form. */
function isoFromHttpDate(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (ISO_BASIC.test(value)) return value;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : formatIsoBasic(ms);
}
