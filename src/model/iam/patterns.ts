/**
 * Wildcard patterns and policy variables, the two things that turn a policy string into a test.
 *
 * Wildcards: `*` matches any run of characters (including `:` and `/`), `?` exactly one. They apply
 * in Action, NotAction, Resource, NotResource and the values of StringLike/StringNotLike and the Arn
 * operators.
 *
 * Policy variables (Version 2012-10-17 only; plain text in 2008-10-17), in Resource and in the
 * values of the operators that allow them:
 * - `${aws:username}` becomes the request's value for that key; key names ignore case;
 * - `${aws:username, 'nobody'}` falls back to the quoted default (`''` inside it is one quote);
 * - `${*}`, `${?}` and `${$}` are literal `*`, `?` and `$` that are never wildcards;
 * - a key that is absent, or multivalued, with no default leaves the variable unresolved, and IAM
 *   then treats the whole value as matching nothing (for negated operators: as "not matched").
 * Text substituted for a variable is always literal: a `*` in a user name is not a wildcard.
 * A `${` without its closing `}` is kept as plain text.
 */

/** One piece of a pattern: literal text, `*` (any run of characters) or `?` (one character). */
export type Token = { readonly text: string } | '*' | '?';

/** Request context with lower-cased key names, because IAM condition key names ignore case. */
export type ContextIndex = ReadonlyMap<string, string | readonly string[]>;

export function indexContext(context: Readonly<Record<string, string | readonly string[]>> | undefined): ContextIndex {
  const index = new Map<string, string | readonly string[]>();
  for (const [key, value] of Object.entries(context ?? {})) index.set(key.toLowerCase(), value);
  return index;
}

export interface ResolveOptions {
  /** Substitute `${…}` policy variables; off for Version 2008-10-17 and for some operators. */
  readonly variables: boolean;
  /** Read `*` and `?` in the written text as wildcards. */
  readonly wildcards: boolean;
}

/**
 * Turns a policy string into tokens, substituting variables when asked. Returns undefined when a
 * variable cannot be resolved, meaning "this value matches nothing".
 */
export function resolvePattern(text: string, options: ResolveOptions, context: ContextIndex): Token[] | undefined {
  const tokens: Token[] = [];
  let raw = '';
  const flush = (): void => {
    tokens.push(...tokenize(raw, options.wildcards));
    raw = '';
  };
  for (let i = 0; i < text.length;) {
    const variable = options.variables && text.startsWith('${', i) ? scanVariable(text, i) : undefined;
    if (!variable) {
      raw += text[i];
      i += 1;
      continue;
    }
    flush();
    const value = variable.literal ?? singleValue(context, variable.key) ?? variable.fallback;
    if (value === undefined) return undefined;
    tokens.push({ text: value });
    i = variable.end;
  }
  flush();
  return tokens;
}

/** The literal text of tokens, with any wildcard written back as its character. */
export function tokensText(tokens: readonly Token[]): string {
  return tokens.map((t) => (typeof t === 'string' ? t : t.text)).join('');
}

/** Whole-string match of `value` against `tokens`. */
export function matchesTokens(tokens: readonly Token[], value: string, ignoreCase: boolean): boolean {
  if (tokens.every((t) => typeof t !== 'string')) {
    const text = tokensText(tokens);
    return ignoreCase ? text.toLowerCase() === value.toLowerCase() : text === value;
  }
  const source = tokens.map((t) => (t === '*' ? '.*' : t === '?' ? '.' : escapeRegExp(t.text))).join('');
  return new RegExp(`^${source}$`, ignoreCase ? 'isu' : 'su').test(value);
}

/** Matches written text (no variables) such as an Action against a value, e.g. `codepipeline:Get*`. */
export function matchesWildcard(pattern: string, value: string, ignoreCase: boolean): boolean {
  return matchesTokens(tokenize(pattern, true), value, ignoreCase);
}

/**
 * Splits tokens at `separator` characters of their literal text, keeping everything after the
 * `(limit - 1)`th separator in the last piece (as ARNs keep colons in their resource part).
 */
export function splitTokens(tokens: readonly Token[], separator: string, limit: number): Token[][] {
  const pieces: Token[][] = [[]];
  for (const token of tokens) {
    if (typeof token === 'string') {
      pieces[pieces.length - 1]?.push(token);
      continue;
    }
    const parts = token.text.split(separator);
    parts.forEach((part, i) => {
      if (i > 0 && pieces.length < limit) pieces.push([]);
      else if (i > 0) pieces[pieces.length - 1]?.push({ text: separator });
      if (part !== '') pieces[pieces.length - 1]?.push({ text: part });
    });
  }
  return pieces;
}

function tokenize(text: string, wildcards: boolean): Token[] {
  if (!wildcards) return text === '' ? [] : [{ text }];
  const tokens: Token[] = [];
  let literal = '';
  for (const ch of text) {
    if (ch !== '*' && ch !== '?') {
      literal += ch;
      continue;
    }
    if (literal !== '') tokens.push({ text: literal });
    literal = '';
    tokens.push(ch);
  }
  if (literal !== '') tokens.push({ text: literal });
  return tokens;
}

interface ScannedVariable {
  /** Index just past the closing `}`. */
  end: number;
  key: string;
  /** Set for the `${*}`, `${?}`, `${$}` escapes. */
  literal?: string;
  fallback?: string;
}

/** Reads `${key}`, `${key, 'default'}` or an escape starting at `start`; undefined if unterminated. */
function scanVariable(text: string, start: number): ScannedVariable | undefined {
  let i = start + 2;
  while (i < text.length && text[i] !== '}' && text[i] !== ',') i += 1;
  if (i >= text.length) return undefined;
  const key = text.slice(start + 2, i).trim();
  if (text[i] === '}') {
    const literal = key === '*' || key === '?' || key === '$' ? key : undefined;
    return literal === undefined ? { end: i + 1, key } : { end: i + 1, key, literal };
  }
  i = skipSpaces(text, i + 1);
  if (text[i] !== "'") return undefined;
  let fallback = '';
  for (i += 1; i < text.length; i += 1) {
    if (text[i] !== "'") fallback += text[i];
    else if (text[i + 1] === "'") { fallback += "'"; i += 1; } else break;
  }
  i = skipSpaces(text, i + 1);
  return text[i] === '}' ? { end: i + 1, key, fallback } : undefined;
}

function skipSpaces(text: string, from: number): number {
  let i = from;
  while (text[i] === ' ') i += 1;
  return i;
}

/** A key's value when it has exactly one; multivalued keys cannot be policy variables. */
function singleValue(context: ContextIndex, key: string): string | undefined {
  const value = key === '' ? undefined : context.get(key.toLowerCase());
  return typeof value === 'string' ? value : undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
