/**
 * The `permissions` section: which installed paths get which owner, group and mode. See
 * parse.ts for why `acls` and `context` are refused.
 */
import type { YamlNode } from '../buildspec/yaml-tree.ts';
import { type AppspecIssues, at, item, readEntries, readList, readText, requiredText } from './issues.ts';
import { hostPath } from './paths.ts';
import type { AppspecPermission, PermissionType } from './types.ts';

const PERMISSION_KEYS = ['object', 'pattern', 'except', 'owner', 'group', 'mode', 'acls', 'context', 'type'];
const TYPES: readonly PermissionType[] = ['file', 'directory'];
/** Octal digits as CodeDeploy takes them: `644`, `0755`, `4755`. */
const MODE = /^[0-7]{3,4}$/;

export function readPermissions(issues: AppspecIssues, node: YamlNode): AppspecPermission[] {
  const out: AppspecPermission[] = [];
  readList(issues, node, 'permissions', 'permission mappings').forEach((entry, i) => {
    const permission = readPermission(issues, entry, item('permissions', i));
    if (permission) out.push(permission);
  });
  return out;
}

function readPermission(issues: AppspecIssues, node: YamlNode, path: string): AppspecPermission | undefined {
  const fields = readEntries(issues, node, path, PERMISSION_KEYS);
  if (!fields) return undefined;
  const object = requiredText(issues, fields, path, 'object', 'an absolute path on the host');
  const objectPath = object === undefined ? undefined : hostPath(object);
  if (object !== undefined && objectPath === undefined) {
    issues.error(at(path, 'object'), fields.get('object'), `${JSON.stringify(object)} is not an absolute path`);
  }
  for (const key of ['acls', 'context']) {
    const value = fields.get(key);
    if (value) issues.error(at(path, key), value, `${key} is not supported by Sluice; set ${key === 'acls' ? 'ACLs' : 'SELinux contexts'} from an AfterInstall script instead`);
  }
  const permission: AppspecPermission = { object: objectPath ?? '/', pattern: '**', except: [], type: [...TYPES] };
  const text = (key: string, what: string): string | undefined => {
    const value = fields.get(key);
    return value ? readText(issues, value, at(path, key), what) : undefined;
  };
  const pattern = text('pattern', 'a glob');
  if (pattern !== undefined) permission.pattern = pattern;
  const except = fields.get('except');
  if (except) permission.except = readStrings(issues, except, at(path, 'except'), 'glob');
  const owner = text('owner', 'a user name');
  if (owner !== undefined) permission.owner = owner;
  const group = text('group', 'a group name');
  if (group !== undefined) permission.group = group;
  const mode = text('mode', 'octal digits such as 644');
  if (mode !== undefined) {
    if (MODE.test(mode)) permission.mode = Number.parseInt(mode, 8);
    else issues.error(at(path, 'mode'), fields.get('mode'), `expected octal digits such as 644 or 0755, got ${JSON.stringify(mode)}`);
  }
  const type = fields.get('type');
  if (type) permission.type = readTypes(issues, type, at(path, 'type'));
  return objectPath === undefined ? undefined : permission;
}

function readStrings(issues: AppspecIssues, node: YamlNode, path: string, what: string): string[] {
  const out: string[] = [];
  readList(issues, node, path, `${what}s`).forEach((entry, i) => {
    const value = readText(issues, entry, item(path, i), `a ${what}`);
    if (value !== undefined) out.push(value);
  });
  return out;
}

function readTypes(issues: AppspecIssues, node: YamlNode, path: string): PermissionType[] {
  const out: PermissionType[] = [];
  readStrings(issues, node, path, 'type').forEach((text, i) => {
    const type = TYPES.find((t) => t === text);
    if (type) out.push(type);
    else issues.error(item(path, i), undefined, `expected file or directory, got ${JSON.stringify(text)}`);
  });
  return out;
}
