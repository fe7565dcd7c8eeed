/**
 * Builds that run: `sluice server`'s build worker takes what StartBuild queues and runs it with
 * the build runner. Driven with the real SDK clients: CodeBuild to start, stop and read builds,
 * CloudWatch Logs to read their logs, SSM and Secrets Manager for the secrets builds resolve
 * (masked in the log), S3 for sources and artifacts; and a pipeline whose CodeBuild action builds
 * its source and hands the build's exported variables to the next action.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  BatchGetBuildsCommand, type Build, CodeBuildClient, CreateProjectCommand, type CreateProjectCommandInput, DescribeTestCasesCommand,
  ListReportsForReportGroupCommand, StartBuildCommand, StopBuildCommand,
} from '@aws-sdk/client-codebuild';
import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreatePipelineCommand, GetPipelineExecutionCommand, ListActionExecutionsCommand } from '@aws-sdk/client-codepipeline';
import { GetObjectCommand, PutObjectCommand, CreateBucketCommand } from '@aws-sdk/client-s3';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { unzipSync, zipSync, strToU8, strFromU8 } from 'fflate';
import { waitFor } from '../compat/support.ts';
import { completeSource, createTypes, SOURCE_TYPE } from '../support/job-workers.ts';
import { bytesOf, s3Client } from '../support/s3.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { makeUser, policyOf } from '../support/iam.ts';
import { Sha256 } from '@smithy/core/checksum';
import { HttpRequest } from '@smithy/core/protocols';
import { SignatureV4 } from '@smithy/signature-v4';

const ACCOUNT = '000000000000';
const ENVIRONMENT = { type: 'LINUX_CONTAINER', image: 'aws/codebuild/standard:7.0', computeType: 'BUILD_GENERAL1_SMALL' } as const;

function project(name: string, buildspec: string, over: Partial<CreateProjectCommandInput> = {}): CreateProjectCommandInput {
  return {
    name, serviceRole: `arn:aws:iam::${ACCOUNT}:role/build`,
    source: { type: 'NO_SOURCE', buildspec }, artifacts: { type: 'NO_ARTIFACTS' }, environment: { ...ENVIRONMENT }, ...over,
  };
}

describe('builds run by the server', () => {
  let t: TestServer;
  let cb: CodeBuildClient;
  let logs: CloudWatchLogsClient;
  const config = () => ({ endpoint: t.url, region: 'us-east-1', credentials: t.credentials, maxAttempts: 1 });

  before(async () => {
    t = await startTestServer({ buildConcurrency: 2 });
    cb = new CodeBuildClient(config());
    logs = new CloudWatchLogsClient(config());
  });
  after(async () => {
    cb.destroy();
    logs.destroy();
    await t.close();
  });

  async function finished(id: string, timeoutMs = 20_000): Promise<Build> {
    return waitFor(`build ${id} to finish`, async () => {
      const { builds } = await cb.send(new BatchGetBuildsCommand({ ids: [id] }));
      return builds?.[0]?.buildComplete ? builds[0] : undefined;
    }, timeoutMs);
  }

  async function logOf(build: Build): Promise<string[]> {
    const { events } = await logs.send(new GetLogEventsCommand({
      logGroupName: build.logs?.groupName, logStreamName: build.logs?.streamName, startFromHead: true,
    }));
    return (events ?? []).map((e) => e.message ?? '');
  }

  it('runs a started build through every phase, with its log, exported variables and test report', async () => {
    const buildspec = [
      'version: 0.2',
      'env:',
      '  exported-variables: [GREETING]',
      'phases:',
      '  build:',
      '    commands:',
      '      - export GREETING="hello from build $CODEBUILD_BUILD_NUMBER"',
      '      - echo "$GREETING"',
      '      - mkdir -p reports',
      `      - printf '%s' '<testsuite name="unit"><testcase classname="math" name="adds" time="0.5"/><testcase classname="math" name="divides"><failure message="by zero"/></testcase></testsuite>' > reports/unit.xml`,
      'reports:',
      '  unit:',
      '    files: [reports/*.xml]',
    ].join('\n');
    await cb.send(new CreateProjectCommand(project('runs', buildspec)));
    const { build: started } = await cb.send(new StartBuildCommand({ projectName: 'runs' }));
    const build = await finished(started?.id ?? '');
    assert.equal(build.buildStatus, 'SUCCEEDED');
    assert.deepEqual(build.phases?.map((p) => [p.phaseType, p.phaseStatus]), [
      ['SUBMITTED', 'SUCCEEDED'], ['QUEUED', 'SUCCEEDED'], ['PROVISIONING', 'SUCCEEDED'], ['DOWNLOAD_SOURCE', 'SUCCEEDED'],
      ['INSTALL', 'SUCCEEDED'], ['PRE_BUILD', 'SUCCEEDED'], ['BUILD', 'SUCCEEDED'], ['POST_BUILD', 'SUCCEEDED'],
      ['UPLOAD_ARTIFACTS', 'SUCCEEDED'], ['FINALIZING', 'SUCCEEDED'], ['COMPLETED', undefined],
    ]);
    assert.deepEqual(build.exportedEnvironmentVariables, [{ name: 'GREETING', value: 'hello from build 1' }]);
    assert.ok((await logOf(build)).includes('hello from build 1'), 'the command output is in the build log');
    const reportGroupArn = `arn:aws:codebuild:us-east-1:${ACCOUNT}:report-group/runs-unit`;
    const { reports } = await cb.send(new ListReportsForReportGroupCommand({ reportGroupArn }));
    assert.equal(reports?.length, 1);
    const { testCases } = await cb.send(new DescribeTestCasesCommand({ reportArn: reports?.[0] }));
    assert.deepEqual(testCases?.map((c) => [c.prefix, c.name, c.status]).sort(), [['math', 'adds', 'SUCCEEDED'], ['math', 'divides', 'FAILED']]);
  });

  it('fails a build at its failing command, runs post_build, and records the phase context', async () => {
    const buildspec = 'version: 0.2\nphases:\n  build:\n    commands: ["exit 3"]\n  post_build:\n    commands: [\'echo "succeeding=$CODEBUILD_BUILD_SUCCEEDING"\']\n';
    await cb.send(new CreateProjectCommand(project('fails', buildspec)));
    const { build: started } = await cb.send(new StartBuildCommand({ projectName: 'fails' }));
    const build = await finished(started?.id ?? '');
    assert.equal(build.buildStatus, 'FAILED');
    const phase = build.phases?.find((p) => p.phaseType === 'BUILD');
    assert.equal(phase?.phaseStatus, 'FAILED');
    assert.equal(phase?.contexts?.[0]?.statusCode, 'COMMAND_EXECUTION_ERROR');
    assert.ok((await logOf(build)).includes('succeeding=0'), 'post_build ran and saw the failure');
  });

  it('resolves Parameter Store and Secrets Manager values into the build and masks them in its log', async () => {
    const ssm = new SSMClient(config());
    const sm = new SecretsManagerClient(config());
    try {
      await ssm.send(new PutParameterCommand({ Name: '/app/db-password', Value: 'pa55-w0rd-xyz', Type: 'SecureString' }));
      await sm.send(new CreateSecretCommand({ Name: 'prod/api', SecretString: JSON.stringify({ key: 'api-key-123456' }) }));
    } finally {
      ssm.destroy();
      sm.destroy();
    }
    const buildspec = [
      'version: 0.2',
      'env:',
      '  exported-variables: [DB_PASSWORD, API_KEY, PLAIN]',
      '  variables:',
      '    PLAIN: visible',
      '  secrets-manager:',
      '    API_KEY: prod/api:key',
      'phases:',
      '  build:',
      '    commands:',
      '      - echo "db=$DB_PASSWORD api=$API_KEY"',
      '      - test "$DB_PASSWORD" = pa55-w0rd-xyz && test "$API_KEY" = api-key-123456',
    ].join('\n');
    await cb.send(new CreateProjectCommand(project('secrets', buildspec, {
      environment: { ...ENVIRONMENT, environmentVariables: [{ name: 'DB_PASSWORD', value: '/app/db-password', type: 'PARAMETER_STORE' }] },
    })));
    const { build: started } = await cb.send(new StartBuildCommand({ projectName: 'secrets' }));
    const build = await finished(started?.id ?? '');
    assert.equal(build.buildStatus, 'SUCCEEDED', 'the build saw both values');
    const log = (await logOf(build)).join('\n');
    assert.match(log, /db=\*\*\* api=\*\*\*/);
    assert.deepEqual(build.exportedEnvironmentVariables, [{ name: 'PLAIN', value: 'visible' }], 'secrets are never exported');
    assert.doesNotMatch(log, /pa55-w0rd-xyz|api-key-123456/);
  });

  it('fails a build whose Parameter Store variable does not exist, before running anything', async () => {
    await cb.send(new CreateProjectCommand(project('missing-parameter', 'version: 0.2\nphases:\n  build:\n    commands: [echo never]\n', {
      environment: { ...ENVIRONMENT, environmentVariables: [{ name: 'TOKEN', value: '/nope', type: 'PARAMETER_STORE' }] },
    })));
    const { build: started } = await cb.send(new StartBuildCommand({ projectName: 'missing-parameter' }));
    const build = await finished(started?.id ?? '');
    assert.equal(build.buildStatus, 'FAILED');
    const failed = build.phases?.find((p) => p.phaseStatus === 'FAILED');
    assert.equal(failed?.contexts?.[0]?.statusCode, 'CLIENT_ERROR');
    assert.match(failed?.contexts?.[0]?.message ?? '', /TOKEN/);
    assert.ok(!(await logOf(build)).includes('never'));
  });

  it('streams a running build\'s log live as server-sent events, resumable, to callers allowed to read the build', async () => {
    const buildspec = 'version: 0.2\nphases:\n  build:\n    commands: ["for i in 1 2 3; do echo line-$i; sleep 0.2; done"]\n';
    await cb.send(new CreateProjectCommand(project('streams', buildspec)));
    const { build: started } = await cb.send(new StartBuildCommand({ projectName: 'streams' }));
    const id = started?.id ?? '';
    const events = await readEvents(await signedGet(t, `/api/builds/${encodeURIComponent(id)}/log`, t.credentials));
    const lines = events.filter((e) => e.event === 'log').map((e) => (JSON.parse(e.data) as { message: string }).message);
    assert.deepEqual(lines.filter((l) => l.startsWith('line-')), ['line-1', 'line-2', 'line-3']);
    assert.ok(events.some((e) => e.event === 'phase' && e.data.includes('"BUILD"')), 'phase changes arrive as they happen');
    assert.deepEqual(events.at(-1), { event: 'end', data: '{"buildStatus":"SUCCEEDED"}' });
    const third = events.find((e) => e.event === 'log' && e.data.includes('line-3'));
    const resumed = await readEvents(await signedGet(t, `/api/builds/${encodeURIComponent(id)}/log`, t.credentials, { 'last-event-id': String(Number(third?.id) - 1) }));
    assert.deepEqual(resumed.filter((e) => e.event === 'log').map((e) => e.id), [third?.id, ...events.filter((e) => e.event === 'log' && Number(e.id) > Number(third?.id)).map((e) => e.id)]);

    const reader = await makeUser(t, 'other-project-reader', policyOf({ Effect: 'Allow', Action: 'codebuild:BatchGetBuilds', Resource: `arn:aws:codebuild:us-east-1:${ACCOUNT}:project/runs` }));
    const denied = await signedGet(t, `/api/builds/${encodeURIComponent(id)}/log`, reader);
    assert.equal(denied.status, 403);
    assert.equal(((await denied.json()) as { __type: string }).__type, 'AccessDeniedException');
    const unsigned = await fetch(`${t.url}/api/builds/${encodeURIComponent(id)}/log`);
    assert.equal(unsigned.status, 403);
    await unsigned.arrayBuffer();
  });

  it('stops a running build at once, leaving no process behind', async () => {
    const buildspec = 'version: 0.2\nphases:\n  build:\n    commands: ["echo started; sleep 300"]\n';
    await cb.send(new CreateProjectCommand(project('stops', buildspec)));
    const { build: started } = await cb.send(new StartBuildCommand({ projectName: 'stops' }));
    const id = started?.id ?? '';
    await waitFor('the build to run its command', async () => {
      const { builds } = await cb.send(new BatchGetBuildsCommand({ ids: [id] }));
      return builds?.[0] && (await logOf(builds[0])).includes('started') ? true : undefined;
    });
    await cb.send(new StopBuildCommand({ id }));
    const build = await finished(id, 15_000);
    assert.equal(build.buildStatus, 'STOPPED');
  });

  it('builds an S3 source into an S3 artifact', async () => {
    const s3 = s3Client(t);
    try {
      await s3.send(new CreateBucketCommand({ Bucket: 'build-sources' }));
      const source = zipSync({
        'buildspec.yml': strToU8('version: 0.2\nphases:\n  build:\n    commands: ["mkdir -p dist && tr a-z A-Z < name.txt > dist/NAME.txt"]\nartifacts:\n  files: ["**/*"]\n  base-directory: dist\n'),
        'name.txt': strToU8('sluice'),
      });
      await s3.send(new PutObjectCommand({ Bucket: 'build-sources', Key: 'app/source.zip', Body: source }));
      await cb.send(new CreateProjectCommand(project('s3', '', {
        source: { type: 'S3', location: 'build-sources/app/source.zip' },
        artifacts: { type: 'S3', location: 'build-outputs', name: 'out.zip', packaging: 'ZIP' },
      })));
      const { build: started } = await cb.send(new StartBuildCommand({ projectName: 's3' }));
      const build = await finished(started?.id ?? '');
      assert.equal(build.buildStatus, 'SUCCEEDED', JSON.stringify(build.phases?.flatMap((p) => p.contexts ?? [])));
      assert.equal(build.artifacts?.location, 'arn:aws:s3:::build-outputs/out.zip');
      const zip = await bytesOf((await s3.send(new GetObjectCommand({ Bucket: 'build-outputs', Key: 'out.zip' }))).Body);
      assert.deepEqual(Object.keys(unzipSync(zip)), ['NAME.txt']);
      assert.equal(strFromU8(unzipSync(zip)['NAME.txt'] ?? new Uint8Array()), 'SLUICE');
    } finally {
      s3.destroy();
    }
  });

  it('runs a pipeline CodeBuild action on the source artifact and passes its exported variables on to a Commands action with a secret', async () => {
    const cp = t.codepipeline();
    await createTypes(cp);
    const sm = new SecretsManagerClient(config());
    await sm.send(new CreateSecretCommand({ Name: 'pipeline/token', SecretString: 't0k3n-value' }));
    sm.destroy();
    const buildspec = 'version: 0.2\nenv:\n  exported-variables: [VERSION]\nphases:\n  build:\n    commands:\n      - export VERSION="$(cat version.txt)-$STAGE"\nartifacts:\n  files: [version.txt]\n';
    await cb.send(new CreateProjectCommand(project('pipeline-build', buildspec, {
      source: { type: 'CODEPIPELINE', buildspec }, artifacts: { type: 'CODEPIPELINE' },
    })));
    await cp.send(new CreatePipelineCommand({ pipeline: {
      name: 'with-build', pipelineType: 'V2', roleArn: `arn:aws:iam::${ACCOUNT}:role/p`, artifactStore: { type: 'S3', location: 'pipeline-artifacts' },
      stages: [
        { name: 'Source', actions: [{ name: 'Checkout', actionTypeId: SOURCE_TYPE, configuration: { Repo: 'with-build' }, outputArtifacts: [{ name: 'Code' }] }] },
        { name: 'Build', actions: [{
          name: 'Compile', namespace: 'BuildVars', actionTypeId: { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' },
          configuration: { ProjectName: 'pipeline-build', EnvironmentVariables: JSON.stringify([{ name: 'STAGE', value: 'prod', type: 'PLAINTEXT' }]) },
          inputArtifacts: [{ name: 'Code' }], outputArtifacts: [{ name: 'Built' }],
        }] },
        { name: 'Check', actions: [{
          name: 'Verify', actionTypeId: { category: 'Compute', owner: 'AWS', provider: 'Commands', version: '1' },
          commands: ['test "$VERSION" = 1.2.3-prod', 'test "$(cat version.txt)" = 1.2.3', 'test "$TOKEN" = t0k3n-value', 'echo "token=$TOKEN"'],
          environmentVariables: [{ name: 'VERSION', value: '#{BuildVars.VERSION}' }, { name: 'TOKEN', value: 'pipeline/token', type: 'SECRETS_MANAGER' }],
          inputArtifacts: [{ name: 'Built' }],
        }] },
      ],
    } }));
    // The first execution starts with the pipeline; its source job is a zip holding version.txt.
    const job = await completeSourceWith(t, 'with-build', { 'version.txt': '1.2.3' });
    const executionId = job.data?.pipelineContext?.pipelineExecutionId ?? '';
    const execution = await waitFor('the execution to end', async () => {
      const { pipelineExecution } = await cp.send(new GetPipelineExecutionCommand({ pipelineName: 'with-build', pipelineExecutionId: executionId }));
      return pipelineExecution?.status === 'InProgress' ? undefined : pipelineExecution;
    }, 30_000);
    const { actionExecutionDetails } = await cp.send(new ListActionExecutionsCommand({ pipelineName: 'with-build', filter: { pipelineExecutionId: executionId } }));
    const details = actionExecutionDetails?.map((a) => [a.actionName, a.status, a.output?.executionResult?.externalExecutionSummary]);
    assert.equal(execution.status, 'Succeeded', JSON.stringify(details));
    const compile = actionExecutionDetails?.find((a) => a.actionName === 'Compile');
    assert.deepEqual(compile?.output?.outputVariables, { VERSION: '1.2.3-prod' });
    assert.match(compile?.output?.executionResult?.externalExecutionId ?? '', /^pipeline-build:/);
    const logUrl = compile?.output?.executionResult?.externalExecutionUrl ?? '';
    assert.equal(logUrl, `${t.url}/api/builds/${encodeURIComponent(compile?.output?.executionResult?.externalExecutionId ?? '')}/log`, 'the action links to its build\'s live log');
  });
});

