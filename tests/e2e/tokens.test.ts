// The tokens page in Chromium: a manager creates a display token for a TV, the TV shows the
// wallboard, and Revoke cuts it off.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, launchBrowser, signedInPage } from '../support/browser.ts';
import { createPerson, signIn } from '../support/factories/people.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('/admin/tokens', () => {
  it('creates a display token whose link opens the wallboard, and revokes it', async () => {
    const manager = await signIn(server, await createPerson(server, 'Mo Manager', 'MANAGER'));
    const page = await signedInPage(browser, manager, `${server.url}/admin/tokens`, { width: 1280, height: 800 });
    await page.getByTestId('token-row').filter({ hasText: 'this browser' }).waitFor({ timeout: 10_000 });
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByLabel('New display token (a TV)').fill('Lobby TV');
    await page.getByRole('button', { name: 'Create' }).click();
    const link = (await page.getByTestId('display-link').locator('code').textContent())!;
    expect(link).toMatch(new RegExp(`^${server.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/wallboard\\?token=dsp_`));
    const token = decodeURIComponent(new URL(link).searchParams.get('token')!);

    const tv = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await tv.goto(link);
    await tv.getByTestId('wallboard').waitFor({ timeout: 10_000 });

    const row = page.getByTestId('token-row').filter({ hasText: 'Lobby TV' });
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 10_000 }).toBe('active');
    await row.getByRole('button', { name: 'Revoke display of Lobby TV' }).click();
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 10_000 }).toBe('revoked');
    const refused = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ wallboard { openTotal } }' }),
    });
    expect(refused.status).toBe(401);
    // The manager's own sign-in has no Revoke button: that would sign this browser out.
    expect(await page.getByTestId('token-row').filter({ hasText: 'this browser' }).getByRole('button').count()).toBe(0);
    await tv.close();
    await page.close();
  });
});
