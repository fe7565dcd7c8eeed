/**
 * The shell: resumes the session (or shows sign-in, keeping the route asked for), then the header,
 * the connection banner and the page of the current route. Pages that are not needed on first load
 * (editor, builds, executions) are separate chunks loaded on demand.
 */
import { useEffect, useState } from 'preact/hooks';
import { resumeSession, session, signOut } from './api/client.ts';
import { liveStatus, startLive, stopLive } from './api/live.ts';
import { ErrorNote } from './components/error-note.tsx';
import { Lazy } from './components/lazy.tsx';
import { currentRoute, hrefOf, type Route } from './lib/router.ts';
import { useStore } from './lib/store.ts';
import { theme, toggleTheme } from './lib/theme.ts';
import { PipelinePage } from './pages/pipeline-page.tsx';
import { PipelinesPage } from './pages/pipelines-page.tsx';
import { SignInPage } from './pages/sign-in-page.tsx';

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'pipelines': return <PipelinesPage />;
    case 'pipeline': return <PipelinePage key={route.name} name={route.name} />;
    case 'executions':
      return <Lazy key={route.name} load={() => import('./pages/executions-page.tsx').then((m) => <m.ExecutionsPage name={route.name} />)} />;
    case 'execution':
      return <Lazy key={route.id} load={() => import('./pages/execution-page.tsx').then((m) => <m.ExecutionPage name={route.name} id={route.id} />)} />;
    case 'edit':
      return <Lazy key={route.name} load={() => import('./pages/editor-page.tsx').then((m) => <m.EditorPage name={route.name} />)} />;
    case 'build':
      return <Lazy key={route.id} load={() => import('./pages/build-page.tsx').then((m) => <m.BuildPage id={route.id} />)} />;
    case 'not-found':
      return <main class="page"><h1>Not found</h1><p>No page at <code>{route.path}</code>. <a href={hrefOf({ page: 'pipelines' })}>All pipelines</a></p></main>;
  }
}

function Header() {
  const user = useStore(session);
  const current = useStore(theme);
  const [error, setError] = useState<unknown>();
  return (
    <header class="top">
      <a class="brand" href={hrefOf({ page: 'pipelines' })}>Sluice</a>
      <nav aria-label="Main"><a href={hrefOf({ page: 'pipelines' })}>Pipelines</a></nav>
      <span class="spacer" />
      <button type="button" class="ghost" onClick={toggleTheme} aria-label={`Switch to ${current === 'dark' ? 'light' : 'dark'} theme`}>
        {current === 'dark' ? '☀' : '☾'}
      </button>
      {user && <span class="user" title={user.arn}>{user.userName}</span>}
      {user && <button type="button" class="ghost" onClick={() => { signOut().catch(setError); }}>Sign out</button>}
      <ErrorNote error={error} />
    </header>
  );
}

function ConnectionBanner() {
  const status = useStore(liveStatus);
  if (status !== 'reconnecting') return null;
  return <div class="banner" role="status">Connection lost. Reconnecting… Changes made meanwhile will appear when it is back.</div>;
}

export function App() {
  const user = useStore(session);
  const route = useStore(currentRoute);
  const [checked, setChecked] = useState(false);
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    resumeSession().then(() => setChecked(true), (e: unknown) => { setError(e); setChecked(true); });
  }, []);
  useEffect(() => {
    if (user) startLive(); else stopLive();
  }, [user]);
  if (!checked) return <main class="page" aria-busy="true" />;
  if (!user) return <SignInPage error={error} />;
  return (
    <>
      <Header />
      <ConnectionBanner />
      <div><Page route={route} /></div>
    </>
  );
}
