// The queue and ticket desk in Chromium: keyboard triage and a template response end to end, a
// ticket changed elsewhere updating in place, read-only people seeing no actions, display tokens no
// tickets at all, accessibility.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '@opsboard/server/platform/clock.ts';
import { accessibilityViolations, launchBrowser, signedInPage } from '../support/browser.ts';
import { createDisplayToken, createPerson, signIn } from '../support/factories/people.ts';
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

describe('/queue and /tickets/:number', () => {
  it('triages with the keyboard and answers with a template whose unfilled placeholders are flagged', async () => {
    const older = await createTicket(server, { title: 'Export to CSV is slow', requesterEmail: 'kim@example.com', requesterName: 'Kim Lee' });
    const ticket = await createTicket(server, {
      title: 'Login page returns 500 errors for everyone',
      requesterEmail: 'ana@example.com',
      requesterName: 'Ana Silva',
    });
    const page = await signedIn(server.adminToken, '/queue?status=NEW');
    const rows = page.getByTestId('queue-row');
    await rows.filter({ hasText: ticket.number }).waitFor({ timeout: 10_000 });
    expect(page.url()).toContain('status=NEW');

    // Newest first: the first row is the new ticket; j moves down, k back up, focus visibly follows.
    await rows.first().focus();
    await page.keyboard.press('j');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-number'))).toBe(older.number);
    await page.keyboard.press('k');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-number'))).toBe(ticket.number);

    await page.keyboard.press('t');
    const panel = page.getByTestId('triage-panel');
    await panel.waitFor();
    expect(await page.getByLabel('Priority', { exact: true }).last().inputValue()).toBe('P0'); // the guide: 500 errors → P0
    await panel.getByRole('button', { name: 'Triage' }).click();
    await panel.waitFor({ state: 'detached' });

    const api = await server.gql(
      graphql(`
        query ($n: String!) {
          ticket(number: $n) {
            status
            priority
            type
            owner {
              email
            }
          }
        }
      `),
      { n: ticket.number },
    );
    expect(api.data!.ticket).toMatchObject({ status: 'TRIAGED', priority: 'P0', type: 'BUG', owner: { email: 'admin@opsboard.example' } });
    // The NEW filter is live: the triaged ticket leaves the list.
    await rows.filter({ hasText: ticket.number }).waitFor({ state: 'detached', timeout: 5_000 });

    await page.goto(`${server.url}/tickets/${ticket.number}`);
    await page.getByTestId('ticket').waitFor();
    await page.getByTestId('sla-clock').first().waitFor();
    await page.getByLabel('Template').selectOption('technical_issue_acknowledgement');
    const missing = page.getByTestId('respond-missing');
    await missing.waitFor();
    expect(await missing.textContent()).toContain('{{feature}}');
    expect(await page.getByLabel('Message to the requester').inputValue()).toContain('Hi Ana'); // filled from the ticket
    const send = page.getByRole('button', { name: 'Send response' });
    expect(await send.isDisabled()).toBe(true);

    for (const input of await page.locator('input[data-placeholder]').all()) await input.fill(`the ${await input.getAttribute('data-placeholder')} text`);
    await missing.waitFor({ state: 'detached' });
    expect(await send.isDisabled()).toBe(false);
    await send.click();

    await page.getByTestId('message').filter({ hasText: 'the feature text' }).waitFor({ timeout: 5_000 });
    await expect.poll(() => page.locator('[data-testid="sla-clock"][data-kind="FIRST_RESPONSE"]').getAttribute('data-state'), { timeout: 5_000 }).toBe('MET');
    const after = await server.gql(
      graphql(`
        query ($n: String!) {
          ticket(number: $n) {
            firstRespondedAt
            messages {
              kind
              templateKey
              body
            }
          }
        }
      `),
      { n: ticket.number },
    );
    expect(after.data!.ticket!.firstRespondedAt).not.toBeNull();
    const response = after.data!.ticket!.messages.find((m) => m.kind === 'RESPONSE');
    expect(response?.templateKey).toBe('technical_issue_acknowledgement');
    expect(response?.body).not.toMatch(/\{\{/);
    await page.close();
  });

  it('updates a ticket in place when it changes elsewhere', async () => {
    const ticket = await createTicket(server, { title: 'Dark mode colours are off' });
    const page = await signedIn(server.adminToken, `/tickets/${ticket.number}`);
    await page.getByTestId('ticket').waitFor({ timeout: 10_000 });
    await page.waitForTimeout(500); // the event subscription is open
    // Triaged and started elsewhere (a ticket leaves NEW only with type, priority and owner).
    const admin = await server.app.rt.prisma.user.findFirstOrThrow({ where: { email: 'admin@opsboard.example' } });
    const changed = await server.gql(
      graphql(`
        mutation ($id: ID!, $owner: ID!) {
          updateTicket(id: $id, input: { title: "Dark mode colours are wrong on Safari", status: IN_PROGRESS, type: BUG, priority: P3, ownerId: $owner }) {
            id
          }
        }
      `),
      { id: ticket.id, owner: admin.id },
    );
    expect(changed.errors).toBeUndefined();
    await page.getByRole('heading', { name: /Dark mode colours are wrong on Safari/ }).waitFor({ timeout: 3_000 });
    expect(await page.getByTestId('ticket-status').textContent()).toBe('in progress');
    await page.close();
  });

  it('shows a read-only person the queue and tickets without any action, and has no serious accessibility violations', async () => {
    const ticket = await createTicket(server, { title: 'Password reset e-mail never arrives' });
    const viewer = await signIn(server, await createPerson(server, 'Vic Viewer', 'VIEWER'));
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(`${server.url}/queue?token=${viewer}`);
    await page.getByTestId('queue-row').filter({ hasText: ticket.number }).waitFor({ timeout: 10_000 });
    await page.getByTestId('viewer').waitFor();
    expect(await page.getByRole('navigation', { name: 'Main' }).textContent()).not.toContain('Outbox');
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByTestId('queue-row').filter({ hasText: ticket.number }).focus();
    await page.keyboard.press('t');
    expect(await page.getByTestId('triage-panel').count()).toBe(0);
    await page.keyboard.press('Enter');
    await page.getByTestId('ticket').waitFor();
    expect(await page.getByRole('button', { name: /Triage|Send response/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /Escalate/ }).isDisabled()).toBe(true);
    await page.close();
  });

  it('shows a display token no tickets: it opens the wallboard only', async () => {
    await createTicket(server, { title: 'Invoices page is blank' });
    const display = await createDisplayToken(server, 'Desk TV');
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(`${server.url}/queue?token=${display}`);
    await page.getByRole('alert').filter({ hasText: 'Not allowed for a display token: it reads the wallboard only' }).waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('queue-row').count()).toBe(0);
    await page.close();
  });
});
