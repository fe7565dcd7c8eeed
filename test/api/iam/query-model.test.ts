/**
 * The query protocol driven by IAM's model: flattened parameters decoded into typed input with
 * lower-camel names, and output written as IAM's XML.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IAM_MODEL } from '../../../src/api/iam/handler.ts';
import { camelModel, decodeQueryInput, encodeXml, escapeXml, type QueryModel } from '../../../src/api/iam/query-model.ts';
import { isSluiceError } from '../../../src/model/errors.ts';

const MODEL: QueryModel = camelModel({
  metadata: { targetPrefix: '', serviceId: 'Test' },
  operations: { Op: { name: 'Op', input: { shape: 'OpRequest' }, output: { shape: 'OpResponse', resultWrapper: 'OpResult' } } },
  shapes: {
    OpRequest: { type: 'structure', required: ['Name'], members: { Name: { shape: 'S' }, Count: { shape: 'N' }, Flag: { shape: 'B' }, Tags: { shape: 'TagList' }, Names: { shape: 'SList' }, Attrs: { shape: 'M' }, Inner: { shape: 'Inner' } } },
    OpResponse: { type: 'structure', members: { Items: { shape: 'SList' }, When: { shape: 'T' }, Done: { shape: 'B' }, Inner: { shape: 'Inner' } } },
    Inner: { type: 'structure', members: { Text: { shape: 'S' } } },
    TagList: { type: 'list', member: { shape: 'Tag' } },
    Tag: { type: 'structure', members: { Key: { shape: 'S' }, Value: { shape: 'S' } } },
    SList: { type: 'list', member: { shape: 'S' } },
    M: { type: 'map', key: { shape: 'S' }, value: { shape: 'S' } },
    S: { type: 'string' }, N: { type: 'integer' }, B: { type: 'boolean' }, T: { type: 'timestamp' },
  },
});

const decode = (query: string) => decodeQueryInput(MODEL, 'Op', new URLSearchParams(query));

describe('query protocol input', () => {
  it('decodes scalars, lists, lists of structures, maps and nested structures by the model', () => {
    assert.deepEqual(decode('Action=Op&Version=1&Name=a&Count=3&Flag=true&Tags.member.2.Key=k2&Tags.member.1.Key=k1&Tags.member.1.Value=v1'
      + '&Names.member.1=x&Attrs.entry.1.key=color&Attrs.entry.1.value=blue&Inner.Text=hi&Unknown=ignored'), {
      name: 'a', count: 3, flag: true, tags: [{ key: 'k1', value: 'v1' }, { key: 'k2' }], names: ['x'], attrs: { color: 'blue' }, inner: { text: 'hi' },
    });
  });

  it('reads `Name=` as an empty list and leaves absent members out', () => {
    assert.deepEqual(decode('Names='), { names: [] });
    assert.deepEqual(decode(''), {});
  });

  it('refuses numbers and booleans that are not, naming the member', () => {
    for (const [query, text] of [['Count=many', /Value 'many' at 'count' failed to satisfy constraint: Member must be a number/], ['Flag=yes', /at 'flag'/]] as const) {
      assert.throws(() => decode(query), (e: unknown) => isSluiceError(e) && e.code === 'ValidationException' && text.test(e.message));
    }
  });
});

describe('query protocol output', () => {
  it('writes members in model order under their wire names, lists as <member>, dates in seconds', () => {
    assert.equal(encodeXml(MODEL, 'OpResponse', { done: false, items: ['a', 'b<c'], when: Date.UTC(2024, 4, 1, 12, 0, 0, 123), inner: { text: 'x&y' } }),
      '<Items><member>a</member><member>b&lt;c</member></Items><When>2024-05-01T12:00:00Z</When><Done>false</Done><Inner><Text>x&amp;y</Text></Inner>');
    assert.equal(escapeXml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
  });

  it('has IAM\'s model with lower-camel members and their wire names', () => {
    assert.deepEqual(IAM_MODEL.shapes.CreateUserRequest?.required, ['userName']);
    assert.equal(IAM_MODEL.shapes.User?.members?.userName?.locationName, 'UserName');
    assert.equal(IAM_MODEL.operations.ListUsers?.output?.resultWrapper, 'ListUsersResult');
  });
});
