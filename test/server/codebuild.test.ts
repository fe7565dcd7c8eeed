/**
 * The CodeBuild API of `sluice server`, driven with `@aws-sdk/client-codebuild`: every served
 * operation with its success and error cases, pagination, and authorization against project and
 * report group ARNs (the `aws codebuild` CLI: codebuild-cli.test.ts). Builds stay QUEUED here:
 * the server runs no build worker (build-runs.test.ts runs builds). Where a test needs a build
 * that ran, it plays the worker through the store's own claim and finish, as a worker does.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  BatchDeleteBuildsCommand, BatchGetBuildsCommand, BatchGetProjectsCommand, BatchGetReportGroupsCommand, BatchGetReportsCommand,
  CodeBuildClient, CreateProjectCommand, type CreateProjectCommandInput, CreateReportGroupCommand, DeleteProjectCommand,
  DeleteReportGroupCommand, DescribeTestCasesCommand, ListBuildsCommand, ListBuildsForProjectCommand, ListProjectsCommand,
  ListReportGroupsCommand, ListReportsCommand, ListReportsForReportGroupCommand, RetryBuildCommand, StartBuildCommand,
  StopBuildCommand, UpdateProjectCommand,
} from '@aws-sdk/client-codebuild';
import { recordBuildReports } from '../../src/services/builds.ts';
import { sweepBuilds } from '../../src/services/builds-sweeper.ts';
import { makeUser, policyOf } from '../support/iam.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const ACCOUNT = '000000000000';
const ARN = `arn:aws:codebuild:us-east-1:${ACCOUNT}`;
const ENVIRONMENT = { type: 'LINUX_CONTAINER', image: 'aws/codebuild/standard:7.0', computeType: 'BUILD_GENERAL1_SMALL' } as const;

function projectInput(name: string, over: Partial<CreateProjectCommandInput> = {}): CreateProjectCommandInput {
  return {
    name, serviceRole: `arn:aws:iam::${ACCOUNT}:role/build`,
    source: { type: 'NO_SOURCE', buildspec: 'version: 0.2\nphases:\n  build:\n    commands: [echo hi]\n' },
    artifacts: { type: 'NO_ARTIFACTS' },
    environment: { ...ENVIRONMENT, environmentVariables: [{ name: 'STAGE', value: 'dev' }, { name: 'TOKEN', value: '/app/token', type: 'PARAMETER_STORE' }] },
    ...over,
  };
}

/** The error an SDK call rejects with: its `__type` and message. */
async function failure(call: Promise<unknown>): Promise<{ name: string; message: string; status: number | undefined }> {
  try {
    await call;
  } catch (e) {
    const err = e as Error & { $metadata?: { httpStatusCode?: number } };
    return { name: err.name, message: err.message, status: err.$metadata?.httpStatusCode };
  }
  throw new Error('the call succeeded');
}

