/**
 * A bundle as a list of entries, whatever its format, and the check every entry passes before
 * anything is written: no absolute name, no `..` that leaves the archive directory, symlinks only
 * to targets inside it, and only files, directories and symlinks (no devices, no hard links).
 */
import { posix } from 'node:path';

export type BundleEntry =
  | { kind: 'file'; name: string; data: Uint8Array; mode: number }
  | { kind: 'directory'; name: string; mode: number }
  | { kind: 'symlink'; name: string; target: string }
  | { kind: 'other'; name: string; what: string };

/** A bundle entry that would write outside its directory, or that the agent does not unpack. */
export class UnsafeEntryError extends Error {
  override name = 'UnsafeEntryError';
  readonly entry: string;

  constructor(entry: string, why: string) {
    super(`The bundle entry ${JSON.stringify(entry)} ${why}; nothing was unpacked`);
    this.entry = entry;
  }
}

/** The entry's path inside the archive directory (no leading `./`, no trailing `/`). */
export function checkedPath(name: string): string {
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name) || name.includes('\\')) throw new UnsafeEntryError(name, 'has an absolute path');
  if (name.includes('\0')) throw new UnsafeEntryError(name, 'has a NUL character in its name');
  const normal = posix.normalize(name).replace(/\/+$/, '');
  if (normal === '..' || normal.startsWith('../')) throw new UnsafeEntryError(name, 'points outside the deployment archive');
  return normal === '.' ? '' : normal;
}

/** Throws UnsafeEntryError for the first entry that may not be unpacked. */
export function checkEntries(entries: readonly BundleEntry[]): void {
  for (const entry of entries) {
    const path = checkedPath(entry.name);
    if (entry.kind === 'other') throw new UnsafeEntryError(entry.name, `is ${entry.what}, which a bundle may not contain`);
    if (entry.kind !== 'symlink') continue;
    if (entry.target.startsWith('/')) throw new UnsafeEntryError(entry.name, `is a symlink to the absolute path ${entry.target}`);
    const resolved = posix.normalize(posix.join(posix.dirname(path), entry.target));
    if (resolved === '..' || resolved.startsWith('../')) throw new UnsafeEntryError(entry.name, `is a symlink to ${entry.target}, outside the deployment archive`);
  }
}
