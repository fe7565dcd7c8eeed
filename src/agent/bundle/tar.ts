/**
 * Reads a tar archive (ustar, GNU long names, PAX `path`/`linkpath`) into bundle entries. Only
 * what bundles use is understood; other entry types are reported as `other` so the checker
 * refuses them by name.
 */
import type { BundleEntry } from './entries.ts';

const BLOCK = 512;

export class TarFormatError extends Error {
  override name = 'TarFormatError';
}

function text(block: Uint8Array, start: number, length: number): string {
  const field = block.subarray(start, start + length);
  const end = field.indexOf(0);
  return Buffer.from(end === -1 ? field : field.subarray(0, end)).toString('utf8');
}

function octal(block: Uint8Array, start: number, length: number): number {
  const value = text(block, start, length).trim();
  if (value === '') return 0;
  if (!/^[0-7]+$/.test(value)) throw new TarFormatError(`not a tar archive (bad number ${JSON.stringify(value)})`);
  return Number.parseInt(value, 8);
}

/** PAX extended header records: `<length> <key>=<value>\n`. */
function paxRecords(data: Uint8Array): Map<string, string> {
  const records = new Map<string, string>();
  const all = Buffer.from(data).toString('utf8');
  for (const line of all.split('\n')) {
    const match = /^\d+ ([^=]+)=(.*)$/s.exec(line);
    if (match) records.set(match[1]!, match[2]!);
  }
  return records;
}

const OTHER_TYPES: Record<string, string> = { 1: 'a hard link', 3: 'a character device', 4: 'a block device', 6: 'a FIFO' };

export function readTar(archive: Uint8Array): BundleEntry[] {
  const entries: BundleEntry[] = [];
  let longName: string | undefined;
  let longLink: string | undefined;
  for (let offset = 0; offset + BLOCK <= archive.length;) {
    const header = archive.subarray(offset, offset + BLOCK);
    if (header.every((byte) => byte === 0)) break;
    const size = octal(header, 124, 12);
    const type = String.fromCharCode(header[156]!);
    const data = archive.subarray(offset + BLOCK, offset + BLOCK + size);
    if (data.length < size) throw new TarFormatError('the tar archive is truncated');
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'L') { longName = text(data, 0, data.length); continue; }
    if (type === 'K') { longLink = text(data, 0, data.length); continue; }
    if (type === 'x') {
      const records = paxRecords(data);
      longName = records.get('path') ?? longName;
      longLink = records.get('linkpath') ?? longLink;
      continue;
    }
    if (type === 'g') continue;
    const prefix = text(header, 257, 6).startsWith('ustar') ? text(header, 345, 155) : '';
    const name = longName ?? (prefix ? `${prefix}/${text(header, 0, 100)}` : text(header, 0, 100));
    const link = longLink ?? text(header, 157, 100);
    longName = longLink = undefined;
    const mode = octal(header, 100, 8) & 0o7777;
    if (type === '0' || type === '\0' || type === '7') entries.push({ kind: 'file', name, data, mode });
    else if (type === '5') entries.push({ kind: 'directory', name, mode });
    else if (type === '2') entries.push({ kind: 'symlink', name, target: link });
    else entries.push({ kind: 'other', name, what: OTHER_TYPES[type] ?? `a tar entry of type ${JSON.stringify(type)}` });
  }
  return entries;
}
