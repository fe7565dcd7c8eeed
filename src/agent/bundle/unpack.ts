/**
 * Unpacks a downloaded bundle (zip, tar or tgz) into the deployment archive directory. Every
 * entry is checked first (entries.ts), so a zip-slip bundle writes nothing at all; while
 * writing, each parent directory is resolved on disk as well, so no entry can reach outside
 * through a symlink made earlier.
 */
import { gunzipSync } from 'node:zlib';
import { chmod, mkdir, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import { unzipSync } from 'fflate';
import { zipEntryModes } from '../../artifacts/zip.ts';
import { checkedPath, checkEntries, UnsafeEntryError, type BundleEntry } from './entries.ts';
import { readTar } from './tar.ts';

export type BundleType = 'zip' | 'tar' | 'tgz';

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFDIR = 0o040000;

function zipEntries(archive: Uint8Array): BundleEntry[] {
  const modes = zipEntryModes(archive);
  return Object.entries(unzipSync(archive)).map(([name, data]): BundleEntry => {
    const mode = modes.get(name) ?? 0;
    if ((mode & S_IFMT) === S_IFLNK) return { kind: 'symlink', name, target: Buffer.from(data).toString('utf8') };
    if (name.endsWith('/') || (mode & S_IFMT) === S_IFDIR) return { kind: 'directory', name, mode: mode & 0o7777 };
    return { kind: 'file', name, data, mode: mode & 0o7777 };
  });
}

/** The bundle is not the archive its BundleType says. */
export class BundleFormatError extends Error {
  override name = 'BundleFormatError';
}

export function readBundle(archive: Uint8Array, type: BundleType): BundleEntry[] {
  try {
    if (type === 'zip') return zipEntries(archive);
    return readTar(type === 'tgz' ? gunzipSync(archive) : archive);
  } catch (e) {
    throw new BundleFormatError(`The bundle is not a valid ${type} archive: ${(e as Error).message}`, { cause: e });
  }
}

/** Unpacks `bundleFile` into `archiveDir` (emptied first). Throws UnsafeEntryError naming the entry. */
export async function unpackBundle(bundleFile: string, type: BundleType, archiveDir: string): Promise<number> {
  const entries = readBundle(await readFile(bundleFile), type);
  checkEntries(entries);
  await rm(archiveDir, { recursive: true, force: true });
  await mkdir(archiveDir, { recursive: true });
  const root = await realpath(archiveDir);
  for (const entry of entries) {
    const path = checkedPath(entry.name);
    if (path === '') continue;
    const target = join(root, path);
    await mkdir(dirname(target), { recursive: true });
    const parent = await realpath(dirname(target));
    if (parent !== root && !parent.startsWith(root + sep)) throw new UnsafeEntryError(entry.name, 'is written through a symlink that leads outside the deployment archive');
    if (entry.kind === 'directory') {
      await mkdir(target, { recursive: true });
      if (entry.mode) await chmod(target, entry.mode);
    } else if (entry.kind === 'symlink') {
      await symlink(entry.target, target);
    } else if (entry.kind === 'file') {
      await writeFile(target, entry.data, { flag: 'wx' }).catch(async (e: unknown) => {
        // The same name twice (tar appends updates): the later entry wins, as tar does.
        if ((e as { code?: string }).code !== 'EEXIST') throw e;
        await rm(target, { force: true });
        await writeFile(target, entry.data, { flag: 'wx' });
      });
      if (entry.mode) await chmod(target, entry.mode);
    }
  }
  return entries.length;
}
