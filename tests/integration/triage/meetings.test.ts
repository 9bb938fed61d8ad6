// Triage meetings with an injected clock: agendas built at 09:30 (daily) and Fridays 14:00 (weekly)
// in the team's time zone, across the March DST change; decisions recorded on the tickets; a
// decision on a closed ticket refused with nothing written; the stand-up (P2) and weekly-review (P3)
// escalations on the agendas, marked discussed when the meeting is done; no daily triage on a holiday
// of the business calendar; once with two instances (PostgreSQL).
import { ManualClock } from '@opsboard/server/platform/clock.ts';
import { runSlaSweep } from '@opsboard/server/sla/service.ts';
import { runTriageAgendas } from '@opsboard/server/triage/meetings.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';
import { createTicket } from '../../support/factories/tickets.ts';
import { createPeople, type TestPerson } from '../../support/factories/people.ts';
import { startServer, type TestServer } from '../../support/server.ts';
import { graphql, type ResultOf, type VariablesOf } from '../../support/graphql.ts';

// America/New_York (the default OPSBOARD_TIME_ZONE) moves to daylight time on Sunday 2026-03-08.
const FRIDAY_DAILY = '2026-03-06T14:30:00Z'; // 09:30 EST
const FRIDAY_WEEKLY = '2026-03-06T19:00:00Z'; // 14:00 EST
const MONDAY_DAILY = '2026-03-09T13:30:00Z'; // 09:30 EDT
const clock = new ManualClock('2026-03-05T15:00:00Z');
let server: TestServer;
let eng: TestPerson, agent: TestPerson;

const MEETING = graphql(`
  fragment Meeting on TriageMeeting @_unmask {
    id
    kind
    title
    startsAt
    durationMinutes
    status
    summary
    doneAt
    attendees {
      name
    }
    escalations {
      id
      agenda
      discussedAt
      reason
      toLevel
      priority
      template {
        issue
      }
      ticket {
        number
        title
      }
    }
    items {
      id
      position
      suggestedPriority
      suggestedReason
      suggestedTeam
      suggestedOwner {
        id
        name
      }
      decidedPriority
      decidedOwner {
        name
      }
      decidedAt
      ticket {
        id
        number
        title
        status
        priority
        owner {
          name
        }
      }
    }
  }
`);
const MEETINGS = graphql(
  `
    query ($kind: TriageMeetingKind) {
      triageMeetings(kind: $kind) {
        ...Meeting
      }
    }
  `,
  [MEETING],
);
type Meeting = ResultOf<typeof MEETING>;
/** The meetings of a kind, newest first (the tests below always have at least one). */
const meetings = async (kind?: 'DAILY' | 'WEEKLY') => (await server.gql(MEETINGS, { kind })).data!.triageMeetings as [Meeting, ...Meeting[]];
/** TriageMeeting.summary is JSON: what the agenda counted when it was built. */
interface AgendaSummary {
  escalations: number;
  openTotal: number;
  openByAge: { label: string; count: number }[];
  trends: Record<string, number>;
  slaMisses: { total: number; byKind: Record<string, number>; tickets: { title: string; kind: string }[] };
}
const summaryOf = (meeting: Meeting) => meeting.summary as AgendaSummary;
const COMPLETE = graphql(
  `
    mutation ($id: ID!, $a: [ID!]) {
      completeTriageMeeting(id: $id, attendeeIds: $a) {
        ...Meeting
      }
    }
  `,
  [MEETING],
);
const complete = (id: string, attendeeIds?: string[]) => server.gql(COMPLETE, { id, a: attendeeIds });
const runAt = async (iso: string) => {
  clock.set(iso);
  return (await runTriageAgendas(server.app.rt)).built;
};
const DECIDE = graphql(`
  mutation ($input: TriageDecisionInput!) {
    decideTriageItem(input: $input) {
      id
      decidedPriority
      decidedOwner {
        name
      }
      ticket {
        status
        priority
        owner {
          name
        }
      }
    }
  }
`);
const decide = (input: VariablesOf<typeof DECIDE>['input']) => server.gql(DECIDE, { input });

beforeAll(async () => {
  server = await startServer({ clock });
  [eng] = (await createPeople(server, ['Eli Engineer'], 'ENGINEER')) as [TestPerson];
  [agent] = (await createPeople(server, ['Ada Agent'], 'AGENT')) as [TestPerson];
});
afterAll(async () => server?.stop());

