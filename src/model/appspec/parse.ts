/**
 * Parses and validates appspec.yml (EC2/on-premises, `version: 0.0`) into the normalised Appspec
 * the deploy agent runs. Every problem is collected as a ValidationIssue with the path of its
 * field; the appspec is usable only when no issue has severity 'error'.
 *
 * Reading rules (docs/deploy-agent.md, "appspec support"):
 * - YAML 1.1 as the real agent reads it; values keep the text written (`mode: 0644` stays octal).
 * - `os: windows` is refused: `sluice agent` runs on Linux only.
 * - `files[].source` is bundle-relative (`/` = the whole bundle) and may not climb out of it;
 *   `destination` must be absolute.
 * - [guess] `permissions[].acls` and `context` are refused rather than skipped: a deployment
 *   that silently drops access rules or SELinux labels would look secure and not be.
 * - `hooks` accepts only scriptable events; a reserved event (`Install`, …) or an unknown name
 *   is an error. The timeouts written for one event may not add up to more than 3600 seconds.
 */
import { readYamlTree, YamlSyntaxError, type YamlNode } from '../buildspec/yaml-tree.ts';
import type { ValidationIssue } from '../validation-issue.ts';
import { AppspecIssues, at, describe, item, readEntries, readList, readText, requiredText } from './issues.ts';
import { readHooks } from './parse-hooks.ts';
import { readPermissions } from './parse-permissions.ts';
import { bundlePath, hostPath } from './paths.ts';
import { FILE_EXISTS_BEHAVIORS, type Appspec, type AppspecFile, type FileExistsBehavior } from './types.ts';

export interface AppspecResult {
  /** Present when there is no error issue. */
  appspec?: Appspec;
  issues: ValidationIssue[];
}

const TOP_LEVEL_KEYS = ['version', 'os', 'files', 'file_exists_behavior', 'permissions', 'hooks'];

export function parseAppspec(text: string): AppspecResult {
  const issues = new AppspecIssues();
  let tree: YamlNode | undefined;
  try {
    tree = readYamlTree(text);
  } catch (e) {
    if (!(e instanceof YamlSyntaxError)) throw e;
    issues.error('', undefined, e.message);
    return { issues: issues.list };
  }
  if (tree?.kind !== 'map') {
    issues.error('', tree, `expected a mapping that starts with "version: 0.0", got ${tree ? describe(tree) : 'an empty file'}`);
    return { issues: issues.list };
  }
  const entries = readEntries(issues, tree, '', TOP_LEVEL_KEYS) ?? new Map<string, YamlNode>();
  readVersion(issues, entries.get('version'));
  readOs(issues, entries.get('os'));
  const appspec: Appspec = { version: '0.0', os: 'linux', files: [], permissions: [], hooks: {} };
  const files = entries.get('files');
  if (files) appspec.files = readFiles(issues, files);
  const behavior = entries.get('file_exists_behavior');
  if (behavior) {
    const value = readFileExistsBehavior(issues, behavior);
    if (value) appspec.fileExistsBehavior = value;
  }
  const permissions = entries.get('permissions');
  if (permissions) appspec.permissions = readPermissions(issues, permissions);
  const hooks = entries.get('hooks');
  if (hooks) appspec.hooks = readHooks(issues, hooks);
  const blocked = issues.list.some((i) => i.severity === 'error');
  return { ...(!blocked && { appspec }), issues: issues.list };
}

function readVersion(issues: AppspecIssues, node: YamlNode | undefined): void {
  if (!node) {
    issues.error('version', undefined, 'is required; expected 0.0');
    return;
  }
  if (node.kind === 'scalar' && node.text === '0.0') return;
  issues.error('version', node, `expected 0.0 (the only appspec version for servers), got ${describe(node)}`);
}

function readOs(issues: AppspecIssues, node: YamlNode | undefined): void {
  if (!node) {
    issues.error('os', undefined, 'is required; expected linux');
    return;
  }
  const os = readText(issues, node, 'os', 'linux');
  if (os === undefined || os === 'linux') return;
  if (os === 'windows') issues.error('os', node, 'windows is not supported: sluice agent runs on Linux hosts only; use os: linux');
  else issues.error('os', node, `expected linux, got ${JSON.stringify(os)}`);
}

function readFiles(issues: AppspecIssues, node: YamlNode): AppspecFile[] {
  const out: AppspecFile[] = [];
  readList(issues, node, 'files', 'source/destination mappings').forEach((entry, i) => {
    const path = item('files', i);
    const fields = readEntries(issues, entry, path, ['source', 'destination']);
    if (!fields) return;
    const source = requiredText(issues, fields, path, 'source', 'a path inside the bundle');
    const destination = requiredText(issues, fields, path, 'destination', 'an absolute path on the host');
    const sourcePath = source === undefined ? undefined : bundlePath(source);
    if (source !== undefined && sourcePath === undefined) {
      issues.error(at(path, 'source'), fields.get('source'), `${JSON.stringify(source)} leaves the bundle; a source must lie inside it`);
    }
    const destinationPath = destination === undefined ? undefined : hostPath(destination);
    if (destination !== undefined && destinationPath === undefined) {
      issues.error(at(path, 'destination'), fields.get('destination'), `${JSON.stringify(destination)} is not an absolute path`);
    }
    if (sourcePath !== undefined && destinationPath !== undefined) out.push({ source: sourcePath, destination: destinationPath });
  });
  return out;
}

function readFileExistsBehavior(issues: AppspecIssues, node: YamlNode): FileExistsBehavior | undefined {
  const text = readText(issues, node, 'file_exists_behavior', FILE_EXISTS_BEHAVIORS.join(', '));
  const value = FILE_EXISTS_BEHAVIORS.find((b) => b === text);
  if (text !== undefined && !value) {
    issues.error('file_exists_behavior', node, `expected one of ${FILE_EXISTS_BEHAVIORS.join(', ')}, got ${JSON.stringify(text)}`);
  }
  return value;
}
