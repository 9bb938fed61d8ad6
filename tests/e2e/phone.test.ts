// The pages the on-call engineer opens from a page at night, on a phone (390×844): nothing scrolls
// sideways, and every control is at least 44 px tall (buttons 44 px wide too). The app's navigation
// collapses behind a Menu button there and stays as it was on a desk.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '@opsboard/server/platform/clock.ts';
import { accessibilityViolations, launchBrowser, signedInPage } from '../support/browser.ts';
import { declareIncident } from '../support/factories/incidents.ts';
import { createRotation } from '../support/factories/oncall.ts';
import { createPeople } from '../support/factories/people.ts';
import { createTicket } from '../support/factories/tickets.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { graphql } from '../support/graphql.ts';

const PHONE = { width: 390, height: 844 };
/** The least height (and width, for buttons) of a tap target, in CSS pixels. */
const TAP = 44;

let server: TestServer;
let browser: Browser;
let incidentId = '';
let ticketNumber = '';
let ackPath = '';

/** A pasted URL or log line: one long word that must wrap, not widen the page. */
const LONG_WORD = 'https://grafana.example.com/d/checkout-payments/errors?orgId=1&from=now-6h&to=now&var-service=payment-gateway-eu-west-1';

/**
 * The pages, each with the test id that shows it has loaded. One more page is one more line
 * (`signedIn: false` for a page opened from a link in a message, without signing in).
 */
const PAGES: { name: string; path: () => string; ready: string; signedIn?: boolean; open?: string }[] = [
  { name: 'the war room', path: () => `/incidents/${incidentId}`, ready: 'timeline-entry' },
  { name: 'the on-call page', path: () => '/oncall', ready: 'oncall-calendar' },
  { name: 'the ticket page', path: () => `/tickets/${ticketNumber}`, ready: 'sla-clock' },
  { name: 'the ticket page (quality checks open)', path: () => `/tickets/${ticketNumber}`, ready: 'response-review', open: 'Review this response' },
  { name: 'the acknowledgement page', path: () => ackPath, ready: 'page-ack', signedIn: false },
  { name: 'the reports page (MTTA)', path: () => '/reports', ready: 'page-mtta' },
  { name: 'the holidays page', path: () => '/admin/holidays', ready: 'holiday-row' },
];

beforeAll(async () => {
  server = await startServer({ clock: systemClock });
  browser = await launchBrowser();
  const [ana, ben, chloe] = await createPeople(server, ['Ana Costa', 'Ben Ortiz', 'Chloé Marchand-Delacroix']);
  const rotation = await createRotation(server, [ana!, ben!, chloe!], { startsAt: new Date(Date.now() - 7 * 86_400_000).toISOString() });
  const override = await server.gql(
    graphql(`
      mutation ($input: CreateOnCallOverrideInput!) {
        createOnCallOverride(input: $input) {
          rotation {
            id
          }
        }
      }
    `),
    {
      input: {
        rotationId: rotation.rotation.id,
        userId: chloe!.id,
        startsAt: new Date(Date.now() + 86_400_000).toISOString(),
        endsAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
        reason: 'Ana at a conference',
      },
    },
  );
  expect(override.errors).toBeUndefined();

  const ticket = await createTicket(server, {
    title: 'Checkout fails with a payment gateway timeout for customers in the EU',
    description: `Steps: add to cart, pay by card. The dashboard: ${LONG_WORD}`,
    requesterEmail: 'ana@example.com',
    requesterName: 'Ana Silva',
  });
  ticketNumber = ticket.number;
  const answered = await server.gql(
    graphql(`
      mutation ($id: ID!, $input: RespondInput!) {
        respondToTicket(id: $id, input: $input) {
          id
        }
      }
    `),
    { id: ticket.id, input: { body: `Hi {{requester_name}}, we are on it. The gateway's status: ${LONG_WORD}` } },
  );
  expect(answered.errors).toBeUndefined();
  const incident = await declareIncident(server, { title: 'Checkout returns 500 errors for card payments', severity: 'P0' });
  incidentId = incident.id;
  // The declared incident paged the on-call engineer: the link in that e-mail.
  const pageMail = await server.app.rt.prisma.notification.findFirstOrThrow({ where: { template: 'page', incidentId, channel: 'EMAIL' } });
  ackPath = /\/ack\/[A-Za-z0-9_-]{43}/.exec(pageMail.body)![0];
  const linked = await server.gql(
    graphql(`
      mutation ($input: LinkIncidentTicketInput!) {
        linkIncidentTicket(input: $input) {
          id
        }
      }
    `),
    { input: { incidentId, ticketId: ticket.id } },
  );
  expect(linked.errors).toBeUndefined();
  const entry = await server.gql(
    graphql(`
      mutation ($input: AddIncidentTimelineEntryInput!) {
        addIncidentTimelineEntry(input: $input) {
          id
        }
      }
    `),
    { input: { incidentId, kind: 'INTERNAL_UPDATE', body: `Error rate at 40% since 02:10. ${LONG_WORD}` } },
  );
  expect(entry.errors).toBeUndefined();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function open(path: string, viewport = PHONE, signedIn = true): Promise<Page> {
  const options = { isMobile: viewport.width < 600, hasTouch: viewport.width < 600 };
  if (signedIn) return signedInPage(browser, server.adminToken, `${server.url}${path}`, viewport, options);
  const page = await browser.newPage({ viewport, ...options });
  await page.goto(`${server.url}${path}`);
  return page;
}

interface Layout {
  scrollWidth: number;
  clientWidth: number;
  /** Elements reaching past the right edge, outermost first, with their width. */
  overflowing: string[];
  /** Boxes whose content (a long word, a cell's text) is wider than they are, innermost only. */
  spilling: string[];
  /** Visible controls smaller than a fingertip, with their size. */
  small: string[];
}

/** Measures the page in the browser: what sticks out sideways and which controls are too small to tap. */
function measure(tap: number): Layout {
  const root = document.documentElement;
  const width = root.clientWidth;
  const shown = (el: Element) => {
    const r = el.getBoundingClientRect();
    return el.checkVisibility({ visibilityProperty: true }) && r.width > 0 && r.height > 0;
  };
  const name = (el: Element) => {
    const id = el.id ? `#${el.id}` : '';
    const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
    const testId = el.getAttribute('data-testid') ? `[data-testid=${el.getAttribute('data-testid')}]` : '';
    const type = el instanceof HTMLInputElement ? `[type=${el.type}]` : '';
    const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
    return `${el.tagName.toLowerCase()}${id}${cls}${testId}${type}${text ? ` "${text}"` : ''}`;
  };
  // Inside a box of its own that scrolls sideways (a wide table in a scroller): not the page's width.
  // A box that hides its overflow does not count: what it cuts off cannot be read.
  const scrolled = (el: Element) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (['auto', 'scroll'].includes(getComputedStyle(a).overflowX)) return true;
    }
    return false;
  };
  const overflowing: string[] = [];
  const past = (el: Element | null) => !!el && el !== document.body && el.getBoundingClientRect().right > width + 0.5;
  for (const el of document.body.querySelectorAll('*')) {
    if (!past(el) || !shown(el) || scrolled(el) || past(el.parentElement)) continue;
    const r = el.getBoundingClientRect();
    overflowing.push(`${name(el)}: ${Math.round(r.left)}–${Math.round(r.right)} px (${Math.round(r.width)} px wide)`);
  }
  // Content wider than its box spills over its neighbours or is cut off; a scroller, a one-line
  // ellipsis and a visually hidden label (1 px) are meant to be so.
  const spills = (el: Element) => {
    if (!shown(el) || el.matches('input, select, textarea') || el.scrollWidth <= el.clientWidth + 1) return false;
    const style = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    return (
      !['inline', 'contents'].includes(style.display) &&
      !['auto', 'scroll'].includes(style.overflowX) &&
      style.textOverflow !== 'ellipsis' &&
      r.width > 1 &&
      r.height > 1
    );
  };
  const spilling: string[] = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (spills(el) && ![...el.children].some(spills)) spilling.push(`${name(el)}: ${el.scrollWidth} px of content in ${el.clientWidth} px`);
  }
  const small: string[] = [];
  for (const el of document.querySelectorAll('button, a[role=button], input:not([type=hidden]), select, textarea')) {
    if (!shown(el)) continue;
    let r = el.getBoundingClientRect();
    // A checkbox is tapped through its label as well: the target is the larger of the two.
    if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')) {
      for (const label of el.labels ?? []) {
        const l = label.getBoundingClientRect();
        if (l.width * l.height > r.width * r.height) r = l;
      }
    }
    const button = el.matches('button, a[role=button]');
    if (r.height < tap - 0.01 || (button && r.width < tap - 0.01)) small.push(`${name(el)}: ${Math.round(r.width)}×${Math.round(r.height)} px`);
  }
  return { scrollWidth: root.scrollWidth, clientWidth: width, overflowing, spilling, small };
}

