/**
 * Contract: builds — projects (create once, atomic update, pages in three sort orders), the build
 * queue (consecutive numbers, idempotent starts, claims with leases, heartbeats and stop
 * requests, phases, finishing, lease expiry, queued timeouts, deletion), build log lines (pages
 * forward and backward, filters) and reports (groups, reports, test cases).
 */
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import type { BuildProjectRecord, BuildStore, NewBuild } from '../../../src/store/build-ports.ts';
import type { Store } from '../../../src/store/ports.ts';
import { T0, uniqueName } from '../builders.ts';
import { type ContractIt, type MakeStore, useStore } from './helpers.ts';

function makeProject(over: Partial<BuildProjectRecord> = {}): BuildProjectRecord {
  const name = over.name ?? uniqueName('proj');
  return {
    name, arn: `arn:aws:codebuild:us-east-1:000000000000:project/${name}`,
    project: { source: { type: 'NO_SOURCE', buildspec: 'version: 0.2' }, timeoutInMinutes: 60 },
    created: T0, lastModified: T0, ...over,
  };
}

function makeBuild(projectName: string, over: Partial<NewBuild> = {}): NewBuild {
  const id = `${projectName}:${uniqueName('b')}`;
  return {
    id, arn: `arn:aws:codebuild:us-east-1:000000000000:build/${id}`, projectName, initiator: 'admin',
    request: { sourceVersion: 'main' }, queuedDeadline: T0 + 60_000, ...over,
  };
}

/** Claims builds until the build with `id` is among them (other tests' builds may be older). */
async function claimUntil(builds: BuildStore, id: string, workerId: string, now: number): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    const claimed = await builds.claim({ workerId, leaseMs: 1000, now, limit: 10 });
    if (claimed.some((b) => b.id === id)) return;
    if (claimed.length === 0) throw new Error(`build ${id} was never claimed`);
  }
}

async function queuedBuild(store: Store, over: Partial<NewBuild> = {}): Promise<{ project: string; id: string }> {
  const project = makeProject();
  await store.buildProjects.create(project);
  const build = makeBuild(project.name, over);
  await store.builds.create(build, T0);
  return { project: project.name, id: build.id };
}

