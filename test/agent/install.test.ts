/**
 * The Install event on real files: copies, the previous revision's cleanup list,
 * file_exists_behavior, permissions, and refusals that leave the host as it was.
 */
import assert from 'node:assert/strict';
import { lstat, mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parseAppspec } from '../../src/model/appspec/parse.ts';
import type { Appspec, FileExistsBehavior } from '../../src/model/appspec/types.ts';
import { install } from '../../src/agent/install/install.ts';
import { appspecYaml, makeTempDir, writeTree } from './support/builders.ts';
import { createTestUser, whyNoTestUser } from './support/users.ts';

let root: { dir: string; cleanup: () => Promise<void> };
before(async () => { root = await makeTempDir('install'); });
after(async () => { await root.cleanup(); });

let cases = 0;
/** A fresh host directory and group cleanup file for one test. */
async function host() {
  const dir = join(root.dir, `case-${++cases}`);
  await mkdir(join(dir, 'host'), { recursive: true });
  let revisions = 0;
  return {
    dest: join(dir, 'host'),
    cleanupFile: join(dir, 'group-cleanup'),
    /** Installs a revision made of `files` with the appspec body `body`. */
    async deploy(body: string, files: Record<string, string>, defaultBehavior: FileExistsBehavior = 'DISALLOW') {
      const archiveDir = join(dir, `archive-${++revisions}`);
      const appspec = parseAppspec(appspecYaml(body));
      assert.deepEqual(appspec.issues, []);
      await writeTree(archiveDir, { 'appspec.yml': appspecYaml(body), ...files });
      return install({ appspec: appspec.appspec as Appspec, archiveDir, defaultBehavior, cleanupFile: join(dir, 'group-cleanup') });
    },
  };
}

const tree = async (dir: string): Promise<string[]> => (await readdir(dir, { recursive: true })).sort();

test('a directory source copies its contents into the destination; a file source lands inside it', async () => {
  const h = await host();
  const result = await h.deploy(`files:\n  - source: web\n    destination: ${h.dest}/site\n  - source: config/app.env\n    destination: ${h.dest}/etc\n`, {
    'web/index.html': 'hello', 'web/css/site.css': 'body{}', 'config/app.env': 'A=1', 'other.txt': 'not copied',
  });
  assert.deepEqual(result, { copied: 3, retained: 0 });
  assert.deepEqual(await tree(h.dest), ['etc', 'etc/app.env', 'site', 'site/css', 'site/css/site.css', 'site/index.html']);
  assert.equal(await readFile(join(h.dest, 'site/index.html'), 'utf8'), 'hello');
});

test('source "/" copies the whole bundle, keeping executable modes', async () => {
  const h = await host();
  await h.deploy(`files:\n  - source: /\n    destination: ${h.dest}\n`, { 'run.sh@755': '#!/bin/sh\n', 'lib/a.txt': 'a' });
  assert.deepEqual(await tree(h.dest), ['appspec.yml', 'lib', 'lib/a.txt', 'run.sh']);
  assert.equal((await stat(join(h.dest, 'run.sh'))).mode & 0o777, 0o755);
});

test("files the previous revision installed are removed first and never count as existing", async () => {
  const h = await host();
  const body = `files:\n  - source: app\n    destination: ${h.dest}/app\n`;
  await h.deploy(body, { 'app/keep.txt': 'v1', 'app/old/stale.txt': 'v1' });
  await h.deploy(body, { 'app/keep.txt': 'v2', 'app/new.txt': 'v2' });
  assert.deepEqual(await tree(h.dest), ['app', 'app/keep.txt', 'app/new.txt']);
  assert.equal(await readFile(join(h.dest, 'app/keep.txt'), 'utf8'), 'v2');
});

test('DISALLOW: a file that was already there fails Install, naming it, and changes nothing', async () => {
  const h = await host();
  const body = `files:\n  - source: app\n    destination: ${h.dest}\n`;
  await h.deploy(body, { 'app/v1.txt': 'v1' });
  await writeFile(join(h.dest, 'local.conf'), 'mine');
  await assert.rejects(h.deploy(body, { 'app/v2.txt': 'v2', 'app/local.conf': 'theirs' }), {
    name: 'InstallError',
    message: `The deployment failed because 1 specified file already exists at the location: ${h.dest}/local.conf. file_exists_behavior is DISALLOW; set it to OVERWRITE or RETAIN in the appspec or the deployment to replace or keep them`,
  });
  assert.deepEqual(await tree(h.dest), ['local.conf', 'v1.txt'], 'the previous revision is still in place');
  assert.equal(await readFile(join(h.dest, 'local.conf'), 'utf8'), 'mine');
});

