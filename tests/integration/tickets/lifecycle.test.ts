// The ticket lifecycle of the guide's Steps 4–6 through the API: a user's reply to a resolved ticket
// closes it (a confirmation) or reopens it (anything else), agents record a confirmation, a quiet
// period closes it, owners are reminded to update users, and the per-ticket checklist follows along.
import { ManualClock } from '@opsboard/server/platform/clock.ts';
import { ConfigError, loadConfig } from '@opsboard/server/platform/config.ts';
import { runSlaSweep } from '@opsboard/server/sla/service.ts';
import { runAutoClose } from '@opsboard/server/tickets/service.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, createTicket } from '../../support/factories/tickets.ts';
import { createPeople, type TestPerson } from '../../support/factories/people.ts';
import { startServer, type TestServer } from '../../support/server.ts';
import { graphql } from '../../support/graphql.ts';
import { postEmail } from '../../support/factories/intake.ts';

const T0 = Date.parse('2026-03-02T14:00:00Z'); // Monday 09:00 in New York
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const HOUR = 60;
const DAY = 24 * HOUR;
const clock = new ManualClock(at(0));
let server: TestServer;
let owner: TestPerson;
let mailCounter = 0;

const TRIAGE = graphql(`
  mutation ($id: ID!, $input: TriageInput!) {
    triageTicket(id: $id, input: $input) {
      status
    }
  }
`);
const RESPOND = graphql(`
  mutation ($id: ID!, $input: RespondInput!) {
    respondToTicket(id: $id, input: $input) {
      status
    }
  }
`);
const UPDATE = graphql(`
  mutation ($id: ID!, $input: UpdateTicketInput!) {
    updateTicket(id: $id, input: $input) {
      status
    }
  }
`);
const TICKET = graphql(`
  query ($id: ID!) {
    ticket(id: $id) {
      status
      reopenCount
      resolvedAt
      closedAt
      slaClocks {
        kind
        state
      }
      checklist {
        key
        label
        done
        automatic
        doneAt
        doneByName
      }
    }
  }
`);

beforeAll(async () => {
  server = await startServer({ clock, env: { OPSBOARD_AUTO_CLOSE_DAYS: '3' } });
  [owner] = (await createPeople(server, ['Olga Owner'], 'AGENT')) as [TestPerson];
});
afterAll(async () => server?.stop());

async function mail(from: string, subject: string, body: string): Promise<Response> {
  mailCounter += 1;
  const raw = [
    `From: ${from}`,
    'To: support@opsboard.example',
    `Subject: ${subject}`,
    `Message-ID: <lifecycle-${mailCounter}@mail.example.com>`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
  ].join('\r\n');
  return postEmail(server, raw);
}

/** An e-mailed ticket, triaged, answered and resolved with the resolution notification. */
async function resolvedTicket(email: string, title: string): Promise<{ id: string; number: string }> {
  const created = await mail(`Ada Lovelace <${email}>`, title, 'The export fails every time.');
  const body = (await created.json()) as { ticketNumber: string };
  if (!body.ticketNumber) throw new Error(JSON.stringify(body));
  const { ticketNumber } = body;
  const found = await server.gql(
    graphql(`
      query ($n: String!) {
        ticket(number: $n) {
          id
          number
        }
      }
    `),
    { n: ticketNumber },
  );
  if (!found.data?.ticket) throw new Error(`no ticket ${ticketNumber}: ${JSON.stringify(found.errors)}`);
  const ticket = found.data.ticket;
  expect((await server.gql(TRIAGE, { id: ticket.id, input: { type: 'BUG', priority: 'P2', ownerId: owner.id } })).errors).toBeUndefined();
  expect((await server.gql(RESPOND, { id: ticket.id, input: { body: 'Hi {{requester_name}}, we are on it.' } })).data?.respondToTicket.status).toBe(
    'IN_PROGRESS',
  );
  const resolved = await server.gql(RESPOND, {
    id: ticket.id,
    input: {
      templateKey: 'resolution_notification',
      values: { feature: 'PDF export', fix_description: 'Fixed the font loader', verify_steps: 'exporting again' },
      status: 'RESOLVED',
    },
  });
  expect(resolved.data?.respondToTicket.status).toBe('RESOLVED');
  return ticket;
}