export function describeBuildContract(makeStore: MakeStore, test: ContractIt): void {
  describe('build projects', () => {
    const store = useStore(makeStore);

    test('creates a project once, reads it back, updates it atomically and deletes it once', async () => {
      const project = makeProject();
      assert.equal(await store().buildProjects.create(project), true);
      assert.equal(await store().buildProjects.create({ ...project, project: {} }), false);
      assert.deepEqual(await store().buildProjects.get(project.name), project);
      const updated = await store().buildProjects.update(project.name, (p) => ({ ...p.project, timeoutInMinutes: 5 }), T0 + 9);
      assert.deepEqual(updated, { ...project, project: { ...project.project, timeoutInMinutes: 5 }, lastModified: T0 + 9 });
      await assert.rejects(store().buildProjects.update(project.name, () => { throw new Error('refused'); }, T0 + 10), /refused/);
      assert.equal((await store().buildProjects.get(project.name))?.lastModified, T0 + 9, 'a refused change writes nothing');
      assert.equal(await store().buildProjects.update(uniqueName('missing'), (p) => p.project, T0), undefined);
      assert.equal(await store().buildProjects.delete(project.name), true);
      assert.equal(await store().buildProjects.delete(project.name), false);
      assert.equal(await store().buildProjects.get(project.name), undefined);
    });

    test('batch gets in the order asked and leaves out unknown names', async () => {
      const [a, b] = [makeProject(), makeProject()];
      await store().buildProjects.create(a);
      await store().buildProjects.create(b);
      const got = await store().buildProjects.batchGet([b.name, uniqueName('missing'), a.name, b.name]);
      assert.deepEqual(got.map((p) => p.name), [b.name, a.name]);
    });

    test('lists by name, creation time or modification time, both ways, in pages', async () => {
      const prefix = uniqueName('list');
      const names = [`${prefix}-b`, `${prefix}-a`, `${prefix}-c`];
      // b created first, a and c in the same millisecond; c modified last.
      await store().buildProjects.create(makeProject({ name: names[0], created: T0 - 3, lastModified: T0 - 3 }));
      await store().buildProjects.create(makeProject({ name: names[1], created: T0 - 2, lastModified: T0 - 2 }));
      await store().buildProjects.create(makeProject({ name: names[2], created: T0 - 2, lastModified: T0 + 50 }));
      const all = async (request: Parameters<Store['buildProjects']['list']>[0]): Promise<string[]> => {
        const seen: string[] = [];
        let nextToken: string | undefined;
        do {
          const page = await store().buildProjects.list({ ...request, maxResults: 2, ...(nextToken !== undefined && { nextToken }) });
          seen.push(...page.items);
          nextToken = page.nextToken;
        } while (nextToken !== undefined);
        return seen.filter((n) => n.startsWith(prefix));
      };
      assert.deepEqual(await all({}), [`${prefix}-a`, `${prefix}-b`, `${prefix}-c`]);
      assert.deepEqual(await all({ sortOrder: 'DESCENDING' }), [`${prefix}-c`, `${prefix}-b`, `${prefix}-a`]);
      assert.deepEqual(await all({ sortBy: 'CREATED_TIME' }), [`${prefix}-b`, `${prefix}-a`, `${prefix}-c`]);
      assert.deepEqual(await all({ sortBy: 'CREATED_TIME', sortOrder: 'DESCENDING' }), [`${prefix}-c`, `${prefix}-a`, `${prefix}-b`]);
      assert.deepEqual(await all({ sortBy: 'LAST_MODIFIED_TIME', sortOrder: 'DESCENDING' }).then((n) => n[0]), `${prefix}-c`);
      await assert.rejects(store().buildProjects.list({ nextToken: 'garbage' }), { code: 'InvalidInputException' });
    });
  });

  describe('build queue', () => {
    const store = useStore(makeStore);

    test('numbers builds of a project 1, 2, 3 and records them queued', async () => {
      const project = makeProject();
      await store().buildProjects.create(project);
      const numbers: number[] = [];
      for (let i = 0; i < 3; i++) numbers.push((await store().builds.create(makeBuild(project.name), T0))?.build.buildNumber ?? -1);
      assert.deepEqual(numbers, [1, 2, 3]);
      const build = makeBuild(project.name);
      const created = await store().builds.create(build, T0 + 1);
      assert.equal(created?.created, true);
      assert.deepEqual({ ...created?.build, phases: undefined }, {
        ...build, buildNumber: 4, queueState: 'Queued', buildStatus: 'IN_PROGRESS', currentPhase: 'QUEUED', phases: undefined,
        stopRequested: false, leaseLosses: 0, startTime: T0 + 1,
      });
      assert.deepEqual(created?.build.phases.map((p) => [p.phaseType, p.phaseStatus]), [['SUBMITTED', 'SUCCEEDED'], ['QUEUED', undefined]]);
      assert.deepEqual(await store().builds.get(build.id), created?.build);
      assert.equal(await store().builds.create(makeBuild(uniqueName('no-project')), T0), undefined);
    });

    test('a project re-created under a deleted one\'s name numbers on after its remaining builds', async () => {
      const project = makeProject();
      await store().buildProjects.create(project);
      await store().builds.create(makeBuild(project.name), T0);
      await store().buildProjects.delete(project.name);
      await store().buildProjects.create(project);
      assert.equal((await store().builds.create(makeBuild(project.name), T0))?.build.buildNumber, 2);
    });

    test('a start with a token used in the last 5 minutes returns the first build', async () => {
      const { project } = await queuedBuild(store());
      const first = await store().builds.create(makeBuild(project, { idempotencyToken: 'tok' }), T0);
      const second = await store().builds.create(makeBuild(project, { idempotencyToken: 'tok' }), T0 + 1);
      assert.equal(second?.created, false);
      assert.equal(second?.build.id, first?.build.id);
      const later = await store().builds.create(makeBuild(project, { idempotencyToken: 'tok' }), T0 + 5 * 60_000 + 1);
      assert.equal(later?.created, true, 'a token names its build for 5 minutes');
      const pinned = { idempotencyToken: 'pipeline-action', idempotencyWindowMs: Number.MAX_SAFE_INTEGER };
      const original = await store().builds.create(makeBuild(project, pinned), T0);
      const hoursLater = await store().builds.create(makeBuild(project, pinned), T0 + 6 * 3600_000);
      assert.equal(hoursLater?.build.id, original?.build.id, 'a longer window keeps naming the build');
    });

    test('lists build ids newest first (or oldest first), of all or one project, in pages', async () => {
      const { project, id: first } = await queuedBuild(store());
      const second = makeBuild(project);
      await store().builds.create(second, T0);
      const other = await queuedBuild(store());
      const page = await store().builds.list({ projectName: project, maxResults: 1 });
      assert.deepEqual(page.items, [second.id]);
      assert.ok(page.nextToken);
      assert.deepEqual((await store().builds.list({ projectName: project, nextToken: page.nextToken })).items, [first]);
      assert.deepEqual((await store().builds.list({ projectName: project, sortOrder: 'ASCENDING' })).items, [first, second.id]);
      const everything = (await store().builds.list({ maxResults: 1000 })).items;
      assert.ok(everything.indexOf(other.id) < everything.indexOf(second.id), 'newest first across projects');
      await assert.rejects(store().builds.list({ nextToken: 'garbage' }), { code: 'InvalidInputException' });
    });

    test('claims with a lease, heartbeats, sees a stop request, records phases and finishes once', async () => {
      const { id } = await queuedBuild(store());
      await claimUntil(store().builds, id, 'w1', T0 + 10);
      const claimed = await store().builds.get(id);
      assert.equal(claimed?.queueState, 'Running');
      assert.equal(claimed?.lockedBy, 'w1');
      assert.equal(claimed?.leaseExpiresAt, T0 + 1010);
      assert.equal(claimed?.phases.find((p) => p.phaseType === 'QUEUED')?.phaseStatus, 'SUCCEEDED');
      assert.deepEqual(await store().builds.heartbeat(id, 'w1', 5000, T0 + 20), { held: true, stopRequested: false });
      assert.deepEqual(await store().builds.heartbeat(id, 'w2', 5000, T0 + 20), { held: false, stopRequested: false });
      const phases = [...(claimed?.phases ?? []), { phaseType: 'BUILD' as const, startTime: T0 + 30, contexts: [] }];
      assert.equal(await store().builds.recordPhases(id, 'w1', phases, T0 + 30), true);
      assert.equal(await store().builds.recordPhases(id, 'w2', phases, T0 + 30), false);
      assert.equal((await store().builds.get(id))?.currentPhase, 'BUILD');
      assert.equal((await store().builds.requestStop(id, T0 + 40))?.stopRequested, true);
      assert.deepEqual(await store().builds.heartbeat(id, 'w1', 5000, T0 + 41), { held: true, stopRequested: true });
      const finish = {
        status: 'STOPPED' as const, phases: [...phases, { phaseType: 'COMPLETED' as const, startTime: T0 + 50, contexts: [] }],
        results: { exportedVariables: { V: '1' }, artifacts: { '': { location: 'arn:aws:s3:::b/k' } }, resolvedSourceVersion: 'abc', reportArns: [] },
      };
      assert.equal(await store().builds.finish(id, 'w2', finish, T0 + 50), undefined, 'another worker cannot finish it');
      const done = await store().builds.finish(id, 'w1', finish, T0 + 50);
      assert.deepEqual([done?.queueState, done?.buildStatus, done?.currentPhase, done?.endTime, done?.lockedBy], ['Finished', 'STOPPED', 'COMPLETED', T0 + 50, undefined]);
      assert.deepEqual(done?.results, finish.results);
      assert.equal(await store().builds.finish(id, 'w1', finish, T0 + 60), undefined, 'finishes once');
      assert.equal((await store().builds.requestStop(id, T0 + 70))?.buildStatus, 'STOPPED', 'a finished build is unchanged');
    });

    test('a stop request ends a queued build at once, and it is never claimed', async () => {
      const { id } = await queuedBuild(store());
      const stopped = await store().builds.requestStop(id, T0 + 5);
      assert.deepEqual([stopped?.queueState, stopped?.buildStatus, stopped?.currentPhase, stopped?.endTime], ['Finished', 'STOPPED', 'COMPLETED', T0 + 5]);
      assert.equal(stopped?.phases.find((p) => p.phaseType === 'QUEUED')?.phaseStatus, 'STOPPED');
      assert.equal(await store().builds.requestStop(uniqueName('missing'), T0), undefined);
    });

    test('an expired lease queues the build again, and the last allowed loss ends it FAULT', async () => {
      const { id } = await queuedBuild(store(), { queuedDeadline: T0 + 10_000_000 });
      await claimUntil(store().builds, id, 'w1', T0);
      let released = await store().builds.releaseExpired({ now: T0 + 2000, maxLeaseLosses: 2, limit: 1000 });
      assert.ok(released.requeued.includes(id));
      const requeued = await store().builds.get(id);
      assert.deepEqual([requeued?.queueState, requeued?.leaseLosses, requeued?.lockedBy, requeued?.currentPhase], ['Queued', 1, undefined, 'QUEUED']);
      assert.equal((await store().builds.heartbeat(id, 'w1', 1000, T0 + 2001)).held, false, 'the lost worker no longer holds it');
      await claimUntil(store().builds, id, 'w2', T0 + 3000);
      released = await store().builds.releaseExpired({ now: T0 + 5000, maxLeaseLosses: 2, limit: 1000 });
      assert.ok(released.failed.includes(id));
      const failed = await store().builds.get(id);
      assert.deepEqual([failed?.queueState, failed?.buildStatus, failed?.leaseLosses], ['Finished', 'FAULT', 2]);
    });

    test('a build queued past its deadline ends TIMED_OUT and is not claimed', async () => {
      const { id } = await queuedBuild(store(), { queuedDeadline: T0 - 1 });
      const claimed = await store().builds.claim({ workerId: 'w', leaseMs: 1000, now: T0, limit: 1000 });
      assert.ok(!claimed.some((b) => b.id === id));
      assert.ok((await store().builds.expireQueued(T0, 1000)).includes(id));
      const expired = await store().builds.get(id);
      assert.deepEqual([expired?.buildStatus, expired?.currentPhase], ['TIMED_OUT', 'COMPLETED']);
      assert.equal(expired?.phases.find((p) => p.phaseType === 'QUEUED')?.phaseStatus, 'TIMED_OUT');
    });

    test('deletes finished builds with their logs, refuses in-progress and unknown ones', async () => {
      const finished = await queuedBuild(store());
      await store().builds.requestStop(finished.id, T0);
      await store().buildLogs.append(finished.id, [{ timestamp: T0, message: 'x' }]);
      const running = await queuedBuild(store());
      const missing = `${uniqueName('p')}:nope`;
      const result = await store().builds.delete([finished.id, running.id, missing]);
      assert.deepEqual(result, {
        deleted: [finished.id],
        notDeleted: [{ id: running.id, statusCode: 'BUILD_IN_PROGRESS' }, { id: missing, statusCode: 'BUILD_NOT_FOUND' }],
      });
      assert.equal(await store().builds.get(finished.id), undefined);
      assert.equal((await store().buildLogs.summary(finished.id)).count, 0);
    });
  });

  describe('build logs', () => {
    const store = useStore(makeStore);

    test('appends in batches, numbering lines, and reads pages forward and backward', async () => {
      const id = uniqueName('log');
      assert.equal(await store().buildLogs.append(id, [1, 2, 3].map((i) => ({ timestamp: T0 + i, message: `line ${i}` }))), 3);
      assert.equal(await store().buildLogs.append(id, [4, 5].map((i) => ({ timestamp: T0 + i, message: `line ${i}` }))), 5);
      const forward = await store().buildLogs.read(id, { direction: 'forward', limit: 2 });
      assert.deepEqual(forward, [{ seq: 1, timestamp: T0 + 1, message: 'line 1' }, { seq: 2, timestamp: T0 + 2, message: 'line 2' }]);
      assert.deepEqual((await store().buildLogs.read(id, { direction: 'forward', afterSeq: 2, limit: 10 })).map((l) => l.seq), [3, 4, 5]);
      assert.deepEqual((await store().buildLogs.read(id, { direction: 'backward', limit: 2 })).map((l) => l.seq), [4, 5]);
      assert.deepEqual((await store().buildLogs.read(id, { direction: 'backward', beforeSeq: 4, limit: 2 })).map((l) => l.seq), [2, 3]);
      assert.deepEqual((await store().buildLogs.read(id, { direction: 'backward', limit: 10, startTime: T0 + 2, endTime: T0 + 3 })).map((l) => l.seq), [2, 3]);
      assert.deepEqual((await store().buildLogs.read(id, { direction: 'forward', limit: 10, startTime: T0 + 4 })).map((l) => l.seq), [4, 5]);
      assert.deepEqual(await store().buildLogs.summary(id), { count: 5, firstTimestamp: T0 + 1, lastTimestamp: T0 + 5, lastSeq: 5 });
      assert.deepEqual(await store().buildLogs.summary(uniqueName('none')), { count: 0, lastSeq: 0 });
    });

    test('filters by every term, literally and case-sensitively, within a time range', async () => {
      const id = uniqueName('log');
      await store().buildLogs.append(id, ['ERROR disk full', 'error: lower', 'ERROR 100% cpu', 'ok'].map((message, i) => ({ timestamp: T0 + i, message })));
      const messages = async (terms: string[], extra = {}): Promise<string[]> =>
        (await store().buildLogs.filter(id, { terms, limit: 10, ...extra })).map((l) => l.message);
      assert.deepEqual(await messages(['ERROR']), ['ERROR disk full', 'ERROR 100% cpu']);
      assert.deepEqual(await messages(['ERROR', '100%']), ['ERROR 100% cpu']);
      assert.deepEqual(await messages(['_']), [], 'no LIKE wildcards');
      assert.deepEqual(await messages([]), ['ERROR disk full', 'error: lower', 'ERROR 100% cpu', 'ok']);
      assert.deepEqual(await messages(['ERROR'], { startTime: T0 + 1 }), ['ERROR 100% cpu']);
      assert.deepEqual(await messages(['ERROR'], { afterSeq: 1 }), ['ERROR 100% cpu']);
    });
  });

  describe('reports', () => {
    const store = useStore(makeStore);
    const group = (name = uniqueName('grp')) => ({
      arn: `arn:aws:codebuild:us-east-1:000000000000:report-group/${name}`, name, type: 'TEST' as const,
      exportConfig: { exportConfigType: 'NO_EXPORT' }, tags: [], created: T0, lastModified: T0,
    });
    const cases = [
      { prefix: 'suite', name: 'adds', status: 'SUCCEEDED' as const, durationInNanoSeconds: 100, testRawDataPath: 'r.xml' },
      { prefix: 'suite', name: 'divides', status: 'FAILED' as const, durationInNanoSeconds: 250, message: 'by zero', testRawDataPath: 'r.xml' },
      { prefix: 'other', name: 'skips', status: 'SKIPPED' as const, durationInNanoSeconds: 0, testRawDataPath: 'o.xml' },
    ];

    test('creates a group once, or on first use, and deletes it with or without reports', async () => {
      const g = group();
      assert.equal(await store().reports.createGroup(g), true);
      assert.equal(await store().reports.createGroup(g), false);
      assert.deepEqual(await store().reports.ensureGroup({ ...g, created: T0 + 5 }), g, 'an existing group is kept');
      const fresh = group();
      assert.deepEqual(await store().reports.ensureGroup(fresh), fresh);
      await store().reports.addReport({ arn: `${g.arn.replace('report-group', 'report')}:r1`, reportGroupArn: g.arn, executionId: 'b', name: 'r', type: 'TEST', status: 'SUCCEEDED', testCases: cases }, T0);
      assert.equal(await store().reports.deleteGroup(g.arn, false), 'hasReports');
      assert.equal(await store().reports.deleteGroup(g.arn, true), 'deleted');
      assert.equal(await store().reports.deleteGroup(g.arn, true), 'notFound');
      assert.equal(await store().reports.getReport(`${g.arn.replace('report-group', 'report')}:r1`), undefined);
    });

    test('records a report with counts and duration, lists reports and filters test cases', async () => {
      const g = group();
      await store().reports.createGroup(g);
      const arn = (n: number): string => `${g.arn.replace('report-group', 'report')}:${n}`;
      const first = await store().reports.addReport({ arn: arn(1), reportGroupArn: g.arn, executionId: 'build-1', name: 'r1', type: 'TEST', status: 'FAILED', testCases: cases }, T0 + 1);
      assert.deepEqual(first, {
        arn: arn(1), reportGroupArn: g.arn, executionId: 'build-1', name: 'r1', type: 'TEST', status: 'FAILED', created: T0 + 1,
        durationInNanoSeconds: 350, statusCounts: { SUCCEEDED: 1, FAILED: 1, SKIPPED: 1 }, total: 3,
      });
      await store().reports.addReport({ arn: arn(2), reportGroupArn: g.arn, executionId: 'build-2', name: 'r2', type: 'TEST', status: 'SUCCEEDED', testCases: [] }, T0 + 2);
      assert.deepEqual((await store().reports.listReports({ reportGroupArn: g.arn })).items, [arn(2), arn(1)]);
      assert.deepEqual((await store().reports.listReports({ reportGroupArn: g.arn, sortOrder: 'ASCENDING', maxResults: 1 })).items, [arn(1)]);
      assert.deepEqual((await store().reports.listReports({ reportGroupArn: g.arn, status: 'FAILED' })).items, [arn(1)]);
      assert.deepEqual((await store().reports.listReports({ executionId: 'build-2' })).items, [arn(2)]);
      assert.equal((await store().reports.getGroup(g.arn))?.lastModified, T0 + 2);
      const all = await store().reports.testCases(arn(1), { maxResults: 2 });
      assert.deepEqual(all.items.map((c) => c.name), ['adds', 'divides']);
      assert.deepEqual(all.items[1], { ...cases[1], reportArn: arn(1) });
      assert.deepEqual((await store().reports.testCases(arn(1), { nextToken: all.nextToken ?? '' })).items.map((c) => c.name), ['skips']);
      assert.deepEqual((await store().reports.testCases(arn(1), { status: 'FAILED' })).items.map((c) => c.name), ['divides']);
      assert.deepEqual((await store().reports.testCases(arn(1), { keyword: 'other' })).items.map((c) => c.name), ['skips']);
    });

    test('lists groups by name and by time', async () => {
      const prefix = uniqueName('lg');
      await store().reports.createGroup({ ...group(`${prefix}-b`), created: T0 - 2 });
      await store().reports.createGroup({ ...group(`${prefix}-a`), created: T0 - 1 });
      const names = async (request: object): Promise<string[]> => (await store().reports.listGroups({ maxResults: 1000, ...request })).items
        .map((arn) => arn.slice(arn.lastIndexOf('/') + 1)).filter((n) => n.startsWith(prefix));
      assert.deepEqual(await names({}), [`${prefix}-a`, `${prefix}-b`]);
      assert.deepEqual(await names({ sortBy: 'CREATED_TIME' }), [`${prefix}-b`, `${prefix}-a`]);
      assert.deepEqual(await names({ sortOrder: 'DESCENDING' }), [`${prefix}-b`, `${prefix}-a`]);
    });
  });
}
