/**
 * SHA-256 and HMAC-SHA-256 from node:crypto in the shape `@smithy/signature-v4` asks for, so
 * SigV4 clients (the CLI's extension calls, `sluice agent`) sign without the browser hash library.
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';

/** SHA-256 and HMAC-SHA-256 from node:crypto, in the shape the signer asks for. */
export class Sha256 {
  readonly #secret: Buffer | undefined;
  #hash: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.#secret = secret === undefined ? undefined : typeof secret === 'string' ? Buffer.from(secret, 'utf8')
      : ArrayBuffer.isView(secret) ? Buffer.from(secret.buffer, secret.byteOffset, secret.byteLength) : Buffer.from(secret);
    this.#hash = this.#fresh();
  }
  #fresh(): Hash | Hmac {
    return this.#secret === undefined ? createHash('sha256') : createHmac('sha256', this.#secret);
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.#hash.update(typeof data === 'string' ? data : ArrayBuffer.isView(data) ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.from(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#hash.digest());
  }
  reset(): void {
    this.#hash = this.#fresh();
  }
}

