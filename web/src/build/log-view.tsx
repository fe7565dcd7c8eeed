/**
 * The log as a terminal shows it: ANSI colors rendered as classes (text stays text, so no log line
 * can inject markup), line numbers, a search that highlights matching lines and jumps between
 * them, and a download of the plain text. Follows the tail while the reader is at the bottom.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { parseAnsi, stripAnsi, type AnsiStyle } from '../lib/ansi.ts';
import type { LogLine } from './log-stream.ts';

function classOf(style: AnsiStyle): { className: string; css: Record<string, string> } {
  const classes: string[] = [];
  const css: Record<string, string> = {};
  if (style.bold) classes.push('a-bold');
  if (style.dim) classes.push('a-dim');
  if (style.italic) classes.push('a-italic');
  if (style.underline) classes.push('a-underline');
  if (style.fg) { if (style.fg.startsWith('rgb')) css.color = style.fg; else classes.push(`fg-${style.fg}`); }
  if (style.bg) { if (style.bg.startsWith('rgb')) css.background = style.bg; else classes.push(`bg-${style.bg}`); }
  return { className: classes.join(' '), css };
}

interface Rendered { seq: number; plain: string; segments: ReturnType<typeof parseAnsi>['segments'] }

/** Lines kept in the page; a browser slows down past some tens of thousands of nodes. */
const MAX_SHOWN = 10_000;

export function LogView({ lines, buildId }: { lines: LogLine[]; buildId: string }) {
  const [query, setQuery] = useState('');
  const [current, setCurrent] = useState(0);
  const box = useRef<HTMLPreElement>(null);
  const follow = useRef(true);

  // Lines only ever arrive at the end: parse each once, carrying colors from one line to the next
  // as a terminal does (re-parsing the whole log per batch would be quadratic in its length).
  const parsed = useRef<{ rendered: Rendered[]; style: AnsiStyle }>({ rendered: [], style: {} });
  const rendered = useMemo(() => {
    const cache = parsed.current;
    for (const line of lines.slice(cache.rendered.length)) {
      const { segments, style } = parseAnsi(line.message, cache.style);
      cache.style = style;
      cache.rendered.push({ seq: line.seq, plain: stripAnsi(line.message), segments });
    }
    return [...cache.rendered];
  }, [lines]);
  // The page shows the tail; search and download cover every line.
  const firstShown = Math.max(0, rendered.length - MAX_SHOWN);
  const hits = useMemo(() => {
    const q = query.toLowerCase();
    return q ? rendered.flatMap((r, i) => (r.plain.toLowerCase().includes(q) ? [i] : [])) : [];
  }, [rendered, query]);

  useEffect(() => {
    const el = box.current;
    if (el && follow.current && !query) el.scrollTop = el.scrollHeight;
  }, [rendered, query]);
  useEffect(() => {
    const index = hits[current];
    if (index !== undefined) box.current?.querySelector(`[data-line="${index}"]`)?.scrollIntoView({ block: 'center' });
  }, [hits, current]);

  const download = () => {
    const blob = new Blob([rendered.map((r) => r.plain).join('\n')], { type: 'text/plain' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = `${buildId.replace(/[^A-Za-z0-9._-]/g, '_')}.log`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  };
  const hitSet = new Set(hits);

  return (
    <section class="panel" aria-labelledby="log-title">
      <div class="page-head">
        <h2 id="log-title">Log</h2>
        <span class="spacer" />
        <label class="inline">
          <span class="visually-hidden">Search the log</span>
          <input type="search" placeholder="Search the log" value={query}
            onInput={(e) => { setQuery(e.currentTarget.value); setCurrent(0); }}
            onKeyDown={(e) => { if (e.key === 'Enter' && hits.length > 0) setCurrent((c) => (c + (e.shiftKey ? hits.length - 1 : 1)) % hits.length); }} />
        </label>
        {query && <span class="muted" aria-live="polite">{hits.length === 0 ? 'No matches' : `${current + 1} of ${hits.length}`}</span>}
        <button type="button" onClick={download}>Download</button>
      </div>
      <pre class="log" ref={box} tabIndex={0} aria-label="Build log"
        onScroll={(e) => { const el = e.currentTarget; follow.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24; }}>
        {firstShown > 0 && <div class="log-line muted">{firstShown} earlier lines not shown: download the log to read them all.</div>}
        {rendered.slice(firstShown).map((r, j) => { const i = firstShown + j; return (
          <div key={r.seq} class={`log-line ${hitSet.has(i) ? 'hit' : ''}`} data-line={i}>
            <span class="n">{r.seq}</span>
            <span>{r.segments.map((s, j) => {
              const { className, css } = classOf(s.style);
              return className || Object.keys(css).length > 0 ? <span key={j} class={className} style={css}>{s.text}</span> : s.text;
            })}</span>
          </div>
        ); })}
      </pre>
    </section>
  );
}
