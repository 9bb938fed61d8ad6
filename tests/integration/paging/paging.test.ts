// After hours: a page goes to whoever is on call, waits for an acknowledgement and climbs the chain
// (on call → secondary → tech leads → managers) when nobody answers. Injected clock; real SMTP and
// chat receivers; the escalation job is run the way the scheduler runs it.
import { ManualClock } from '@opsboard/server/platform/clock.ts';
import { deliverNotifications } from '@opsboard/server/notifications/jobs.ts';
import { runPageEscalation } from '@opsboard/server/paging/service.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPeople, createPerson, signIn, type TestPerson } from '../../support/factories/people.ts';
import { createRotation } from '../../support/factories/oncall.ts';
import { createTicket } from '../../support/factories/tickets.ts';
import { declareIncident } from '../../support/factories/incidents.ts';
import { crlf, postEmail } from '../../support/factories/intake.ts';
import { startHttpReceiver, startSmtpReceiver, type HttpReceiver, type SmtpReceiver } from '../../support/receivers.ts';
import { startServer, type TestServer } from '../../support/server.ts';
import { graphql } from '../../support/graphql.ts';

const MINUTE = 60_000;
/** Saturday 7 March 2026, 03:00 in New York (the default calendar's zone, EST). */
const SATURDAY_3AM = '2026-03-07T08:00:00Z';
/** Tuesday 10 March 2026, 11:00 in New York (EDT). */
const TUESDAY_11AM = '2026-03-10T15:00:00Z';

const PAGES = graphql(`
  query ($state: PageState, $mine: Boolean) {
    pages(state: $state, mine: $mine) {
      id
      state
      reason
      step
      suggested
      afterHours
      createdAt
      acknowledgedAt
      target {
        name
      }
      acknowledgedBy {
        name
      }
      ticket {
        number
      }
      incident {
        id
      }
      recipients {
        user {
          name
        }
        step
      }
    }
  }
`);
const ACKNOWLEDGE = graphql(`
  mutation ($id: ID!) {
    acknowledgePage(id: $id) {
      id
      state
      acknowledgedAt
      acknowledgedBy {
        name
      }
    }
  }
`);
const TRIAGE = graphql(`
  mutation ($id: ID!, $input: TriageInput!) {
    triageTicket(id: $id, input: $input) {
      priority
    }
  }
`);
const TICKET = graphql(`
  query ($number: String!) {
    ticket(number: $number) {
      id
      activity {
        action
        fromValue
        toValue
      }
    }
  }
`);

const clock = new ManualClock(SATURDAY_3AM);
let server: TestServer;
let smtp: SmtpReceiver;
let chat: HttpReceiver;
let ana: TestPerson, ben: TestPerson, cho: TestPerson, lee: TestPerson, max: TestPerson;

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  chat = await startHttpReceiver();
  server = await startServer({ clock, env: { SMTP_URL: smtp.url, CHAT_WEBHOOK_URL: chat.url } });
  [ana, ben, cho] = (await createPeople(server, ['Ana Lima', 'Ben Okafor', 'Cho Park'])) as [TestPerson, TestPerson, TestPerson];
  lee = await createPerson(server, 'Lee Lead', 'LEAD');
  max = await createPerson(server, 'Max Manager', 'MANAGER');
  // Week of 2 March: Ana on call, Ben next (the secondary); from Monday 9 March 09:00: Ben, then Cho.
  await createRotation(server, [ana, ben, cho]);
});
afterAll(async () => {
  await server?.stop();
  await smtp?.close();
  await chat?.close();
});

async function pagesOf(ticketNumber: string) {
  const result = await server.gql(PAGES, {});
  return (result.data?.pages ?? []).filter((p) => p.ticket?.number === ticketNumber);
}
const escalate = () => runPageEscalation(server.app.rt);
async function triage(id: string, priority: 'P0' | 'P1') {
  const result = await server.gql(TRIAGE, { id, input: { type: 'BUG', priority, ownerId: cho.id } });
  expect(result.errors).toBeUndefined();
}
const mailsTo = (person: TestPerson) => smtp.mails.filter((m) => m.to && JSON.stringify(m.to).includes(person.email));
const ackLink = (text: string | undefined) => /\/ack\/([A-Za-z0-9_-]{43})/.exec(text ?? '')?.[1];

