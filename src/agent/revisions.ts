/**
 * Which revision each deployment group last installed successfully (its `_last_successful_install`
 * file), and pruning: a group keeps its newest `maxRevisions` deployment directories on disk, and
 * never the last successfully installed one's, whose scripts the next ApplicationStop runs.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readIfExists, writeDurably } from './durable-file.ts';
import type { AgentLayout } from './layout.ts';

export interface LastInstall { deploymentId: string; archiveDir: string }

export async function readLastInstall(layout: AgentLayout, groupId: string): Promise<LastInstall | undefined> {
  const text = await readIfExists(layout.lastSuccessfulInstall(groupId));
  if (text === undefined) return undefined;
  const value = JSON.parse(text) as Partial<LastInstall>;
  return typeof value.deploymentId === 'string' && typeof value.archiveDir === 'string' ? { deploymentId: value.deploymentId, archiveDir: value.archiveDir } : undefined;
}

export async function recordLastInstall(layout: AgentLayout, groupId: string, deploymentId: string): Promise<void> {
  const record: LastInstall = { deploymentId, archiveDir: layout.archiveDir(groupId, deploymentId) };
  await writeDurably(layout.lastSuccessfulInstall(groupId), `${JSON.stringify(record)}\n`);
}

/** Removes the group's oldest deployment directories beyond `maxRevisions`; returns their ids. */
export async function pruneRevisions(layout: AgentLayout, groupId: string, maxRevisions: number, keep: readonly string[]): Promise<string[]> {
  const dir = layout.groupDir(groupId);
  const names = await readdir(dir).catch(() => []);
  const dated = await Promise.all(names.map(async (name) => ({ name, ms: (await stat(join(dir, name))).mtimeMs })));
  dated.sort((a, b) => b.ms - a.ms || b.name.localeCompare(a.name));
  const last = await readLastInstall(layout, groupId);
  const protectedIds = new Set([...keep, ...(last ? [last.deploymentId] : [])]);
  const removed: string[] = [];
  let kept = 0;
  for (const { name } of dated) {
    if (protectedIds.has(name) || kept < maxRevisions) {
      kept += 1;
      continue;
    }
    await rm(join(dir, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}
