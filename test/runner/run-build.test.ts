/**
 * runBuild end to end with real processes (no isolation here; see isolation.test.ts): phases
 * and their statuses, shell semantics across phases, environment, masking, exported variables,
 * artifacts, reports, cache, stop and timeout.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { ArtifactFile, BuildOutcome } from '../../src/runner/build/contract.ts';
import { runBuild } from '../../src/runner/build/run-build.ts';
import { makeBuildspec, makeRun, phase, recorder } from './builders.ts';
import { findProcesses } from './support.ts';

const OPTIONS = { isolation: 'none', killGraceMs: 200 } as const;
const root = await mkdtemp(join(tmpdir(), 'sluice-run-build-'));
after(() => rm(root, { recursive: true, force: true }));

function statuses(outcome: BuildOutcome): string[] {
  return outcome.phases.map((p) => `${p.phaseType}:${p.phaseStatus ?? '-'}`);
}

async function sourceTree(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(root, 'src-'));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return dir;
}

describe('runBuild phases', () => {
  it('runs every phase in order and succeeds; state carries across phases', async () => {
    const obs = recorder();
    const outcome = await runBuild(await makeRun({
      buildspec: { parsed: makeBuildspec({
        install: phase(['mkdir -p out && cd out', 'export STEP=install; helper() { echo "helper $1"; }']),
        pre_build: phase(['echo "pre in $(basename "$PWD") after $STEP"']),
        build: phase(['helper build'], { finally: ['echo finally'] }),
        post_build: phase(['echo "succeeding=$CODEBUILD_BUILD_SUCCEEDING"']),
      }) },
    }), obs, OPTIONS);
    assert.equal(outcome.status, 'SUCCEEDED');
    assert.deepEqual(statuses(outcome), [
      'SUBMITTED:SUCCEEDED', 'QUEUED:SUCCEEDED', 'PROVISIONING:SUCCEEDED', 'DOWNLOAD_SOURCE:SUCCEEDED', 'INSTALL:SUCCEEDED', 'PRE_BUILD:SUCCEEDED',
      'BUILD:SUCCEEDED', 'POST_BUILD:SUCCEEDED', 'UPLOAD_ARTIFACTS:SUCCEEDED', 'FINALIZING:SUCCEEDED', 'COMPLETED:-',
    ]);
    assert.deepEqual(obs.output(), ['pre in out after install', 'helper build', 'finally', 'succeeding=1']);
    assert.ok(obs.lines.some((l) => /^\[Container\] \d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d\.\d{3} Running command helper build$/.test(l)), obs.lines.join('\n'));
    assert.equal(outcome.phases[0]!.startTime, 1_700_000_000_000);
    // SUBMITTED and QUEUED arrive whole; every other phase once when it starts and once when it ends.
    assert.ok(obs.updates.length >= 18, `every start and end is observed (${obs.updates.length})`);
  });

  it('records the wait in the queue as QUEUED: SUBMITTED ends when the build was queued', async () => {
    const outcome = await runBuild(await makeRun({
      startTime: 1_700_000_000_000, queuedTime: 1_700_000_000_050, buildspec: { parsed: makeBuildspec({}) },
    }), recorder(), { ...OPTIONS, now: () => 1_700_000_007_000 });
    const [submitted, queued] = outcome.phases;
    assert.deepEqual([submitted?.startTime, submitted?.endTime, submitted?.durationInSeconds], [1_700_000_000_000, 1_700_000_000_050, 0]);
    assert.deepEqual([queued?.startTime, queued?.endTime, queued?.durationInSeconds], [1_700_000_000_050, 1_700_000_007_000, 7]);
  });

  it('a failing build command: finally and post_build still run, SUCCEEDING turns 0, build FAILED', async () => {
    const obs = recorder();
    const outcome = await runBuild(await makeRun({
      buildspec: { parsed: makeBuildspec({
        build: phase(['X=before', 'npm_test() { return 1; }; X=during; exit 1', 'echo skipped'], { finally: ['echo "finally X=$X s=$CODEBUILD_BUILD_SUCCEEDING"'] }),
        post_build: phase(['echo "post s=$CODEBUILD_BUILD_SUCCEEDING"']),
      }) },
    }), obs, OPTIONS);
    assert.equal(outcome.status, 'FAILED');
    const build = outcome.phases.find((p) => p.phaseType === 'BUILD')!;
    assert.equal(build.phaseStatus, 'FAILED');
    assert.deepEqual(build.contexts, [{ statusCode: 'COMMAND_EXECUTION_ERROR', message: 'Error while executing command: npm_test() { return 1; }; X=during; exit 1. Reason: exit status 1' }]);
    assert.equal(outcome.phases.find((p) => p.phaseType === 'POST_BUILD')!.phaseStatus, 'SUCCEEDED');
    assert.equal(outcome.phases.find((p) => p.phaseType === 'UPLOAD_ARTIFACTS')!.phaseStatus, 'SUCCEEDED');
    assert.deepEqual(obs.output(), ['finally X=during s=0', 'post s=0']);
  });

  it('a failing install skips pre_build, build, post_build and artifacts', async () => {
    const outcome = await runBuild(await makeRun({
      buildspec: { parsed: makeBuildspec({ install: phase(['false']), build: phase(['echo never']) }) },
    }), recorder(), OPTIONS);
    assert.equal(outcome.status, 'FAILED');
    assert.deepEqual(statuses(outcome).slice(3), ['DOWNLOAD_SOURCE:SUCCEEDED', 'INSTALL:FAILED', 'FINALIZING:SUCCEEDED', 'COMPLETED:-']);
  });

  it('on-failure CONTINUE goes on to the next phases, and the build still fails', async () => {
    const obs = recorder();
    const outcome = await runBuild(await makeRun({
      buildspec: { parsed: makeBuildspec({ pre_build: phase(['exit 2'], { onFailure: 'CONTINUE' }), build: phase(['echo built']) }) },
    }), obs, OPTIONS);
    assert.equal(outcome.status, 'FAILED');
    assert.equal(outcome.phases.find((p) => p.phaseType === 'BUILD')!.phaseStatus, 'SUCCEEDED');
    assert.deepEqual(obs.output(), ['built']);
  });

  it('a failing finally command fails the phase', async () => {
    const outcome = await runBuild(await makeRun({
      buildspec: { parsed: makeBuildspec({ build: phase(['true'], { finally: ['exit 5', 'echo not run'] }) }) },
    }), recorder(), OPTIONS);
    assert.equal(outcome.status, 'FAILED');
    assert.match(outcome.phases.find((p) => p.phaseType === 'BUILD')!.contexts[0]!.message, /exit 5\. Reason: exit status 5/);
  });

  it('an invalid inline buildspec fails DOWNLOAD_SOURCE with YAML_FILE_ERROR and runs nothing', async () => {
    const outcome = await runBuild(await makeRun({ buildspec: { inline: 'version: 0.2\nphases:\n  compile:\n    commands: [ls]\n' } }), recorder(), OPTIONS);
    assert.equal(outcome.status, 'FAILED');
    const download = outcome.phases.find((p) => p.phaseType === 'DOWNLOAD_SOURCE')!;
    assert.equal(download.contexts[0]!.statusCode, 'YAML_FILE_ERROR');
    assert.ok(!outcome.phases.some((p) => p.phaseType === 'INSTALL'));
  });

  it('a missing buildspec file and a failing source fail DOWNLOAD_SOURCE clearly', async () => {
    const missing = await runBuild(await makeRun({ buildspec: { path: 'buildspec.yml' } }), recorder(), OPTIONS);
    assert.deepEqual(missing.phases.find((p) => p.phaseType === 'DOWNLOAD_SOURCE')!.contexts, [{ statusCode: 'YAML_FILE_ERROR', message: 'YAML file does not exist: buildspec.yml' }]);
    const broken = await runBuild(await makeRun({ sources: [{ id: '', fetch: () => Promise.reject(new Error('repository not found')) }] }), recorder(), OPTIONS);
    assert.deepEqual(broken.phases.find((p) => p.phaseType === 'DOWNLOAD_SOURCE')!.contexts, [{ statusCode: 'CLIENT_ERROR', message: 'Failed to download the primary source: repository not found' }]);
  });

  it('reads the buildspec file from the primary source', async () => {
    const sourceDir = await sourceTree({ 'ci/spec.yml': 'version: 0.2\nphases:\n  build:\n    commands:\n      - cat hello.txt\n', 'hello.txt': 'hello from source' });
    const obs = recorder();
    const outcome = await runBuild(await makeRun({ sourceDir, buildspec: { path: 'ci/spec.yml' } }), obs, OPTIONS);
    assert.equal(outcome.status, 'SUCCEEDED');
    assert.deepEqual(obs.output(), ['hello from source']);
    assert.equal(outcome.resolvedSourceVersion, 'abc123');
  });
});

describe('runBuild environment', () => {
  it('provides the CodeBuild variables, by precedence, and nothing of Sluice', async () => {
    process.env.SLUICE_TEST_LEAK = 'leaked';
    process.env.AWS_SECRET_ACCESS_KEY = 'leaked-key';
    const obs = recorder();
    const secondaryDir = await sourceTree({ 'lib.txt': 'lib' });
    const run = await makeRun({
      buildspec: { parsed: makeBuildspec({ build: phase(['env | sort']) }, { env: {
        variables: { FROM_SPEC: 'spec', OVERRIDDEN: 'spec', LITERAL: '$HOME' }, parameterStore: {}, secretsManager: {}, exportedVariables: [], gitCredentialHelper: false,
      } }) },
      environment: { OVERRIDDEN: 'project' },
      sources: [
        { id: '', fetch: async () => ({ version: 'refs/heads/main', resolvedVersion: 'f00d', repoUrl: 'https://git.example/app.git' }) },
        { id: 'Lib', fetch: async (dir) => { await writeFile(join(dir, 'lib.txt'), 'lib'); return { version: 'v2' }; } },
      ],
    });
    const outcome = await runBuild(run, obs, OPTIONS);
    delete process.env.SLUICE_TEST_LEAK;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    assert.equal(outcome.status, 'SUCCEEDED');
    const env = Object.fromEntries(obs.output().map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    assert.ok(secondaryDir);
    assert.equal(env.CODEBUILD_BUILD_ID, 'proj:1111-2222');
    assert.equal(env.CODEBUILD_BUILD_ARN, run.buildArn);
    assert.equal(env.CODEBUILD_BUILD_NUMBER, '7');
    assert.equal(env.CODEBUILD_BUILD_SUCCEEDING, '1');
    assert.equal(env.CODEBUILD_INITIATOR, 'codepipeline/app');
    assert.equal(env.CODEBUILD_SRC_DIR, join(run.workspace, 'src'));
    assert.equal(env.CODEBUILD_SRC_DIR_Lib, join(run.workspace, 'src_Lib'));
    assert.equal(env.CODEBUILD_SOURCE_VERSION, 'refs/heads/main');
    assert.equal(env.CODEBUILD_SOURCE_VERSION_Lib, 'v2');
    assert.equal(env.CODEBUILD_RESOLVED_SOURCE_VERSION, 'f00d');
    assert.equal(env.CODEBUILD_SOURCE_REPO_URL, 'https://git.example/app.git');
    assert.equal(env.CODEBUILD_START_TIME, '1700000000000');
    assert.equal(env.CODEBUILD_PROJECT_ARN, run.projectArn);
    assert.equal(env.CODEBUILD_LOG_PATH, '1111-2222');
    assert.equal(env.AWS_REGION, 'eu-west-1');
    assert.equal(env.AWS_DEFAULT_REGION, 'eu-west-1');
    assert.equal(env.HOME, join(run.workspace, 'home'));
    assert.equal(env.PATH, process.env.PATH);
    assert.equal(env.FROM_SPEC, 'spec');
    assert.equal(env.OVERRIDDEN, 'project');
    assert.equal(env.LITERAL, '$HOME', 'buildspec values are not expanded');
    assert.equal(env.SLUICE_TEST_LEAK, undefined);
    assert.equal(env.AWS_SECRET_ACCESS_KEY, undefined);
  });

  it('resolves parameter-store and secrets-manager variables and masks them and the caller secrets', async () => {
    const obs = recorder();
    const outcome = await runBuild(await makeRun({
      buildspec: { parsed: makeBuildspec({ build: phase(['echo "db=$DB_PASS api=$API_KEY tok=$TOKEN"', 'printf "%s\\n" "$CERT"']) }, { env: {
        variables: {}, parameterStore: { DB_PASS: '/app/db' }, secretsManager: { API_KEY: 'prod/api:key', CERT: 'prod/cert' }, exportedVariables: [], gitCredentialHelper: false,
      } }) },
      secretEnvironment: { TOKEN: 'tok-123' },
      resolveParameter: async (name) => (name === '/app/db' ? 'hunter2' : Promise.reject(new Error('no'))),
      resolveSecret: async (ref) => (ref === 'prod/api:key' ? 'k3y' : 'line-one\nline-two'),
    }), obs, OPTIONS);
    assert.equal(outcome.status, 'SUCCEEDED');
    assert.deepEqual(obs.output(), ['db=*** api=*** tok=***', '***', '***']);
    assert.ok(!obs.lines.join('\n').includes('hunter2'));
  });

  it('a missing parameter fails DOWNLOAD_SOURCE naming the variable and the parameter', async () => {
    const outcome = await runBuild(await makeRun({
      buildspec: { parsed: makeBuildspec({ build: phase(['echo never']) }, { env: {
        variables: {}, parameterStore: { DB_PASS: '/app/missing' }, secretsManager: {}, exportedVariables: [], gitCredentialHelper: false,
      } }) },
    }), recorder(), OPTIONS);
    assert.equal(outcome.status, 'FAILED');
    const context = outcome.phases.find((p) => p.phaseType === 'DOWNLOAD_SOURCE')!.contexts[0]!;
    assert.equal(context.statusCode, 'CLIENT_ERROR');
    assert.match(context.message, /\/app\/missing for variable DB_PASS.*ParameterNotFound/);
  });

  it('exports the listed variables with their values at the end of post_build', async () => {
    const outcome = await runBuild(await makeRun({
      buildspec: { parsed: makeBuildspec({
        build: phase(['export IMAGE_TAG=v1 PLAIN=x']),
        post_build: phase(['IMAGE_TAG=v2; unset PLAIN']),
      }, { env: { variables: {}, parameterStore: {}, secretsManager: {}, exportedVariables: ['IMAGE_TAG', 'PLAIN', 'NEVER_SET', 'AWS_REGION'], gitCredentialHelper: false } }) },
    }), recorder(), OPTIONS);
    assert.deepEqual(outcome.exportedVariables, { IMAGE_TAG: 'v2' });
  });

  it('runs with /bin/sh when the buildspec says so', async () => {
    const obs = recorder();
    const outcome = await runBuild(await makeRun({
      buildspec: { parsed: makeBuildspec({ build: phase(['echo "${BASH_VERSION:-no bash}"']) }, { env: { shell: '/bin/sh', variables: {}, parameterStore: {}, secretsManager: {}, exportedVariables: [], gitCredentialHelper: false } }) },
    }), obs, OPTIONS);
    assert.equal(outcome.status, 'SUCCEEDED');
    assert.deepEqual(obs.output(), ['no bash']);
  });

  it('reports requested runtime versions against the host and carries on', async () => {
    const obs = recorder();
    const outcome = await runBuild(await makeRun({
      buildspec: { parsed: makeBuildspec({ install: phase(['true'], { runtimeVersions: { nodejs: '20', cobol: '85' } }) }) },
    }), obs, OPTIONS);
    assert.equal(outcome.status, 'SUCCEEDED');
    assert.ok(obs.lines.some((l) => l.includes('Runtime nodejs 20 requested')));
    assert.ok(obs.lines.some((l) => l.includes('Runtime cobol 85 requested')));
  });
});

describe('runBuild run-as', () => {
  const root = process.getuid?.() === 0;
  it('runs a phase as the named user', { skip: !root && 'needs root' }, async () => {
    const obs = recorder();
    const outcome = await runBuild(await makeRun({
      buildspec: { parsed: makeBuildspec({ install: phase(['whoami']), build: phase(['whoami'], { runAs: 'nobody' }) }) },
    }), obs, OPTIONS);
    assert.equal(outcome.status, 'SUCCEEDED', obs.lines.join('\n'));
    assert.deepEqual(obs.output(), ['root', 'nobody']);
  });

  it('a missing user fails the phase with a clear context', async () => {
    const outcome = await runBuild(await makeRun({
      buildspec: { parsed: makeBuildspec({ build: phase(['true']) }, { runAs: 'no-such-user-xyz' }) },
    }), recorder(), OPTIONS);
    assert.equal(outcome.status, 'FAILED');
    const context = outcome.phases.find((p) => p.phaseType === 'BUILD')!.contexts[0]!;
    assert.equal(context.statusCode, 'CLIENT_ERROR');
    assert.match(context.message, /no-such-user-xyz/);
  });
});

describe('runBuild artifacts, reports and cache', () => {
  function target(id: string, got: Record<string, { files: ArtifactFile[]; name: string | undefined }>) {
    return { id, put: async (files: readonly ArtifactFile[], name: string | undefined) => { got[id] = { files: [...files], name }; return { location: `s3://bucket/${id || 'primary'}` }; } };
  }

  it('hands the selected files to each target, with the evaluated name', async () => {
    const got: Record<string, { files: ArtifactFile[]; name: string | undefined }> = {};
    const outcome = await runBuild(await makeRun({
      buildspec: { parsed: makeBuildspec({ build: phase(['mkdir -p dist/js docs && echo a > dist/index.html && echo b > dist/js/app.js && echo d > docs/guide.md', 'export VERSION=1.2']) }, {
        artifacts: {
          files: ['**/*'], baseDirectory: 'dist', discardPaths: false, excludePaths: [], enableSymlinks: false, name: 'web-$VERSION',
          secondaryArtifacts: { Docs: { files: ['docs/**/*'], discardPaths: true, excludePaths: [], enableSymlinks: false } },
        },
      }) },
      artifacts: [target('', got), target('Docs', got)],
    }), recorder(), OPTIONS);
    assert.equal(outcome.status, 'SUCCEEDED');
    assert.deepEqual(got['']!.files.map((f) => f.path).sort(), ['index.html', 'js/app.js']);
    assert.equal(got['']!.name, 'web-1.2');
    assert.deepEqual(got.Docs!.files.map((f) => f.path), ['guide.md']);
    assert.deepEqual(outcome.artifacts, { '': { location: 's3://bucket/primary' }, Docs: { location: 's3://bucket/Docs' } });
  });

  it('fails UPLOAD_ARTIFACTS when nothing matches or a target has no block, after a failed build too', async () => {
    const got = {};
    const outcome = await runBuild(await makeRun({
      buildspec: { parsed: makeBuildspec({ build: phase(['exit 1']) }, {
        artifacts: { files: ['dist/**/*'], discardPaths: false, excludePaths: [], enableSymlinks: false, secondaryArtifacts: {} },
      }) },
      artifacts: [target('', got), target('Missing', got)],
    }), recorder(), OPTIONS);
    const upload = outcome.phases.find((p) => p.phaseType === 'UPLOAD_ARTIFACTS')!;
    assert.equal(upload.phaseStatus, 'FAILED');
    assert.equal(upload.contexts.length, 2);
    assert.match(upload.contexts[0]!.message, /primary artifact: no matching artifact paths found/);
    assert.equal(upload.contexts[1]!.message, 'The buildspec has no secondary-artifacts.Missing for secondary artifact Missing');
  });

  it('collects JUnit reports without changing the build status', async () => {
    const xml = '<testsuite name="unit" tests="2"><testcase name="adds" time="0.01"/><testcase name="breaks"><failure message="boom"/></testcase></testsuite>';
    const outcome = await runBuild(await makeRun({
      buildspec: { parsed: makeBuildspec({ build: phase([`mkdir -p reports && printf '%s' '${xml}' > reports/unit.xml && echo '{}' > reports/cov.json`]) }, {
        reports: {
          unit: { files: ['*.xml'], baseDirectory: 'reports', discardPaths: false, fileFormat: 'JUNITXML' },
          coverage: { files: ['*.json'], baseDirectory: 'reports', discardPaths: false, fileFormat: 'SIMPLECOV' },
        },
      }) },
    }), recorder(), OPTIONS);
    assert.equal(outcome.status, 'SUCCEEDED');
    const unit = outcome.reports.find((r) => r.group === 'unit')!;
    assert.deepEqual(unit.testCases.map((c) => `${c.name}:${c.status}`), ['adds:SUCCEEDED', 'breaks:FAILED']);
    assert.deepEqual(outcome.reports.find((r) => r.group === 'coverage')!.problems, ['reports/cov.json: SIMPLECOV reports are not parsed yet']);
  });

  it('saves the cache after a success and restores it before install', async () => {
    const cacheDir = await mkdtemp(join(root, 'cache-'));
    const spec = makeBuildspec({
      install: phase(['if [ -f deps/lib.txt ]; then echo "cached $(cat deps/lib.txt)"; else mkdir -p deps && echo v1 > deps/lib.txt; fi']),
    }, { cache: { paths: ['deps/**/*'] } });
    const first = recorder();
    assert.equal((await runBuild(await makeRun({ buildspec: { parsed: spec }, cacheDir }), first, OPTIONS)).status, 'SUCCEEDED');
    assert.equal(await readFile(join(cacheDir, 'files', 'deps', 'lib.txt'), 'utf8'), 'v1\n');
    const second = recorder();
    assert.equal((await runBuild(await makeRun({ buildspec: { parsed: spec }, cacheDir }), second, OPTIONS)).status, 'SUCCEEDED');
    assert.deepEqual(second.output(), ['cached v1']);
  });
});

