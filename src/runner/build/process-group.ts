/**
 * Signals and watches a build's process group. "Gone" means no live member: zombies (killed
 * but not yet reaped by init, which can take seconds on some hosts) are not waited for, which is
 * why this reads `/proc` instead of probing with `kill(-pgid, 0)`.
 */
import { readdir, readFile } from 'node:fs/promises';

export function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try { process.kill(-pgid, signal); } catch { /* the group is gone */ }
}

/** Whether any process of group `pgid` is alive (not a zombie). */
export async function groupAlive(pgid: number): Promise<boolean> {
  try { process.kill(-pgid, 0); } catch { return false; }
  for (const entry of await readdir('/proc').catch(() => [])) {
    if (entry.charCodeAt(0) > 57) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // Fields after the command name: state, ppid, pgrp, …
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid && fields[0] !== 'Z') return true;
  }
  return false;
}

/** Resolves once no live process of the group is left, checking every `intervalMs`. */
export async function waitGroupGone(pgid: number, intervalMs = 10): Promise<void> {
  while (await groupAlive(pgid)) await new Promise((resolve) => setTimeout(resolve, intervalMs));
}
