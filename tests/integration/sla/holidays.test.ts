// Holidays of a business calendar through the public API with an injected clock: importing an .ics,
// adding and removing one, and the running business-hours clocks of open tickets moving with them
// (exact times, across the start of US daylight saving time on Sunday 8 March 2026).
import { ManualClock } from '@opsboard/server/platform/clock.ts';
import { runSlaSweep } from '@opsboard/server/sla/service.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPerson, signIn } from '../../support/factories/people.ts';
import { createTicket } from '../../support/factories/tickets.ts';
import { graphql, type ResultOf } from '../../support/graphql.ts';
import { startServer, type TestServer } from '../../support/server.ts';

// Thursday 5 March 2026, 09:00 in New York (EST, UTC−5).
const THURSDAY_9AM = '2026-03-05T14:00:00Z';
// Friday 6 March 2026, 15:30 EST; the clocks change on Sunday, Monday 9 March is EDT (UTC−4).
const FRIDAY_1530 = '2026-03-06T20:30:00Z';
const FRIDAY_1600 = '2026-03-06T21:00:00Z';
const clock = new ManualClock(THURSDAY_9AM);
let server: TestServer;
let calendarId: string;

const CALENDARS = graphql(`
  query HolidayCalendars {
    businessCalendars {
      id
      name
      timeZone
      isDefault
      holidays {
        id
        date
        name
      }
    }
  }
`);
const ADD = graphql(`
  mutation AddHolidayTest($calendarId: ID!, $date: String!, $name: String!) {
    addHoliday(calendarId: $calendarId, date: $date, name: $name) {
      added
      retargetedClocks
      calendar {
        holidays {
          date
          name
        }
      }
    }
  }
`);
const REMOVE = graphql(`
  mutation RemoveHolidayTest($id: ID!) {
    removeHoliday(id: $id) {
      removed
      retargetedClocks
    }
  }
`);
const IMPORT = graphql(`
  mutation ImportHolidaysTest($calendarId: ID!, $ics: String!) {
    importHolidays(calendarId: $calendarId, ics: $ics) {
      added
      skipped
      timedEventsIgnored
      retargetedClocks
      calendar {
        id
      }
    }
  }
`);
const CLOCKS = graphql(`
  query HolidayClocks($id: ID!) {
    ticket(id: $id) {
      slaClocks {
        kind
        state
        dueAt
        atRiskAt
        breachedAt
      }
    }
  }
`);
const UPDATE_POLICY = graphql(`
  mutation HolidayPolicy($id: ID!, $input: UpdateSlaPolicyInput!) {
    updateSlaPolicy(id: $id, input: $input) {
      id
    }
  }
`);
const POLICIES = graphql(`
  query HolidayPolicies {
    slaPolicies {
      id
      channel
      priority
    }
  }
`);

type Clocks = Record<string, NonNullable<ResultOf<typeof CLOCKS>['ticket']>['slaClocks'][number]>;

async function clocksOf(id: string): Promise<Clocks> {
  const result = await server.gql(CLOCKS, { id });
  expect(result.errors).toBeUndefined();
  return Object.fromEntries(result.data!.ticket!.slaClocks.map((c) => [c.kind, c]));
}

async function holidays(): Promise<{ id: string; date: string; name: string }[]> {
  const result = await server.gql(CALENDARS);
  expect(result.errors).toBeUndefined();
  return result.data!.businessCalendars.find((c) => c.id === calendarId)!.holidays;
}

