/**
 * Trigger globs: the Java NIO `glob:` pattern language that CodePipeline documents for trigger
 * branch, tag and file-path filters, compiled to a RegExp that matches a whole string.
 *
 * | glob        | meaning                                                              |
 * |-------------|----------------------------------------------------------------------|
 * | `*`         | zero or more characters, never `/`                                   |
 * | `**`        | zero or more characters, `/` included (it is `.*`, not a segment)    |
 * | `?`         | exactly one character, never `/`                                     |
 * | `[abc]` `[a-z]` `[!a]` | one character of (or, with `!`, not of) the set, never `/`; `-` first (or first after `!`) is literal; `*`, `?`, `\` are literal inside |
 * | `{a,b}`     | any one of the comma-separated sub-patterns; groups do not nest      |
 * | `\x`        | `x` literally                                                        |
 *
 * Like Java, `**` is a plain "anything" wildcard wherever it stands: `src/**` matches `src/a` and
 * `src/a/b` but not `src`, `**\/*.ts` needs at least one `/`, and `**.md` matches `a/b.md`.
 *
 * Why not picomatch (already a dependency, and pure): it cannot be configured into these rules.
 * Its `**` is special only as a whole path segment (`**.md` behaves like `*.md`), `a/**\/b` also
 * matches `a/b`, braces nest and expand ranges (`{1..3}`), a leading `!` negates, and extglobs
 * and POSIX classes (`+(a)`, `[[:alpha:]]`) mean something. A pattern a user copied from the AWS
 * docs must select the same branches and files in Sluice as in AWS, so this follows the JDK's
 * `Globs.toRegexPattern` rule for rule, in about a hundred lines.
 *
 * Syntax errors (a trailing `\`, `[` without `]`, an empty or reversed range, `/` inside `[]`,
 * nested or unclosed `{`) throw `GlobSyntaxError`, as the JDK throws PatternSyntaxException.
 */

/** A pattern that is not a valid trigger glob; `index` is where the problem was found. */
export class GlobSyntaxError extends Error {
  readonly pattern: string;
  readonly index: number;
  constructor(pattern: string, index: number, problem: string) {
    super(`Invalid glob '${pattern}': ${problem} at position ${index}`);
    this.name = 'GlobSyntaxError';
    this.pattern = pattern;
    this.index = index;
  }
}

/** Characters that mean something in a RegExp outside a class and so need a backslash. */
const REGEX_META = new Set([...'.^$+{}[]|()*?\\/']);

function literal(c: string): string {
  return REGEX_META.has(c) ? `\\${c}` : c;
}

/** Compiles a trigger glob to an anchored RegExp. @throws GlobSyntaxError */
export function compileGlob(pattern: string): RegExp {
  let out = '';
  let inGroup = false;
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i++]!;
    switch (c) {
      case '\\':
        if (i === pattern.length) throw new GlobSyntaxError(pattern, i - 1, 'no character to escape');
        out += literal(pattern[i++]!);
        break;
      case '[': {
        const cls = readClass(pattern, i);
        out += cls.source;
        i = cls.next;
        break;
      }
      case '{':
        if (inGroup) throw new GlobSyntaxError(pattern, i - 1, 'groups cannot be nested');
        out += '(?:(?:';
        inGroup = true;
        break;
      case '}':
        out += inGroup ? '))' : '\\}';
        inGroup = false;
        break;
      case ',':
        out += inGroup ? ')|(?:' : ',';
        break;
      case '*':
        if (pattern[i] === '*') {
          out += '.*';
          i++;
        } else out += '[^/]*';
        break;
      case '?':
        out += '[^/]';
        break;
      default:
        out += literal(c);
    }
  }
  if (inGroup) throw new GlobSyntaxError(pattern, i - 1, "missing '}'");
  // `s`: `**` crosses line breaks too (git allows them in paths); Java's `.` would stop there.
  return new RegExp(`^${out}$`, 's');
}

/**
 * Reads a bracket expression whose `[` ended just before `start`; returns its RegExp source and
 * the index after its `]`. The class never matches `/`, even through a range or `!`.
 */
function readClass(pattern: string, start: number): { source: string; next: number } {
  let i = start;
  let body = '';
  let members = 0;
  if (pattern[i] === '!') {
    body += '^';
    i++;
  } else if (pattern[i] === '^') {
    // A leading `^` is a literal in a glob, unlike in a RegExp.
    body += '\\^';
    members++;
    i++;
  }
  if (pattern[i] === '-') {
    body += '\\-';
    members++;
    i++;
  }
  // The character that may start a range: the last member, unless it already ended a range.
  let rangeStart: string | undefined;
  for (;;) {
    if (i >= pattern.length) throw new GlobSyntaxError(pattern, i - 1, "missing ']'");
    const c = pattern[i++]!;
    if (c === ']') break;
    if (c === '/') throw new GlobSyntaxError(pattern, i - 1, "explicit '/' in a bracket expression");
    members++;
    if (c !== '-') {
      body += classChar(c);
      rangeStart = c;
      continue;
    }
    if (rangeStart === undefined) throw new GlobSyntaxError(pattern, i - 1, 'invalid range');
    const end = pattern[i];
    if (end === undefined) throw new GlobSyntaxError(pattern, i - 1, "missing ']'");
    if (end === ']') {
      // `[a-]`: a `-` right before `]` is literal.
      body += '\\-';
      i++;
      break;
    }
    if (end < rangeStart) throw new GlobSyntaxError(pattern, i - 2, 'invalid range');
    body += `-${classChar(end)}`;
    i++;
    rangeStart = undefined;
  }
  if (members === 0) throw new GlobSyntaxError(pattern, i - 1, 'empty bracket expression');
  return { source: `(?!/)[${body}]`, next: i };
}

/** Inside a RegExp class only `\`, `]`, `[`, `^` and `-` need escaping. */
function classChar(c: string): string {
  return '\\][^-'.includes(c) ? `\\${c}` : c;
}

/** True when `value` matches `pattern` as a whole. @throws GlobSyntaxError */
export function matchesGlob(pattern: string, value: string): boolean {
  return compileGlob(pattern).test(value);
}

/** The syntax problem of `pattern`, or undefined when it is a valid trigger glob. */
export function globSyntaxProblem(pattern: string): string | undefined {
  try {
    compileGlob(pattern);
    return undefined;
  } catch (e) {
    if (e instanceof GlobSyntaxError) return e.message;
    throw e;
  }
}
