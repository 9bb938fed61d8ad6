// Single sign-on in Chromium: the sign-in page offers "Sign in with …", the person signs in at a real
// OpenID Connect provider (oidc-provider on 127.0.0.1) and lands on the queue with the role their
// claim maps to; with password sign-in switched off the form is gone.
import { createServer } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, launchBrowser, watchCsp } from '../support/browser.ts';
import { graphql } from '../support/graphql.ts';
import { OIDC_CLIENT, ROLE_CLAIM, startOidcProvider, type TestProvider } from '../support/oidc-provider.ts';
import { startServer, type TestServer } from '../support/server.ts';

const ME = graphql(`
  query SsoBrowserMe {
    me {
      role
      user {
        email
      }
    }
  }
`);

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

let provider: TestProvider;
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  const port = await freePort();
  provider = await startOidcProvider(`http://127.0.0.1:${port}`);
  server = await startServer({
    port,
    env: {
      OPSBOARD_PUBLIC_URL: `http://127.0.0.1:${port}`,
      OPSBOARD_PASSWORD_LOGIN: 'off',
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: OIDC_CLIENT.id,
      OIDC_CLIENT_SECRET: OIDC_CLIENT.secret,
      OIDC_ROLE_CLAIM: ROLE_CLAIM,
      OIDC_LABEL: 'Example ID',
    },
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await provider?.stop();
});

describe('signing in with single sign-on', () => {
  it('goes to the provider and back, and lands on the queue signed in with the role from the claim', async () => {
    provider.accounts.set('lena', { email: 'lena.lead@example.com', email_verified: true, name: 'Lena Lead', opsboard_roles: ['lead'] });
    const csp: string[] = [];
    const page = watchCsp(await browser.newPage({ viewport: { width: 1280, height: 800 } }), csp);
    await page.goto(`${server.url}/login`);
    const button = page.getByRole('link', { name: 'Sign in with Example ID' });
    await button.waitFor({ timeout: 15_000 });
    // Password sign-in is off: no form.
    expect(await page.getByLabel('Password').count()).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);

    await button.click();
    await page.waitForURL(`${provider.issuer}/interaction/**`, { timeout: 15_000 });
    await page.getByLabel('Account').fill('lena');
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.waitForURL(`${server.url}/queue`, { timeout: 20_000 });
    await page.getByTestId('queue').waitFor({ timeout: 15_000 });
    await expect.poll(() => page.getByTestId('viewer').textContent(), { timeout: 10_000 }).toBe('Lena Lead · lead');
    // The token is kept like a password sign-in's, and gone from the address bar.
    expect(new URL(page.url()).hash).toBe('');
    const token = await page.evaluate(() => window.localStorage.getItem('opsboard.token'));
    expect((await server.wire.gql(ME, {}, token)).data?.me).toEqual({ role: 'LEAD', user: { email: 'lena.lead@example.com' } });
    expect(csp).toEqual([]);
    await page.close();
  });

  it('shows why a sign-in was refused, with the way back', async () => {
    provider.accounts.set('umi', { email: 'umi@example.com', email_verified: false });
    const page = await browser.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByRole('link', { name: 'Sign in with Example ID' }).click();
    await page.getByLabel('Account').fill('umi');
    await page.getByRole('button', { name: 'Continue' }).click();
    const error = page.getByTestId('sign-in-error');
    await error.waitFor({ timeout: 20_000 });
    expect(await error.textContent()).toContain('has not verified your e-mail address umi@example.com');
    await page.getByRole('link', { name: 'Back to sign in' }).click();
    await page.getByRole('link', { name: 'Sign in with Example ID' }).waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => window.localStorage.getItem('opsboard.token'))).toBeNull();
    await page.close();
  });
});
