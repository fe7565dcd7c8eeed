/**
 * Stage conditions (V2): `beforeEntry`, `onSuccess`, `onFailure`. Each holds exactly one condition
 * of 1–5 rules; which results a condition may declare depends on where it sits, and a few rule
 * providers are known with their required configuration keys.
 */
import { ErrorCode } from '../errors.ts';
import type {
  BeforeEntryConditions, Condition, FailureConditions, RuleDeclaration, RuleTypeId, StageDeclaration,
  SuccessConditions,
} from '../pipeline.ts';
import { Result, RuleCategory, RuleOwner, StageRetryMode, type Result as ResultValue } from '../vocabulary.ts';
import {
  assignDefined, isObject, memberPath, readEnum, readInteger, readList, readObject, readString, readStringList,
  readStringMap, violation, type Issues, type JsonObject,
} from './fields.ts';
import * as L from './limits.ts';
import { parseInputArtifacts } from './parse-action.ts';

export type ConditionKind = 'beforeEntry' | 'onSuccess' | 'onFailure';
export const CONDITION_KINDS: readonly ConditionKind[] = ['beforeEntry', 'onSuccess', 'onFailure'];

/** Results each kind may declare (spec §2.7). */
const ALLOWED_RESULTS: Record<ConditionKind, readonly ResultValue[]> = {
  beforeEntry: ['FAIL', 'SKIP'],
  onSuccess: ['ROLLBACK', 'FAIL'],
  onFailure: ['ROLLBACK', 'RETRY'],
};

interface RuleTypeSpec {
  required: string[];
  allowed?: Record<string, readonly string[]>;
  /** Takes shell lines from the rule's `commands` member. */
  commands?: boolean;
}

/** Known rule providers (owner AWS) and their required configuration keys. */
const RULE_TYPES: Record<string, RuleTypeSpec> = {
  VariableCheck: { required: ['Variable', 'Value', 'Operator'], allowed: { Operator: ['EQ', 'NE', 'CONTAINS', 'MATCHES'] } },
  DeploymentWindow: { required: ['Cron'] },
  CloudWatchAlarm: { required: ['AlarmName'] },
  LambdaInvoke: { required: ['FunctionName'] },
  Commands: { required: [], commands: true },
  CodeBuild: { required: ['ProjectName'] },
};
/** A SKIP result needs a rule that can be evaluated before the stage runs. */
const SKIP_PROVIDERS = ['LambdaInvoke', 'VariableCheck'];

type StageConditions = Pick<StageDeclaration, ConditionKind>;

export function parseStageConditions(issues: Issues, stage: JsonObject, stagePath: string): StageConditions {
  const out: StageConditions = {};
  for (const kind of CONDITION_KINDS) {
    const raw = readObject(issues, stage, kind, stagePath);
    if (!raw) continue;
    const path = `${stagePath}.${kind}`;
    const conditions = parseConditions(issues, raw, path, kind, kind !== 'onFailure');
    if (kind === 'onFailure') out.onFailure = parseFailure(issues, raw, path, conditions);
    else if (conditions) out[kind] = { conditions } satisfies BeforeEntryConditions & SuccessConditions;
  }
  return out;
}

function parseFailure(issues: Issues, raw: JsonObject, path: string,
  conditions: Condition[] | undefined): FailureConditions {
  const result = checkResult(issues, raw, path, 'onFailure', true);
  const retry = readObject(issues, raw, 'retryConfiguration', path);
  const out: FailureConditions = assignDefined<FailureConditions>({}, { result, conditions });
  if (!retry) return out;
  const retryMode = readEnum(issues, retry, 'retryMode', `${path}.retryConfiguration`, StageRetryMode);
  out.retryConfiguration = assignDefined({}, { retryMode });
  if (result !== undefined && result !== 'RETRY') {
    issues.error(ErrorCode.ValidationException, `${path}.retryConfiguration`,
      `retryConfiguration at '${path}' applies only to result RETRY; remove it or set result to RETRY`);
  }
  return out;
}

function parseConditions(issues: Issues, raw: JsonObject, path: string, kind: ConditionKind,
  required: boolean): Condition[] | undefined {
  const items = readList(issues, raw, 'conditions', path, { required, size: L.CONDITIONS });
  return items?.flatMap((item, i) => {
    const condPath = memberPath(path, 'conditions', i);
    if (!isObject(item)) {
      violation(issues, condPath, item, 'be a structure');
      return [];
    }
    const result = checkResult(issues, item, condPath, kind, false);
    const rules = readList(issues, item, 'rules', condPath, { required: true, size: L.RULES_PER_CONDITION })
      ?.flatMap((r, j) => parseRule(issues, r, memberPath(condPath, 'rules', j)) ?? []);
    if (rules) checkRuleSet(issues, rules, condPath, result);
    return [assignDefined<Condition>({}, { result, rules })];
  });
}

function checkResult(issues: Issues, raw: JsonObject, path: string, kind: ConditionKind,
  required: boolean): ResultValue | undefined {
  const result = readEnum(issues, raw, 'result', path, Result, required);
  if (result === undefined) return undefined;
  const allowed = ALLOWED_RESULTS[kind];
  if (allowed.includes(result)) return result;
  issues.error(ErrorCode.ValidationException, `${path}.result`,
    `Result '${result}' at '${path}.result' is not allowed in ${kind} conditions; use one of ${allowed.join(', ')}`);
  // Dropped, so rules that depend on the result (SKIP providers, RETRY) do not pile on.
  return undefined;
}

