/**
 * The agent's settings: defaults, checks, and the order of sources (file < environment < flags).
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { compileAgentOptions, parseAgentConfigFile } from '../../src/agent/config.ts';
import { agentOptionsFrom } from '../../src/cli/agent/agent-command.ts';
import { makeTempDir } from './support/builders.ts';

let root: { dir: string; cleanup: () => Promise<void> };
before(async () => { root = await makeTempDir('config'); });
after(async () => { await root.cleanup(); });

const minimal = { endpoint: 'http://127.0.0.1:8090', awsAccessKeyId: 'AKIA1', awsSecretAccessKey: 's' };

test('defaults: region, host name, root directory, revisions, poll wait and heartbeat', () => {
  assert.deepEqual(compileAgentOptions(minimal), {
    endpoint: 'http://127.0.0.1:8090', region: 'us-east-1', instanceName: hostname(), credentials: { accessKeyId: 'AKIA1', secretAccessKey: 's' },
    tags: {}, rootDir: '/var/lib/sluice-agent', maxRevisions: 5, pollTimeoutMs: 60_000, heartbeatMs: 5000,
    requestTimeoutMs: 30_000, backoffBaseMs: 500, backoffCapMs: 30_000, logLevel: 'info',
  });
});

const invalid: { name: string; input: Record<string, unknown>; want: RegExp }[] = [
  { name: 'endpoint not a URL', input: { endpoint: 'sluice:8090' }, want: /endpoint: expected an http:\/\/ or https:\/\/ URL, got "sluice:8090"/ },
  { name: 'instance name with a slash', input: { instanceName: 'web/1' }, want: /instance_name: "web\/1" may only hold letters/ },
  { name: 'tags not a mapping', input: { tags: ['a'] }, want: /tags: expected a mapping of tag keys to values/ },
  { name: 'tag value a list', input: { tags: { env: ['a'] } }, want: /tags\.env: expected a value/ },
  { name: 'heartbeat zero', input: { heartbeatSeconds: 0 }, want: /heartbeat_seconds: expected a whole number from 1 to 300, got 0/ },
  { name: 'unknown log level', input: { logLevel: 'loud' }, want: /log_level: expected one of debug, info, warn, error, silent/ },
];
for (const { name, input, want } of invalid) {
  test(`refused: ${name}`, () => {
    assert.throws(() => compileAgentOptions({ ...minimal, ...input }), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'ValidationException');
      assert.match(e.message, /^Invalid agent configuration: /);
      assert.match(e.message, want);
      return true;
    });
  });
}

test('the config file reads snake_case keys; YAML errors and unknown keys are named', () => {
  assert.deepEqual(parseAgentConfigFile('instance_name: web-1\nmax_revisions: 3\ntags:\n  env: prod\n', 'agent.yml'), { instanceName: 'web-1', maxRevisions: 3, tags: { env: 'prod' } });
  assert.deepEqual(parseAgentConfigFile('', 'agent.yml'), {});
  assert.throws(() => parseAgentConfigFile('endpoint: [', 'agent.yml'), { message: /^agent\.yml: invalid YAML: / });
  assert.throws(() => parseAgentConfigFile('- a\n', 'agent.yml'), { message: 'agent.yml: expected a mapping of settings such as endpoint and instance_name' });
});

test('sources: the file, then AWS_* keys from the environment, then flags', async () => {
  const file = join(root.dir, 'agent.yml');
  await writeFile(file, 'endpoint: http://file:1\nregion: eu-west-1\ninstance_name: from-file\naws_access_key_id: AKIAFILE\naws_secret_access_key: f\nroot_dir: /file\n');
  const options = await agentOptionsFrom({ config: file, endpointUrl: 'http://flag:2', rootDir: '/flag' }, { AWS_ACCESS_KEY_ID: 'AKIAENV', AWS_SECRET_ACCESS_KEY: 'e' });
  assert.deepEqual(options, {
    endpoint: 'http://flag:2', region: 'eu-west-1', instanceName: 'from-file', awsAccessKeyId: 'AKIAENV', awsSecretAccessKey: 'e', rootDir: '/flag',
  });
});

test('a credentials file gives the key when none is set directly', async () => {
  const credentials = join(root.dir, 'credentials');
  await writeFile(credentials, '[default]\naws_access_key_id = AKIACRED\naws_secret_access_key = c\n');
  const file = join(root.dir, 'with-credentials.yml');
  await writeFile(file, `endpoint: http://x:1\naws_credentials_file: ${credentials}\n`);
  const options = await agentOptionsFrom({ config: file }, {});
  assert.equal(options.awsAccessKeyId, 'AKIACRED');
  assert.equal(compileAgentOptions(options).credentials.secretAccessKey, 'c');
  const fromEnv = await agentOptionsFrom({}, { AWS_SHARED_CREDENTIALS_FILE: credentials });
  assert.equal(fromEnv.awsAccessKeyId, 'AKIACRED');
  await writeFile(credentials, '[other]\naws_access_key_id = A\n');
  await assert.rejects(agentOptionsFrom({ config: file }, {}), { message: `${credentials} has no [default] aws_access_key_id and aws_secret_access_key` });
});
