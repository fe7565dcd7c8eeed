/**
 * Where a field is in the text of a JSON document, so a validation issue can be shown at the line
 * that holds it. Validation paths are AWS member paths (`pipeline.stages.2.member.actions.1.member.name`,
 * 1-based list indexes); the document edited is the `pipeline` member itself.
 */

export type PathSegment = string | number;

/** `pipeline.stages.2.member.name` → `['stages', 1, 'name']` (0-based indexes). */
export function segmentsOfMemberPath(path: string): PathSegment[] {
  const parts = path.split('.');
  if (parts[0] === 'pipeline') parts.shift();
  const out: PathSegment[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? '';
    if (part === 'member') continue;
    out.push(parts[i + 1] === 'member' && /^\d+$/.test(part) ? Number(part) - 1 : part);
  }
  return out;
}

const key = (segments: readonly PathSegment[]): string => JSON.stringify(segments);

/**
 * The offset of every member (its key) and list element in `text`, keyed by path; undefined when
 * the text is not JSON. A small scanner rather than JSON.parse, which keeps no positions.
 */
export function indexJsonPositions(text: string): Map<string, number> | undefined {
  const positions = new Map<string, number>();
  let at = 0;
  const space = (): void => { while (at < text.length && /\s/.test(text[at] ?? '')) at++; };
  const fail = (): never => { throw new SyntaxError('not JSON'); };
  const string = (): string => {
    const start = at;
    at++;
    while (at < text.length && text[at] !== '"') at += text[at] === '\\' ? 2 : 1;
    if (at >= text.length) fail();
    at++;
    return JSON.parse(text.slice(start, at)) as string;
  };
  const value = (path: PathSegment[]): void => {
    space();
    const c = text[at];
    if (c === '{') {
      at++; space();
      if (text[at] === '}') { at++; return; }
      for (;;) {
        space();
        if (text[at] !== '"') fail();
        const keyAt = at;
        const name = string();
        positions.set(key([...path, name]), keyAt);
        space();
        if (text[at++] !== ':') fail();
        value([...path, name]);
        space();
        if (text[at] === ',') { at++; continue; }
        if (text[at++] === '}') return;
        fail();
      }
    }
    if (c === '[') {
      at++; space();
      if (text[at] === ']') { at++; return; }
      for (let i = 0; ; i++) {
        space();
        positions.set(key([...path, i]), at);
        value([...path, i]);
        space();
        if (text[at] === ',') { at++; continue; }
        if (text[at++] === ']') return;
        fail();
      }
    }
    if (c === '"') { string(); return; }
    const literal = /^(?:true|false|null|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(at, at + 64));
    if (!literal) fail();
    at += literal?.[0].length ?? 0;
  };
  try {
    value([]);
    return positions;
  } catch {
    return undefined;
  }
}

/** The 1-based line of `segments` in `text`, or of its nearest enclosing member that exists. */
export function lineOfPath(text: string, positions: Map<string, number>, segments: readonly PathSegment[]): number | undefined {
  for (let n = segments.length; n > 0; n--) {
    const offset = positions.get(key(segments.slice(0, n)));
    if (offset !== undefined) return lineOfOffset(text, offset);
  }
  return undefined;
}

export function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The first quoted `pipeline.…` member path in an API error message, if it names one. */
export function memberPathInMessage(message: string): string | undefined {
  return /'(pipeline(?:\.[A-Za-z0-9_-]+)+)'/.exec(message)?.[1];
}
