// Single sign-on over HTTP against a real OpenID Connect provider (oidc-provider on 127.0.0.1): the
// code flow with PKCE, state and nonce; people matched by verified e-mail, their role from a claim;
// a wrong state, a sign-in without this browser's cookie, an expired one, a replayed code, an
// unverified e-mail and a deactivated account refused; password sign-in switched off.
import { createServer } from 'node:net';
import { loadConfig } from '@opsboard/server/platform/config.ts';
import { ManualClock } from '@opsboard/server/platform/clock.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPerson } from '../../support/factories/people.ts';
import { graphql } from '../../support/graphql.ts';
import { OIDC_CLIENT, ROLE_CLAIM, startOidcProvider, type TestAccount, type TestProvider } from '../../support/oidc-provider.ts';
import { ADMIN, startServer, type TestServer } from '../../support/server.ts';

const ME = graphql(`
  query SsoMe {
    me {
      role
      user {
        id
        email
        name
      }
    }
  }
`);

const OPTIONS = graphql(`
  query SsoSignInOptions {
    signInOptions {
      passwordLogin
      singleSignOn
    }
  }
`);

const LOGIN = graphql(`
  mutation SsoPasswordLogin($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      token
    }
  }
`);

/** A port nothing listens on now, so opsboard's public URL (and the provider's redirect URI) can name it before it starts. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Cookies per host:port, as a browser keeps them (enough for these two servers). */
class Browser {
  readonly cookies = new Map<string, Map<string, string>>();

  private jar(url: string): Map<string, string> {
    const host = new URL(url).host;
    let jar = this.cookies.get(host);
    if (!jar) this.cookies.set(host, (jar = new Map()));
    return jar;
  }

