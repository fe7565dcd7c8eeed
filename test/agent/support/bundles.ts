/**
 * Bundles as attackers and tools make them: zips with arbitrary entry names and symlink entries
 * (fflate), and tar archives written header by header (ustar), so tests can build entries that
 * `tar` itself would refuse to create.
 */
import { gzipSync } from 'node:zlib';
import { zipSync, type Zippable } from 'fflate';

export type RawEntry = { name: string; content?: string; mode?: number; symlinkTo?: string; type?: 'file' | 'directory' | 'fifo' };

export function makeZip(entries: readonly RawEntry[]): Uint8Array {
  const tree: Zippable = {};
  for (const entry of entries) {
    if (entry.symlinkTo !== undefined) tree[entry.name] = [Buffer.from(entry.symlinkTo), { os: 3, attrs: (0o120777 << 16) >>> 0 }];
    else if (entry.type === 'directory') tree[entry.name.endsWith('/') ? entry.name : `${entry.name}/`] = [new Uint8Array(0), { os: 3, attrs: (0o040755 << 16) >>> 0 }];
    else tree[entry.name] = [Buffer.from(entry.content ?? ''), { os: 3, attrs: ((0o100000 | (entry.mode ?? 0o644)) << 16) >>> 0 }];
  }
  return zipSync(tree);
}

function header(name: string, size: number, mode: number, type: string, link = ''): Buffer {
  const block = Buffer.alloc(512);
  block.write(name, 0, 100, 'utf8');
  block.write(`${mode.toString(8).padStart(7, '0')}\0`, 100);
  block.write('0000000\0', 108);
  block.write('0000000\0', 116);
  block.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
  block.write('00000000000\0', 136);
  block.write(type, 156);
  block.write(link, 157, 100, 'utf8');
  block.write('ustar\0', 257);
  block.write('00', 263);
  block.fill(' ', 148, 156);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return block;
}

export function makeTar(entries: readonly RawEntry[], gzip = false): Uint8Array {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    if (entry.symlinkTo !== undefined) {
      parts.push(header(entry.name, 0, 0o777, '2', entry.symlinkTo));
    } else if (entry.type === 'directory') {
      parts.push(header(entry.name, 0, entry.mode ?? 0o755, '5'));
    } else if (entry.type === 'fifo') {
      parts.push(header(entry.name, 0, 0o644, '6'));
    } else {
      const data = Buffer.from(entry.content ?? '');
      parts.push(header(entry.name, data.length, entry.mode ?? 0o644, '0'), data, Buffer.alloc((512 - (data.length % 512)) % 512));
    }
  }
  parts.push(Buffer.alloc(1024));
  const tar = Buffer.concat(parts);
  return gzip ? gzipSync(tar) : tar;
}
