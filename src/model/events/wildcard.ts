/**
 * The `wildcard` matcher of event patterns: `*` stands for any run of characters (including none
 * and including `/`), `\*` for a literal star and `\\` for a literal backslash. Any other escape
 * and two stars in a row are refused, as EventBridge refuses them.
 *
 * A compiled wildcard is a list of literal segments: the first must start the value, the last
 * must end it, and the ones between are found left to right. Taking the leftmost occurrence of
 * each middle segment is always safe for star-only patterns, so matching never backtracks.
 */

/** At most this many `*` in one wildcard value [guess: AWS bounds pattern complexity instead]. */
export const MAX_WILDCARDS = 10;

export type WildcardParse = { ok: true; test: (value: string) => boolean } | { ok: false; reason: string };

function splitSegments(pattern: string): string[] | string {
  const segments: string[] = [];
  let current = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\') {
      const next = pattern[i + 1];
      if (next !== '*' && next !== '\\') return `invalid escape character at position ${i}`;
      current += next;
      i++;
    } else if (c === '*') {
      if (pattern[i + 1] === '*') return `consecutive wildcard characters at position ${i}`;
      segments.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  segments.push(current);
  return segments;
}

export function compileWildcard(pattern: string): WildcardParse {
  const segments = splitSegments(pattern);
  if (typeof segments === 'string') return { ok: false, reason: segments };
  if (segments.length - 1 > MAX_WILDCARDS) {
    return { ok: false, reason: `${segments.length - 1} wildcard characters; the limit is ${MAX_WILDCARDS}` };
  }
  const first = segments[0] as string;
  if (segments.length === 1) return { ok: true, test: (value) => value === first };
  const last = segments[segments.length - 1] as string;
  const middle = segments.slice(1, -1).filter((s) => s !== '');
  const fixed = first.length + last.length;
  return { ok: true, test: (value) => {
    if (value.length < fixed || !value.startsWith(first) || !value.endsWith(last)) return false;
    let at = first.length;
    const end = value.length - last.length;
    for (const segment of middle) {
      const found = value.indexOf(segment, at);
      if (found < 0 || found + segment.length > end) return false;
      at = found + segment.length;
    }
    return true;
  } };
}
