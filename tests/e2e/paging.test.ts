// Paging in Chromium: the paged engineer's open app shows the page (banner, browser notification)
// and acknowledges it in one tap; the wallboard shows the unacknowledged page and clears it.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '@opsboard/server/platform/clock.ts';
import { accessibilityViolations, launchBrowser, signedInPage } from '../support/browser.ts';
import { createDisplayToken, createPeople, signIn, type TestPerson } from '../support/factories/people.ts';
import { createRotation } from '../support/factories/oncall.ts';
import { createTicket } from '../support/factories/tickets.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ clock: systemClock });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('a page', () => {
  it('reaches the paged engineer in the open app and on the wallboard, and one tap acknowledges it', async () => {
    const people = await createPeople(server, ['Ana Costa', 'Ben Ortiz']);
    const rotation = await createRotation(server, people, { timeZone: 'UTC', startsAt: new Date(Date.now() - 86_400_000).toISOString() });
    const onCall = people.find((p) => p.name === rotation.now?.name) as TestPerson;

    const wallboard = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await wallboard.goto(`${server.url}/wallboard?token=${await createDisplayToken(server, 'Office TV')}`);
    await wallboard.getByTestId('connection-status').filter({ hasText: 'LIVE' }).waitFor({ timeout: 15_000 });

    // The engineer's app is open on another page; notifications were allowed. Record what the app raises.
    const app = await signedInPage(
      browser,
      await signIn(server, onCall),
      `${server.url}/oncall`,
      { width: 1280, height: 900 },
      { permissions: ['notifications'] },
    );
    await app.evaluate(() => {
      const raised: string[] = [];
      (window as unknown as { raised: string[] }).raised = raised;
      window.Notification = new Proxy(window.Notification, {
        construct(target, args: [string, NotificationOptions?]) {
          raised.push(`${args[0]}: ${args[1]?.body ?? ''}`);
          return Reflect.construct(target, args);
        },
      });
    });
    await app.getByTestId('oncall-now').waitFor({ timeout: 10_000 });
    expect(await app.getByTestId('page-alert').count()).toBe(0);

    const ticket = await createTicket(server, { title: 'Site down', description: 'The site is down, every page returns 500.' });

    const banner = app.getByTestId('page-alert');
    await banner.waitFor({ timeout: 10_000 });
    expect(await banner.textContent()).toContain(`${ticket.number} is not triaged yet`);
    await app.waitForFunction(() => (window as unknown as { raised: string[] }).raised.length > 0, undefined, { timeout: 5_000 });
    expect(await app.evaluate(() => (window as unknown as { raised: string[] }).raised)).toEqual([
      expect.stringMatching(/^You are paged: PM-\d+ is not triaged yet/),
    ]);
    expect(await accessibilityViolations(app)).toEqual([]);

    const waiting = wallboard.getByTestId('unacknowledged-page');
    await waiting.waitFor({ timeout: 10_000 });
    expect(await waiting.textContent()).toContain(`Paging ${onCall.name}`);
    expect(await waiting.textContent()).toContain(ticket.number);

    await banner.getByRole('button', { name: 'Acknowledge' }).click();
    await banner.waitFor({ state: 'detached', timeout: 10_000 });
    await waiting.waitFor({ state: 'detached', timeout: 10_000 });
    const stored = await server.app.rt.prisma.page.findFirstOrThrow({ where: { ticketId: ticket.id } });
    expect(stored).toMatchObject({ state: 'ACKNOWLEDGED', acknowledgedById: onCall.id });

    // The on-call load and MTTA count it.
    await app.reload();
    const load = app.getByTestId('page-load');
    await load.getByRole('row', { name: new RegExp(onCall.name) }).waitFor({ timeout: 10_000 });
    expect(await load.getByRole('row', { name: new RegExp(onCall.name) }).textContent()).toMatch(new RegExp(`${onCall.name}1[01]$`));
    await app.goto(`${server.url}/reports`);
    // The month in the team's time zone (the default, America/New_York), as the server counts it.
    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York', year: 'numeric', month: '2-digit' }).format(new Date());
    const mtta = app.getByTestId('page-mtta').getByRole('row', { name: new RegExp(month) });
    await mtta.waitFor({ timeout: 10_000 });
    expect(await mtta.textContent()).toMatch(new RegExp(`^${month}11`));
    await app.close();
    await wallboard.close();
  });
});
