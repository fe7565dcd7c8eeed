/**
 * Unpacking bundles: zip, tar and tgz into the deployment archive, and every way a bundle could
 * write outside it refused by entry name, with nothing written at all.
 */
import assert from 'node:assert/strict';
import { lstat, mkdir, readdir, readFile, readlink, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { unpackBundle, type BundleType } from '../../src/agent/bundle/unpack.ts';
import { makeTar, makeZip, type RawEntry } from './support/bundles.ts';
import { makeTempDir } from './support/builders.ts';

let root: { dir: string; cleanup: () => Promise<void> };
before(async () => { root = await makeTempDir('bundle'); });
after(async () => { await root.cleanup(); });

const makers: Record<BundleType, (entries: RawEntry[]) => Uint8Array> = {
  zip: makeZip, tar: (e) => makeTar(e), tgz: (e) => makeTar(e, true),
};

let cases = 0;
async function unpack(type: BundleType, entries: RawEntry[]) {
  const dir = join(root.dir, `case-${++cases}`);
  await mkdir(dir);
  const bundle = join(dir, 'bundle');
  await writeFile(bundle, makers[type](entries));
  const archive = join(dir, 'deployments', 'deployment-archive');
  return { dir, archive, unpacking: unpackBundle(bundle, type, archive) };
}

for (const type of ['zip', 'tar', 'tgz'] as const) {
  test(`${type}: files, modes, directories and symlinks inside the archive are unpacked`, async () => {
    const { archive, unpacking } = await unpack(type, [
      { name: 'appspec.yml', content: 'version: 0.0\n' },
      { name: 'scripts/', type: 'directory' },
      { name: 'scripts/start.sh', content: '#!/bin/sh\n', mode: 0o755 },
      { name: 'current', symlinkTo: 'scripts/start.sh' },
    ]);
    assert.equal(await unpacking, 4);
    assert.equal(await readFile(join(archive, 'appspec.yml'), 'utf8'), 'version: 0.0\n');
    assert.equal((await stat(join(archive, 'scripts/start.sh'))).mode & 0o777, 0o755);
    assert.equal(await readlink(join(archive, 'current')), 'scripts/start.sh');
  });

  const unsafe: { name: string; entries: RawEntry[]; entry: string; why: RegExp }[] = [
    { name: 'a ../ entry', entries: [{ name: 'ok.txt' }, { name: 'a/../../evil.txt', content: 'x' }], entry: 'a/../../evil.txt', why: /points outside the deployment archive/ },
    { name: 'an absolute entry', entries: [{ name: 'ok.txt' }, { name: '/tmp/evil.txt', content: 'x' }], entry: '/tmp/evil.txt', why: /has an absolute path/ },
    { name: 'a symlink leading out', entries: [{ name: 'ok.txt' }, { name: 'link', symlinkTo: '../../..' }, { name: 'link/evil.txt', content: 'x' }], entry: 'link', why: /is a symlink to \.\.\/\.\.\/\.\., outside the deployment archive/ },
    { name: 'an absolute symlink', entries: [{ name: 'etc', symlinkTo: '/etc' }], entry: 'etc', why: /is a symlink to the absolute path \/etc/ },
  ];
  for (const { name, entries, entry, why } of unsafe) {
    test(`${type}: ${name} is refused by name and nothing is written`, async () => {
      const { dir, archive, unpacking } = await unpack(type, entries);
      await assert.rejects(unpacking, (e: Error & { entry?: string }) => {
        assert.equal(e.name, 'UnsafeEntryError');
        assert.equal(e.entry, entry);
        assert.match(e.message, new RegExp(`^The bundle entry ${JSON.stringify(entry).replace(/[.*/]/g, '\\$&')} `));
        assert.match(e.message, why);
        assert.match(e.message, /nothing was unpacked$/);
        return true;
      });
      assert.deepEqual((await readdir(dir)).sort(), ['bundle'], 'no archive directory, nothing beside the bundle');
      await assert.rejects(lstat(join(root.dir, 'evil.txt')), { code: 'ENOENT' });
      await assert.rejects(lstat(archive), { code: 'ENOENT' });
    });
  }
}

test('tar: a FIFO entry is refused', async () => {
  const { unpacking } = await unpack('tar', [{ name: 'pipe', type: 'fifo' }]);
  await assert.rejects(unpacking, { name: 'UnsafeEntryError', message: 'The bundle entry "pipe" is a FIFO, which a bundle may not contain; nothing was unpacked' });
});

test('a file that is not the archive type it claims is refused as such', async () => {
  const dir = join(root.dir, 'not-a-zip');
  await mkdir(dir);
  await writeFile(join(dir, 'bundle'), 'plain text, not a zip');
  await assert.rejects(unpackBundle(join(dir, 'bundle'), 'zip', join(dir, 'archive')), { name: 'BundleFormatError', message: /^The bundle is not a valid zip archive: / });
  await writeFile(join(dir, 'bundle'), 'not gzip');
  await assert.rejects(unpackBundle(join(dir, 'bundle'), 'tgz', join(dir, 'archive')), { name: 'BundleFormatError', message: /^The bundle is not a valid tgz archive: / });
});
