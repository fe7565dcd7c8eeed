/**
 * ELB's success-code matcher (`Matcher.HttpCode`): codes and ranges separated by commas,
 * `200`, `200,202`, `200-299`, each between 200 and 499 as ALB allows for HTTP health checks.
 */

const PART = /^(\d{3})(?:-(\d{3}))?$/;
const MIN = 200;
const MAX = 499;

/** The ranges of a matcher, or undefined when it is not valid. */
export function parseHttpCodes(matcher: string): [number, number][] | undefined {
  const ranges: [number, number][] = [];
  for (const part of matcher.split(',')) {
    const m = PART.exec(part.trim());
    if (!m) return undefined;
    const low = Number(m[1]);
    const high = m[2] === undefined ? low : Number(m[2]);
    if (low < MIN || high > MAX || high < low) return undefined;
    ranges.push([low, high]);
  }
  return ranges;
}

export function matchesHttpCode(matcher: string, status: number): boolean {
  return (parseHttpCodes(matcher) ?? []).some(([low, high]) => status >= low && status <= high);
}
