import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { unzipSync } from 'fflate';
import { makeFsArtifactStore } from '../../src/artifacts/fs-store.ts';

describe('file-system artifact store', async () => {
  const root = await mkdtemp(join(tmpdir(), 'sluice-artifacts-'));
  after(() => rm(root, { recursive: true, force: true }));
  const store = makeFsArtifactStore(join(root, 'store'));
  const location = { bucket: 'artifacts', key: 'app/SrcOut/Ab3dE5g' };

  it('zips a tree with file modes and unzips it elsewhere unchanged', async () => {
    const src = join(root, 'src');
    await mkdir(join(src, 'bin'), { recursive: true });
    await writeFile(join(src, 'README.md'), 'hello');
    await writeFile(join(src, 'bin', 'run.sh'), '#!/bin/sh\necho hi\n', { mode: 0o755 });
    assert.equal(await store.exists(location), false);
    const { bytes } = await store.putDirectory(location, src);
    assert.ok(bytes > 0);
    assert.equal(await store.exists(location), true);
    // The object is a plain zip any AWS job worker can read.
    const zip = unzipSync(await readFile(join(root, 'store', 'artifacts', 'app', 'SrcOut', 'Ab3dE5g')));
    assert.deepEqual(Object.keys(zip).sort(), ['README.md', 'bin/run.sh']);
    const out = join(root, 'out');
    await store.extractTo(location, out);
    assert.equal(await readFile(join(out, 'README.md'), 'utf8'), 'hello');
    assert.equal((await stat(join(out, 'bin', 'run.sh'))).mode & 0o777, 0o755);
  });

  it('packs only the listed files when given', async () => {
    const only = { bucket: 'artifacts', key: 'app/Only/0000001' };
    await store.putDirectory(only, join(root, 'src'), ['README.md']);
    const out = join(root, 'only');
    await store.extractTo(only, out);
    await assert.rejects(stat(join(out, 'bin', 'run.sh')), { code: 'ENOENT' });
  });

  it('creates buckets on demand, idempotently, and refuses bucket names that are paths', async () => {
    await store.ensureBucket('fresh-bucket');
    await store.ensureBucket('fresh-bucket');
    assert.ok((await stat(join(root, 'store', 'fresh-bucket'))).isDirectory());
    await assert.rejects(store.ensureBucket('../outside'), /Invalid bucket/);
    await assert.rejects(store.ensureBucket('a/b'), /Invalid bucket/);
  });

  it('refuses locations that escape the store', async () => {
    await assert.rejects(store.exists({ bucket: '..', key: '../etc/passwd' }), /Invalid artifact location/);
  });
});
