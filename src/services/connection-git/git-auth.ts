/**
 * How git gets a connection's credentials without them ever appearing on a command line or in a
 * URL: over http(s) an askpass program answers git's user name and password prompts from two
 * environment variables of that one git process; over ssh the private key is written to a file
 * readable only by Sluice for the length of the call and named in `GIT_SSH_COMMAND`.
 *
 * Credential helpers configured on the machine are switched off (`-c credential.helper=`), so a
 * connection never borrows credentials that are not its own.
 */
import { randomUUID } from 'node:crypto';
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProviderType } from '../../store/connection-ports.ts';
import type { GitAccess } from '../connection-access.ts';

/** What one git call needs for the connection: config arguments, environment, and a cleanup. */
export interface GitAuth {
  configArgs: string[];
  env: Record<string, string>;
  secrets: string[];
  cleanup(): Promise<void>;
}

const ASKPASS = `#!/bin/sh
# Answers git's credential prompts for a Sluice connection from the environment of the one call.
case "$1" in
  [Uu]sername*) printf '%s\\n' "$SLUICE_GIT_USERNAME" ;;
  *) printf '%s\\n' "$SLUICE_GIT_PASSWORD" ;;
esac
`;

/** The user name each provider expects with an access token. */
const TOKEN_USER: Partial<Record<ProviderType, string>> = {
  GitHub: 'x-access-token', GitHubEnterpriseServer: 'x-access-token', GitLab: 'oauth2', GitLabSelfManaged: 'oauth2', Bitbucket: 'x-token-auth',
};

const shellQuote = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;

export interface GitAuthFactory {
  /** `dir` holds the askpass program, known hosts and short-lived key files (created 0700). */
  prepare(access: GitAccess, provider: ProviderType): Promise<GitAuth>;
}

export function makeGitAuthFactory(dir: string): GitAuthFactory {
  let ready: Promise<string> | undefined;
  const askpass = (): Promise<string> => {
    ready ??= (async () => {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const path = join(dir, 'askpass.sh');
      await writeFile(path, ASKPASS, { mode: 0o700 });
      await chmod(path, 0o700);
      return path;
    })();
    return ready;
  };
  const none: GitAuth = { configArgs: ['-c', 'credential.helper='], env: {}, secrets: [], cleanup: async () => {} };
  return {
    async prepare(access, provider): Promise<GitAuth> {
      if (access.secret === undefined) return none;
      if (access.auth === 'sshKey') {
        await askpass();
        const keyFile = join(dir, `key-${randomUUID()}`);
        await writeFile(keyFile, access.secret.endsWith('\n') ? access.secret : `${access.secret}\n`, { mode: 0o600 });
        const ssh = ['ssh', '-i', keyFile, '-o', 'IdentitiesOnly=yes', '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=accept-new',
          '-o', `UserKnownHostsFile=${join(dir, 'known_hosts')}`].map(shellQuote).join(' ');
        return { ...none, env: { GIT_SSH_COMMAND: ssh }, secrets: [access.secret], cleanup: () => rm(keyFile, { force: true }) };
      }
      const username = access.username ?? TOKEN_USER[provider] ?? 'x-access-token';
      return {
        ...none,
        env: { GIT_ASKPASS: await askpass(), SLUICE_GIT_USERNAME: username, SLUICE_GIT_PASSWORD: access.secret },
        secrets: [access.secret],
      };
    },
  };
}
