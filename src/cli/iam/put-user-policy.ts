/**
 * `sluice iam put-user-policy --user-name bob --policy-name deploy --policy-document file://p.json`
 * adds or replaces an inline policy; the document is inline JSON or `file://<path>`, as with the
 * AWS CLI. `--managed-policy <name>` instead attaches a copy of an AWS managed policy Sluice knows
 * (AdministratorAccess, AWSCodePipeline_FullAccess, AWSCodePipeline_ReadOnlyAccess) as an inline
 * policy of that name: Sluice has no attachable managed policies, so a copy is what it can store.
 */
import { readFile } from 'node:fs/promises';
import { PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { type Command, InvalidArgumentError } from 'commander';
import { AWS_MANAGED_POLICIES } from '../../model/iam/managed-policies.ts';
import { reportingUsage, withConnection } from '../api/connection.ts';
import { type IamFlags, withIam } from './client.ts';

/** Names of the managed policies `--managed-policy` accepts. */
export const MANAGED_POLICY_NAMES = [...AWS_MANAGED_POLICIES.values()].map((p) => p.name);

/** The document text of `--policy-document`: inline JSON, or `file://path` read as UTF-8. */
export async function readPolicyDocument(value: string): Promise<string> {
  if (!value.startsWith('file://')) return value;
  const path = value.slice('file://'.length);
  return readFile(path, 'utf8').catch(() => {
    throw new InvalidArgumentError(`--policy-document ${value}: cannot read ${path}`);
  });
}

export function managedPolicyDocument(name: string): string {
  const policy = [...AWS_MANAGED_POLICIES.values()].find((p) => p.name === name);
  if (!policy) throw new InvalidArgumentError(`--managed-policy ${name}: expected one of ${MANAGED_POLICY_NAMES.join(', ')}`);
  return JSON.stringify(policy.document, null, 2);
}

type Flags = IamFlags & { userName: string; policyName?: string; policyDocument?: string; managedPolicy?: string; dryRun?: boolean };

export function registerPutUserPolicy(iam: Command): void {
  withConnection(iam.command('put-user-policy').description("Add or replace one of a user's inline policies"))
    .requiredOption('--user-name <name>', 'the user')
    .option('--policy-name <name>', 'the inline policy\'s name (default with --managed-policy: the managed policy\'s name)')
    .option('--policy-document <json|file://path>', 'the policy document')
    .option('--managed-policy <name>', `copy an AWS managed policy: ${MANAGED_POLICY_NAMES.join(', ')}`)
    .option('--dry-run', 'print the request instead of sending it')
    .action(async (flags: Flags, command: Command) => reportingUsage(command, async () => {
      if ((flags.policyDocument === undefined) === (flags.managedPolicy === undefined)) {
        throw new InvalidArgumentError('give exactly one of --policy-document and --managed-policy');
      }
      const document = flags.managedPolicy !== undefined ? managedPolicyDocument(flags.managedPolicy) : await readPolicyDocument(flags.policyDocument ?? '');
      const policyName = flags.policyName ?? flags.managedPolicy;
      if (policyName === undefined) throw new InvalidArgumentError('--policy-name is required with --policy-document');
      const input = { UserName: flags.userName, PolicyName: policyName, PolicyDocument: document };
      await withIam(flags, async (client, print) => {
        if (flags.dryRun) return print.json({ PutUserPolicy: input });
        await client.send(new PutUserPolicyCommand(input));
        print.note(`Put policy ${policyName} on user ${flags.userName}`, 'green');
      });
    }));
}
