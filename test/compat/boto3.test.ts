/**
 * boto3 (the AWS SDK for Python) against a Sluice server: fixtures/boto3_flows.py runs the main
 * flows — create, get, state, approval, start, stop, clientRequestToken, the paginators of
 * list_pipelines, list_pipeline_executions and list_action_executions, errors as botocore
 * ClientError — and prints what it saw as JSON, which this test asserts. Skipped without
 * python3 and boto3.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../support/server.ts';
import { boto3Available } from './support.ts';

const available = boto3Available();

interface ClientErrorSeen { code: string | null; message?: string; status?: number; requestId?: string }

interface Flows {
  boto3: string;
  created: { name: string; version: number; tags: { key: string; value: string }[] };
  get: { version: number; arn: string; createdIsDatetime: boolean; createdTz: string };
  state: { stages: string[]; source: string; gate: string; tokenLength: number; lastStatusChangeIsDatetime: boolean };
  approvalErrors: { badToken: ClientErrorSeen; again: ClientErrorSeen };
  approvedAtIsDatetime: boolean;
  firstExecution: string;
  idempotency: { distinct: boolean; same: boolean };
  stopped: { status: string; summary: string };
  stopAgain: ClientErrorSeen;
  listPipelines: { pages: number; names: string[] };
  listExecutions: { pages: number; ids: string[]; statuses: string[]; startTimeIsDatetime: boolean; expected: string[] };
  listActionExecutions: { pages: number; actions: string[]; summary: string };
  errors: Record<'getMissing' | 'badName' | 'nameInUse' | 'badToken' | 'executionMissing' | 'stageMissing' | 'nonce' | 'conflict', ClientErrorSeen>;
  afterDelete: string[];
}

function runFlows(env: Record<string, string>): Promise<{ rc: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', [join(import.meta.dirname, 'fixtures', 'boto3_flows.py')], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (rc) => resolve({ rc, stdout, stderr }));
  });
}

describe('boto3 compatibility', { skip: available.ok ? false : available.reason }, () => {
  let t: TestServer;
  let flows: Flows;

  before(async () => {
    t = await startTestServer();
    const result = await runFlows(t.awsEnv());
    assert.equal(result.rc, 0, `boto3_flows.py exits 0; stderr:\n${result.stderr}`);
    flows = JSON.parse(result.stdout) as Flows;
  });
  after(() => t?.close());

  it('creates and reads a pipeline, timestamps as timezone-aware datetimes', () => {
    assert.deepEqual(flows.created, { name: 'boto3-pipe', version: 1, tags: [{ key: 'team', value: 'ci' }] });
    assert.deepEqual(flows.get, { version: 1, arn: 'arn:aws:codepipeline:us-east-1:000000000000:boto3-pipe', createdIsDatetime: true, createdTz: 'tzlocal()' });
  });

  it('runs the first execution to an approval, answers it, and refuses bad or repeated answers', () => {
    assert.deepEqual(flows.state, { stages: ['Source', 'Approve'], source: 'Succeeded', gate: 'InProgress', tokenLength: 36, lastStatusChangeIsDatetime: true });
    assert.equal(flows.approvalErrors.badToken.code, 'InvalidApprovalTokenException');
    assert.equal(flows.approvalErrors.badToken.status, 400);
    assert.ok(['ApprovalAlreadyCompletedException', 'InvalidApprovalTokenException'].includes(flows.approvalErrors.again.code ?? ''), flows.approvalErrors.again.code ?? 'no error');
    assert.equal(flows.approvedAtIsDatetime, true);
    assert.equal(flows.firstExecution, 'Succeeded');
  });

  it('starts with boto3-generated and given clientRequestTokens, and stops an execution', () => {
    assert.deepEqual(flows.idempotency, { distinct: true, same: true });
    assert.deepEqual(flows.stopped, { status: 'Stopped', summary: 'stopped from boto3' });
    assert.ok(['PipelineExecutionNotStoppableException', 'DuplicatedStopRequestException'].includes(flows.stopAgain.code ?? ''), flows.stopAgain.code ?? 'no error');
  });

  it('pages list_pipelines, list_pipeline_executions and list_action_executions one item at a time', () => {
    assert.deepEqual(flows.listPipelines, { pages: 3, names: ['boto3-a', 'boto3-b', 'boto3-pipe'] });
    assert.equal(flows.listExecutions.pages, 3);
    assert.deepEqual(flows.listExecutions.ids, flows.listExecutions.expected, 'newest first');
    assert.deepEqual(flows.listExecutions.statuses, ['InProgress', 'Stopped', 'Succeeded']);
    assert.equal(flows.listExecutions.startTimeIsDatetime, true);
    assert.deepEqual(flows.listActionExecutions, { pages: 2, actions: ['Approve.Gate:Succeeded', 'Source.Src:Succeeded'], summary: 'ship it' });
  });

  it('raises botocore ClientError with the error code and HTTP status', () => {
    const expected: Record<keyof Flows['errors'], [string, number]> = {
      getMissing: ['PipelineNotFoundException', 400],
      badName: ['ValidationException', 400],
      nameInUse: ['PipelineNameInUseException', 400],
      badToken: ['InvalidNextTokenException', 400],
      executionMissing: ['PipelineExecutionNotFoundException', 400],
      stageMissing: ['StageNotFoundException', 400],
      nonce: ['JobNotFoundException', 400],
      conflict: ['ConflictException', 409],
    };
    for (const [name, [code, status]] of Object.entries(expected)) {
      const seen = flows.errors[name as keyof Flows['errors']];
      assert.deepEqual([seen.code, seen.status], [code, status], `${name}: ${seen.message ?? ''}`);
      assert.match(seen.requestId ?? '', /^[0-9a-f-]{36}$/, `${name} carries the request id`);
    }
    assert.equal(flows.errors.getMissing.message, 'Pipeline boto3-nope not found');
    assert.match(flows.errors.badName.message ?? '', /Value 'bad name' at 'name' failed to satisfy constraint/);
    assert.deepEqual(flows.afterDelete, ['boto3-a', 'boto3-pipe']);
  });
});
