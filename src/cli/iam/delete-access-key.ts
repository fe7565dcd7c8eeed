/**
 * `sluice iam delete-access-key --access-key-id AKIA… [--user-name bob]`: requests signed with it
 * are refused from then on.
 */
import { DeleteAccessKeyCommand } from '@aws-sdk/client-iam';
import type { Command } from 'commander';
import { withConnection } from '../api/connection.ts';
import { type IamFlags, withIam } from './client.ts';

export function registerDeleteAccessKey(iam: Command): void {
  withConnection(iam.command('delete-access-key').description('Delete an access key'))
    .requiredOption('--access-key-id <id>', 'the key to delete')
    .option('--user-name <name>', 'its user (default: the caller)')
    .option('--dry-run', 'print the request instead of sending it')
    .action(async (flags: IamFlags & { accessKeyId: string; userName?: string; dryRun?: boolean }) => {
      const input = { AccessKeyId: flags.accessKeyId, ...(flags.userName !== undefined && { UserName: flags.userName }) };
      await withIam(flags, async (client, print) => {
        if (flags.dryRun) return print.json({ DeleteAccessKey: input });
        await client.send(new DeleteAccessKeyCommand(input));
        print.note(`Deleted access key ${flags.accessKeyId}`, 'green');
      });
    });
}
