import { Suspense } from 'react';
import { preloadable } from './lazy';
import { readToken } from './auth';
import { Link, Redirect, Route, Switch } from './router';
import { pages } from './routes';
import { useDocumentTitle } from './hooks/useDocumentTitle';

// The shell (header, navigation, sign out) is its own chunk: the TV never downloads it.
export const AppShell = preloadable(() => import('./components/AppShell'));

export function App() {
  return (
    <Suspense fallback={<Loading />}>
      <Switch>
        {pages.map(({ path, page: Page, fullScreen }) => (
          <Route key={path} path={path}>
            {fullScreen ? (
              <Page />
            ) : (
              <AppShell>
                <Page />
              </AppShell>
            )}
          </Route>
        ))}
        <Route path="/">
          <Redirect to={readToken() ? '/wallboard' : '/login'} />
        </Route>
        <Route>
          <NotFound />
        </Route>
      </Switch>
    </Suspense>
  );
}

function Loading() {
  return (
    <main className="page page--center" aria-busy="true">
      <p>Loading…</p>
    </main>
  );
}

function NotFound() {
  useDocumentTitle('Not found');
  return (
    <main className="page page--center">
      <h1>Page not found</h1>
      <p>
        Go to the <Link href="/wallboard">wallboard</Link> or <Link href="/login">sign in</Link>.
      </p>
    </main>
  );
}
