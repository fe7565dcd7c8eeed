/**
 * EventBridge rules and targets, with AWS's rules and wording: PutRule (pattern and/or schedule,
 * checked when put), enable/disable, deletion refused while targets remain, PutTargets and
 * RemoveTargets with per-entry failures, tags, and TestEventPattern.
 *
 * Limits (named in errors): 2,000 rules [guess: AWS's default quota is 300 per bus, adjustable],
 * 5 targets per rule and 50 tags per rule (AWS).
 */
import type { Tag } from '../engine/state.ts';
import { SluiceError } from '../model/errors.ts';
import { compileEventPattern, EventPatternError } from '../model/events/pattern.ts';
import { parseScheduleExpression, ScheduleExpressionError, type Schedule } from '../model/events/schedule.ts';
import type { EventRuleRecord, EventRuleStore, EventTarget, RuleState } from '../store/event-ports.ts';
import { checkTargetInput, TargetInputError } from './event-input.ts';
import { kindOf, UNSUPPORTED_TARGET_MESSAGE, type TargetKinds } from './event-targets.ts';
import { decodeListToken, encodeListToken } from './list-token.ts';

export const MAX_RULES = 2000;
export const MAX_TARGETS_PER_RULE = 5;
export const MAX_TAGS = 50;

export interface PutRuleRequest {
  name: string;
  eventPattern?: string;
  scheduleExpression?: string;
  state?: string;
  description?: string;
  roleArn?: string;
  tags?: Tag[];
  caller?: string;
}

export interface FailedEntry { TargetId: string; ErrorCode: string; ErrorMessage: string }

export interface EventRuleServiceOptions {
  store: EventRuleStore;
  kinds: TargetKinds;
  now(): number;
  /** Called after any change of rules or targets (the matcher reloads). */
  changed?(): void;
}

export function compilePattern(pattern: string): void {
  try {
    compileEventPattern(pattern);
  } catch (e) {
    if (e instanceof EventPatternError) throw new SluiceError('InvalidEventPatternException', e.message);
    throw e;
  }
}

export function parseSchedule(expression: string, anchorEpochMs: number): Schedule {
  try {
    return parseScheduleExpression(expression, { anchorEpochMs });
  } catch (e) {
    if (e instanceof ScheduleExpressionError) throw new SluiceError('ValidationException', e.message);
    throw e;
  }
}

function checkState(state: string | undefined): RuleState {
  if (state === undefined || state === 'ENABLED' || state === 'DISABLED') return state ?? 'ENABLED';
  throw new SluiceError('ValidationException', `Sluice serves rule states ENABLED and DISABLED, not ${state}.`);
}

const notFound = (name: string): SluiceError => new SluiceError('ResourceNotFoundException', `Rule ${name} does not exist on EventBus default.`);

export function pageAfter(list: string, token: string | undefined): string | undefined {
  return token === undefined ? undefined : decodeListToken<string>(list, token, 'string', 'ValidationException');
}

/** Loads `limit + 1` to know whether a NextToken is due. */
export function pageOf<T>(list: string, items: T[], limit: number, key: (item: T) => string): { items: T[]; nextToken?: string } {
  if (items.length <= limit) return { items };
  const page = items.slice(0, limit);
  return { items: page, nextToken: encodeListToken(list, key(page.at(-1) as T)) };
}

export class EventRuleService {
  readonly #options: EventRuleServiceOptions;

  constructor(options: EventRuleServiceOptions) {
    this.#options = options;
  }

