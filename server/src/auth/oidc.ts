// Single sign-on through an OpenID Connect provider (openid-client): the authorization code flow with
// PKCE (S256), state and nonce. Starting a sign-in stores the PKCE verifier and the nonce here, under
// the SHA-256 of the state; the browser carries the state in an HttpOnly cookie and back from the
// provider. The answer is taken once: a second use of the same state (a replayed code) finds nothing.
// Users are matched by verified e-mail; the session is the same bearer token a password sign-in gives.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Role, User } from '@opsboard/db';
import * as client from 'openid-client';
import type { OidcConfig } from '../platform/config.ts';
import { type Deps, transact } from '../platform/db.ts';
import { TargetRefusedError } from '../platform/outbound.ts';
import { ACTOR_CHANGED, createSession } from './service.ts';

/** How long a started sign-in may take at the provider. */
export const OIDC_LOGIN_MINUTES = 10;
export const CALLBACK_PATH = '/auth/oidc/callback';

const ROLE_ORDER: readonly Role[] = ['VIEWER', 'AGENT', 'ENGINEER', 'LEAD', 'MANAGER', 'ADMIN'];

/** A sign-in refused: the HTTP status and the message the person sees. */
export class SignInRefused extends Error {
  override name = 'SignInRefused';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

const discovered = new WeakMap<Deps['outbound'], Promise<client.Configuration>>();

/** The provider's configuration (discovered once per instance; a failed discovery is tried again next time). */
function providerOf(deps: Deps, oidc: OidcConfig): Promise<client.Configuration> {
  let found = discovered.get(deps.outbound);
  if (!found) {
    // Every request to the provider (discovery, keys, token, userinfo) goes through the outbound allow-list.
    const fetchThrough: client.CustomFetch = (url, options) =>
      deps.outbound.fetch(url, {
        method: options.method,
        headers: options.headers,
        body: options.body as string | URLSearchParams | undefined,
        signal: options.signal ?? null,
      });
    found = client
      .discovery(new URL(oidc.issuer), oidc.clientId, undefined, oidc.clientSecret ? client.ClientSecretBasic(oidc.clientSecret) : client.None(), {
        [client.customFetch]: fetchThrough,
        timeout: 10,
        ...(oidc.insecureLoopback ? { execute: [client.allowInsecureRequests] } : {}),
      })
      .then((configuration) => {
        configuration[client.customFetch] = fetchThrough;
        return configuration;
      });
    discovered.set(deps.outbound, found);
    found.catch(() => discovered.delete(deps.outbound));
  }
  return found;
}

function oidcOf(deps: Deps): OidcConfig {
  const { oidc } = deps.config;
  if (!oidc) throw new SignInRefused(404, 'Single sign-on is not configured on this opsboard.');
  return oidc;
}

const unreachable = (deps: Deps, error: unknown): SignInRefused => {
  deps.log.warn({ err: error }, 'the sign-in provider could not be reached');
  const refused = error instanceof TargetRefusedError || (error as Error).cause instanceof TargetRefusedError;
  return new SignInRefused(
    502,
    refused ? 'The sign-in provider is not an allowed target of this opsboard.' : 'The sign-in provider cannot be reached right now. Try again in a moment.',
  );
};

/** A path on this site to land on after signing in; anything else becomes the queue. */
export const safeNext = (next: string | null | undefined): string =>
  next && next.length <= 500 && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/queue';

/** Starts a sign-in: where to send the browser, and the state it must bring back (its cookie). */
export async function startOidcLogin(deps: Deps, next: string | null): Promise<{ url: string; state: string }> {
  const oidc = oidcOf(deps);
  const provider = await providerOf(deps, oidc).catch((error: unknown) => {
    throw unreachable(deps, error);
  });
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const now = deps.clock.now();
  await deps.prisma.oidcLogin.deleteMany({ where: { expiresAt: { lt: now } } });
  await deps.prisma.oidcLogin.create({
    data: {
      stateHash: sha256(state),
      codeVerifier,
      nonce,
      next: safeNext(next),
      createdAt: now,
      expiresAt: new Date(now.getTime() + OIDC_LOGIN_MINUTES * 60_000),
    },
  });
  const url = client.buildAuthorizationUrl(provider, {
    redirect_uri: `${deps.config.publicUrl}${CALLBACK_PATH}`,
    scope: oidc.scopes,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  return { url: url.href, state };
}

const sameText = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * Finishes a sign-in from the provider's answer (`search`: the callback's query) and the state of
 * this browser's cookie: the user's new session token and where to land. Refuses a wrong or missing
 * state, a sign-in used once already or expired, a code the provider does not accept, an e-mail the
 * provider has not verified and a deactivated account.
 */
export async function finishOidcLogin(
  deps: Deps,
  search: URLSearchParams,
  cookieState: string | undefined,
): Promise<{ token: string; expiresAt: Date; userId: string; next: string }> {
  const oidc = oidcOf(deps);
  const providerError = search.get('error');
  if (providerError) {
    const description = search.get('error_description');
    throw new SignInRefused(403, `The sign-in provider did not sign you in: ${(description || providerError).slice(0, 300)}.`);
  }
  const state = search.get('state') ?? '';
  if (!cookieState)
    throw new SignInRefused(400, `This sign-in was not started in this browser, or took longer than ${OIDC_LOGIN_MINUTES} minutes. Start again.`);
  if (!state || !sameText(state, cookieState))
    throw new SignInRefused(400, 'The answer of the sign-in provider does not belong to the sign-in started in this browser (wrong state). Start again.');
  // Taken once: of two callbacks with this state (a replayed code), only one deletes the row.
  const stateHash = sha256(state);
  const row = await deps.prisma.oidcLogin.findUnique({ where: { stateHash } });
  const { count } = row ? await deps.prisma.oidcLogin.deleteMany({ where: { stateHash } }) : { count: 0 };
  if (!row || count === 0 || row.expiresAt <= deps.clock.now())
    throw new SignInRefused(400, 'This sign-in was already completed, or it has expired. Start again.');

  const provider = await providerOf(deps, oidc).catch((error: unknown) => {
    throw unreachable(deps, error);
  });
  const callback = new URL(`${deps.config.publicUrl}${CALLBACK_PATH}`);
  callback.search = search.toString();
  let claims: Record<string, unknown>;
  try {
    const tokens = await client.authorizationCodeGrant(provider, callback, {
      pkceCodeVerifier: row.codeVerifier,
      expectedState: state,
      expectedNonce: row.nonce,
      idTokenExpected: true,
    });
    const idToken = tokens.claims();
    if (!idToken) throw new Error('the provider sent no ID token');
    // The ID token may carry only `sub`; the e-mail and the role claim then come from the userinfo endpoint.
    const userinfo = provider.serverMetadata().userinfo_endpoint ? await client.fetchUserInfo(provider, tokens.access_token, idToken.sub) : {};
    claims = { ...userinfo, ...idToken };
  } catch (error) {
    if (error instanceof client.ResponseBodyError || error instanceof client.AuthorizationResponseError) {
      deps.log.info({ err: error }, 'the sign-in provider refused the code');
      throw new SignInRefused(400, `The sign-in provider did not accept this sign-in (${error.error}): its code was used already or has expired. Start again.`);
    }
    if (error instanceof client.ClientError) {
      deps.log.warn({ err: error }, 'the answer of the sign-in provider failed its checks');
      throw new SignInRefused(400, 'The answer of the sign-in provider failed its checks. Start again.');
    }
    throw unreachable(deps, error);
  }
  const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
  if (!email) throw new SignInRefused(403, 'The sign-in provider did not tell us your e-mail address (ask for the "email" scope).');
  if (claims.email_verified !== true)
    throw new SignInRefused(403, `The sign-in provider has not verified your e-mail address ${email}; verify it there, then sign in again.`);
  const name = typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim().slice(0, 200) : email;
  const user = await matchUser(deps, oidc, email, name, roleFromClaims(claims, oidc));
  const session = await createSession(deps, user.id);
  return { ...session, next: row.next };
}

/**
 * The user with this (verified) e-mail: created with the claimed role or the default when
 * OIDC_CREATE_USERS allows; an existing user takes the claimed role when the claim names one.
 */
async function matchUser(deps: Deps, oidc: OidcConfig, email: string, name: string, claimed: Role | null): Promise<User> {
  const existing = await deps.prisma.user.findUnique({ where: { email } });
  if (!existing) {
    if (!oidc.createUsers) throw new SignInRefused(403, `There is no opsboard account for ${email}; ask an admin to add you.`);
    // `update: {}`: two first sign-ins at once create the account once.
    const created = await deps.prisma.user.upsert({
      where: { email },
      create: { email, name, role: claimed ?? oidc.defaultRole, timeZone: deps.config.timeZone },
      update: {},
    });
    deps.log.info({ userId: created.id, role: created.role }, 'created an account at its first single sign-on');
    return created;
  }
  if (!existing.active) throw new SignInRefused(403, 'Your opsboard account is deactivated; ask an admin.');
  if (!claimed || claimed === existing.role) return existing;
  return transact(deps, async (tx, emit) => {
    const user = await tx.user.update({ where: { id: existing.id }, data: { role: claimed } });
    emit({
      topic: 'system',
      type: ACTOR_CHANGED,
      entityType: 'User',
      entityId: user.id,
      payload: { userId: user.id, role: user.role, active: user.active, previousRole: existing.role, wasActive: existing.active, by: null },
    });
    return user;
  });
}

/** The opsboard role the claims ask for, or null when the role claim is not configured, absent or names no role. */
export function roleFromClaims(claims: Record<string, unknown>, oidc: OidcConfig): Role | null {
  if (!oidc.roleClaim) return null;
  let value: unknown = claims[oidc.roleClaim];
  if (value === undefined && oidc.roleClaim.includes('.')) {
    value = claims;
    for (const part of oidc.roleClaim.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  }
  const values = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
  const explicit = Object.keys(oidc.roleMap).length > 0;
  const roles = values
    .map((v) => (explicit ? oidc.roleMap[v.toLowerCase()] : ROLE_ORDER.find((role) => role === v.toUpperCase())))
    .filter((role): role is Role => role !== undefined);
  if (!roles.length) return null;
  return roles.reduce((best, role) => (ROLE_ORDER.indexOf(role) > ROLE_ORDER.indexOf(best) ? role : best));
}