describe('runBuild stop and timeout', () => {
  it('an abort stops the build, kills every process of it and ends STOPPED', async () => {
    const tag = `3000.${process.pid}1`;
    const controller = new AbortController();
    const obs = recorder();
    const running = runBuild(await makeRun({
      signal: controller.signal,
      buildspec: { parsed: makeBuildspec({ install: phase([`sleep ${tag} &`]), build: phase([`trap '' TERM; sleep ${tag} & echo ready; wait`]), post_build: phase(['echo never']) }) },
    }), { ...obs, log: (line) => { obs.log(line); if (line === 'ready') controller.abort(); } }, OPTIONS);
    const outcome = await running;
    assert.equal(outcome.status, 'STOPPED');
    const build = outcome.phases.find((p) => p.phaseType === 'BUILD')!;
    assert.equal(build.phaseStatus, 'STOPPED');
    assert.ok(!outcome.phases.some((p) => p.phaseType === 'POST_BUILD'));
    assert.deepEqual(await findProcesses(tag), []);
  });

  it('past the timeout the build ends TIMED_OUT', async () => {
    const tag = `4000.${process.pid}2`;
    const outcome = await runBuild(await makeRun({
      timeoutMs: 300,
      buildspec: { parsed: makeBuildspec({ build: phase([`sleep ${tag}`]) }) },
    }), recorder(), OPTIONS);
    assert.equal(outcome.status, 'TIMED_OUT');
    assert.equal(outcome.phases.find((p) => p.phaseType === 'BUILD')!.contexts[0]!.statusCode, 'BUILD_TIMED_OUT');
    assert.deepEqual(await findProcesses(tag), []);
  });

  it('background processes of a successful build are ended when it finishes', async () => {
    const tag = `5000.${process.pid}3`;
    const outcome = await runBuild(await makeRun({ buildspec: { parsed: makeBuildspec({ build: phase([`sleep ${tag} &`]) }) } }), recorder(), OPTIONS);
    assert.equal(outcome.status, 'SUCCEEDED');
    assert.deepEqual(await findProcesses(tag), []);
  });
});