  async putRule(request: PutRuleRequest): Promise<void> {
    if (request.eventPattern === undefined && request.scheduleExpression === undefined) {
      throw new SluiceError('ValidationException', 'Parameter(s) EventPattern or ScheduleExpression must be specified.');
    }
    if (request.eventPattern !== undefined) compilePattern(request.eventPattern);
    const expression = request.scheduleExpression;
    if (expression !== undefined) parseSchedule(expression, 0);
    const state = checkState(request.state);
    if ((request.tags?.length ?? 0) > MAX_TAGS) throw new SluiceError('LimitExceededException', `A rule has at most ${MAX_TAGS} tags.`);
    const now = this.#options.now();
    const put = await this.#options.store.put({
      name: request.name, state, tags: request.tags ?? [],
      ...(request.eventPattern !== undefined && { eventPattern: request.eventPattern }),
      ...(expression !== undefined && { scheduleExpression: expression, nextFireAt: (createdAt: number) => parseSchedule(expression, createdAt).next(now) }),
      ...(request.description !== undefined && { description: request.description }),
      ...(request.roleArn !== undefined && { roleArn: request.roleArn }),
      ...(request.caller !== undefined && { createdBy: request.caller }),
    }, now, MAX_RULES);
    if (!put) throw new SluiceError('LimitExceededException', `The requested resource exceeds the maximum number allowed: at most ${MAX_RULES} rules.`);
    this.#options.changed?.();
  }

  async rule(name: string): Promise<EventRuleRecord> {
    return await this.#options.store.get(name) ?? (() => { throw notFound(name); })();
  }

  async listRules(prefix: string | undefined, limit: number, token: string | undefined): Promise<{ items: EventRuleRecord[]; nextToken?: string }> {
    const after = pageAfter('rules', token);
    const rows = await this.#options.store.list({ limit: limit + 1, ...(prefix !== undefined && { prefix }), ...(after !== undefined && { after }) });
    return pageOf('rules', rows, limit, (r) => r.name);
  }

  async deleteRule(name: string): Promise<void> {
    const result = await this.#options.store.delete(name);
    // AWS answers success for a rule that does not exist.
    if (result === 'has-targets') throw new SluiceError('ValidationException', 'Rule can\'t be deleted since it has targets.');
    this.#options.changed?.();
  }

  async setState(name: string, state: RuleState): Promise<void> {
    const rule = await this.rule(name);
    // Enabling starts the schedule from now: firings missed while disabled are not made up.
    const next = state === 'ENABLED' && rule.scheduleExpression !== undefined
      ? parseSchedule(rule.scheduleExpression, rule.createdAt).next(this.#options.now()) : undefined;
    if (!await this.#options.store.setState(name, state, next)) throw notFound(name);
    this.#options.changed?.();
  }

  async putTargets(name: string, targets: readonly EventTarget[]): Promise<FailedEntry[]> {
    await this.rule(name);
    const failed: FailedEntry[] = [];
    const good: EventTarget[] = [];
    for (const target of targets) {
      const problem = await this.#problemOf(target);
      if (problem) failed.push({ TargetId: target.Id, ErrorCode: 'ValidationException', ErrorMessage: problem });
      else good.push(target);
    }
    if (good.length === 0) return failed;
    const result = await this.#options.store.putTargets(name, good, MAX_TARGETS_PER_RULE);
    if (result === 'missing') throw notFound(name);
    if (result === 'limit') throw new SluiceError('LimitExceededException', `The requested resource exceeds the maximum number allowed: at most ${MAX_TARGETS_PER_RULE} targets per rule.`);
    this.#options.changed?.();
    return failed;
  }

  async removeTargets(name: string, ids: readonly string[]): Promise<FailedEntry[]> {
    const missing = await this.#options.store.removeTargets(name, ids);
    if (missing === undefined) throw notFound(name);
    this.#options.changed?.();
    return missing.map((id) => ({ TargetId: id, ErrorCode: 'ResourceNotFoundException', ErrorMessage: `Target ${id} does not exist on rule ${name}.` }));
  }

  async targets(name: string): Promise<EventTarget[]> {
    return await this.#options.store.targets(name) ?? (() => { throw notFound(name); })();
  }

  async ruleNamesByTarget(arn: string, limit: number, token: string | undefined): Promise<{ items: string[]; nextToken?: string }> {
    const after = pageAfter('rule-names', token);
    const names = await this.#options.store.namesByTarget(arn, { limit: limit + 1, ...(after !== undefined && { after }) });
    return pageOf('rule-names', names, limit, (n) => n);
  }

  async tag(name: string, tags: readonly Tag[]): Promise<void> {
    const rule = await this.rule(name);
    const merged = new Map(rule.tags.map((t) => [t.key, t.value]));
    for (const t of tags) merged.set(t.key, t.value);
    if (merged.size > MAX_TAGS) throw new SluiceError('LimitExceededException', `A rule has at most ${MAX_TAGS} tags.`);
    if (!await this.#options.store.setTags(name, [...merged].map(([key, value]) => ({ key, value })))) throw notFound(name);
  }

  async untag(name: string, keys: readonly string[]): Promise<void> {
    const rule = await this.rule(name);
    if (!await this.#options.store.setTags(name, rule.tags.filter((t) => !keys.includes(t.key)))) throw notFound(name);
  }

  async #problemOf(target: EventTarget): Promise<string | undefined> {
    const kind = kindOf(this.#options.kinds, target.Arn);
    if (!kind) return `${target.Arn} ${UNSUPPORTED_TARGET_MESSAGE}`;
    try {
      checkTargetInput(target);
    } catch (e) {
      if (e instanceof TargetInputError) return e.message;
      throw e;
    }
    return kind.check(target);
  }
}

/** TestEventPattern: whether `event` (JSON text of an event) matches `pattern`. */
export function testEventPattern(pattern: string, event: string): boolean {
  compilePattern(pattern);
  let parsed: unknown;
  try {
    parsed = JSON.parse(event);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new SluiceError('ValidationException', 'Parameter Event is not valid: it must be a JSON object.');
  return compileEventPattern(pattern).matches(parsed);
}
