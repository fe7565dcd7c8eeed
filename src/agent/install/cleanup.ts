/**
 * The cleanup list of a deployment group: every path the last Install put on the host, one per
 * line, as the real agent keeps it. The next Install removes them first, so files the new
 * revision no longer has disappear, and they never count as "already there" for
 * file_exists_behavior. Directories are removed only when nothing else is left in them.
 */
import { lstat, rmdir, unlink } from 'node:fs/promises';
import { readIfExists, writeDurably } from '../durable-file.ts';

export async function readCleanupList(file: string): Promise<string[]> {
  const text = await readIfExists(file);
  return text === undefined ? [] : text.split('\n').filter((line) => line.startsWith('/'));
}

export async function writeCleanupList(file: string, paths: readonly string[]): Promise<void> {
  await writeDurably(file, paths.map((p) => `${p}\n`).join(''));
}

/** Removes the listed paths: files and symlinks first, then directories deepest first if empty. */
export async function removeListed(paths: readonly string[]): Promise<void> {
  const directories: string[] = [];
  for (const path of paths) {
    const info = await lstat(path).catch(() => undefined);
    if (!info) continue;
    if (info.isDirectory()) directories.push(path);
    else await unlink(path);
  }
  directories.sort((a, b) => b.length - a.length);
  for (const directory of directories) {
    await rmdir(directory).catch((e: unknown) => {
      // Not empty: something else (another group, the user) keeps files there.
      if ((e as { code?: string }).code !== 'ENOTEMPTY' && (e as { code?: string }).code !== 'EEXIST') throw e;
    });
  }
}
