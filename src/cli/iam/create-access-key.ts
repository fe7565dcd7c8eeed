/**
 * `sluice iam create-access-key [--user-name bob]`: a new key (the caller's own without a name).
 * The secret is shown once; Sluice keeps it only to verify signatures and never shows it again.
 */
import { CreateAccessKeyCommand } from '@aws-sdk/client-iam';
import type { Command } from 'commander';
import { withConnection } from '../api/connection.ts';
import { statusStyle } from '../api/output.ts';
import { type IamFlags, withIam } from './client.ts';

export function registerCreateAccessKey(iam: Command): void {
  withConnection(iam.command('create-access-key').description('Create an access key for a user (two at most per user)'))
    .option('--user-name <name>', 'the user (default: the caller)')
    .option('--dry-run', 'print the request instead of sending it')
    .action(async (flags: IamFlags & { userName?: string; dryRun?: boolean }) => {
      const input = flags.userName === undefined ? {} : { UserName: flags.userName };
      await withIam(flags, async (client, print) => {
        if (flags.dryRun) return print.json({ CreateAccessKey: input });
        const { AccessKey: key } = await client.send(new CreateAccessKeyCommand(input));
        if (print.format === 'json') return print.json({ AccessKey: key });
        print.table(key ? [key] : [], [
          { header: 'ACCESS KEY ID', value: (k) => k.AccessKeyId ?? '' },
          { header: 'SECRET ACCESS KEY', value: (k) => k.SecretAccessKey ?? '' },
          { header: 'STATUS', value: (k) => k.Status ?? '', style: statusStyle },
          { header: 'USER', value: (k) => k.UserName ?? '' },
        ]);
        print.note('Save the secret access key now: it cannot be shown again.', 'yellow');
      });
    });
}
