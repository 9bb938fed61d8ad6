// What the browser is told to allow: the security headers of every response (helmet, one profile
// for the web app and the API, one for the plain HTML pages), CORS for the public URL only, and the
// Origin check of WebSocket upgrades.
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';
import type { Config } from '../platform/config.ts';

type Directives = Record<string, string[]>;

/**
 * The web app (built by Vite: module scripts and stylesheets from /assets, no inline script) and
 * everything else that is not a plain page. Styles need no 'unsafe-inline': React and recharts set
 * styles through the CSSOM (element.style), which CSP does not restrict.
 */
export function appDirectives(config: Config): Directives {
  const origin = new URL(config.publicUrl);
  const ws = `${origin.protocol === 'https:' ? 'wss' : 'ws'}://${origin.host}`;
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    // 'self' covers ws(s) of the page's own host in current browsers; the public URL's is named for the rest.
    'connect-src': ["'self'", ws],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
}

/** /status, /faq, /csat/<token>, /ack/<token>, /auth/… (a failed single sign-on): server-rendered HTML with an inline <style>, forms, no script. */
export const PAGE_DIRECTIVES: Directives = {
  'default-src': ["'none'"],
  'style-src': ["'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'form-action': ["'self'"],
  'base-uri': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/** The paths of the plain HTML pages (PAGE_DIRECTIVES). */
export const isPlainPage = (path: string): boolean => /^\/(status|faq|csat|ack|auth)(\/|$)/.test(path);

export function cspHeader(directives: Directives, config: Config): string {
  const all = https(config) ? { ...directives, 'upgrade-insecure-requests': [] } : directives;
  return Object.entries(all)
    .map(([name, values]) => [name, ...values].join(' '))
    .join('; ');
}

const https = (config: Config): boolean => config.publicUrl.startsWith('https:');

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

/** Sets the security headers on `res` before any handler writes: `page` for the plain HTML pages. */
export function securityHeaders(config: Config): (req: IncomingMessage, res: ServerResponse, page: boolean) => void {
  const options = (directives: Directives): HelmetOptions => ({
    contentSecurityPolicy: { useDefaults: false, directives: { ...directives, ...(https(config) ? { 'upgrade-insecure-requests': [] } : {}) } },
    referrerPolicy: { policy: 'no-referrer' }, // the single-use links carry their token in the path
    xFrameOptions: { action: 'deny' },
    // HSTS only where the public URL is https: on plain http (local, demo) it would be ignored or worse.
    strictTransportSecurity: https(config) ? { maxAge: 31_536_000 } : false,
    crossOriginEmbedderPolicy: false,
  });
  const app: Middleware = helmet(options(appDirectives(config)));
  const page: Middleware = helmet(options(PAGE_DIRECTIVES));
  return (req, res, isPage) => (isPage ? page : app)(req, res, () => undefined);
}

/** The origin (scheme://host[:port]) of the public URL. */
export const publicOrigin = (config: Config): string => new URL(config.publicUrl).origin;

/**
 * CORS for /graphql: only the public URL's origin is told it may read answers, without credentials
 * (the API takes a bearer token, never a cookie); any other origin gets no CORS header at all.
 */
export function corsFor(config: Config): (request: Request) => { origin: string; credentials: false; methods: string[] } | false {
  const allowed = publicOrigin(config);
  return (request) => (request.headers.get('origin') === allowed ? { origin: allowed, credentials: false, methods: ['GET', 'POST'] } : false);
}

/**
 * Whether a WebSocket upgrade may go on: clients without an Origin header (not browsers) may; a
 * browser only from the public URL or from the host it connected to (the web app served here).
 */
export function originAllowed(req: IncomingMessage, config: Config): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (origin === publicOrigin(config)) return true;
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host === req.headers.host;
  } catch {
    return false;
  }
}
