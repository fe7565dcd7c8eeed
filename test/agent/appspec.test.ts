import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAppspec } from '../../src/model/appspec/parse.ts';
import type { Appspec } from '../../src/model/appspec/types.ts';

const head = 'version: 0.0\nos: linux\n';
const empty: Appspec = { version: '0.0', os: 'linux', files: [], permissions: [], hooks: {} };

/** Valid appspecs and what they read as. */
const valid: { name: string; input: string; want: Partial<Appspec> }[] = [
  { name: 'the minimum', input: head, want: {} },
  {
    name: 'files: "/" is the whole bundle, paths normalised',
    input: `${head}files:\n  - source: /\n    destination: /srv/app/\n  - source: config//app.env\n    destination: /etc/./app\n`,
    want: { files: [{ source: '', destination: '/srv/app' }, { source: 'config/app.env', destination: '/etc/app' }] },
  },
  { name: 'file_exists_behavior', input: `${head}file_exists_behavior: RETAIN\n`, want: { fileExistsBehavior: 'RETAIN' } },
  {
    name: 'permissions with defaults and octal modes as written',
    input: `${head}permissions:\n  - object: /srv/app\n    mode: 0644\n  - object: /srv/app/bin\n    pattern: "*.sh"\n    except: [old.sh]\n    owner: app\n    group: web\n    mode: 755\n    type: [file]\n`,
    want: {
      permissions: [
        { object: '/srv/app', pattern: '**', except: [], mode: 0o644, type: ['file', 'directory'] },
        { object: '/srv/app/bin', pattern: '*.sh', except: ['old.sh'], owner: 'app', group: 'web', mode: 0o755, type: ['file'] },
      ],
    },
  },
  {
    name: 'hooks keep order, default timeout 3600, runas',
    input: `${head}hooks:\n  AfterInstall:\n    - location: scripts/a.sh\n      timeout: 60\n      runas: app\n    - location: /scripts/b.sh\n      timeout: 300\n  ApplicationStart:\n    - location: start.sh\n  ValidateService:\n`,
    want: {
      hooks: {
        AfterInstall: [{ location: 'scripts/a.sh', timeoutSeconds: 60, runas: 'app' }, { location: 'scripts/b.sh', timeoutSeconds: 300 }],
        ApplicationStart: [{ location: 'start.sh', timeoutSeconds: 3600 }],
        ValidateService: [],
      },
    },
  },
];

for (const { name, input, want } of valid) {
  test(`appspec reads: ${name}`, () => {
    const result = parseAppspec(input);
    assert.deepEqual(result.issues, []);
    assert.deepEqual(result.appspec, { ...empty, ...want });
  });
}

