/**
 * A dialog around a form whose submit calls the API: the button shows progress, an API error
 * (say, an approval someone else already answered) stays in the dialog as a readable message,
 * and success closes it and lets the page refresh.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { Dialog } from './dialog.tsx';
import { ErrorNote } from './error-note.tsx';

export interface FormDialogProps {
  title: string;
  /** Buttons that submit; the clicked one's `value` reaches `onSubmit` as `submitter`. */
  actions: { label: string; value?: string; kind?: 'primary' | 'danger' }[];
  onSubmit: (form: FormData, submitter: string) => Promise<void>;
  onClose: () => void;
  onDone: () => void;
  children?: ComponentChildren;
}

export function FormDialog({ title, actions, onSubmit, onClose, onDone, children }: FormDialogProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const submitter = (event.submitter as HTMLButtonElement | null)?.value ?? '';
    setBusy(true);
    setError(undefined);
    onSubmit(new FormData(event.currentTarget as HTMLFormElement), submitter).then(
      () => { onClose(); onDone(); },
      (e: unknown) => { setError(e); setBusy(false); },
    );
  };
  return (
    <Dialog title={title} onClose={onClose}>
      <form class="form" onSubmit={submit}>
        {children}
        <ErrorNote error={error} />
        <div class="buttons">
          {actions.map((a) => (
            <button key={a.label} type="submit" value={a.value ?? ''} class={a.kind ?? ''} disabled={busy}>{a.label}</button>
          ))}
          <button type="button" onClick={onClose}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}
