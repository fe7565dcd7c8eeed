/**
 * Runs one hook script the way the CodeDeploy agent does:
 * - the script must exist in the bundle (ScriptMissing) and be a regular file;
 * - [guess, like the real agent] a script without its executable bit is made executable and run,
 *   rather than failed with ScriptNotExecutable; a script whose first line is a `#!` runs through
 *   it, any other through bash;
 * - its own process group (`detached`), so a timeout or a forced stop kills everything it
 *   started (SIGKILL to the group); after a normal exit the group is left alone, so daemons an
 *   ApplicationStart script launches keep running;
 * - `runas` goes through `runuser -u <user> --`, which needs the agent to run as root; the user
 *   must exist;
 * - the working directory is the deployment archive (the bundle root).
 */
import { spawn } from 'node:child_process';
import { chmod, lstat, open } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { runAsProblem } from '../../runner/build/run-as.ts';
import { signalGroup } from '../../runner/build/process-group.ts';
import { splitLines } from '../../runner/build/line-splitter.ts';
import type { ScriptOutputLog } from './output-log.ts';

export interface ScriptRun {
  archiveDir: string;
  /** Bundle-relative, as the appspec names it. */
  location: string;
  timeoutMs: number;
  runas?: string;
  env: Record<string, string>;
  log: ScriptOutputLog;
  /** Aborted when the agent is forced to stop: the script is killed. */
  signal: AbortSignal;
}

export type ScriptOutcome =
  | { kind: 'succeeded' }
  | { kind: 'missing' | 'not-runnable' | 'failed' | 'timed-out' | 'killed'; message: string };

/** How long the pipes may stay open after the script exits (a daemon holding them). */
const PIPE_GRACE_MS = 200;

export async function runScript(run: ScriptRun): Promise<ScriptOutcome> {
  const path = join(run.archiveDir, run.location);
  const info = await lstat(path).catch(() => undefined);
  if (!info) return { kind: 'missing', message: `Script does not exist at specified location: ${path}` };
  if (!info.isFile()) return { kind: 'not-runnable', message: `Script at specified location: ${run.location} is not a regular file` };
  if (run.runas !== undefined && run.runas !== userInfo().username) {
    const problem = await runAsProblem(run.runas);
    if (problem) return { kind: 'not-runnable', message: `Script at specified location: ${run.location} cannot run as ${run.runas}: ${problem.replace('run-as', 'runas')}` };
  }
  if ((info.mode & 0o111) !== 0o111) await chmod(path, info.mode | 0o111);
  const command = await hasShebang(path) ? [path] : ['/bin/bash', path];
  const argv = run.runas !== undefined && run.runas !== userInfo().username ? ['/usr/sbin/runuser', '-u', run.runas, '--', ...command] : command;
  return spawnScript(run, argv);
}

async function hasShebang(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer.toString('latin1') === '#!';
  } finally {
    await file.close();
  }
}

function spawnScript(run: ScriptRun, [file, ...args]: string[]): Promise<ScriptOutcome> {
  return new Promise((resolve) => {
    const child = spawn(file!, args, { cwd: run.archiveDir, env: run.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stopped: 'timed-out' | 'killed' | undefined;
    const stop = (why: 'timed-out' | 'killed'): void => {
      stopped ??= why;
      if (child.pid !== undefined) signalGroup(child.pid, 'SIGKILL');
    };
    const timer = setTimeout(() => stop('timed-out'), run.timeoutMs);
    const onAbort = (): void => stop('killed');
    run.signal.addEventListener('abort', onAbort, { once: true });
    if (run.signal.aborted) onAbort();
    splitLines(child.stdout, (line) => run.log.line('stdout', line));
    splitLines(child.stderr, (line) => run.log.line('stderr', line));
    let settled = false;
    const finish = (outcome: ScriptOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      run.signal.removeEventListener('abort', onAbort);
      resolve(outcome);
    };
    child.once('error', (error) => finish({ kind: 'not-runnable', message: `Script at specified location: ${run.location} could not start: ${error.message}` }));
    child.once('exit', (code, signal) => {
      const outcome = outcomeOf(run, stopped, code, signal);
      // Output still in the pipes arrives before 'close'; a daemon that inherited them may keep
      // them open forever, so wait only briefly for it.
      const grace = setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        finish(outcome);
      }, PIPE_GRACE_MS);
      child.once('close', () => {
        clearTimeout(grace);
        finish(outcome);
      });
    });
  });
}

function outcomeOf(run: ScriptRun, stopped: 'timed-out' | 'killed' | undefined, code: number | null, signal: NodeJS.Signals | null): ScriptOutcome {
  const seconds = Math.round(run.timeoutMs / 1000);
  if (stopped === 'timed-out') return { kind: 'timed-out', message: `Script at specified location: ${run.location} failed to complete in ${seconds} seconds` };
  if (stopped === 'killed') return { kind: 'killed', message: `Script at specified location: ${run.location} was killed: the agent was stopped` };
  if (code === 0) return { kind: 'succeeded' };
  const user = run.runas === undefined ? '' : ` run as user ${run.runas}`;
  const why = code === null ? `was killed by ${signal}` : `failed with exit code ${code}`;
  return { kind: 'failed', message: `Script at specified location: ${run.location}${user} ${why}` };
}
