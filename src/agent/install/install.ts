/**
 * The Install lifecycle event: removes what the group's previous Install put on the host (its
 * cleanup list), copies the appspec's `files` with `file_exists_behavior`, then applies
 * `permissions`. A path counts as "already there" only if the previous Install did not put it
 * there. With DISALLOW, any such file fails the event before anything is removed or written.
 * Nothing is written outside the declared destinations, even through a symlink on the host.
 */
import { copyFile, chmod, lstat, mkdir, readlink, realpath, rm, symlink } from 'node:fs/promises';
import { dirname, sep } from 'node:path';
import type { Appspec, FileExistsBehavior } from '../../model/appspec/types.ts';
import { readCleanupList, removeListed, writeCleanupList } from './cleanup.ts';
import { applyPermissions } from './permissions.ts';
import { InstallError, planCopies, type CopyStep } from './plan.ts';

export interface InstallRun {
  appspec: Appspec;
  archiveDir: string;
  /** The deployment's FileExistsBehavior; the appspec's own value wins. */
  defaultBehavior: FileExistsBehavior;
  cleanupFile: string;
}

/** How many conflicting files a DISALLOW failure names. */
const NAMED_CONFLICTS = 5;

export async function install(run: InstallRun): Promise<{ copied: number; retained: number }> {
  const behavior = run.appspec.fileExistsBehavior ?? run.defaultBehavior;
  const steps = await planCopies(run.archiveDir, run.appspec.files);
  const previous = new Set(await readCleanupList(run.cleanupFile));
  const present = await presentFiles(steps, previous);
  if (behavior === 'DISALLOW' && present.size > 0) {
    const names = [...present].slice(0, NAMED_CONFLICTS).join(', ');
    const more = present.size > NAMED_CONFLICTS ? ` and ${present.size - NAMED_CONFLICTS} more` : '';
    throw new InstallError(`The deployment failed because ${present.size} specified file${present.size === 1 ? '' : 's'} already exist${present.size === 1 ? 's' : ''} at the location: ${names}${more}. `
      + 'file_exists_behavior is DISALLOW; set it to OVERWRITE or RETAIN in the appspec or the deployment to replace or keep them');
  }
  await removeListed([...previous]);
  const createdDirectories = await missingDirectories(steps);
  const retained = behavior === 'RETAIN' ? present : new Set<string>();
  const installed = steps.filter((s) => (s.kind === 'directory' ? createdDirectories.has(s.to) : !retained.has(s.to))).map((s) => s.to);
  // Recorded before copying, so files a crashed Install left behind are still cleaned up next time.
  await writeCleanupList(run.cleanupFile, installed);
  for (const step of steps) if (!retained.has(step.to)) await copyStep(step);
  await applyPermissions(run.appspec.permissions, new Set(steps.filter((s) => !retained.has(s.to)).map((s) => s.to)));
  return { copied: steps.filter((s) => s.kind !== 'directory').length - retained.size, retained: retained.size };
}

/** Targets (not directories) that exist and were not installed by the previous Install. */
async function presentFiles(steps: readonly CopyStep[], previous: ReadonlySet<string>): Promise<Set<string>> {
  const present = new Set<string>();
  for (const step of steps) {
    if (step.kind === 'directory' || previous.has(step.to)) continue;
    if (await lstat(step.to).then(() => true, () => false)) present.add(step.to);
  }
  return present;
}

async function missingDirectories(steps: readonly CopyStep[]): Promise<Set<string>> {
  const missing = new Set<string>();
  for (const step of steps) {
    if (step.kind === 'directory' && !await lstat(step.to).then(() => true, () => false)) missing.add(step.to);
  }
  return missing;
}

async function copyStep(step: CopyStep): Promise<void> {
  if (step.kind === 'directory') {
    await mkdir(step.to, { recursive: true });
    return;
  }
  await mkdir(dirname(step.to), { recursive: true });
  await checkInside(step);
  const existing = await lstat(step.to).catch(() => undefined);
  if (existing?.isDirectory()) throw new InstallError(`Cannot install ${step.to}: a directory is in the way`);
  if (existing) await rm(step.to, { force: true });
  if (step.kind === 'symlink') {
    await symlink(await readlink(step.from), step.to);
    return;
  }
  await copyFile(step.from, step.to);
  await chmod(step.to, (await lstat(step.from)).mode & 0o7777);
}

/** The target's directory, resolved on disk, must still lie in the (resolved) destination. */
async function checkInside(step: CopyStep): Promise<void> {
  const [parent, destination] = await Promise.all([realpath(dirname(step.to)), realpath(step.destination)]);
  if (parent !== destination && !parent.startsWith(destination + sep)) {
    throw new InstallError(`Refusing to install ${step.to}: a symlink on the host leads it outside ${step.destination}`);
  }
}
