/**
 * The additional checksums S3 clients send with an object (`x-amz-checksum-<algorithm>`, as a
 * header or an aws-chunked trailer): CRC32, CRC32C, CRC64NVME, SHA1 and SHA256, each given as the
 * base64 of its big-endian digest. Computed incrementally while a body streams through.
 *
 * CRC32 is zlib's (native); CRC32C and CRC64NVME are table-driven here, since Node has neither
 * (measured: about 340 MB/s and 190 MB/s on one core, against 3.6 GB/s for
 * zlib's CRC32; the SDKs and the aws CLI default to CRC32).
 */
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';

export const ChecksumAlgorithm = {
  CRC32: 'CRC32',
  CRC32C: 'CRC32C',
  CRC64NVME: 'CRC64NVME',
  SHA1: 'SHA1',
  SHA256: 'SHA256',
} as const;
export type ChecksumAlgorithm = (typeof ChecksumAlgorithm)[keyof typeof ChecksumAlgorithm];

export function isChecksumAlgorithm(name: string): name is ChecksumAlgorithm {
  return Object.hasOwn(ChecksumAlgorithm, name);
}

/** An incremental checksum. */
export interface Checksum {
  update(data: Uint8Array): void;
  /** Base64 of the big-endian digest, as S3 writes it. */
  digest(): string;
}

const CRC32C_TABLE = crcTable32(0x82f63b78);
const [CRC64_LO, CRC64_HI] = crcTable64(0x9a6c9329ac4bc9b5n);

function crcTable32(reversedPoly: number): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ reversedPoly : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

/** The CRC-64 table split into 32-bit halves, so the byte loop stays in small-integer arithmetic. */
function crcTable64(reversedPoly: bigint): [Uint32Array, Uint32Array] {
  const lo = new Uint32Array(256);
  const hi = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = BigInt(n);
    for (let k = 0; k < 8; k++) c = c & 1n ? (c >> 1n) ^ reversedPoly : c >> 1n;
    lo[n] = Number(c & 0xffffffffn);
    hi[n] = Number(c >> 32n);
  }
  return [lo, hi];
}

function uint32Base64(value: number): string {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value >>> 0);
  return out.toString('base64');
}

function makeCrc32(): Checksum {
  let value = 0;
  return { update(data) { value = crc32(data, value); }, digest: () => uint32Base64(value) };
}

function makeCrc32c(): Checksum {
  let crc = 0xffffffff;
  return {
    update(data) {
      let c = crc;
      for (let i = 0; i < data.length; i++) c = (CRC32C_TABLE[(c ^ (data[i] as number)) & 0xff] as number) ^ (c >>> 8);
      crc = c;
    },
    digest: () => uint32Base64(crc ^ 0xffffffff),
  };
}

function makeCrc64Nvme(): Checksum {
  let lo = 0xffffffff;
  let hi = 0xffffffff;
  return {
    update(data) {
      let l = lo;
      let h = hi;
      for (let i = 0; i < data.length; i++) {
        const index = (l ^ (data[i] as number)) & 0xff;
        l = (((l >>> 8) | (h << 24)) ^ (CRC64_LO[index] as number)) >>> 0;
        h = ((h >>> 8) ^ (CRC64_HI[index] as number)) >>> 0;
      }
      lo = l;
      hi = h;
    },
    digest() {
      const out = Buffer.alloc(8);
      out.writeUInt32BE((hi ^ 0xffffffff) >>> 0, 0);
      out.writeUInt32BE((lo ^ 0xffffffff) >>> 0, 4);
      return out.toString('base64');
    },
  };
}

function makeHash(name: 'sha1' | 'sha256'): Checksum {
  const hash = createHash(name);
  return { update(data) { hash.update(data); }, digest: () => hash.digest('base64') };
}

export function makeChecksum(algorithm: ChecksumAlgorithm): Checksum {
  switch (algorithm) {
    case 'CRC32': return makeCrc32();
    case 'CRC32C': return makeCrc32c();
    case 'CRC64NVME': return makeCrc64Nvme();
    case 'SHA1': return makeHash('sha1');
    case 'SHA256': return makeHash('sha256');
  }
}
