/**
 * Matches events against every enabled rule fast enough for thousands of rules: each rule's
 * pattern is compiled once per rule version, and rules are indexed by the exact `source` values
 * their pattern names (most name one), with a set of exact `detail-type` values checked before the
 * compiled pattern runs. Rules whose pattern names no plain `source` (e.g. a top-level `$or`,
 * `prefix` matchers) are tried for every event.
 */
import { compileEventPattern, type CompiledPattern } from '../model/events/pattern.ts';
import type { BusEvent } from '../model/events/envelope.ts';
import type { EventTarget, MatchableRule } from '../store/event-ports.ts';

interface IndexedRule {
  name: string;
  version: number;
  pattern: CompiledPattern;
  /** Exact detail-types the pattern requires, or undefined when it names none (or not only exact ones). */
  detailTypes?: Set<string>;
  targets: EventTarget[];
}

/** The strings of a pattern leaf made only of exact strings, else undefined. */
function exactStrings(leaf: unknown): string[] | undefined {
  if (!Array.isArray(leaf) || leaf.length === 0 || !leaf.every((v) => typeof v === 'string')) return undefined;
  return leaf;
}

export class RuleIndex {
  readonly #compiled = new Map<string, IndexedRule>();
  #bySource = new Map<string, IndexedRule[]>();
  #anySource: IndexedRule[] = [];

  /** Replaces the rule set; unchanged rules (same name and version) keep their compiled pattern. */
  load(rules: readonly MatchableRule[]): void {
    const seen = new Set<string>();
    this.#bySource = new Map();
    this.#anySource = [];
    for (const rule of rules) {
      seen.add(rule.name);
      let indexed = this.#compiled.get(rule.name);
      if (indexed?.version !== rule.version) {
        indexed = compileRule(rule);
        this.#compiled.set(rule.name, indexed);
      }
      indexed.targets = rule.targets;
      const sources = exactStrings((JSON.parse(rule.eventPattern) as Record<string, unknown>).source);
      if (sources === undefined) this.#anySource.push(indexed);
      for (const source of sources ?? []) {
        const list = this.#bySource.get(source) ?? [];
        list.push(indexed);
        this.#bySource.set(source, list);
      }
    }
    for (const name of this.#compiled.keys()) if (!seen.has(name)) this.#compiled.delete(name);
  }

  get size(): number {
    return this.#compiled.size;
  }

  /** The rules (with their targets) that select `event`. */
  match(event: BusEvent): { name: string; targets: EventTarget[] }[] {
    const out: { name: string; targets: EventTarget[] }[] = [];
    const test = (rule: IndexedRule): void => {
      if (rule.detailTypes && !rule.detailTypes.has(event['detail-type'])) return;
      if (rule.pattern.matches(event)) out.push({ name: rule.name, targets: rule.targets });
    };
    for (const rule of this.#bySource.get(event.source) ?? []) test(rule);
    for (const rule of this.#anySource) test(rule);
    return out;
  }
}

function compileRule(rule: MatchableRule): IndexedRule {
  const parsed = JSON.parse(rule.eventPattern) as Record<string, unknown>;
  const detailTypes = exactStrings(parsed['detail-type']);
  return {
    name: rule.name, version: rule.version, pattern: compileEventPattern(parsed), targets: rule.targets,
    ...(detailTypes !== undefined && { detailTypes: new Set(detailTypes) }),
  };
}
