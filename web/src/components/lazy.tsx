/** Renders what `load` resolves to (a page from a chunk loaded on demand), with its load error if any. */
import type { VNode } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ErrorNote } from './error-note.tsx';

export function Lazy({ load }: { load: () => Promise<VNode> }) {
  const [node, setNode] = useState<VNode>();
  const [error, setError] = useState<unknown>();
  useEffect(() => { load().then(setNode, setError); }, []); // Loaded once: the route's key remounts this for another page.
  if (error) return <main class="page"><ErrorNote error={error} /></main>;
  return node ?? <main class="page" aria-busy="true" />;
}