describe('agendas at the right local times', () => {
  it('builds the daily agenda at 09:30 New York time (EST) and only once', async () => {
    await createTicket(server, { title: 'Production is down: site unreachable', type: 'BUG' });
    expect(await runAt('2026-03-06T14:29:00Z')).toEqual([]);
    expect(await runAt(FRIDAY_DAILY)).toEqual(['DAILY']);
    expect(await runAt('2026-03-06T14:31:00Z')).toEqual([]);
    expect(await runAt('2026-03-06T14:50:00Z')).toEqual([]); // the meeting is over
    const [daily] = await meetings('DAILY');
    expect(daily).toMatchObject({ kind: 'DAILY', title: 'Daily triage', startsAt: '2026-03-06T14:30:00.000Z', durationMinutes: 15, status: 'PLANNED' });
    expect(daily.items).toHaveLength(1);
    expect(daily.items[0]).toMatchObject({ suggestedPriority: 'P0', suggestedTeam: 'ENGINEERING', suggestedOwner: { id: eng.id } });
  });

  it('builds the weekly review on Friday at 14:00 with open tickets by age, trends and SLA misses', async () => {
    expect(await runAt('2026-03-06T18:59:00Z')).toEqual([]);
    // The untriaged ticket's clocks ran out on Thursday: triage (1 business hour) and the first
    // response its auto-acknowledgement promised (4 business hours).
    await runSlaSweep(server.app.rt);
    expect(await runAt(FRIDAY_WEEKLY)).toEqual(['WEEKLY']);
    const [weekly] = await meetings('WEEKLY');
    expect(weekly).toMatchObject({ kind: 'WEEKLY', title: 'Weekly review', startsAt: '2026-03-06T19:00:00.000Z', durationMinutes: 30 });
    expect(summaryOf(weekly).openTotal).toBe(1);
    expect(summaryOf(weekly).openByAge.map((b) => b.label)).toEqual(['< 1 day', '1–3 days', '3–7 days', '1–2 weeks', '> 2 weeks']);
    expect(summaryOf(weekly).openByAge[1]!.count).toBe(1); // created Thursday, a day and 4 hours before
    expect(summaryOf(weekly).trends).toMatchObject({ createdThisWeek: 1, createdLastWeek: 0 });
    expect(summaryOf(weekly).slaMisses).toMatchObject({ total: 2, byKind: { TRIAGE: 1, FIRST_RESPONSE: 1 } });
    // Both breached in the same sweep; the list has no order between them.
    expect(summaryOf(weekly).slaMisses.tickets).toEqual(
      expect.arrayContaining(['TRIAGE', 'FIRST_RESPONSE'].map((kind) => expect.objectContaining({ title: 'Production is down: site unreachable', kind }))),
    );
    expect(weekly.items.map((i) => i.ticket.title)).toEqual(['Production is down: site unreachable']);
  });

  it('builds nothing on the weekend', async () => {
    expect(await runAt('2026-03-07T14:30:00Z')).toEqual([]);
    expect(await runAt('2026-03-08T13:30:00Z')).toEqual([]);
  });

  it('after the DST change builds Monday’s daily triage at 09:30 EDT (13:30 UTC), not 14:30 UTC', async () => {
    clock.set('2026-03-07T12:00:00Z');
    await createTicket(server, { title: 'Typo on the pricing page', type: 'FEEDBACK' });
    clock.set('2026-03-08T20:00:00Z');
    await createTicket(server, { title: 'How do I export my results?', type: 'QUESTION' });
    expect(await runAt('2026-03-09T13:29:00Z')).toEqual([]);
    expect(await runAt(MONDAY_DAILY)).toEqual(['DAILY']);
    expect(await runAt('2026-03-09T14:30:00Z')).toEqual([]);
    const dailies = await meetings('DAILY');
    expect(dailies.map((m) => m.startsAt)).toEqual(['2026-03-09T13:30:00.000Z', '2026-03-06T14:30:00.000Z']);
    const monday = dailies[0];
    // New since Friday's triage, and the still-untriaged P0 from before it; untriaged first.
    expect(monday.items.map((i) => i.ticket.title)).toEqual([
      'Production is down: site unreachable',
      'Typo on the pricing page',
      'How do I export my results?',
    ]);
    expect(monday.summary).toMatchObject({ since: '2026-03-06T14:30:00.000Z', newTickets: 2, untriaged: 3 });
    expect(monday.items[1]).toMatchObject({ suggestedPriority: 'P3', suggestedTeam: 'SUPPORT' });
    expect(monday.items[2]).toMatchObject({ suggestedTeam: 'SUPPORT', suggestedOwner: { id: agent.id } });
  });
});

