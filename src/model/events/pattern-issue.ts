/**
 * Where a problem in an event pattern sits, and how it is named in error messages. A path is the
 * list of object keys and array indexes from the pattern's root: `["detail", "state", 0]` reads
 * `detail.state[0]`, which is what AWS users write when they point at a field.
 */

export type PatternPath = readonly (string | number)[];

/** `detail.state[0]`; the root is `(root)`. Keys that are not identifiers are quoted. */
export function describePath(path: PatternPath): string {
  if (path.length === 0) return '(root)';
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(part)) out += out === '' ? part : `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

/** Thrown inside the compiler; `compileEventPattern` turns it into an EventPatternError. */
export class PatternIssue extends Error {
  readonly path: PatternPath;
  readonly reason: string;
  constructor(reason: string, path: PatternPath) {
    super(`${reason} at ${describePath(path)}`);
    this.name = 'PatternIssue';
    this.reason = reason;
    this.path = path;
  }
}
