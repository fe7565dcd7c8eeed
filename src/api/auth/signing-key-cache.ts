/**
 * SigV4 signing keys, derived once and reused. A key depends on the secret, the day, the region
 * and the service only, so a client signing all day with one key costs four HMACs once a day
 * instead of once per request.
 *
 * Keys are kept as `KeyObject`s, not bytes: on Node 24 (OpenSSL 3) an HMAC with a raw-bytes key
 * imports the key on every call, ~27 µs, against ~4 µs with a `KeyObject` (bench/sigv4.bench.ts).
 *
 * The cache is a small LRU over a `Map` (insertion order is recency order: a hit moves the entry
 * to the end, an insert past the bound evicts the first). It lives in one process and holds
 * derived keys, never a secret in a form that can be printed.
 */
import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';

/** @default 256 keys — about 20 kB, and far more active (key, day, region, service) tuples than a Sluice server sees. */
export const DEFAULT_SIGNING_KEY_CACHE_SIZE = 256;

/** HMAC-SHA256 of `data` under `key`. */
export function hmacSha256(key: string | Buffer | KeyObject, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/** Derives the SigV4 signing key: the HMAC chain over date, region, service and `aws4_request`. */
export function deriveSigningKey(secretAccessKey: string, date: string, region: string, service: string): KeyObject {
  const dateKey = hmacSha256(`AWS4${secretAccessKey}`, date);
  return createSecretKey(hmacSha256(hmacSha256(hmacSha256(dateKey, region), service), 'aws4_request'));
}

export class SigningKeyCache {
  readonly #maxEntries: number;
  readonly #entries = new Map<string, KeyObject>();

  constructor(maxEntries = DEFAULT_SIGNING_KEY_CACHE_SIZE) {
    if (!(Number.isInteger(maxEntries) && maxEntries > 0)) throw new RangeError(`maxEntries must be a positive integer, got ${maxEntries}`);
    this.#maxEntries = maxEntries;
  }

  /** Number of keys held. */
  get size(): number {
    return this.#entries.size;
  }

  /** The signing key for (secret, date, region, service), derived on a miss. */
  get(secretAccessKey: string, date: string, region: string, service: string): KeyObject {
    // Date, region and service never contain '\n'; the secret goes last so no two tuples collide.
    const id = `${date}\n${region}\n${service}\n${secretAccessKey}`;
    const hit = this.#entries.get(id);
    if (hit !== undefined) {
      this.#entries.delete(id);
      this.#entries.set(id, hit);
      return hit;
    }
    const key = deriveSigningKey(secretAccessKey, date, region, service);
    this.#entries.set(id, key);
    if (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
    return key;
  }

  clear(): void {
    this.#entries.clear();
  }
}
