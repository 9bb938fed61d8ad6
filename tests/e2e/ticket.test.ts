// The ticket page in Chromium: escalating with the guide's template (the server's field errors shown
// beside their fields, the history and the level changing), ticking a manual checklist line, and the
// history read from the ticket's activity, and closing after the user's confirmation (or with a reason) on a phone.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '@opsboard/server/platform/clock.ts';
import { accessibilityViolations, cspViolations, launchBrowser, signedInPage } from '../support/browser.ts';
import { createTicket } from '../support/factories/tickets.ts';
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

function signedIn(token: string, path: string): Promise<Page> {
  return signedInPage(browser, token, `${server.url}${path}`);
}

describe('/tickets/:number', () => {
  it('escalates from the page: a field error from the server, then the escalation in the history and the level raised', async () => {
    const ticket = await createTicket(server, { title: 'Invoices page shows the wrong totals', requesterEmail: 'ana@example.com', requesterName: 'Ana Silva' });
    const page = await signedIn(server.adminToken, `/tickets/${ticket.number}`);
    await page.getByTestId('ticket').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('current-escalation-level').textContent()).toBe('L1');
    expect(await page.getByTestId('escalation').count()).toBe(0);

    await page.getByLabel('Priority', { exact: true }).fill('P1');
    await page.getByLabel('User', { exact: true }).fill('Ana Silva <ana@example.com>');
    await page.getByLabel('Impact').fill('About 40 customers see wrong totals');
    await page.getByLabel('Attempted').fill('Recomputed the totals by hand; cleared the cache');
    await page.getByLabel('Needed').fill('Someone who knows the billing rounding');
    await page.getByLabel('Timeline').fill('x'.repeat(301)); // the server allows 300 characters
    const send = page.getByRole('button', { name: 'Escalate to L2' });
    await send.click();
    const fieldError = page.getByTestId('escalate-field-error');
    await fieldError.waitFor({ timeout: 5_000 });
    expect(await page.getByLabel('Timeline').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('alert').first().textContent()).toContain('timeline');
    const none = await server.gql(
      graphql(`
        query ($n: String!) {
          ticket(number: $n) {
            escalationLevel
            escalations {
              id
            }
          }
        }
      `),
      { n: ticket.number },
    );
    expect(none.data!.ticket).toEqual({ escalationLevel: 'L1', escalations: [] });

    await page.getByLabel('Timeline').fill('Before the invoices go out on Friday');
    await send.click();
    await page.locator('[data-testid="escalation"][data-to="L2"]').waitFor({ timeout: 5_000 });
    expect(await page.getByTestId('escalation').first().textContent()).toMatch(/L1 → L2 · manual · by /);
    expect(await page.getByTestId('current-escalation-level').textContent()).toBe('L2');
    expect(await page.getByTestId('escalation-level').textContent()).toBe('escalation L2');
    await page.locator('[data-testid="history-item"][data-action="escalated"]').waitFor();
    expect(await page.locator('[data-testid="history-item"][data-action="escalated"]').textContent()).toContain('escalated L1 → L2');
    expect(await fieldError.count()).toBe(0);

    const api = await server.gql(
      graphql(`
        query ($n: String!) {
          ticket(number: $n) {
            escalationLevel
            escalations {
              fromLevel
              toLevel
              automatic
              template {
                timeline
              }
            }
          }
        }
      `),
      { n: ticket.number },
    );
    expect(api.data!.ticket).toEqual({
      escalationLevel: 'L2',
      escalations: [{ fromLevel: 'L1', toLevel: 'L2', automatic: false, template: { timeline: 'Before the invoices go out on Friday' } }],
    });
    await page.close();
  });

  it('ticks a manual checklist line; automatic ones are read-only; an escalation elsewhere shows live', async () => {
    const ticket = await createTicket(server, { title: 'Search ignores accents' });
    const page = await signedIn(server.adminToken, `/tickets/${ticket.number}`);
    await page.getByTestId('ticket-checklist').waitFor({ timeout: 10_000 });
    const automatic = page.locator('[data-testid="checklist-item"][data-key="ticket_logged"] input');
    expect(await automatic.isDisabled()).toBe(true);
    expect(await automatic.isChecked()).toBe(true);
    const manual = page.locator('[data-testid="checklist-item"][data-key="issue_investigated"]');
    expect(await manual.getAttribute('data-done')).toBe('false');
    await manual.getByRole('checkbox').click(); // the box follows the server's answer
    await expect.poll(() => manual.getAttribute('data-done'), { timeout: 5_000 }).toBe('true');
    await page.locator('[data-testid="history-item"][data-action="checklist_ticked"]').waitFor({ timeout: 5_000 });
    const api = await server.gql(
      graphql(`
        query ($n: String!) {
          ticket(number: $n) {
            checklist {
              key
              done
              doneByName
            }
          }
        }
      `),
      { n: ticket.number },
    );
    expect(api.data!.ticket!.checklist.find((c) => c.key === 'issue_investigated')).toMatchObject({ done: true });

    // Escalated through the API: the open page follows the escalations topic.
    const escalated = await server.gql(
      graphql(`
        mutation ($id: ID!) {
          escalateTicket(
            id: $id
            input: { priority: P2, issue: "Accents", impact: "Many", attempted: "Reindexed", needed: "Search expert", timeline: "This week", toLevel: L3 }
          ) {
            id
          }
        }
      `),
      { id: ticket.id },
    );
    expect(escalated.errors).toBeUndefined();
    await page.locator('[data-testid="escalation"][data-to="L3"]').waitFor({ timeout: 5_000 });
    expect(await page.getByTestId('current-escalation-level').textContent()).toBe('L3');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.close();
  });

  it('closes only after the user confirmed, recording how, or without it with a reason — on a phone', async () => {
    const TRIAGE = graphql(`
      mutation ($id: ID!, $owner: ID!) {
        triageTicket(id: $id, input: { type: BUG, priority: P3, ownerId: $owner }) {
          id
        }
      }
    `);
    const RESOLVE = graphql(`
      mutation ($id: ID!) {
        updateTicket(id: $id, input: { status: RESOLVED }) {
          status
        }
      }
    `);
    const CLOSING = graphql(`
      query ($n: String!) {
        ticket(number: $n) {
          status
          closure
          closeReason
        }
      }
    `);
    const admin = await server.app.rt.prisma.user.findFirstOrThrow({ where: { email: 'admin@opsboard.example' } });
    const resolved = async (title: string) => {
      const t = await createTicket(server, { title, requesterEmail: 'kim@example.com' });
      expect((await server.gql(TRIAGE, { id: t.id, owner: admin.id })).errors).toBeUndefined();
      expect((await server.gql(RESOLVE, { id: t.id })).data?.updateTicket.status).toBe('RESOLVED');
      return t;
    };
    const phone = { width: 390, height: 844 };

    // The user confirmed by phone: chosen from the list, then closed as confirmed.
    const confirmed = await resolved('Dark mode toggle forgets its setting');
    const page = await signedInPage(browser, server.adminToken, `${server.url}/tickets/${confirmed.number}`, phone);
    await page.getByTestId('closing').waitFor({ timeout: 10_000 });
    const userConfirmed = page.getByRole('button', { name: 'User confirmed' });
    expect(await userConfirmed.isDisabled()).toBe(true); // how they confirmed comes first
    await page.getByLabel('How they confirmed').selectOption('PHONE');
    await page.getByLabel('Note (optional)').fill('Called back, works on her laptop and phone');
    await userConfirmed.click();
    await page.locator('[data-testid="closing"][data-closure="USER_CONFIRMED"]').waitFor({ timeout: 5_000 });
    expect(await page.getByTestId('ticket-status').textContent()).toBe('closed');
    expect((await server.gql(CLOSING, { n: confirmed.number })).data?.ticket).toEqual({ status: 'CLOSED', closure: 'USER_CONFIRMED', closeReason: null });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // Without the user's confirmation: the reason is required, kept, and shown.
    const unconfirmed = await resolved('Tooltip cut off on the settings page');
    await page.goto(`${server.url}/tickets/${unconfirmed.number}`);
    await page.getByTestId('closing').waitFor({ timeout: 10_000 });
    const closeAnyway = page.getByRole('button', { name: 'Close without confirmation' });
    expect(await closeAnyway.isDisabled()).toBe(true);
    await page.getByLabel('Close without confirmation: why').fill('Fixed in the release; the user no longer has an account');
    await closeAnyway.click();
    await page.locator('[data-testid="closing"][data-closure="WITHOUT_CONFIRMATION"]').waitFor({ timeout: 5_000 });
    expect(await page.getByTestId('closing').textContent()).toContain('Reason: Fixed in the release; the user no longer has an account');
    expect((await server.gql(CLOSING, { n: unconfirmed.number })).data?.ticket).toEqual({
      status: 'CLOSED',
      closure: 'WITHOUT_CONFIRMATION',
      closeReason: 'Fixed in the release; the user no longer has an account',
    });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.close();
  });

  it('broke no Content-Security-Policy rule on the way', () => {
    expect(cspViolations).toEqual([]);
  });
});
