// The team pages in real headless Chromium: triage meeting mode records a decision on a ticket and
// marks the meeting done, showing the stand-up escalations it then marks discussed; onboarding and the process review render without serious accessibility
// violations.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '@opsboard/server/platform/clock.ts';
import { transact } from '@opsboard/server/platform/db.ts';
import { buildAgenda } from '@opsboard/server/triage/meetings.ts';
import { accessibilityViolations, launchBrowser, signedInPage } from '../support/browser.ts';
import { createTicket } from '../support/factories/tickets.ts';
import { createPeople } from '../support/factories/people.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { graphql } from '../support/graphql.ts';

let server: TestServer;
let browser: Browser;
let page: Page;
let meetingId: string;
let escalated: { number: string; escalationId: string };

beforeAll(async () => {
  server = await startServer({ clock: systemClock });
  const [agent] = await createPeople(server, ['Ada Agent'], 'AGENT');
  await server.gql(
    graphql(`
      mutation ($i: StartOnboardingInput!) {
        startOnboarding(input: $i) {
          id
        }
      }
    `),
    { i: { userId: agent!.id } },
  );
  await createTicket(server, { title: 'How do I export my results?', type: 'QUESTION' });
  const typo = await createTicket(server, { title: 'Typo on the pricing page', type: 'FEEDBACK' });
  const escalation = await server.gql(
    graphql(`
      mutation ($id: ID!, $input: EscalateTicketInput!) {
        escalateTicket(id: $id, input: $input) {
          id
          agenda
        }
      }
    `),
    {
      id: typo.id,
      input: {
        priority: 'P2',
        issue: 'Pricing shows the wrong currency symbol',
        impact: 'Visitors from the EU',
        attempted: 'Checked the locale',
        needed: 'A fix in the pricing page',
        timeline: 'This week',
      },
    },
  );
  expect(escalation.data?.escalateTicket.agenda).toBe('DAILY_STANDUP');
  escalated = { number: typo.number, escalationId: escalation.data!.escalateTicket.id };
  const meeting = await transact(server.app.rt, (tx, emit) => buildAgenda(tx, emit, server.app.rt, 'DAILY', new Date()));
  meetingId = meeting.id;
  browser = await launchBrowser();
  page = await signedInPage(browser, server.adminToken, `${server.url}/triage`, { width: 1280, height: 900 });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('triage meeting mode', () => {
  it('walks the agenda, records a decision on the ticket and marks the meeting done', async () => {
    await page.goto(`${server.url}/triage`);
    await page.getByRole('link', { name: 'Daily triage' }).click();
    await page.getByTestId('agenda-item').waitFor({ timeout: 15_000 });
    expect(await page.getByRole('heading', { name: 'Item 1 of 2' }).count()).toBe(1);
    const title = await page.getByTestId('agenda-item').getByRole('heading').textContent();
    await page.getByLabel('Priority').selectOption('P3');
    await page.getByLabel('Owner').selectOption({ label: 'Ada Agent' });
    await page.getByRole('button', { name: 'Record decision' }).click();
    await page.getByRole('heading', { name: 'Item 2 of 2' }).waitFor({ timeout: 5_000 });
    await page.getByText('1 of 2 decided', { exact: false }).first().waitFor({ timeout: 5_000 });

    const number = title!.split(' ')[0]!;
    const ticket = await server.gql(
      graphql(`
        query ($n: String!) {
          ticket(number: $n) {
            status
            priority
            owner {
              name
            }
          }
        }
      `),
      { n: number },
    );
    expect(ticket.data?.ticket ?? null).toMatchObject({ status: 'TRIAGED', priority: 'P3', owner: { name: 'Ada Agent' } });

    const escalations = page.getByTestId('meeting-escalations');
    expect(await escalations.getByRole('heading').textContent()).toBe('Escalations to discuss (1)');
    const line = (await escalations.getByRole('listitem').textContent()) ?? '';
    expect(line).toContain(escalated.number);
    expect(line).toContain('P2 · L1 → L2 · manual');
    expect(line).toContain('Pricing shows the wrong currency symbol');

    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Mark meeting done' }).click();
    await page.getByText('Attended: Admin').waitFor({ timeout: 5_000 });
    await escalations.getByText('✓ discussed').waitFor({ timeout: 5_000 });
    const done = await server.gql(
      graphql(`
        query ($id: ID!) {
          triageMeeting(id: $id) {
            status
            escalations {
              id
              discussedAt
            }
          }
          escalationAgenda(agenda: DAILY_STANDUP) {
            id
          }
        }
      `),
      { id: meetingId },
    );
    expect(done.data?.triageMeeting?.status).toBe('DONE');
    expect(done.data?.triageMeeting?.escalations).toEqual([{ id: escalated.escalationId, discussedAt: expect.any(String) }]);
    expect(done.data?.escalationAgenda).toEqual([]);
  });
});

describe('onboarding and process review pages', () => {
  it('shows everyone’s onboarding progress to a lead', async () => {
    await page.goto(`${server.url}/onboarding`);
    await page.getByTestId('onboarding-row').first().waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('onboarding-row').first().textContent()).toContain('Ada Agent');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('adds an answer to the monthly review', async () => {
    await page.goto(`${server.url}/improvement`);
    await page.getByLabel('Add an answer').first().fill('The daily triage keeps the queue short.');
    await page.getByRole('button', { name: 'Add', exact: true }).first().click();
    await page.getByText('The daily triage keeps the queue short.').waitFor({ timeout: 5_000 });
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});

describe('service health on the wallboard', () => {
  it('shows each health check as a compact chip and still fits 1080p', async () => {
    const created = await server.gql(
      graphql(`
        mutation ($url: String!) {
          createHealthCheck(input: { name: "API", url: $url, intervalSeconds: 30, failuresBeforeIncident: 3 }) {
            status
          }
        }
      `),
      { url: `${server.url}/healthz` },
    );
    expect(created.data?.createHealthCheck.status).toBe('UP');
    const tv = await signedInPage(browser, server.adminToken, `${server.url}/wallboard`, { width: 1920, height: 1080 });
    const chip = tv.getByTestId('health-check');
    await chip.waitFor({ timeout: 15_000 });
    expect(await chip.textContent()).toBe('API up 100 %');
    const overflow = await tv.evaluate(() => ({
      x: document.documentElement.scrollWidth > window.innerWidth,
      y: document.documentElement.scrollHeight > window.innerHeight,
    }));
    expect(overflow).toEqual({ x: false, y: false });
    expect(await accessibilityViolations(tv)).toEqual([]);
    await tv.close();
  });
});
