/**
 * `/metrics` in Prometheus' text format (requests, durations, executions, queue depth, lease
 * expiries, process figures) and `/health` through a drain.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreatePipelineCommand, GetPipelineCommand, type CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { ListUsersCommand } from '@aws-sdk/client-iam';
import { createTypes, pipeline, pollOne, SOURCE_TYPE } from '../support/job-workers.ts';
import { iamClient } from '../support/iam.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/** `name{labels} value` lines of the exposition, as [name+labels, value]. */
function samples(text: string): Map<string, number> {
  return new Map(text.split('\n').filter((l) => l && !l.startsWith('#')).map((line) => {
    const at = line.lastIndexOf(' ');
    return [line.slice(0, at), Number(line.slice(at + 1))];
  }));
}

async function scrape(t: TestServer): Promise<{ text: string; values: Map<string, number> }> {
  const response = await fetch(`${t.url}/metrics`);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'text/plain; version=0.0.4');
  const text = await response.text();
  return { text, values: samples(text) };
}

describe('metrics', () => {
  let t: TestServer;
  let client: CodePipelineClient;
  before(async () => {
    t = await startTestServer({ jobDispatchLeaseMs: 200, sweepIntervalMs: 50 });
    client = t.codepipeline();
  });
  after(() => t.close());

  it('counts requests by service, operation and status, with a duration histogram', async () => {
    await assert.rejects(client.send(new GetPipelineCommand({ name: 'missing' })), { name: 'PipelineNotFoundException' });
    await assert.rejects(client.send(new GetPipelineCommand({ name: 'missing' })), { name: 'PipelineNotFoundException' });
    const iam = iamClient(t);
    await iam.send(new ListUsersCommand({}));
    iam.destroy();
    await fetch(t.url, { method: 'POST', headers: { 'x-amz-target': 'CodePipeline_20150709.MadeUp1' }, body: '{}' });
    await fetch(t.url, { method: 'POST', headers: { 'x-amz-target': 'CodePipeline_20150709.MadeUp2' }, body: '{}' });

    const { text, values } = await scrape(t);
    assert.match(text, /^# HELP sluice_http_requests_total .+\n# TYPE sluice_http_requests_total counter$/m);
    assert.equal(values.get('sluice_http_requests_total{service="codepipeline",operation="GetPipeline",status="400"}'), 2);
    assert.equal(values.get('sluice_http_requests_total{service="iam",operation="ListUsers",status="200"}'), 1);
    assert.equal(values.get('sluice_http_requests_total{service="codepipeline",operation="unknown",status="400"}'), 2, 'made-up names share one series');
    assert.doesNotMatch(text, /MadeUp/);

    assert.match(text, /^# TYPE sluice_http_request_duration_seconds histogram$/m);
    const labels = 'service="codepipeline",operation="GetPipeline"';
    assert.equal(values.get(`sluice_http_request_duration_seconds_count{${labels}}`), 2);
    assert.equal(values.get(`sluice_http_request_duration_seconds_bucket{${labels},le="+Inf"}`), 2);
    assert.ok((values.get(`sluice_http_request_duration_seconds_sum{${labels}}`) ?? -1) > 0);
    const buckets = [...values].filter(([k]) => k.startsWith(`sluice_http_request_duration_seconds_bucket{${labels}`)).map(([, v]) => v);
    assert.deepEqual(buckets, [...buckets].sort((a, b) => a - b), 'buckets are cumulative');

    assert.ok((values.get('sluice_process_resident_memory_bytes') ?? 0) > 0);
    assert.ok((values.get('sluice_process_start_time_seconds') ?? 0) > 1_600_000_000);
  });

  it('reports executions by status, queue depth by action type and lease expiries', async () => {
    await createTypes(client);
    const before = (await scrape(t)).values;
    assert.equal(before.get('sluice_pipeline_executions{status="InProgress"}'), 0);
    assert.equal(before.get('sluice_job_lease_expiries_total'), 0);

    await client.send(new CreatePipelineCommand({ pipeline: pipeline('measured', 'measured') }));
    const queued = (await scrape(t)).values;
    assert.equal(queued.get('sluice_pipeline_executions{status="InProgress"}'), 1);
    assert.equal(queued.get('sluice_jobs_queued{action_type="Source/Custom/TestSource/1"}'), 1);

    // A worker polls and vanishes: the dispatch lease (200 ms) expires and the sweeper returns the job.
    const lost = await pollOne(client, SOURCE_TYPE, { Repo: 'measured' });
    assert.equal((await scrape(t)).values.get('sluice_jobs_queued{action_type="Source/Custom/TestSource/1"}'), undefined, 'claimed: no longer queued');
    const again = await pollOne(client, SOURCE_TYPE, { Repo: 'measured' });
    assert.equal(again.id, lost.id);
    assert.ok(((await scrape(t)).values.get('sluice_job_lease_expiries_total') ?? 0) >= 1);
  });
});

describe('health', () => {
  it('reports not ready while the server drains, before it stops listening', async () => {
    const t = await startTestServer({ drainDelayMs: 400 });
    assert.deepEqual(await (await fetch(`${t.url}/health`)).json(), { status: 'ready' });
    const closing = t.close();
    const response = await fetch(`${t.url}/health`);
    assert.equal(response.status, 503);
    assert.deepEqual(await response.json(), { status: 'not ready' });
    await closing;
    await assert.rejects(fetch(`${t.url}/health`), 'the port is closed after the drain');
  });
});
