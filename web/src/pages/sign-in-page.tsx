/**
 * Sign-in with an access key pair or a user name and password. The route asked for stays in the
 * URL, so after signing in (or after a session expired) the user lands where they were going.
 */
import { useState } from 'preact/hooks';
import { signIn, type SignInCredentials } from '../api/client.ts';
import { ErrorNote } from '../components/error-note.tsx';

type Method = 'password' | 'key';

export function SignInPage({ error: startError }: { error?: unknown }) {
  const [method, setMethod] = useState<Method>('password');
  const [error, setError] = useState<unknown>(startError);
  const [busy, setBusy] = useState(false);
  const submit = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const field = (name: string) => (form.get(name) as string | null) ?? '';
    const credentials: SignInCredentials = method === 'key'
      ? { accessKeyId: field('accessKeyId').trim(), secretAccessKey: field('secretAccessKey') }
      : { userName: field('userName').trim(), password: field('password') };
    setBusy(true);
    setError(undefined);
    signIn(credentials).catch((e: unknown) => { setError(e); setBusy(false); });
  };
  return (
    <main class="page sign-in">
      <form class="card" onSubmit={submit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Sign in to Sluice</h1>
        <div class="tabs" role="radiogroup" aria-label="Sign in with">
          <label><input type="radio" name="method" checked={method === 'password'} onChange={() => setMethod('password')} /> User name and password</label>
          <label><input type="radio" name="method" checked={method === 'key'} onChange={() => setMethod('key')} /> Access key</label>
        </div>
        {method === 'password' ? (
          <>
            <label>User name<input name="userName" autoComplete="username" required /></label>
            <label>Password<input name="password" type="password" autoComplete="current-password" required /></label>
          </>
        ) : (
          <>
            <label>Access key ID<input name="accessKeyId" autoComplete="username" required spellcheck={false} /></label>
            <label>Secret access key<input name="secretAccessKey" type="password" autoComplete="current-password" required /></label>
          </>
        )}
        <ErrorNote error={error} />
        <button type="submit" class="primary" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
      </form>
    </main>
  );
}
