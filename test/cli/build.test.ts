/**
 * `sluice build` as a user runs it: the real binary in a child process, real files, real bash,
 * the example project under examples/build.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ROOT, sluice } from '../support/cli.ts';

describe('sluice build', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sluice-cli-build-'));
  after(() => rm(dir, { recursive: true, force: true }));

  async function project(buildspec: string, files: Record<string, string> = {}): Promise<string> {
    const projectDir = await mkdtemp(join(dir, 'p-'));
    await writeFile(join(projectDir, 'buildspec.yml'), buildspec);
    for (const [name, text] of Object.entries(files)) await writeFile(join(projectDir, name), text);
    return projectDir;
  }

  it('builds the example project: phases, tests, exported variable, artifacts, and the tree untouched', async () => {
    const out = join(dir, 'out');
    const { code, stdout, stderr } = await sluice(['build', 'examples/build', '--artifacts', out]);
    assert.equal(code, 0, stdout + stderr);
    for (const text of ['▶ INSTALL', '✔ BUILD succeeded', 'Running command npm test', 'built greeter 1.0.1', 'Hello, world!',
      'exported VERSION=1.0.1', 'report unit-tests: 2 test case(s), 0 failed', '✔ Build succeeded']) {
      assert.ok(stdout.includes(text), `output shows ${text}`);
    }
    assert.match(stdout, /✔ POST_BUILD +SUCCEEDED/);
    assert.deepEqual((await readdir(join(out, 'primary'))).sort(), ['greet.js', 'version.txt']);
    assert.equal(await readFile(join(out, 'primary', 'version.txt'), 'utf8'), '1.0.1\n');
    assert.ok(!existsSync(join(ROOT, 'examples', 'build', 'dist')), 'the build ran in a copy');
    assert.ok(!stdout.includes('\u001b['), 'NO_COLOR: no escape codes');
  });

  it('exits 1 on a failed build and shows why', async () => {
    const p = await project('version: 0.2\nphases:\n  build:\n    commands:\n      - echo compiling\n      - exit 7\n  post_build:\n    commands:\n      - echo "post $CODEBUILD_BUILD_SUCCEEDING"\n');
    const { code, stdout } = await sluice(['build', p, '--no-isolation']);
    assert.equal(code, 1);
    assert.match(stdout, /✖ BUILD failed/);
    assert.match(stdout, /COMMAND_EXECUTION_ERROR: Error while executing command: exit 7\. Reason: exit status 7/);
    assert.match(stdout, /post 0/);
    assert.match(stdout, /✖ Build failed/);
  });

  it('exits 2 on an invalid buildspec or a missing one, and runs nothing', async () => {
    const p = await project('version: 0.2\nphases:\n  compile:\n    commands: [echo ran]\n');
    const invalid = await sluice(['build', p]);
    assert.equal(invalid.code, 2);
    assert.match(invalid.stderr, /error: Invalid buildspec .*buildspec\.yml:\n.*compile/s);
    assert.equal(invalid.stdout, '');
    const missing = await sluice(['build', p, '--buildspec', 'nope.yml']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /No buildspec at .*nope\.yml/);
  });

  it('passes --env values, which win over the buildspec, and refuses malformed ones', async () => {
    const p = await project('version: 0.2\nenv:\n  variables:\n    STAGE: dev\nphases:\n  build:\n    commands:\n      - echo "stage=$STAGE"\n');
    const { code, stdout } = await sluice(['build', p, '--env', 'STAGE=prod', '--no-isolation']);
    assert.equal(code, 0);
    assert.match(stdout, /^stage=prod$/m);
    const bad = await sluice(['build', p, '--env', 'no-equals']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--env no-equals: expected NAME=value/);
  });

  it('asks for --env values of Parameter Store and Secrets Manager variables, and masks them', async () => {
    const p = await project('version: 0.2\nenv:\n  parameter-store:\n    DB_PASS: /app/db\n  secrets-manager:\n    API_KEY: prod/api:key\nphases:\n  build:\n    commands:\n      - echo "db=$DB_PASS key=$API_KEY"\n');
    const refused = await sluice(['build', p]);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /DB_PASS, API_KEY from Parameter Store or Secrets Manager.*--env DB_PASS=… --env API_KEY=…/);
    const { code, stdout } = await sluice(['build', p, '--env', 'DB_PASS=hunter2', '--env', 'API_KEY=k3y-value', '--no-isolation']);
    assert.equal(code, 0, stdout);
    assert.match(stdout, /^db=\*\*\* key=\*\*\*$/m);
    assert.ok(!stdout.includes('hunter2'));
  });

  it('exits 2 when the directory does not exist', async () => {
    const { code, stderr } = await sluice(['build', join(dir, 'missing')]);
    assert.equal(code, 2);
    assert.match(stderr, /is not a directory/);
  });
});