describe('meeting mode', () => {
  it('records a decision (priority, owner) on the ticket through triage', async () => {
    const [monday] = await meetings('DAILY');
    const item = monday.items[1]!;
    const result = await decide({ itemId: item.id, priority: 'P3', ownerId: agent.id });
    expect(result.errors).toBeUndefined();
    expect(result.data!.decideTriageItem).toMatchObject({
      decidedPriority: 'P3',
      decidedOwner: { name: 'Ada Agent' },
      ticket: { status: 'TRIAGED', priority: 'P3', owner: { name: 'Ada Agent' } },
    });
    const activity = await server.app.rt.prisma.ticketActivity.findFirst({ where: { ticketId: item.ticket.id, action: 'triaged' } });
    expect(activity).not.toBeNull();
  });

  it('refuses a decision on a closed ticket with a clear message and writes nothing', async () => {
    const [monday] = await meetings('DAILY');
    const item = monday.items[2]!;
    // Closed before anyone triaged it (its author closed it and the quiet period passed): an untriaged
    // ticket cannot be closed through the API, so the test puts it in that state directly.
    await server.app.rt.prisma.ticket.update({
      where: { id: item.ticket.id },
      data: { status: 'CLOSED', resolvedAt: clock.now(), closedAt: clock.now(), closure: 'AUTO_CLOSED' },
    });
    const counts = async () => {
      const p = server.app.rt.prisma;
      return {
        events: await p.event.count(),
        activities: await p.ticketActivity.count(),
        decided: await p.triageAgendaItem.count({ where: { decidedAt: { not: null } } }),
      };
    };
    const before = await counts();
    const result = await decide({ itemId: item.id, priority: 'P2', ownerId: agent.id });
    expect(result.data).toBeNull();
    expect(result.errors?.[0]?.message).toBe(`input.itemId: ${item.ticket.number} is CLOSED: a triage decision needs an open ticket (reopen it first)`);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await counts()).toEqual(before);
    const ticket = await server.app.rt.prisma.ticket.findUnique({ where: { id: item.ticket.id } });
    expect(ticket).toMatchObject({ status: 'CLOSED', priority: null, ownerId: null });
  });

  it('refuses an unknown owner without writing the decision', async () => {
    const [monday] = await meetings('DAILY');
    const result = await decide({ itemId: monday.items[0]!.id, priority: 'P0', ownerId: '00000000-0000-4000-8000-000000000000' });
    expect(result.errors?.[0]?.message).toBe('input.ownerId: no active user with that id');
    expect(await server.app.rt.prisma.triageAgendaItem.findUnique({ where: { id: monday.items[0]!.id } })).toMatchObject({ decidedAt: null });
  });

  it('marks the meeting done with its attendees, and closes it to further decisions', async () => {
    const [monday] = await meetings('DAILY');
    const done = await complete(monday.id, [eng.id]);
    expect(done.errors).toBeUndefined();
    expect(done.data!.completeTriageMeeting.status).toBe('DONE');
    expect(done.data!.completeTriageMeeting.attendees.map((u) => u.name)).toEqual(['Admin', 'Eli Engineer']); // named, and the one who decided and closed it
    const late = await decide({ itemId: monday.items[0]!.id, priority: 'P0', ownerId: eng.id });
    expect(late.errors?.[0]?.message).toMatch(/is done: decisions are closed/);
  });
});

