// The holidays page in Chromium on a phone: a manager uploads an .ics file, sees its holiday listed,
// and removes it again; nothing scrolls sideways.
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

const PHONE = { width: 390, height: 844 };

describe('/admin/holidays', () => {
  it('imports an uploaded .ics, lists its holiday, and removes it', async () => {
    const year = new Date().getUTCFullYear() + 1;
    const ics = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Example//Holidays//EN',
      'BEGIN:VEVENT',
      'UID:closure@example',
      'DTSTAMP:20260101T000000Z',
      `DTSTART;VALUE=DATE:${year}0315`,
      'SUMMARY:Spring closure',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:offsite@example',
      'DTSTAMP:20260101T000000Z',
      `DTSTART:${year}0316T140000Z`,
      `DTEND:${year}0316T180000Z`,
      'SUMMARY:Offsite',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n');

    const manager = await signIn(server, await createPerson(server, 'Hana Manager', 'MANAGER'));
    const page = await signedInPage(browser, manager, `${server.url}/admin/holidays`, PHONE, { isMobile: true, hasTouch: true });
    const rows = page.getByTestId('holiday-row');
    await rows.first().waitFor({ timeout: 10_000 }); // the seeded holidays ahead
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByLabel('Import an .ics file').setInputFiles({ name: 'company.ics', mimeType: 'text/calendar', buffer: Buffer.from(ics) });
    await expect
      .poll(() => page.getByTestId('holiday-status').textContent(), { timeout: 10_000 })
      .toBe('company.ics: 1 added, 0 already there, 1 timed event left out.');
    const closure = rows.filter({ hasText: `${year}-03-15` });
    await closure.waitFor({ timeout: 10_000 });
    expect(await closure.textContent()).toContain('Spring closure');
    expect(await rows.filter({ hasText: `${year}-03-16` }).count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(PHONE.width);

    await closure.getByRole('button', { name: `Remove ${year}-03-15 Spring closure` }).click();
    await closure.waitFor({ state: 'detached', timeout: 10_000 });
    expect(await page.getByTestId('holiday-status').textContent()).toBe(`Removed ${year}-03-15 Spring closure.`);
    const stored = await server.app.rt.prisma.holiday.count({ where: { date: new Date(`${year}-03-15T00:00:00Z`) } });
    expect(stored).toBe(0);
    await page.close();
  });
});
