/**
 * One build's shell session: the buildspec 0.2 promise that all commands of a build behave as
 * one shell (`cd`, `export`, plain variables, functions and `set` options carry from command to
 * command and across phases), while an `exit 1` or a syntax error fails only its own command and
 * later `finally` / post_build commands still run with the state as it was.
 *
 * Design (chosen over feeding one long-lived bash, where `exit` would end the session): a small
 * POSIX `sh` executor lives for the whole build in its own process group (inside bubblewrap when
 * isolated). For each command it starts a fresh shell that restores the session from a state
 * file, sources the command, and saves the session again from an EXIT trap (see
 * `shell-scripts.ts`). Background processes (`dockerd &`) live on across commands, as in
 * CodeBuild, because they stay in the executor's process group. Measured: ~3 ms per command on
 * top of `bash -c` itself (bench/build.bench.ts).
 *
 * stdout and stderr of a command are one stream (as in CodeBuild's log). The executor ends each
 * command with `<marker> <status>` on that stream, the marker being random per build, so the
 * status always arrives after the command's own output; output without a final newline still
 * comes out as its own line.
 *
 * Stopping sends SIGTERM to the whole process group and SIGKILL after the grace period.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { access, chmod, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { splitLines } from './line-splitter.ts';
import { signalGroup, waitGroupGone } from './process-group.ts';
import { BASH_WRAPPER_SCRIPT, EXECUTOR_SCRIPT, SH_WRAPPER_SCRIPT, initialState, shellQuote } from './shell-scripts.ts';

export interface ShellSessionOptions {
  /** A private directory for the state file, the scripts and command files. */
  scratchDir: string;
  /** Where the first command starts. */
  cwd: string;
  environment: Record<string, string>;
  /** `bash`, `sh`, `/bin/sh`, … (the buildspec's `env.shell`); undefined: bash when present, else sh. */
  shell?: string;
  /** Wraps the executor's command line (bubblewrap); identity when absent. */
  wrap?: (command: string[]) => Promise<{ file: string; args: string[] }>;
  /** Every output line of the build's processes, in order. */
  onLine: (line: string) => void;
  /**
   * Phases run as other users (`run-as`): the scratch directory and state file must be theirs to
   * write too. Otherwise both are private to Sluice's user (the state holds the secrets). @default false
   */
  shared?: boolean;
}

/** `exitCode` null: the command was killed (the session was stopped). */
export interface CommandResult { exitCode: number | null }

export class ShellSessionError extends Error {}

async function firstExisting(candidates: readonly string[]): Promise<string | undefined> {
  for (const path of candidates) if (await access(path).then(() => true, () => false)) return path;
  return undefined;
}

async function resolveShell(shell: string | undefined): Promise<{ path: string; flavour: 'bash' | 'sh' }> {
  const bash = await firstExisting(['/bin/bash', '/usr/bin/bash']);
  if (shell === undefined || shell === 'bash' || shell.endsWith('/bash')) {
    if (bash) return { path: bash, flavour: 'bash' };
    if (shell !== undefined) throw new ShellSessionError(`The shell ${shell} is not installed on this host`);
  }
  if (shell === undefined || shell === 'sh' || shell.endsWith('/sh')) return { path: '/bin/sh', flavour: 'sh' };
  throw new ShellSessionError(`Unsupported shell ${shell}: use bash or /bin/sh`);
}

export class ShellSession {
  private readonly child: ChildProcess;
  private readonly marker: string;
  private readonly scratchDir: string;
  private readonly shared: boolean;
  private readonly onLine: (line: string) => void;
  private pending: ((result: CommandResult) => void) | undefined;
  private sequence = 0;
  private readonly exited: Promise<void>;
  private alive = true;
  /** The executor's output has ended: no command can answer any more. */
  private outputClosed = false;

  private constructor(child: ChildProcess, marker: string, options: ShellSessionOptions) {
    this.shared = options.shared === true;
    this.child = child;
    this.marker = marker;
    this.scratchDir = options.scratchDir;
    this.onLine = options.onLine;
    splitLines(child.stdout!, (line) => this.onOutput(line));
    splitLines(child.stderr!, (line) => this.onLine(line));
    // A command sent as the executor is killed (a stop, a shutdown) fails with EPIPE; the
    // executor's end already answers the pending command, so the write error is not news.
    child.stdin!.on('error', () => undefined);
    this.exited = new Promise((resolve) => {
      child.once('exit', () => {
        this.alive = false;
        resolve();
      });
    });
    // Output lines may still be buffered when the executor exits; answer the pending command once the stream ends.
    child.stdout!.once('close', () => {
      this.outputClosed = true;
      this.settle({ exitCode: null });
    });
  }