const ics = (...events: string[]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Example//Holidays//EN', ...events, 'END:VCALENDAR', ''].join('\r\n');
const allDay = (uid: string, start: string, summary: string, extra: string[] = []) =>
  ['BEGIN:VEVENT', `UID:${uid}`, `DTSTAMP:20260101T000000Z`, `DTSTART;VALUE=DATE:${start}`, ...extra, `SUMMARY:${summary}`, 'END:VEVENT'].join('\r\n');

const HOLIDAYS_ICS = ics(
  allDay('closure@example', '20260309', 'Spring closure'),
  // Yearly since 2020: laid out for the two years ahead (2026-12-24; 2027-12-24 is already seeded).
  allDay('eve@example', '20201224', 'Christmas Eve', ['RRULE:FREQ=YEARLY']),
  allDay('xmas@example', '20261225', 'Christmas'), // seeded: skipped
  allDay('easter@example', '20260402', 'Easter break', ['DTEND;VALUE=DATE:20260404']), // two days
  [
    'BEGIN:VEVENT',
    'UID:offsite@example',
    'DTSTAMP:20260101T000000Z',
    'DTSTART;TZID=America/New_York:20260312T130000',
    'DTEND;TZID=America/New_York:20260312T170000',
    'SUMMARY:Offsite',
    'END:VEVENT',
  ].join('\r\n'),
);

let untriaged: string; // EMAIL, no priority: FIRST_RESPONSE 240 business minutes
let p3: string; // EMAIL P3 with resolution edited to 1920 business minutes
let p0: string; // calendar time: never moves
let breached: string; // its FIRST_RESPONSE breached on Thursday

beforeAll(async () => {
  server = await startServer({ clock });
  calendarId = (await server.gql(CALENDARS)).data!.businessCalendars.find((c) => c.isDefault)!.id;
  const policies = (await server.gql(POLICIES)).data!.slaPolicies;
  const emailP3 = policies.find((p) => p.channel === 'EMAIL' && p.priority === 'P3')!;
  expect((await server.gql(UPDATE_POLICY, { id: emailP3.id, input: { resolutionMinutes: 1920, resolutionBasis: 'BUSINESS' } })).errors).toBeUndefined();

  breached = (await createTicket(server, { channel: 'EMAIL' })).id; // due Thursday 13:00 EST
  clock.set(FRIDAY_1530);
  await runSlaSweep(server.app.rt);
  untriaged = (await createTicket(server, { channel: 'EMAIL' })).id;
  p3 = (await createTicket(server, { channel: 'EMAIL', priority: 'P3' })).id;
  p0 = (await createTicket(server, { channel: 'EMAIL', priority: 'P0' })).id;
  clock.set(FRIDAY_1600);
});
afterAll(async () => server?.stop());

// Due times from Friday 15:30 EST with Monday 9 March a working day, and with it a holiday.
const BEFORE = {
  // 240 min: Friday 90, Monday 150 → Monday 11:30 EDT; at risk (180) Monday 10:30 EDT.
  untriagedFirstResponse: { dueAt: '2026-03-09T15:30:00.000Z', atRiskAt: '2026-03-09T14:30:00.000Z' },
  // 480 min (P3 "<24 hours": one business day): Friday 90, Monday 390 → Monday 15:30 EDT.
  p3FirstResponse: '2026-03-09T19:30:00.000Z',
  // 1920 min: Friday 90, Monday to Wednesday 1440, Thursday 390 → Thursday 15:30 EDT.
  p3Resolution: '2026-03-12T19:30:00.000Z',
};
const AFTER = {
  // At Friday 16:00, 30 minutes used: 210 left → Friday 60, Tuesday 150; at risk: 150 left → Tuesday 10:30 EDT.
  untriagedFirstResponse: { dueAt: '2026-03-10T15:30:00.000Z', atRiskAt: '2026-03-10T14:30:00.000Z' },
  p3FirstResponse: '2026-03-10T19:30:00.000Z',
  p3Resolution: '2026-03-13T19:30:00.000Z',
};

describe('importing an .ics of holidays', () => {
  it('starts from the times a working Monday gives', async () => {
    expect((await clocksOf(untriaged)).FIRST_RESPONSE).toMatchObject({ state: 'RUNNING', ...BEFORE.untriagedFirstResponse });
    const c = await clocksOf(p3);
    expect(c.FIRST_RESPONSE!.dueAt).toBe(BEFORE.p3FirstResponse);
    expect(c.RESOLUTION!.dueAt).toBe(BEFORE.p3Resolution);
    expect((await clocksOf(breached)).FIRST_RESPONSE).toMatchObject({ state: 'BREACHED', dueAt: '2026-03-05T18:00:00.000Z' });
  });

  it('adds the all-day events, each day of a multi-day one and a yearly one for two years, skips known dates, and moves the running clocks past the holiday', async () => {
    const p0Before = await clocksOf(p0);
    const untriagedTriage = (await clocksOf(untriaged)).TRIAGE;
    const firstEvent = (await server.app.rt.prisma.event.findFirstOrThrow({ orderBy: { id: 'desc' } })).id;

    const result = await server.gql(IMPORT, { calendarId, ics: HOLIDAYS_ICS });
    expect(result.errors).toBeUndefined();
    // 2026-03-09, 2026-04-02, 2026-04-03, 2026-12-24 added; 2026-12-25 and 2027-12-24 already there.
    expect(result.data!.importHolidays).toEqual({ added: 4, skipped: 2, timedEventsIgnored: 1, retargetedClocks: 3, calendar: { id: calendarId } });
    const byDate = new Map((await holidays()).map((h) => [h.date, h.name]));
    expect(byDate.get('2026-03-09')).toBe('Spring closure');
    expect(byDate.get('2026-04-02')).toBe('Easter break');
    expect(byDate.get('2026-04-03')).toBe('Easter break');
    expect(byDate.has('2026-04-04')).toBe(false); // DTEND is exclusive
    expect(byDate.get('2026-12-24')).toBe('Christmas Eve');
    expect(byDate.get('2026-12-25')).toBe('Christmas Day'); // the seeded name stays
    expect(byDate.get('2027-12-24')).toBe('Christmas Day (observed)');
    expect(byDate.has('2028-12-24')).toBe(false); // beyond the two years
    expect(byDate.has('2025-12-24')).toBe(false); // before today
    expect(byDate.has('2026-03-12')).toBe(false); // the timed offsite

    expect((await clocksOf(untriaged)).FIRST_RESPONSE).toMatchObject({ state: 'RUNNING', ...AFTER.untriagedFirstResponse });
    expect((await clocksOf(untriaged)).TRIAGE).toEqual(untriagedTriage); // due Friday: before the holiday
    const c = await clocksOf(p3);
    expect(c.FIRST_RESPONSE!.dueAt).toBe(AFTER.p3FirstResponse);
    expect(c.RESOLUTION!.dueAt).toBe(AFTER.p3Resolution);
    expect(await clocksOf(p0)).toEqual(p0Before);
    expect((await clocksOf(breached)).FIRST_RESPONSE).toMatchObject({
      state: 'BREACHED',
      dueAt: '2026-03-05T18:00:00.000Z',
      breachedAt: FRIDAY_1530.replace('Z', '.000Z'),
    });

    const events = await server.app.rt.prisma.event.findMany({ where: { id: { gt: firstEvent } }, orderBy: { id: 'asc' } });
    const retargeted = events.filter((e) => e.type === 'SLA_CLOCKS_RETARGETED');
    expect(retargeted.map((e) => [e.topic, e.entityId]).sort()).toEqual(
      [
        ['sla', p3],
        ['sla', untriaged],
      ].sort(),
    );
    const forUntriaged = retargeted.find((e) => e.entityId === untriaged)!.payload as { clocks: { kind: string; dueAt: string; previousDueAt: string }[] };
    expect(forUntriaged.clocks).toEqual([
      expect.objectContaining({ kind: 'FIRST_RESPONSE', dueAt: AFTER.untriagedFirstResponse.dueAt, previousDueAt: BEFORE.untriagedFirstResponse.dueAt }),
    ]);
    const changed = events.find((e) => e.type === 'HOLIDAYS_CHANGED')!;
    expect(changed).toMatchObject({ topic: 'sla', entityType: 'BusinessCalendar', entityId: calendarId });
    expect((changed.payload as { added: { date: string }[] }).added.map((h) => h.date).sort()).toEqual([
      '2026-03-09',
      '2026-04-02',
      '2026-04-03',
      '2026-12-24',
    ]);
  });

  it('adds nothing and moves nothing when the same file comes again', async () => {
    const events = await server.app.rt.prisma.event.count();
    const again = await server.gql(IMPORT, { calendarId, ics: HOLIDAYS_ICS });
    expect(again.data!.importHolidays).toMatchObject({ added: 0, skipped: 6, timedEventsIgnored: 1, retargetedClocks: 0 });
    expect(await server.app.rt.prisma.event.count()).toBe(events);
    expect((await clocksOf(untriaged)).FIRST_RESPONSE).toMatchObject(AFTER.untriagedFirstResponse);
  });
});

describe('adding and removing one holiday', () => {
  it('removing the holiday brings the clocks back to Monday; adding it again moves them to Tuesday', async () => {
    const closure = (await holidays()).find((h) => h.date === '2026-03-09')!;
    const removed = await server.gql(REMOVE, { id: closure.id });
    expect(removed.data!.removeHoliday).toEqual({ removed: 1, retargetedClocks: 3 });
    expect((await holidays()).some((h) => h.date === '2026-03-09')).toBe(false);
    expect((await clocksOf(untriaged)).FIRST_RESPONSE).toMatchObject({ state: 'RUNNING', ...BEFORE.untriagedFirstResponse });
    expect((await clocksOf(p3)).RESOLUTION!.dueAt).toBe(BEFORE.p3Resolution);

    const added = await server.gql(ADD, { calendarId, date: '2026-03-09', name: 'Spring closure' });
    expect(added.errors).toBeUndefined();
    expect(added.data!.addHoliday).toMatchObject({ added: 1, retargetedClocks: 3 });
    expect(added.data!.addHoliday.calendar.holidays).toContainEqual({ date: '2026-03-09', name: 'Spring closure' });
    expect((await clocksOf(untriaged)).FIRST_RESPONSE).toMatchObject(AFTER.untriagedFirstResponse);
    expect((await clocksOf(p3)).FIRST_RESPONSE!.dueAt).toBe(AFTER.p3FirstResponse);
  });

  it('a holiday after every due day moves nothing; one on the due day does', async () => {
    // The untriaged and P3 first responses are due Tuesday 10 March: a holiday on Wednesday 11 March leaves
    // them, moves the P3 resolution.
    const later = await server.gql(ADD, { calendarId, date: '2026-03-11', name: 'Boundary day' });
    expect(later.data!.addHoliday.retargetedClocks).toBe(1);
    expect((await clocksOf(untriaged)).FIRST_RESPONSE).toMatchObject(AFTER.untriagedFirstResponse);
    expect((await clocksOf(p3)).FIRST_RESPONSE!.dueAt).toBe(AFTER.p3FirstResponse);
    // Resolution due Friday 13 March 15:30 → Monday 16 March 15:30 EDT.
    expect((await clocksOf(p3)).RESOLUTION!.dueAt).toBe('2026-03-16T19:30:00.000Z');
    const onDueDay = await server.gql(ADD, { calendarId, date: '2026-03-10', name: 'Due day' });
    expect(onDueDay.data!.addHoliday.retargetedClocks).toBe(3);
    // 150 minutes left after Friday: Tuesday and Wednesday are off → Thursday 11:30 EDT.
    expect((await clocksOf(untriaged)).FIRST_RESPONSE!.dueAt).toBe('2026-03-12T15:30:00.000Z');
    for (const date of ['2026-03-10', '2026-03-11']) {
      const h = (await holidays()).find((x) => x.date === date)!;
      expect((await server.gql(REMOVE, { id: h.id })).errors).toBeUndefined();
    }
    expect((await clocksOf(untriaged)).FIRST_RESPONSE).toMatchObject(AFTER.untriagedFirstResponse);
    expect((await clocksOf(p3)).RESOLUTION!.dueAt).toBe(AFTER.p3Resolution);
  });

  it('refuses a date the calendar already has', async () => {
    const result = await server.gql(ADD, { calendarId, date: '2026-03-09', name: 'Again' });
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ field: 'date', message: 'is already a holiday (Spring closure)' }],
    });
  });
});