const view = async (id: string) => (await server.gql(TICKET, { id })).data!.ticket!;
const ticked = (t: Awaited<ReturnType<typeof view>>) => t.checklist.filter((c) => c.done).map((c) => c.key);

describe("the user's reply to a resolved ticket", () => {
  it('closes the ticket when it confirms the fix (quoted text does not count)', async () => {
    clock.set(at(0));
    const ticket = await resolvedTicket('ada@example.com', 'PDF export fails');
    expect(ticked(await view(ticket.id))).toEqual([
      'auto_responder_sent',
      'ticket_logged',
      'priority_assigned',
      'owner_assigned',
      'first_response_in_time',
      'user_kept_updated',
      'resolution_notified',
    ]);
    clock.set(at(2 * HOUR));
    const reply = await mail(
      'Ada Lovelace <ada@example.com>',
      `Re: Resolved: PDF export fails [${ticket.number}]`,
      "Confirmed, it's working now. Thanks!\n\nOn Mon, 2 Mar 2026, Support wrote:\n> Please try exporting again and let me know if it is still not working.",
    );
    expect(reply.status).toBe(200);
    const t = await view(ticket.id);
    expect(t).toMatchObject({ status: 'CLOSED', reopenCount: 0, closedAt: at(2 * HOUR).toISOString() });
    expect(ticked(t)).toEqual(expect.arrayContaining(['user_confirmed', 'closed_with_documentation', 'metrics_logged']));
    expect(t.checklist.find((c) => c.key === 'user_confirmed')).toMatchObject({ done: true, automatic: true, doneAt: at(2 * HOUR).toISOString() });
    const confirmed = await server.app.rt.prisma.ticketActivity.findFirstOrThrow({ where: { ticketId: ticket.id, action: 'user_confirmed' } });
    expect(confirmed.data).toMatchObject({ via: 'reply' });
    const closedEvent = await server.app.rt.prisma.event.findFirst({ where: { entityId: ticket.id, type: 'TICKET_UPDATED' }, orderBy: { id: 'desc' } });
    expect(closedEvent?.payload).toMatchObject({ changes: { status: { from: 'RESOLVED', to: 'CLOSED' } } });
  });

  it('reopens the ticket, counting it, when the problem is back; a reply from someone else changes nothing', async () => {
    clock.set(at(0));
    const ticket = await resolvedTicket('grace@example.com', 'Results page blank');
    await mail('Someone Else <colleague@example.com>', `Re: [${ticket.number}]`, 'Still broken for me.');
    expect((await view(ticket.id)).status).toBe('RESOLVED');

    clock.set(at(3 * HOUR));
    await mail('Grace Hopper <grace@example.com>', `Re: Resolved: Results page blank [${ticket.number}]`, 'Sorry, this is happening again since this morning.');
    const t = await view(ticket.id);
    expect(t).toMatchObject({ status: 'IN_PROGRESS', reopenCount: 1, resolvedAt: null });
    expect(t.slaClocks.find((c) => c.kind === 'RESOLUTION')?.state).toBe('RUNNING');
    expect(ticked(t)).not.toContain('user_confirmed');
    const reopened = await server.app.rt.prisma.ticketActivity.findFirstOrThrow({ where: { ticketId: ticket.id, action: 'reopened' } });
    expect(reopened).toMatchObject({ fromValue: 'RESOLVED', toValue: 'IN_PROGRESS' });
  });
});

