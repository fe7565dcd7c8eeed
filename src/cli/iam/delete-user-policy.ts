/**
 * `sluice iam delete-user-policy --user-name bob --policy-name deploy`.
 */
import { DeleteUserPolicyCommand } from '@aws-sdk/client-iam';
import type { Command } from 'commander';
import { withConnection } from '../api/connection.ts';
import { type IamFlags, withIam } from './client.ts';

export function registerDeleteUserPolicy(iam: Command): void {
  withConnection(iam.command('delete-user-policy').description("Delete one of a user's inline policies"))
    .requiredOption('--user-name <name>', 'the user')
    .requiredOption('--policy-name <name>', 'the policy')
    .option('--dry-run', 'print the request instead of sending it')
    .action(async (flags: IamFlags & { userName: string; policyName: string; dryRun?: boolean }) => {
      const input = { UserName: flags.userName, PolicyName: flags.policyName };
      await withIam(flags, async (client, print) => {
        if (flags.dryRun) return print.json({ DeleteUserPolicy: input });
        await client.send(new DeleteUserPolicyCommand(input));
        print.note(`Deleted policy ${flags.policyName} of user ${flags.userName}`, 'green');
      });
    });
}
