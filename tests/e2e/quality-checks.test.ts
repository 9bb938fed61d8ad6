// The guide's Quality Checks on the ticket page in Chromium, on a phone (390×844): the seven checks
// under a response, ticked and saved, and the response then shown as "passed all"; six of seven is not;
// the weekly report on /reports then counts it.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '@opsboard/server/platform/clock.ts';
import { accessibilityViolations, launchBrowser, signedInPage } from '../support/browser.ts';
import { createTicket } from '../support/factories/tickets.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { graphql } from '../support/graphql.ts';

const PHONE = { width: 390, height: 844 };
let server: TestServer;
let browser: Browser;

const LABELS = [
  'Response is clear and helpful',
  'Tone is friendly and professional',
  'All questions answered',
  'Next steps provided',
  'Timeline set',
  'Follow-up scheduled',
  'User has way to contact us again',
];

beforeAll(async () => {
  server = await startServer({ clock: systemClock });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const REVIEW = graphql(`
  query ($n: String!) {
    ticket(number: $n) {
      messages {
        kind
        review {
          passed
          passedAll
        }
      }
    }
  }
`);

describe('the Quality Checks under a response', () => {
  it('are ticked and saved on a phone: six of seven first, then all seven, "passed all"', async () => {
    const ticket = await createTicket(server, { title: 'Export to CSV times out', requesterEmail: 'ana@example.com', requesterName: 'Ana Silva' });
    const sent = await server.gql(
      graphql(`
        mutation ($id: ID!, $input: RespondInput!) {
          respondToTicket(id: $id, input: $input) {
            id
          }
        }
      `),
      { id: ticket.id, input: { body: 'Hi {{requester_name}}, we found the slow query and will have a fix by Thursday.' } },
    );
    expect(sent.errors).toBeUndefined();

    const page = await signedInPage(browser, server.adminToken, `${server.url}/tickets/${ticket.number}`, PHONE, { isMobile: true, hasTouch: true });
    await page.getByTestId('ticket').waitFor({ timeout: 10_000 });
    // Only the response has checks: not the automatic acknowledgement.
    const reviews = page.getByTestId('response-review');
    expect(await reviews.count()).toBe(1);
    const review = reviews.first();
    expect(await review.getByTestId('review-status').textContent()).toBe('not reviewed');

    await review.getByText('Review this response').click();
    const boxes = review.getByRole('checkbox');
    expect(await boxes.count()).toBe(7);
    for (const [i, label] of LABELS.entries()) expect(await review.getByRole('checkbox', { name: label }).isChecked(), `${i}`).toBe(false);
    // Big enough for a thumb (the label is the target), and nothing wider than the phone.
    for (const label of LABELS) expect((await review.locator('label', { hasText: label }).boundingBox())!.height).toBeGreaterThanOrEqual(24);
    expect((await review.getByRole('button', { name: 'Save review' }).boundingBox())!.height).toBeGreaterThanOrEqual(24);

    for (const label of LABELS.filter((l) => l !== 'Timeline set')) await review.getByLabel(label).check();
    await review.getByRole('button', { name: 'Save review' }).click();
    await page.locator('[data-testid="response-review"][data-passed-all="false"]').waitFor({ timeout: 5_000 });
    expect(await review.getByTestId('review-status').textContent()).toMatch(/^6 of 7 passed · reviewed by /);

    await review.getByText('Review again').click();
    expect(await review.getByLabel('Next steps provided').isChecked()).toBe(true);
    expect(await review.getByLabel('Timeline set').isChecked()).toBe(false);
    await review.getByLabel('Timeline set').check();
    await review.getByRole('button', { name: 'Save review' }).click();
    await page.locator('[data-testid="response-review"][data-passed-all="true"]').waitFor({ timeout: 5_000 });
    expect(await review.getByTestId('review-status').textContent()).toMatch(/^passed all · reviewed by /);

    const layout = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
    expect(layout).toEqual({ scrollWidth: PHONE.width, clientWidth: PHONE.width });
    await review.getByText('Review again').click();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.close();

    const stored = (await server.gql(REVIEW, { n: ticket.number })).data!.ticket!.messages.find((m) => m.kind === 'RESPONSE')!;
    expect(stored.review).toEqual({
      passed: [
        'CLEAR_AND_HELPFUL',
        'FRIENDLY_PROFESSIONAL_TONE',
        'ALL_QUESTIONS_ANSWERED',
        'NEXT_STEPS',
        'TIMELINE_SET',
        'FOLLOW_UP_SCHEDULED',
        'WAY_TO_CONTACT_US',
      ],
      passedAll: true,
    });

    // The weekly report counts it: one response reviewed, passed all.
    const reports = await signedInPage(browser, server.adminToken, `${server.url}/reports`, PHONE, { isMobile: true, hasTouch: true });
    await reports.getByRole('button', { name: 'Weekly report' }).click();
    const table = reports.getByRole('region', { name: 'Quality checks on responses' });
    await table.getByRole('cell', { name: '100' }).waitFor({ timeout: 10_000 });
    expect(await table.locator('tbody td').allTextContents()).toEqual(['1', '1', '100']);
    await reports.close();
  });
});