  /** Starts the executor; the first command runs in `cwd` with `environment`. */
  static async start(options: ShellSessionOptions): Promise<ShellSession> {
    const shell = await resolveShell(options.shell);
    const runuser = await firstExisting(['/usr/sbin/runuser', '/sbin/runuser', '/usr/bin/runuser']) ?? 'runuser';
    await mkdir(options.scratchDir, { recursive: true });
    const [dirMode, fileMode] = options.shared ? [0o777, 0o666] : [0o700, 0o600];
    await chmod(options.scratchDir, dirMode);
    const state = join(options.scratchDir, 'state.sh');
    const executor = join(options.scratchDir, 'executor.sh');
    const wrapper = join(options.scratchDir, 'wrapper.sh');
    await Promise.all([
      writeFile(state, initialState(options.environment, options.cwd), { mode: fileMode }),
      writeFile(executor, EXECUTOR_SCRIPT),
      writeFile(wrapper, shell.flavour === 'bash' ? BASH_WRAPPER_SCRIPT : SH_WRAPPER_SCRIPT),
    ]);
    await chmod(state, fileMode);
    const marker = `__sluice_done_${randomUUID().replaceAll('-', '')}`;
    const argv = ['/bin/sh', executor, state, marker, wrapper, shell.path, runuser];
    const { file, args } = options.wrap ? await options.wrap(argv) : { file: argv[0]!, args: argv.slice(1) };
    // An empty environment: the session's environment is the state file, so nothing of Sluice's leaks.
    const child = spawn(file, args, { cwd: options.cwd, env: {}, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', (e) => reject(new ShellSessionError(`The build shell could not start: ${e.message}`)));
    });
    return new ShellSession(child, marker, options);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Runs one command (any shell text, multi-line included) as the session's next command. */
  async run(command: string, options: { user?: string; succeeding: boolean }): Promise<CommandResult> {
    if (!this.alive) return { exitCode: null };
    if (this.pending) throw new ShellSessionError('A command is already running');
    const file = join(this.scratchDir, `command-${++this.sequence}.sh`);
    await writeFile(file, `${command}\n`, { mode: 0o644 });
    // The executor may have ended while the file was written: nothing would answer.
    if (this.outputClosed) return { exitCode: null };
    const result = new Promise<CommandResult>((resolve) => { this.pending = resolve; });
    this.child.stdin!.write(`${options.succeeding ? 1 : 0} ${options.user ?? '-'} ${file}\n`);
    return result;
  }

  /** The session's value of each named variable that is set (an internal command, not logged). */
  async readVariables(names: readonly string[]): Promise<Record<string, string> | undefined> {
    const valid = names.filter((n) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(n));
    const dir = join(this.scratchDir, `variables-${this.sequence + 1}`);
    await mkdir(dir, { mode: this.shared ? 0o777 : 0o700 });
    await chmod(dir, this.shared ? 0o777 : 0o700);
    const lines = valid.map((n) => `if [ -n "\${${n}+x}" ]; then printf '%s' "$${n}" > ${shellQuote(join(dir, n))}; fi`);
    const { exitCode } = await this.run(lines.join('\n') || 'true', { succeeding: true });
    if (exitCode === null) return undefined;
    const found = new Set(await readdir(dir));
    const values: Record<string, string> = {};
    for (const name of valid) if (found.has(name)) values[name] = await readFile(join(dir, name), 'utf8');
    return values;
  }

  /**
   * Shell-evaluates `text` as a double-quoted string would be (`$VAR`, `$(date …)`), e.g. an
   * artifact `name`; undefined when the session is gone or the evaluation failed.
   */
  async evaluate(text: string): Promise<string | undefined> {
    const out = join(this.scratchDir, `evaluated-${this.sequence + 1}`);
    const end = `__SLUICE_END_${this.marker}`;
    const { exitCode } = await this.run(`cat > ${shellQuote(out)} <<${end}\n${text}\n${end}`, { succeeding: true });
    if (exitCode !== 0) return undefined;
    return (await readFile(out, 'utf8')).replace(/\n$/, '');
  }

  /** Stops every process of the session: SIGTERM to the group, SIGKILL after `graceMs`. */
  async stop(graceMs: number): Promise<void> {
    const pid = this.child.pid;
    if (pid === undefined) return;
    signalGroup(pid, 'SIGTERM');
    const deadline = setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs);
    await this.exited;
    // The executor is gone; wait for the rest of the group (background processes) too.
    await waitGroupGone(pid);
    clearTimeout(deadline);
  }

  /** Ends the session after the last command: closes the executor's input, then stops stragglers. */
  async close(graceMs: number): Promise<void> {
    this.child.stdin!.end();
    await this.stop(graceMs);
  }

  private onOutput(line: string): void {
    const at = line.indexOf(this.marker);
    if (at === -1) return this.onLine(line);
    if (at > 0) this.onLine(line.slice(0, at));
    const status = Number(line.slice(at + this.marker.length + 1));
    this.settle({ exitCode: Number.isInteger(status) ? status : null });
  }

  private settle(result: CommandResult): void {
    const pending = this.pending;
    this.pending = undefined;
    pending?.(result);
  }
}
