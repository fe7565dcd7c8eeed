/**
 * Parses and validates a buildspec (CodeBuild's buildspec.yml, version 0.2) into the normalised
 * `Buildspec` the build runner reads. Every problem is collected and reported in one
 * BuildspecError, one per line, each naming its key path and line: `phases.build.commands[2]
 * (line 9): expected a command, got a mapping`.
 *
 * Reading rules (see docs/buildspec.md):
 * - YAML 1.1, as CodeBuild reads it: `yes`/`no`/`on`/`off` are booleans where a boolean is
 *   expected; everywhere a string is expected (commands, variable values, runtime versions) the
 *   text is kept exactly as written, so `- on` is the command `on` and `PORT: 8080` is `"8080"`.
 * - `version` must be 0.2. [guess] 0.1 is refused with how to migrate: 0.1 ran each command in
 *   its own shell, and Sluice implements 0.2's one-shell semantics only.
 * - `commands` and `finally` must be lists; a phase may omit `commands` (an install phase with only
 *   `runtime-versions` is common), and `phases` itself may be absent (a buildspec that only
 *   packages artifacts).
 * - `proxy` is accepted and ignored (Sluice has no proxy mode); [guess] `batch` is refused.
 */
import { at, checkKeys, isNull, Problems, readMap, readString, readStringList, readStringMap } from './fields.ts';
import { emptyEnv, readEnv } from './parse-env.ts';
import { readArtifacts, readCache, readReports } from './parse-outputs.ts';
import { BUILDSPEC_PHASES, type Buildspec, type BuildspecPhase, type BuildspecPhaseName, type OnFailure } from './types.ts';
import { readYamlTree, YamlSyntaxError, type YamlMap, type YamlNode } from './yaml-tree.ts';

/** The buildspec cannot be used; the message lists every problem, one per line. */
export class BuildspecError extends Error {
  override name = 'BuildspecError';
}

const TOP_LEVEL_KEYS = ['version', 'run-as', 'env', 'proxy', 'phases', 'reports', 'artifacts', 'cache'];
const PHASE_KEYS = ['run-as', 'on-failure', 'runtime-versions', 'commands', 'finally'];
const ON_FAILURE: readonly OnFailure[] = ['ABORT', 'CONTINUE'];

/** Parses and validates buildspec YAML (version 0.2) into a normalised Buildspec; throws BuildspecError. */
export function parseBuildspec(text: string): Buildspec {
  let tree: YamlNode | undefined;
  try {
    tree = readYamlTree(text);
  } catch (e) {
    if (e instanceof YamlSyntaxError) throw new BuildspecError(`Invalid buildspec: ${e.message}`);
    throw e;
  }
  if (!tree) throw new BuildspecError('Invalid buildspec: the file is empty; expected a mapping that starts with "version: 0.2"');
  if (tree.kind !== 'map') {
    throw new BuildspecError(`Invalid buildspec: expected a mapping of keys such as version and phases, got ${tree.kind === 'seq' ? 'a list' : 'a single value'}`);
  }
  const p = new Problems();
  const spec = readBuildspec(p, tree);
  if (p.list.length === 1) throw new BuildspecError(`Invalid buildspec: ${p.list[0]}`);
  if (p.list.length > 1) throw new BuildspecError(`Invalid buildspec (${p.list.length} problems):\n${p.list.join('\n')}`);
  return spec;
}