describe('on a phone (390×844)', () => {
  it.each(PAGES)('$name does not scroll sideways and its controls are big enough to tap', async ({ path, ready, signedIn = true, open: disclose }) => {
    const page = await open(path(), PHONE, signedIn);
    await page.getByTestId(ready).first().waitFor({ timeout: 10_000 });
    if (disclose) await page.getByText(disclose).first().click();
    await page.waitForLoadState('networkidle');
    const layout = await page.evaluate(measure, TAP);
    await page.close();
    expect(layout).toEqual({ scrollWidth: PHONE.width, clientWidth: PHONE.width, overflowing: [], spilling: [], small: [] });
  });

  it('opens and closes the navigation with a Menu button', async () => {
    const page = await open(`/incidents/${incidentId}`);
    await page.getByTestId('war-room').waitFor({ timeout: 10_000 });
    const menu = page.getByRole('button', { name: 'Menu' });
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    const fold = page.locator(`#${await menu.getAttribute('aria-controls')}`);
    expect(await fold.getByRole('navigation', { name: 'Main', includeHidden: true }).count()).toBe(1);
    expect(await nav.isVisible()).toBe(false);

    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    const links = nav.getByRole('link');
    expect(await links.count()).toBeGreaterThan(3);
    for (const link of await links.all()) {
      const box = (await link.boundingBox())!;
      expect(box.height, (await link.textContent()) ?? '').toBeGreaterThanOrEqual(TAP);
    }
    const layout = await page.evaluate(measure, TAP);
    expect(layout.scrollWidth).toBe(PHONE.width);
    expect(layout.small).toEqual([]);
    expect(await accessibilityViolations(page)).toEqual([]);

    await nav.getByRole('link', { name: 'On call' }).click();
    await page.getByTestId('oncall-calendar').waitFor({ timeout: 10_000 });
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await nav.isVisible()).toBe(false);

    await menu.click();
    await page.keyboard.press('Escape');
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await menu.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.close();
  });

  it('keeps the navigation in the header on a desk, without a Menu button', async () => {
    const page = await open('/oncall', { width: 1600, height: 1000 });
    await page.getByTestId('oncall-calendar').waitFor({ timeout: 10_000 });
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Incidents' }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Menu' }).count()).toBe(0);
    await page.close();
  });
});
