/**
 * The Commands action on the build runner, with a real file artifact store: inputs unpacked,
 * shell session semantics, output artifact files, output variables, failures and cancelling.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { makeFsArtifactStore } from '../../src/artifacts/fs-store.ts';
import type { JobData } from '../../src/engine/commands.ts';
import { isActionFailure, type ActionContext } from '../../src/providers/provider.ts';
import { makeCommandsProvider } from '../../src/providers/commands.ts';
import { findProcesses } from './support.ts';

const root = await mkdtemp(join(tmpdir(), 'sluice-commands-'));
after(() => rm(root, { recursive: true, force: true }));
const store = makeFsArtifactStore(join(root, 'store'));
const provider = makeCommandsProvider({ isolation: 'none', killGraceMs: 200 });

const artifact = (name: string, key: string) => ({ name, location: { type: 'S3' as const, s3Location: { bucketName: 'artifacts', objectKey: key } } });

async function context(data: Partial<JobData>, signal = new AbortController().signal): Promise<ActionContext & { lines: string[] }> {
  const lines: string[] = [];
  const work = await mkdtemp(join(root, 'work-'));
  return {
    jobId: 'job-1', attempt: 1, signal, artifacts: store, lines,
    workDir: async () => work,
    log: (line) => { lines.push(line); },
    data: {
      actionTypeId: { category: 'Compute', owner: 'AWS', provider: 'Commands', version: '1' },
      actionConfiguration: { configuration: {} },
      pipelineContext: {
        pipelineName: 'app', stage: { name: 'Build' }, action: { name: 'Make', actionExecutionId: 'ae-1' },
        pipelineArn: 'arn:aws:codepipeline:eu-west-1:123456789012:app', pipelineExecutionId: 'exec-1',
      },
      inputArtifacts: [artifact('Src', 'src.zip'), artifact('Assets', 'assets.zip')],
      outputArtifacts: [],
      ...data,
    },
  };
}

describe('Commands action', async () => {
  await store.ensureBucket('artifacts');
  const src = join(root, 'input-src');
  const assets = join(root, 'input-assets');
  await mkdir(join(src, 'lib'), { recursive: true });
  await mkdir(assets, { recursive: true });
  await writeFile(join(src, 'lib', 'a.txt'), 'a');
  await writeFile(join(assets, 'logo.svg'), '<svg/>');
  await store.putDirectory({ bucket: 'artifacts', key: 'src.zip' }, src);
  await store.putDirectory({ bucket: 'artifacts', key: 'assets.zip' }, assets);

  it('runs in the primary input with the others beside it, keeps the session, exports output variables', async () => {
    const ctx = await context({
      commands: ['cd lib && export TAG=v7', 'echo "$(pwd | xargs basename) $(cat a.txt) $(ls "$CODEBUILD_SRC_DIR_Assets") $CODEPIPELINE_STAGE_NAME"'],
      outputVariables: ['TAG', 'UNSET'],
    });
    const result = await provider.run(ctx);
    assert.deepEqual(result.outputVariables, { TAG: 'v7' });
    assert.ok(ctx.lines.includes('lib a logo.svg Build'), ctx.lines.join('\n'));
  });

  it('an output artifact holds only its listed files, or the whole directory without a list', async () => {
    const ctx = await context({
      commands: ['mkdir -p dist && echo app > dist/app.js && echo x > notes.txt'],
      outputArtifacts: [artifact('Dist', 'dist.zip'), artifact('All', 'all.zip')],
      outputArtifactFiles: { Dist: ['dist/**/*'] },
    });
    await provider.run(ctx);
    const dist = join(root, 'out-dist');
    const all = join(root, 'out-all');
    await store.extractTo({ bucket: 'artifacts', key: 'dist.zip' }, dist);
    await store.extractTo({ bucket: 'artifacts', key: 'all.zip' }, all);
    assert.deepEqual(await readdir(dist, { recursive: true }), ['dist', 'dist/app.js']);
    assert.deepEqual((await readdir(all)).sort(), ['dist', 'lib', 'notes.txt']);
  });

  it('fails with the failing command and its exit status', async () => {
    const ctx = await context({ commands: ['echo one', 'exit 3', 'echo never'] });
    await assert.rejects(provider.run(ctx), (e: unknown) => {
      assert.ok(isActionFailure(e));
      assert.equal(e.failureType, 'JobFailed');
      assert.equal(e.message, 'BUILD: Error while executing command: exit 3. Reason: exit status 3');
      return true;
    });
    assert.ok(!ctx.lines.includes('never'));
  });

  it('cancelling kills the commands and their children', async () => {
    const tag = `7000.${process.pid}5`;
    const controller = new AbortController();
    const ctx = await context({ commands: [`sleep ${tag} & echo started; wait`] }, controller.signal);
    ctx.log = (line) => { ctx.lines.push(line); if (line === 'started') controller.abort(); };
    await assert.rejects(provider.run(ctx), /cancelled/);
    assert.deepEqual(await findProcesses(tag), []);
  });
});
