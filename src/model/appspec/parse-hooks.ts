/**
 * The `hooks` section: scripts per scriptable lifecycle event, each with its timeout and user.
 * One event's scripts together may not take more than 3600 seconds (CodeDeploy's cap).
 */
import type { YamlNode } from '../buildspec/yaml-tree.ts';
import { type AppspecIssues, at, describe, item, isNull, readEntries, readList, readText, requiredText } from './issues.ts';
import { bundlePath } from './paths.ts';
import {
  DEFAULT_HOOK_TIMEOUT_SECONDS, MAX_EVENT_TIMEOUT_SECONDS, RESERVED_EVENTS, SCRIPTABLE_EVENTS,
  type AppspecHook, type ScriptableEvent,
} from './types.ts';

export function readHooks(issues: AppspecIssues, node: YamlNode): Partial<Record<ScriptableEvent, AppspecHook[]>> {
  const hooks: Partial<Record<ScriptableEvent, AppspecHook[]>> = {};
  if (isNull(node)) return hooks;
  if (node.kind !== 'map') {
    issues.error('hooks', node, `expected a mapping of lifecycle events to scripts, got ${describe(node)}`);
    return hooks;
  }
  const entries = node.entries;
  for (const [name, scripts] of entries) {
    const event = SCRIPTABLE_EVENTS.find((e) => e === name);
    if (!event) {
      const why = (RESERVED_EVENTS as readonly string[]).includes(name) ? 'is carried out by the agent and cannot run scripts' : 'is not a lifecycle event';
      issues.error(at('hooks', name), scripts, `${name} ${why}; hook one of ${SCRIPTABLE_EVENTS.join(', ')}`);
      continue;
    }
    hooks[event] = readEvent(issues, scripts, at('hooks', name));
  }
  return hooks;
}

function readEvent(issues: AppspecIssues, node: YamlNode, path: string): AppspecHook[] {
  const out: AppspecHook[] = [];
  let explicitTotal = 0;
  readList(issues, node, path, 'scripts').forEach((entry, i) => {
    const hook = readHook(issues, entry, item(path, i));
    if (!hook) return;
    out.push(hook.hook);
    if (hook.explicitTimeout) explicitTotal += hook.hook.timeoutSeconds;
  });
  // [guess] Only timeouts written count here: a script without one gets what is left of the
  // event's 3600 seconds when it starts (see the agent's hooks/run-event.ts).
  if (explicitTotal > MAX_EVENT_TIMEOUT_SECONDS) {
    issues.error(path, node, `the scripts' timeouts add up to ${explicitTotal} seconds; one event's scripts may take ${MAX_EVENT_TIMEOUT_SECONDS} seconds at most`);
  }
  return out;
}

function readHook(issues: AppspecIssues, node: YamlNode, path: string): { hook: AppspecHook; explicitTimeout: boolean } | undefined {
  const fields = readEntries(issues, node, path, ['location', 'timeout', 'runas']);
  if (!fields) return undefined;
  const location = requiredText(issues, fields, path, 'location', 'a script path inside the bundle');
  const locationPath = location === undefined ? undefined : bundlePath(location);
  if (location !== undefined && !locationPath) {
    issues.error(at(path, 'location'), fields.get('location'), `${JSON.stringify(location)} is not a script inside the bundle`);
  }
  const hook: AppspecHook = { location: locationPath ?? '', timeoutSeconds: DEFAULT_HOOK_TIMEOUT_SECONDS };
  const timeout = fields.get('timeout');
  if (timeout) {
    const text = readText(issues, timeout, at(path, 'timeout'), 'seconds');
    const seconds = Number(text);
    if (text !== undefined && (!/^\d+$/.test(text) || seconds < 1 || seconds > MAX_EVENT_TIMEOUT_SECONDS)) {
      issues.error(at(path, 'timeout'), timeout, `expected whole seconds from 1 to ${MAX_EVENT_TIMEOUT_SECONDS}, got ${JSON.stringify(text)}`);
    } else if (text !== undefined) {
      hook.timeoutSeconds = seconds;
    }
  }
  const runas = fields.get('runas');
  if (runas) {
    const user = readText(issues, runas, at(path, 'runas'), 'a user name');
    if (user !== undefined) hook.runas = user;
  }
  return locationPath ? { hook, explicitTimeout: timeout !== undefined } : undefined;
}