describe('closing', () => {
  const CONFIRM = graphql(`
    mutation ($id: ID!, $how: ConfirmationMethod!, $note: String) {
      confirmTicketResolution(id: $id, how: $how, note: $note) {
        status
        closure
        closeReason
      }
    }
  `);
  const CLOSING = graphql(`
    query ($id: ID!) {
      ticket(id: $id) {
        status
        closedAt
        closure
        closeReason
        confirmationAskedAt
        confirmationRemindedAt
      }
    }
  `);
  const closingOf = async (id: string) => {
    const r = await server.gql(CLOSING, { id });
    if (!r.data) throw new Error(JSON.stringify(r.errors));
    return r.data.ticket!;
  };
  /** A triaged ticket set to RESOLVED by a status change: no resolution notice asked the user anything. */
  async function resolvedByStatus(title: string): Promise<{ id: string; number: string }> {
    const ticket = await createTicket(server, { title, requesterEmail: `${title.toLowerCase().replace(/\W+/g, '.')}@example.com` });
    expect((await server.gql(TRIAGE, { id: ticket.id, input: { type: 'BUG', priority: 'P3', ownerId: owner.id } })).errors).toBeUndefined();
    expect((await server.gql(UPDATE, { id: ticket.id, input: { status: 'RESOLVED' } })).data?.updateTicket.status).toBe('RESOLVED');
    return ticket;
  }

  it('lets an agent record how the user confirmed, on a resolved ticket only', async () => {
    clock.set(at(0));
    const ticket = await createTicket(server, { priority: 'P3' });
    const before = await countRows(server);
    const early = await server.gql(CONFIRM, { id: ticket.id, how: 'PHONE', note: 'Confirmed on the phone' });
    expect(early.errors?.[0]?.message).toBe(`id: ${ticket.number} is NEW: only a RESOLVED ticket can be confirmed by its user`);
    const NO_HOW = graphql(`
      mutation ($id: ID!) {
        confirmTicketResolution(id: $id) {
          status
        }
      }
    `);
    const noHow = await server.gql(NO_HOW, { id: ticket.id });
    expect(noHow.errors?.[0]?.message).toMatch(/how.*required/);
    expect(await countRows(server)).toEqual(before);
    await server.gql(TRIAGE, { id: ticket.id, input: { type: 'QUESTION', priority: 'P3', ownerId: owner.id } });
    await server.gql(UPDATE, { id: ticket.id, input: { status: 'RESOLVED' } });
    const confirmed = await server.gql(CONFIRM, { id: ticket.id, how: 'PHONE', note: 'Confirmed on the phone' });
    expect(confirmed.data?.confirmTicketResolution).toEqual({ status: 'CLOSED', closure: 'USER_CONFIRMED', closeReason: null });
    expect(ticked(await view(ticket.id))).toContain('user_confirmed');
    const activity = await server.app.rt.prisma.ticketActivity.findFirstOrThrow({ where: { ticketId: ticket.id, action: 'user_confirmed' } });
    expect(activity.data).toEqual({ via: 'agent', how: 'PHONE', note: 'Confirmed on the phone' });
  });

  it('refuses to close without the confirmation unless a reason is given, and keeps the reason', async () => {
    clock.set(at(0));
    const ticket = await resolvedByStatus('Footer typo');
    const before = await countRows(server);
    const refused = await server.gql(UPDATE, { id: ticket.id, input: { status: 'CLOSED' } });
    expect(refused.errors?.[0]?.extensions?.fieldErrors).toEqual([
      {
        field: 'input.status',
        message: "closing needs the user's confirmation: record how they confirmed with confirmTicketResolution, or give input.closeReason to close without it",
      },
    ]);
    // A reason without closing is refused too, and an empty one is no reason.
    const stray = await server.gql(UPDATE, { id: ticket.id, input: { title: 'Footer typo (home page)', closeReason: 'Because' } });
    expect(stray.errors?.[0]?.extensions?.fieldErrors).toEqual([{ field: 'input.closeReason', message: 'only when closing (status: CLOSED)' }]);
    const blank = await server.gql(UPDATE, { id: ticket.id, input: { status: 'CLOSED', closeReason: '   ' } });
    expect(blank.errors?.[0]?.extensions?.fieldErrors).toEqual([{ field: 'input.closeReason', message: 'must not be empty' }]);
    expect(await countRows(server)).toEqual(before);
    expect((await closingOf(ticket.id)).status).toBe('RESOLVED');

    clock.set(at(HOUR));
    const closed = await server.gql(UPDATE, { id: ticket.id, input: { status: 'CLOSED', closeReason: 'User left the company; fix verified on staging' } });
    expect(closed.errors).toBeUndefined();
    expect(await closingOf(ticket.id)).toMatchObject({
      status: 'CLOSED',
      closedAt: at(HOUR).toISOString(),
      closure: 'WITHOUT_CONFIRMATION',
      closeReason: 'User left the company; fix verified on staging',
    });
    expect(ticked(await view(ticket.id))).not.toContain('user_confirmed');
    const activity = await server.app.rt.prisma.ticketActivity.findFirstOrThrow({
      where: { ticketId: ticket.id, action: 'status_changed', toValue: 'CLOSED' },
    });
    expect(activity.data).toEqual({ closure: 'WITHOUT_CONFIRMATION', closeReason: 'User left the company; fix verified on staging' });

    // Reopening clears how it was closed; the next close needs its own confirmation or reason.
    await server.gql(UPDATE, { id: ticket.id, input: { status: 'IN_PROGRESS' } });
    expect(await closingOf(ticket.id)).toMatchObject({ status: 'IN_PROGRESS', closure: null, closeReason: null, confirmationAskedAt: null });
  });

  it('refuses transitions the lifecycle does not have, with nothing written', async () => {
    const ticket = await createTicket(server);
    const before = await countRows(server);
    const closed = await server.gql(UPDATE, { id: ticket.id, input: { status: 'CLOSED', closeReason: 'Duplicate' } });
    expect(closed.errors?.[0]?.message).toBe('input.status: a NEW ticket cannot become CLOSED (allowed: TRIAGED, IN_PROGRESS, WAITING_ON_USER, RESOLVED)');
    expect(closed.errors?.[0]?.extensions?.fieldErrors).toEqual([
      { field: 'input.status', message: 'a NEW ticket cannot become CLOSED (allowed: TRIAGED, IN_PROGRESS, WAITING_ON_USER, RESOLVED)' },
    ]);
    expect(await countRows(server)).toEqual(before);
  });

  it('asks "did this fix it?", reminds once halfway through the quiet period, then closes as not confirmed', async () => {
    clock.set(at(10 * DAY));
    const ticket = await resolvedByStatus('Button misaligned');
    const mails = () =>
      server.app.rt.prisma.notification.findMany({
        where: { ticketId: ticket.id, template: { in: ['confirmation_request', 'confirmation_reminder'] } },
        orderBy: { createdAt: 'asc' },
      });
    // Resolved by a status change: nobody asked yet, so the job asks first.
    expect((await closingOf(ticket.id)).confirmationAskedAt).toBeNull();
    clock.set(at(10 * DAY + 5));
    expect(await runAutoClose(server.app.rt)).toMatchObject({ asked: 1, reminded: 0, closed: 0 });
    expect((await closingOf(ticket.id)).confirmationAskedAt).toBe(at(10 * DAY + 5).toISOString());
    const asked = await mails();
    expect(asked.map((n) => [n.template, n.recipient])).toEqual([['confirmation_request', 'button.misaligned@example.com']]);
    expect(asked[0]!.subject).toBe(`Did this fix it? [${ticket.number}]`);
    expect(asked[0]!.body).toContain('Did this fix it for you?');
    const question = await server.app.rt.prisma.ticketMessage.findFirstOrThrow({ where: { ticketId: ticket.id, kind: 'CONFIRMATION_REQUEST' } });
    expect(question.direction).toBe('OUTBOUND');

    // OPSBOARD_AUTO_CLOSE_DAYS=3: the reminder at 1.5 days after the question, not a minute before, and once.
    clock.set(at(10 * DAY + 5 + 36 * HOUR - 1));
    expect(await runAutoClose(server.app.rt)).toMatchObject({ asked: 0, reminded: 0, closed: 0 });
    clock.set(at(10 * DAY + 5 + 36 * HOUR));
    expect(await runAutoClose(server.app.rt)).toMatchObject({ asked: 0, reminded: 1, closed: 0 });
    clock.set(at(10 * DAY + 5 + 36 * HOUR + 5));
    expect(await runAutoClose(server.app.rt)).toMatchObject({ reminded: 0, closed: 0 });
    expect((await mails()).map((n) => n.template)).toEqual(['confirmation_request', 'confirmation_reminder']);
    expect((await mails())[1]!.subject).toBe(`Reminder: did this fix it? [${ticket.number}]`);

    // Closed three days after the question, not a minute before; counted as without confirmation.
    clock.set(at(13 * DAY + 5 - 1));
    expect((await runAutoClose(server.app.rt)).closed).toBe(0);
    expect((await closingOf(ticket.id)).status).toBe('RESOLVED');
    clock.set(at(13 * DAY + 5));
    expect((await runAutoClose(server.app.rt)).closed).toBe(1);
    const closed = await closingOf(ticket.id);
    expect(closed).toMatchObject({ status: 'CLOSED', closedAt: at(13 * DAY + 5).toISOString(), closure: 'AUTO_CLOSED' });
    expect(closed.closeReason).toMatch(/^No answer 3 days after the user was asked whether the fix works, and reminded once/);
    const activity = await server.app.rt.prisma.ticketActivity.findFirstOrThrow({ where: { ticketId: ticket.id, action: 'auto_closed' } });
    expect(activity.data).toMatchObject({ quietDays: 3, askedAt: at(10 * DAY + 5).toISOString(), remindedAt: at(10 * DAY + 5 + 36 * HOUR).toISOString() });
    expect((await runAutoClose(server.app.rt)).closed).toBe(0);
  });

  it('counts the quiet period from the resolution notice, which asks by itself', async () => {
    clock.set(at(15 * DAY));
    const ticket = await resolvedTicket('noor@example.com', 'Certificate download fails');
    expect((await closingOf(ticket.id)).confirmationAskedAt).toBe(at(15 * DAY).toISOString());
    expect((await runAutoClose(server.app.rt)).asked).toBe(0);
    clock.set(at(15 * DAY + 36 * HOUR));
    expect((await runAutoClose(server.app.rt)).reminded).toBeGreaterThanOrEqual(1);
    // The user answers the reminder: a confirmation closes it as confirmed, not by the quiet period.
    clock.set(at(15 * DAY + 40 * HOUR));
    await mail('Noor <noor@example.com>', `Re: Reminder: did this fix it? [${ticket.number}]`, 'Yes, it works now, thanks!');
    expect(await closingOf(ticket.id)).toMatchObject({ status: 'CLOSED', closure: 'USER_CONFIRMED', closeReason: null });
    clock.set(at(18 * DAY));
    await runAutoClose(server.app.rt);
    expect((await closingOf(ticket.id)).closure).toBe('USER_CONFIRMED');
  });

  it('refuses a bad quiet period at start, naming the variable', () => {
    expect(() => loadConfig({ OPSBOARD_AUTO_CLOSE_DAYS: '0' })).toThrow(ConfigError);
    expect(() => loadConfig({ OPSBOARD_AUTO_CLOSE_DAYS: 'soon' })).toThrow(/OPSBOARD_AUTO_CLOSE_DAYS/);
  });
});

