import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { canonicalHeaderValue, canonicalPath, canonicalQuery, parseQuery, uriEncode } from '../../../src/api/auth/canonical.ts';
import { SigningKeyCache } from '../../../src/api/auth/signing-key-cache.ts';

describe('uriEncode', () => {
  const cases: [string, boolean, string][] = [
    ['AZaz09-._~', false, 'AZaz09-._~'],
    ['a b', false, 'a%20b'],
    ['a/b', false, 'a%2Fb'],
    ['a/b', true, 'a/b'],
    ["!*'()+=&", false, '%21%2A%27%28%29%2B%3D%26'],
    ['ü✓🚀', false, '%C3%BC%E2%9C%93%F0%9F%9A%80'],
    ['%20', false, '%2520'],
  ];
  for (const [input, keepSlash, want] of cases) {
    test(`${JSON.stringify(input)}${keepSlash ? ' (path)' : ''} → ${want}`, () => assert.equal(uriEncode(input, keepSlash), want));
  }
});

describe('canonicalQuery', () => {
  const cases: [string, string, string][] = [
    ['empty', '', ''],
    ['sorted by key, then value', 'b=2&a=2&a=10&a=1', 'a=1&a=10&a=2&b=2'],
    ['a key without a value, or with an empty one', 'flag&empty=', 'empty=&flag='],
    ['re-encoded the AWS way', 'k=a%2fb~c%7E&s=a+b&t=%21', 'k=a%2Fb~c~&s=a%20b&t=%21'],
    ['unencoded reserved characters in the raw query', "r=!'()*@:", 'r=%21%27%28%29%2A%40%3A'],
    ['a malformed escape kept literally', 'bad=%zz', 'bad=%25zz'],
    ['X-Amz-Signature left out', 'X-Amz-Signature=abc&a=1', 'a=1'],
    ['empty pieces ignored', '&&a=1&', 'a=1'],
  ];
  for (const [name, raw, want] of cases) {
    test(name, () => assert.equal(canonicalQuery(parseQuery(raw)), want));
  }
});

describe('canonicalPath', () => {
  const cases: [string, string, string, string][] = [
    ['root', '/', 'codepipeline', '/'],
    ['empty is root', '', 'codepipeline', '/'],
    ['non-S3 double-encodes', '/a%20b/c', 'codepipeline', '/a%2520b/c'],
    ['non-S3 removes dot and empty segments', '/a/./b/../c//d/', 'codepipeline', '/a/c/d/'],
    ['non-S3 goes no higher than the root', '/../..', 'codepipeline', '/'],
    ['S3 encodes once, from the decoded key', '/b/a%20b/%c3%bc+', 's3', '/b/a%20b/%C3%BC%2B'],
    ['S3 keeps dot and empty segments', '/b/./a/..//x', 's3', '/b/./a/..//x'],
    ['S3 keeps an encoded slash inside a segment', '/b/a%2Fb', 's3', '/b/a%2Fb'],
  ];
  for (const [name, raw, service, want] of cases) {
    test(name, () => assert.equal(canonicalPath(raw, service), want));
  }
});

test('canonicalHeaderValue collapses whitespace and trims', () => {
  assert.equal(canonicalHeaderValue('  a   b\t\tc \r\n d  '), 'a b c d');
  assert.equal(canonicalHeaderValue(undefined), '');
});

describe('SigningKeyCache', () => {
  test('keeps the most recently used keys', () => {
    const cache = new SigningKeyCache(2);
    const a = cache.get('secret', '20240115', 'us-east-1', 's3');
    cache.get('secret', '20240115', 'us-east-1', 'codepipeline');
    assert.equal(cache.get('secret', '20240115', 'us-east-1', 's3'), a, 'a hit returns the same key');
    cache.get('secret', '20240116', 'us-east-1', 's3');
    assert.equal(cache.size, 2);
    assert.equal(cache.get('secret', '20240115', 'us-east-1', 's3'), a, 'the used entry survived the eviction');
  });

  test('a rotated secret gets its own key', () => {
    const cache = new SigningKeyCache();
    assert.ok(!cache.get('old', '20240115', 'r', 's').equals(cache.get('new', '20240115', 'r', 's')));
  });

  test('refuses a size that is not a positive integer', () => {
    assert.throws(() => new SigningKeyCache(0), RangeError);
  });
});
