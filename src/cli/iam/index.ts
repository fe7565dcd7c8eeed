/**
 * `sluice iam …`: users, access keys and inline policies, through the server's IAM API (the same
 * calls `aws iam` makes). Each verb lives in its own file.
 */
import type { Command } from 'commander';
import { registerCreateAccessKey } from './create-access-key.ts';
import { registerCreateUser } from './create-user.ts';
import { registerDeleteAccessKey } from './delete-access-key.ts';
import { registerDeleteUser } from './delete-user.ts';
import { registerDeleteUserPolicy } from './delete-user-policy.ts';
import { registerListAccessKeys } from './list-access-keys.ts';
import { registerListUserPolicies } from './list-user-policies.ts';
import { registerListUsers } from './list-users.ts';
import { registerPutUserPolicy } from './put-user-policy.ts';
import { registerCreateLoginProfile } from './create-login-profile.ts';
import { registerUpdateLoginProfile } from './update-login-profile.ts';

export function registerIamCommands(program: Command): void {
  const iam = program.command('iam').description('Manage users, access keys and policies on a Sluice server');
  for (const register of [
    registerCreateUser, registerListUsers, registerDeleteUser,
    registerCreateAccessKey, registerListAccessKeys, registerDeleteAccessKey,
    registerPutUserPolicy, registerListUserPolicies, registerDeleteUserPolicy,
    registerCreateLoginProfile, registerUpdateLoginProfile,
  ]) register(iam);
}