function parseRule(issues: Issues, raw: unknown, path: string): RuleDeclaration | undefined {
  if (!isObject(raw)) {
    violation(issues, path, raw, 'be a structure');
    return undefined;
  }
  const name = readString(issues, raw, 'name', path, L.RULE_NAME, true);
  const ruleTypeId = parseRuleTypeId(issues, raw, path);
  if (name === undefined || !ruleTypeId) return undefined;
  const rule = assignDefined<RuleDeclaration>({ name, ruleTypeId }, {
    configuration: readStringMap(issues, raw, 'configuration', path,
      { key: L.CONFIG_KEY, value: L.RULE_CONFIG_VALUE, size: L.RULE_CONFIG_ENTRIES }),
    commands: readStringList(issues, raw, 'commands', path, L.COMMANDS, L.COMMAND),
    inputArtifacts: parseInputArtifacts(issues, raw, 'inputArtifacts', path),
    roleArn: readString(issues, raw, 'roleArn', path, L.ROLE_ARN),
    region: readString(issues, raw, 'region', path, L.REGION),
    timeoutInMinutes: readInteger(issues, raw, 'timeoutInMinutes', path, L.TIMEOUT_MINUTES),
  });
  checkRuleType(issues, rule, path);
  return rule;
}

function parseRuleTypeId(issues: Issues, rule: JsonObject, parent: string): RuleTypeId | undefined {
  const raw = readObject(issues, rule, 'ruleTypeId', parent, true);
  if (!raw) return undefined;
  const path = `${parent}.ruleTypeId`;
  const category = readEnum(issues, raw, 'category', path, RuleCategory, true);
  const provider = readString(issues, raw, 'provider', path, L.PROVIDER, true);
  const owner = readEnum(issues, raw, 'owner', path, RuleOwner);
  const version = readString(issues, raw, 'version', path, L.VERSION);
  if (!category || provider === undefined) return undefined;
  return assignDefined<RuleTypeId>({ category, provider }, { owner, version });
}

/** Provider-specific rules: known provider, required keys, allowed values, `commands` placement. */
function checkRuleType(issues: Issues, rule: RuleDeclaration, path: string): void {
  const code = ErrorCode.InvalidStageDeclarationException;
  const provider = rule.ruleTypeId.provider;
  const spec = RULE_TYPES[provider];
  if (!spec) {
    issues.error(code, `${path}.ruleTypeId.provider`, `Rule '${rule.name}' uses unknown rule provider '${provider}'; `
      + `use one of ${Object.keys(RULE_TYPES).join(', ')}`);
    return;
  }
  const config = rule.configuration ?? {};
  for (const key of spec.required.filter((k) => config[k] === undefined)) {
    issues.error(code, `${path}.configuration`,
      `Rule configuration for rule '${rule.name}' is missing required configuration '${key}' (${provider} rule)`);
  }
  for (const [key, values] of Object.entries(spec.allowed ?? {})) {
    const value = config[key];
    if (value !== undefined && !value.includes('#{') && !values.includes(value)) {
      issues.error(code, `${path}.configuration.${key}`,
        `Value '${value}' of '${key}' in rule '${rule.name}' is not valid; use one of ${values.join(', ')}`);
    }
  }
  if (spec.commands && !rule.commands) {
    issues.error(code, `${path}.commands`, `Rule '${rule.name}' is a Commands rule and needs 'commands'`);
  }
  if (!spec.commands && rule.commands) {
    issues.error(code, `${path}.commands`, `'commands' at '${path}' is allowed only on Commands rules`);
  }
}

/** Rule names unique within the condition; SKIP only with rules that can decide before entry. */
function checkRuleSet(issues: Issues, rules: RuleDeclaration[], path: string, result: ResultValue | undefined): void {
  const seen = new Set<string>();
  for (const rule of rules) {
    if (seen.has(rule.name)) {
      issues.error(ErrorCode.InvalidStageDeclarationException, `${path}.rules`,
        `Rule name '${rule.name}' is used more than once in the condition at '${path}'; rule names must be unique`);
    }
    seen.add(rule.name);
    if (result === 'SKIP' && !SKIP_PROVIDERS.includes(rule.ruleTypeId.provider)) {
      issues.error(ErrorCode.InvalidStageDeclarationException, `${path}.rules`,
        `Rule '${rule.name}' (${rule.ruleTypeId.provider}) cannot be used with result SKIP; `
        + `SKIP conditions may only use ${SKIP_PROVIDERS.join(' or ')} rules`);
    }
  }
}

/** Visits every rule of a stage's conditions with its member path. */
export function forEachRule(stage: StageDeclaration, stagePath: string,
  visit: (rule: RuleDeclaration, path: string, kind: ConditionKind) => void): void {
  for (const kind of CONDITION_KINDS) {
    stage[kind]?.conditions?.forEach((condition, i) => {
      const condPath = memberPath(`${stagePath}.${kind}`, 'conditions', i);
      condition.rules?.forEach((rule, j) => visit(rule, memberPath(condPath, 'rules', j), kind));
    });
  }
}
