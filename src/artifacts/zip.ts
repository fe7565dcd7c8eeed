/**
 * Zip packing and unpacking of directory trees (fflate), keeping Unix file modes so executable
 * scripts stay executable between actions.
 */
import { mkdir, readdir, readFile, stat, writeFile, chmod } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { unzipSync, zipSync, type Zippable } from 'fflate';

async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(root, join(e.parentPath, e.name)).split(sep).join('/'));
}

export async function zipDirectory(root: string, files?: readonly string[]): Promise<Uint8Array> {
  const paths = files ?? await listFiles(root);
  return zipFiles(paths.map((path) => ({ path, source: join(root, path) })));
}

/** Zips each `source` file as the entry `path`. */
export async function zipFiles(files: readonly { path: string; source: string }[]): Promise<Uint8Array> {
  const tree: Zippable = {};
  for (const { path, source } of files) {
    const [data, info] = await Promise.all([readFile(source), stat(source)]);
    // os 3 = Unix: the high 16 bits of the external attributes carry the file mode.
    tree[path] = [data, { os: 3, attrs: (info.mode & 0o777 | 0o100000) << 16 }];
  }
  return zipSync(tree, { level: 1 });
}

/**
 * Unix permission bits by entry name, read from the zip's central directory (fflate does not
 * expose them). Entries made elsewhere (no Unix attributes) are simply absent.
 */
function unixModes(zip: Uint8Array): Map<string, number> {
  const modes = new Map<string, number>();
  for (const [name, mode] of zipEntryModes(zip)) if (mode & 0o777) modes.set(name, mode & 0o777);
  return modes;
}

/**
 * Full Unix modes (file type and permission bits, e.g. 0o120777 for a symlink) by entry name,
 * for entries made on Unix.
 */
export function zipEntryModes(zip: Uint8Array): Map<string, number> {
  const modes = new Map<string, number>();
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let eocd = zip.byteLength - 22;
  while (eocd >= 0 && view.getUint32(eocd, true) !== 0x06054b50) eocd -= 1;
  if (eocd < 0) return modes;
  const count = view.getUint16(eocd + 10, true);
  let offset = view.getUint32(eocd + 16, true);
  const decoder = new TextDecoder();
  for (let i = 0; i < count && view.getUint32(offset, true) === 0x02014b50; i += 1) {
    const madeBy = view.getUint8(offset + 5);
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    const attrs = view.getUint32(offset + 38, true);
    const name = decoder.decode(zip.subarray(offset + 46, offset + 46 + nameLength));
    if (madeBy === 3 && attrs >>> 16) modes.set(name, attrs >>> 16);
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return modes;
}

export async function unzipTo(zip: Uint8Array, root: string): Promise<void> {
  const absoluteRoot = resolve(root);
  const modes = unixModes(zip);
  for (const [name, data] of Object.entries(unzipSync(zip))) {
    const target = resolve(absoluteRoot, name);
    if (!target.startsWith(absoluteRoot + sep)) throw new Error(`Refusing zip entry outside the target directory: ${name}`);
    if (name.endsWith('/')) {
      await mkdir(target, { recursive: true });
      continue;
    }
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, data);
    const mode = modes.get(name);
    if (mode) await chmod(target, mode);
  }
}