  async request(url: string, init: { method?: string; body?: string } = {}): Promise<Response> {
    const jar = this.jar(url);
    const response = await fetch(url, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: {
        ...(jar.size ? { cookie: [...jar].map(([name, value]) => `${name}=${value}`).join('; ') } : {}),
        ...(init.body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(init.body ? { body: init.body } : {}),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const name = pair.slice(0, pair.indexOf('=')).trim();
      const value = pair.slice(pair.indexOf('=') + 1).trim();
      if (!value || /max-age=0/i.test(line) || /expires=thu, 01 jan 1970/i.test(line)) jar.delete(name);
      else jar.set(name, value);
    }
    return response;
  }

  cookie(url: string, name: string): string | undefined {
    return this.jar(url).get(name);
  }
}

const location = (response: Response, base: string): string => new URL(response.headers.get('location') ?? '', base).href;

/**
 * Starts a sign-in at opsboard, signs in at the provider as `account`: the provider's answer (the
 * callback URL with code and state) that the browser would now open, and the browser.
 */
async function throughProvider(server: TestServer, account: string, browser = new Browser()): Promise<{ callback: string; browser: Browser }> {
  const start = await browser.request(`${server.url}/auth/oidc/login?next=/tickets/42`);
  expect(start.status).toBe(302);
  const authorize = new URL(location(start, server.url));
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authorize.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
  expect(authorize.searchParams.get('state')).toEqual(expect.any(String));
  expect(authorize.searchParams.get('nonce')).toEqual(expect.any(String));
  const toInteraction = await browser.request(authorize.href);
  expect(toInteraction.status).toBe(303);
  const interaction = location(toInteraction, authorize.href);
  const signedIn = await browser.request(interaction, { method: 'POST', body: new URLSearchParams({ account }).toString() });
  expect(signedIn.status).toBe(303);
  const resumed = await browser.request(location(signedIn, interaction));
  expect(resumed.status).toBe(303);
  const callback = location(resumed, interaction);
  expect(callback.startsWith(`${server.url}/auth/oidc/callback?`)).toBe(true);
  return { callback, browser };
}

/** The session token a finished sign-in hands to the web app (in the fragment of /login). */
function tokenOf(response: Response): string {
  expect(response.status).toBe(303);
  const landing = new URL(response.headers.get('location') ?? '', 'http://x');
  expect(landing.pathname).toBe('/login');
  const token = new URLSearchParams(landing.hash.slice(1)).get('sso');
  expect(token).toMatch(/^ops_/);
  return token!;
}

async function refusal(response: Response): Promise<{ status: number; message: string }> {
  const text = await response.text();
  return { status: response.status, message: (/data-testid="sign-in-error">([^<]*)</.exec(text)?.[1] ?? text).replace(/&#39;/g, "'") };
}

describe('single sign-on with OpenID Connect', () => {
  let provider: TestProvider;
  let server: TestServer;
  const clock = new ManualClock();
  const account = (id: string, claims: TestAccount) => provider.accounts.set(id, claims);

  beforeAll(async () => {
    const port = await freePort();
    provider = await startOidcProvider(`http://127.0.0.1:${port}`);
    server = await startServer({
      port,
      clock,
      env: {
        OPSBOARD_PUBLIC_URL: `http://127.0.0.1:${port}`,
        OIDC_ISSUER: provider.issuer,
        OIDC_CLIENT_ID: OIDC_CLIENT.id,
        OIDC_CLIENT_SECRET: OIDC_CLIENT.secret,
        OIDC_ROLE_CLAIM: ROLE_CLAIM,
        OIDC_ROLE_MAP: 'support-managers=MANAGER,support-leads=LEAD,support-agents=AGENT',
        OIDC_LABEL: 'Example ID',
      },
    });
  });
  afterAll(async () => {
    await server?.stop();
    await provider?.stop();
  });

  it('tells the sign-in page about both ways in', async () => {
    expect((await server.wire.gql(OPTIONS, {}, null)).data?.signInOptions).toEqual({ passwordLogin: true, singleSignOn: 'Example ID' });
  });

  it('creates the account of a new person with a verified e-mail, with the highest role their claim maps to, and lands where they were going', async () => {
    account('mia', { email: 'Mia.Sso@example.com', email_verified: true, name: 'Mia Sso', opsboard_roles: ['support-agents', 'support-managers', 'other'] });
    const { callback, browser } = await throughProvider(server, 'mia');
    expect(browser.cookie(server.url, 'opsboard_oidc')).toEqual(expect.any(String));
    const done = await browser.request(callback);
    const token = tokenOf(done);
    expect(new URL(done.headers.get('location')!, 'http://x').searchParams.get('next')).toBe('/tickets/42');
    // The state cookie is spent.
    expect(browser.cookie(server.url, 'opsboard_oidc')).toBeUndefined();
    const me = await server.wire.gql(ME, {}, token);
    expect(me.data?.me).toEqual({ role: 'MANAGER', user: { id: expect.any(String), email: 'mia.sso@example.com', name: 'Mia Sso' } });
    // The session is an ordinary sign-in token: listed, revocable, expiring like a password sign-in's.
    const row = await server.app.rt.prisma.authToken.findFirstOrThrow({ where: { userId: me.data!.me!.user!.id } });
    expect(row.kind).toBe('SESSION');
    expect(row.expiresAt?.getTime()).toBe(clock.now().getTime() + server.app.rt.config.sessionHours * 3_600_000);
  });

  it('a new person without a mapped role claim gets the default role (VIEWER)', async () => {
    account('nico', { email: 'nico@example.com', email_verified: true, opsboard_roles: ['ADMIN'] }); // not in OIDC_ROLE_MAP: no role
    const { callback, browser } = await throughProvider(server, 'nico');
    const me = await server.wire.gql(ME, {}, tokenOf(await browser.request(callback)));
    expect(me.data?.me).toEqual({ role: 'VIEWER', user: { id: expect.any(String), email: 'nico@example.com', name: 'nico@example.com' } });
  });

  it('matches an existing person by e-mail: same account, the role the claim maps to, kept when no claim maps', async () => {
    const person = await createPerson(server, 'Pia Existing', 'AGENT');
    account('pia', { email: person.email.toUpperCase(), email_verified: true, opsboard_roles: ['support-leads'] });
    let flow = await throughProvider(server, 'pia');
    let me = await server.wire.gql(ME, {}, tokenOf(await flow.browser.request(flow.callback)));
    expect(me.data?.me).toEqual({ role: 'LEAD', user: { id: person.id, email: person.email, name: 'Pia Existing' } });

    account('pia', { email: person.email, email_verified: true });
    flow = await throughProvider(server, 'pia');
    me = await server.wire.gql(ME, {}, tokenOf(await flow.browser.request(flow.callback)));
    expect(me.data?.me?.role).toBe('LEAD');
    expect(await server.app.rt.prisma.user.count({ where: { email: person.email } })).toBe(1);
  });

  it('refuses an answer whose state is not the one this browser started with, and creates no session', async () => {
    account('wes', { email: 'wes@example.com', email_verified: true });
    const { callback, browser } = await throughProvider(server, 'wes');
    const tokens = await server.app.rt.prisma.authToken.count();
    const forged = new URL(callback);
    forged.searchParams.set('state', `${forged.searchParams.get('state')}x`);
    const refused = await refusal(await browser.request(forged.href));
    expect(refused).toEqual({ status: 400, message: expect.stringContaining('wrong state') });
    expect(await server.app.rt.prisma.authToken.count()).toBe(tokens);
    expect(await server.app.rt.prisma.user.count({ where: { email: 'wes@example.com' } })).toBe(0);
  });

  it('refuses an answer brought by a browser that did not start the sign-in (no state cookie, so no PKCE verifier)', async () => {
    account('xia', { email: 'xia@example.com', email_verified: true });
    const { callback } = await throughProvider(server, 'xia');
    const refused = await refusal(await new Browser().request(callback));
    expect(refused).toEqual({ status: 400, message: expect.stringContaining('was not started in this browser') });
    expect(await server.app.rt.prisma.user.count({ where: { email: 'xia@example.com' } })).toBe(0);
  });

  it('takes the answer within 10 minutes of the start, not later', async () => {
    account('yan', { email: 'yan@example.com', email_verified: true });
    let flow = await throughProvider(server, 'yan');
    clock.advance(10 * 60_000 - 1);
    tokenOf(await flow.browser.request(flow.callback));

    flow = await throughProvider(server, 'yan');
    clock.advance(10 * 60_000);
    expect(await refusal(await flow.browser.request(flow.callback))).toEqual({ status: 400, message: expect.stringContaining('has expired') });
  });

  it('refuses a replayed code: the same answer twice, and the used code with a new sign-in', async () => {
    account('zoe', { email: 'zoe@example.com', email_verified: true });
    const { callback, browser } = await throughProvider(server, 'zoe');
    const state = browser.cookie(server.url, 'opsboard_oidc')!;
    tokenOf(await browser.request(callback));

    // The same answer again, cookie and all.
    const replay = new Browser();
    replay.cookies.set(new URL(server.url).host, new Map([['opsboard_oidc', state]]));
    expect(await refusal(await replay.request(callback))).toEqual({ status: 400, message: expect.stringContaining('already completed') });

    // The used code with the state of a fresh sign-in: the provider refuses it.
    const fresh = new Browser();
    const start = await fresh.request(`${server.url}/auth/oidc/login`);
    const freshState = new URL(location(start, server.url)).searchParams.get('state')!;
    const reused = new URL(callback);
    reused.searchParams.set('state', freshState);
    const refused = await refusal(await fresh.request(reused.href));
    expect(refused).toEqual({ status: 400, message: expect.stringContaining('did not accept this sign-in (invalid_grant)') });
  });

  it('refuses an e-mail the provider has not verified, and creates no account', async () => {
    account('uma', { email: 'uma@example.com', email_verified: false, opsboard_roles: ['support-managers'] });
    const { callback, browser } = await throughProvider(server, 'uma');
    expect(await refusal(await browser.request(callback))).toEqual({ status: 403, message: expect.stringContaining('has not verified your e-mail address') });
    expect(await server.app.rt.prisma.user.count({ where: { email: 'uma@example.com' } })).toBe(0);
  });

  it('refuses a deactivated account', async () => {
    const person = await createPerson(server, 'Dora Deactivated', 'AGENT');
    await server.app.rt.prisma.user.update({ where: { id: person.id }, data: { active: false } });
    account('dora', { email: person.email, email_verified: true, opsboard_roles: ['support-managers'] });
    const { callback, browser } = await throughProvider(server, 'dora');
    expect(await refusal(await browser.request(callback))).toEqual({ status: 403, message: expect.stringContaining('deactivated') });
    const user = await server.app.rt.prisma.user.findUniqueOrThrow({ where: { id: person.id } });
    expect(user).toMatchObject({ role: 'AGENT', active: false });
    expect(await server.app.rt.prisma.authToken.count({ where: { userId: person.id } })).toBe(0);
  });

  it('passes on what the provider refused', async () => {
    const browser = new Browser();
    const start = await browser.request(`${server.url}/auth/oidc/login`);
    const state = new URL(location(start, server.url)).searchParams.get('state')!;
    const answer = `${server.url}/auth/oidc/callback?${new URLSearchParams({ error: 'access_denied', error_description: 'the person said no', state })}`;
    expect(await refusal(await browser.request(answer))).toEqual({ status: 403, message: expect.stringContaining('the person said no') });
  });
});

describe('password sign-in switched off', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({
      env: {
        OPSBOARD_PASSWORD_LOGIN: 'off',
        OIDC_ISSUER: 'http://127.0.0.1:9/',
        OIDC_CLIENT_ID: 'opsboard',
        // The provider is not among the allowed targets: signing in must not reach it.
        OPSBOARD_ALLOWED_TARGETS: '',
      },
    });
  });
  afterAll(async () => server?.stop());

  it('refuses the login mutation, even with the right password, and says so to the sign-in page', async () => {
    const result = await server.wire.gql(LOGIN, ADMIN, null);
    expect(result.data?.login ?? null).toBeNull();
    expect(result.errors?.[0]).toMatchObject({
      message: 'Signing in with a password is switched off here; use single sign-on',
      extensions: { code: 'FORBIDDEN' },
    });
    expect((await server.wire.gql(OPTIONS, {}, null)).data?.signInOptions).toEqual({ passwordLogin: false, singleSignOn: 'single sign-on' });
  });

  it('reaches the provider only through the outbound allow-list', async () => {
    const response = await fetch(`${server.url}/auth/oidc/login`, { redirect: 'manual' });
    expect(await refusal(response)).toEqual({ status: 502, message: 'The sign-in provider is not an allowed target of this opsboard.' });
    expect(await server.app.rt.prisma.oidcLogin.count()).toBe(0);
  });
});

describe('single sign-on settings', () => {
  it('refuses switching password sign-in off without single sign-on, an http issuer off this machine, and a bad role map', () => {
    expect(() => loadConfig({ OPSBOARD_PASSWORD_LOGIN: 'off' })).toThrow(/OPSBOARD_PASSWORD_LOGIN: off needs single sign-on/);
    expect(() => loadConfig({ OIDC_ISSUER: 'http://id.example.com', OIDC_CLIENT_ID: 'x' })).toThrow(/OIDC_ISSUER: must be an https:\/\/ URL/);
    expect(loadConfig({ OIDC_ISSUER: 'http://localhost:8080', OIDC_CLIENT_ID: 'x' }).oidc?.insecureLoopback).toBe(true);
    expect(loadConfig({ OIDC_ISSUER: 'https://id.example.com', OIDC_CLIENT_ID: 'x' }).oidc?.insecureLoopback).toBe(false);
    expect(() => loadConfig({ OIDC_ISSUER: 'https://id.example.com' })).toThrow(/OIDC_CLIENT_ID: required/);
    expect(() => loadConfig({ OIDC_CLIENT_ID: 'x' })).toThrow(/OIDC_ISSUER: required when OIDC_CLIENT_ID is set/);
    expect(() => loadConfig({ OIDC_ISSUER: 'https://id.example.com', OIDC_CLIENT_ID: 'x', OIDC_ROLE_CLAIM: 'roles', OIDC_ROLE_MAP: 'admins=ROOT' })).toThrow(
      /OIDC_ROLE_MAP: "admins=ROOT" must be claim-value=ROLE/,
    );
    expect(loadConfig({}).passwordLogin).toBe(true);
    expect(loadConfig({}).oidc).toBeUndefined();
  });
});
