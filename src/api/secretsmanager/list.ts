/**
 * ListSecrets: secrets by name ascending, paged with an opaque token, filtered by name,
 * description, tag-key, tag-value or all (prefix matches; a value starting with `!` negates it;
 * values of one key are alternatives, keys AND together). Scheduled deletions are listed only with
 * IncludePlannedDeletion, as AWS does.
 */
import { SluiceError } from '../../model/errors.ts';
import { decodeListToken, encodeListToken } from '../../services/list-token.ts';
import type { SecretService } from '../../services/secrets.ts';
import type { SecretRecord } from '../../store/secret-ports.ts';
import { wireSecret, type Scope } from './wire.ts';

export interface ListSecretsInput {
  MaxResults?: number; NextToken?: string; IncludePlannedDeletion?: boolean; SortOrder?: string;
  Filters?: { Key?: string; Values?: string[] }[];
}

const FIELDS: Record<string, (s: SecretRecord) => string[]> = {
  name: (s) => [s.name],
  description: (s) => (s.description === undefined ? [] : [s.description]),
  'tag-key': (s) => s.tags.map((t) => t.key),
  'tag-value': (s) => s.tags.map((t) => t.value),
  all: (s) => [s.name, ...(s.description === undefined ? [] : [s.description]), ...s.tags.flatMap((t) => [t.key, t.value])],
};

function compile(filters: ListSecretsInput['Filters']): (s: SecretRecord) => boolean {
  const tests = (filters ?? []).map((filter) => {
    const field = FIELDS[filter.Key ?? ''];
    if (!field) throw new SluiceError('InvalidParameterException', `Sluice does not filter secrets by ${filter.Key ?? '(no key)'}.`);
    const values = filter.Values ?? [];
    if (values.length === 0) throw new SluiceError('InvalidParameterException', `The filter ${filter.Key ?? ''} needs at least one value.`);
    return (s: SecretRecord) => values.some((v) => {
      const negated = v.startsWith('!');
      const prefix = negated ? v.slice(1) : v;
      const hit = field(s).some((text) => (filter.Key === 'all' ? text.toLowerCase().startsWith(prefix.toLowerCase()) : text.startsWith(prefix)));
      return negated ? !hit : hit;
    });
  });
  return (s) => tests.every((t) => t(s));
}

const BATCH = 100;

export async function listSecrets(secrets: SecretService, input: ListSecretsInput, scope: Scope): Promise<object> {
  const keep = compile(input.Filters);
  const max = input.MaxResults ?? 100;
  let after = input.NextToken === undefined ? undefined : decodeListToken<string>('secrets', input.NextToken, 'string', 'InvalidNextTokenException');
  const items: SecretRecord[] = [];
  let nextToken: string | undefined;
  scan: for (;;) {
    const batch = await secrets.listBatch(after, BATCH);
    for (const secret of batch.items) {
      if (items.length === max) {
        nextToken = encodeListToken('secrets', after ?? '');
        break scan;
      }
      after = secret.name;
      if ((input.IncludePlannedDeletion === true || secret.deletionDate === undefined) && keep(secret)) items.push(secret);
    }
    if (!batch.more) break;
  }
  if (input.SortOrder === 'desc') items.reverse();
  return { SecretList: items.map((s) => wireSecret(s, scope, 'SecretVersionsToStages')), ...(nextToken !== undefined && { NextToken: nextToken }) };
}
