/**
 * Crash safety with real processes: a Sluice process is killed with SIGKILL while executions run,
 * a new process on the same SQLite file carries on, and every execution ends in a recorded state
 * with every action re-run only when the re-run is recorded (`leaseLosses`).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { ActionExecutionState, ExecutionState } from '../../src/engine/state.ts';

const CHILD = join(import.meta.dirname, 'child.ts');

interface Outcome { executions: ExecutionState[]; actions: ActionExecutionState[] }

function runChild(args: string[], env: Record<string, string>): { child: ChildProcess; output: Promise<string>; lines: string[] } {
  const child = spawn(process.execPath, [CHILD, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: string[] = [];
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => {
    text += chunk.toString();
    lines.push(...chunk.toString().split('\n').filter(Boolean));
  });
  const output = new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', () => resolve(text));
  });
  return { child, output, lines };
}

async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function kill(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

function commandsAction(name: string, commands: string[], marks: string, over: object = {}): object {
  return {
    name, actionTypeId: { category: 'Compute', owner: 'AWS', provider: 'Commands', version: '1' },
    inputArtifacts: [{ name: 'SourceOutput' }], commands,
    environmentVariables: [{ name: 'MARKS', value: marks }], ...over,
  };
}

function pipeline(name: string, stages: object[]): object {
  return {
    name, roleArn: 'arn:aws:iam::000000000000:role/p', pipelineType: 'V2',
    artifactStore: { type: 'S3', location: 'artifacts' },
    stages: [
      { name: 'Source', actions: [{
        name: 'Source', actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeStarSourceConnection', version: '1' },
        configuration: { ConnectionArn: 'arn:aws:codestar-connections:us-east-1:000000000000:connection/x', FullRepositoryId: 'x/y', BranchName: 'main' },
        outputArtifacts: [{ name: 'SourceOutput' }],
      }] },
      ...stages,
    ],
  };
}

describe('crash safety (real processes, SIGKILL)', async () => {
  const root = await mkdtemp(join(tmpdir(), 'sluice-crash-'));
  after(() => rm(root, { recursive: true, force: true }));
  const sourceDir = join(root, 'source');
  await mkdir(sourceDir);
  await writeFile(join(sourceDir, 'app.txt'), 'app');

  async function setUp(label: string, declaration: (marks: string) => object) {
    const dir = join(root, label);
    const marks = join(dir, 'marks');
    await mkdir(marks, { recursive: true });
    const file = join(dir, 'pipeline.json');
    await writeFile(file, JSON.stringify(declaration(marks)));
    return { dataDir: join(dir, 'data'), marks, file, env: { CRASH_SOURCE_DIR: sourceDir } };
  }

  async function resume(dataDir: string, name: string, env: Record<string, string>): Promise<Outcome> {
    const { output } = runChild(['resume', dataDir, name], env);
    return JSON.parse((await output).trim()) as Outcome;
  }

  it('re-runs an action whose process was killed mid-command, records it, and finishes the execution', async () => {
    const { dataDir, marks, file, env } = await setUp('mid-action', (m) => pipeline('mid-action', [
      { name: 'Build', actions: [
        // First attempt records its process group (the build's) and hangs; the re-run finds the mark and passes.
        commandsAction('Slow', ['if [ ! -e "$MARKS/slow" ]; then ps -o pgid= $$ | tr -d " " > "$MARKS/slow.new" && mv "$MARKS/slow.new" "$MARKS/slow"; sleep 60; fi', 'echo second attempt'], m),
        commandsAction('Quick', ['echo quick'], m),
      ] },
      { name: 'Deploy', actions: [commandsAction('Ship', ['echo shipped >> "$MARKS/ship"'], m)] },
    ]));
    const first = runChild(['start', dataDir, file], env);
    await until(() => existsSync(join(marks, 'slow')), 'the slow command to start');
    await kill(first.child);
    // The killed process's command is an orphan now, as after a real crash; end it.
    process.kill(-Number((await readFile(join(marks, 'slow'), 'utf8')).trim()), 'SIGKILL');

    const outcome = await resume(dataDir, 'mid-action', env);
    assert.deepEqual(outcome.executions.map((e) => e.status), ['Succeeded']);
    const slow = outcome.actions.filter((a) => a.actionName === 'Slow');
    assert.equal(slow.length, 1, 'the same action execution is re-run, not a new one');
    assert.equal(slow[0]?.status, 'Succeeded');
    assert.equal(slow[0]?.leaseLosses, 1);
    assert.equal(slow[0]?.jobAttempt, 2);
    assert.match(slow[0]?.summary ?? '', /succeeded/);
    assert.equal((await readFile(join(marks, 'ship'), 'utf8')).trim(), 'shipped', 'later stage ran exactly once');
  });

  it('survives SIGKILL at arbitrary points: every execution ends Succeeded and no unrecorded re-run', async () => {
    // A fixed list of kill delays keeps the test reproducible while spreading kills over the run.
    let recordedReruns = 0;
    for (const [round, delayMs] of [15, 60, 120, 200, 320].entries()) {
      const name = `random-${round}`;
      const { dataDir, marks, file, env } = await setUp(name, (m) => pipeline(name, [
        { name: 'Build', actions: ['A', 'B'].map((a) => commandsAction(a, ['echo run >> "$MARKS/$CODEPIPELINE_ACTION_NAME"', 'sleep 0.05'], m)) },
        { name: 'Test', actions: [commandsAction('C', ['echo run >> "$MARKS/$CODEPIPELINE_ACTION_NAME"', 'sleep 0.05'], m)] },
        { name: 'Deploy', actions: [commandsAction('D', ['echo run >> "$MARKS/$CODEPIPELINE_ACTION_NAME"'], m)] },
      ]));
      const first = runChild(['start', dataDir, file], env);
      await until(() => first.lines.includes('created') || first.child.exitCode !== null, 'the pipeline to be created');
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (first.child.exitCode === null) await kill(first.child);

      const outcome = await resume(dataDir, name, env);
      assert.deepEqual(outcome.executions.map((e) => e.status), ['Succeeded'], `round ${round}`);
      for (const actionName of ['A', 'B', 'C', 'D']) {
        const attempts = outcome.actions.filter((a) => a.actionName === actionName);
        assert.equal(attempts.length, 1, `${actionName} has one action execution`);
        const action = attempts[0]!;
        assert.equal(action.status, 'Succeeded');
        const runs = (await readFile(join(marks, actionName), 'utf8')).trim().split('\n').length;
        assert.ok(runs >= 1 && runs <= 1 + action.leaseLosses,
          `round ${round}: ${actionName} ran ${runs} times with ${action.leaseLosses} recorded lease losses`);
        recordedReruns += action.leaseLosses;
      }
    }
    assert.ok(recordedReruns > 0, 'at least one kill landed while an action ran');
  });
});
