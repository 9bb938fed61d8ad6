// Plain HTTP endpoints next to /graphql (webhooks, feeds, public pages): each domain lists its own
// in its http.ts; the composition root (app/routes.ts) puts the lists together.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Runtime } from './runtime.ts';

export interface Route {
  method: 'GET' | 'POST' | 'HEAD';
  /** An exact path, or a pattern whose groups are passed as `params`. */
  path: string | RegExp;
  /**
   * The handler applies the rate limit of its path itself (the webhooks: only to requests that fail
   * their signature check, so a signed delivery from a shared address is never dropped); otherwise
   * the server counts every request before the handler runs.
   */
  ownRateLimit?: boolean;
  handle(rt: Runtime, req: IncomingMessage, res: ServerResponse, params: string[]): Promise<void>;
}

export type RouteMatch = { route: Route; params: string[] } | 'method-not-allowed' | undefined;

export function matchRoute(routes: readonly Route[], method: string, path: string): RouteMatch {
  let pathMatched = false;
  for (const route of routes) {
    const params = typeof route.path === 'string' ? (route.path === path ? [] : null) : route.path.exec(path)?.slice(1);
    if (!params) continue;
    pathMatched = true;
    if (route.method === method || (method === 'HEAD' && route.method === 'GET')) return { route, params: params.map((p) => p ?? '') };
  }
  return pathMatched ? 'method-not-allowed' : undefined;
}
