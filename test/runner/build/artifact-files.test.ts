// Artifact file selection on real directories: the buildspec reference's worked examples, dot
// files, base-directory globs, discard-paths clashes, excludes, symbolic links and empty matches.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ArtifactSelection } from '../../../src/model/buildspec/types.ts';
import { ArtifactSelectionError, selectArtifactFiles } from '../../../src/runner/build/artifact-files.ts';

const made: string[] = [];
after(async () => { for (const dir of made) await rm(dir, { recursive: true, force: true }); });

/** A fresh directory holding `files` (path → content); returns its real path. */
async function makeTree(files: Record<string, string>): Promise<string> {
  const dir = await realpath(await mkdtemp(join(tmpdir(), 'sluice-artifacts-')));
  made.push(dir);
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return dir;
}

const select = (over: Partial<ArtifactSelection>): ArtifactSelection => ({
  files: ['**/*'], discardPaths: false, excludePaths: [], enableSymlinks: false, ...over,
});

/** The artifact paths, and each source relative to `root`. */
async function selected(root: string, over: Partial<ArtifactSelection>): Promise<Record<string, string>> {
  const files = await selectArtifactFiles(root, select(over));
  return Object.fromEntries(files.map((f) => [f.path, f.source.slice(root.length + 1)]));
}

async function rejects(root: string, over: Partial<ArtifactSelection>, message: string | RegExp): Promise<void> {
  await assert.rejects(selectArtifactFiles(root, select(over)), (e: unknown) => {
    assert.ok(e instanceof ArtifactSelectionError);
    assert.equal(e.name, 'ArtifactSelectionError');
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
    return true;
  });
}

describe('selectArtifactFiles: the buildspec reference examples', () => {
  let root = '';
  before(async () => { root = await makeTree({ 'b1/f1.txt': '1', 'b2/f2.txt': '2', 'b2/sub/f3.txt': '3' }); });

  it("files ['*/f3.txt'] under base-directory b2 is sub/f3.txt", async () => {
    assert.deepEqual(await selected(root, { files: ['*/f3.txt'], baseDirectory: 'b2' }), { 'sub/f3.txt': 'b2/sub/f3.txt' });
  });

  it("files ['**/*'] under base-directory 'b*' with discard-paths is f1.txt f2.txt f3.txt", async () => {
    assert.deepEqual(await selected(root, { baseDirectory: 'b*', discardPaths: true }),
      { 'f1.txt': 'b1/f1.txt', 'f2.txt': 'b2/f2.txt', 'f3.txt': 'b2/sub/f3.txt' });
  });

  it("base-directory 'b*' without discard-paths keeps paths below each matched directory", async () => {
    assert.deepEqual(await selected(root, { baseDirectory: 'b*' }),
      { 'f1.txt': 'b1/f1.txt', 'f2.txt': 'b2/f2.txt', 'sub/f3.txt': 'b2/sub/f3.txt' });
  });
});

describe('selectArtifactFiles: globs', () => {
  let root = '';
  before(async () => {
    root = await makeTree({
      '.ebextensions/app.config': 'c', '.env': 'e', 'index.html': 'i', 'dist/app.js': 'a', 'dist/app.js.map': 'm',
      'dist/assets/logo.svg': 'l', 'dist/assets/.keep': '', 'target/app-1.0.jar': 'j', 'README.md': 'r',
    });
  });

  it('**/* selects every file recursively, dot files and dot directories included, in sorted order', async () => {
    const files = await selectArtifactFiles(root, select({}));
    assert.deepEqual(files.map((f) => f.path), [
      '.ebextensions/app.config', '.env', 'README.md', 'dist/app.js', 'dist/app.js.map', 'dist/assets/.keep',
      'dist/assets/logo.svg', 'index.html', 'target/app-1.0.jar',
    ]);
    assert.equal(files[0]?.source, join(root, '.ebextensions/app.config'));
  });

  it('dir/* selects files directly in dir only; dir/**/* everything under it', async () => {
    assert.deepEqual(Object.keys(await selected(root, { files: ['dist/*'] })), ['dist/app.js', 'dist/app.js.map']);
    assert.deepEqual(Object.keys(await selected(root, { files: ['dist/**/*'] })),
      ['dist/app.js', 'dist/app.js.map', 'dist/assets/.keep', 'dist/assets/logo.svg']);
  });

  it('a plain file name selects that file; a leading ./ is ignored', async () => {
    assert.deepEqual(await selected(root, { files: ['target/app-1.0.jar', './index.html'] }),
      { 'index.html': 'index.html', 'target/app-1.0.jar': 'target/app-1.0.jar' });
    assert.deepEqual(await selected(root, { files: ['app.js'], baseDirectory: './dist/' }), { 'app.js': 'dist/app.js' });
  });

  it('exclude-paths are globs relative to base-directory', async () => {
    assert.deepEqual(Object.keys(await selected(root, { baseDirectory: 'dist', excludePaths: ['**/*.map', 'assets/.*'] })),
      ['app.js', 'assets/logo.svg']);
  });

  it('discard-paths flattens; on a name clash the last path in byte order wins', async () => {
    // Byte order: 'b/c/config.json' < 'b/config.json' ('/' sorts before 'o').
    const clash = await makeTree({ 'a/config.json': 'from a', 'b/config.json': 'from b', 'b/c/config.json': 'from b/c', 'top.txt': 't' });
    assert.deepEqual(await selected(clash, { discardPaths: true }), { 'config.json': 'b/config.json', 'top.txt': 'top.txt' });
  });

  it('a base directory outside the source directory is refused', async () => {
    await rejects(root, { baseDirectory: '../elsewhere' }, 'base-directory ../elsewhere is outside the source directory');
    await rejects(root, { baseDirectory: '/etc' }, 'base-directory /etc is outside the source directory');
    await rejects(root, { baseDirectory: 'dist/../../x' }, 'base-directory dist/../../x is outside the source directory');
  });

  it('nothing matched fails with "no matching artifact paths found"', async () => {
    await rejects(root, { files: ['**/*.war'] }, 'no matching artifact paths found (files: **/*.war)');
    await rejects(root, { files: ['**/*'], baseDirectory: 'build' }, 'no matching artifact paths found (files: **/*, base-directory: build)');
    await rejects(root, { files: ['**/*'], baseDirectory: 'nothing*' }, /^no matching artifact paths found/);
    await rejects(root, { files: ['dist'] }, /^no matching artifact paths found/);
    await rejects(root, { files: ['**/*.map'], excludePaths: ['**/*.map'] }, /^no matching artifact paths found/);
  });
});