const ESCALATE = graphql(`
  mutation ($id: ID!, $input: EscalateTicketInput!) {
    escalateTicket(id: $id, input: $input) {
      id
      agenda
      discussedAt
    }
  }
`);
const TEMPLATE = {
  issue: 'Export button greyed out for some users',
  impact: 'A few users, a workaround exists',
  attempted: 'Reproduced in two browsers',
  needed: 'Engineering to look at it',
  timeline: 'This week',
};
const escalateAs = async (priority: 'P2' | 'P3', title: string) => {
  const ticket = await createTicket(server, { title, type: 'BUG' });
  const r = await server.gql(ESCALATE, { id: ticket.id, input: { ...TEMPLATE, priority } });
  expect(r.errors).toBeUndefined();
  return { ticket, escalation: r.data!.escalateTicket };
};
const agendaList = async (agenda: 'DAILY_STANDUP' | 'WEEKLY_REVIEW') =>
  (
    await server.gql(
      graphql(`
        query ($a: EscalationAgenda!) {
          escalationAgenda(agenda: $a) {
            id
            discussedAt
          }
        }
      `),
      { a: agenda },
    )
  ).data!.escalationAgenda.map((e) => e.id);

describe('escalations on the agenda (the send-to rules: P2 → daily stand-up, P3 → weekly review)', () => {
  let p2: Awaited<ReturnType<typeof escalateAs>>, p3: Awaited<ReturnType<typeof escalateAs>>;

  it('lists the undiscussed P2 escalations on the daily triage, with ticket, level and reason, and not the P3 ones', async () => {
    clock.set('2026-03-09T16:00:00Z'); // Monday, after the daily triage
    p2 = await escalateAs('P2', 'Export button greyed out');
    p3 = await escalateAs('P3', 'Footer logo is blurry');
    expect(p2.escalation).toMatchObject({ agenda: 'DAILY_STANDUP', discussedAt: null });
    expect(p3.escalation).toMatchObject({ agenda: 'WEEKLY_REVIEW', discussedAt: null });
    expect(await runAt('2026-03-10T13:30:00Z')).toEqual(['DAILY']); // Tuesday 09:30 EDT
    const [tuesday] = await meetings('DAILY');
    expect(tuesday.startsAt).toBe('2026-03-10T13:30:00.000Z');
    expect(tuesday.escalations).toEqual([
      {
        id: p2.escalation.id,
        agenda: 'DAILY_STANDUP',
        discussedAt: null,
        reason: 'MANUAL',
        toLevel: 'L2',
        priority: 'P2',
        template: { issue: TEMPLATE.issue },
        ticket: { number: p2.ticket.number, title: 'Export button greyed out' },
      },
    ]);
    expect(summaryOf(tuesday).escalations).toBe(1);
  });

  it('refuses a bad completion and leaves the escalations undiscussed', async () => {
    const [tuesday] = await meetings('DAILY');
    clock.set('2026-03-10T13:40:00Z');
    const bad = await complete(tuesday.id, ['00000000-0000-4000-8000-000000000000']);
    expect(bad.errors?.[0]?.message).toBe('input.attendeeIds: every attendee must be an active user');
    expect(await server.app.rt.prisma.escalation.findUnique({ where: { id: p2.escalation.id } })).toMatchObject({ discussedAt: null });
    expect(await agendaList('DAILY_STANDUP')).toEqual([p2.escalation.id]);
  });

  it('marks the escalations it listed discussed when the meeting is done, and only those', async () => {
    const [tuesday] = await meetings('DAILY');
    clock.set('2026-03-10T13:41:00Z');
    const late = await escalateAs('P2', 'Chart legend overlaps'); // after the agenda was built
    clock.set('2026-03-10T13:44:00Z');
    const done = await complete(tuesday.id);
    expect(done.errors).toBeUndefined();
    expect(done.data!.completeTriageMeeting.escalations).toEqual([expect.objectContaining({ id: p2.escalation.id, discussedAt: '2026-03-10T13:44:00.000Z' })]);
    expect(await agendaList('DAILY_STANDUP')).toEqual([late.escalation.id]); // the late one waits for tomorrow
    expect(await agendaList('WEEKLY_REVIEW')).toEqual([p3.escalation.id]);
    const event = await server.app.rt.prisma.event.findFirst({ where: { type: 'TRIAGE_MEETING_DONE', entityId: tuesday.id } });
    expect(event?.payload).toMatchObject({ escalationsDiscussed: 1 });

    // Wednesday's triage has the late one only.
    expect(await runAt('2026-03-11T13:30:00Z')).toEqual(['DAILY']);
    const [wednesday] = await meetings('DAILY');
    expect(wednesday.escalations.map((e) => e.id)).toEqual([late.escalation.id]);
  });

  it('lists the undiscussed P3 escalations on the weekly review and marks them discussed when it is done', async () => {
    expect(await runAt('2026-03-13T18:00:00Z')).toEqual(['WEEKLY']); // Friday 14:00 EDT
    const [weekly] = await meetings('WEEKLY');
    expect(weekly.startsAt).toBe('2026-03-13T18:00:00.000Z');
    expect(weekly.escalations).toEqual([
      expect.objectContaining({
        id: p3.escalation.id,
        agenda: 'WEEKLY_REVIEW',
        priority: 'P3',
        toLevel: 'L2',
        reason: 'MANUAL',
        ticket: { number: p3.ticket.number, title: 'Footer logo is blurry' },
      }),
    ]);
    expect(summaryOf(weekly).escalations).toBe(1);
    clock.set('2026-03-13T18:25:00Z');
    const done = await complete(weekly.id);
    expect(done.errors).toBeUndefined();
    expect(done.data!.completeTriageMeeting.escalations[0]!.discussedAt).toBe('2026-03-13T18:25:00.000Z');
    expect(await agendaList('WEEKLY_REVIEW')).toEqual([]);
  });
});

