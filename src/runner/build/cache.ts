/**
 * The build cache (`cache.paths`): a copy of the selected files kept in the project's cache
 * directory. Restored into the primary source before INSTALL without overwriting source files;
 * saved after a successful build by replacing the previous copy whole (a new directory renamed
 * into place, so a crash never leaves half a cache). Best effort: a problem is a warning in the
 * build log, never a failed build.
 */
import { randomUUID } from 'node:crypto';
import { cp, mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Buildspec } from '../../model/buildspec/types.ts';
import { selectArtifactFiles } from './artifact-files.ts';

const FILES = 'files';

export async function restoreCache(cacheDir: string, sourceDir: string, log: (line: string) => void): Promise<void> {
  const files = join(cacheDir, FILES);
  if (!(await stat(files).catch(() => undefined))?.isDirectory()) {
    log('Cache is empty: nothing to restore');
    return;
  }
  try {
    await cp(files, sourceDir, { recursive: true, force: false, errorOnExist: false, verbatimSymlinks: true });
    log('Restored the cache');
  } catch (e) {
    log(`Warning: the cache could not be restored: ${(e as Error).message}`);
  }
}

export async function saveCache(buildspec: Buildspec, cacheDir: string, sourceDir: string, log: (line: string) => void): Promise<void> {
  const paths = buildspec.cache?.paths ?? [];
  if (paths.length === 0) return;
  // Its own staging directory: two builds of a project may save at once (the last rename wins whole).
  const next = join(cacheDir, `${FILES}.new-${randomUUID()}`);
  try {
    const selected = await selectArtifactFiles(sourceDir, { files: paths, discardPaths: false, excludePaths: [], enableSymlinks: true });
    await rm(next, { recursive: true, force: true });
    for (const file of selected) {
      const target = join(next, file.path);
      await mkdir(dirname(target), { recursive: true });
      await cp(file.source, target, { verbatimSymlinks: true });
    }
    await mkdir(next, { recursive: true });
    await rm(join(cacheDir, FILES), { recursive: true, force: true });
    await rename(next, join(cacheDir, FILES));
    log(`Saved ${selected.length} file(s) to the cache`);
  } catch (e) {
    log(`Warning: the cache could not be saved: ${(e as Error).message}`);
    await rm(next, { recursive: true, force: true }).catch(() => undefined);
  }
}
