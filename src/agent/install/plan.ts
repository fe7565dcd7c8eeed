/**
 * What Install copies, computed before anything is written: every directory, file and symlink
 * of each `files` entry, from the deployment archive to its place on the host. A directory
 * source copies its contents into the destination; a file source lands inside the destination
 * directory under its own name (spec §2.1). Targets are joined from normalised relative paths,
 * so none can leave its destination.
 */
import { lstat, readdir } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import type { AppspecFile } from '../../model/appspec/types.ts';

export interface CopyStep {
  kind: 'file' | 'directory' | 'symlink';
  from: string;
  to: string;
  /** The `files[].destination` this step belongs to. */
  destination: string;
}

/** Install cannot go on; the message says why, for the event's diagnostics. */
export class InstallError extends Error {
  override name = 'InstallError';
}

export async function planCopies(archiveDir: string, files: readonly AppspecFile[]): Promise<CopyStep[]> {
  const steps: CopyStep[] = [];
  for (const entry of files) {
    const from = join(archiveDir, entry.source);
    const info = await lstat(from).catch(() => undefined);
    if (!info) throw new InstallError(`The source ${entry.source || '/'} of files does not exist in the bundle`);
    const { destination } = entry;
    if (!info.isDirectory()) {
      steps.push({ kind: 'directory', from: archiveDir, to: destination, destination });
      steps.push({ kind: info.isSymbolicLink() ? 'symlink' : 'file', from, to: join(destination, basename(from)), destination });
      continue;
    }
    steps.push({ kind: 'directory', from, to: destination, destination });
    const children = await readdir(from, { recursive: true, withFileTypes: true });
    children.sort((a, b) => join(a.parentPath, a.name).localeCompare(join(b.parentPath, b.name)));
    for (const child of children) {
      const path = join(child.parentPath, child.name);
      const to = join(destination, relative(from, path).split(sep).join('/'));
      const kind = child.isDirectory() ? 'directory' : child.isSymbolicLink() ? 'symlink' : 'file';
      steps.push({ kind, from: path, to, destination });
    }
  }
  return steps;
}
