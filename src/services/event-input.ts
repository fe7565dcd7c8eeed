/**
 * What a target receives for an event, by EventBridge's rules: the whole event, a constant
 * `Input`, the part an `InputPath` selects, or an `InputTransformer`'s template with its
 * `<placeholder>`s filled from `InputPathsMap`.
 *
 * Placeholder substitution (AWS's rules):
 * - A template whose text starts with `{`, `[` or `"` is JSON. Inside a JSON string a placeholder
 *   is replaced by its value's text, escaped for the string (a string without its quotes, anything
 *   else as its JSON); outside a string by the value as JSON (a string gets its quotes).
 * - Any other template is plain text: strings are inserted as they are, other values as JSON.
 * - A path that selects nothing gives `null` outside a JSON string and nothing inside one or in
 *   text [guess: AWS leaves such keys out of its docs].
 * - Reserved names need no path: `aws.events.rule-arn`, `aws.events.rule-name`,
 *   `aws.events.event.ingestion-time`, `aws.events.event` (the event, escaped: only inside a
 *   string) and `aws.events.event.json` (the event as JSON: only outside a string).
 * - A `<word>` whose name is neither mapped nor reserved is left as it is, as AWS does.
 * A JSON template must still be JSON once filled; otherwise the delivery fails.
 *
 * `checkTargetInput` validates a target's input settings when it is put, naming the problem.
 */
import { parseJsonPath, queryJsonPath, type JsonPath } from '../model/webhooks/json-path.ts';

/** AWS limits: 100 InputPathsMap entries; keys of at most 256 characters. */
export const MAX_INPUT_PATHS = 100;
const KEY = /^[A-Za-z0-9_-]{1,256}$/;
const PLACEHOLDER = /<([A-Za-z0-9_.-]+)>/g;
const RESERVED = new Set(['aws.events.rule-arn', 'aws.events.rule-name', 'aws.events.event.ingestion-time', 'aws.events.event', 'aws.events.event.json']);

export interface TargetInputSettings {
  Input?: string;
  InputPath?: string;
  InputTransformer?: { InputPathsMap?: Record<string, string>; InputTemplate: string };
}

/** What the transformer knows beyond the event. */
export interface InputContext { ruleArn: string; ruleName: string; ingestionTime: string }

export class TargetInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetInputError';
  }
}

function parsePath(text: string, where: string): JsonPath {
  try {
    return parseJsonPath(text);
  } catch (e) {
    throw new TargetInputError(`${where} ${JSON.stringify(text)} is not a valid JSONPath: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** A path naming one member or element per step selects a value; any other selects a list. */
function isDefinite(path: JsonPath): boolean {
  return path.every((s) => !s.descendant && s.selectors.length === 1 && (s.selectors[0]?.kind === 'name' || s.selectors[0]?.kind === 'index'));
}

function select(path: JsonPath, event: unknown): unknown {
  const found = queryJsonPath(path, event);
  return isDefinite(path) ? found[0] : found;
}

/** Throws TargetInputError when the target's input settings are not usable. */
export function checkTargetInput(target: TargetInputSettings): void {
  const set = [target.Input, target.InputPath, target.InputTransformer].filter((v) => v !== undefined).length;
  if (set > 1) throw new TargetInputError('Only one of Input, InputPath, or InputTransformer must be provided.');
  if (target.Input !== undefined) {
    try {
      JSON.parse(target.Input);
    } catch {
      throw new TargetInputError('Input is not valid JSON text.');
    }
  }
  if (target.InputPath !== undefined) parsePath(target.InputPath, 'InputPath');
  const transformer = target.InputTransformer;
  if (transformer === undefined) return;
  const map = transformer.InputPathsMap ?? {};
  const keys = Object.keys(map);
  if (keys.length > MAX_INPUT_PATHS) throw new TargetInputError(`InputPathsMap has ${keys.length} entries; the limit is ${MAX_INPUT_PATHS}.`);
  for (const key of keys) {
    if (!KEY.test(key)) throw new TargetInputError(`InputPathsMap key ${JSON.stringify(key)} must be 1 to 256 letters, digits, _ or -.`);
    if (RESERVED.has(key) || key.startsWith('aws.')) throw new TargetInputError(`InputPathsMap key ${key} is reserved.`);
    parsePath(map[key] as string, `InputPathsMap value for ${key}`);
  }
}

/** The target's input for `event` as the text to send; throws TargetInputError when a JSON template does not make JSON. */
export function targetInput(target: TargetInputSettings, event: object, context: InputContext): string {
  if (target.Input !== undefined) return target.Input;
  if (target.InputPath !== undefined) return JSON.stringify(select(parsePath(target.InputPath, 'InputPath'), event) ?? null);
  if (target.InputTransformer === undefined) return JSON.stringify(event);
  return fillTemplate(target.InputTransformer, event, context);
}

function valuesOf(transformer: NonNullable<TargetInputSettings['InputTransformer']>, event: object, context: InputContext): Map<string, unknown> {
  const values = new Map<string, unknown>([
    ['aws.events.rule-arn', context.ruleArn], ['aws.events.rule-name', context.ruleName],
    ['aws.events.event.ingestion-time', context.ingestionTime], ['aws.events.event', event], ['aws.events.event.json', event],
  ]);
  for (const [key, path] of Object.entries(transformer.InputPathsMap ?? {})) values.set(key, select(parsePath(path, 'InputPathsMap'), event));
  return values;
}

/** Whether position `at` of a JSON template is inside a string literal. */
function insideString(template: string, at: number, from: number, was: boolean): boolean {
  let inside = was;
  for (let i = from; i < at; i++) {
    const c = template[i];
    if (inside && c === '\\') i++;
    else if (c === '"') inside = !inside;
  }
  return inside;
}

function render(value: unknown, json: boolean, quoted: boolean): string {
  if (value === undefined) return json && !quoted ? 'null' : '';
  const text = typeof value === 'string' && (quoted || !json) ? value : JSON.stringify(value);
  return quoted ? JSON.stringify(text).slice(1, -1) : text;
}

function fillTemplate(transformer: NonNullable<TargetInputSettings['InputTransformer']>, event: object, context: InputContext): string {
  const template = transformer.InputTemplate;
  const json = /^\s*[{["]/.test(template);
  const values = valuesOf(transformer, event, context);
  let out = '';
  let last = 0;
  let quoted = false;
  for (const m of template.matchAll(PLACEHOLDER)) {
    const name = m[1] as string;
    if (!values.has(name)) continue;
    if (json) quoted = insideString(template, m.index, last, quoted);
    out += template.slice(last, m.index) + render(values.get(name), json, quoted);
    last = m.index + m[0].length;
  }
  out += template.slice(last);
  if (json) {
    try {
      JSON.parse(out);
    } catch {
      throw new TargetInputError('InputTemplate did not produce valid JSON for this event.');
    }
  }
  return out;
}
