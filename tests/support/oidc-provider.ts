// A real OpenID Connect provider for tests (oidc-provider) on 127.0.0.1, over plain http, with one
// confidential client (opsboard) and a tiny sign-in form of its own: the person types an account
// name and is signed in and consents to everything in one step. Accounts are what a test puts in
// `accounts`: their claims are what the provider tells opsboard (through the userinfo endpoint).
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export const OIDC_CLIENT = { id: 'opsboard', secret: 'test-client-secret-that-is-long-enough' };
/** The claim carrying the role in the tests' provider (OIDC_ROLE_CLAIM). */
export const ROLE_CLAIM = 'opsboard_roles';

export interface TestAccount {
  email: string;
  email_verified: boolean;
  name?: string;
  opsboard_roles?: string[];
}

export interface TestProvider {
  issuer: string;
  /** Account name (what the sign-in form takes) → claims. */
  accounts: Map<string, TestAccount>;
  stop(): Promise<void>;
}

const html = (body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test provider</title></head><body><main>${body}</main></body></html>`;

/** Starts the provider for an opsboard whose public URL is `opsboardUrl` (the redirect URI is its /auth/oidc/callback). */
export async function startOidcProvider(opsboardUrl: string): Promise<TestProvider> {
  const accounts = new Map<string, TestAccount>();
  const server: Server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: OIDC_CLIENT.id,
        client_secret: OIDC_CLIENT.secret,
        redirect_uris: [`${opsboardUrl}/auth/oidc/callback`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    pkce: { required: () => true },
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 600, Grant: 600 },
    cookies: { keys: ['test-provider-cookie-key'] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', ROLE_CLAIM] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx, sub) => {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return { accountId: sub, claims: () => ({ sub, ...account }) };
    },
  });
  const providerHandler = provider.callback();

  async function interaction(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        html(`<h1>Test provider</h1><form method="post" action="${path}"><label for="account">Account</label>
<input id="account" name="account" autocomplete="off"><button type="submit">Continue</button></form>`),
      );
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
    const accountId = new URLSearchParams(Buffer.concat(chunks).toString('utf8')).get('account') ?? '';
    if (!accounts.has(accountId)) {
      res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html('<p>No such account</p>'));
      return;
    }
    const grant = new provider.Grant({ accountId, clientId: String(details.params.client_id) });
    grant.addOIDCScope(String(details.params.scope));
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { login: { accountId }, consent: { grantId } }, { mergeWithLastSubmission: false });
  }

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path.startsWith('/interaction/'))
      interaction(req, res, path).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(error));
      });
    else void providerHandler(req, res);
  });

  return {
    issuer,
    accounts,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
