/**
 * The EventBridge pattern language: a table of `{ pattern, event, want }` for every matcher with
 * matches and non-matches, the documented edge cases (arrays in events, null versus missing,
 * `exists` on objects), `$or`, and a table of refused patterns with their exact messages.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileEventPattern, EventPatternError, MAX_PATTERN_LENGTH } from '../../../src/model/events/pattern.ts';

/** A CodePipeline execution state change as AWS sends it (spec/events.md §1). */
const EXECUTION = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'CodePipeline Pipeline Execution State Change',
  source: 'aws.codepipeline',
  account: '123456789012',
  time: '2024-05-01T10:00:00Z',
  region: 'us-east-1',
  resources: ['arn:aws:codepipeline:us-east-1:123456789012:MyApp'],
  detail: {
    pipeline: 'MyApp', 'execution-id': '0d0f', state: 'FAILED', version: 3,
    'execution-trigger': { 'trigger-type': 'StartPipelineExecution', 'trigger-detail': 'arn:aws:iam::123456789012:user/alice' },
  },
};

/** A synthetic event with one field of every JSON kind. */
const MIXED = {
  source: 'sluice.test',
  detail: {
    name: 'Alice', empty: '', nothing: null, flag: true, off: false, count: 300, ratio: 0.5, negative: -7,
    tags: ['blue', 'green'], numbers: [1, 5, 9], none: [], nested: [['deep']],
    ip: '10.0.0.17', ip6: '2001:db8::42', path: 'release/2024/v1.tar.gz', star: 'a*b', slash: 'a\\b',
    obj: { inner: 'x' },
    items: [{ kind: 'build', ok: true }, { kind: 'test', ok: false }],
  },
};

interface Case { name: string; pattern: object; event?: object; want: boolean }

