/**
 * Trigger globs follow Java NIO's `glob:` rules: tables of `{ glob, matches, misses }`, then the
 * syntax errors the JDK refuses too.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileGlob, globSyntaxProblem, GlobSyntaxError, matchesGlob } from '../../../src/model/triggers/glob.ts';

describe('trigger globs', () => {
  const table: { glob: string; matches: string[]; misses: string[] }[] = [
    // Literals match themselves, wholly; RegExp metacharacters are literal.
    { glob: 'main', matches: ['main'], misses: ['mainline', 'xmain', 'Main', 'refs/heads/main'] },
    { glob: 'v1.0+(rc)|x$^', matches: ['v1.0+(rc)|x$^'], misses: ['v1a0+(rc)|x$^', 'v1.00(rc)|x$^'] },
    // `*` stays inside one segment, dot files included.
    { glob: 'feature/*', matches: ['feature/a', 'feature/', 'feature/.hidden'], misses: ['feature/a/b', 'feature', 'features/a'] },
    { glob: '*.md', matches: ['README.md', '.md'], misses: ['docs/README.md', 'README.mdx'] },
    // `**` is "anything", `/` included, wherever it stands.
    { glob: 'release/**', matches: ['release/1', 'release/1/hotfix', 'release/'], misses: ['release', 'releases/1'] },
    { glob: '**', matches: ['', 'a', 'a/b/c'], misses: [] },
    { glob: '**/*.ts', matches: ['src/a.ts', 'src/deep/b.ts'], misses: ['a.ts', 'src/a.tsx'] },
    { glob: '**.md', matches: ['a.md', 'docs/guide/a.md'], misses: ['a.mdx'] },
    { glob: 'src/**/test/*', matches: ['src/a/test/x', 'src/a/b/test/x'], misses: ['src/test/x', 'src/a/test/x/y'] },
    { glob: 'a**b', matches: ['ab', 'a/x/b'], misses: ['a/x/c'] },
    // `?` is one character, never `/`.
    { glob: 'v?', matches: ['v1', 'vx'], misses: ['v', 'v10', 'v/'] },
    { glob: 'foo.?', matches: ['foo.c'], misses: ['foo.cc', 'foo.'] },
    // Bracket expressions.
    { glob: 'v[0-9]', matches: ['v0', 'v9'], misses: ['va', 'v10'] },
    { glob: '[abc]x', matches: ['ax', 'cx'], misses: ['dx', 'x'] },
    { glob: '[!a]x', matches: ['bx', '.x'], misses: ['ax', '/x'] },
    { glob: '[-a]', matches: ['-', 'a'], misses: ['b'] },
    { glob: '[!-a]', matches: ['b'], misses: ['-', 'a'] },
    { glob: '[a-]', matches: ['a', '-'], misses: ['b'] },
    { glob: '[*?\\]', matches: ['*', '?', '\\'], misses: ['a'] },
    { glob: '[^a]', matches: ['^', 'a'], misses: ['b'] },
    { glob: '[[]', matches: ['['], misses: ['a'] },
    { glob: 'x[+-0]y', matches: ['x+y', 'x.y', 'x0y'], misses: ['x/y'] },
    // Groups.
    { glob: '*.{java,class}', matches: ['A.java', 'A.class'], misses: ['A.jar', 'A.'] },
    { glob: '{main,release/**}', matches: ['main', 'release/1/2'], misses: ['mainx', 'dev'] },
    { glob: '{,v}1', matches: ['1', 'v1'], misses: ['x1'] },
    { glob: 'a}b,c', matches: ['a}b,c'], misses: ['ab'] },
    // Escapes.
    { glob: '\\*', matches: ['*'], misses: ['a', ''] },
    { glob: 'a\\{b\\}', matches: ['a{b}'], misses: ['ab'] },
    { glob: '\\a\\/b', matches: ['a/b'], misses: ['\\a/b'] },
  ];
  for (const { glob, matches, misses } of table) {
    it(`'${glob}'`, () => {
      for (const value of matches) assert.equal(matchesGlob(glob, value), true, `'${glob}' should match '${value}'`);
      for (const value of misses) assert.equal(matchesGlob(glob, value), false, `'${glob}' should not match '${value}'`);
    });
  }

  it('compiles to an anchored expression', () => {
    assert.equal(compileGlob('main').test('main'), true);
    assert.equal(compileGlob('main').test('not-main-branch'), false);
  });

  const refused: { glob: string; problem: string; index: number }[] = [
    { glob: 'main\\', problem: 'no character to escape', index: 4 },
    { glob: 'v[0-9', problem: "missing ']'", index: 4 },
    { glob: 'a[]b', problem: 'empty bracket expression', index: 2 },
    { glob: '[!]', problem: 'empty bracket expression', index: 2 },
    { glob: '[9-0]', problem: 'invalid range', index: 1 },
    { glob: '[a-c-e]', problem: 'invalid range', index: 4 },
    { glob: '[a/b]', problem: "explicit '/' in a bracket expression", index: 2 },
    { glob: '{a,{b}}', problem: 'groups cannot be nested', index: 3 },
    { glob: '{a,b', problem: "missing '}'", index: 3 },
  ];
  for (const { glob, problem, index } of refused) {
    it(`refuses '${glob}': ${problem}`, () => {
      assert.throws(() => compileGlob(glob), (e: unknown) => {
        assert.ok(e instanceof GlobSyntaxError);
        assert.equal(e.pattern, glob);
        assert.equal(e.index, index);
        assert.equal(e.message, `Invalid glob '${glob}': ${problem} at position ${index}`);
        return true;
      });
      assert.equal(globSyntaxProblem(glob), `Invalid glob '${glob}': ${problem} at position ${index}`);
    });
  }

  it('reports no problem for a valid glob', () => {
    assert.equal(globSyntaxProblem('release/**'), undefined);
  });
});
