/**
 * `sluice iam create-user --user-name bob [--path /ci/]`: a user with no access and no key yet.
 */
import { CreateUserCommand } from '@aws-sdk/client-iam';
import type { Command } from 'commander';
import { withConnection } from '../api/connection.ts';
import { type IamFlags, withIam } from './client.ts';
import { USER_COLUMNS } from './columns.ts';

export function registerCreateUser(iam: Command): void {
  withConnection(iam.command('create-user').description('Create a user (no access, no key until you give them)'))
    .requiredOption('--user-name <name>', 'the new user\'s name')
    .option('--path <path>', 'IAM path, e.g. /ci/', '/')
    .option('--dry-run', 'print the request instead of sending it')
    .action(async (flags: IamFlags & { userName: string; path: string; dryRun?: boolean }) => {
      const input = { UserName: flags.userName, Path: flags.path };
      await withIam(flags, async (client, print) => {
        if (flags.dryRun) return print.json({ CreateUser: input });
        const { User: user } = await client.send(new CreateUserCommand(input));
        if (print.format === 'json') return print.json({ User: user });
        print.table(user ? [user] : [], USER_COLUMNS);
      });
    });
}
