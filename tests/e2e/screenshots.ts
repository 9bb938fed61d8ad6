// pnpm screenshots — starts opsboard with demo data and saves the pictures the README shows.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '@opsboard/server/app/app.ts';
import { loadConfig } from '@opsboard/server/platform/config.ts';
import { launchBrowser } from '../support/browser.ts';

const dataDir = await mkdtemp(join(tmpdir(), 'opsboard-shots-'));
const app = await buildApp({ config: loadConfig({ ...process.env, OPSBOARD_DATA_DIR: dataDir, DATABASE_URL: '', REDIS_URL: '', LOG_LEVEL: 'warn' }) });
const url = await app.start(0, '127.0.0.1');
const browser = await launchBrowser();
try {
  const token = await graphql<{ login: { token: string } }>(
    `mutation { login(email: "${app.rt.config.adminEmail}", password: "${app.rt.config.adminPassword}") { token } }`,
  );
  const display = await graphql<{ createDisplayToken: { token: string } }>(
    `
      mutation {
        createDisplayToken(name: "Screenshots") {
          token
        }
      }
    `,
    token.login.token,
  );
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.goto(`${url}/wallboard?token=${display.createDisplayToken.token}`);
  await page.getByTestId('connection-status').filter({ hasText: 'LIVE' }).waitFor({ timeout: 20_000 });
  await page.screenshot({ path: 'docs/wallboard.png' });
  console.log('wrote docs/wallboard.png');

  const reports = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await reports.addInitScript((t) => window.localStorage.setItem('opsboard.token', t), token.login.token);
  await reports.goto(`${url}/reports`);
  await reports.locator('[data-chart="trend-volume"] .recharts-bar-rectangle').first().waitFor({ timeout: 20_000 });
  await reports.getByRole('heading', { name: /^Monthly review:/ }).waitFor({ timeout: 20_000 });
  await reports.screenshot({ path: 'docs/reports.png' });
  console.log('wrote docs/reports.png');

  // The desk pages, signed in as the admin.
  const desk = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await desk.addInitScript((t) => window.localStorage.setItem('opsboard.token', t), token.login.token);
  const incidents = await graphql<{ incidents: { id: string; severity: string }[] }>(
    `
      {
        incidents(active: true) {
          id
          severity
        }
      }
    `,
    token.login.token,
  );
  const p0 = incidents.incidents.find((i) => i.severity === 'P0') ?? incidents.incidents[0];
  if (p0) {
    await desk.goto(`${url}/incidents/${p0.id}`);
    await desk.getByTestId('timeline-entry').nth(5).waitFor({ timeout: 20_000 });
    await desk.screenshot({ path: 'docs/warroom.png' });
    console.log('wrote docs/warroom.png');

    // The same war room on the on-call engineer's phone.
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await phone.addInitScript((t) => window.localStorage.setItem('opsboard.token', t), token.login.token);
    await phone.goto(`${url}/incidents/${p0.id}`);
    await phone.getByTestId('timeline-entry').nth(5).waitFor({ timeout: 20_000 });
    await phone.screenshot({ path: 'docs/warroom-phone.png' });
    console.log('wrote docs/warroom-phone.png');
  }
  await desk.goto(`${url}/queue`);
  await desk.getByTestId('queue-row').nth(5).waitFor({ timeout: 20_000 });
  await desk.getByTestId('queue-row').first().focus();
  await desk.screenshot({ path: 'docs/queue.png' });
  console.log('wrote docs/queue.png');
} finally {
  await browser.close();
  await app.stop();
  await rm(dataDir, { recursive: true, force: true });
}

async function graphql<T>(query: string, token?: string): Promise<T> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown };
  if (!body.data) throw new Error(JSON.stringify(body.errors));
  return body.data;
}
