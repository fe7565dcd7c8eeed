/**
 * `sluice iam create-login-profile --user-name bob --password P`: a console password for a user,
 * who can then sign in to the web console with their user name.
 */
import { CreateLoginProfileCommand } from '@aws-sdk/client-iam';
import type { Command } from 'commander';
import { withConnection } from '../api/connection.ts';
import { formatDate } from '../api/output.ts';
import { withIam } from './client.ts';
import { type LoginProfileFlags, loginProfileInput, shownInput, withLoginProfileFlags } from './login-profile-flags.ts';

export function registerCreateLoginProfile(iam: Command): void {
  withLoginProfileFlags(withConnection(iam.command('create-login-profile').description('Give a user a password for the web console')))
    .action(async (flags: LoginProfileFlags) => {
      const input = loginProfileInput(flags);
      await withIam(flags, async (client, print) => {
        if (flags.dryRun) return print.json({ CreateLoginProfile: shownInput(input) });
        const { LoginProfile: profile } = await client.send(new CreateLoginProfileCommand(input));
        if (print.format === 'json') return print.json({ LoginProfile: profile });
        print.table(profile ? [profile] : [], [
          { header: 'USER', value: (p) => p.UserName ?? '' },
          { header: 'CREATED', value: (p) => formatDate(p.CreateDate) },
          { header: 'PASSWORD RESET REQUIRED', value: (p) => String(p.PasswordResetRequired ?? false) },
        ]);
      });
    });
}
