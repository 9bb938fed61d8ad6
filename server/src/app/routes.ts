// Plain HTTP endpoints next to /graphql (webhooks, feeds, public pages). Each domain adds its own.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Runtime } from '../platform/runtime.ts';
import { health } from './health.ts';
import { metrics } from './metrics-route.ts';
import { emailWebhook, githubWebhook, intakeWebhook } from '../intake/http.ts';
import { onCallFeedRoute } from '../oncall/http.ts';
import { statusHtml, statusJson } from '../statuspage/http.ts';
import { csatAnswer, csatPage } from '../csat/http.ts';
import { reportsExport } from '../reports/http.ts';
import { faqArticle, faqIndex } from '../kb/http.ts';

export interface Route {
  method: 'GET' | 'POST' | 'HEAD';
  /** An exact path, or a pattern whose groups are passed as `params`. */
  path: string | RegExp;
  handle(rt: Runtime, req: IncomingMessage, res: ServerResponse, params: string[]): Promise<void>;
}

export const routes: Route[] = [
  { method: 'GET', path: '/healthz', handle: health },
  { method: 'GET', path: '/metrics', handle: metrics },
  { method: 'POST', path: '/webhooks/github', handle: githubWebhook },
  { method: 'POST', path: '/webhooks/email', handle: emailWebhook },
  { method: 'POST', path: '/webhooks/intake', handle: intakeWebhook },
  { method: 'GET', path: '/status', handle: statusHtml },
  { method: 'GET', path: '/status.json', handle: statusJson },
  { method: 'GET', path: /^\/oncall\/([A-Za-z0-9_-]{1,128})\.ics$/, handle: onCallFeedRoute },
  { method: 'GET', path: /^\/csat\/([^/]{1,200})$/, handle: csatPage },
  { method: 'POST', path: /^\/csat\/([^/]{1,200})$/, handle: csatAnswer },
  { method: 'GET', path: '/reports/export.csv', handle: reportsExport },
  { method: 'GET', path: '/faq', handle: faqIndex },
  { method: 'GET', path: /^\/faq\/([a-z0-9-]{1,100})$/, handle: faqArticle },
];

export function matchRoute(method: string, path: string): { route: Route; params: string[] } | 'method-not-allowed' | undefined {
  let pathMatched = false;
  for (const route of routes) {
    const params = typeof route.path === 'string' ? (route.path === path ? [] : null) : route.path.exec(path)?.slice(1);
    if (!params) continue;
    pathMatched = true;
    if (route.method === method || (method === 'HEAD' && route.method === 'GET')) return { route, params: params.map((p) => p ?? '') };
  }
  return pathMatched ? 'method-not-allowed' : undefined;
}
