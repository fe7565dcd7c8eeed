/**
 * The flags `sluice iam create-login-profile` and `update-login-profile` share: the user, the
 * console password (a flag, or `SLUICE_CONSOLE_PASSWORD` so it stays out of shell history and
 * process lists), and whether the user must change it.
 */
import { Option, type Command } from 'commander';
import type { IamFlags } from './client.ts';

export type LoginProfileFlags = IamFlags & { userName?: string; password?: string; passwordResetRequired?: boolean; dryRun?: boolean };

/** `userRequired`: IAM's UpdateLoginProfile names its user; CreateLoginProfile defaults to the caller. */
export function withLoginProfileFlags(command: Command, userRequired = false): Command {
  const withUser = userRequired
    ? command.requiredOption('--user-name <name>', 'the user')
    : command.option('--user-name <name>', 'the user (default: the caller)');
  return withUser
    .addOption(new Option('--password <password>', 'the console password, 8 to 128 characters').env('SLUICE_CONSOLE_PASSWORD'))
    .option('--password-reset-required', 'record that the user must choose a new password')
    .option('--dry-run', 'print the request (password hidden) instead of sending it');
}

/** The request's members, from the flags. */
export function loginProfileInput(flags: LoginProfileFlags): { UserName?: string; Password?: string; PasswordResetRequired?: boolean } {
  return {
    ...(flags.userName !== undefined && { UserName: flags.userName }),
    ...(flags.password !== undefined && { Password: flags.password }),
    ...(flags.passwordResetRequired === true && { PasswordResetRequired: true }),
  };
}

/** What `--dry-run` prints: the request with the password hidden, as the audit trail shows it. */
export function shownInput(input: { Password?: string }): object {
  return { ...input, ...(input.Password !== undefined && { Password: 'HIDDEN_DUE_TO_SECURITY_REASONS' }) };
}