describe('bad input', () => {
  async function snapshot() {
    const p = server.app.rt.prisma;
    return { holidays: await p.holiday.count(), events: await p.event.count(), clocks: await p.slaClock.findMany({ orderBy: { id: 'asc' } }) };
  }

  it.each([
    ['a date that does not exist', { date: '2026-02-30', name: 'X' }, 'date', 'is not a real date'],
    ['a month that does not exist', { date: '2026-13-01', name: 'X' }, 'date', 'is not a real date'],
    ['a date in another form', { date: '03/09/2026', name: 'X' }, 'date', 'must be a date like 2026-12-25'],
    ['an empty name', { date: '2026-03-13', name: '  ' }, 'name', 'must not be empty'],
  ])('addHoliday refuses %s with a field error and writes nothing', async (_what, args, field, message) => {
    const before = await snapshot();
    const result = await server.gql(ADD, { calendarId, ...args });
    expect(result.errors?.[0]?.extensions?.fieldErrors).toEqual([{ field, message }]);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses an unknown calendar and an unknown holiday', async () => {
    const before = await snapshot();
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const id of [unknown, 'not-an-id']) {
      const add = await server.gql(ADD, { calendarId: id, date: '2026-03-13', name: 'X' });
      expect(add.errors?.[0]?.extensions?.fieldErrors).toEqual([{ field: 'calendarId', message: 'no business calendar with this id' }]);
      const imported = await server.gql(IMPORT, { calendarId: id, ics: HOLIDAYS_ICS });
      expect(imported.errors?.[0]?.extensions?.fieldErrors).toEqual([{ field: 'calendarId', message: 'no business calendar with this id' }]);
      const removed = await server.gql(REMOVE, { id });
      expect(removed.errors?.[0]?.extensions?.fieldErrors).toEqual([{ field: 'id', message: 'no holiday with this id' }]);
    }
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    ['text that is not iCalendar', 'Christmas, 25 December', 'is not an iCalendar file (BEGIN:VCALENDAR … END:VCALENDAR)'],
    ['a calendar without events', ics(), 'has no events (VEVENT)'],
    [
      'a file whose last event has no valid date (nothing of the valid ones is kept)',
      ics(allDay('ok@example', '20260316', 'Fine'), allDay('bad@example', '2026XX01', 'Broken')),
      'the event "Broken" has no valid start date',
    ],
    [
      'an event spanning more than a year',
      ics(allDay('long@example', '20260316', 'Sabbatical', ['DTEND;VALUE=DATE:20280316'])),
      'the event "Sabbatical" spans more than 366 days',
    ],
  ])('importHolidays refuses %s and writes nothing', async (_what, text, message) => {
    const before = await snapshot();
    const result = await server.gql(IMPORT, { calendarId, ics: text });
    expect(result.errors?.[0]?.extensions?.fieldErrors).toEqual([{ field: 'ics', message }]);
    expect(await snapshot()).toEqual(before);
  });

  it('takes an .ics up to 1,000,000 characters over HTTP from a manager, and refuses one character more', async () => {
    const padding = `X-NOTE:${'x'.repeat(70)}`;
    const base = ics(allDay('big@example', '20260317', 'St Patrick'));
    const lines = Math.floor((1_000_000 - base.length) / (padding.length + 2));
    const filler = Array.from({ length: lines }, () => padding).join('\r\n');
    let big = base.replace('END:VCALENDAR', `${filler}\r\nEND:VCALENDAR`);
    big = big.replace('X-NOTE:', `X-NOTE:${'y'.repeat(1_000_000 - big.length)}`);
    expect(big.length).toBe(1_000_000);

    const tooBig = await server.wire.gql(IMPORT, { calendarId, ics: `${big} ` });
    expect(tooBig.errors?.[0]?.extensions?.fieldErrors).toEqual([{ field: 'ics', message: 'must be at most 1000000 characters' }]);
    const ok = await server.wire.gql(IMPORT, { calendarId, ics: big });
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.importHolidays).toMatchObject({ added: 1, skipped: 0 });

    // Anyone else still meets the 64 KiB body limit.
    const agent = await signIn(server, await createPerson(server, 'Big Body Agent', 'AGENT'));
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${agent}` },
      body: JSON.stringify({
        query: 'mutation ($c: ID!, $i: String!) { importHolidays(calendarId: $c, ics: $i) { added } }',
        variables: { c: calendarId, i: big },
      }),
    });
    expect(response.status).toBe(413);
    const h = (await holidays()).find((x) => x.date === '2026-03-17')!;
    expect((await server.gql(REMOVE, { id: h.id })).errors).toBeUndefined();
  });
});

describe('who may', () => {
  it('lets managers and admins, and refuses agents, viewers and signed-out callers', async () => {
    const manager = await signIn(server, await createPerson(server, 'Holiday Manager', 'MANAGER'));
    const agent = await signIn(server, await createPerson(server, 'Holiday Agent', 'AGENT'));
    const viewer = await signIn(server, await createPerson(server, 'Holiday Viewer', 'VIEWER'));
    const before = await server.app.rt.prisma.holiday.count();
    for (const token of [agent, viewer, null]) {
      const list = await server.gql(CALENDARS, {}, token);
      expect(list.errors?.[0]?.extensions?.code).toBe(token ? 'FORBIDDEN' : 'UNAUTHENTICATED');
      const add = await server.gql(ADD, { calendarId, date: '2026-03-20', name: 'X' }, token);
      expect(add.errors?.[0]?.extensions?.code).toBe(token ? 'FORBIDDEN' : 'UNAUTHENTICATED');
      const imported = await server.gql(IMPORT, { calendarId, ics: HOLIDAYS_ICS }, token);
      expect(imported.errors?.[0]?.extensions?.code).toBe(token ? 'FORBIDDEN' : 'UNAUTHENTICATED');
      const removed = await server.gql(REMOVE, { id: (await holidays())[0]!.id }, token);
      expect(removed.errors?.[0]?.extensions?.code).toBe(token ? 'FORBIDDEN' : 'UNAUTHENTICATED');
    }
    expect(await server.app.rt.prisma.holiday.count()).toBe(before);

    const added = await server.gql(ADD, { calendarId, date: '2026-03-20', name: 'Manager day' }, manager);
    expect(added.errors).toBeUndefined();
    const id = (await holidays()).find((h) => h.date === '2026-03-20')!.id;
    expect((await server.gql(REMOVE, { id }, manager)).data!.removeHoliday.removed).toBe(1);
  });
});
