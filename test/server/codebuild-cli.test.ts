/**
 * The CodeBuild API of `sluice server` through the `aws codebuild` CLI (awscli 1.x; skipped when it
 * is not installed): projects, builds, report groups and reports, the JSON the CLI prints and its
 * exit codes (255 for a service error). The SDK tests are in codebuild.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AwsCli, awsCliAvailable } from '../compat/support.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const ACCOUNT = '000000000000';
const ARN = `arn:aws:codebuild:us-east-1:${ACCOUNT}`;
const cliAvailable = awsCliAvailable();

describe('aws codebuild CLI', { skip: cliAvailable.ok ? false : cliAvailable.reason }, () => {
  let t: TestServer;
  let cli: AwsCli;
  before(async () => {
    // No build worker: these tests play the worker themselves through the store, or keep builds queued.
    t = await startTestServer({ buildConcurrency: 0 });
    cli = new AwsCli(t.awsEnv());
  });
  after(async () => {
    await cli?.close();
    await t?.close();
  });

  /** Runs `aws codebuild <args>`; returns its parsed JSON output, or the error code it exited with. */
  async function aws(...args: string[]): Promise<{ rc: number; json: Record<string, unknown>; error?: string }> {
    const result = await cli.run(['codebuild', ...args, '--output', 'json']);
    const error = /An error occurred \((\w+)\)/.exec(result.stderr)?.[1];
    return { rc: result.rc, json: result.stdout.trim() ? JSON.parse(result.stdout) as Record<string, unknown> : {}, ...(error !== undefined && { error }) };
  }

  it('manages a project and its builds end to end', async () => {
    const created = await aws('create-project', '--name', 'cli-app', '--source', 'type=NO_SOURCE,buildspec=version: 0.2',
      '--artifacts', 'type=NO_ARTIFACTS', '--environment', 'type=LINUX_CONTAINER,image=img,computeType=BUILD_GENERAL1_SMALL',
      '--service-role', `arn:aws:iam::${ACCOUNT}:role/build`, '--timeout-in-minutes', '20');
    assert.equal(created.rc, 0);
    assert.equal((created.json.project as { timeoutInMinutes: number }).timeoutInMinutes, 20);
    assert.equal((await aws('create-project', '--name', 'cli-app', '--source', 'type=NO_SOURCE,buildspec=x', '--artifacts', 'type=NO_ARTIFACTS',
      '--environment', 'type=LINUX_CONTAINER,image=img,computeType=BUILD_GENERAL1_SMALL', '--service-role', 'r')).error, 'ResourceAlreadyExistsException');
    assert.equal((await aws('update-project', '--name', 'cli-app', '--description', 'from the CLI')).rc, 0);
    const got = await aws('batch-get-projects', '--names', 'cli-app', 'missing');
    assert.deepEqual(got.json.projectsNotFound, ['missing']);
    assert.equal((got.json.projects as { description: string }[])[0]?.description, 'from the CLI');
    assert.deepEqual((await aws('list-projects', '--sort-by', 'NAME')).json.projects, ['cli-app']);

    const started = await aws('start-build', '--project-name', 'cli-app', '--environment-variables-override', 'name=A,value=1,type=PLAINTEXT');
    const build = started.json.build as { id: string; buildStatus: string; currentPhase: string; buildNumber: number };
    assert.deepEqual([build.buildStatus, build.currentPhase, build.buildNumber], ['IN_PROGRESS', 'QUEUED', 1]);
    assert.deepEqual((await aws('list-builds-for-project', '--project-name', 'cli-app')).json.ids, [build.id]);
    assert.deepEqual((await aws('list-builds')).json.ids, [build.id]);
    assert.equal((await aws('retry-build', '--id', build.id)).error, 'InvalidInputException');
    assert.equal(((await aws('stop-build', '--id', build.id)).json.build as { buildStatus: string }).buildStatus, 'STOPPED');
    const retried = (await aws('retry-build', '--id', build.id)).json.build as { id: string; buildNumber: number };
    assert.equal(retried.buildNumber, 2);
    const fetched = await aws('batch-get-builds', '--ids', build.id, retried.id, 'cli-app:nope');
    assert.deepEqual((fetched.json.builds as { id: string }[]).map((b) => b.id), [build.id, retried.id]);
    assert.deepEqual(fetched.json.buildsNotFound, ['cli-app:nope']);
    const deleted = await aws('batch-delete-builds', '--ids', build.id, retried.id);
    assert.deepEqual(deleted.json.buildsDeleted, [build.id]);
    assert.deepEqual(deleted.json.buildsNotDeleted, [{ id: retried.id, statusCode: 'BUILD_IN_PROGRESS' }]);
    const missing = await aws('start-build', '--project-name', 'nope');
    assert.deepEqual([missing.rc, missing.error], [255, 'ResourceNotFoundException']);
    assert.equal((await aws('delete-project', '--name', 'cli-app')).rc, 0);
  });

  it('manages report groups and reads reports', async () => {
    const group = await aws('create-report-group', '--name', 'cli-group', '--type', 'TEST', '--export-config', 'exportConfigType=NO_EXPORT');
    const arn = (group.json.reportGroup as { arn: string }).arn;
    assert.equal(arn, `${ARN}:report-group/cli-group`);
    assert.ok(((await aws('list-report-groups')).json.reportGroups as string[]).includes(arn));
    assert.deepEqual(((await aws('batch-get-report-groups', '--report-group-arns', arn)).json.reportGroups as { name: string }[]).map((g) => g.name), ['cli-group']);
    assert.deepEqual((await aws('list-reports-for-report-group', '--report-group-arn', arn)).json.reports, []);
    assert.deepEqual((await aws('list-reports')).json.reports, []);
    assert.deepEqual((await aws('batch-get-reports', '--report-arns', `${ARN}:report/cli-group:x`)).json.reportsNotFound, [`${ARN}:report/cli-group:x`]);
    assert.equal((await aws('describe-test-cases', '--report-arn', `${ARN}:report/cli-group:x`)).error, 'ResourceNotFoundException');
    assert.equal((await aws('delete-report-group', '--arn', arn)).rc, 0);
    assert.deepEqual((await aws('batch-get-report-groups', '--report-group-arns', arn)).json.reportGroupsNotFound, [arn]);
  });
});