/** Invalid appspecs: every issue, by path, with a telling message. */
const invalid: { name: string; input: string; want: { path: string; message: RegExp }[] }[] = [
  { name: 'empty file', input: '', want: [{ path: '', message: /expected a mapping that starts with "version: 0.0", got an empty file/ }] },
  { name: 'YAML syntax', input: 'version: [0.0\n', want: [{ path: '', message: /invalid YAML at line/ }] },
  {
    name: 'wrong version and windows',
    input: 'version: 0.2\nos: windows\n',
    want: [
      { path: 'version', message: /expected 0\.0 .*got "0\.2"/ },
      { path: 'os', message: /windows is not supported: sluice agent runs on Linux hosts only/ },
    ],
  },
  { name: 'missing version and os', input: 'files: []\n', want: [{ path: 'version', message: /is required/ }, { path: 'os', message: /is required; expected linux/ }] },
  { name: 'unknown top-level key', input: `${head}resources: []\n`, want: [{ path: 'resources', message: /unknown key; expected one of version, os/ }] },
  {
    name: 'files: source escaping the bundle, relative destination, missing field',
    input: `${head}files:\n  - source: ../etc/passwd\n    destination: srv\n  - destination: /srv\n`,
    want: [
      { path: 'files[0].source', message: /"\.\.\/etc\/passwd" leaves the bundle/ },
      { path: 'files[0].destination', message: /"srv" is not an absolute path/ },
      { path: 'files[1].source', message: /is required/ },
    ],
  },
  { name: 'files not a list', input: `${head}files: /srv\n`, want: [{ path: 'files', message: /expected a list of source\/destination mappings/ }] },
  { name: 'bad file_exists_behavior', input: `${head}file_exists_behavior: REPLACE\n`, want: [{ path: 'file_exists_behavior', message: /expected one of DISALLOW, OVERWRITE, RETAIN, got "REPLACE"/ }] },
  {
    name: 'permissions: bad mode, bad type, acls and context refused, relative object',
    input: `${head}permissions:\n  - object: /srv\n    mode: 0999\n    type: [socket]\n    acls: [u:bob:rw]\n    context:\n      type: httpd_sys_content_t\n  - object: srv\n`,
    want: [
      { path: 'permissions[0].acls', message: /acls is not supported by Sluice/ },
      { path: 'permissions[0].context', message: /context is not supported by Sluice/ },
      { path: 'permissions[0].mode', message: /expected octal digits such as 644 or 0755, got "0999"/ },
      { path: 'permissions[0].type[0]', message: /expected file or directory, got "socket"/ },
      { path: 'permissions[1].object', message: /"srv" is not an absolute path/ },
    ],
  },
  {
    name: 'hooks: unknown and reserved events, missing location, bad timeouts, escaping script',
    input: `${head}hooks:\n  Install:\n    - location: x.sh\n  AfterDeploy:\n    - location: x.sh\n  BeforeInstall:\n    - timeout: 10\n    - location: ../x.sh\n      timeout: 0\n    - location: y.sh\n      timeout: 1.5\n      shell: zsh\n`,
    want: [
      { path: 'hooks.Install', message: /Install is carried out by the agent and cannot run scripts/ },
      { path: 'hooks.AfterDeploy', message: /AfterDeploy is not a lifecycle event; hook one of BeforeBlockTraffic/ },
      { path: 'hooks.BeforeInstall[0].location', message: /is required/ },
      { path: 'hooks.BeforeInstall[1].location', message: /"\.\.\/x\.sh" is not a script inside the bundle/ },
      { path: 'hooks.BeforeInstall[1].timeout', message: /expected whole seconds from 1 to 3600, got "0"/ },
      { path: 'hooks.BeforeInstall[2].shell', message: /unknown key; expected one of location, timeout, runas/ },
      { path: 'hooks.BeforeInstall[2].timeout', message: /got "1\.5"/ },
    ],
  },
  {
    name: 'hooks: one event over 3600 seconds in total',
    input: `${head}hooks:\n  AfterInstall:\n    - location: a.sh\n      timeout: 3000\n    - location: b.sh\n    - location: c.sh\n      timeout: 601\n`,
    want: [{ path: 'hooks.AfterInstall', message: /timeouts add up to 3601 seconds; one event's scripts may take 3600 seconds at most/ }],
  },
];

for (const { name, input, want } of invalid) {
  test(`appspec refuses: ${name}`, () => {
    const result = parseAppspec(input);
    assert.equal(result.appspec, undefined);
    assert.deepEqual(result.issues.map((i) => i.path), want.map((w) => w.path));
    result.issues.forEach((issue, i) => {
      assert.equal(issue.severity, 'error');
      assert.equal(issue.code, 'ValidationException');
      assert.match(issue.message, want[i]!.message);
    });
  });
}

test('appspec issues name the line of the offending field', () => {
  const { issues } = parseAppspec(`${head}hooks:\n  AfterInstall:\n    - location: a.sh\n      timeout: soon\n`);
  assert.match(issues[0]!.message, /^hooks\.AfterInstall\[0\]\.timeout \(line 6\): /);
});
