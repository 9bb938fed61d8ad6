// /reports in Chromium: the trend charts render, a bar opens the tickets behind it, and a chart's CSV
// has the same numbers as the chart.
import { readFile } from 'node:fs/promises';
import { ManualClock } from '@opsboard/server/platform/clock.ts';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, launchBrowser, signedInPage } from '../support/browser.ts';
import { createTicket } from '../support/factories/tickets.ts';
import { startServer, type TestServer } from '../support/server.ts';

const clock = new ManualClock(new Date());
let server: TestServer;
let browser: Browser;
let page: Page;
const thisMonth: { email: string[]; web: string[] } = { email: [], web: [] };

beforeAll(async () => {
  server = await startServer({ clock });
  const now = clock.now();
  // Two months ago: one e-mail ticket. This month: two e-mail tickets and one from the web form.
  clock.set(new Date(now.getTime() - 62 * 86_400_000));
  await createTicket(server, { title: 'Old export problem' });
  clock.set(now);
  for (const title of ['Login loop on Safari', 'Password reset mail missing']) thisMonth.email.push((await createTicket(server, { title })).number);
  thisMonth.web.push((await createTicket(server, { title: 'Web form: invoice address', channel: 'WEB' })).number);
  browser = await launchBrowser();
  page = await signedInPage(browser, server.adminToken, `${server.url}/reports`, { width: 1600, height: 1000 }, { acceptDownloads: true });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const volume = () => page.locator('[data-chart="trend-volume"]');
/** The bars of one series (EMAIL, GITHUB, SOCIAL, COMMUNITY, WEB in that order) in the volume chart. */
const bars = (series: number) => volume().locator('.recharts-bar').nth(series).locator('.recharts-bar-rectangle');

describe('/reports', () => {
  it('renders the 12-month charts and the report without accessibility violations', async () => {
    await page.goto(`${server.url}/reports`);
    await expect.poll(() => page.locator('[data-chart]').count(), { timeout: 15_000 }).toBe(9);
    // Resolution to the fix and, as the guide's metrics table has it, to the close.
    expect(await page.locator('[data-chart="trend-resolution"], [data-chart="trend-resolution-to-close"]').count()).toBe(2);
    await expect.poll(() => bars(0).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await volume().locator('.recharts-xAxis .recharts-cartesian-axis-tick').count()).toBe(12);
    await page.getByRole('heading', { name: /^Monthly review:/ }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('opens the tickets behind a bar', async () => {
    // The web-form series has one bar: this month.
    await bars(4).last().click();
    const drill = page.getByTestId('drill-down');
    await drill.getByTestId('drill-count').filter({ hasText: '1 ticket' }).waitFor({ timeout: 10_000 });
    expect(await drill.getByTestId('drill-ticket').allTextContents()).toEqual([expect.stringContaining(thisMonth.web[0]!)]);
    expect(await drill.getByRole('heading').textContent()).toMatch(/^Tickets: Volume by channel · web · \d{4}-\d{2}$/);

    await bars(0).last().click();
    await drill.getByTestId('drill-count').filter({ hasText: '2 tickets' }).waitFor({ timeout: 10_000 });
    const rows = await drill.getByTestId('drill-ticket').allTextContents();
    expect(rows.map((r) => r.match(/[A-Z]+-\d+/)![0]).sort()).toEqual([...thisMonth.email].sort());
  });

  it('downloads a chart as CSV with the same numbers as the chart', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), volume().getByRole('button', { name: 'Download Volume by channel as CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^opsboard-trend-volume-\d{4}-\d{2}-to-\d{4}-\d{2}\.csv$/);
    const csv = (await readFile((await download.path())!, 'utf8'))
      .trim()
      .split('\r\n')
      .map((line) => line.split(','));
    expect(csv[0]).toEqual(['month', 'email', 'github', 'social', 'community', 'web', 'total']);

    // The chart's numbers: its data table, one row per bar group.
    const table = volume().getByTestId('trend-volume-table');
    const shown = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => (c.textContent ?? '').trim())));
    expect(csv.slice(1)).toEqual(shown);
    expect(csv.at(-1)!.slice(1)).toEqual(['2', '0', '0', '0', '1', '3']);
    expect(csv.slice(1).reduce((sum, row) => sum + Number(row[6]), 0)).toBe(4);
  });
});