describe('paging after hours', () => {
  let number: string;
  let pageId: string;

  it('pages the on-call engineer at 03:00 on a Saturday for an e-mailed "site is down, every page returns 500"', async () => {
    const mail = crlf(
      [
        'From: Grace Hopper <grace@example.com>',
        'To: support@opsboard.example',
        'Subject: The site is down',
        'Message-ID: <site-down-1@mail.example.com>',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'The site is down, every page returns 500.',
      ].join('\n'),
    );
    expect((await postEmail(server, mail)).status).toBeLessThan(300);
    const ticket = await server.app.rt.prisma.ticket.findFirstOrThrow({ where: { requester: { email: 'grace@example.com' } } });
    number = `PM-${ticket.number}`;

    const [page] = await pagesOf(number);
    pageId = page!.id;
    expect(page).toMatchObject({
      state: 'TRIGGERED',
      step: 'ON_CALL',
      suggested: true,
      afterHours: true,
      target: { name: 'Ana Lima' },
      acknowledgedAt: null,
      recipients: [{ user: { name: 'Ana Lima' }, step: 'ON_CALL' }],
    });
    expect(page!.reason).toContain('not triaged yet');
    expect(page!.reason).toContain('site down');

    // One run of the delivery job puts the page in Ana's mailbox, with its acknowledgement link, and in chat.
    await deliverNotifications(server.app.rt, server.app.outbound);
    const [mailToAna] = mailsTo(ana);
    expect(mailToAna?.subject).toContain(`PAGE Untriaged ${number}`);
    expect(ackLink(mailToAna?.text)).toBeDefined();
    const chatText = chat.requests.map((r) => String(JSON.parse(r.body).text)).find((t) => t.includes(number));
    expect(chatText).toMatch(/^<!channel> PAGE/);
    expect(chatText).toContain('Acknowledge as Ana Lima');
  });

  it('escalates once per step when nobody acknowledges: secondary, then the lead, then the managers', async () => {
    clock.advance(4 * MINUTE);
    expect(await escalate()).toBe(0);
    clock.advance(MINUTE);
    expect(await escalate()).toBe(1);
    expect(await escalate()).toBe(0);
    expect((await pagesOf(number))[0]).toMatchObject({ step: 'SECONDARY', target: { name: 'Ben Okafor' } });

    clock.advance(5 * MINUTE);
    expect(await escalate()).toBe(1);
    expect((await pagesOf(number))[0]).toMatchObject({ step: 'TECH_LEADS', target: { name: 'Lee Lead' } });
    clock.advance(5 * MINUTE);
    expect(await escalate()).toBe(1);
    clock.advance(60 * MINUTE);
    expect(await escalate()).toBe(0);

    const [page] = await pagesOf(number);
    expect(page).toMatchObject({ state: 'TRIGGERED', step: 'MANAGERS', target: { name: 'Max Manager' } });
    expect(page!.recipients.map((r) => [r.user.name, r.step])).toEqual([
      ['Ana Lima', 'ON_CALL'],
      ['Ben Okafor', 'SECONDARY'],
      ['Lee Lead', 'TECH_LEADS'],
      ['Max Manager', 'MANAGERS'],
    ]);
    const escalated = await server.app.rt.prisma.event.findMany({ where: { type: 'PAGE_ESCALATED', entityId: pageId }, orderBy: { id: 'asc' } });
    expect(escalated.map((e) => (e.payload as { page: { step: string } }).page.step)).toEqual(['SECONDARY', 'TECH_LEADS', 'MANAGERS']);
    const read = await server.gql(TICKET, { number });
    expect(read.errors).toBeUndefined();
    const history = read.data?.ticket?.activity.filter((a) => a.action.startsWith('page'));
    expect(history?.map((a) => [a.action, a.fromValue, a.toValue])).toEqual([
      ['paged', null, 'Ana Lima (the on-call engineer)'],
      ['page_escalated', 'ON_CALL', 'Ben Okafor (the secondary on call)'],
      ['page_escalated', 'SECONDARY', 'Lee Lead (the tech leads)'],
      ['page_escalated', 'TECH_LEADS', 'Max Manager (the managers)'],
    ]);
    await deliverNotifications(server.app.rt, server.app.outbound);
    for (const person of [ben, lee, max]) expect(mailsTo(person).map((m) => m.subject)).toEqual([`[${number}] PAGE Untriaged ${number}: The site is down`]);
  });

  it('acknowledges once through the e-mail link; a second use and a forged link are refused', async () => {
    const token = ackLink(mailsTo(max)[0]?.text)!;
    const view = await fetch(`${server.url}/ack/${token}`);
    expect(view.status).toBe(200);
    expect(await view.text()).toContain('Acknowledge: I am on it');
    expect((await pagesOf(number))[0]?.state).toBe('TRIGGERED');

    const ack = await fetch(`${server.url}/ack/${token}`, { method: 'POST' });
    expect(ack.status).toBe(200);
    expect(await ack.text()).toContain('Thank you, Max Manager');
    const [page] = await pagesOf(number);
    expect(page).toMatchObject({ state: 'ACKNOWLEDGED', acknowledgedBy: { name: 'Max Manager' }, acknowledgedAt: clock.now().toISOString() });

    const again = await fetch(`${server.url}/ack/${token}`, { method: 'POST' });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('already used');
    const anasToken = ackLink(mailsTo(ana)[0]?.text)!;
    const late = await fetch(`${server.url}/ack/${anasToken}`, { method: 'POST' });
    expect(late.status).toBe(409);
    expect(await late.text()).toContain('already acknowledged by Max Manager');
    const forged = await fetch(`${server.url}/ack/${'A'.repeat(43)}`, { method: 'POST' });
    expect(forged.status).toBe(404);
    expect(await server.app.rt.prisma.event.count({ where: { type: 'PAGE_ACKNOWLEDGED', entityId: pageId } })).toBe(1);
  });

  it('acknowledging in the app stops the escalation; someone else’s page only for a lead', async () => {
    const ticket = await createTicket(server, { title: 'Production outage', description: 'Our production site is down for everyone.' });
    const [page] = await pagesOf(ticket.number);
    expect(page).toMatchObject({ state: 'TRIGGERED', target: { name: 'Ana Lima' } });

    const chos = await server.gql(ACKNOWLEDGE, { id: page!.id }, await signIn(server, cho));
    expect(chos.errors?.[0]?.message).toContain('this page did not ask you');
    const anaToken = await signIn(server, ana);
    expect((await server.gql(PAGES, { mine: true, state: 'TRIGGERED' }, anaToken)).data?.pages.map((p) => p.id)).toContain(page!.id);
    const mine = await server.gql(ACKNOWLEDGE, { id: page!.id }, anaToken);
    expect(mine.data?.acknowledgePage).toMatchObject({ state: 'ACKNOWLEDGED', acknowledgedBy: { name: 'Ana Lima' } });
    const twice = await server.gql(ACKNOWLEDGE, { id: page!.id }, anaToken);
    expect(twice.data?.acknowledgePage).toEqual(mine.data?.acknowledgePage);

    clock.advance(30 * MINUTE);
    expect(await escalate()).toBe(0);
    expect((await pagesOf(ticket.number))[0]).toMatchObject({ state: 'ACKNOWLEDGED', step: 'ON_CALL' });
  });

  it('resolves a page with its ticket', async () => {
    const ticket = await createTicket(server, { title: 'Security issue', description: 'A security vulnerability lets anyone read other accounts.' });
    const [page] = await pagesOf(ticket.number);
    expect(page?.state).toBe('TRIGGERED');
    // Triaged on the way (a ticket leaves NEW only with type, priority and owner).
    const resolve = graphql(`
      mutation ($id: ID!, $owner: ID!) {
        updateTicket(id: $id, input: { status: RESOLVED, type: BUG, priority: P0, ownerId: $owner }) {
          status
        }
      }
    `);
    expect((await server.gql(resolve, { id: ticket.id, owner: cho.id })).data?.updateTicket?.status).toBe('RESOLVED');
    expect((await pagesOf(ticket.number))[0]?.state).toBe('RESOLVED');
  });

  it('pages a P1 triaged at 03:00 but not one triaged on Tuesday at 11:00; a P0 pages on Tuesday at 11:00', async () => {
    const night = await createTicket(server, { title: 'Export fails', description: 'The export button does nothing.' });
    expect(await pagesOf(night.number)).toEqual([]);
    await triage(night.id, 'P1');
    expect((await pagesOf(night.number))[0]).toMatchObject({ state: 'TRIGGERED', afterHours: true, suggested: false });
    expect((await pagesOf(night.number))[0]?.reason).toContain('P1 outside business hours');

    clock.set(TUESDAY_11AM);
    const day = await createTicket(server, { title: 'Import fails', description: 'The import button does nothing.' });
    await triage(day.id, 'P1');
    expect(await pagesOf(day.number)).toEqual([]);

    const critical = await createTicket(server, { title: 'Grading lost', description: 'Students report their grades vanished.' });
    await triage(critical.id, 'P0');
    // Monday 9 March 09:00 handed over to Ben.
    expect((await pagesOf(critical.number))[0]).toMatchObject({ state: 'TRIGGERED', afterHours: false, target: { name: 'Ben Okafor' } });
  });

  it('pages the on-call engineer and the incident commander when an incident is declared; its timeline says so', async () => {
    const incident = await declareIncident(server, { title: 'Checkout down', severity: 'P0', incidentCommanderId: lee.id });
    const page = (await server.gql(PAGES, {})).data?.pages.find((p) => p.incident?.id === incident.id);
    expect(page?.recipients.map((r) => r.user.name)).toEqual(['Ben Okafor', 'Lee Lead']);
    expect(page).toMatchObject({ target: { name: 'Ben Okafor' }, step: 'ON_CALL' });
    const timeline = await server.app.rt.prisma.incidentTimelineEntry.findMany({ where: { incidentId: incident.id }, orderBy: { seq: 'asc' } });
    expect(timeline.map((e) => e.body)).toContain('Paged Ben Okafor, Lee Lead (the on-call engineer).');
  });

  it('counts the on-call load per person per week, after-hours pages apart, and MTTA p50 / p90 per month', async () => {
    const load = await server.gql(
      graphql(`
        {
          pageLoad(weeks: 8) {
            weekStart
            name
            pages
            afterHoursPages
          }
          pageMtta(months: 3) {
            month
            pages
            acknowledged
            p50Seconds
            p90Seconds
          }
          onCall {
            shiftCounts(days: 30) {
              user {
                name
              }
              pages
              afterHoursPages
            }
          }
        }
      `),
    );
    expect(load.errors).toBeUndefined();
    // Saturday 7 March (week of 2 March, after hours): the site-down page climbed Ana → Ben → Lee → Max, and Ana
    // took the outage, the security issue and the P1 at night. Tuesday 10 March (business hours): Ben the P0,
    // Ben and Lee the incident.
    expect(load.data?.pageLoad).toEqual([
      { weekStart: '2026-03-09', name: 'Ben Okafor', pages: 2, afterHoursPages: 0 },
      { weekStart: '2026-03-09', name: 'Lee Lead', pages: 1, afterHoursPages: 0 },
      { weekStart: '2026-03-02', name: 'Ana Lima', pages: 4, afterHoursPages: 4 },
      { weekStart: '2026-03-02', name: 'Ben Okafor', pages: 1, afterHoursPages: 1 },
      { weekStart: '2026-03-02', name: 'Lee Lead', pages: 1, afterHoursPages: 1 },
      { weekStart: '2026-03-02', name: 'Max Manager', pages: 1, afterHoursPages: 1 },
    ]);
    // Acknowledged: the site-down page after 75 minutes (by link), the outage at once (in the app).
    expect(load.data?.pageMtta).toEqual([{ month: '2026-03', pages: 6, acknowledged: 2, p50Seconds: 2250, p90Seconds: 4050 }]);
    expect(load.data?.onCall?.shiftCounts.map((c) => [c.user.name, c.pages, c.afterHoursPages])).toEqual([
      ['Ana Lima', 4, 4],
      ['Ben Okafor', 3, 1],
      ['Cho Park', 0, 0],
    ]);
  });
});
