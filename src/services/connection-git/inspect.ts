/**
 * Questions asked of a fetched mirror: which commit a pushed object names, and which files
 * changed between two commits (for trigger file-path filters).
 */
import { runGit } from './run-git.ts';
import { isPlainRevision } from '../../git/revisions.ts';

const TIMEOUT_MS = 60_000;
/** More changed files than this is treated as "not known", so no file filter decides on a partial list. */
export const MAX_CHANGED_FILES = 10_000;

/** The commit `objectId` is or tags (an annotated tag peels to its commit); undefined when the mirror lacks it. */
export async function resolveCommit(gitDir: string, objectId: string): Promise<string | undefined> {
  if (!isPlainRevision(objectId)) return undefined;
  try {
    return (await runGit(['rev-parse', '--verify', '--quiet', `${objectId}^{commit}`], { cwd: gitDir, timeoutMs: TIMEOUT_MS })).trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Paths changed from `from` to `to` (`three-dot`: since their merge base, as a pull request
 * shows them); undefined when either commit is missing or the list is too long to be complete.
 */

export async function changedFilesBetween(gitDir: string, from: string, to: string, threeDot = false): Promise<string[] | undefined> {
  if (!isPlainRevision(from) || !isPlainRevision(to)) return undefined;
  try {
    const range = threeDot ? `${from}...${to}` : `${from}..${to}`;
    const out = await runGit(['diff', '--name-only', '--no-renames', '-z', range, '--'], { cwd: gitDir, timeoutMs: TIMEOUT_MS });
    const files = out.split('\0').filter((f) => f !== '');
    return files.length > MAX_CHANGED_FILES ? undefined : files;
  } catch {
    return undefined;
  }
}
