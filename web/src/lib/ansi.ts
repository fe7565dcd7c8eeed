/**
 * ANSI SGR escapes (colors, bold, underline) in build logs → styled segments. The output is data,
 * not HTML: the page renders each segment as a text node inside a span, so a log line can never
 * inject markup. Other escapes (cursor moves, OSC titles, erase line) are dropped.
 */

export interface AnsiStyle {
  fg?: string;
  bg?: string;
  bold?: boolean;
  dim?: boolean;
  italic?: boolean;
  underline?: boolean;
}

export interface AnsiSegment {
  text: string;
  style: AnsiStyle;
}

const NAMES = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'] as const;
// CSI ... final byte, OSC ... BEL/ST, or a lone two-byte escape.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const ESCAPE = /\x1b(?:\[([0-9;?]*)([@-~])|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])/g;

/** A 256-color palette index or an RGB triple as a CSS color; the 16 base colors stay classes. */
function extended(codes: number[], i: number): { color: string | undefined; used: number } {
  if (codes[i + 1] === 5) {
    const n = codes[i + 2] ?? 0;
    if (n < 16) return { color: `${n < 8 ? '' : 'bright-'}${NAMES[n % 8]}`, used: 2 };
    if (n >= 232) { const v = 8 + (n - 232) * 10; return { color: `rgb(${v},${v},${v})`, used: 2 }; }
    const c = n - 16;
    const level = (x: number): number => (x === 0 ? 0 : 55 + x * 40);
    return { color: `rgb(${level(Math.floor(c / 36))},${level(Math.floor(c / 6) % 6)},${level(c % 6)})`, used: 2 };
  }
  if (codes[i + 1] === 2) return { color: `rgb(${codes[i + 2] ?? 0},${codes[i + 3] ?? 0},${codes[i + 4] ?? 0})`, used: 4 };
  return { color: undefined, used: 0 };
}

/** Applies one SGR parameter list to `style` (a copy). */
export function applySgr(style: AnsiStyle, params: string): AnsiStyle {
  const next = { ...style };
  const codes = params === '' ? [0] : params.split(';').map((p) => Number(p) || 0);
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i] ?? 0;
    if (code === 0) { for (const key of Object.keys(next)) delete next[key as keyof AnsiStyle]; }
    else if (code === 1) next.bold = true;
    else if (code === 2) next.dim = true;
    else if (code === 3) next.italic = true;
    else if (code === 4) next.underline = true;
    else if (code === 22) { delete next.bold; delete next.dim; }
    else if (code === 23) delete next.italic;
    else if (code === 24) delete next.underline;
    else if (code >= 30 && code <= 37) next.fg = NAMES[code - 30];
    else if (code >= 90 && code <= 97) next.fg = `bright-${NAMES[code - 90]}`;
    else if (code >= 40 && code <= 47) next.bg = NAMES[code - 40];
    else if (code >= 100 && code <= 107) next.bg = `bright-${NAMES[code - 100]}`;
    else if (code === 39) delete next.fg;
    else if (code === 49) delete next.bg;
    else if (code === 38 || code === 48) {
      const { color, used } = extended(codes, i);
      if (color !== undefined) next[code === 38 ? 'fg' : 'bg'] = color;
      i += used;
    }
  }
  return next;
}

/**
 * Splits `line` into styled segments, starting from `style` (colors carry over between lines as in
 * a terminal). Answers the segments and the style in force at the end of the line.
 */
export function parseAnsi(line: string, style: AnsiStyle = {}): { segments: AnsiSegment[]; style: AnsiStyle } {
  const segments: AnsiSegment[] = [];
  let current = style;
  let last = 0;
  for (const match of line.matchAll(ESCAPE)) {
    if (match.index > last) segments.push({ text: line.slice(last, match.index), style: current });
    if (match[2] === 'm') current = applySgr(current, match[1] ?? '');
    last = match.index + match[0].length;
  }
  if (last < line.length) segments.push({ text: line.slice(last), style: current });
  return { segments, style: current };
}

/** The text without any escape, for search and download. */
export function stripAnsi(line: string): string {
  return line.replace(ESCAPE, '');
}
