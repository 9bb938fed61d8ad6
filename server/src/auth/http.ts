// GET /auth/oidc/login: starts a single sign-on (redirect to the provider, the state in a short-lived
// HttpOnly cookie); GET /auth/oidc/callback: the provider's answer, which ends on /login with the new
// session token in the URL fragment (never sent to a server), where the web app keeps it like a
// password sign-in's. Both are public (that is how a person signs in) and rate-limited per address.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseCookie, stringifySetCookie } from 'cookie';
import { escapeHtml, sendText } from '../platform/http.ts';
import { limitRequest } from '../platform/rate-limit.ts';
import type { Route } from '../platform/routes.ts';
import type { Runtime } from '../platform/runtime.ts';
import { finishOidcLogin, OIDC_LOGIN_MINUTES, SignInRefused, startOidcLogin } from './oidc.ts';

const COOKIE = 'opsboard_oidc';

function stateCookie(rt: Runtime, value: string, maxAge: number): string {
  return stringifySetCookie({
    name: COOKIE,
    value,
    path: '/auth/oidc',
    httpOnly: true,
    // Lax: the browser sends it along when the provider sends it back here (a top-level GET).
    sameSite: 'lax',
    secure: rt.config.publicUrl.startsWith('https:'),
    maxAge,
  });
}

function refusalPage(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  sendText(
    res,
    status,
    `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>Sign-in failed</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}.error{color:#a4000f}</style>
</head><body><main><h1>Sign-in failed</h1><p class="error" role="alert" data-testid="sign-in-error">${escapeHtml(message)}</p>
<p><a href="/login">Back to sign in</a></p></main></body></html>`,
    'text/html; charset=utf-8',
  );
}

const limited = (rt: Runtime, req: IncomingMessage, res: ServerResponse) => limitRequest(rt, 'sso', req, res);

export async function oidcLogin(rt: Runtime, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!(await limited(rt, req, res))) return;
  try {
    const next = new URL(req.url ?? '/', 'http://opsboard').searchParams.get('next');
    const { url, state } = await startOidcLogin(rt, next);
    res.writeHead(302, { location: url, 'set-cookie': stateCookie(rt, state, OIDC_LOGIN_MINUTES * 60), 'cache-control': 'no-store' });
    res.end();
  } catch (error) {
    if (!(error instanceof SignInRefused)) throw error;
    refusalPage(res, error.status, error.message);
  }
}

export async function oidcCallback(rt: Runtime, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!(await limited(rt, req, res))) return;
  // Whatever happens, this browser's started sign-in is over.
  const clear = { 'set-cookie': stateCookie(rt, '', 0) };
  try {
    const search = new URL(req.url ?? '/', 'http://opsboard').searchParams;
    const cookieState = parseCookie(req.headers.cookie ?? '')[COOKIE] || undefined;
    const { token, next } = await finishOidcLogin(rt, search, cookieState);
    const landing = `/login?${new URLSearchParams({ next }).toString()}#${new URLSearchParams({ sso: token }).toString()}`;
    res.writeHead(303, { location: landing, ...clear, 'cache-control': 'no-store' });
    res.end();
  } catch (error) {
    if (!(error instanceof SignInRefused)) throw error;
    refusalPage(res, error.status, error.message, clear);
  }
}

export const authRoutes: Route[] = [
  { method: 'GET', path: '/auth/oidc/login', handle: oidcLogin },
  { method: 'GET', path: '/auth/oidc/callback', handle: oidcCallback },
];
