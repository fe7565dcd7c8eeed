/**
 * The parts of a SigV4 canonical request that are rebuilt from the request as received: the URI
 * path, the query string and the signed headers. Each follows AWS's rules and is checked against
 * the AWS SDK's own signer in the tests.
 *
 * Encoding is AWS's `UriEncode`: every byte of the UTF-8 form except the unreserved characters
 * `A-Z a-z 0-9 - . _ ~` becomes `%XY` with upper-case hex.
 */

const UNRESERVED_ONLY = /^[A-Za-z0-9\-._~]*$/;
const HEX = Array.from({ length: 256 }, (_, b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`);

function isUnreserved(b: number): boolean {
  return (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || (b >= 0x30 && b <= 0x39)
    || b === 0x2d || b === 0x2e || b === 0x5f || b === 0x7e;
}

/** AWS `UriEncode`; with `keepSlash`, `/` is left as is (for paths). */
export function uriEncode(value: string, keepSlash = false): string {
  if (UNRESERVED_ONLY.test(value)) return value;
  let out = '';
  for (const b of Buffer.from(value, 'utf8')) {
    out += isUnreserved(b) || (keepSlash && b === 0x2f) ? String.fromCharCode(b) : HEX[b];
  }
  return out;
}

/**
 * Percent-decodes one query key, query value or path segment. In the query a raw `+` is a space,
 * as `URLSearchParams` reads it, so the signature covers what the server will act on. A value with
 * a malformed escape (`%zz`, invalid UTF-8) is kept literally, which is what a client that sent
 * it unencoded would have signed.
 */
export function percentDecode(value: string, plusIsSpace: boolean): string {
  const text = plusIsSpace && value.includes('+') ? value.replaceAll('+', ' ') : value;
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** One query parameter: decoded key and value, as the server will read them. */
export interface QueryParam {
  key: string;
  value: string;
}

/** Splits a raw query string (without `?`) into decoded parameters, in order, repeats kept. */
export function parseQuery(rawQuery: string): QueryParam[] {
  const params: QueryParam[] = [];
  if (rawQuery === '') return params;
  for (const piece of rawQuery.split('&')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    const key = percentDecode(eq < 0 ? piece : piece.slice(0, eq), true);
    const value = eq < 0 ? '' : percentDecode(piece.slice(eq + 1), true);
    params.push({ key, value });
  }
  return params;
}

/**
 * The canonical query string: every parameter except the signature itself, keys and values
 * `UriEncode`d, sorted by encoded key then encoded value, a missing value as `key=`.
 * Like the AWS SDK, `X-Amz-Signature` is left out whatever its case.
 */
export function canonicalQuery(params: readonly QueryParam[]): string {
  if (params.length === 0) return '';
  const pairs: string[][] = [];
  for (const { key, value } of params) {
    if (key.length === 15 && key.toLowerCase() === 'x-amz-signature') continue;
    pairs.push([uriEncode(key), uriEncode(value)]);
  }
  pairs.sort(([ka = '', va = ''], [kb = '', vb = '']) => (ka < kb ? -1 : ka > kb ? 1 : va < vb ? -1 : va > vb ? 1 : 0));
  return pairs.map(([k = '', v = '']) => `${k}=${v}`).join('&');
}

/**
 * The canonical URI path. S3 signs the path as the object key names it: each segment is decoded
 * and encoded once more the AWS way, without normalization (`//`, `.` and `..` are part of keys).
 * Every other service normalizes the path (empty and `.` segments dropped, `..` removes the one
 * before) and encodes the already-encoded path a second time, so `%20` is signed as `%2520`.
 */
export function canonicalPath(rawPath: string, service: string): string {
  const path = rawPath === '' ? '/' : rawPath;
  if (service === 's3') {
    if (UNRESERVED_ONLY.test(path.replaceAll('/', ''))) return path;
    return path.split('/').map((segment) => uriEncode(percentDecode(segment, false))).join('/');
  }
  return uriEncode(normalizePath(path), true);
}

/** RFC 3986 dot-segment removal, with empty segments dropped as AWS does; keeps a trailing `/`. */
function normalizePath(path: string): string {
  if (path === '/') return path;
  const kept: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') kept.pop();
    else kept.push(segment);
  }
  const lead = path.startsWith('/') ? '/' : '';
  const trail = kept.length > 0 && path.endsWith('/') ? '/' : '';
  return `${lead}${kept.join('/')}${trail}`;
}

/**
 * The canonical value of one header: runs of spaces, tabs and line breaks become one space and
 * the ends are trimmed. An absent header is signed as an empty value.
 */
export function canonicalHeaderValue(value: string | undefined): string {
  if (value === undefined) return '';
  // Most values are already canonical; testing is cheaper than two replacements.
  if (!NEEDS_TRIM.test(value)) return value;
  return value.replace(/[ \t\r\n]+/g, ' ').replace(/^ | $/g, '');
}
const NEEDS_TRIM = /[\t\r\n]| {2}|^ | $/;

/** The canonical headers block: one `name:value\n` line per signed header, in the signed order. */
export function canonicalHeaders(headers: Readonly<Record<string, string>>, signedHeaders: readonly string[]): string {
  let out = '';
  for (const name of signedHeaders) out += `${name}:${canonicalHeaderValue(headers[name])}\n`;
  return out;
}