const cases: Case[] = [
  // Exact values.
  { name: 'exact string', pattern: { detail: { name: ['Alice'] } }, want: true },
  { name: 'exact string is case-sensitive', pattern: { detail: { name: ['alice'] } }, want: false },
  { name: 'exact: any listed value', pattern: { detail: { name: ['Bob', 'Alice'] } }, want: true },
  { name: 'empty string matches ""', pattern: { detail: { empty: [''] } }, want: true },
  { name: 'empty string does not match a missing field', pattern: { detail: { missing: [''] } }, want: false },
  { name: 'null matches JSON null', pattern: { detail: { nothing: [null] } }, want: true },
  { name: 'null does not match a missing field', pattern: { detail: { missing: [null] } }, want: false },
  { name: 'null does not match ""', pattern: { detail: { empty: [null] } }, want: false },
  { name: 'boolean true', pattern: { detail: { flag: [true] } }, want: true },
  { name: 'boolean false', pattern: { detail: { off: [false] } }, want: true },
  { name: 'boolean is not its string', pattern: { detail: { flag: ['true'] } }, want: false },
  { name: 'number', pattern: { detail: { count: [300] } }, want: true },
  { name: 'number compares numerically (300.0)', pattern: JSON.parse('{"detail":{"count":[300.0]}}') as object, want: true },
  { name: 'number compares numerically (3e2)', pattern: JSON.parse('{"detail":{"count":[3e2]}}') as object, want: true },
  { name: 'number is not its string', pattern: { detail: { count: ['300'] } }, want: false },
  { name: 'string is not a number', pattern: { detail: { name: [300] } }, want: false },
  { name: 'all fields must match (AND)', pattern: { source: ['sluice.test'], detail: { name: ['Bob'] } }, want: false },
  { name: 'fields absent from the pattern are ignored', pattern: { source: ['sluice.test'] }, want: true },
  // Arrays in the event.
  { name: 'event array: any element', pattern: { detail: { tags: ['green'] } }, want: true },
  { name: 'event array: no element', pattern: { detail: { tags: ['red'] } }, want: false },
  { name: 'event array of numbers', pattern: { detail: { numbers: [{ numeric: ['>', 8] }] } }, want: true },
  { name: 'event nested arrays are flattened', pattern: { detail: { nested: ['deep'] } }, want: true },
  { name: 'event array of objects: nested pattern per element', pattern: { detail: { items: { kind: ['test'] } } }, want: true },
  { name: 'event array of objects: one element must match every field', pattern: { detail: { items: { kind: ['build'], ok: [false] } } }, want: false },
  { name: 'event array of objects: same element', pattern: { detail: { items: { kind: ['test'], ok: [false] } } }, want: true },
  { name: 'resources array', pattern: { resources: ['arn:aws:codepipeline:us-east-1:123456789012:MyApp'] }, event: EXECUTION, want: true },
  // prefix / suffix / equals-ignore-case.
  { name: 'prefix', pattern: { time: [{ prefix: '2024-05-' }] }, event: EXECUTION, want: true },
  { name: 'prefix non-match', pattern: { time: [{ prefix: '2024-06-' }] }, event: EXECUTION, want: false },
  { name: 'prefix is case-sensitive', pattern: { detail: { name: [{ prefix: 'al' }] } }, want: false },
  { name: 'prefix never matches a number', pattern: { detail: { count: [{ prefix: '3' }] } }, want: false },
  { name: 'prefix with equals-ignore-case', pattern: { detail: { name: [{ prefix: { 'equals-ignore-case': 'AL' } }] } }, want: true },
  { name: 'suffix', pattern: { detail: { path: [{ suffix: '.tar.gz' }] } }, want: true },
  { name: 'suffix non-match', pattern: { detail: { path: [{ suffix: '.zip' }] } }, want: false },
  { name: 'suffix with equals-ignore-case', pattern: { detail: { path: [{ suffix: { 'equals-ignore-case': '.TAR.GZ' } }] } }, want: true },
  { name: 'equals-ignore-case', pattern: { detail: { name: [{ 'equals-ignore-case': 'aLiCe' }] } }, want: true },
  { name: 'equals-ignore-case non-match', pattern: { detail: { name: [{ 'equals-ignore-case': 'alic' }] } }, want: false },
  { name: 'equals-ignore-case on an array', pattern: { detail: { tags: [{ 'equals-ignore-case': 'GREEN' }] } }, want: true },
  // wildcard.
  { name: 'wildcard crosses /', pattern: { detail: { path: [{ wildcard: 'release/*' }] } }, want: true },
  { name: 'wildcard in the middle', pattern: { detail: { path: [{ wildcard: 'release/*/v1.*' }] } }, want: true },
  { name: 'wildcard matches an empty run', pattern: { detail: { name: [{ wildcard: 'Alice*' }] } }, want: true },
  { name: 'wildcard non-match', pattern: { detail: { path: [{ wildcard: 'hotfix/*' }] } }, want: false },
  { name: 'wildcard segments may not overlap', pattern: { detail: { name: [{ wildcard: 'Ali*ice' }] } }, want: false },
  { name: 'wildcard without a star is exact', pattern: { detail: { name: [{ wildcard: 'Alice' }] } }, want: true },
  { name: 'wildcard \\* is a literal star', pattern: { detail: { star: [{ wildcard: 'a\\*b' }] } }, want: true },
  { name: 'wildcard \\* does not match other characters', pattern: { detail: { name: [{ wildcard: 'Al\\*' }] } }, want: false },
  { name: 'wildcard \\\\ is a literal backslash', pattern: { detail: { slash: [{ wildcard: 'a\\\\*' }] } }, want: true },
  // anything-but.
  { name: 'anything-but string', pattern: { detail: { name: [{ 'anything-but': 'Bob' }] } }, want: true },
  { name: 'anything-but string non-match', pattern: { detail: { name: [{ 'anything-but': 'Alice' }] } }, want: false },
  { name: 'anything-but list', pattern: { detail: { name: [{ 'anything-but': ['Bob', 'Alice'] }] } }, want: false },
  { name: 'anything-but number', pattern: { detail: { count: [{ 'anything-but': 100 }] } }, want: true },
  { name: 'anything-but number non-match', pattern: { detail: { count: [{ 'anything-but': [100, 300] }] } }, want: false },
  { name: 'anything-but never matches a missing field', pattern: { detail: { missing: [{ 'anything-but': 'x' }] } }, want: false },
  { name: 'anything-but on an array: any other element', pattern: { detail: { tags: [{ 'anything-but': 'blue' }] } }, want: true },
  { name: 'anything-but prefix', pattern: { detail: { name: [{ 'anything-but': { prefix: 'B' } }] } }, want: true },
  { name: 'anything-but prefix non-match', pattern: { detail: { name: [{ 'anything-but': { prefix: 'Al' } }] } }, want: false },
  { name: 'anything-but suffix non-match', pattern: { detail: { path: [{ 'anything-but': { suffix: '.gz' } }] } }, want: false },
  { name: 'anything-but suffix list', pattern: { detail: { path: [{ 'anything-but': { suffix: ['.zip', '.png'] } }] } }, want: true },
  { name: 'anything-but equals-ignore-case', pattern: { detail: { name: [{ 'anything-but': { 'equals-ignore-case': ['ALICE'] } }] } }, want: false },
  { name: 'anything-but equals-ignore-case match', pattern: { detail: { name: [{ 'anything-but': { 'equals-ignore-case': 'BOB' } }] } }, want: true },
  { name: 'anything-but wildcard', pattern: { detail: { path: [{ 'anything-but': { wildcard: 'release/*' } }] } }, want: false },
  { name: 'anything-but wildcard match', pattern: { detail: { path: [{ 'anything-but': { wildcard: 'hotfix/*' } }] } }, want: true },
  { name: 'anything-but prefix matches a number [guess]', pattern: { detail: { count: [{ 'anything-but': { prefix: '3' } }] } }, want: true },
  { name: 'spec: failed pipeline not in a sandbox',
    pattern: { source: ['aws.codepipeline'], 'detail-type': ['CodePipeline Pipeline Execution State Change', 'CodePipeline Stage Execution State Change'],
      detail: { state: ['FAILED', 'CANCELED'], pipeline: [{ 'anything-but': { prefix: 'sandbox-' } }] } },
    event: EXECUTION, want: true },
  { name: 'spec: sandbox pipeline excluded',
    pattern: { detail: { state: ['FAILED'], pipeline: [{ 'anything-but': { prefix: 'sandbox-' } }] } },
    event: { ...EXECUTION, detail: { ...EXECUTION.detail, pipeline: 'sandbox-web' } }, want: false },
  // numeric.
  { name: 'numeric >', pattern: { detail: { count: [{ numeric: ['>', 299] }] } }, want: true },
  { name: 'numeric > at the bound', pattern: { detail: { count: [{ numeric: ['>', 300] }] } }, want: false },
  { name: 'numeric >=', pattern: { detail: { count: [{ numeric: ['>=', 300] }] } }, want: true },
  { name: 'numeric <', pattern: { detail: { count: [{ numeric: ['<', 300] }] } }, want: false },
  { name: 'numeric <=', pattern: { detail: { count: [{ numeric: ['<=', 300] }] } }, want: true },
  { name: 'numeric =', pattern: { detail: { ratio: [{ numeric: ['=', 0.5] }] } }, want: true },
  { name: 'numeric range inside', pattern: { detail: { count: [{ numeric: ['>', 0, '<=', 300] }] } }, want: true },
  { name: 'numeric range outside', pattern: { detail: { count: [{ numeric: ['>', 0, '<', 300] }] } }, want: false },
  { name: 'numeric negative', pattern: { detail: { negative: [{ numeric: ['>=', -10, '<', 0] }] } }, want: true },
  { name: 'numeric never matches a numeric string', pattern: { detail: { version: [{ numeric: ['>', 0] }] } },
    event: { detail: { version: '3' } }, want: false },
  { name: 'numeric on the pipeline version', pattern: { detail: { version: [{ numeric: ['>=', 3] }] } }, event: EXECUTION, want: true },
  // cidr.
  { name: 'cidr IPv4', pattern: { detail: { ip: [{ cidr: '10.0.0.0/24' }] } }, want: true },
  { name: 'cidr IPv4 outside', pattern: { detail: { ip: [{ cidr: '10.0.1.0/24' }] } }, want: false },
  { name: 'cidr /32', pattern: { detail: { ip: [{ cidr: '10.0.0.17/32' }] } }, want: true },
  { name: 'cidr /0', pattern: { detail: { ip: [{ cidr: '0.0.0.0/0' }] } }, want: true },
  { name: 'cidr host bits ignored', pattern: { detail: { ip: [{ cidr: '10.0.0.20/28' }] } }, want: true },
  { name: 'cidr IPv6', pattern: { detail: { ip6: [{ cidr: '2001:db8::/32' }] } }, want: true },
  { name: 'cidr IPv6 outside', pattern: { detail: { ip6: [{ cidr: '2001:db9::/32' }] } }, want: false },
  { name: 'cidr IPv4 address in an IPv6 block', pattern: { detail: { ip: [{ cidr: '::/0' }] } }, want: false },
  { name: 'cidr non-address', pattern: { detail: { name: [{ cidr: '0.0.0.0/0' }] } }, want: false },
  // exists.
  { name: 'exists true', pattern: { detail: { name: [{ exists: true }] } }, want: true },
  { name: 'exists true on missing', pattern: { detail: { missing: [{ exists: true }] } }, want: false },
  { name: 'exists true on null (a value)', pattern: { detail: { nothing: [{ exists: true }] } }, want: true },
  { name: 'exists false on missing', pattern: { detail: { missing: [{ exists: false }] } }, want: true },
  { name: 'exists false on null', pattern: { detail: { nothing: [{ exists: false }] } }, want: false },
  { name: 'exists false on ""', pattern: { detail: { empty: [{ exists: false }] } }, want: false },
  { name: 'exists false when the parent is missing', pattern: { nope: { child: [{ exists: false }] } }, want: true },
  { name: 'exists false on an object (not a leaf)', pattern: { detail: { obj: [{ exists: false }] } }, want: true },
  { name: 'exists true on an object (not a leaf)', pattern: { detail: { obj: [{ exists: true }] } }, want: false },
  { name: 'exists false on an empty array [guess]', pattern: { detail: { none: [{ exists: false }] } }, want: true },
  { name: 'exists true on an array', pattern: { detail: { tags: [{ exists: true }] } }, want: true },
  { name: 'exists or a value', pattern: { detail: { missing: [{ exists: false }, 'x'] } }, want: true },
  // Nested objects and $or.
  { name: 'nested object', pattern: { detail: { 'execution-trigger': { 'trigger-type': ['StartPipelineExecution'] } } }, event: EXECUTION, want: true },
  { name: 'nested object under a scalar', pattern: { detail: { name: { first: ['Alice'] } } }, want: false },
  { name: '$or first branch', pattern: { $or: [{ source: ['sluice.test'] }, { source: ['other'] }] }, want: true },
  { name: '$or second branch', pattern: { $or: [{ source: ['other'] }, { detail: { count: [{ numeric: ['>', 1] }] } }] }, want: true },
  { name: '$or no branch', pattern: { $or: [{ source: ['other'] }, { detail: { name: ['Bob'] } }] }, want: false },
  { name: '$or nested, ANDed with siblings', pattern: { detail: { name: ['Alice'], $or: [{ flag: [false] }, { off: [false] }] } }, want: true },
  { name: '$or nested, sibling fails', pattern: { detail: { name: ['Bob'], $or: [{ flag: [true] }, { off: [false] }] } }, want: false },
  { name: 'mixed matchers in one leaf (OR)', pattern: { detail: { name: ['Bob', { prefix: 'Ali' }] } }, want: true },
  { name: 'own fields only: "constructor"', pattern: { constructor: [{ exists: true }] }, want: false },
];

