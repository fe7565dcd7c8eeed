/**
 * Secret masking of build log lines.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeMasker } from '../../src/runner/build/masking.ts';

describe('makeMasker', () => {
  it('masks a secret anywhere in a line, every occurrence', () => {
    const mask = makeMasker(['s3cr3t']);
    assert.equal(mask('token=s3cr3t and again s3cr3t!'), 'token=*** and again ***!');
    assert.equal(mask('nothing here'), 'nothing here');
  });

  it('masks the longer of two overlapping secrets whole', () => {
    const mask = makeMasker(['abc', 'abcdef']);
    assert.equal(mask('x abcdef y abc'), 'x *** y ***');
  });

  it('masks multi-line secrets line by line and ignores empty values and lines', () => {
    const mask = makeMasker(['-----BEGIN KEY-----\nAAAA1234\n\n-----END KEY-----', '']);
    assert.equal(mask('-----BEGIN KEY-----'), '***');
    assert.equal(mask('  AAAA1234'), '  ***');
    assert.equal(mask(''), '');
  });

  it('treats regular expression characters literally', () => {
    const mask = makeMasker(['a.b*c(d)', '$^[x]\\']);
    assert.equal(mask('aXbbc(d) a.b*c(d) $^[x]\\'), 'aXbbc(d) *** ***');
  });

  it('passes lines through unchanged without secrets', () => {
    const mask = makeMasker([]);
    const line = 'plain line';
    assert.equal(mask(line), line);
  });
});
