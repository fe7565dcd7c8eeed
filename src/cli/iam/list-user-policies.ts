/**
 * `sluice iam list-user-policies --user-name bob`: the names of a user's inline policies.
 */
import { ListUserPoliciesCommand } from '@aws-sdk/client-iam';
import type { Command } from 'commander';
import { withConnection } from '../api/connection.ts';
import { type IamFlags, withIam } from './client.ts';

export function registerListUserPolicies(iam: Command): void {
  withConnection(iam.command('list-user-policies').description("List a user's inline policies"))
    .requiredOption('--user-name <name>', 'the user')
    .action(async (flags: IamFlags & { userName: string }) => {
      await withIam(flags, async (client, print) => {
        const names: string[] = [];
        let marker: string | undefined;
        do {
          const page = await client.send(new ListUserPoliciesCommand({ UserName: flags.userName, ...(marker !== undefined && { Marker: marker }) }));
          names.push(...page.PolicyNames ?? []);
          marker = page.IsTruncated ? page.Marker : undefined;
        } while (marker !== undefined);
        if (print.format === 'json') return print.json({ PolicyNames: names });
        print.table(names, [{ header: 'POLICY', value: (n) => n }]);
      });
    });
}
