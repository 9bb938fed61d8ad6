import { preloadable, type Preloadable } from './lazy';

// The app's pages, one line each. Each page is its own chunk: the TV downloads the wallboard and
// nothing else. `path` is a wouter pattern (`/tickets/:number`). Pages show inside the app shell
// (header, navigation, sign out) unless `fullScreen` is set.
export interface PageRoute {
  path: string;
  page: Preloadable;
  /** Listed in the app's navigation under this label; the role is the least one that sees it. */
  nav?: { label: string; role: 'viewer' | 'agent' | 'manager' | 'admin' };
  /** Without the app shell (the TV wallboard, the sign-in page). */
  fullScreen?: boolean;
}

/** Whether a wouter pattern such as `/tickets/:number` matches a path. */
export function matchesPath(pattern: string, path: string): boolean {
  const want = pattern.split('/');
  const have = path.replace(/\/+$/, '').split('/');
  return want.length === have.length && want.every((segment, i) => (segment.startsWith(':') ? have[i] !== '' : segment === have[i]));
}

/** The route a path opens, if any. */
export function routeFor(path: string): PageRoute | undefined {
  return pages.find((route) => matchesPath(route.path, path));
}

export const pages: PageRoute[] = [
  { path: '/wallboard', page: preloadable(() => import('./routes/Wallboard')), nav: { label: 'Wallboard', role: 'viewer' }, fullScreen: true },
  { path: '/login', page: preloadable(() => import('./routes/Login')), fullScreen: true },
  { path: '/queue', page: preloadable(() => import('./routes/Queue')), nav: { label: 'Queue', role: 'viewer' } },
  { path: '/tickets/:number', page: preloadable(() => import('./routes/Ticket')) },
  { path: '/incidents', page: preloadable(() => import('./routes/Incidents')), nav: { label: 'Incidents', role: 'viewer' } },
  { path: '/incidents/:id', page: preloadable(() => import('./routes/WarRoom')) },
  { path: '/oncall', page: preloadable(() => import('./routes/OnCall')), nav: { label: 'On call', role: 'viewer' } },
  { path: '/reports', page: preloadable(() => import('./routes/Reports')), nav: { label: 'Reports', role: 'manager' } },
  { path: '/triage', page: preloadable(() => import('./routes/Triage')), nav: { label: 'Triage meetings', role: 'agent' } },
  { path: '/triage/:id', page: preloadable(() => import('./routes/Triage')) },
  { path: '/onboarding', page: preloadable(() => import('./routes/Onboarding')), nav: { label: 'Onboarding', role: 'agent' } },
  { path: '/improvement', page: preloadable(() => import('./routes/Improvement')), nav: { label: 'Process review', role: 'agent' } },
  { path: '/reference', page: preloadable(() => import('./routes/Reference')), nav: { label: 'Quick reference', role: 'viewer' } },
  { path: '/admin/holidays', page: preloadable(() => import('./routes/Holidays')), nav: { label: 'Holidays', role: 'manager' } },
  { path: '/admin/tokens', page: preloadable(() => import('./routes/Tokens')), nav: { label: 'Tokens', role: 'manager' } },
  { path: '/admin/outbox', page: preloadable(() => import('./routes/Outbox')), nav: { label: 'Outbox', role: 'admin' } },
];
