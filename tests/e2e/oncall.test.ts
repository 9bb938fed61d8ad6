// /oncall in Chromium: now and next, the 8-week calendar, an override added and removed through
// the page, and the iCal link answering with the feed.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '@opsboard/server/platform/clock.ts';
import { accessibilityViolations, launchBrowser, signedInPage } from '../support/browser.ts';
import { createPeople } from '../support/factories/people.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { graphql } from '../support/graphql.ts';

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

describe('/oncall', () => {
  it('shows now and next, eight weeks, the iCal link, and adds and removes an override', async () => {
    const [ana, ben] = await createPeople(server, ['Ana Costa', 'Ben Ortiz']);
    const weekAgo = new Date(Date.now() - 7 * 86_400_000).toISOString();
    const rotation = await server.gql(
      graphql(`
        mutation ($input: CreateOnCallRotationInput!) {
          createOnCallRotation(input: $input) {
            now {
              name
            }
            next {
              name
            }
          }
        }
      `),
      {
        input: {
          name: 'Primary',
          timeZone: 'UTC',
          handoffWeekday: 1,
          handoffMinute: 540,
          startsAt: weekAgo,
          participantIds: [ana!.id, ben!.id],
          isDefault: true,
        },
      },
    );
    expect(rotation.errors).toBeUndefined();
    const { now, next } = rotation.data!.createOnCallRotation;

    const page = await signedInPage(browser, server.adminToken, `${server.url}/oncall`);
    const summary = page.getByTestId('oncall-now');
    await summary.waitFor({ timeout: 10_000 });
    expect(await summary.textContent()).toContain(`Now: ${now!.name}`);
    expect(await summary.textContent()).toContain(`Next: ${next!.name}`);
    expect(await page.getByTestId('oncall-calendar').getByRole('row').count()).toBe(9); // header + 8 weeks

    const href = await page.getByTestId('ical-link').getAttribute('href');
    expect(href).toMatch(/\/oncall\/[A-Za-z0-9_-]+\.ics$/);
    const feed = await fetch(`${server.url}${new URL(href!).pathname}`);
    expect(feed.status).toBe(200);
    expect(await feed.text()).toContain('BEGIN:VCALENDAR');

    await page.getByLabel('Who covers').selectOption(ben!.id);
    await page.getByLabel('Reason').fill('Ana at a conference');
    await page.getByRole('button', { name: 'Add override' }).click();
    const overrides = page.getByTestId('overrides');
    await overrides.getByText('Ben Ortiz').waitFor({ timeout: 5_000 });
    expect(await accessibilityViolations(page)).toEqual([]);

    await overrides.getByRole('button', { name: 'Remove' }).click();
    await overrides.getByText('None in the next 8 weeks.').waitFor({ timeout: 5_000 });
    await page.close();
  });
});
