import { Suspense, useMemo, useRef, useState, type ReactNode } from 'react';
import { useMutation, useQuery } from 'urql';
import { clearTokens, readToken } from '../auth';
import { graphql } from '../graphql';
import { Link, Redirect, navigate, useLocation } from '../router';
import { pages } from '../routes';
import { allows, levelOf, ViewerContext, type ViewerInfo } from '../viewer';
import { PageAlert } from './paging/PageAlert';
import '../ui/desk.css';
import '../ui/shell.css';
import '../ui/phone.css';

const MeQuery = graphql(`
  query Me {
    me {
      displayName
      readOnly
      role
      user {
        id
      }
    }
  }
`);

const LogoutMutation = graphql(`
  mutation Logout {
    logout
  }
`);

/** Header with the navigation the viewer's role allows, and sign out, around every signed-in page. */
export default function AppShell({ children }: { children: ReactNode }) {
  const token = readToken();
  if (!token) return <Redirect to={`/login?next=${encodeURIComponent(window.location.pathname + window.location.search)}`} />;
  return <SignedIn>{children}</SignedIn>;
}

function SignedIn({ children }: { children: ReactNode }) {
  const [{ data, error, fetching }] = useQuery({ query: MeQuery });
  const [, logout] = useMutation(LogoutMutation);
  const [location] = useLocation();
  // On a phone the navigation folds behind a Menu button. It is open for the page it was opened on
  // only: going anywhere (a link, the back button) closes it.
  const [menuOpenAt, setMenuOpenAt] = useState<string | null>(null);
  const menuOpen = menuOpenAt === location;
  const menuButton = useRef<HTMLButtonElement>(null);
  const me = data?.me;
  const viewer = useMemo<ViewerInfo | null>(
    () =>
      me ? { displayName: me.displayName, role: me.role, readOnly: me.readOnly, userId: me.user?.id ?? null, level: levelOf(me.role, me.readOnly) } : null,
    [me],
  );

  if (!fetching && !error && data && !me) {
    clearTokens(); // the token no longer works (revoked or expired)
    return <Redirect to="/login" />;
  }

  const signOut = async () => {
    await logout({}).catch(() => undefined);
    clearTokens();
    navigate('/login');
  };

  const nav = viewer ? pages.filter((p) => p.nav && allows(viewer.level, p.nav.role)) : [];

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header
        className="shell__header"
        onKeyDown={(e) => {
          if (e.key !== 'Escape' || !menuOpen) return;
          setMenuOpenAt(null);
          menuButton.current?.focus();
        }}
      >
        <span className="shell__brand">opsboard</span>
        <button
          ref={menuButton}
          type="button"
          className="shell__menu-button"
          aria-expanded={menuOpen}
          aria-controls="shell-menu"
          onClick={() => setMenuOpenAt(menuOpen ? null : location)}
        >
          Menu
        </button>
        <div id="shell-menu" className={menuOpen ? 'shell__menu shell__menu--open' : 'shell__menu'}>
          <nav aria-label="Main" className="shell__nav">
            {nav.map((p) => (
              <Link
                key={p.path}
                href={p.path}
                aria-current={location === p.path || location.startsWith(`${p.path}/`) ? 'page' : undefined}
                onClick={() => setMenuOpenAt(null)}
              >
                {p.nav!.label}
              </Link>
            ))}
          </nav>
          <div className="shell__user">
            {viewer && (
              <span data-testid="viewer">
                {viewer.displayName} <span className="desk__muted">· {viewer.readOnly ? 'read-only' : viewer.role.toLowerCase()}</span>
              </span>
            )}
            <button type="button" onClick={signOut}>
              Sign out
            </button>
          </div>
        </div>
      </header>
      {error && (
        <p role="alert" className="desk__error">
          {error.graphQLErrors.map((e) => e.message).join(' ') || 'Cannot reach the opsboard server.'}
        </p>
      )}
      <ViewerContext value={viewer}>
        <PageAlert />
        <Suspense
          fallback={
            <main id="main" className="desk" aria-busy="true">
              <p>Loading…</p>
            </main>
          }
        >
          {children}
        </Suspense>
      </ViewerContext>
    </div>
  );
}
