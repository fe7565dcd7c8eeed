/**
 * `sluice iam list-access-keys [--user-name bob]`: a user's keys (never their secrets).
 */
import { type AccessKeyMetadata, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import type { Command } from 'commander';
import { withConnection } from '../api/connection.ts';
import { type IamFlags, withIam } from './client.ts';
import { ACCESS_KEY_COLUMNS } from './columns.ts';

export function registerListAccessKeys(iam: Command): void {
  withConnection(iam.command('list-access-keys').description("List a user's access keys"))
    .option('--user-name <name>', 'the user (default: the caller)')
    .action(async (flags: IamFlags & { userName?: string }) => {
      await withIam(flags, async (client, print) => {
        const keys: AccessKeyMetadata[] = [];
        let marker: string | undefined;
        do {
          const page = await client.send(new ListAccessKeysCommand({
            ...(flags.userName !== undefined && { UserName: flags.userName }), ...(marker !== undefined && { Marker: marker }),
          }));
          keys.push(...page.AccessKeyMetadata ?? []);
          marker = page.IsTruncated ? page.Marker : undefined;
        } while (marker !== undefined);
        if (print.format === 'json') return print.json({ AccessKeyMetadata: keys });
        print.table(keys, ACCESS_KEY_COLUMNS);
      });
    });
}