describe('a build across a server restart', () => {
  it('is run again from the start by the restarted server and succeeds, keeping its id and number', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sluice-build-restart-'));
    // A short lease and sweep, so the restarted server takes the build back within a second.
    const options = { dataDir, leaseMs: 600, sweepIntervalMs: 100 };
    try {
      let t = await startTestServer(options);
      let id = '';
      try {
        const cb = new CodeBuildClient({ endpoint: t.url, region: 'us-east-1', credentials: t.credentials, maxAttempts: 1 });
        const buildspec = 'version: 0.2\nphases:\n  build:\n    commands: ["echo run-$CODEBUILD_BUILD_NUMBER", "sleep 1", "echo finished"]\n';
        await cb.send(new CreateProjectCommand(project('restarts', buildspec)));
        id = (await cb.send(new StartBuildCommand({ projectName: 'restarts' }))).build?.id ?? '';
        // Its first command has run (its line is in the log) when the server goes away.
        const logs = new CloudWatchLogsClient({ endpoint: t.url, region: 'us-east-1', credentials: t.credentials, maxAttempts: 1 });
        await waitFor('the build to run its first command', async () => {
          const { builds } = await cb.send(new BatchGetBuildsCommand({ ids: [id] }));
          const stream = builds?.[0]?.logs;
          if (!stream?.groupName || !stream.streamName) return undefined;
          const { events = [] } = await logs.send(new GetLogEventsCommand({ logGroupName: stream.groupName, logStreamName: stream.streamName, startFromHead: true }));
          return events.some((e) => e.message === 'run-1') ? true : undefined;
        });
        logs.destroy();
        cb.destroy();
      } finally {
        await t.close();
      }
      t = await startTestServer(options);
      const cb = new CodeBuildClient({ endpoint: t.url, region: 'us-east-1', credentials: t.credentials, maxAttempts: 1 });
      try {
        const build = await waitFor(`build ${id} to finish after the restart`, async () => {
          const { builds } = await cb.send(new BatchGetBuildsCommand({ ids: [id] }));
          return builds?.[0]?.buildComplete ? builds[0] : undefined;
        }, 20_000);
        assert.equal(build.buildStatus, 'SUCCEEDED');
        assert.equal(build.buildNumber, 1);
        const logs = new CloudWatchLogsClient({ endpoint: t.url, region: 'us-east-1', credentials: t.credentials, maxAttempts: 1 });
        const { events = [] } = await logs.send(new GetLogEventsCommand({ logGroupName: build.logs?.groupName, logStreamName: build.logs?.streamName, startFromHead: true }));
        logs.destroy();
        const lines = events.map((e) => e.message);
        assert.equal(lines.filter((l) => l === 'run-1').length, 2, 'interrupted once, then run again from the start');
        assert.equal(lines.filter((l) => l === 'finished').length, 1);
      } finally {
        cb.destroy();
        await t.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

/** A GET signed for `codebuild` with the SDK's signer. */
async function signedGet(t: TestServer, path: string, credentials: { accessKeyId: string; secretAccessKey: string }, headers: Record<string, string> = {}): Promise<Response> {
  const url = new URL(path, t.url);
  const signer = new SignatureV4({ service: 'codebuild', region: 'us-east-1', credentials, sha256: Sha256 });
  const signed = await signer.sign(new HttpRequest({
    method: 'GET', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: url.pathname, headers: { host: url.host, ...headers },
  }));
  return fetch(url, { headers: signed.headers });
}

/** Every server-sent event of a response, read to its end. */
async function readEvents(response: Response): Promise<{ id?: string; event: string; data: string }[]> {
  assert.equal(response.status, 200, await response.clone().text());
  assert.equal(response.headers.get('content-type'), 'text/event-stream');
  return (await response.text()).split('\n\n').filter((block) => block.trim() !== '').map((block) => {
    const fields = Object.fromEntries(block.split('\n').map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]));
    return { ...(fields.id !== undefined && { id: fields.id }), event: fields.event ?? '', data: fields.data ?? '' };
  });
}

/** Completes the custom source job of `repo` with a zip of `files` uploaded to its output location. */
async function completeSourceWith(t: TestServer, repo: string, files: Record<string, string>) {
  return completeSource(t.codepipeline(), repo, 'c0ffee1', async (job) => {
    const output = job.data?.outputArtifacts?.[0]?.location?.s3Location;
    const credentials = job.data?.artifactCredentials;
    const s3 = s3Client(t, { accessKeyId: credentials?.accessKeyId ?? '', secretAccessKey: credentials?.secretAccessKey ?? '', sessionToken: credentials?.sessionToken ?? '' });
    try {
      const body = zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, strToU8(text)])));
      await s3.send(new PutObjectCommand({ Bucket: output?.bucketName, Key: output?.objectKey, Body: body }));
    } finally {
      s3.destroy();
    }
  });
}
