/**
 * The syntax of variable references, `#{namespace.variable}`, shared by validation (which checks
 * what a reference names) and the engine (which resolves it when an action starts), so both read
 * a text the same way.
 */

/** A reference ends at the first `}`; a `#{` without one is plain text, as in AWS. */
export const VARIABLE_REFERENCE = /#\{([^}]*)\}/g;

/** Splits the inside of a reference at its first dot; undefined when either side is empty. */
export function splitReference(inner: string): { namespace: string; key: string } | undefined {
  const dot = inner.indexOf('.');
  if (dot <= 0 || dot === inner.length - 1) return undefined;
  return { namespace: inner.slice(0, dot), key: inner.slice(dot + 1) };
}
