/**
 * A throwaway Linux user for `runas` and `owner` tests, created with `useradd` when the tests run
 * as root; undefined (and the test skips, saying why) otherwise.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

export interface TestUser { name: string; uid: number; gid: number; remove(): void }

export function whyNoTestUser(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root to create a user';
  try {
    execFileSync('useradd', ['--help'], { stdio: 'ignore' });
  } catch {
    return 'useradd is not installed';
  }
  return undefined;
}

export function createTestUser(): TestUser {
  const name = `sluice${randomBytes(4).toString('hex')}`;
  execFileSync('useradd', ['--no-create-home', '--user-group', name], { stdio: 'ignore' });
  const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
  return { name, uid, gid, remove: () => execFileSync('userdel', [name], { stdio: 'ignore' }) };
}
