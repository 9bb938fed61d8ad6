// The quick-reference card in real headless Chromium: generated from the live configuration,
// printed (print media and a PDF), and changed when an SLA policy changes.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '@opsboard/server/platform/clock.ts';
import { accessibilityViolations, launchBrowser, signedInPage } from '../support/browser.ts';
import { createPeople } from '../support/factories/people.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { graphql } from '../support/graphql.ts';

let server: TestServer;
let browser: Browser;
let page: Page;

const pdfPages = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;

beforeAll(async () => {
  server = await startServer({ clock: systemClock });
  const [ana, ben] = await createPeople(server, ['Ana Lima', 'Ben Okafor']);
  const rotation = await server.gql(
    graphql(`
      mutation ($input: CreateOnCallRotationInput!) {
        createOnCallRotation(input: $input) {
          now {
            name
          }
        }
      }
    `),
    {
      input: {
        name: 'Primary',
        timeZone: 'America/New_York',
        handoffWeekday: 1,
        handoffMinute: 540,
        startsAt: new Date(Date.now() - 3_600_000).toISOString(),
        participantIds: [ana!.id, ben!.id],
        isDefault: true,
      },
    },
  );
  expect(rotation.data?.createOnCallRotation.now).toEqual({ name: 'Ana Lima' });
  browser = await launchBrowser();
  page = await signedInPage(browser, server.adminToken, `${server.url}/reference`, { width: 1280, height: 900 });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('/reference', () => {
  it('is served at GET /reference and shows the live SLA targets, channels, escalation, templates and who is on call', async () => {
    const response = await page.goto(`${server.url}/reference`);
    expect(response?.status()).toBe(200);
    const card = page.getByTestId('reference-card');
    await card.waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('first-response-P0-EMAIL').textContent()).toBe('15 minutes');
    expect(await page.getByTestId('first-response-P1-EMAIL').textContent()).toBe('2 hours');
    expect(await page.getByTestId('reference-on-call').textContent()).toContain('Ana Lima');
    const text = (await card.textContent()) ?? '';
    expect(text).toContain('GitHub issues');
    expect(text).toContain('@channel in chat + e-mail all tech leads');
    // The escalation rules come from the escalation service: the P2 list and the automatic thresholds.
    expect(text).toContain('P2: tag owner in the ticket + daily stand-up list');
    expect(await page.getByTestId('reference-automatic').textContent()).toContain('users impacted > 10 → L2 at least, once');
    expect(text).toContain('bug_report_confirmation');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('prints a changed SLA target after the policy is edited', async () => {
    const policies = await server.gql(
      graphql(`
        {
          slaPolicies {
            id
            channel
            priority
          }
        }
      `),
    );
    const policy = policies.data!.slaPolicies.find((p) => p.channel === 'EMAIL' && p.priority === 'P1')!;
    const updated = await server.gql(
      graphql(`
        mutation ($id: ID!) {
          updateSlaPolicy(id: $id, input: { firstResponseMinutes: 90 }) {
            firstResponseMinutes
          }
        }
      `),
      { id: policy.id },
    );
    expect(updated.errors).toBeUndefined();

    await page.emulateMedia({ media: 'print' });
    await page.goto(`${server.url}/reference`);
    await page.getByTestId('reference-card').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('first-response-P1-EMAIL').textContent()).toBe('1.5 hours');
    expect(await page.getByTestId('first-response-P1-GITHUB').textContent()).toBe('2 hours');
    // Print styles: black on white, no Print button.
    expect(await page.getByRole('button', { name: 'Print' }).isVisible()).toBe(false);
    const colours = await page.evaluate(() => {
      const style = getComputedStyle(document.querySelector('.reference')!);
      return { color: style.color, background: getComputedStyle(document.body).backgroundColor };
    });
    expect(colours).toEqual({ color: 'rgb(0, 0, 0)', background: 'rgb(255, 255, 255)' });

    const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdfPages(pdf)).toBe(1);
    await page.emulateMedia({ media: 'screen' });
  });

  it('asks a visitor without a token to sign in', async () => {
    const other = await browser.newPage();
    await other.goto(`${server.url}/reference`);
    // The app shell sends a visitor without a token to the sign-in page, which brings them back here.
    await other.getByRole('heading', { name: 'Sign in to opsboard' }).waitFor({ timeout: 15_000 });
    const url = new URL(other.url());
    expect(url.pathname).toBe('/login');
    expect(url.searchParams.get('next')).toBe('/reference');
    expect(await other.getByTestId('reference-card').count()).toBe(0);
    await other.close();
  });
});