test("OVERWRITE from the deployment replaces existing files; the appspec's RETAIN wins over it", async () => {
  const h = await host();
  await writeFile(join(h.dest, 'a.conf'), 'mine');
  await h.deploy(`files:\n  - source: app\n    destination: ${h.dest}\n`, { 'app/a.conf': 'theirs' }, 'OVERWRITE');
  assert.equal(await readFile(join(h.dest, 'a.conf'), 'utf8'), 'theirs');

  const other = await host();
  await writeFile(join(other.dest, 'a.conf'), 'mine');
  const result = await other.deploy(`file_exists_behavior: RETAIN\nfiles:\n  - source: app\n    destination: ${other.dest}\n`, { 'app/a.conf': 'theirs', 'app/b.conf': 'new' }, 'OVERWRITE');
  assert.deepEqual(result, { copied: 1, retained: 1 });
  assert.equal(await readFile(join(other.dest, 'a.conf'), 'utf8'), 'mine');
  assert.equal(await readFile(join(other.dest, 'b.conf'), 'utf8'), 'new');
  // A retained file is not the deployment's: the next revision does not remove it.
  await other.deploy(`file_exists_behavior: RETAIN\nfiles:\n  - source: app\n    destination: ${other.dest}\n`, { 'app/c.conf': 'c' });
  assert.deepEqual(await tree(other.dest), ['a.conf', 'c.conf']);
});

test('a symlink on the host that leads outside the destination is refused', async () => {
  const h = await host();
  const outside = join(root.dir, `outside-${cases}`);
  await mkdir(outside);
  await symlink(outside, join(h.dest, 'conf'));
  await assert.rejects(h.deploy(`file_exists_behavior: OVERWRITE\nfiles:\n  - source: app\n    destination: ${h.dest}\n`, { 'app/conf/x.txt': 'x' }), {
    name: 'InstallError', message: `Refusing to install ${h.dest}/conf/x.txt: a symlink on the host leads it outside ${h.dest}`,
  });
  assert.deepEqual(await readdir(outside), []);
});

test('a source missing from the bundle fails Install', async () => {
  const h = await host();
  await assert.rejects(h.deploy(`files:\n  - source: dist\n    destination: ${h.dest}\n`, {}), { name: 'InstallError', message: 'The source dist of files does not exist in the bundle' });
});

test('permissions: mode by pattern and except; type file is only direct children; type directory is recursive', async () => {
  const h = await host();
  await h.deploy([
    `files:\n  - source: app\n    destination: ${h.dest}\n`,
    `permissions:\n  - object: ${h.dest}\n    pattern: "*.sh"\n    except: [keep.sh]\n    mode: 700\n    type: [file]\n`,
    `  - object: ${h.dest}\n    mode: 750\n    type: [directory]\n`,
  ].join(''), { 'app/run.sh': '', 'app/keep.sh': '', 'app/lib/nested.sh': '', 'app/lib/deep/x': '' });
  const mode = async (name: string): Promise<number> => (await stat(join(h.dest, name))).mode & 0o777;
  assert.equal(await mode('run.sh'), 0o700);
  assert.equal(await mode('keep.sh'), 0o644);
  assert.equal(await mode('lib/nested.sh'), 0o644, 'type file does not reach nested files');
  assert.equal(await mode('lib'), 0o750);
  assert.equal(await mode('lib/deep'), 0o750);
});

test('permissions: an unknown owner fails Install with its name', async () => {
  const h = await host();
  await assert.rejects(h.deploy(`files:\n  - source: app\n    destination: ${h.dest}\npermissions:\n  - object: ${h.dest}\n    owner: nosuchuser42\n`, { 'app/a': '' }), {
    name: 'InstallError', message: 'The permissions owner nosuchuser42 does not exist on this host',
  });
});

test('permissions: owner and group are applied', { skip: whyNoTestUser() }, async (t) => {
  const user = createTestUser();
  t.after(() => user.remove());
  const h = await host();
  await h.deploy(`files:\n  - source: app\n    destination: ${h.dest}\npermissions:\n  - object: ${h.dest}\n    owner: ${user.name}\n    group: ${user.name}\n`, { 'app/a.txt': '', 'app/d/b.txt': '' });
  const a = await lstat(join(h.dest, 'a.txt'));
  assert.deepEqual([a.uid, a.gid], [user.uid, user.gid]);
  const d = await lstat(join(h.dest, 'd'));
  assert.deepEqual([d.uid, d.gid], [user.uid, user.gid]);
  const b = await lstat(join(h.dest, 'd/b.txt'));
  assert.deepEqual([b.uid, b.gid], [0, 0], 'a nested file is not a direct child of the object');
});