describe('CodeBuild API', () => {
  let t: TestServer;
  let cb: CodeBuildClient;
  const clients: CodeBuildClient[] = [];
  const client = (credentials = t.credentials): CodeBuildClient => {
    const c = new CodeBuildClient({ endpoint: t.url, region: 'us-east-1', credentials, maxAttempts: 1 });
    clients.push(c);
    return c;
  };

  before(async () => {
    // No build worker: these tests play the worker themselves through the store, or keep builds queued.
    t = await startTestServer({ buildConcurrency: 0 });
    cb = client();
  });
  after(async () => {
    for (const c of clients) c.destroy();
    await t?.close();
  });

  /** Plays a build worker: claims the build and finishes it with `status`. */
  async function runToEnd(id: string, status: 'SUCCEEDED' | 'FAILED', results: { exportedVariables?: Record<string, string>; reportArns?: string[] } = {}): Promise<void> {
    const { builds } = t.server.runtime.store;
    const now = Date.now();
    for (let i = 0; i < 100 && (await builds.get(id))?.queueState === 'Queued'; i++) {
      await builds.claim({ workerId: 'test-worker', leaseMs: 60_000, now, limit: 100 });
    }
    const held = await builds.get(id);
    assert.equal(held?.lockedBy, 'test-worker');
    const finished = await builds.finish(id, 'test-worker', {
      status, phases: [...held.phases, { phaseType: 'COMPLETED', startTime: now, contexts: [] }],
      results: { exportedVariables: results.exportedVariables ?? {}, artifacts: {}, resolvedSourceVersion: 'abc123', reportArns: results.reportArns ?? [] },
    }, now);
    assert.ok(finished);
  }

  describe('projects', () => {
    it('creates a project with AWS defaults and reads it back', async () => {
      const { project } = await cb.send(new CreateProjectCommand(projectInput('app', { tags: [{ key: 'team', value: 'core' }] })));
      assert.equal(project?.arn, `${ARN}:project/app`);
      assert.equal(project?.timeoutInMinutes, 60);
      assert.equal(project?.queuedTimeoutInMinutes, 480);
      assert.deepEqual(project?.cache, { type: 'NO_CACHE' });
      assert.deepEqual(project?.badge, { badgeEnabled: false });
      assert.deepEqual(project?.tags, [{ key: 'team', value: 'core' }]);
      assert.equal(project?.environment?.privilegedMode, false);
      assert.ok(project?.created instanceof Date);
      const got = await cb.send(new BatchGetProjectsCommand({ names: ['app', `${ARN}:project/app`, 'nope'] }));
      assert.deepEqual(got.projects?.map((p) => p.name), ['app']);
      assert.deepEqual(got.projectsNotFound, ['nope']);
      assert.deepEqual(got.projects?.[0], project);
    });

    it('refuses a second project of the same name, and invalid ones, changing nothing', async () => {
      await cb.send(new CreateProjectCommand(projectInput('dup')));
      assert.deepEqual(await failure(cb.send(new CreateProjectCommand(projectInput('dup')))),
        { name: 'ResourceAlreadyExistsException', message: 'Project already exists: dup', status: 400 });
      const cases: [Partial<CreateProjectCommandInput>, string, RegExp][] = [
        [{ name: '-bad' }, 'ValidationException', /name.*regular expression pattern/],
        [{ timeoutInMinutes: 2161 }, 'ValidationException', /timeoutInMinutes.*less than or equal to 2160/],
        [{ timeoutInMinutes: 4 }, 'ValidationException', /greater than or equal to 5/],
        [{ queuedTimeoutInMinutes: 481 }, 'ValidationException', /queuedTimeoutInMinutes/],
        [{ source: { type: 'NO_SOURCE' } }, 'InvalidInputException', /NO_SOURCE project needs an inline buildspec/],
        [{ source: { type: 'S3' } }, 'InvalidInputException', /S3 needs a location of the form <bucket>\/<key>/],
        [{ source: { type: 'GITHUB' } }, 'InvalidInputException', /GITHUB needs the repository URL/],
        [{ source: { type: 'CODEPIPELINE' } }, 'InvalidInputException', /both be CODEPIPELINE, or neither/],
        [{ artifacts: { type: 'S3' } }, 'InvalidInputException', /artifacts of type S3 need a location/],
        [{ environment: { ...ENVIRONMENT, environmentVariables: [{ name: 'CODEBUILD_X', value: '1' }] } }, 'InvalidInputException', /CODEBUILD_ are reserved/],
        [{ secondarySources: [{ type: 'S3', location: 'b/k' }] }, 'InvalidInputException', /sourceIdentifier/],
        [{ environment: { ...ENVIRONMENT, computeType: 'HUGE' as never } }, 'ValidationException', /computeType.*enum/],
      ];
      for (const [over, name, message] of cases) {
        const err = await failure(cb.send(new CreateProjectCommand(projectInput('invalid-one', over))));
        assert.equal(err.name, name, JSON.stringify(over));
        assert.match(err.message, message);
      }
      assert.deepEqual((await cb.send(new BatchGetProjectsCommand({ names: ['invalid-one'] }))).projectsNotFound, ['invalid-one']);
    });

    it('accepts the source types Sluice can build, with secondary sources and artifacts', async () => {
      // A location of CODEPIPELINE sources and artifacts is ignored, as AWS documents.
      await cb.send(new CreateProjectCommand(projectInput('piped', { source: { type: 'CODEPIPELINE', location: 'x' }, artifacts: { type: 'CODEPIPELINE', location: 'y' } })));
      const { project } = await cb.send(new CreateProjectCommand(projectInput('gitty', {
        source: { type: 'GITHUB', location: 'https://git.example/app.git', gitCloneDepth: 1 },
        secondarySources: [{ type: 'S3', location: 'bucket/tools.zip', sourceIdentifier: 'tools' }],
        artifacts: { type: 'S3', location: 'out-bucket', packaging: 'ZIP' },
        secondaryArtifacts: [{ type: 'S3', location: 'out-bucket', artifactIdentifier: 'docs' }],
        cache: { type: 'LOCAL', modes: ['LOCAL_CUSTOM_CACHE'] }, timeoutInMinutes: 2160, queuedTimeoutInMinutes: 5,
      })));
      assert.equal(project?.secondarySources?.[0]?.sourceIdentifier, 'tools');
      assert.equal(project?.timeoutInMinutes, 2160);
    });

    it('updates given members only and refuses an unknown project', async () => {
      await cb.send(new CreateProjectCommand(projectInput('upd')));
      const before = (await cb.send(new BatchGetProjectsCommand({ names: ['upd'] }))).projects?.[0];
      const { project } = await cb.send(new UpdateProjectCommand({ name: 'upd', description: 'new', timeoutInMinutes: 30, badgeEnabled: true }));
      assert.equal(project?.description, 'new');
      assert.equal(project?.timeoutInMinutes, 30);
      assert.deepEqual(project?.badge, { badgeEnabled: true });
      assert.deepEqual(project?.environment, before?.environment);
      assert.ok((project?.lastModified?.getTime() ?? 0) >= (before?.lastModified?.getTime() ?? Infinity));
      assert.deepEqual(await failure(cb.send(new UpdateProjectCommand({ name: 'no-such' }))),
        { name: 'ResourceNotFoundException', message: 'Project cannot be found: no-such', status: 400 });
      const err = await failure(cb.send(new UpdateProjectCommand({ name: 'upd', source: { type: 'S3' } })));
      assert.equal(err.name, 'InvalidInputException');
      assert.equal((await cb.send(new BatchGetProjectsCommand({ names: ['upd'] }))).projects?.[0]?.source?.type, 'NO_SOURCE');
    });

    it('lists projects by name, time, both orders, in pages of 100', async () => {
      for (let i = 0; i < 101; i++) await cb.send(new CreateProjectCommand(projectInput(`many-${String(i).padStart(3, '0')}`)));
      const first = await cb.send(new ListProjectsCommand({ sortBy: 'NAME', sortOrder: 'ASCENDING' }));
      assert.equal(first.projects?.length, 100);
      assert.ok(first.nextToken);
      const second = await cb.send(new ListProjectsCommand({ sortBy: 'NAME', sortOrder: 'ASCENDING', nextToken: first.nextToken }));
      const names = [...first.projects ?? [], ...second.projects ?? []];
      assert.deepEqual(names, [...names].sort());
      assert.equal(second.nextToken, undefined);
      const newest = await cb.send(new ListProjectsCommand({ sortBy: 'CREATED_TIME', sortOrder: 'DESCENDING' }));
      assert.equal(newest.projects?.[0], 'many-100');
      assert.equal((await failure(cb.send(new ListProjectsCommand({ nextToken: 'bogus' })))).name, 'InvalidInputException');
    });

    it('deletes a project (twice is fine); its builds remain', async () => {
      await cb.send(new CreateProjectCommand(projectInput('gone')));
      const { build } = await cb.send(new StartBuildCommand({ projectName: 'gone' }));
      await cb.send(new DeleteProjectCommand({ name: 'gone' }));
      await cb.send(new DeleteProjectCommand({ name: 'gone' }));
      assert.deepEqual((await cb.send(new BatchGetProjectsCommand({ names: ['gone'] }))).projectsNotFound, ['gone']);
      assert.equal((await cb.send(new BatchGetBuildsCommand({ ids: [build?.id ?? ''] }))).builds?.[0]?.projectName, 'gone');
    });
  });

  describe('builds', () => {
    before(async () => {
      await cb.send(new CreateProjectCommand(projectInput('web')));
    });

    it('starts a QUEUED build with its overrides resolved and reads it back', async () => {
      const { build } = await cb.send(new StartBuildCommand({
        projectName: 'web', sourceVersion: 'refs/heads/main', timeoutInMinutesOverride: 15, buildspecOverride: 'version: 0.2',
        environmentVariablesOverride: [{ name: 'STAGE', value: 'prod' }, { name: 'EXTRA', value: 'x' }],
        imageOverride: 'custom:1', artifactsOverride: { type: 'S3', location: 'other-bucket' },
      }));
      assert.match(build?.id ?? '', /^web:[0-9a-f-]{36}$/);
      assert.equal(build?.arn, `${ARN}:build/${build?.id}`);
      assert.equal(build?.buildStatus, 'IN_PROGRESS');
      assert.equal(build?.currentPhase, 'QUEUED');
      assert.equal(build?.buildComplete, false);
      assert.equal(build?.initiator, 'admin');
      assert.equal(build?.sourceVersion, 'refs/heads/main');
      assert.equal(build?.timeoutInMinutes, 15);
      assert.equal(build?.source?.buildspec, 'version: 0.2');
      assert.equal(build?.environment?.image, 'custom:1');
      assert.deepEqual(build?.environment?.environmentVariables, [
        { name: 'TOKEN', value: '/app/token', type: 'PARAMETER_STORE' }, { name: 'STAGE', value: 'prod', type: 'PLAINTEXT' },
        { name: 'EXTRA', value: 'x', type: 'PLAINTEXT' },
      ]);
      assert.deepEqual(build?.phases?.map((p) => [p.phaseType, p.phaseStatus]), [['SUBMITTED', 'SUCCEEDED'], ['QUEUED', undefined]]);
      const stream = build?.id?.split(':')[1];
      assert.deepEqual([build?.logs?.groupName, build?.logs?.streamName], ['/aws/codebuild/web', stream]);
      assert.ok(build?.logs?.deepLink);
      const got = await cb.send(new BatchGetBuildsCommand({ ids: [build?.id ?? '', build?.arn ?? '', 'web:missing'] }));
      assert.deepEqual(got.builds?.map((b) => b.id), [build?.id]);
      assert.deepEqual(got.buildsNotFound, ['web:missing']);
      assert.deepEqual(got.builds?.[0], build);
    });

    it('numbers builds per project and honours the idempotency token', async () => {
      const a = await cb.send(new StartBuildCommand({ projectName: 'web', idempotencyToken: 'once' }));
      const b = await cb.send(new StartBuildCommand({ projectName: 'web', idempotencyToken: 'once' }));
      const c = await cb.send(new StartBuildCommand({ projectName: 'web' }));
      assert.equal(b.build?.id, a.build?.id);
      const other = await failure(cb.send(new StartBuildCommand({ projectName: 'web', idempotencyToken: 'once', sourceVersion: 'other' })));
      assert.equal(other.name, 'InvalidInputException');
      assert.match(other.message, /idempotency token once was used for another build request/);
      assert.equal(c.build?.buildNumber, (a.build?.buildNumber ?? 0) + 1);
    });

    it('refuses a start for a missing project, bad overrides, and a CODEPIPELINE project outside a pipeline', async () => {
      assert.deepEqual(await failure(cb.send(new StartBuildCommand({ projectName: 'nope' }))),
        { name: 'ResourceNotFoundException', message: 'Project cannot be found: nope', status: 400 });
      assert.match((await failure(cb.send(new StartBuildCommand({ projectName: 'web', timeoutInMinutesOverride: 3000 })))).message, /timeoutInMinutesOverride/);
      assert.equal((await failure(cb.send(new StartBuildCommand({ projectName: 'web', environmentVariablesOverride: [{ name: 'CODEBUILD_SRC_DIR', value: 'x' }] })))).name, 'InvalidInputException');
      assert.equal((await failure(cb.send(new StartBuildCommand({ projectName: 'web', sourceTypeOverride: 'S3' })))).name, 'InvalidInputException');
      await cb.send(new CreateProjectCommand(projectInput('pipe-only', { source: { type: 'CODEPIPELINE' }, artifacts: { type: 'CODEPIPELINE' } })));
      assert.match((await failure(cb.send(new StartBuildCommand({ projectName: 'pipe-only' })))).message, /only be built by CodePipeline/);
    });

    it('stops a queued build at once; stopping an unknown build is ResourceNotFoundException', async () => {
      const { build } = await cb.send(new StartBuildCommand({ projectName: 'web' }));
      const { build: stopped } = await cb.send(new StopBuildCommand({ id: build?.id ?? '' }));
      assert.equal(stopped?.buildStatus, 'STOPPED');
      assert.equal(stopped?.buildComplete, true);
      assert.equal(stopped?.currentPhase, 'COMPLETED');
      assert.ok(stopped?.endTime);
      assert.equal((await cb.send(new StopBuildCommand({ id: build?.arn ?? '' }))).build?.buildStatus, 'STOPPED', 'a complete build is unchanged');
      assert.equal((await failure(cb.send(new StopBuildCommand({ id: 'web:nope' })))).name, 'ResourceNotFoundException');
    });

    it('shows a finished build with its results, retries it, and refuses to retry one in progress', async () => {
      const { build } = await cb.send(new StartBuildCommand({ projectName: 'web', sourceVersion: 'v1', environmentVariablesOverride: [{ name: 'X', value: '1' }] }));
      const id = build?.id ?? '';
      assert.equal((await failure(cb.send(new RetryBuildCommand({ id })))).name, 'InvalidInputException');
      await runToEnd(id, 'FAILED', { exportedVariables: { VERSION: '1.2.3' } });
      const [done] = (await cb.send(new BatchGetBuildsCommand({ ids: [id] }))).builds ?? [];
      assert.deepEqual([done?.buildStatus, done?.buildComplete, done?.resolvedSourceVersion], ['FAILED', true, 'abc123']);
      assert.deepEqual(done?.exportedEnvironmentVariables, [{ name: 'VERSION', value: '1.2.3' }]);
      const { build: retried } = await cb.send(new RetryBuildCommand({ id: build?.arn ?? '' }));
      assert.notEqual(retried?.id, id);
      assert.equal(retried?.sourceVersion, 'v1');
      assert.deepEqual(retried?.environment?.environmentVariables, done?.environment?.environmentVariables);
      assert.equal(retried?.buildStatus, 'IN_PROGRESS');
      assert.equal((await failure(cb.send(new RetryBuildCommand({ id: 'web:nope' })))).name, 'ResourceNotFoundException');
    });

    it('lists builds newest first, per project, in pages, and refuses an unknown project', async () => {
      await cb.send(new CreateProjectCommand(projectInput('lister')));
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push((await cb.send(new StartBuildCommand({ projectName: 'lister' }))).build?.id ?? '');
      assert.deepEqual((await cb.send(new ListBuildsForProjectCommand({ projectName: 'lister' }))).ids, [...ids].reverse());
      assert.deepEqual((await cb.send(new ListBuildsForProjectCommand({ projectName: 'lister', sortOrder: 'ASCENDING' }))).ids, ids);
      assert.deepEqual((await cb.send(new ListBuildsCommand({}))).ids?.slice(0, 3), [...ids].reverse());
      assert.equal((await failure(cb.send(new ListBuildsForProjectCommand({ projectName: 'nope' })))).name, 'ResourceNotFoundException');
      assert.equal((await failure(cb.send(new ListBuildsCommand({ nextToken: 'bogus' })))).name, 'InvalidInputException');
      // More than one page of 100.
      for (let i = 0; i < 100; i++) await cb.send(new StartBuildCommand({ projectName: 'lister' }));
      const first = await cb.send(new ListBuildsForProjectCommand({ projectName: 'lister' }));
      assert.equal(first.ids?.length, 100);
      const second = await cb.send(new ListBuildsForProjectCommand({ projectName: 'lister', nextToken: first.nextToken }));
      assert.deepEqual(second.ids, [...ids].reverse());
      assert.equal(second.nextToken, undefined);
    });

    it('sweeps: a build queued past its queued timeout ends TIMED_OUT; a lost worker\'s build is queued again, then FAULT', async () => {
      await cb.send(new CreateProjectCommand(projectInput('swept')));
      const { build: waiting } = await cb.send(new StartBuildCommand({ projectName: 'swept', queuedTimeoutInMinutesOverride: 5 }));
      assert.equal(waiting?.queuedTimeoutInMinutes, 5);
      const store = t.server.runtime.store;
      const start = (waiting?.startTime?.getTime() ?? 0);
      assert.deepEqual((await sweepBuilds(store, start + 5 * 60_000)).timedOut, [], 'not before the deadline');
      assert.deepEqual((await sweepBuilds(store, start + 5 * 60_000 + 1)).timedOut, [waiting?.id]);
      const [timedOut] = (await cb.send(new BatchGetBuildsCommand({ ids: [waiting?.id ?? ''] }))).builds ?? [];
      assert.deepEqual([timedOut?.buildStatus, timedOut?.buildComplete], ['TIMED_OUT', true]);
      assert.deepEqual(timedOut?.phases?.find((p) => p.phaseType === 'QUEUED')?.contexts?.map((c) => c.statusCode), ['BUILD_TIMED_OUT']);

      const { build: lost } = await cb.send(new StartBuildCommand({ projectName: 'swept' }));
      const id = lost?.id ?? '';
      // Leases of an hour, so the server's own sweeper (on the wall clock) leaves them alone;
      // other tests' queued builds are claimed too, so sweep until this one is handled.
      const now = Date.now();
      const leaseMs = 60 * 60_000;
      for (let loss = 1; loss <= 3; loss++) {
        while ((await store.builds.get(id))?.queueState === 'Queued') await store.builds.claim({ workerId: `w${loss}`, leaseMs, now, limit: 100 });
        let sweep = await sweepBuilds(store, now + leaseMs + 1);
        while (![...sweep.requeued, ...sweep.failed].includes(id) && sweep.requeued.length + sweep.failed.length > 0) sweep = await sweepBuilds(store, now + leaseMs + 1);
        assert.ok((loss < 3 ? sweep.requeued : sweep.failed).includes(id), `loss ${loss}`);
      }
      const [faulted] = (await cb.send(new BatchGetBuildsCommand({ ids: [id] }))).builds ?? [];
      assert.deepEqual([faulted?.buildStatus, faulted?.currentPhase], ['FAULT', 'COMPLETED']);
    });

    it('deletes finished builds only', async () => {
      const running = (await cb.send(new StartBuildCommand({ projectName: 'web' }))).build?.id ?? '';
      const done = (await cb.send(new StartBuildCommand({ projectName: 'web' }))).build?.id ?? '';
      await cb.send(new StopBuildCommand({ id: done }));
      const result = await cb.send(new BatchDeleteBuildsCommand({ ids: [done, running, 'web:nope'] }));
      assert.deepEqual(result.buildsDeleted, [done]);
      assert.deepEqual(result.buildsNotDeleted, [{ id: running, statusCode: 'BUILD_IN_PROGRESS' }, { id: 'web:nope', statusCode: 'BUILD_NOT_FOUND' }]);
      assert.deepEqual((await cb.send(new BatchGetBuildsCommand({ ids: [done] }))).buildsNotFound, [done]);
    });
  });

  describe('report groups and reports', () => {
    let reportArn = '';
    before(async () => {
      await cb.send(new CreateProjectCommand(projectInput('tested')));
      const { build } = await cb.send(new StartBuildCommand({ projectName: 'tested' }));
      const store = t.server.runtime.store;
      const record = await store.builds.get(build?.id ?? '');
      assert.ok(record);
      const arns = await recordBuildReports({ store, region: 'us-east-1', accountId: ACCOUNT, now: () => Date.now(), uuid: () => crypto.randomUUID() }, record, [{
        group: 'unit', fileFormat: 'JUNITXML', problems: [],
        testCases: [
          { prefix: 'math', name: 'adds', status: 'SUCCEEDED', durationInNanoSeconds: 1_000, testRawDataPath: 'reports/unit.xml' },
          { prefix: 'math', name: 'divides', status: 'FAILED', durationInNanoSeconds: 2_000, message: 'division by zero', testRawDataPath: 'reports/unit.xml' },
        ],
      }]);
      reportArn = arns[0] ?? '';
      await runToEnd(record.id, 'FAILED', { reportArns: arns });
    });

    it('creates a report group once and refuses a bad export config', async () => {
      const { reportGroup } = await cb.send(new CreateReportGroupCommand({ name: 'explicit', type: 'TEST', exportConfig: { exportConfigType: 'NO_EXPORT' } }));
      assert.equal(reportGroup?.arn, `${ARN}:report-group/explicit`);
      assert.equal(reportGroup?.status, 'ACTIVE');
      assert.equal((await failure(cb.send(new CreateReportGroupCommand({ name: 'explicit', type: 'TEST', exportConfig: { exportConfigType: 'NO_EXPORT' } })))).name, 'ResourceAlreadyExistsException');
      assert.equal((await failure(cb.send(new CreateReportGroupCommand({ name: 'exp2', type: 'TEST', exportConfig: { exportConfigType: 'S3' } })))).name, 'InvalidInputException');
      assert.equal((await failure(cb.send(new CreateReportGroupCommand({ name: 'exp3', type: 'NOPE' as never, exportConfig: { exportConfigType: 'NO_EXPORT' } })))).name, 'ValidationException');
    });

    it('lists and gets report groups, including the one a build created on first use', async () => {
      const { reportGroups } = await cb.send(new ListReportGroupsCommand({ sortBy: 'NAME' }));
      assert.ok(reportGroups?.includes(`${ARN}:report-group/tested-unit`));
      const got = await cb.send(new BatchGetReportGroupsCommand({ reportGroupArns: [`${ARN}:report-group/tested-unit`, `${ARN}:report-group/nope`] }));
      assert.deepEqual(got.reportGroups?.map((g) => g.name), ['tested-unit']);
      assert.deepEqual(got.reportGroupsNotFound, [`${ARN}:report-group/nope`]);
      const page = await cb.send(new ListReportGroupsCommand({ maxResults: 1 }));
      assert.equal(page.reportGroups?.length, 1);
      assert.ok(page.nextToken);
    });

    it('shows the build\'s report with its summary and test cases, filtered by status', async () => {
      const [build] = (await cb.send(new BatchGetBuildsCommand({ ids: (await cb.send(new ListBuildsForProjectCommand({ projectName: 'tested' }))).ids ?? [] }))).builds ?? [];
      assert.deepEqual(build?.reportArns, [reportArn]);
      const { reports, reportsNotFound } = await cb.send(new BatchGetReportsCommand({ reportArns: [reportArn, `${ARN}:report/x:y`] }));
      assert.deepEqual(reportsNotFound, [`${ARN}:report/x:y`]);
      assert.equal(reports?.[0]?.status, 'FAILED');
      assert.equal(reports?.[0]?.executionId, build?.arn);
      assert.deepEqual(reports?.[0]?.testSummary, { total: 2, statusCounts: { SUCCEEDED: 1, FAILED: 1 }, durationInNanoSeconds: 3_000 });
      assert.deepEqual((await cb.send(new ListReportsForReportGroupCommand({ reportGroupArn: `${ARN}:report-group/tested-unit` }))).reports, [reportArn]);
      assert.ok((await cb.send(new ListReportsCommand({ filter: { status: 'FAILED' } }))).reports?.includes(reportArn));
      assert.deepEqual((await cb.send(new ListReportsCommand({ filter: { status: 'SUCCEEDED' } }))).reports, []);
      const failed = await cb.send(new DescribeTestCasesCommand({ reportArn, filter: { status: 'FAILED' } }));
      assert.deepEqual(failed.testCases?.map((c) => [c.name, c.message, c.durationInNanoSeconds]), [['divides', 'division by zero', 2_000]]);
      const paged = await cb.send(new DescribeTestCasesCommand({ reportArn, maxResults: 1 }));
      assert.equal(paged.testCases?.length, 1);
      assert.equal((await cb.send(new DescribeTestCasesCommand({ reportArn, nextToken: paged.nextToken }))).testCases?.[0]?.name, 'divides');
      assert.equal((await failure(cb.send(new DescribeTestCasesCommand({ reportArn: `${ARN}:report/x:y` })))).name, 'ResourceNotFoundException');
      assert.equal((await failure(cb.send(new ListReportsForReportGroupCommand({ reportGroupArn: `${ARN}:report-group/nope` })))).name, 'ResourceNotFoundException');
    });

    it('deletes a report group only with deleteReports when it has reports', async () => {
      const arn = `${ARN}:report-group/tested-unit`;
      assert.equal((await failure(cb.send(new DeleteReportGroupCommand({ arn })))).name, 'InvalidInputException');
      await cb.send(new DeleteReportGroupCommand({ arn, deleteReports: true }));
      assert.deepEqual((await cb.send(new BatchGetReportGroupsCommand({ reportGroupArns: [arn] }))).reportGroupsNotFound, [arn]);
      assert.deepEqual((await cb.send(new BatchGetReportsCommand({ reportArns: [reportArn] }))).reportsNotFound, [reportArn]);
    });
  });

  describe('authorization', () => {
    it('a user allowed only codebuild:BatchGetBuilds on one project reads that project\'s builds and nothing else', async () => {
      await cb.send(new CreateProjectCommand(projectInput('allowed')));
      await cb.send(new CreateProjectCommand(projectInput('secret')));
      const mine = (await cb.send(new StartBuildCommand({ projectName: 'allowed' }))).build?.id ?? '';
      const theirs = (await cb.send(new StartBuildCommand({ projectName: 'secret' }))).build?.id ?? '';
      const reader = client(await makeUser(t, 'build-reader', policyOf(
        { Effect: 'Allow', Action: 'codebuild:BatchGetBuilds', Resource: `${ARN}:project/allowed` })));
      assert.deepEqual((await reader.send(new BatchGetBuildsCommand({ ids: [mine] }))).builds?.map((b) => b.id), [mine]);
      const denied = await failure(reader.send(new BatchGetBuildsCommand({ ids: [mine, theirs] })));
      assert.equal(denied.name, 'AccessDeniedException');
      assert.match(denied.message, /build-reader is not authorized to perform: codebuild:BatchGetBuilds on resource: arn:aws:codebuild:us-east-1:000000000000:project\/secret/);
      assert.equal((await failure(reader.send(new StartBuildCommand({ projectName: 'allowed' })))).name, 'AccessDeniedException');
      assert.equal((await failure(reader.send(new ListProjectsCommand({})))).name, 'AccessDeniedException');
      assert.equal((await cb.send(new ListBuildsForProjectCommand({ projectName: 'allowed' }))).ids?.length, 1, 'the refused start changed nothing');
    });
  });
});
