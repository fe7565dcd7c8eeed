/**
 * `sluice iam update-login-profile --user-name bob --password P`: a new console password for a
 * user (sessions already signed in stay signed in, as on AWS).
 */
import { UpdateLoginProfileCommand } from '@aws-sdk/client-iam';
import type { Command } from 'commander';
import { withConnection } from '../api/connection.ts';
import { withIam } from './client.ts';
import { type LoginProfileFlags, loginProfileInput, shownInput, withLoginProfileFlags } from './login-profile-flags.ts';

export function registerUpdateLoginProfile(iam: Command): void {
  withLoginProfileFlags(withConnection(iam.command('update-login-profile').description("Change a user's web console password")), true)
    .action(async (flags: LoginProfileFlags) => {
      const input = { ...loginProfileInput(flags), UserName: flags.userName ?? '' };
      await withIam(flags, async (client, print) => {
        if (flags.dryRun) return print.json({ UpdateLoginProfile: shownInput(input) });
        await client.send(new UpdateLoginProfileCommand(input));
        print.note(`Updated the console password of ${input.UserName}`, 'green');
      });
    });
}
