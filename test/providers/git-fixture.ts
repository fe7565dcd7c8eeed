/**
 * Real git repositories for source action tests: a bare repository (as the git host keeps one)
 * filled by committing in a working copy and pushing, like a user would.
 */
import { execFile } from 'node:child_process';
import { chmod, mkdir, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export async function git(dir: string, ...args: string[]): Promise<string> {
  const { stdout } = await exec('git', ['-C', dir, '-c', 'user.name=Ada', '-c', 'user.email=ada@example.com', '-c', 'init.defaultBranch=main', ...args]);
  return stdout.trim();
}

export interface BareRepository {
  gitDir: string;
  /** Writes `files` (path → content; `{ link }` for a symbolic link, `{ exec }` for an executable) and pushes one commit to `branch`. */
  commit(message: string, files: Record<string, string | { link: string } | { exec: string }>, branch?: string): Promise<string>;
}

export async function makeBareRepository(root: string, name: string): Promise<BareRepository> {
  const gitDir = join(root, `${name}.git`);
  const work = join(root, `${name}-work`);
  await mkdir(gitDir, { recursive: true });
  await git(gitDir, 'init', '--quiet', '--bare');
  await git(root, 'clone', '--quiet', gitDir, work);
  return {
    gitDir,
    async commit(message, files, branch = 'main') {
      await git(work, 'checkout', '--quiet', '-B', branch);
      for (const [path, content] of Object.entries(files)) {
        const file = join(work, path);
        await mkdir(dirname(file), { recursive: true });
        if (typeof content === 'string') await writeFile(file, content);
        else if ('link' in content) await symlink(content.link, file);
        else {
          await writeFile(file, content.exec);
          await chmod(file, 0o755);
        }
      }
      await git(work, 'add', '--all');
      await git(work, 'commit', '--quiet', '--allow-empty', '-m', message);
      await git(work, 'push', '--quiet', 'origin', `HEAD:refs/heads/${branch}`);
      return git(work, 'rev-parse', 'HEAD');
    },
  };
}
