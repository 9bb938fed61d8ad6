// The admin outbox in Chromium: a dead notification is listed with its error and can be retried.
import { ManualClock } from '@opsboard/server/platform/clock.ts';
import { deliverNotifications } from '@opsboard/server/notifications/jobs.ts';
import { transact } from '@opsboard/server/platform/db.ts';
import { enqueueNotifications } from '@opsboard/server/notifications/service.ts';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, launchBrowser, signedInPage } from '../support/browser.ts';
import { startHttpReceiver, type HttpReceiver } from '../support/receivers.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let browser: Browser;
let receiver: HttpReceiver;
const clock = new ManualClock();

beforeAll(async () => {
  receiver = await startHttpReceiver();
  server = await startServer({ clock, env: { CHAT_WEBHOOK_URL: receiver.url, OPSBOARD_NOTIFY_MAX_ATTEMPTS: '1' } });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await receiver?.close();
});

describe('/admin/outbox', () => {
  it('lists a dead notification with its error and puts it back in line on "Retry now"', async () => {
    receiver.answers.push(502);
    await transact(server.app.rt, (tx) =>
      enqueueNotifications(tx, clock.now(), [
        { idempotencyKey: 'e2e-chat', channel: 'CHAT', recipient: 'default', template: 'p0_alert', subject: 'P0 declared', body: 'All hands' },
      ]),
    );
    expect(await deliverNotifications(server.app.rt, server.app.outbound)).toEqual({ delivered: 0, failed: 0, dead: 1 });

    const page = await signedInPage(browser, server.adminToken, `${server.url}/admin/outbox`, { width: 1280, height: 720 });
    const row = page.getByTestId('outbox-row').filter({ hasText: 'P0 declared' });
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 10_000 }).toBe('DEAD');
    expect(await row.textContent()).toContain(`HTTP 502 from ${new URL(receiver.url).host}`);
    expect(await accessibilityViolations(page)).toEqual([]);

    await row.getByRole('button', { name: 'Retry now' }).click();
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 10_000 }).toBe('PENDING');
    expect(await deliverNotifications(server.app.rt, server.app.outbound)).toEqual({ delivered: 1, failed: 0, dead: 0 });
    await page.close();
  });
});
