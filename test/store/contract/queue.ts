/**
 * Contract: the work the engine leaves behind — jobs (claim, leases, heartbeats, sweeping,
 * re-queueing, closing), timers and the event outbox — all written by step commands.
 */
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { SluiceError } from '../../../src/model/errors.ts';
import type { Store } from '../../../src/store/ports.ts';
import { makeEvent, makeJob, makeTimer, T0, uniqueName } from '../builders.ts';
import { type ContractIt, lastOutboxSeq, type MakeStore, runCommands, useStore } from './helpers.ts';

const LEASE_MS = 30_000;

export function describeQueueContract(makeStore: MakeStore, test: ContractIt): void {
  describe('jobs', () => {
    const store = useStore(makeStore);
    const claim = (workerId: string, actionTypeKeys: string[], limit: number, now: number) =>
      store().jobs.claim({ workerId, actionTypeKeys, limit, leaseMs: LEASE_MS, now });

    test('claims queued jobs of the given types, oldest first, at most limit', async () => {
      const name = uniqueName('claim');
      const [build, test2, other] = [uniqueName('build'), uniqueName('test'), uniqueName('other')];
      const jobs = [build, other, test2, build].map((actionTypeKey) => makeJob({ pipelineName: name, actionTypeKey }));
      await runCommands(store(), name, jobs.map((job) => ({ type: 'EnqueueJob' as const, job })));
      const queued = await store().jobs.get(jobs[0]?.jobId ?? '');
      assert.equal(queued?.status, 'Queued');
      assert.equal(queued?.lockedBy, undefined);

      const claimed = await claim('w1', [build, test2], 2, T0 + 5);
      assert.deepEqual(claimed.map((j) => j.jobId), [jobs[0]?.jobId, jobs[2]?.jobId]);
      const first = claimed[0];
      assert.ok(first && jobs[0]);
      const { jobId, actionTypeKey, pipelineName, executionId, actionExecutionId, stageName, actionName, attempt, nonce, data } = jobs[0];
      assert.deepEqual({ ...first, createdAt: 0, updatedAt: 0 }, {
        jobId, actionTypeKey, pipelineName, executionId, actionExecutionId, stageName, actionName, attempt, nonce, data,
        status: 'Dispatched', lockedBy: 'w1', leaseExpiresAt: T0 + 5 + LEASE_MS, createdAt: 0, updatedAt: 0,
      });
      assert.deepEqual(await store().jobs.get(first.jobId), first);

      assert.deepEqual((await claim('w2', [build, test2], 10, T0 + 6)).map((j) => j.jobId), [jobs[3]?.jobId]);
      assert.deepEqual(await claim('w3', [build, test2], 10, T0 + 7), [], 'a claimed job is not claimed again');
      assert.deepEqual(await claim('w3', [], 10, T0 + 7), []);
      assert.ok((await store().jobs.queuedTypes()).includes(other));
      assert.ok(!(await store().jobs.queuedTypes()).includes(build));
    });

    test('claims only jobs whose configuration holds the requested value', async () => {
      const name = uniqueName('query');
      const typeKey = uniqueName('custom');
      const withTarget = (target: string | undefined) => {
        const job = makeJob({ pipelineName: name, actionTypeKey: typeKey });
        job.data.actionConfiguration.configuration = target === undefined ? {} : { 'Target.Name': target, Other: 'x' };
        return job;
      };
      const [blue, green, none, blue2] = [withTarget('blue'), withTarget('green'), withTarget(undefined), withTarget('blue')];
      await runCommands(store(), name, [blue, green, none, blue2].map((job) => ({ type: 'EnqueueJob' as const, job })));
      const byValue = (value: string, limit = 10) => store().jobs.claim({
        workerId: 'w', actionTypeKeys: [typeKey], limit, leaseMs: LEASE_MS, now: T0, configuration: { key: 'Target.Name', value },
      });
      assert.deepEqual((await byValue('blue', 1)).map((j) => j.jobId), [blue.jobId]);
      assert.deepEqual((await byValue('Other')).map((j) => j.jobId), [], 'a value under another key does not match');
      assert.deepEqual((await byValue('blue')).map((j) => j.jobId), [blue2.jobId]);
      assert.deepEqual((await claim('w', [typeKey], 10, T0)).map((j) => j.jobId), [green.jobId, none.jobId], 'no filter: any job');
    });

    test('heartbeat extends the lease only for the worker holding it', async () => {
      const { job, typeKey } = await enqueueOne(store(), 'heartbeat');
      await claim('w1', [typeKey], 1, T0);
      assert.equal(await store().jobs.heartbeat(job.jobId, 'w1', LEASE_MS, T0 + 10_000), true);
      assert.equal((await store().jobs.get(job.jobId))?.leaseExpiresAt, T0 + 10_000 + LEASE_MS);
      assert.equal(await store().jobs.heartbeat(job.jobId, 'w2', LEASE_MS, T0 + 10_001), false);
      assert.equal(await store().jobs.heartbeat(uniqueName('missing'), 'w1', LEASE_MS, T0), false);
      await store().jobs.acknowledge(job.jobId, T0 + 10_002);
      assert.equal((await store().jobs.get(job.jobId))?.status, 'InProgress');
      assert.equal(await store().jobs.heartbeat(job.jobId, 'w1', LEASE_MS, T0 + 20_000), true);
    });

    test('acknowledge moves a dispatched job to InProgress', async () => {
      const { job, typeKey } = await enqueueOne(store(), 'ack');
      await assert.rejects(store().jobs.acknowledge(job.jobId, T0), hasCode('InvalidJobStateException'));
      await claim('w1', [typeKey], 1, T0);
      await store().jobs.acknowledge(job.jobId, T0 + 1);
      await store().jobs.acknowledge(job.jobId, T0 + 2);
      const record = await store().jobs.get(job.jobId);
      assert.equal(record?.status, 'InProgress');
      assert.equal(record?.lockedBy, 'w1');
      await assert.rejects(store().jobs.acknowledge(uniqueName('missing'), T0), hasCode('JobNotFoundException'));
    });

    test('listExpired returns open jobs whose lease has passed, oldest first', async () => {
      const a = await enqueueOne(store(), 'expire-a');
      const b = await enqueueOne(store(), 'expire-b');
      await claim('w1', [b.typeKey], 1, T0 + 100);
      await claim('w1', [a.typeKey], 1, T0 + 200);
      await store().jobs.acknowledge(a.job.jobId, T0 + 201);
      const mine = async (now: number) => (await store().jobs.listExpired(now, 1000))
        .map((j) => j.jobId).filter((id) => id === a.job.jobId || id === b.job.jobId);
      assert.deepEqual(await mine(T0 + 100 + LEASE_MS), [], 'a lease is valid through its expiry time');
      assert.deepEqual(await mine(T0 + 101 + LEASE_MS), [b.job.jobId]);
      assert.deepEqual(await mine(T0 + 10 * LEASE_MS), [b.job.jobId, a.job.jobId]);
    });

    test('RequeueJob makes a job claimable again with the new attempt', async () => {
      const { job, typeKey } = await enqueueOne(store(), 'requeue');
      await claim('w1', [typeKey], 1, T0);
      await runCommands(store(), job.pipelineName, [{ type: 'RequeueJob', jobId: job.jobId, attempt: 2 }]);
      const queued = await store().jobs.get(job.jobId);
      assert.equal(queued?.status, 'Queued');
      assert.equal(queued?.attempt, 2);
      assert.equal(queued?.lockedBy, undefined);
      assert.equal(queued?.leaseExpiresAt, undefined);
      assert.equal(await store().jobs.heartbeat(job.jobId, 'w1', LEASE_MS, T0 + 1), false);
      const [again] = await claim('w2', [typeKey], 1, T0 + 2);
      assert.equal(again?.jobId, job.jobId);
      assert.equal(again?.attempt, 2);
      assert.equal(again?.lockedBy, 'w2');
    });

    test('CloseJob ends the job: heartbeats fail and later commands change nothing', async () => {
      const { job, typeKey } = await enqueueOne(store(), 'close');
      await claim('w1', [typeKey], 1, T0);
      await runCommands(store(), job.pipelineName, [{ type: 'CloseJob', jobId: job.jobId, status: 'Succeeded' }]);
      const closed = await store().jobs.get(job.jobId);
      assert.equal(closed?.status, 'Succeeded');
      assert.equal(closed?.lockedBy, undefined);
      assert.equal(await store().jobs.heartbeat(job.jobId, 'w1', LEASE_MS, T0 + 1), false);
      await runCommands(store(), job.pipelineName, [
        { type: 'RequeueJob', jobId: job.jobId, attempt: 2 }, { type: 'CloseJob', jobId: job.jobId, status: 'Failed' }]);
      assert.equal((await store().jobs.get(job.jobId))?.status, 'Succeeded');
      assert.deepEqual(await claim('w2', [typeKey], 1, T0 + 2), []);
      assert.deepEqual((await store().jobs.listExpired(T0 + 100 * LEASE_MS, 1000)).filter((j) => j.jobId === job.jobId), []);
    });

    test('CloseJob cancels a job nobody claimed yet', async () => {
      const { job, typeKey } = await enqueueOne(store(), 'cancel');
      await runCommands(store(), job.pipelineName, [{ type: 'CloseJob', jobId: job.jobId, status: 'Cancelled' }]);
      assert.equal((await store().jobs.get(job.jobId))?.status, 'Cancelled');
      assert.deepEqual(await claim('w1', [typeKey], 1, T0), []);
      assert.ok(!(await store().jobs.queuedTypes()).includes(typeKey));
    });
  });

  describe('timers', () => {
    const store = useStore(makeStore);
    const claimDue = (workerId: string, now: number) => store().timers.claimDue({ workerId, now, leaseMs: 1000, limit: 10 });

    test('nextDueAt is undefined without timers', async () => {
      assert.equal(await store().timers.nextDueAt(), undefined);
    });

    test('SetTimer, claimDue, CancelTimer and nextDueAt', async () => {
      const name = uniqueName('timers');
      const early = makeTimer({ pipelineName: name, dueAt: T0 + 100 });
      const late = makeTimer({ pipelineName: name, dueAt: T0 + 200 });
      const cancelled = makeTimer({ pipelineName: name, dueAt: T0 + 50 });
      await runCommands(store(), name, [early, late, cancelled].map((timer) => ({ type: 'SetTimer' as const, timer })));
      assert.equal(await store().timers.nextDueAt(), T0 + 50);
      await runCommands(store(), name, [{ type: 'CancelTimer', timerId: cancelled.timerId }]);
      assert.equal(await store().timers.nextDueAt(), T0 + 100);

      assert.deepEqual(await claimDue('w1', T0 + 99), []);
      const { timerId, dueAt, pipelineName, executionId, actionExecutionId } = early;
      assert.deepEqual(await claimDue('w1', T0 + 100), [{ timerId, dueAt, pipelineName, executionId, actionExecutionId }]);
      // Leased until T0 + 1100: claimable again just after, not before.
      assert.equal(await store().timers.nextDueAt(), T0 + 200);
      assert.deepEqual(ids(await claimDue('w2', T0 + 300)), [late.timerId], 'a leased timer is not claimed twice');
      assert.equal(await store().timers.nextDueAt(), T0 + 1101);
      assert.deepEqual(ids(await claimDue('w2', T0 + 1100)), [], 'the lease holds through its expiry time');
      assert.deepEqual(ids(await claimDue('w2', T0 + 1101)), [early.timerId], 'an expired lease lets another worker fire it');

      // Setting a timer again replaces it (and its lease); cancelling removes it.
      await runCommands(store(), name, [{ type: 'CancelTimer', timerId: early.timerId }]);
      await runCommands(store(), name, [{ type: 'SetTimer', timer: { ...late, dueAt: T0 + 5000 } }]);
      assert.equal(await store().timers.nextDueAt(), T0 + 5000);
      assert.deepEqual(await claimDue('w3', T0 + 4999), []);
      assert.deepEqual(ids(await claimDue('w3', T0 + 5000)), [late.timerId]);
      await runCommands(store(), name, [{ type: 'CancelTimer', timerId: late.timerId }]);
      assert.deepEqual(await claimDue('w4', T0 + 1e9), []);
      assert.equal(await store().timers.nextDueAt(), undefined);
    });

    test('claimDue takes the earliest timers first, at most limit', async () => {
      const name = uniqueName('timer-limit');
      const timers = [300, 100, 200].map((offset) => makeTimer({ pipelineName: name, dueAt: T0 + offset }));
      await runCommands(store(), name, timers.map((timer) => ({ type: 'SetTimer' as const, timer })));
      const claimed = await store().timers.claimDue({ workerId: 'w1', now: T0 + 1000, leaseMs: 1000, limit: 2 });
      assert.deepEqual(claimed.map((t) => t.dueAt), [T0 + 100, T0 + 200]);
      await runCommands(store(), name, timers.map((t) => ({ type: 'CancelTimer' as const, timerId: t.timerId })));
    });
  });

  describe('outbox', () => {
    const store = useStore(makeStore);

    test('Emit appends events in order', async () => {
      const name = uniqueName('outbox');
      const start = await lastOutboxSeq(store());
      const events = [0, 1, 2].map((i) => makeEvent({ pipelineName: name, time: `2023-11-14T22:13:2${i}Z` }));
      await runCommands(store(), name, [{ type: 'Emit', event: events[0] ?? makeEvent({ pipelineName: name }) }]);
      await runCommands(store(), name, events.slice(1).map((event) => ({ type: 'Emit' as const, event })));
      const read = await store().outbox.read(start, 10);
      assert.deepEqual(read.map((entry) => entry.event), events);
      const seqs = read.map((entry) => entry.seq);
      assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b));
      assert.ok((seqs[0] ?? 0) > start);
      assert.deepEqual((await store().outbox.read(seqs[0] ?? 0, 1)).map((e) => e.event), [events[1]]);
      assert.deepEqual(await store().outbox.read(seqs[2] ?? 0, 10), []);
    });

    test('append publishes other events in order, after the engine\'s', async () => {
      const name = uniqueName('outbox');
      const start = await lastOutboxSeq(store());
      await runCommands(store(), name, [{ type: 'Emit', event: makeEvent({ pipelineName: name }) }]);
      const pushed = ['a', 'b'].map((ref) => ({
        version: '0' as const, id: `push-${ref}-${name}`, 'detail-type': 'CodeCommit Repository State Change', source: 'aws.codecommit',
        account: '000000000000', time: '2023-11-14T22:13:20Z', region: 'us-east-1', resources: [], detail: { referenceName: ref },
      }));
      await store().outbox.append(pushed);
      await store().outbox.append([]);
      const read = await store().outbox.read(start, 10);
      assert.deepEqual(read.slice(1).map((entry) => entry.event), pushed);
      assert.equal(read.length, 3);
    });
  });
}

async function enqueueOne(store: Store, label: string) {
  const typeKey = uniqueName(label);
  const job = makeJob({ pipelineName: uniqueName(label), actionTypeKey: typeKey });
  await runCommands(store, job.pipelineName, [{ type: 'EnqueueJob', job }]);
  return { job, typeKey };
}

function hasCode(code: string) {
  return (e: unknown): boolean => {
    assert.ok(e instanceof SluiceError);
    assert.equal(e.code, code);
    return true;
  };
}

function ids(timers: { timerId: string }[]): string[] {
  return timers.map((t) => t.timerId);
}