function readBuildspec(p: Problems, map: YamlMap): Buildspec {
  checkKeys(p, map, '', TOP_LEVEL_KEYS, {
    batch: 'batch builds (build-list, build-matrix, build-graph) are not supported by Sluice; remove the batch section',
  });
  readVersion(p, map);
  const spec: Buildspec = { version: '0.2', env: emptyEnv(), phases: {}, reports: {} };
  const get = (key: string): YamlNode | undefined => map.entries.get(key);
  const runAs = get('run-as');
  if (runAs) spec.runAs = readString(p, runAs, 'run-as', 'a user name');
  const env = get('env');
  if (env) spec.env = readEnv(p, env, 'env');
  const phases = get('phases');
  if (phases) spec.phases = readPhases(p, phases);
  const reports = get('reports');
  if (reports) spec.reports = readReports(p, reports, 'reports');
  const artifacts = get('artifacts');
  if (artifacts) spec.artifacts = readArtifacts(p, artifacts, 'artifacts');
  const cache = get('cache');
  if (cache) spec.cache = readCache(p, cache, 'cache');
  return spec;
}

function readVersion(p: Problems, map: YamlMap): void {
  const node = map.entries.get('version');
  if (!node) {
    p.add('version', undefined, 'is required; expected 0.2');
    return;
  }
  const text = node.kind === 'scalar' ? node.text : '';
  if (text === '0.2') return;
  if (text === '0.1') {
    p.add('version', node, 'version 0.1 is not supported; Sluice runs buildspec version 0.2 only. '
      + 'Change it to "version: 0.2": commands then share one shell, so a "cd" or an exported variable carries over to the next command');
    return;
  }
  p.add('version', node, `expected 0.2, got ${node.kind === 'scalar' ? JSON.stringify(text) : `a ${node.kind === 'map' ? 'mapping' : 'list'}`}`);
}

function readPhases(p: Problems, node: YamlNode): Buildspec['phases'] {
  const phases: Buildspec['phases'] = {};
  const map = readMap(p, node, 'phases', true);
  if (!map) return phases;
  for (const [name, block] of map.entries) {
    if (!isPhaseName(name)) {
      p.add(at('phases', name), block, `unknown phase; expected one of ${BUILDSPEC_PHASES.join(', ')}`);
      continue;
    }
    const phase = readPhase(p, block, name);
    if (phase) phases[name] = phase;
  }
  return phases;
}

function isPhaseName(name: string): name is BuildspecPhaseName {
  return (BUILDSPEC_PHASES as readonly string[]).includes(name);
}

function readPhase(p: Problems, node: YamlNode, name: BuildspecPhaseName): BuildspecPhase | undefined {
  const path = at('phases', name);
  const phase: BuildspecPhase = { onFailure: 'ABORT', runtimeVersions: {}, commands: [], finally: [] };
  if (isNull(node)) return phase;
  const map = readMap(p, node, path);
  if (!map) return undefined;
  checkKeys(p, map, path, PHASE_KEYS);
  const get = (key: string): YamlNode | undefined => map.entries.get(key);
  const runAs = get('run-as');
  if (runAs) phase.runAs = readString(p, runAs, at(path, 'run-as'), 'a user name');
  const onFailure = get('on-failure');
  if (onFailure) phase.onFailure = readOnFailure(p, onFailure, at(path, 'on-failure'));
  const runtimes = get('runtime-versions');
  if (runtimes && name !== 'install') {
    p.add(at(path, 'runtime-versions'), runtimes, 'runtime-versions is only allowed in the install phase');
  } else if (runtimes) {
    phase.runtimeVersions = readStringMap(p, runtimes, at(path, 'runtime-versions'));
  }
  const commands = get('commands');
  if (commands) phase.commands = readStringList(p, commands, at(path, 'commands'), 'command');
  const finallyCommands = get('finally');
  if (finallyCommands) phase.finally = readStringList(p, finallyCommands, at(path, 'finally'), 'command');
  return phase;
}

function readOnFailure(p: Problems, node: YamlNode, path: string): OnFailure {
  const text = readString(p, node, path);
  const value = ON_FAILURE.find((v) => v === text);
  if (value) return value;
  if (text !== undefined) {
    const retry = text.toUpperCase().startsWith('RETRY') ? ' (RETRY is not supported by Sluice)' : '';
    p.add(path, node, `expected ABORT or CONTINUE, got ${JSON.stringify(text)}${retry}`);
  }
  return 'ABORT';
}
