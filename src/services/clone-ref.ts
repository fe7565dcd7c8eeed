/**
 * The `CODEBUILD_CLONE_REF` output of git source actions: instead of the files, the source action
 * writes a reference to the repository and commit, and the CodeBuild action that takes it as input
 * makes a full clone there (history, branches, `.git`) before the build starts.
 *
 * The artifact is a zip holding one file, `codebuild-clone-ref.json` (the AWS artifact is likewise
 * a small JSON reference; its exact fields are not documented, so Sluice defines its own):
 *
 *   {"sluiceCloneRef":1,"provider":"CodeCommit","repositoryName":"app","branchName":"main","commitId":"9e0d…"}
 *   {"sluiceCloneRef":1,"provider":"CodeStarSourceConnection","connectionArn":"arn:…","fullRepositoryId":"octo/app","branchName":"main","commitId":"9e0d…"}
 *
 * The build worker resolves the repository itself (the build process cannot see the data
 * directory), clones it into the source directory and checks out `branchName` at `commitId`.
 *
 * Trust: an input artifact can come from anywhere (an S3 upload, an earlier build), and a clone
 * reads a repository with the server's access. So every reference carries `signature`, an
 * HMAC-SHA256 of its other fields under a key derived from the server's data key; a build clones
 * only references that verify, with a commit id of 40 or 64 hex digits and a plain branch name.
 * Anything else in that file is an ordinary file of the artifact.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { runGit } from '../providers/git-commit.ts';
import { repositoryLabel, resolveRepository, type GitRepositoryRef, type GitRepositorySources } from '../providers/git-repositories.ts';
import { isBranchName, isFullCommitId } from '../git/revisions.ts';

/** The one file of a clone-reference artifact. */
export const CLONE_REF_FILE = 'codebuild-clone-ref.json';

export type CloneRef = GitRepositoryRef & { branchName: string; commitId: string };


/** The signing key of clone references, derived from the server's data key. */
export function cloneRefKeyOf(dataKey: Uint8Array): Buffer {
  return createHmac('sha256', dataKey).update('sluice clone references').digest();
}

function signatureOf(key: Uint8Array, ref: CloneRef): string {
  const fields = ref.provider === 'CodeCommit'
    ? [ref.provider, ref.repositoryName, ref.branchName, ref.commitId]
    : [ref.provider, ref.connectionArn, ref.fullRepositoryId, ref.branchName, ref.commitId];
  return createHmac('sha256', key).update(JSON.stringify(fields)).digest('hex');
}

export function cloneRefJson(ref: CloneRef, key: Uint8Array): string {
  return JSON.stringify({ sluiceCloneRef: 1, ...ref, signature: signatureOf(key, ref) });
}

function verifies(key: Uint8Array, ref: CloneRef, signature: unknown): boolean {
  if (typeof signature !== 'string' || !/^[0-9a-f]{64}$/.test(signature)) return false;
  return timingSafeEqual(Buffer.from(signature, 'hex'), Buffer.from(signatureOf(key, ref), 'hex'));
}

const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';

/** The reference in `text` when it is one this server signed, else undefined (an ordinary file). */
export function parseCloneRef(text: string, key: Uint8Array): CloneRef | undefined {
  const ref = parseFields(text);
  if (!ref) return undefined;
  const { signature, ...fields } = ref;
  if (!isFullCommitId(fields.commitId) || !isBranchName(fields.branchName) || !verifies(key, fields, signature)) return undefined;
  return fields;
}

function parseFields(text: string): (CloneRef & { signature?: unknown }) | undefined {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || value.sluiceCloneRef !== 1 || !isText(value.branchName) || !isText(value.commitId)) return undefined;
  const { branchName, commitId, signature } = value;
  if (value.provider === 'CodeCommit' && isText(value.repositoryName)) return { provider: 'CodeCommit', repositoryName: value.repositoryName, branchName, commitId, signature };
  if (value.provider === 'CodeStarSourceConnection' && isText(value.connectionArn) && isText(value.fullRepositoryId)) {
    return { provider: 'CodeStarSourceConnection', connectionArn: value.connectionArn, fullRepositoryId: value.fullRepositoryId, branchName, commitId, signature };
  }
  return undefined;
}

/** The reference an unpacked artifact in `dir` holds, when it is exactly a clone reference signed with `key`. */
export async function readCloneRef(dir: string, key: Uint8Array | undefined): Promise<CloneRef | undefined> {
  if (key === undefined) return undefined;
  const entries = await readdir(dir).catch(() => []);
  if (entries.length !== 1 || entries[0] !== CLONE_REF_FILE) return undefined;
  return parseCloneRef(await readFile(join(dir, CLONE_REF_FILE), 'utf8'), key);
}

/**
 * Replaces the reference in `dir` with a full clone of its repository, `branchName` checked out at
 * `commitId`. The clone keeps no remote: its origin is a path on the server the build cannot see.
 * @throws Error naming the repository and commit when the clone cannot be made
 */
export async function cloneInto(sources: GitRepositorySources, ref: CloneRef, dir: string, signal?: AbortSignal): Promise<void> {
  const { gitDir } = await resolveRepository(sources, ref, signal);
  await rm(join(dir, CLONE_REF_FILE), { force: true });
  const label = repositoryLabel(ref);
  try {
    await runGit(dir, ['clone', '--quiet', '--no-checkout', '--', gitDir, '.'], signal);
    await runGit(dir, ['checkout', '--quiet', '-B', ref.branchName, ref.commitId, '--'], signal);
    await runGit(dir, ['remote', 'remove', 'origin'], signal);
  } catch (e) {
    throw new Error(`Could not clone ${label} at ${ref.commitId} (branch ${ref.branchName}): ${(e as Error).message.trim()}`, { cause: e });
  }
}
