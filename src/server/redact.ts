/**
 * Removes secrets from request parameters before they are stored in the audit trail: values of
 * members whose names say secret, token or password (except the harmless client tokens AWS
 * clients send for idempotency, and Secrets Manager's SecretId, which only names a secret) become
 * `HIDDEN_DUE_TO_SECURITY_REASONS`, as CloudTrail writes it.
 */
const SECRET_NAME = /secret|password|token|oauth|credential|privatekey/i;
const HARMLESS = new Set(['clientRequestToken', 'clientToken', 'nextToken', 'NextToken', 'continuationToken', 'ClientRequestToken', 'SecretId']);
export const HIDDEN = 'HIDDEN_DUE_TO_SECURITY_REASONS';

export function redact(value: unknown, key = ''): unknown {
  if (key && SECRET_NAME.test(key) && !HARMLESS.has(key) && value !== null && typeof value !== 'object') return HIDDEN;
  if (Array.isArray(value)) return value.map((item) => redact(item));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v, k)]));
  }
  return value;
}
