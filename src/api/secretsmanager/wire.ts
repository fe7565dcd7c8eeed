/**
 * Secrets Manager's wire shapes: a secret's description (DescribeSecret, ListSecrets entries) and
 * the secret value members, with timestamps as epoch seconds and binary values as base64.
 */
import { SluiceError } from '../../model/errors.ts';
import { secretArn } from '../../services/secret-names.ts';
import type { SecretValue } from '../../services/secrets.ts';
import type { SecretRecord } from '../../store/secret-ports.ts';

export interface Scope { region: string; accountId: string }

export const seconds = (ms: number): number => ms / 1000;

export function arnOf(secret: SecretRecord, scope: Scope): string {
  return secretArn(scope.region, scope.accountId, secret);
}

/** DescribeSecret's members; ListSecrets names the version map SecretVersionsToStages instead. */
export function wireSecret(secret: SecretRecord, scope: Scope, versionsKey: 'VersionIdsToStages' | 'SecretVersionsToStages'): object {
  const labelled = secret.versions.filter((v) => v.stages.length > 0);
  return {
    ARN: arnOf(secret, scope), Name: secret.name,
    ...(secret.description !== undefined && { Description: secret.description }),
    ...(secret.kmsKeyId !== undefined && { KmsKeyId: secret.kmsKeyId }),
    LastChangedDate: seconds(secret.lastChanged),
    ...(secret.lastAccessed !== undefined && { LastAccessedDate: seconds(secret.lastAccessed) }),
    ...(secret.deletedAt !== undefined && { DeletedDate: seconds(secret.deletedAt) }),
    ...(secret.tags.length > 0 && { Tags: secret.tags.map((t) => ({ Key: t.key, Value: t.value })) }),
    ...(labelled.length > 0 && { [versionsKey]: Object.fromEntries(labelled.map((v) => [v.versionId, v.stages])) }),
    CreatedDate: seconds(secret.created),
  };
}

/** The value a request carries: exactly one of SecretString and SecretBinary, or none. */
export function valueOf(input: { SecretString?: string; SecretBinary?: string }): SecretValue | undefined {
  if (input.SecretString !== undefined && input.SecretBinary !== undefined) {
    throw new SluiceError('InvalidParameterException', 'You can\'t specify both a binary secret value and a string secret value in the same secret.');
  }
  if (input.SecretString !== undefined) return { kind: 'string', text: input.SecretString };
  if (input.SecretBinary !== undefined) return { kind: 'binary', bytes: Buffer.from(input.SecretBinary, 'base64') };
  return undefined;
}

export function wireValue(value: SecretValue): object {
  return value.kind === 'string' ? { SecretString: value.text } : { SecretBinary: value.bytes.toString('base64') };
}
