// The wallboard in real headless Chromium: live updates, reconnection after a restart, accessibility.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, cspViolations, launchBrowser, watchCsp } from '../support/browser.ts';
import { createTicket } from '../support/factories/tickets.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { systemClock } from '@opsboard/server/platform/clock.ts';
import { buildApp } from '@opsboard/server/app/app.ts';
import { runRetention } from '@opsboard/server/retention/service.ts';
import pino from 'pino';
import { ADMIN, httpGqlClient, login } from '../support/server.ts';
import { CREATE_TICKET } from '../support/factories/tickets.ts';
import { graphql } from '../support/graphql.ts';

let server: TestServer;
let browser: Browser;
let page: Page;
let wallboardUrl: string;

beforeAll(async () => {
  server = await startServer({ clock: systemClock, demoData: true });
  browser = await launchBrowser();
  const display = await server.gql(
    graphql(`
      mutation {
        createDisplayToken(name: "Office TV") {
          token
        }
      }
    `),
  );
  page = watchCsp(await browser.newPage({ viewport: { width: 1920, height: 1080 } }));
  wallboardUrl = `${server.url}/wallboard?token=${display.data!.createDisplayToken.token}`;
  await page.goto(wallboardUrl);
  await page.getByTestId('connection-status').filter({ hasText: 'LIVE' }).waitFor({ timeout: 15_000 });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

// Runs before the page's scripts (plain text: the page has no compiler helpers). Notes every text
// the app's root shows, so a loading screen that comes and goes between two frames is seen too.
const RECORD_ROOT_TEXTS = `
  window.__rootTexts = [];
  new MutationObserver(() => {
    const text = document.getElementById('root')?.textContent ?? '';
    if (text && window.__rootTexts.at(-1) !== text) window.__rootTexts.push(text.slice(0, 40));
  }).observe(document, { childList: true, subtree: true, characterData: true });
`;

describe('/wallboard', () => {
  it('opens straight onto the board on a cold load, with no loading screen first', async () => {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    try {
      await context.addInitScript({ content: RECORD_ROOT_TEXTS });
      const cold = await context.newPage();
      await cold.goto(wallboardUrl);
      await cold.getByTestId('connection-status').filter({ hasText: 'LIVE' }).waitFor({ timeout: 15_000 });
      const texts = (await cold.evaluate('window.__rootTexts')) as string[];
      expect(texts.length).toBeGreaterThan(0);
      expect(texts.filter((text) => text.includes('Loading'))).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows a ticket created through the API within 2 seconds, without a reload', async () => {
    const before = await page.getByTestId('priority-P0').textContent();
    const started = Date.now();
    const ticket = await createTicket(server, { title: 'Database inaccessible from the API', priority: 'P0' });
    await page.getByTestId('newest-tickets').getByText(ticket.number, { exact: false }).waitFor({ timeout: 2_000 });
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(2_000);
    expect(await page.getByTestId('priority-P0').textContent()).not.toBe(before);
  });

  it('reconnects after a server restart and shows what happened meanwhile', async () => {
    await server.restart();
    const ticket = await createTicket(server, { title: 'Created right after the restart' });
    await page.getByTestId('newest-tickets').getByText(ticket.number, { exact: false }).waitFor({ timeout: 20_000 });
    await page.getByTestId('connection-status').filter({ hasText: 'LIVE' }).waitFor({ timeout: 5_000 });
  });

  it('shows a ticket created while its server was down once the page reconnects, with no reload', async () => {
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    let created = '';
    await server.restart(async (config) => {
      await page.getByTestId('connection-status').filter({ hasNotText: 'LIVE' }).waitFor({ timeout: 20_000 });
      // Another instance on the same database takes the ticket while the page's server is down.
      const other = await buildApp({ config, clock: systemClock, log: pino({ level: 'silent' }) });
      const url = await other.start(0, '127.0.0.1');
      try {
        const client = httpGqlClient(url);
        const token = await login(client, ADMIN.email, ADMIN.password);
        const result = await client.gql(
          CREATE_TICKET,
          { input: { title: 'Created while the server was down', description: 'Arrived through another instance.', channel: 'WEB' } },
          token,
        );
        created = result.data!.createTicket.number;
      } finally {
        await other.stop();
      }
    });
    expect(created).toMatch(/^PM-\d+$/);
    await page.getByTestId('newest-tickets').getByText(created, { exact: false }).waitFor({ timeout: 20_000 });
    await page.getByTestId('connection-status').filter({ hasText: 'LIVE' }).waitFor({ timeout: 5_000 });
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  });

  it('starts from a fresh snapshot, with no reload, when the events it missed are no longer kept', async () => {
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    let created = '';
    await server.restart(async (config) => {
      await page.getByTestId('connection-status').filter({ hasNotText: 'LIVE' }).waitFor({ timeout: 20_000 });
      // While the page's server is down, a ticket arrives through another instance, and the retention
      // job deletes every event so far (as if the outage had outlasted OPSBOARD_EVENT_RETENTION_DAYS).
      const other = await buildApp({ config, clock: systemClock, log: pino({ level: 'silent' }) });
      const url = await other.start(0, '127.0.0.1');
      try {
        const client = httpGqlClient(url);
        const token = await login(client, ADMIN.email, ADMIN.password);
        const result = await client.gql(
          CREATE_TICKET,
          { input: { title: 'Created while the old events expired', description: 'Its events are deleted before the page is back.', channel: 'WEB' } },
          token,
        );
        created = result.data!.createTicket.number;
        await other.rt.prisma.$executeRaw`UPDATE "Event" SET "createdAt" = "createdAt" - interval '400 days'`;
        expect((await runRetention(other.rt)).deleted.Event).toBeGreaterThan(0);
      } finally {
        await other.stop();
      }
    });
    expect(created).toMatch(/^PM-\d+$/);
    await page.getByTestId('newest-tickets').getByText(created, { exact: false }).waitFor({ timeout: 20_000 });
    await page.getByTestId('connection-status').filter({ hasText: 'LIVE' }).waitFor({ timeout: 5_000 });
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    // Live again: a new ticket shows up without a reload.
    const ticket = await createTicket(server, { title: 'Created after the fresh start' });
    await page.getByTestId('newest-tickets').getByText(ticket.number, { exact: false }).waitFor({ timeout: 5_000 });
  });

  it('shows who is on call, the SLA counts and the active P0 war room from the same snapshot as the API', async () => {
    const api = await server.gql(
      graphql(`
        {
          wallboard {
            onCall {
              now {
                name
              }
            }
            sla {
              breached
            }
            activeIncidents {
              number
              title
            }
          }
        }
      `),
    );
    const board = api.data!.wallboard;
    expect(board.activeIncidents.length).toBeGreaterThan(0);
    await page.getByTestId('on-call').locator('.oncall__now').getByText(board.onCall!.now!.name).waitFor({ timeout: 5_000 });
    await expect.poll(() => page.getByTestId('sla-breached').textContent(), { timeout: 5_000 }).toContain(String(board.sla.breached));
    expect(await page.getByTestId('war-rooms').textContent()).toContain(`INC-${board.activeIncidents[0]!.number}`);
    expect(await page.getByTestId('incident-next-update').first().getAttribute('datetime')).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('fits a 1080p screen without scrollbars and has no serious accessibility violations', async () => {
    const overflow = await page.evaluate(() => ({
      x: document.documentElement.scrollWidth > window.innerWidth,
      y: document.documentElement.scrollHeight > window.innerHeight,
    }));
    expect(overflow).toEqual({ x: false, y: false });
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('broke no Content-Security-Policy rule on the way', () => {
    expect(cspViolations).toEqual([]);
  });
});