describe('user-update reminders', () => {
  it('reminds the owner once per due period when the user has not been updated', async () => {
    clock.set(at(20 * DAY));
    const ticket = await createTicket(server, { priority: 'P2', requesterEmail: 'lin@example.com' });
    await server.gql(TRIAGE, { id: ticket.id, input: { type: 'BUG', priority: 'P2', ownerId: owner.id } });
    await server.gql(RESPOND, { id: ticket.id, input: { body: 'Looking into it.' } });
    const reminders = () =>
      server.app.rt.prisma.notification.findMany({ where: { ticketId: ticket.id, template: 'user_update_reminder' }, orderBy: { createdAt: 'asc' } });

    // P2: an update every 48 business hours; the reminder comes at 75 % (36 business hours), not
    // before, and only once. Answered on Sunday 22 March, the clock starts Monday 09:00 EDT: 36
    // business hours are Friday 27 March 13:00 EDT, 48 are Monday 30 March 17:00 EDT.
    const friday13h = 25 * DAY + 3 * HOUR;
    const monday17h = 28 * DAY + 7 * HOUR;
    clock.set(at(20 * DAY + 36 * HOUR)); // 36 calendar hours count for nothing now
    await runSlaSweep(server.app.rt);
    clock.set(at(friday13h - 1));
    await runSlaSweep(server.app.rt);
    expect(await reminders()).toHaveLength(0);
    clock.set(at(friday13h));
    await runSlaSweep(server.app.rt);
    clock.set(at(friday13h + 1));
    await runSlaSweep(server.app.rt);
    clock.set(at(monday17h)); // now overdue: still the one reminder for this period
    await runSlaSweep(server.app.rt);
    const first = await reminders();
    expect(first.map((n) => [n.channel, n.recipient, n.userId])).toEqual([['EMAIL', owner.email, owner.id]]);
    expect(first[0]!.subject).toBe(`Update the user on ${ticket.number}`);
    expect(first[0]!.body).toContain(`/tickets/${ticket.number}`);
    clock.set(at(monday17h + 1));
    expect(ticked(await view(ticket.id))).not.toContain('user_kept_updated'); // more than 48 h without an update

    // An update re-arms the clock: the next period gets its own reminder. From Tuesday 31 March
    // 10:00 EDT, 36 business hours are Monday 6 April 14:00 EDT.
    clock.set(at(29 * DAY));
    await server.gql(RESPOND, { id: ticket.id, input: { body: 'Still on it, sorry for the wait.' } });
    clock.set(at(35 * DAY + 4 * HOUR - 1));
    await runSlaSweep(server.app.rt);
    expect(await reminders()).toHaveLength(1);
    clock.set(at(35 * DAY + 4 * HOUR));
    await runSlaSweep(server.app.rt);
    expect(await reminders()).toHaveLength(2);
  });
});

