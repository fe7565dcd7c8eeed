/**
 * The Secrets Manager operations Sluice serves: CreateSecret, GetSecretValue, PutSecretValue,
 * UpdateSecret, DescribeSecret, ListSecrets, DeleteSecret and RestoreSecret, over
 * `services/secrets.ts`.
 */
import type { SecretService } from '../../services/secrets.ts';
import type { CallContext, Operation } from '../aws-json/operation.ts';
import { listSecrets, type ListSecretsInput } from './list.ts';
import { arnOf, seconds, valueOf, wireSecret, wireValue, type Scope } from './wire.ts';

const scopeOf = (context: CallContext): Scope => ({ region: context.region, accountId: context.caller.accountId });
const op = <I>(handle: (input: I, context: CallContext) => Promise<object>): Operation<never, object> => ({ handle });

interface ValueInput { SecretString?: string; SecretBinary?: string; ClientRequestToken?: string }
interface CreateInput extends ValueInput { Name: string; Description?: string; KmsKeyId?: string; Tags?: { Key?: string; Value?: string }[] }

export function secretOperations(secrets: SecretService): Record<string, Operation<never, object>> {
  return {
    CreateSecret: op<CreateInput>(async (input, context) => {
      const value = valueOf(input);
      const { secret, versionId } = await secrets.create({
        name: input.Name, tags: (input.Tags ?? []).map((t) => ({ key: t.Key ?? '', value: t.Value ?? '' })),
        ...(value && { value }), ...(input.ClientRequestToken !== undefined && { token: input.ClientRequestToken }),
        ...(input.Description !== undefined && { description: input.Description }), ...(input.KmsKeyId !== undefined && { kmsKeyId: input.KmsKeyId }),
      });
      return { ARN: arnOf(secret, scopeOf(context)), Name: secret.name, ...(versionId !== undefined && { VersionId: versionId }) };
    }),
    GetSecretValue: op<{ SecretId: string; VersionId?: string; VersionStage?: string }>(async (input, context) => {
      const { secret, version, value } = await secrets.getValue(input.SecretId, {
        ...(input.VersionId !== undefined && { versionId: input.VersionId }), ...(input.VersionStage !== undefined && { stage: input.VersionStage }),
      });
      return {
        ARN: arnOf(secret, scopeOf(context)), Name: secret.name, VersionId: version.versionId, ...wireValue(value),
        VersionStages: version.stages, CreatedDate: seconds(version.created),
      };
    }),
    PutSecretValue: op<ValueInput & { SecretId: string; VersionStages?: string[] }>(async (input, context) => {
      const value = valueOf(input) ?? { kind: 'string', text: '' };
      const { secret, versionId, stages } = await secrets.putValue(input.SecretId, value, {
        ...(input.ClientRequestToken !== undefined && { token: input.ClientRequestToken }), ...(input.VersionStages !== undefined && { stages: input.VersionStages }),
      });
      return { ARN: arnOf(secret, scopeOf(context)), Name: secret.name, VersionId: versionId, VersionStages: stages };
    }),
    UpdateSecret: op<ValueInput & { SecretId: string; Description?: string; KmsKeyId?: string }>(async (input, context) => {
      const value = valueOf(input);
      const { secret, versionId } = await secrets.update(input.SecretId, {
        ...(value && { value }), ...(input.ClientRequestToken !== undefined && { token: input.ClientRequestToken }),
        ...(input.Description !== undefined && { description: input.Description }), ...(input.KmsKeyId !== undefined && { kmsKeyId: input.KmsKeyId }),
      });
      return { ARN: arnOf(secret, scopeOf(context)), Name: secret.name, ...(versionId !== undefined && { VersionId: versionId }) };
    }),
    DescribeSecret: op<{ SecretId: string }>(async (input, context) =>
      wireSecret(await secrets.require(input.SecretId), scopeOf(context), 'VersionIdsToStages')),
    ListSecrets: op<ListSecretsInput>(async (input, context) => listSecrets(secrets, input, scopeOf(context))),
    DeleteSecret: op<{ SecretId: string; RecoveryWindowInDays?: number; ForceDeleteWithoutRecovery?: boolean }>(async (input, context) => {
      const { secret, deletionDate } = await secrets.delete(input.SecretId, {
        ...(input.RecoveryWindowInDays !== undefined && { recoveryWindowInDays: input.RecoveryWindowInDays }),
        ...(input.ForceDeleteWithoutRecovery !== undefined && { force: input.ForceDeleteWithoutRecovery }),
      });
      return { ARN: arnOf(secret, scopeOf(context)), Name: secret.name, DeletionDate: seconds(deletionDate) };
    }),
    RestoreSecret: op<{ SecretId: string }>(async (input, context) => {
      const secret = await secrets.restore(input.SecretId);
      return { ARN: arnOf(secret, scopeOf(context)), Name: secret.name };
    }),
  };
}
