/**
 * Lifecycle commands end to end on one host: bundles fetched from a real Sluice server's S3
 * endpoint with SigV4, unpacked, installed, and hook scripts run, across two deployments of one
 * group (ApplicationStop runs the previous revision's script) and old revisions pruned.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { SignedHttp } from '../../src/agent/aws/signed-http.ts';
import { AgentLayout } from '../../src/agent/layout.ts';
import { runLifecycleCommand, type LifecycleContext } from '../../src/agent/lifecycle.ts';
import type { DeploymentSpecification } from '../../src/model/deploy/host-commands.ts';
import { s3Client } from '../support/s3.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { makeZip, type RawEntry } from './support/bundles.ts';
import { appspecYaml, makeSpec, makeTempDir } from './support/builders.ts';

let server: TestServer;
let root: { dir: string; cleanup: () => Promise<void> };
let context: LifecycleContext;
before(async () => {
  server = await startTestServer();
  root = await makeTempDir('lifecycle');
  await s3Client(server).send(new CreateBucketCommand({ Bucket: 'bundles' }));
  const http = new SignedHttp({ endpoint: server.url, region: 'us-east-1', credentials: server.credentials, requestTimeoutMs: 10_000 });
  context = { layout: new AgentLayout(join(root.dir, 'agent')), http, baseEnv: { PATH: process.env.PATH }, maxRevisions: 2, signal: new AbortController().signal };
});
after(async () => {
  await server.close();
  await root.cleanup();
});

let uploads = 0;
/** Uploads a zip bundle; returns the revision that names it. */
async function upload(entries: RawEntry[]): Promise<DeploymentSpecification['Revision']['S3Revision']> {
  const body = makeZip(entries);
  const Key = `app/v${++uploads}.zip`;
  const put = await s3Client(server).send(new PutObjectCommand({ Bucket: 'bundles', Key, Body: body }));
  return { Bucket: 'bundles', Key, BundleType: 'zip', Sha256: createHash('sha256').update(body).digest('hex'), ...(put.ETag && { ETag: put.ETag }) };
}

function revisionFiles(version: string, dest: string): RawEntry[] {
  return [
    { name: 'appspec.yml', content: appspecYaml(`files:\n  - source: app\n    destination: ${dest}\nhooks:\n  ApplicationStop:\n    - location: stop.sh\n  AfterInstall:\n    - location: after.sh\n`) },
    { name: `app/${version}.txt`, content: version },
    { name: 'stop.sh', content: `#!/bin/bash\necho "stop ${version} during $DEPLOYMENT_ID" >> ${dest}/../stops.log\n`, mode: 0o755 },
    { name: 'after.sh', content: `#!/bin/bash\ncat ${dest}/${version}.txt\n`, mode: 0o755 },
  ];
}

async function deploy(spec: DeploymentSpecification, events: string[]): Promise<string[]> {
  const outcomes: string[] = [];
  for (const event of events) {
    const result = await runLifecycleCommand(event, spec, context);
    outcomes.push(`${event}:${result.status}`);
    if (result.status === 'Failed') assert.fail(`${event} failed: ${result.diagnostics.message}`);
  }
  return outcomes;
}

const IN_PLACE = ['ApplicationStop', 'DownloadBundle', 'BeforeInstall', 'Install', 'AfterInstall', 'ApplicationStart', 'ValidateService'];

test('two deployments of one group: the second ApplicationStop runs the first revision\'s script, files are replaced, old revisions pruned', async () => {
  const dest = join(root.dir, 'srv', 'app');
  const group = makeSpec().DeploymentGroupId;
  const first = makeSpec({ DeploymentGroupId: group }, await upload(revisionFiles('v1', dest)));
  const firstStop = await runLifecycleCommand('ApplicationStop', first, context);
  assert.deepEqual(firstStop.status, 'Succeeded');
  assert.match(firstStop.diagnostics.message, /no revision of this deployment group was installed on this host before/);
  await deploy(first, IN_PLACE.slice(1));
  assert.deepEqual(await readdir(dest), ['v1.txt']);
  assert.match(await readFile(context.layout.scriptsLog(group, first.DeploymentId), 'utf8'), /\[stdout\]v1\n/);

  const second = makeSpec({ DeploymentGroupId: group }, await upload(revisionFiles('v2', dest)));
  await deploy(second, IN_PLACE);
  assert.equal(await readFile(join(dest, '..', 'stops.log'), 'utf8'), `stop v1 during ${second.DeploymentId}\n`);
  assert.deepEqual(await readdir(dest), ['v2.txt']);

  const third = makeSpec({ DeploymentGroupId: group }, await upload(revisionFiles('v3', dest)));
  const download = await runLifecycleCommand('DownloadBundle', third, context);
  assert.match(download.diagnostics.message, new RegExp(`removed old revisions ${first.DeploymentId}$`));
  assert.deepEqual((await readdir(context.layout.groupDir(group))).sort(), [second.DeploymentId, third.DeploymentId].sort());
});

test('DownloadBundle refuses a bundle whose SHA-256 does not match, and one with a zip-slip entry', async () => {
  const revision = await upload([{ name: 'appspec.yml', content: appspecYaml('') }]);
  const changed = makeSpec({}, { ...revision, Sha256: 'f'.repeat(64) });
  const mismatch = await runLifecycleCommand('DownloadBundle', changed, context);
  assert.equal(mismatch.status, 'Failed');
  assert.equal(mismatch.diagnostics.error_code, 'UnknownError');
  assert.match(mismatch.diagnostics.message, /^s3:\/\/bundles\/app\/v\d+\.zip has SHA-256 [0-9a-f]{64}, the deployment expects f{64}; the bundle was changed/);

  const slip = makeSpec({}, await upload([{ name: 'appspec.yml', content: appspecYaml('') }, { name: '../../outside.txt', content: 'x' }]));
  const refused = await runLifecycleCommand('DownloadBundle', slip, context);
  assert.equal(refused.status, 'Failed');
  assert.equal(refused.diagnostics.message, 'The bundle entry "../../outside.txt" points outside the deployment archive; nothing was unpacked');
});

test('DownloadBundle reports a missing object and an invalid appspec', async () => {
  const missing = await runLifecycleCommand('DownloadBundle', makeSpec({}, { Bucket: 'bundles', Key: 'nope.zip' }), context);
  assert.equal(missing.status, 'Failed');
  assert.match(missing.diagnostics.message, /^NoSuchKey: /);
  const invalid = await runLifecycleCommand('DownloadBundle', makeSpec({}, await upload([{ name: 'appspec.yml', content: 'version: 0.0\nos: windows\n' }])), context);
  assert.equal(invalid.status, 'Failed');
  assert.match(invalid.diagnostics.message, /^The appspec\.yml in the bundle is invalid \(1 problem\): os \(line 2\): windows is not supported/);
});

test('BlockTraffic and AllowTraffic succeed as no-ops; an unknown event fails', async () => {
  for (const event of ['BlockTraffic', 'AllowTraffic']) {
    const result = await runLifecycleCommand(event, makeSpec(), context);
    assert.equal(result.status, 'Succeeded');
    assert.equal(result.diagnostics.message, `${event} is carried out by the server; nothing to do on the host`);
  }
  const unknown = await runLifecycleCommand('Deploy', makeSpec(), context);
  assert.deepEqual(unknown.diagnostics, { error_code: 'UnknownError', script_name: '', message: 'Unknown lifecycle event "Deploy"', log: '' });
});
