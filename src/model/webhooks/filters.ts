/**
 * Webhook filters: which deliveries start the target pipeline. Every filter must match: its
 * JSONPath must select, in the payload, a value equal to its `matchEquals` (or, without
 * `matchEquals`, select anything at all).
 *
 * `matchEquals` may name properties of the target action's configuration in braces:
 * `refs/heads/{Branch}` against an action configured with `Branch: main` expects
 * `refs/heads/main`. AWS's GitHub (version 1) action names its branch `Branch` while CodeCommit
 * and connection sources name it `BranchName`, so each of the two fills in for the other. A
 * placeholder the configuration cannot fill makes its filter fail.
 *
 * Selected numbers and booleans compare by their JSON text (`true`, `42`); objects, arrays and
 * null never equal a `matchEquals`.
 */
import { JsonPathSyntaxError, parseJsonPath, queryJsonPath, type JsonPath } from './json-path.ts';

export interface WebhookFilter { jsonPath: string; matchEquals?: string }

export interface CompiledWebhookFilter { jsonPath: string; path: JsonPath; matchEquals?: string }

/** Why a filter cannot be used, one entry per bad filter (empty when all parse). */
export interface FilterIssue { index: number; jsonPath: string; message: string }

export function compileWebhookFilters(filters: readonly WebhookFilter[]): { filters: CompiledWebhookFilter[]; issues: FilterIssue[] } {
  const compiled: CompiledWebhookFilter[] = [];
  const issues: FilterIssue[] = [];
  filters.forEach((filter, index) => {
    try {
      compiled.push({ jsonPath: filter.jsonPath, path: parseJsonPath(filter.jsonPath),
        ...(filter.matchEquals !== undefined && { matchEquals: filter.matchEquals }) });
    } catch (e) {
      if (!(e instanceof JsonPathSyntaxError)) throw e;
      issues.push({ index, jsonPath: filter.jsonPath, message: e.message });
    }
  });
  return { filters: compiled, issues };
}

const PLACEHOLDER = /\{([^{}]+)\}/g;
const BRANCH_ALIASES: Record<string, string> = { Branch: 'BranchName', BranchName: 'Branch' };

/** `template` with every `{Key}` filled from `configuration`; undefined when one cannot be filled. */
export function fillPlaceholders(template: string, configuration: Readonly<Record<string, string>>): string | undefined {
  let missing = false;
  const filled = template.replace(PLACEHOLDER, (whole, key: string) => {
    const alias = BRANCH_ALIASES[key];
    const value = configuration[key] ?? (alias === undefined ? undefined : configuration[alias]);
    if (value === undefined) missing = true;
    return value ?? whole;
  });
  return missing ? undefined : filled;
}

function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
  return undefined;
}

export type FilterOutcome = { matched: true } | { matched: false; reason: string };

/** Evaluates every filter against `payload`; the first that fails is named in the reason. */
export function evaluateWebhookFilters(
  filters: readonly CompiledWebhookFilter[], payload: unknown, configuration: Readonly<Record<string, string>>,
): FilterOutcome {
  for (const filter of filters) {
    const selected = queryJsonPath(filter.path, payload);
    if (filter.matchEquals === undefined) {
      if (selected.length === 0) return { matched: false, reason: `${filter.jsonPath} selects nothing` };
      continue;
    }
    const expected = fillPlaceholders(filter.matchEquals, configuration);
    if (expected === undefined) {
      return { matched: false, reason: `${filter.matchEquals} names a property the target action's configuration does not have` };
    }
    if (!selected.some((value) => scalarText(value) === expected)) {
      return { matched: false, reason: `${filter.jsonPath} does not select ${expected}` };
    }
  }
  return { matched: true };
}