describe('the checklist', () => {
  it('is ticked by hand where the system cannot know, and refuses the rest', async () => {
    clock.set(at(25 * DAY));
    const ticket = await createTicket(server, { priority: 'P2' });
    const TICK = graphql(`
      mutation ($id: ID!, $key: String!, $done: Boolean!) {
        setTicketChecklistItem(ticketId: $id, key: $key, done: $done) {
          checklist {
            key
            done
            automatic
            doneByName
          }
        }
      }
    `);
    const initial = await view(ticket.id);
    expect(initial.checklist.map((c) => [c.key, c.automatic])).toEqual([
      ['auto_responder_sent', true],
      ['ticket_logged', true],
      ['priority_assigned', true],
      ['owner_assigned', true],
      ['first_response_in_time', true],
      ['issue_investigated', false],
      ['user_kept_updated', true],
      ['solution_tested', false],
      ['resolution_notified', true],
      ['user_confirmed', true],
      ['closed_with_documentation', true],
      ['added_to_faq_kb', false],
      ['metrics_logged', true],
    ]);
    const ticks = await server.gql(TICK, { id: ticket.id, key: 'issue_investigated', done: true });
    expect(ticks.errors).toBeUndefined();
    expect(ticks.data?.setTicketChecklistItem.checklist.find((c) => c.key === 'issue_investigated')).toEqual({
      key: 'issue_investigated',
      done: true,
      automatic: false,
      doneByName: 'Admin',
    });
    const event = await server.app.rt.prisma.event.findFirstOrThrow({ where: { entityId: ticket.id, type: 'TICKET_CHECKLIST_UPDATED' } });
    expect(event.payload).toMatchObject({ item: { key: 'issue_investigated', done: true } });
    const unticked = await server.gql(TICK, { id: ticket.id, key: 'issue_investigated', done: false });
    expect(unticked.data?.setTicketChecklistItem.checklist.find((c) => c.key === 'issue_investigated')!.done).toBe(false);

    const before = await countRows(server);
    const auto = await server.gql(TICK, { id: ticket.id, key: 'user_confirmed', done: true });
    expect(auto.errors?.[0]?.message).toBe(
      'key: "User confirmed fix works" is ticked automatically; by hand: issue_investigated, solution_tested, added_to_faq_kb',
    );
    const unknown = await server.gql(TICK, { id: ticket.id, key: 'coffee', done: true });
    expect(unknown.errors?.[0]?.message).toBe('key: unknown checklist item "coffee" (ticked by hand: issue_investigated, solution_tested, added_to_faq_kb)');
    expect(await countRows(server)).toEqual(before);
  });

  it('comes with the rest of the ticket page in one query, in the list as well', async () => {
    const page = await server.gql(
      graphql(`
        {
          tickets(first: 20) {
            edges {
              node {
                number
                slaClocks {
                  kind
                  state
                }
                messages {
                  kind
                }
                escalations {
                  reason
                }
                checklist {
                  key
                  done
                }
              }
            }
          }
        }
      `),
    );
    expect(page.errors).toBeUndefined();
    const nodes = page.data!.tickets.edges.map((e) => e.node);
    expect(nodes.length).toBeGreaterThan(5);
    for (const node of nodes) {
      expect(node.checklist).toHaveLength(13);
      expect(node.checklist.find((c) => c.key === 'ticket_logged')?.done).toBe(true);
    }
  });
});
