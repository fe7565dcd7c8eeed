/**
 * A plain textarea with a line-number gutter that marks the lines holding validation issues.
 * `jumpTo` (a line) moves the caret there and scrolls it into view, so an issue in the list below
 * takes the reader to its field.
 */
import { useEffect, useRef } from 'preact/hooks';

export interface TextEditorProps {
  value: string;
  onInput: (value: string) => void;
  /** Lines (1-based) with an issue. */
  marked: ReadonlySet<number>;
  jumpTo: { line: number } | undefined;
  describedBy: string;
  invalid: boolean;
}

const LINE_HEIGHT = 20;

export function TextEditor({ value, onInput, marked, jumpTo, describedBy, invalid }: TextEditorProps) {
  const area = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLDivElement>(null);
  const lineCount = value.split('\n').length;
  useEffect(() => {
    const el = area.current;
    if (!el || !jumpTo) return;
    const lines = el.value.split('\n');
    const start = lines.slice(0, jumpTo.line - 1).reduce((n, l) => n + l.length + 1, 0);
    el.focus();
    el.setSelectionRange(start, start + (lines[jumpTo.line - 1]?.length ?? 0));
    el.scrollTop = Math.max(0, (jumpTo.line - 5) * LINE_HEIGHT);
  }, [jumpTo]);
  return (
    <div class="text-editor">
      <div class="gutter" ref={gutter} aria-hidden="true">
        {Array.from({ length: lineCount }, (_, i) => <div key={i} class={marked.has(i + 1) ? 'marked' : ''}>{marked.has(i + 1) ? '✕' : i + 1}</div>)}
      </div>
      <textarea ref={area} value={value} spellcheck={false} aria-label="Pipeline declaration" aria-describedby={describedBy} aria-invalid={invalid}
        onInput={(e) => onInput(e.currentTarget.value)}
        onScroll={(e) => { if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop; }} />
    </div>
  );
}
