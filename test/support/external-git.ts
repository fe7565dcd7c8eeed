/**
 * An "external" git server for connection tests: bare repositories under one directory, reached
 * with a `file://` base URL (`<base>/<owner>/<name>.git`), and a working clone to commit and push
 * from, with real git.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const IDENTITY = { GIT_AUTHOR_NAME: 'Mona', GIT_AUTHOR_EMAIL: 'mona@example.com', GIT_COMMITTER_NAME: 'Mona', GIT_COMMITTER_EMAIL: 'mona@example.com' };

export async function git(cwd: string, ...args: string[]): Promise<string> {
  return (await run('git', args, { cwd, env: { ...process.env, ...IDENTITY } })).stdout.trim();
}

export interface ExternalRepo {
  /** The server's base URL (`file:///…`) to complete a connection with. */
  baseUrl: string;
  bareDir: string;
  /** Writes the files, commits them on `branch` and pushes; returns the new commit. */
  commit(files: Record<string, string>, branch?: string): Promise<string>;
  /** The commit a branch of the bare repository points at. */
  head(branch?: string): Promise<string>;
  /** Pushes an annotated tag of the current commit; returns the tag object's id. */
  tag(name: string): Promise<string>;
}

export async function makeExternalRepo(fullRepositoryId = 'octo/app', root?: string): Promise<ExternalRepo> {
  const base = root ?? await mkdtemp(join(tmpdir(), 'sluice-external-git-'));
  const bareDir = join(base, `${fullRepositoryId}.git`);
  await mkdir(dirname(bareDir), { recursive: true });
  await run('git', ['init', '--bare', '--quiet', '--initial-branch=main', bareDir]);
  const work = join(base, '.work', fullRepositoryId);
  await mkdir(work, { recursive: true });
  await git(work, 'init', '--quiet', '--initial-branch=main');
  await git(work, 'remote', 'add', 'origin', bareDir);
  return {
    baseUrl: `file://${base}`, bareDir,
    async commit(files, branch = 'main') {
      const current = await git(work, 'rev-parse', '--abbrev-ref', 'HEAD').catch(() => 'main');
      if (current !== branch) await git(work, 'checkout', '--quiet', branch).catch(() => git(work, 'checkout', '--quiet', '-b', branch));
      for (const [path, content] of Object.entries(files)) {
        await mkdir(dirname(join(work, path)), { recursive: true });
        await writeFile(join(work, path), content);
      }
      await git(work, 'add', '--all');
      await git(work, 'commit', '--quiet', '-m', `change ${Object.keys(files).join(', ')}`);
      await git(work, 'push', '--quiet', '--force', 'origin', branch);
      return git(work, 'rev-parse', 'HEAD');
    },
    head: (branch = 'main') => git(bareDir, 'rev-parse', `refs/heads/${branch}`),
    async tag(name) {
      await git(work, 'tag', '-a', name, '-m', `release ${name}`);
      await git(work, 'push', '--quiet', 'origin', `refs/tags/${name}`);
      return git(work, 'rev-parse', `refs/tags/${name}`);
    },
  };
}
