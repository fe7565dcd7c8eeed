/**
 * GitHub's webhook signatures (GITHUB_HMAC): the hex HMAC of the raw request body keyed with the
 * webhook's secret, sent as `X-Hub-Signature-256: sha256=<hex>`, or by older senders as
 * `X-Hub-Signature: sha1=<hex>`. When the SHA-256 header is present it alone decides, so a sender
 * cannot fall back to SHA-1 by adding a second header. The comparison takes constant time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const SCHEMES = [
  { header: 'x-hub-signature-256', prefix: 'sha256=', algorithm: 'sha256', hexLength: 64 },
  { header: 'x-hub-signature', prefix: 'sha1=', algorithm: 'sha1', hexLength: 40 },
] as const;

export function verifyGitHubSignature(body: Uint8Array, secret: string, headers: Headers): boolean {
  for (const scheme of SCHEMES) {
    const value = headers.get(scheme.header);
    if (value === null) continue;
    const hex = value.trim().toLowerCase();
    if (!hex.startsWith(scheme.prefix)) return false;
    const given = hex.slice(scheme.prefix.length);
    if (given.length !== scheme.hexLength || !/^[0-9a-f]+$/.test(given)) return false;
    const expected = createHmac(scheme.algorithm, secret).update(body).digest();
    return timingSafeEqual(Buffer.from(given, 'hex'), expected);
  }
  return false;
}
