/**
 * Resolution of a buildspec's `env.parameter-store` and `env.secrets-manager` references, for the
 * build runner: a parameter name (decrypted), and
 * `secret-id[:json-key[:version-stage[:version-id]]]`, where secret-id may be an ARN (which holds
 * six colons of its own). No json-key gives the whole SecretString; a json-key gives that key of a
 * JSON secret (a non-string value as its JSON text); an empty part takes its default (AWSCURRENT).
 */
import { SluiceError } from '../model/errors.ts';
import type { ParameterService } from './parameters.ts';
import type { SecretService } from './secrets.ts';

export interface SecretReference { secretId: string; jsonKey?: string; versionStage?: string; versionId?: string }

/** Parts of an ARN secret id: `arn:aws:secretsmanager:<region>:<account>:secret:<name>`. */
const ARN_PARTS = 7;

export function parseSecretReference(reference: string): SecretReference {
  const parts = reference.split(':');
  const idParts = reference.startsWith('arn:') ? ARN_PARTS : 1;
  const secretId = parts.slice(0, idParts).join(':');
  const [jsonKey, versionStage, versionId, ...extra] = parts.slice(idParts);
  if (secretId === '' || (idParts === ARN_PARTS && parts.length < ARN_PARTS) || extra.length > 0) {
    throw new SluiceError('InvalidParameterException',
      `Invalid secrets-manager reference '${reference}': expected secret-id[:json-key[:version-stage[:version-id]]]`);
  }
  return {
    secretId,
    ...(jsonKey && { jsonKey }), ...(versionStage && { versionStage }), ...(versionId && { versionId }),
  };
}

export interface BuildSecretResolver {
  resolveParameter(name: string): Promise<string>;
  resolveSecretReference(reference: string): Promise<string>;
}

export function makeBuildSecretResolver(services: { parameters: ParameterService; secrets: SecretService }): BuildSecretResolver {
  return {
    async resolveParameter(name) {
      return (await services.parameters.get(name, true)).value;
    },
    async resolveSecretReference(reference) {
      const ref = parseSecretReference(reference);
      const { value } = await services.secrets.getValue(ref.secretId, {
        ...(ref.versionStage !== undefined && { stage: ref.versionStage }), ...(ref.versionId !== undefined && { versionId: ref.versionId }),
      });
      if (value.kind !== 'string') {
        throw new SluiceError('InvalidParameterException', `Secret ${ref.secretId} holds a SecretBinary; a build can only use a SecretString`);
      }
      if (ref.jsonKey === undefined) return value.text;
      return jsonKeyOf(ref.secretId, ref.jsonKey, value.text);
    },
  };
}

function jsonKeyOf(secretId: string, key: string, text: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new SluiceError('InvalidParameterException', `Secret ${secretId} is not a JSON object, so it has no key ${key}`);
  }
  if (!Object.hasOwn(parsed, key)) throw new SluiceError('ResourceNotFoundException', `Secret ${secretId} has no JSON key ${key}`);
  const value = (parsed as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : JSON.stringify(value);
}
