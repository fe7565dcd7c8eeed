/**
 * Refs of a bare repository: listing branches, reading one, and moving one with compare-and-swap
 * (`git update-ref <ref> <new> <old>`), so two writers that start from the same tip cannot both
 * win. An all-zero old value means "must not exist yet".
 */
import { gitText, runGit } from './run-git.ts';
import { GitCommandError } from './run-git.ts';

export const ZERO_COMMIT = '0000000000000000000000000000000000000000';

export async function initBare(gitDir: string): Promise<void> {
  await runGit({ args: ['init', '--bare', '--quiet', gitDir] });
}

/** Whether `name` is a valid branch name for git (`git check-ref-format`). */
export async function isValidBranchName(name: string): Promise<boolean> {
  if (name.startsWith('-')) return false;
  const { exitCode } = await runGit({ args: ['check-ref-format', `refs/heads/${name}`], allowExitCodes: [0, 1] });
  return exitCode === 0;
}

/** The commit a full ref points at, or undefined. */
export async function readRef(gitDir: string, ref: string): Promise<string | undefined> {
  const { stdout, exitCode } = await runGit({ gitDir, args: ['rev-parse', '--verify', '--quiet', ref], allowExitCodes: [0, 1] });
  return exitCode === 0 ? stdout.toString('utf8').trim() : undefined;
}

/** Branches and their tips, by name ascending (git's byte order). */
export async function listBranches(gitDir: string): Promise<{ name: string; commitId: string }[]> {
  const text = await gitText({ gitDir, args: ['for-each-ref', '--format=%(objectname) %(refname:lstrip=2)', 'refs/heads/'] });
  return text.split('\n').filter((l) => l !== '').map((line) => {
    const space = line.indexOf(' ');
    return { commitId: line.slice(0, space), name: line.slice(space + 1) };
  });
}

/**
 * Points `ref` at `newId` if it still points at `oldId` (ZERO_COMMIT: if it does not exist);
 * false when another writer moved it first.
 */
export async function compareAndSwapRef(gitDir: string, ref: string, newId: string, oldId: string): Promise<boolean> {
  return casUpdate(gitDir, ref, oldId, ['update-ref', ref, newId, oldId]);
}

/** Deletes `ref` if it still points at `oldId`; false when another writer moved it first. */
export async function compareAndDeleteRef(gitDir: string, ref: string, oldId: string): Promise<boolean> {
  return casUpdate(gitDir, ref, oldId, ['update-ref', '-d', ref, oldId]);
}

async function casUpdate(gitDir: string, ref: string, oldId: string, args: string[]): Promise<boolean> {
  try {
    await runGit({ gitDir, args });
    return true;
  } catch (e) {
    // git says why only in prose: a ref that no longer holds `oldId` is the lost race; anything else is a fault.
    if (!(e instanceof GitCommandError)) throw e;
    const current = await readRef(gitDir, ref) ?? ZERO_COMMIT;
    if (current !== oldId) return false;
    throw e;
  }
}

/** Makes `HEAD` name the branch (what a clone checks out). */
export async function setHeadBranch(gitDir: string, branch: string): Promise<void> {
  await runGit({ gitDir, args: ['symbolic-ref', 'HEAD', `refs/heads/${branch}`] });
}
