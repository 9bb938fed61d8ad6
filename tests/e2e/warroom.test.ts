// The war room in two browsers: an update posted in one appears in the other without a reload;
// status changes and the commander handover too; the post-mortem editor after resolving.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@opsboard/server/platform/clock.ts';
import { accessibilityViolations, launchBrowser, signedInPage } from '../support/browser.ts';
import { createPeople } from '../support/factories/people.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { graphql } from '../support/graphql.ts';

let server: TestServer;
let browser: Browser;
// Starts at the real time (the browser counts down against its own clock); advanced past the
// 2-hour monitoring window before resolving.
const clock = new ManualClock(new Date());
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startServer({ clock });
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.stop();
});

/** Its own browser context: separate storage and WebSocket, like a second person's laptop. */
async function open(token: string, path: string): Promise<Page> {
  const page = await signedInPage(browser, token, `${server.url}${path}`);
  contexts.push(page.context());
  return page;
}

describe('/incidents/:id', () => {
  it('shows an update posted in one browser in a second one, live', async () => {
    const [lena] = await createPeople(server, ['Lena Fischer']);
    const declared = await server.gql(
      graphql(`
        mutation {
          declareIncident(input: { title: "Checkout returns 500 errors", severity: P0 }) {
            id
            number
          }
        }
      `),
    );
    const incident = declared.data!.declareIncident;
    const commander = await open(server.adminToken, `/incidents/${incident.id}`);
    const watcher = await open(server.adminToken, `/incidents/${incident.id}`);
    await commander.getByTestId('war-room').waitFor({ timeout: 10_000 });
    await watcher.getByTestId('war-room').waitFor({ timeout: 10_000 });
    expect(await watcher.getByTestId('next-internal-update').getAttribute('datetime')).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(await watcher.getByTestId('next-internal-update').getAttribute('data-overdue')).toBe('false');
    await watcher.getByTestId('timeline-entry').first().waitFor({ timeout: 5_000 });
    await watcher.waitForTimeout(500);

    const before = await watcher.getByTestId('next-internal-update').getAttribute('datetime');
    clock.advance(60_000);
    await commander.getByLabel('Kind').selectOption('INTERNAL_UPDATE');
    await commander.getByLabel('Text').fill('Rolled back the payment service; error rate falling.');
    const started = Date.now();
    await commander.getByRole('button', { name: 'Post' }).click();
    await watcher.getByTestId('timeline-entry').filter({ hasText: 'Rolled back the payment service' }).waitFor({ timeout: 3_000 });
    expect(Date.now() - started).toBeLessThan(3_000);
    // Posting an internal update restarts the cadence countdown in every browser.
    await expect.poll(() => watcher.getByTestId('next-internal-update').getAttribute('datetime'), { timeout: 3_000 }).not.toBe(before);

    await commander.getByLabel('Hand over command to').selectOption(lena!.id);
    await commander.getByRole('button', { name: 'Hand over' }).click();
    await expect.poll(() => watcher.getByTestId('incident-commander').textContent(), { timeout: 3_000 }).toBe('Lena Fischer');

    await commander.getByRole('button', { name: 'Move to identified' }).click();
    await expect.poll(() => watcher.getByTestId('incident-status').textContent(), { timeout: 3_000 }).toBe('identified');

    // The status page names it by its public title; the internal one stays in the war room.
    expect(await watcher.getByTestId('status-page-title').textContent()).toBe('Service disruption');
    await commander.getByLabel('Public title').fill('Payment errors at checkout');
    await commander.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => watcher.getByTestId('status-page-title').textContent(), { timeout: 3_000 }).toBe('Payment errors at checkout');
    const status = await (await fetch(`${server.url}/status.json`)).text();
    expect(status).toContain('Payment errors at checkout');
    expect(status).not.toContain('Checkout returns 500 errors');
    expect(await accessibilityViolations(watcher)).toEqual([]);
  });

  it('resolves and opens the post-mortem editor prefilled from the timeline', async () => {
    const declared = await server.gql(
      graphql(`
        mutation {
          declareIncident(input: { title: "Search index stale", severity: P1 }) {
            id
          }
        }
      `),
    );
    const id = declared.data!.declareIncident.id;
    await server.gql(
      graphql(`
        mutation ($id: ID!) {
          addIncidentTimelineEntry(input: { incidentId: $id, kind: ACTION, body: "Rebuilt the search index" }) {
            id
          }
        }
      `),
      { id },
    );
    const page = await open(server.adminToken, `/incidents/${id}`);
    await page.getByTestId('war-room').waitFor({ timeout: 10_000 });
    await page.getByLabel('Monitoring after a').selectOption('FIX');
    await page.getByLabel(/^Status note/).fill('Rebuilt the index from the last good snapshot');
    await page.getByRole('button', { name: 'Move to monitoring' }).click();
    await page.getByRole('button', { name: 'Resolve' }).click();
    // Too early: the server's rule (2 hours of monitoring) is shown, nothing changes.
    await page.getByRole('alert').filter({ hasText: 'monitoring runs until' }).waitFor({ timeout: 5_000 });
    clock.advance(2 * 60 * 60_000 + 1_000);
    await page.getByRole('button', { name: 'Resolve' }).click();
    const editor = page.getByTestId('postmortem');
    await editor.waitFor({ timeout: 5_000 });
    expect(await page.getByRole('textbox', { name: 'Timeline', exact: true }).inputValue()).toContain('Rebuilt the search index');
    await page.getByLabel('Root cause').fill('A stuck indexing worker.');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText('Draft saved.').waitFor();
    const api = await server.gql(
      graphql(`
        query ($id: ID!) {
          incident(id: $id) {
            status
            postmortem {
              rootCause
              status
            }
          }
        }
      `),
      { id },
    );
    expect(api.data!.incident).toEqual({ status: 'RESOLVED', postmortem: { rootCause: 'A stuck indexing worker.', status: 'DRAFT' } });
  });
});
