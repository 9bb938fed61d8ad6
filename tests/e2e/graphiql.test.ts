// GraphiQL (OPSBOARD_GRAPHIQL=1) in Chromium: it loads from this server alone and runs a query
// within its own Content-Security-Policy.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser, watchCsp } from '../support/browser.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ env: { OPSBOARD_GRAPHIQL: '1' } });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

it('loads nothing from elsewhere and breaks no Content-Security-Policy rule', async () => {
  const violations: string[] = [];
  const page = watchCsp(await browser.newPage(), violations);
  const hosts = new Set<string>();
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol.startsWith('http')) hosts.add(url.host);
  });
  await page.goto(`${server.url}/graphql`);
  await page.locator('.graphiql-container').first().waitFor({ timeout: 30_000 });
  await page.waitForTimeout(1_000);
  expect([...hosts]).toEqual([new URL(server.url).host]);
  expect(violations).toEqual([]);
  await page.close();
});
