/**
 * How a build's processes are confined.
 *
 * - `bubblewrap`: the build's shell runs under `bwrap` with its own mount, PID, IPC and UTS
 *   namespaces. The host file system is mounted read-only; the build's workspace is the only
 *   writable host directory; `/tmp` is a private tmpfs; `/dev` and `/proc` are fresh; the hidden
 *   paths (the server's data directory: store, artifacts, credentials) are covered by empty
 *   tmpfs mounts, so a build cannot read or change them. Killing the shell's process group ends
 *   the PID namespace, so nothing a build starts outlives it. The network is shared with the
 *   host (builds fetch dependencies) and the build runs as the same user as Sluice; it is not a
 *   boundary against a hostile kernel exploit.
 * - `none`: plain processes in their own process group, as the Sluice user, with the whole file
 *   system as that user sees it. Only the process-group kill and the scrubbed environment apply.
 * - `auto`: bubblewrap when it works on this host (probed once per process), else `none` with
 *   one warning.
 */
import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';

export type IsolationMode = 'auto' | 'bubblewrap' | 'none';
export type EffectiveIsolation = 'bubblewrap' | 'none';

export class IsolationUnavailableError extends Error {
  constructor(reason: string) {
    super(`Isolation 'bubblewrap' was requested but bwrap does not work on this host: ${reason}`);
    this.name = 'IsolationUnavailableError';
  }
}

const BWRAP = 'bwrap';
let probe: Promise<string | undefined> | undefined;

/** `undefined` when bubblewrap works, else why not. Probed once per process (~10 ms). */
export function bubblewrapProblem(): Promise<string | undefined> {
  probe ??= new Promise((resolve) => {
    execFile(BWRAP, ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--unshare-pid', '--', 'true'],
      { timeout: 10_000 }, (error, _stdout, stderr) => resolve(error ? (stderr.trim() || error.message) : undefined));
  });
  return probe;
}

let warned = false;

/** Decides the isolation of a build; `bubblewrap` that does not work is an error. */
export async function resolveIsolation(mode: IsolationMode, warn: (message: string) => void): Promise<EffectiveIsolation> {
  if (mode === 'none') return 'none';
  const problem = await bubblewrapProblem();
  if (problem === undefined) return 'bubblewrap';
  if (mode === 'bubblewrap') throw new IsolationUnavailableError(problem);
  if (!warned) {
    warned = true;
    warn(`Builds run without isolation: bubblewrap does not work on this host (${problem})`);
  }
  return 'none';
}

export interface SandboxPaths {
  /** The build's own directory: the only writable host path. */
  workspace: string;
  /** Paths the build must not see (directories get an empty tmpfs, files /dev/null). */
  hidden: readonly string[];
}

/** The `bwrap` argument list that runs `command` confined as described in the header. */
export async function bubblewrapCommand(paths: SandboxPaths, command: readonly string[]): Promise<{ file: string; args: string[] }> {
  const args = [
    '--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--tmpfs', '/tmp',
    '--unshare-pid', '--unshare-ipc', '--unshare-uts', '--die-with-parent',
  ];
  for (const path of paths.hidden) {
    const info = await stat(path).catch(() => undefined);
    if (info?.isDirectory()) args.push('--tmpfs', path);
    else if (info) args.push('--ro-bind', '/dev/null', path);
  }
  // After the hidden paths, so a workspace inside the data directory is still reachable.
  args.push('--bind', paths.workspace, paths.workspace, '--chdir', paths.workspace, '--', ...command);
  return { file: BWRAP, args };
}
