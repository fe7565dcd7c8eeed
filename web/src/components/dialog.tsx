/**
 * A modal dialog on the native `<dialog>`: `showModal()` makes the rest of the page inert (focus
 * stays inside), Escape closes it, and focus returns to what opened it. Labelled by its title for
 * screen readers.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';

export interface DialogProps {
  title: string;
  onClose: () => void;
  children: ComponentChildren;
}

export function Dialog({ title, onClose, children }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement as HTMLElement | null;
    dialog.showModal();
    const first = dialog.querySelector<HTMLElement>('[autofocus], input, textarea, select, button');
    first?.focus();
    return () => { opener?.focus(); };
  }, []);
  return (
    <dialog ref={ref} class="dialog" aria-labelledby={titleId}
      onCancel={(e) => { e.preventDefault(); onClose(); }}>
      <h2 id={titleId}>{title}</h2>
      {children}
    </dialog>
  );
}
