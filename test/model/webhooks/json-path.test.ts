/**
 * The JSONPath subset of webhook filters and the filter rules built on it: tables of
 * `{ path, want }` against one GitHub-like payload, refused syntax, placeholders.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileWebhookFilters, evaluateWebhookFilters, fillPlaceholders } from '../../../src/model/webhooks/filters.ts';
import { JsonPathSyntaxError, parseJsonPath, queryJsonPath } from '../../../src/model/webhooks/json-path.ts';

const PAYLOAD = {
  ref: 'refs/heads/main',
  'odd key': 'spaced',
  "it's": 'quoted',
  created: false,
  size: 3,
  repository: { name: 'app', owner: { login: 'octo' } },
  commits: [
    { id: 'a1', author: { name: 'Ann' } },
    { id: 'b2', author: { name: 'Bob' } },
    { id: 'c3', author: { name: 'Cy' } },
  ],
};

describe('JSONPath subset', () => {
  const table: { path: string; want: unknown[] }[] = [
    { path: '$', want: [PAYLOAD] },
    { path: '$.ref', want: ['refs/heads/main'] },
    { path: "$['ref']", want: ['refs/heads/main'] },
    { path: '$["ref"]', want: ['refs/heads/main'] },
    { path: "$['odd key']", want: ['spaced'] },
    { path: "$['it\\'s']", want: ['quoted'] },
    { path: '$.repository.owner.login', want: ['octo'] },
    { path: "$['repository']['name']", want: ['app'] },
    { path: '$.commits[0].id', want: ['a1'] },
    { path: '$.commits[-1].id', want: ['c3'] },
    { path: '$.commits[ 0 , 2 ].id', want: ['a1', 'c3'] },
    { path: '$.commits[1:].id', want: ['b2', 'c3'] },
    { path: '$.commits[:2].id', want: ['a1', 'b2'] },
    { path: '$.commits[::2].id', want: ['a1', 'c3'] },
    { path: '$.commits[-2:].id', want: ['b2', 'c3'] },
    { path: '$.commits[*].author.name', want: ['Ann', 'Bob', 'Cy'] },
    { path: '$.commits.*.id', want: ['a1', 'b2', 'c3'] },
    { path: "$.repository['name','missing']", want: ['app'] },
    { path: '$..login', want: ['octo'] },
    { path: '$..author.name', want: ['Ann', 'Bob', 'Cy'] },
    { path: "$..['id']", want: ['a1', 'b2', 'c3'] },
    { path: '$.repository.*', want: ['app', { login: 'octo' }] },
    { path: '$.missing.deeper', want: [] },
    { path: '$.commits[7]', want: [] },
    { path: '$.ref[0]', want: [] },
    { path: '$.commits.id', want: [] },
    { path: '$.created', want: [false] },
  ];
  for (const { path, want } of table) {
    it(`${path} selects ${JSON.stringify(want).slice(0, 60)}`, () => {
      assert.deepEqual(queryJsonPath(parseJsonPath(path), PAYLOAD), want);
    });
  }

  const refused: { path: string; message: RegExp }[] = [
    { path: 'ref', message: /starts with \$ at position 0/ },
    { path: '$.', message: /Expected a member name at position 2/ },
    { path: '$.commits[?(@.id)]', message: /Filter expressions are not supported/ },
    { path: '$.commits[(@.length-1)]', message: /Script expressions are not supported/ },
    { path: '$.commits.length()', message: /Functions are not supported/ },
    { path: "$['ref", message: /Unterminated quoted name/ },
    { path: '$.commits[0', message: /Expected '\]'/ },
    { path: '$.commits[]', message: /Expected an index, a slice/ },
    { path: '$.commits[::0]', message: /step must be positive/ },
    { path: '$ref', message: /Unexpected 'r' at position 1/ },
  ];
  for (const { path, message } of refused) {
    it(`refuses ${path}`, () => {
      assert.throws(() => parseJsonPath(path), (e: unknown) => e instanceof JsonPathSyntaxError && message.test(e.message));
    });
  }

  it('walks deeply nested payloads without recursion', () => {
    let deep: unknown = { leaf: 'x' };
    for (let k = 0; k < 20_000; k++) deep = { next: deep };
    assert.deepEqual(queryJsonPath(parseJsonPath('$..leaf'), deep), ['x']);
  });
});

describe('webhook filters', () => {
  const configuration = { Branch: 'main', Owner: 'octo' };
  const compile = (filters: { jsonPath: string; matchEquals?: string }[]) => {
    const result = compileWebhookFilters(filters);
    assert.deepEqual(result.issues, []);
    return result.filters;
  };

  it('fills placeholders from the configuration, Branch and BranchName standing in for each other', () => {
    assert.equal(fillPlaceholders('refs/heads/{Branch}', configuration), 'refs/heads/main');
    assert.equal(fillPlaceholders('refs/heads/{Branch}', { BranchName: 'dev' }), 'refs/heads/dev');
    assert.equal(fillPlaceholders('{BranchName}', { Branch: 'x' }), 'x');
    assert.equal(fillPlaceholders('{Owner}/{Branch}', configuration), 'octo/main');
    assert.equal(fillPlaceholders('{Repo}', configuration), undefined);
    assert.equal(fillPlaceholders('no placeholders', {}), 'no placeholders');
  });

  it('matches when every filter matches', () => {
    const filters = compile([{ jsonPath: '$.ref', matchEquals: 'refs/heads/{Branch}' }, { jsonPath: '$.repository.owner.login', matchEquals: '{Owner}' }]);
    assert.deepEqual(evaluateWebhookFilters(filters, PAYLOAD, configuration), { matched: true });
    assert.deepEqual(evaluateWebhookFilters(filters, { ...PAYLOAD, ref: 'refs/heads/dev' }, configuration),
      { matched: false, reason: '$.ref does not select refs/heads/main' });
    assert.deepEqual(evaluateWebhookFilters([], PAYLOAD, configuration), { matched: true }, 'no filters: every delivery');
  });

  it('compares numbers and booleans by their JSON text, matches any selected value, and tests presence without matchEquals', () => {
    assert.equal(evaluateWebhookFilters(compile([{ jsonPath: '$.created', matchEquals: 'false' }, { jsonPath: '$.size', matchEquals: '3' }]), PAYLOAD, {}).matched, true);
    assert.equal(evaluateWebhookFilters(compile([{ jsonPath: '$.commits[*].id', matchEquals: 'b2' }]), PAYLOAD, {}).matched, true);
    assert.equal(evaluateWebhookFilters(compile([{ jsonPath: '$.repository', matchEquals: '[object Object]' }]), PAYLOAD, {}).matched, false);
    assert.equal(evaluateWebhookFilters(compile([{ jsonPath: '$.repository' }]), PAYLOAD, {}).matched, true);
    assert.deepEqual(evaluateWebhookFilters(compile([{ jsonPath: '$.pull_request' }]), PAYLOAD, {}), { matched: false, reason: '$.pull_request selects nothing' });
  });

  it('fails a filter whose placeholder the configuration cannot fill', () => {
    const outcome = evaluateWebhookFilters(compile([{ jsonPath: '$.ref', matchEquals: 'refs/heads/{Missing}' }]), PAYLOAD, configuration);
    assert.equal(outcome.matched, false);
  });

  it('reports every filter that does not parse, by index', () => {
    const { issues } = compileWebhookFilters([{ jsonPath: '$.ok' }, { jsonPath: 'bad' }, { jsonPath: '$[?(@)]' }]);
    assert.deepEqual(issues.map((i) => [i.index, i.jsonPath]), [[1, 'bad'], [2, '$[?(@)]']]);
  });
});
