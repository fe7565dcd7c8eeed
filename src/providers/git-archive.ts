/**
 * A commit's tree as a zip, streamed from `git archive` into the artifact store: the
 * `CODE_ZIP` output of the git source actions. File modes survive (git marks executables as Unix
 * entries, which unpacking restores); symbolic links are left out, as AWS leaves them out of its
 * source zips (a full clone, `CODEBUILD_CLONE_REF`, keeps them).
 */
import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import type { ObjectStore } from '../artifacts/objects/ports.ts';
import type { ArtifactLocation } from '../artifacts/ports.ts';
import { runGit } from './git-commit.ts';

/** Largest source zip: S3's limit for one object. */
export const MAX_SOURCE_ZIP_BYTES = 5 * 1024 ** 3;

/** Paths of the symbolic links in `commit`'s tree. */
async function symlinksOf(gitDir: string, commit: string, signal?: AbortSignal): Promise<string[]> {
  const out = await runGit(gitDir, ['ls-tree', '-r', '-z', '--full-tree', commit], signal);
  return out.split('\0').filter((line) => line.startsWith('120000 ')).map((line) => line.slice(line.indexOf('\t') + 1));
}

/** Writes the tree of `commit` as a zip to `location`; returns its size. */
export async function archiveCommit(objects: ObjectStore, gitDir: string, commit: string, location: ArtifactLocation, signal?: AbortSignal): Promise<number> {
  const excludes = (await symlinksOf(gitDir, commit, signal)).map((path) => `:(exclude,literal)${path}`);
  const child = spawn('git', ['-C', gitDir, 'archive', '--format=zip', commit, '--', ...excludes], { stdio: ['ignore', 'pipe', 'pipe'], ...(signal && { signal }) });
  const stderr: Buffer[] = [];
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  // Awaited below, after staging: an abort (shutdown) meanwhile must not count as unhandled.
  exited.catch(() => undefined);
  // Taken at once: Node drops what a child wrote to a pipe nobody listened to by the time it exited.
  const zip = child.stdout.pipe(new PassThrough());
  const staged = await objects.stage(zip, MAX_SOURCE_ZIP_BYTES).catch(async (e: unknown) => {
    child.kill();
    await exited.catch(() => undefined);
    throw e;
  });
  try {
    const code = await exited;
    if (code !== 0) throw new Error(`git archive failed: ${Buffer.concat(stderr).toString('utf8').trim()}`);
    await objects.createBucket(location.bucket);
    await objects.commit(staged, location.bucket, location.key, { userMetadata: {} });
    return staged.size;
  } catch (e) {
    await staged.discard();
    throw e;
  }
}
