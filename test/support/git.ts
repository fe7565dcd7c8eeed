/**
 * Git in tests: bare repositories made with `git init --bare` and found by name (as the
 * repository service finds hosted ones), and the real `git` client run with a private HOME so no
 * user configuration or stored credential leaks in.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FindRepository, HostedRepository } from '../../src/services/hosted-repository.ts';

const exec = promisify(execFile);

export interface GitResult { code: number; stdout: string; stderr: string }

/** A HOME with an identity and nothing else, for `git` commands of one test file. */
export async function makeGitHome(): Promise<string> {
  const home = await mkdtemp(join(tmpdir(), 'sluice-git-home-'));
  await writeFile(join(home, '.gitconfig'), '[user]\n\tname = Tester\n\temail = tester@example.com\n[init]\n\tdefaultBranch = main\n');
  return home;
}

/** Runs git; never throws for a non-zero exit (tests assert on it). */
export async function git(home: string, args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<GitResult> {
  try {
    const { stdout, stderr } = await exec('git', args, {
      cwd: options.cwd ?? home,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, GIT_TERMINAL_PROMPT: '0', GIT_CONFIG_NOSYSTEM: '1', LANG: 'C', ...options.env },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : 1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

/** Bare repositories under `root`, found by name like hosted ones (`<root>/<id>.git`). */
export function makeRepositories(root: string, region = 'us-east-1', accountId = '000000000000'): {
  find: FindRepository;
  create(name: string): Promise<HostedRepository>;
} {
  const byName = new Map<string, HostedRepository>();
  return {
    find: async (name) => byName.get(name),
    async create(name) {
      const repositoryId = `${name}-${Math.random().toString(36).slice(2, 10)}`;
      const gitDir = join(root, `${repositoryId}.git`);
      await mkdir(root, { recursive: true });
      await exec('git', ['init', '--bare', '--quiet', '--initial-branch=main', gitDir]);
      const repository = { repositoryName: name, repositoryId, arn: `arn:aws:codecommit:${region}:${accountId}:${name}`, gitDir, defaultBranch: 'main' };
      byName.set(name, repository);
      return repository;
    },
  };
}

/** `http://login:password@host/v1/repos/<name>` for a server URL. */
export function repoUrl(serverUrl: string, name: string, login?: { username: string; password: string }): string {
  const url = new URL(`/v1/repos/${name}`, serverUrl);
  if (login) {
    url.username = encodeURIComponent(login.username);
    url.password = encodeURIComponent(login.password);
  }
  return url.toString();
}
