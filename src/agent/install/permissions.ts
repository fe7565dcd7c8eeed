/**
 * The appspec's `permissions`, applied right after the copy and only to paths this Install put in
 * place ([guess], spec §2.2). For each entry, under `object` and matching `pattern` but no
 * `except` (globs relative to `object`):
 * - `type: file` touches the files directly inside `object`, not nested ones;
 * - `type: directory` touches every directory below `object`, recursively;
 * - `object` itself is touched only when it is an installed file.
 * Omitted owner, group or mode leave the copied values as they are. An unknown user or group
 * fails Install with its name.
 */
import { execFile } from 'node:child_process';
import { chmod, chown, lstat } from 'node:fs/promises';
import { dirname, relative } from 'node:path';
import picomatch from 'picomatch';
import { isWithin } from '../../model/appspec/paths.ts';
import type { AppspecPermission } from '../../model/appspec/types.ts';
import { InstallError } from './plan.ts';

export async function applyPermissions(permissions: readonly AppspecPermission[], installed: ReadonlySet<string>): Promise<void> {
  for (const permission of permissions) {
    const ids = await resolveIds(permission);
    for (const path of await selectPaths(permission, installed)) {
      if (ids.uid !== undefined || ids.gid !== undefined) await chown(path, ids.uid ?? -1, ids.gid ?? -1);
      if (permission.mode !== undefined) await chmod(path, permission.mode);
    }
  }
}

async function selectPaths(permission: AppspecPermission, installed: ReadonlySet<string>): Promise<string[]> {
  const matches = picomatch(permission.pattern, { dot: true });
  const excluded = permission.except.length > 0 ? picomatch(permission.except, { dot: true }) : () => false;
  const out: string[] = [];
  for (const path of installed) {
    if (!isWithin(path, permission.object)) continue;
    const info = await lstat(path).catch(() => undefined);
    if (!info || info.isSymbolicLink()) continue;
    if (path === permission.object) {
      if (info.isFile() && permission.type.includes('file')) out.push(path);
      continue;
    }
    const name = relative(permission.object, path);
    const wanted = info.isDirectory() ? permission.type.includes('directory')
      : permission.type.includes('file') && dirname(path) === permission.object;
    if (wanted && matches(name) && !excluded(name)) out.push(path);
  }
  return out;
}

async function resolveIds(permission: AppspecPermission): Promise<{ uid?: number; gid?: number }> {
  const uid = permission.owner === undefined ? undefined : await lookupId(['id', '-u', '--', permission.owner], `owner ${permission.owner}`);
  const gid = permission.group === undefined ? undefined : await lookupId(['getent', 'group', permission.group], `group ${permission.group}`, 2);
  return { ...(uid !== undefined && { uid }), ...(gid !== undefined && { gid }) };
}

/** A numeric id from `id -u` (its output) or `getent group` (field `field` of its line). */
function lookupId([file, ...args]: string[], what: string, field?: number): Promise<number> {
  return new Promise((resolve, reject) => {
    execFile(file!, args, (error, stdout) => {
      const text = field === undefined ? stdout.trim() : stdout.trim().split(':')[field];
      const id = Number(text);
      if (error || text === undefined || text === '' || !Number.isInteger(id)) reject(new InstallError(`The permissions ${what} does not exist on this host`));
      else resolve(id);
    });
  });
}
