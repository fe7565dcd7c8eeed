/**
 * `sluice iam list-users [--path-prefix /ci/]`: every user, all pages.
 */
import { ListUsersCommand, type User } from '@aws-sdk/client-iam';
import type { Command } from 'commander';
import { withConnection } from '../api/connection.ts';
import { type IamFlags, withIam } from './client.ts';
import { USER_COLUMNS } from './columns.ts';

export function registerListUsers(iam: Command): void {
  withConnection(iam.command('list-users').description('List users'))
    .option('--path-prefix <prefix>', 'only users whose path starts with this', '/')
    .action(async (flags: IamFlags & { pathPrefix: string }) => {
      await withIam(flags, async (client, print) => {
        const users: User[] = [];
        let marker: string | undefined;
        do {
          const page = await client.send(new ListUsersCommand({ PathPrefix: flags.pathPrefix, ...(marker !== undefined && { Marker: marker }) }));
          users.push(...page.Users ?? []);
          marker = page.IsTruncated ? page.Marker : undefined;
        } while (marker !== undefined);
        if (print.format === 'json') return print.json({ Users: users });
        print.table(users, USER_COLUMNS);
      });
    });
}
