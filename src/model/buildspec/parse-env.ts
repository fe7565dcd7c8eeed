/**
 * The buildspec `env` block: shell, plaintext variables, Parameter Store and Secrets Manager
 * references, exported variables and the git credential helper flag.
 */
import { at, checkKeys, readBoolean, readMap, readString, readStringList, readStringMap, type Problems } from './fields.ts';
import type { BuildspecEnv } from './types.ts';
import type { YamlNode } from './yaml-tree.ts';

const ENV_KEYS = ['shell', 'variables', 'parameter-store', 'secrets-manager', 'exported-variables', 'git-credential-helper'];
/** Linux shells only: Sluice runs builds on Linux hosts. */
const SHELLS = ['bash', '/bin/sh'];
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Why `name` cannot be a build variable, or undefined. */
export function checkVariableName(name: string): string | undefined {
  if (!VARIABLE_NAME.test(name)) return 'not a valid variable name; expected letters, digits and _, not starting with a digit';
  if (name.startsWith('CODEBUILD_')) return 'names starting with CODEBUILD_ are reserved for build environment variables';
  return undefined;
}

/** Exported names: valid names, and never `AWS_…` (AWS does not export those). CODEBUILD_ names may be exported. */
function checkExportedName(name: string): string | undefined {
  if (!VARIABLE_NAME.test(name)) return 'not a valid variable name; expected letters, digits and _, not starting with a digit';
  if (name.startsWith('AWS_')) return 'names starting with AWS_ cannot be exported';
  return undefined;
}

export function emptyEnv(): BuildspecEnv {
  return { variables: {}, parameterStore: {}, secretsManager: {}, exportedVariables: [], gitCredentialHelper: false };
}

export function readEnv(p: Problems, node: YamlNode, path: string): BuildspecEnv {
  const env = emptyEnv();
  const map = readMap(p, node, path, true);
  if (!map) return env;
  checkKeys(p, map, path, ENV_KEYS);
  const get = (key: string): YamlNode | undefined => map.entries.get(key);

  const shell = get('shell');
  if (shell) {
    const value = readString(p, shell, at(path, 'shell'));
    if (value !== undefined && !SHELLS.includes(value)) {
      p.add(at(path, 'shell'), shell, `unsupported shell ${JSON.stringify(value)}; expected one of ${SHELLS.join(', ')}`);
    } else if (value !== undefined) env.shell = value;
  }
  const variables = get('variables');
  if (variables) env.variables = readStringMap(p, variables, at(path, 'variables'), checkVariableName, true);
  const parameters = get('parameter-store');
  if (parameters) env.parameterStore = readStringMap(p, parameters, at(path, 'parameter-store'), checkVariableName);
  const secrets = get('secrets-manager');
  if (secrets) env.secretsManager = readStringMap(p, secrets, at(path, 'secrets-manager'), checkVariableName);
  const exported = get('exported-variables');
  if (exported) {
    const listPath = at(path, 'exported-variables');
    readStringList(p, exported, listPath, 'variable name'); // records list and item shape problems
    if (exported.kind === 'seq') {
      exported.items.forEach((item, i) => {
        if (item.kind !== 'scalar' || item.value === null) return;
        const problem = checkExportedName(item.text);
        if (problem) p.add(`${listPath}[${i}]`, item, problem);
        else env.exportedVariables.push(item.text);
      });
    }
  }
  const helper = get('git-credential-helper');
  if (helper) env.gitCredentialHelper = readBoolean(p, helper, at(path, 'git-credential-helper')) ?? false;
  return env;
}
