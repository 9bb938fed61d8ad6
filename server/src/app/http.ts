// The HTTP side of the one port: /graphql (bodies checked before yoga reads them), the plain routes
// of the domains (rate-limited where public), the built web app, and one access-log line per request.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import sirv from 'sirv';
import { authenticate, isManager } from '../auth/service.ts';
import { GRAPHQL_LIMITS } from '../graphql/limits.ts';
import { domainErrorOf } from '../platform/errors.ts';
import { fromRoot } from '../platform/paths.ts';
import { sendDomainError, sendJson, sendText } from '../platform/http.ts';
import { clientAddress, type LimitName, limitRequest } from '../platform/rate-limit.ts';
import type { Runtime } from '../platform/runtime.ts';
import { matchRoute } from '../platform/routes.ts';
import { routes } from './routes.ts';
import { isPlainPage, securityHeaders } from './security.ts';

const defaultWebDist = fromRoot('web', 'dist');

/** What serves /graphql over HTTP (yoga's node handler). */
export type GraphqlHandler = (req: IncomingMessage, res: ServerResponse) => unknown;

export function createHttpServer(rt: Runtime, graphql: GraphqlHandler, log: Logger): Server {
  const web = existsSync(rt.config.webDist ?? defaultWebDist)
    ? sirv(rt.config.webDist ?? defaultWebDist, { single: true, etag: true, setHeaders: cacheHeaders })
    : undefined;
  const secure = securityHeaders(rt.config);

  async function handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (path === '/graphql' || path.startsWith('/graphql/')) {
      const refusal = await bodyRefusal(rt, req);
      if (refusal) return sendJson(res, refusal.status, { errors: [{ message: refusal.message, extensions: { code: 'BAD_REQUEST' } }] });
      return void graphql(req, res);
    }
    const matched = matchRoute(routes, req.method ?? 'GET', path);
    if (matched === 'method-not-allowed') return sendText(res, 405, 'method not allowed\n');
    const limit = limitFor(path);
    if (limit && !matched?.route.ownRateLimit && !(await limitRequest(rt, limit, req, res))) return;
    if (matched) return matched.route.handle(rt, req, res, matched.params);
    if (limit) return sendJson(res, 404, { error: 'not found' });
    if (web) return web(req, res, () => sendText(res, 404, 'not found\n'));
    sendText(res, 503, 'The web app is not built yet: run `pnpm build` (or `pnpm start`, which builds it).\n');
  }

  const server = createServer((req, res) => {
    const started = performance.now();
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const requestId = requestIdOf(req);
    res.setHeader('x-request-id', requestId);
    secure(req, res, isPlainPage(path));
    res.once('finish', () => {
      const seconds = (performance.now() - started) / 1000;
      const route = routeLabel(path);
      rt.metrics.httpDuration.observe({ route, method: req.method ?? 'GET', status: String(res.statusCode) }, seconds);
      const entry = {
        reqId: requestId,
        method: req.method,
        // Routes with a secret in the path (feeds, single-use links) are logged by their label.
        path: route === 'web' || route === '/graphql' ? path : route,
        status: res.statusCode,
        ms: Math.round(seconds * 1000),
        ip: clientAddress(req, rt.config.trustProxy),
      };
      if (route === 'web' || route === '/healthz' || route === '/metrics') log.debug(entry, 'request');
      else log.info(entry, 'request');
    });
    handle(req, res, path).catch((error: unknown) => {
      // A domain error a route did not catch (say, a bad bearer token) answers as it should: 401, 400…
      if (domainErrorOf(error) && !res.headersSent) return sendDomainError(res, error);
      log.error({ err: error, reqId: requestId }, 'request failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal error\n');
    });
  });
  // Idle keep-alive connections stay open longer than the usual proxy idle timeout (60 s), so the
  // server is not the side that closes a connection a client (or load balancer) is about to reuse.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return server;
}

/**
 * Refuses GraphQL bodies over the limit before yoga reads them; a POST must say its length. A
 * signed-in manager or admin may send up to `managerBodyBytes` (an .ics file of holidays).
 */
async function bodyRefusal(rt: Runtime, req: IncomingMessage): Promise<{ status: number; message: string } | undefined> {
  if (req.method !== 'POST') return undefined;
  const length = req.headers['content-length'];
  if (length === undefined) return { status: 411, message: 'A POST to /graphql needs a Content-Length header' };
  const bytes = Number(length);
  if (bytes <= GRAPHQL_LIMITS.bodyBytes) return undefined;
  const manager = isManager(await authenticate(rt, req.headers.authorization).catch(() => null));
  const limit = manager ? GRAPHQL_LIMITS.managerBodyBytes : GRAPHQL_LIMITS.bodyBytes;
  return bytes > limit ? { status: 413, message: `The request body is larger than ${limit} bytes` } : undefined;
}

/** Public endpoints that anyone can call get a rate limit per client address. */
function limitFor(path: string): LimitName | undefined {
  if (path.startsWith('/webhooks/')) return 'webhooks';
  // Single-use link pages: satisfaction surveys and page acknowledgements.
  if (path === '/csat' || path.startsWith('/csat/') || path.startsWith('/ack/')) return 'csat';
  if (path === '/status' || path === '/status.json' || path === '/status/feed.atom') return 'status';
  return undefined;
}

/** Paths whose next segment may be a secret (a feed's secret, a survey's or a page's token). */
const SECRET_PREFIXES = /^\/(oncall|csat|ack|webhooks)\//;

/** The route a request went to, for metrics and the access log: never the secret part of a path. */
function routeLabel(path: string): string {
  if (path === '/graphql' || path.startsWith('/graphql/')) return '/graphql';
  const route = routes.find((r) => (typeof r.path === 'string' ? r.path === path : r.path.test(path)));
  if (route) return typeof route.path === 'string' ? route.path : patternLabel(route.path);
  const prefix = SECRET_PREFIXES.exec(path);
  if (prefix) return `/${prefix[1]}/*`;
  return 'web';
}

/** /^\/oncall\/([A-Za-z0-9_-]{1,128})\.ics$/ → /oncall/*.ics */
const patternLabel = (pattern: RegExp): string =>
  pattern.source
    .replace(/^\^|\$$/g, '')
    .replace(/\((?:[^()\\]|\\.)*\)/g, '*')
    .replace(/\\(.)/g, '$1');

/** The caller's X-Request-Id when it looks like one, a new id otherwise. */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[\w.:-]{1,64}$/.test(given) ? given : randomUUID();
}

function cacheHeaders(res: ServerResponse, pathname: string): void {
  res.setHeader('cache-control', pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
}
