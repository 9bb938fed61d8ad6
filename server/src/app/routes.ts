// Every plain HTTP endpoint of the server: the instance's own (health, metrics) and each domain's.
import { authRoutes } from '../auth/http.ts';
import { csatRoutes } from '../csat/http.ts';
import { intakeRoutes } from '../intake/http.ts';
import { kbRoutes } from '../kb/http.ts';
import { onCallRoutes } from '../oncall/http.ts';
import { pagingRoutes } from '../paging/http.ts';
import type { Route } from '../platform/routes.ts';
import { reportRoutes } from '../reports/http.ts';
import { statusPageRoutes } from '../statuspage/http.ts';
import { health } from './health.ts';
import { metrics } from './metrics-route.ts';

export const routes: Route[] = [
  { method: 'GET', path: '/healthz', handle: health },
  { method: 'GET', path: '/metrics', handle: metrics },
  ...authRoutes,
  ...intakeRoutes,
  ...statusPageRoutes,
  ...onCallRoutes,
  ...csatRoutes,
  ...pagingRoutes,
  ...reportRoutes,
  ...kbRoutes,
];
