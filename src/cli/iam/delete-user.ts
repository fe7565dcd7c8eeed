/**
 * `sluice iam delete-user --user-name bob`: refused while the user has access keys or policies.
 */
import { DeleteUserCommand } from '@aws-sdk/client-iam';
import type { Command } from 'commander';
import { withConnection } from '../api/connection.ts';
import { type IamFlags, withIam } from './client.ts';

export function registerDeleteUser(iam: Command): void {
  withConnection(iam.command('delete-user').description('Delete a user (delete its access keys and policies first)'))
    .requiredOption('--user-name <name>', 'the user to delete')
    .option('--dry-run', 'print the request instead of sending it')
    .action(async (flags: IamFlags & { userName: string; dryRun?: boolean }) => {
      await withIam(flags, async (client, print) => {
        if (flags.dryRun) return print.json({ DeleteUser: { UserName: flags.userName } });
        await client.send(new DeleteUserCommand({ UserName: flags.userName }));
        print.note(`Deleted user ${flags.userName}`, 'green');
      });
    });
}
