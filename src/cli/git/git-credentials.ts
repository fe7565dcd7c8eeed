/**
 * `sluice git-credentials [--user-name bob] [--repository name] [--store]`: git credentials for
 * the server's hosted repositories. Creates an IAM service-specific credential for
 * `codecommit.amazonaws.com` (as `aws iam create-service-specific-credential` does) for the
 * caller's own user or the named one, prints the login and password (shown once), and with
 * `--store` hands them to git's credential helpers so `git clone` asks for nothing.
 */
import { CreateServiceSpecificCredentialCommand, GetUserCommand } from '@aws-sdk/client-iam';
import type { Command } from 'commander';
import { withConnection } from '../api/connection.ts';
import { type IamFlags, withIam } from '../iam/client.ts';
import { storeGitCredentials } from './credential-store.ts';

const SERVICE_NAME = 'codecommit.amazonaws.com';

type Flags = IamFlags & { userName?: string; repository?: string; store?: boolean; dryRun?: boolean };

/** `<endpoint>/v1/repos/<name>`: what `git clone` takes. */
export function cloneUrl(endpoint: string, repository: string): string {
  return new URL(`/v1/repos/${encodeURIComponent(repository)}`, endpoint).toString();
}

export function registerGitCredentials(program: Command): void {
  withConnection(program.command('git-credentials')
    .description('Create git credentials (an IAM service-specific credential) for cloning and pushing hosted repositories'))
    .option('--user-name <name>', 'the user the credentials sign in as (default: the caller)')
    .option('--repository <name>', 'the repository to show the clone command for')
    .option('--store', "hand the credentials to git's credential helpers (git credential approve)")
    .option('--dry-run', 'print the request instead of sending it')
    .action(async (flags: Flags) => {
      await withIam(flags, async (client, print) => {
        const userName = flags.userName ?? (await client.send(new GetUserCommand({}))).User?.UserName ?? '';
        const input = { UserName: userName, ServiceName: SERVICE_NAME };
        if (flags.dryRun) return print.json({ CreateServiceSpecificCredential: input });
        const { ServiceSpecificCredential: c } = await client.send(new CreateServiceSpecificCredentialCommand(input));
        const username = c?.ServiceUserName ?? '';
        const password = c?.ServicePassword ?? '';
        const url = cloneUrl(flags.endpointUrl, flags.repository ?? '<repository>');
        const stored = flags.store ? await storeGitCredentials(flags.endpointUrl, username, password) : undefined;
        if (print.format === 'json') {
          return print.json({ ServiceSpecificCredential: c, CloneUrl: url, ...(stored && { StoredWith: stored.helper }) });
        }
        print.table([{ username, password }], [
          { header: 'USERNAME', value: (r) => r.username },
          { header: 'PASSWORD', value: (r) => r.password },
        ]);
        print.note('Save the password now: it cannot be shown again.', 'yellow');
        if (stored) print.note(`Stored for ${new URL(flags.endpointUrl).origin} with git's "${stored.helper}" credential helper${stored.configured ? ' (now configured for this server in ~/.gitconfig)' : ''}.`);
        print.note(`Clone with: git clone ${url}`);
      });
    });
}