describe('event patterns: matching', () => {
  for (const c of cases) {
    it(`${c.name} → ${c.want}`, () => {
      assert.equal(compileEventPattern(c.pattern).matches(c.event ?? MIXED), c.want);
    });
  }

  it('accepts the pattern and the event as JSON text', () => {
    const rule = compileEventPattern('{"source":["aws.codecommit"],"detail":{"event":["referenceCreated","referenceUpdated"],"referenceName":["main"]}}');
    assert.equal(rule.matches('{"source":"aws.codecommit","detail":{"event":"referenceUpdated","referenceName":"main"}}'), true);
    assert.equal(rule.matches({ source: 'aws.codecommit', detail: { event: 'referenceDeleted', referenceName: 'main' } }), false);
  });

  it('does not read the pattern again after compiling it', () => {
    const pattern = { detail: { name: ['Alice'] } };
    const rule = compileEventPattern(pattern);
    pattern.detail.name[0] = 'Bob';
    assert.equal(rule.matches(MIXED), true);
  });

  it('matches non-object events as having no fields', () => {
    assert.equal(compileEventPattern({ a: [{ exists: false }] }).matches(42), true);
    assert.equal(compileEventPattern({ a: ['x'] }).matches(null), false);
  });
});

const PREFIX = 'Event pattern is not valid. Reason: ';
const tooLong = JSON.stringify({ source: ['x'.repeat(MAX_PATTERN_LENGTH)] });

