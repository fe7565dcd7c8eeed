/**
 * Runs a list of shell commands as one bash script in its own process group, the way build
 * phases run: one shell (state carries from command to command), `-e -o pipefail`, each command
 * traced as `+ <command>` before it runs. Cancelling kills the whole group: SIGTERM, then SIGKILL
 * after a grace period. Untrusted values reach the script only through environment variables.
 */
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface ShellOptions {
  commands: readonly string[];
  cwd: string;
  env: Record<string, string>;
  /** Directory for the script and its side files. */
  scratchDir: string;
  signal: AbortSignal;
  log(line: string): void;
  /** Variables to read back from the shell after the last command. */
  exportVariables?: readonly string[];
  /** @default 10000 */
  killGraceMs?: number;
}

export interface ShellResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** Values of `exportVariables` that were set. */
  variables: Record<string, string>;
}

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

function scriptFor(commands: readonly string[], variablesFile: string, exportVariables: readonly string[]): string {
  const lines = ['#!/bin/bash'];
  for (const command of commands) {
    lines.push(`printf '%s\\n' ${shellQuote(`+ ${command}`)}`, command);
  }
  if (exportVariables.length > 0) {
    lines.push(`for __v in ${exportVariables.map(shellQuote).join(' ')}; do ` +
      `if [ -n "\${!__v+x}" ]; then printf '%s\\0%s\\0' "$__v" "\${!__v}"; fi; done > ${shellQuote(variablesFile)}`);
  }
  return lines.join('\n') + '\n';
}

async function readVariables(file: string): Promise<Record<string, string>> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const parts = text.split('\0');
  const variables: Record<string, string> = {};
  for (let i = 0; i + 1 < parts.length; i += 2) variables[parts[i] ?? ''] = parts[i + 1] ?? '';
  return variables;
}

export async function runShell(options: ShellOptions): Promise<ShellResult> {
  const scriptFile = join(options.scratchDir, 'commands.sh');
  const variablesFile = join(options.scratchDir, 'exported-variables');
  await writeFile(scriptFile, scriptFor(options.commands, variablesFile, options.exportVariables ?? []), { mode: 0o700 });
  const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', scriptFile], {
    cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) createInterface({ input: stream }).on('line', (line) => options.log(line));
  let killTimer: NodeJS.Timeout | undefined;
  const cancel = (): void => {
    if (child.pid === undefined) return;
    try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
    killTimer = setTimeout(() => {
      try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* already gone */ }
    }, options.killGraceMs ?? 10_000);
    killTimer.unref();
  };
  if (options.signal.aborted) cancel();
  else options.signal.addEventListener('abort', cancel, { once: true });
  const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, sig) => resolve([code, sig]));
  });
  options.signal.removeEventListener('abort', cancel);
  if (killTimer) clearTimeout(killTimer);
  return { exitCode, signal, variables: exitCode === 0 ? await readVariables(variablesFile) : {} };
}
