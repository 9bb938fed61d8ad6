import { lazy, Suspense } from 'react';
import { readToken } from './auth';
import { Link, Redirect, usePathname } from './router';
import { useDocumentTitle } from './hooks/useDocumentTitle';

// Each page is its own chunk: the TV downloads the wallboard and nothing else.
const Wallboard = lazy(() => import('./routes/Wallboard'));
const Login = lazy(() => import('./routes/Login'));
const Outbox = lazy(() => import('./routes/Outbox'));

export function App() {
  const pathname = usePathname().replace(/\/+$/, '') || '/';
  switch (pathname) {
    case '/wallboard':
      return (
        <Suspense fallback={<Loading />}>
          <Wallboard />
        </Suspense>
      );
    case '/login':
      return (
        <Suspense fallback={<Loading />}>
          <Login />
        </Suspense>
      );
    case '/admin/outbox':
      return (
        <Suspense fallback={<Loading />}>
          <Outbox />
        </Suspense>
      );
    case '/':
      return <Redirect to={readToken() ? '/wallboard' : '/login'} />;
    default:
      return <NotFound />;
  }
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
