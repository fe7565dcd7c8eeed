// Keeps docs/buildspec.md true: its example (every key Sluice reads) parses, every key in the
// example has a row in the key table, every row is in the example, and refused rows are refused.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { BuildspecError, parseBuildspec } from '../../../src/model/buildspec/parse.ts';

const doc = readFileSync(join(import.meta.dirname, '..', '..', '..', 'docs', 'buildspec.md'), 'utf8');
const STATUSES = ['supported', 'partial', 'accepted, ignored', 'not supported'];

function section(title: string): string {
  const start = doc.indexOf(`\n## ${title}\n`);
  assert.ok(start >= 0, `docs/buildspec.md has a "${title}" section`);
  const end = doc.indexOf('\n## ', start + 1);
  return doc.slice(start, end < 0 ? undefined : end);
}

const example = /```yaml\n([\s\S]*?)```/.exec(section('Example'))?.[1] ?? '';
const rows = section('Keys').split('\n').filter((l) => l.startsWith('| `'))
  .map((l) => l.split('|').map((c) => c.trim()))
  .map(([, key = '', status = '']) => ({ key: key.replaceAll('`', ''), status }));

/** Names that stand for any user-chosen key, and maps whose keys are the user's (not walked). */
const PLACEHOLDERS: Record<string, string> = { phases: '<phase>', reports: '<group>', 'secondary-artifacts': '<id>' };
const USER_MAPS = ['env.variables', 'env.parameter-store', 'env.secrets-manager', 'proxy', 'phases.<phase>.runtime-versions'];

function keyPaths(value: unknown, path: string, out: Set<string>): Set<string> {
  if (path) out.add(path);
  if (value === null || typeof value !== 'object' || Array.isArray(value) || USER_MAPS.includes(path)) return out;
  const last = path.split('.').at(-1) ?? '';
  for (const [key, child] of Object.entries(value)) {
    const segment = PLACEHOLDERS[last] ?? key;
    keyPaths(child, path ? `${path}.${segment}` : segment, out);
  }
  return out;
}

describe('docs/buildspec.md', () => {
  it('the example parses', () => {
    const spec = parseBuildspec(example);
    assert.deepEqual(Object.keys(spec.phases), ['install', 'pre_build', 'build', 'post_build']);
    assert.equal(spec.env.variables.PORT, '8080');
  });

  it('every key row has a known status', () => {
    assert.ok(rows.length > 30);
    for (const row of rows) assert.ok(STATUSES.includes(row.status), `${row.key}: unknown status "${row.status}"`);
  });

  it('the example uses exactly the keys the table rates as read', () => {
    const used = [...keyPaths(parse(example) as unknown, '', new Set())].sort();
    const rated = rows.filter((r) => r.status !== 'not supported').map((r) => r.key).sort();
    assert.deepEqual(used, rated);
  });

  it('keys rated not supported are refused', () => {
    for (const row of rows.filter((r) => r.status === 'not supported')) {
      assert.throws(() => parseBuildspec(`version: 0.2\n${row.key}: {}\n`), BuildspecError, row.key);
    }
  });
});
