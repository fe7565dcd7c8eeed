/**
 * The Secrets Manager service on the AWS JSON dispatcher: `secretsmanager.<Operation>`, signed for
 * `secretsmanager`, authorized as `secretsmanager:<Operation>` on the secret's ARN (with its
 * random suffix, looked up by name); a secret that does not exist yet, as in CreateSecret, is
 * authorized as `…:secret:<name>-??????`, which policies written for `<name>-*` match [guess].
 * ListSecrets is authorized on `*`.
 */
import { readFileSync } from 'node:fs';
import type { SecretService } from '../../services/secrets.ts';
import type { AwsJsonService } from '../aws-json/operation.ts';
import type { ServiceModel } from '../aws-json/shape-validator.ts';
import { secretOperations } from './operations.ts';
import { arnOf } from './wire.ts';

/** Secrets Manager's API model (the operations Sluice serves, documentation stripped), API version 2017-10-17. */
export const SECRETS_MANAGER_MODEL = JSON.parse(readFileSync(new URL('./service-model.json', import.meta.url), 'utf8')) as ServiceModel;

export function secretsManagerService(secrets: SecretService): AwsJsonService {
  return {
    targetPrefix: SECRETS_MANAGER_MODEL.metadata.targetPrefix,
    iamPrefix: 'secretsmanager',
    signingName: 'secretsmanager',
    model: SECRETS_MANAGER_MODEL,
    operations: secretOperations(secrets),
    async resourceArns(operation, input, scope) {
      if (operation === 'ListSecrets') return ['*'];
      const id = String(operation === 'CreateSecret' ? input.Name : input.SecretId);
      const secret = await secrets.find(id);
      if (secret) return [arnOf(secret, scope)];
      return [id.startsWith('arn:') ? id : `arn:aws:secretsmanager:${scope.region}:${scope.accountId}:secret:${id}-??????`];
    },
  };
}
