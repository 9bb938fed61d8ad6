import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

// The app's pages, one line each. Each page is its own chunk: the TV downloads the wallboard and
// nothing else. `path` is a wouter pattern (`/tickets/:number`). Pages show inside the app shell
// (header, navigation, sign out) unless `fullScreen` is set.
export interface PageRoute {
  path: string;
  page: LazyExoticComponent<ComponentType>;
  /** Listed in the app's navigation under this label; the role is the least one that sees it. */
  nav?: { label: string; role: 'viewer' | 'agent' | 'manager' | 'admin' };
  /** Without the app shell (the TV wallboard, the sign-in page). */
  fullScreen?: boolean;
}

export const pages: PageRoute[] = [
  { path: '/wallboard', page: lazy(() => import('./routes/Wallboard')), nav: { label: 'Wallboard', role: 'viewer' }, fullScreen: true },
  { path: '/login', page: lazy(() => import('./routes/Login')), fullScreen: true },
  { path: '/queue', page: lazy(() => import('./routes/Queue')), nav: { label: 'Queue', role: 'viewer' } },
  { path: '/tickets/:number', page: lazy(() => import('./routes/Ticket')) },
  { path: '/incidents', page: lazy(() => import('./routes/Incidents')), nav: { label: 'Incidents', role: 'viewer' } },
  { path: '/incidents/:id', page: lazy(() => import('./routes/WarRoom')) },
  { path: '/oncall', page: lazy(() => import('./routes/OnCall')), nav: { label: 'On call', role: 'viewer' } },
  { path: '/reports', page: lazy(() => import('./routes/Reports')), nav: { label: 'Reports', role: 'manager' } },
  { path: '/triage', page: lazy(() => import('./routes/Triage')), nav: { label: 'Triage meetings', role: 'agent' } },
  { path: '/triage/:id', page: lazy(() => import('./routes/Triage')) },
  { path: '/onboarding', page: lazy(() => import('./routes/Onboarding')), nav: { label: 'Onboarding', role: 'agent' } },
  { path: '/improvement', page: lazy(() => import('./routes/Improvement')), nav: { label: 'Process review', role: 'agent' } },
  { path: '/reference', page: lazy(() => import('./routes/Reference')), nav: { label: 'Quick reference', role: 'viewer' } },
  { path: '/admin/holidays', page: lazy(() => import('./routes/Holidays')), nav: { label: 'Holidays', role: 'manager' } },
  { path: '/admin/tokens', page: lazy(() => import('./routes/Tokens')), nav: { label: 'Tokens', role: 'manager' } },
  { path: '/admin/outbox', page: lazy(() => import('./routes/Outbox')), nav: { label: 'Outbox', role: 'admin' } },
];
