/**
 * `sluice run` as a user runs it: the real binary in a child process, real files, real bash.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { sluice } from '../support/cli.ts';

function commands(name: string, lines: string[], over: object = {}): object {
  return { name, actionTypeId: { category: 'Compute', owner: 'AWS', provider: 'Commands', version: '1' }, inputArtifacts: [{ name: 'Src' }], commands: lines, ...over };
}

function pipeline(stages: object[]): object {
  return {
    pipeline: {
      name: 'cli-test', roleArn: 'arn:aws:iam::000000000000:role/p', pipelineType: 'V2',
      artifactStore: { type: 'S3', location: 'artifacts' },
      stages: [
        { name: 'Source', actions: [{
          name: 'Checkout', actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeCommit', version: '1' },
          configuration: { RepositoryName: 'app', BranchName: 'main' }, outputArtifacts: [{ name: 'Src' }],
        }] },
        ...stages,
      ],
    },
  };
}

describe('sluice run', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sluice-cli-'));
  after(() => rm(dir, { recursive: true, force: true }));
  const work = join(dir, 'work');
  await mkdir(work);
  await writeFile(join(work, 'hello.txt'), 'hello from the working copy\n');

  it('runs the example pipeline to success and shows every stage', async () => {
    const { code, stdout } = await sluice(['run', 'examples/hello/pipeline.yaml', '--source', 'Source=examples/hello/app', '--approve', 'all']);
    assert.equal(code, 0, stdout);
    for (const text of ['● Source', '● Build', '● Release', '● Deploy', 'Hello, world!', 'Execution succeeded']) {
      assert.ok(stdout.includes(text), `output shows ${text}`);
    }
  });

  it('uses the current directory for a single source action and passes it through artifacts', async () => {
    const file = join(dir, 'cat.json');
    await writeFile(file, JSON.stringify(pipeline([{ name: 'Build', actions: [commands('Show', ['cat hello.txt'])] }])));
    const { code, stdout } = await sluice(['run', file], { cwd: work });
    assert.equal(code, 0, stdout);
    assert.match(stdout, /│ Show │ hello from the working copy/);
  });

  it('runs a CodeBuild action with the source\'s buildspec and hands its exported variables and artifact on', async () => {
    const project = join(dir, 'project');
    await mkdir(project);
    await writeFile(join(project, 'buildspec.yml'), [
      'version: 0.2',
      'env:',
      '  exported-variables: [IMAGE_TAG]',
      'phases:',
      '  build:',
      '    commands:',
      '      - export IMAGE_TAG="app-$TARGET"',
      '      - mkdir -p dist && echo "built for $TARGET" > dist/out.txt',
      'artifacts:',
      '  files: ["**/*"]',
      '  base-directory: dist',
    ].join('\n'));
    const file = join(dir, 'local-codebuild.json');
    await writeFile(file, JSON.stringify(pipeline([
      { name: 'Build', actions: [{
        name: 'Compile', namespace: 'BuildVars', actionTypeId: { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' },
        configuration: { ProjectName: 'app-build', EnvironmentVariables: JSON.stringify([{ name: 'TARGET', value: 'prod', type: 'PLAINTEXT' }]) },
        inputArtifacts: [{ name: 'Src' }], outputArtifacts: [{ name: 'Built' }],
      }] },
      { name: 'Check', actions: [commands('Verify', ['cat out.txt', 'echo "tag=$TAG"'], {
        inputArtifacts: [{ name: 'Built' }], environmentVariables: [{ name: 'TAG', value: '#{BuildVars.IMAGE_TAG}' }],
      })] },
    ])));
    const { code, stdout } = await sluice(['run', file, '--source', `Checkout=${project}`]);
    assert.equal(code, 0, stdout);
    assert.match(stdout, /│ Verify │ built for prod/);
    assert.match(stdout, /│ Verify │ tag=app-prod/);
  });

  it('exits 1 and names the failing action when a command fails', async () => {
    const file = join(dir, 'fail.json');
    await writeFile(file, JSON.stringify(pipeline([{ name: 'Build', actions: [commands('Broken', ['exit 3'])] }])));
    const { code, stdout } = await sluice(['run', file, '--source', `Checkout=${work}`]);
    assert.equal(code, 1);
    assert.match(stdout, /✖ Broken .*Error while executing command: exit 3\. Reason: exit status 3/);
    assert.match(stdout, /Execution failed/);
  });

  it('rejects approvals with --approve none and fails the execution', async () => {
    const file = join(dir, 'approve.json');
    await writeFile(file, JSON.stringify(pipeline([{ name: 'Gate', actions: [{ name: 'Ok', actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' } }] }])));
    const { code, stdout } = await sluice(['run', file, '--source', `Checkout=${work}`, '--approve', 'none']);
    assert.equal(code, 1);
    assert.match(stdout, /Rejected by sluice run --approve none/);
  });

  it('exits 2 with every validation problem for an invalid pipeline, running nothing', async () => {
    const file = join(dir, 'invalid.json');
    await writeFile(file, JSON.stringify(pipeline([{ name: 'Build', actions: [commands('bad name!', ['true'], { runOrder: 0 })] }])));
    const { code, stdout, stderr } = await sluice(['run', file, '--source', `Checkout=${work}`]);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /error: ValidationException: 2 validation errors detected/);
    assert.match(stderr, /runOrder/);
  });

  it('fails actions of built-in types that cannot run locally with a clear message', async () => {
    const file = join(dir, 'codedeploy.json');
    await writeFile(file, JSON.stringify(pipeline([{ name: 'Deploy', actions: [{
      name: 'Ship', actionTypeId: { category: 'Deploy', owner: 'AWS', provider: 'CodeDeploy', version: '1' },
      configuration: { ApplicationName: 'app', DeploymentGroupName: 'prod' }, inputArtifacts: [{ name: 'Src' }],
    }] }])));
    const { code, stdout } = await sluice(['run', file, '--source', `Checkout=${work}`]);
    assert.equal(code, 1);
    assert.match(stdout, /no provider for action type Deploy\/AWS\/CodeDeploy\/1/);
  });

  it('asks for a directory per source action when there are several', async () => {
    const file = join(dir, 'two-sources.json');
    const twoSources = pipeline([{ name: 'Build', actions: [commands('Show', ['true'])] }]) as { pipeline: { stages: { actions: object[] }[] } };
    twoSources.pipeline.stages[0]!.actions.push({
      name: 'Other', actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeCommit', version: '1' },
      configuration: { RepositoryName: 'lib', BranchName: 'main' }, outputArtifacts: [{ name: 'Lib' }],
    });
    await writeFile(file, JSON.stringify(twoSources));
    const { code, stderr } = await sluice(['run', file]);
    assert.equal(code, 2);
    assert.match(stderr, /--source Checkout=<dir> --source Other=<dir>/);
  });

  it('passes --variable values to the execution and prints validation warnings', async () => {
    const file = join(dir, 'vars.json');
    const withVariable = pipeline([{ name: 'Build', actions: [commands('Greet', ['echo "#{variables.Who} says hi"'], { configuration: { Typo: 'x' } })] }]) as { pipeline: Record<string, unknown> };
    withVariable.pipeline.variables = [{ name: 'Who' }];
    await writeFile(file, JSON.stringify(withVariable));
    const { code, stdout, stderr } = await sluice(['run', file, '--source', `Checkout=${work}`, '--variable', 'Who=Ada']);
    assert.equal(code, 0, stdout + stderr);
    assert.match(stdout, /│ Greet │ Ada says hi/);
    assert.match(stderr, /warning: .*configuration\.Typo/);
  });

  it('keeps the store in --data-dir and runs the pipeline again as a new version', async () => {
    const file = join(dir, 'kept.json');
    await writeFile(file, JSON.stringify(pipeline([{ name: 'Build', actions: [commands('Show', ['true'])] }])));
    const dataDir = join(dir, 'kept');
    for (const version of [1, 2]) {
      const { code, stdout } = await sluice(['run', file, '--source', `Checkout=${work}`, '--data-dir', dataDir]);
      assert.equal(code, 0, stdout);
      assert.match(stdout, new RegExp(`version ${version}`));
    }
  });

  it('exits 2 on command-line mistakes', async () => {
    const { code, stderr } = await sluice(['run', 'x.json', '--approve', 'maybe']);
    assert.equal(code, 2);
    assert.match(stderr, /--approve/);
    for (const flag of ['--port', '--drain-delay-ms', '--build-concurrency', '--poll-interval']) {
      const server = await sluice(['server', flag, '-1']);
      assert.equal(server.code, 2, `server ${flag} -1`);
      assert.match(server.stderr, new RegExp(`${flag} -1: expected`));
    }
  });
});
