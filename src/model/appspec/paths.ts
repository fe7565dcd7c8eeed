/**
 * Path rules of the appspec, pure (POSIX string arithmetic, no file system): bundle-relative
 * paths must stay inside the bundle, host paths must be absolute.
 */

/** Resolves `.` and `..` and repeated slashes; undefined when `..` climbs above the start. */
export function normalizeSegments(path: string): string[] | undefined {
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (out.length === 0) return undefined;
      out.pop();
    } else {
      out.push(segment);
    }
  }
  return out;
}

/**
 * A path inside the bundle: a leading `/` means the bundle root (`/` is the whole bundle, as
 * CodeDeploy reads it). Undefined when it escapes the bundle.
 */
export function bundlePath(path: string): string | undefined {
  return normalizeSegments(path)?.join('/');
}

/** An absolute host path, normalised; undefined when relative or when `..` climbs above `/`. */
export function hostPath(path: string): string | undefined {
  if (!path.startsWith('/')) return undefined;
  const segments = normalizeSegments(path);
  return segments === undefined ? undefined : `/${segments.join('/')}`;
}

/** Whether host path `path` is `root` or lies under it (both normalised). */
export function isWithin(path: string, root: string): boolean {
  return path === root || root === '/' || path.startsWith(`${root}/`);
}
