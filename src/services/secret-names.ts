/**
 * Secrets Manager ARNs: `arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 random chars>`.
 * A SecretId is a name, a full ARN or a partial ARN (without the random suffix), as AWS accepts.
 */
export function secretArn(region: string, accountId: string, secret: { name: string; suffix: string }): string {
  return `arn:aws:secretsmanager:${region}:${accountId}:secret:${secret.name}-${secret.suffix}`;
}

/** The name (and suffix, for a full ARN) a SecretId may mean, most specific first. */
export function parseSecretId(secretId: string): { name: string; suffix?: string }[] {
  if (!secretId.startsWith('arn:')) return [{ name: secretId }];
  const parts = secretId.split(':');
  if (parts[2] !== 'secretsmanager' || parts[5] !== 'secret' || parts.length !== 7) return [];
  const resource = parts[6] ?? '';
  const full = /^(.+)-([A-Za-z0-9]{6})$/.exec(resource);
  return [...(full?.[1] && full[2] ? [{ name: full[1], suffix: full[2] }] : []), { name: resource }];
}