describe('holidays of the business calendar', () => {
  it('builds no daily triage on a seeded holiday (Memorial Day) and builds it again the next working day', async () => {
    expect(await runAt('2026-05-25T13:30:00Z')).toEqual([]); // Monday 25 May, 09:30 EDT
    expect(await runAt('2026-05-25T13:40:00Z')).toEqual([]);
    expect(await runAt('2026-05-26T13:30:00Z')).toEqual(['DAILY']);
    // (Read from the database: the test's sign-in token is older than the session lifetime by May.)
    const starts = (await server.app.rt.prisma.triageMeeting.findMany({ where: { kind: 'DAILY', startsAt: { gte: new Date('2026-05-01T00:00:00Z') } } })).map(
      (m) => m.startsAt.toISOString(),
    );
    expect(starts).toEqual(['2026-05-26T13:30:00.000Z']);
  });

  it('follows the calendar as it is now: a holiday added to it skips that day', async () => {
    const p = server.app.rt.prisma;
    const calendar = await p.businessCalendar.findFirstOrThrow({ where: { isDefault: true } });
    await p.holiday.create({ data: { calendarId: calendar.id, date: new Date('2026-05-27T00:00:00Z'), name: 'Company offsite' } });
    expect(await runAt('2026-05-27T13:30:00Z')).toEqual([]);
    expect(await runAt('2026-05-28T13:30:00Z')).toEqual(['DAILY']);
    expect(await p.triageMeeting.count({ where: { kind: 'DAILY', startsAt: new Date('2026-05-27T13:30:00Z') } })).toBe(0);
  });

  it('keeps the weekly review on a holiday Friday', async () => {
    expect(await runAt('2026-11-27T14:30:00Z')).toEqual([]); // the day after Thanksgiving, 09:30 EST: no daily triage
    expect(await runAt('2026-11-27T19:00:00Z')).toEqual(['WEEKLY']);
  });
});

const enabled = !!process.env.OPSBOARD_TEST_POSTGRES_URL;

describe.skipIf(!enabled)('two instances (PostgreSQL)', () => {
  let db: TestDatabase;
  let a: TestServer;
  let b: TestServer;
  const shared = new ManualClock('2026-03-10T13:00:00Z');

  beforeAll(async () => {
    db = await createTestDatabase();
    a = await startServer({ db, clock: shared });
    b = await startServer({ db, clock: shared });
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await db?.drop();
  });

  it('builds each agenda once when both instances run the job together', async () => {
    await createTicket(a, { title: 'Cannot log in', type: 'ACCOUNT_ACCESS' });
    shared.set('2026-03-10T13:30:00Z'); // Tuesday 09:30 EDT
    const outcomes = await Promise.all([runTriageAgendas(a.app.rt), runTriageAgendas(b.app.rt), runTriageAgendas(a.app.rt), runTriageAgendas(b.app.rt)]);
    expect(outcomes.flatMap((o) => o.built)).toEqual(['DAILY']);
    expect(await a.app.rt.prisma.triageMeeting.count()).toBe(1);
    expect(await a.app.rt.prisma.event.count({ where: { type: 'TRIAGE_AGENDA_BUILT' } })).toBe(1);
  });
});