describe('selectArtifactFiles: symbolic links', () => {
  let outside = '';
  before(async () => { outside = await makeTree({ 'secret.txt': 's', 'lib/x.js': 'x' }); });

  it('a link to a file inside the source is stored as the file it points to', async () => {
    const root = await makeTree({ 'dist/app.js': 'a' });
    await symlink('dist/app.js', join(root, 'latest.js'));
    for (const enableSymlinks of [false, true]) {
      assert.deepEqual(await selected(root, { enableSymlinks }), { 'dist/app.js': 'dist/app.js', 'latest.js': 'dist/app.js' });
    }
  });

  it('a link to a directory inside the source is walked; a link back to an ancestor does not loop', async () => {
    const root = await makeTree({ 'real/a.txt': 'a' });
    await symlink('real', join(root, 'alias'));
    await symlink('..', join(root, 'real/up'));
    assert.deepEqual(Object.keys(await selected(root, {})), ['alias/a.txt', 'real/a.txt']);
  });

  it('a selected link to a file outside the source is refused, naming it', async () => {
    const root = await makeTree({ 'dist/app.js': 'a' });
    await symlink(join(outside, 'secret.txt'), join(root, 'dist/secret.txt'));
    for (const enableSymlinks of [false, true]) {
      await rejects(root, { enableSymlinks },
        `symbolic link dist/secret.txt points outside the source directory (to ${join(outside, 'secret.txt')}); artifacts may only contain files from the build`);
    }
    // Not selected: no harm done, no error.
    assert.deepEqual(Object.keys(await selected(root, { files: ['dist/*.js'] })), ['dist/app.js']);
  });

  it('a link to a directory outside the source is never walked and refused when selected', async () => {
    const root = await makeTree({ 'src/main.js': 'm' });
    await symlink(outside, join(root, 'src/vendor'));
    await rejects(root, { files: ['src/**/*'] }, /^symbolic link src\/vendor points outside the source directory/);
    await rejects(root, { baseDirectory: 'src/vendor' }, /^base-directory src\/vendor is outside the source directory/);
    assert.deepEqual(Object.keys(await selected(root, { files: ['src/*.js'] })), ['src/main.js']);
  });

  it('a plain base-directory is the only place walked; it may be a link inside the source', async () => {
    const root = await makeTree({ 'dist/app.js': 'a', 'node_modules/x/index.js': 'x' });
    await symlink(outside, join(root, 'node_modules/escape'));
    await symlink('dist', join(root, 'current'));
    assert.deepEqual(await selected(root, { baseDirectory: 'dist' }), { 'app.js': 'dist/app.js' });
    assert.deepEqual(await selected(root, { baseDirectory: 'current' }), { 'app.js': 'dist/app.js' });
    await rejects(root, {}, /^symbolic link node_modules\/escape points outside the source directory/);
    await rejects(root, { baseDirectory: 'dist/app.js' }, 'no matching artifact paths found (files: **/*, base-directory: dist/app.js)');
  });

  it('a dangling link is skipped', async () => {
    const root = await makeTree({ 'a.txt': 'a' });
    await symlink('missing.txt', join(root, 'broken.txt'));
    assert.deepEqual(Object.keys(await selected(root, {})), ['a.txt']);
  });
});