const refused: { name: string; pattern: unknown; message: string }[] = [
  { name: 'not JSON', pattern: '{"source": [', message: 'the pattern is not valid JSON (' },
  { name: 'not an object', pattern: '["a"]', message: 'the pattern must be a JSON object' },
  { name: 'null', pattern: null, message: 'the pattern must be a JSON object' },
  { name: 'empty pattern', pattern: {}, message: 'an empty object matches nothing: name at least one field at (root)' },
  { name: 'empty nested object', pattern: { detail: {} }, message: 'an empty object matches nothing: name at least one field at detail' },
  { name: 'too long', pattern: tooLong, message: `the pattern is ${tooLong.length} characters long; the limit is 4096` },
  { name: 'leaf not an array', pattern: { source: 'aws.codepipeline' }, message: 'must be an array of values and matchers or a nested pattern object, not string at source' },
  { name: 'leaf null', pattern: { detail: { state: null } }, message: 'must be an array of values and matchers or a nested pattern object, not null at detail.state' },
  { name: 'empty array', pattern: { detail: { state: [] } }, message: 'empty arrays are not allowed: list at least one value or matcher at detail.state' },
  { name: 'array in an array', pattern: { detail: { state: [['FAILED']] } }, message: 'an array inside an array is not allowed (detail.state must list values and matchers) at detail.state[0]' },
  { name: 'unknown matcher', pattern: { detail: { state: ['A', { contains: 'x' }] } }, message: 'unrecognized match type "contains" at detail.state[1].contains' },
  { name: 'two keys in a matcher', pattern: { detail: { state: [{ prefix: 'a', suffix: 'b' }] } }, message: 'a matcher object must have exactly one key, found 2 at detail.state[0]' },
  { name: 'empty matcher', pattern: { state: [{}] }, message: 'a matcher object must have exactly one key, found 0 at state[0]' },
  { name: 'prefix number', pattern: { state: [{ prefix: 1 }] }, message: '"prefix" takes a string at state[0].prefix' },
  { name: 'prefix with another key', pattern: { state: [{ prefix: { 'anything-but': 'x' } }] }, message: '"prefix" takes a string or {"equals-ignore-case": string} at state[0].prefix' },
  { name: 'suffix list', pattern: { state: [{ suffix: ['a'] }] }, message: '"suffix" takes a string at state[0].suffix' },
  { name: 'equals-ignore-case number', pattern: { state: [{ 'equals-ignore-case': 3 }] }, message: '"equals-ignore-case" takes a string at state[0].equals-ignore-case' },
  { name: 'wildcard **', pattern: { ref: [{ wildcard: 'release/**' }] }, message: 'consecutive wildcard characters at position 8 at ref[0].wildcard' },
  { name: 'wildcard bad escape', pattern: { ref: [{ wildcard: 'a\\b' }] }, message: 'invalid escape character at position 1 at ref[0].wildcard' },
  { name: 'wildcard too many stars', pattern: { ref: [{ wildcard: 'a*'.repeat(11) }] }, message: '11 wildcard characters; the limit is 10 at ref[0].wildcard' },
  { name: 'anything-but empty list', pattern: { s: [{ 'anything-but': [] }] }, message: '"anything-but" takes a non-empty list at s[0].anything-but' },
  { name: 'anything-but mixed types', pattern: { s: [{ 'anything-but': ['a', 1] }] }, message: '"anything-but" takes only strings or only numbers, not both at s[0].anything-but[1]' },
  { name: 'anything-but boolean', pattern: { s: [{ 'anything-but': true }] }, message: '"anything-but" takes strings or numbers at s[0].anything-but' },
  { name: 'anything-but numeric', pattern: { s: [{ 'anything-but': { numeric: ['>', 1] } }] }, message: 'unrecognized match type "numeric" inside "anything-but" at s[0].anything-but.numeric' },
  { name: 'anything-but two keys', pattern: { s: [{ 'anything-but': { prefix: 'a', suffix: 'b' } }] }, message: '"anything-but" takes one matcher object with exactly one key at s[0].anything-but' },
  { name: 'anything-but prefix number', pattern: { s: [{ 'anything-but': { prefix: 5 } }] }, message: '"prefix" takes a string at s[0].anything-but.prefix' },
  { name: 'anything-but bad wildcard', pattern: { s: [{ 'anything-but': { wildcard: ['ok*', 'x**'] } }] }, message: 'consecutive wildcard characters at position 1 at s[0].anything-but.wildcard[1]' },
  { name: 'numeric not a list', pattern: { n: [{ numeric: '>5' }] }, message: '"numeric" takes [operator, number] or [lower operator, number, upper operator, number] at n[0].numeric' },
  { name: 'numeric three items', pattern: { n: [{ numeric: ['>', 1, '<'] }] }, message: '"numeric" takes [operator, number] or [lower operator, number, upper operator, number] at n[0].numeric' },
  { name: 'numeric unknown operator', pattern: { n: [{ numeric: ['!=', 1] }] }, message: 'unrecognized numeric operator "!="; use one of = < <= > >= at n[0].numeric[0]' },
  { name: 'numeric string operand', pattern: { n: [{ numeric: ['>', '1'] }] }, message: '"numeric" operator ">" must be followed by a number at n[0].numeric[1]' },
  { name: 'numeric out of range', pattern: { n: [{ numeric: ['<', 6e9] }] }, message: '6000000000 is outside the numeric range -5.0e9 to 5.0e9 at n[0].numeric[1]' },
  { name: 'numeric range upside down', pattern: { n: [{ numeric: ['<', 5, '>', 1] }] }, message: 'a numeric range starts with a lower bound (> or >=), not "<" at n[0].numeric[0]' },
  { name: 'numeric two lower bounds', pattern: { n: [{ numeric: ['>', 1, '>=', 5] }] }, message: 'a numeric range ends with an upper bound (< or <=), not ">=" at n[0].numeric[2]' },
  { name: 'numeric range out of order', pattern: { n: [{ numeric: ['>', 5, '<', 1] }] }, message: 'the numeric range\'s lower bound 5 must be less than its upper bound 1 at n[0].numeric' },
  { name: 'numeric = in a range', pattern: { n: [{ numeric: ['=', 5, '<', 9] }] }, message: 'a numeric range starts with a lower bound (> or >=), not "=" at n[0].numeric[0]' },
  { name: 'cidr not a block', pattern: { ip: [{ cidr: '10.0.0.1' }] }, message: '"cidr" takes an IPv4 or IPv6 CIDR block such as "10.0.0.0/24", got "10.0.0.1" at ip[0].cidr' },
  { name: 'cidr prefix too long', pattern: { ip: [{ cidr: '10.0.0.0/33' }] }, message: '"cidr" takes an IPv4 or IPv6 CIDR block such as "10.0.0.0/24", got "10.0.0.0/33" at ip[0].cidr' },
  { name: 'cidr bad octet', pattern: { ip: [{ cidr: '10.0.0.256/8' }] }, message: '"cidr" takes an IPv4 or IPv6 CIDR block such as "10.0.0.0/24", got "10.0.0.256/8" at ip[0].cidr' },
  { name: 'exists string', pattern: { a: [{ exists: 'true' }] }, message: '"exists" takes true or false at a[0].exists' },
  { name: '$or one branch', pattern: { $or: [{ a: ['x'] }] }, message: '"$or" takes a list of at least two patterns at $or' },
  { name: '$or not a list', pattern: { $or: { a: ['x'] } }, message: '"$or" takes a list of at least two patterns at $or' },
  { name: '$or branch not an object', pattern: { $or: [{ a: ['x'] }, ['b']] }, message: 'each "$or" branch must be a pattern object at $or[1]' },
  { name: '$or branch invalid', pattern: { detail: { $or: [{ a: ['x'] }, { b: 'y' }] } }, message: 'must be an array of values and matchers or a nested pattern object, not string at detail.$or[1].b' },
  { name: 'odd key quoted in the path', pattern: { 'a b': { c: 'x' } }, message: 'must be an array of values and matchers or a nested pattern object, not string at ["a b"].c' },
  { name: 'non-JSON value in an object pattern', pattern: { a: [Number.NaN] }, message: 'NaN is not a JSON value at a[0]' },
];

describe('event patterns: refused', () => {
  for (const c of refused) {
    it(c.name, () => {
      assert.throws(() => compileEventPattern(c.pattern), (e: unknown) => {
        assert.ok(e instanceof EventPatternError);
        assert.equal(e.name, 'EventPatternError');
        if (c.message.endsWith('(')) assert.ok(e.message.startsWith(PREFIX + c.message), e.message);
        else assert.equal(e.message, PREFIX + c.message);
        return true;
      });
    });
  }

  it('accepts a pattern of exactly the size limit', () => {
    const filler = 'x'.repeat(MAX_PATTERN_LENGTH - JSON.stringify({ s: [''] }).length);
    const text = JSON.stringify({ s: [filler] });
    assert.equal(text.length, MAX_PATTERN_LENGTH);
    assert.equal(compileEventPattern(text).matches({ s: filler }), true);
  });

  it('records the path of the problem', () => {
    assert.throws(() => compileEventPattern({ detail: { state: [{ numeric: ['>', 'x'] }] } }),
      (e: unknown) => e instanceof EventPatternError && JSON.stringify(e.path) === '["detail","state",0,"numeric",1]');
  });
});
