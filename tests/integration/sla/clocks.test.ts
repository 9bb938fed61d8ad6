// SLA clocks through the public API with an injected clock: the seeded targets, business hours,
// pause and resume, the sweep's at-risk and breach events (once each), policies and the wallboard.
import { ManualClock } from '@opsboard/server/platform/clock.ts';
import { transact } from '@opsboard/server/platform/db.ts';
import { recordOutbound, runSlaSweep } from '@opsboard/server/sla/service.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';
import { createTicket, type CreateTicketInput } from '../../support/factories/tickets.ts';
import { startServer, type TestServer } from '../../support/server.ts';
import { graphql, type ResultOf, type VariablesOf } from '../../support/graphql.ts';

// Monday 2 March 2026, 09:00 in New York (EST): the start of a working day.
const MONDAY_9AM = '2026-03-02T14:00:00Z';
const clock = new ManualClock(MONDAY_9AM);
let server: TestServer;
/** Type and owner: with the priority, what a ticket needs to leave NEW. */
let triage: { type: 'BUG'; ownerId: string };

const METRICS_TOKEN = 'metrics-token-for-sla-tests';

/** `opsboard_sla_breaches_total` for one clock kind and priority, from GET /metrics (0 before the first). */
async function breachesCounted(kind: string, priority: string): Promise<number> {
  const response = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(response.status).toBe(200);
  const line = (await response.text()).split('\n').find((l) => l.startsWith(`opsboard_sla_breaches_total{clock="${kind}",priority="${priority}"}`));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

beforeAll(async () => {
  server = await startServer({ clock, env: { OPSBOARD_METRICS_TOKEN: METRICS_TOKEN } });
  triage = { type: 'BUG', ownerId: (await server.app.rt.prisma.user.findFirstOrThrow({ where: { email: 'admin@opsboard.example' } })).id };
});
afterAll(async () => server?.stop());

const CLOCKS = graphql(`
  query ($id: ID!) {
    ticket(id: $id) {
      status
      slaClocks {
        kind
        state
        basis
        targetMinutes
        dueAt
        atRiskAt
        elapsedMinutes
        timeLeftSeconds
        timeLeftMinutesWhenPaused
      }
    }
  }
`);
const UPDATE = graphql(`
  mutation ($id: ID!, $input: UpdateTicketInput!) {
    updateTicket(id: $id, input: $input) {
      id
      status
    }
  }
`);

type ClockView = NonNullable<ResultOf<typeof CLOCKS>['ticket']>['slaClocks'][number];

async function clocks(id: string): Promise<Record<string, ClockView>> {
  const result = await server.gql(CLOCKS, { id });
  expect(result.errors).toBeUndefined();
  return Object.fromEntries(result.data!.ticket!.slaClocks.map((c) => [c.kind, c]));
}

async function update(id: string, input: VariablesOf<typeof UPDATE>['input']) {
  const result = await server.gql(UPDATE, { id, input });
  expect(result.errors).toBeUndefined();
}

async function slaEvents(ticketId: string) {
  const events = await server.app.rt.prisma.event.findMany({ where: { topic: 'sla', type: { in: ['SLA_AT_RISK', 'SLA_BREACHED'] } }, orderBy: { id: 'asc' } });
  return events.filter((e) => (e.payload as { ticketId: string }).ticketId === ticketId).map((e) => `${e.type} ${(e.payload as { kind: string }).kind}`);
}

describe('seeded targets', () => {
  // The guide's targets as the README states them, from a ticket opened Monday 09:00 EST.
  // Business hours: Mon–Fri 09:00–17:00 America/New_York; P0 and P1 response and updates, and
  // resolution, count calendar time; P2/P3 response and updates business hours.
  // USER_UPDATE: due after a first response on Monday 09:05.
  const P0 = {
    TRIAGE: '2026-03-02T14:15:00.000Z',
    FIRST_RESPONSE: '2026-03-02T14:15:00.000Z',
    RESOLUTION: '2026-03-02T18:00:00.000Z',
    USER_UPDATE: '2026-03-02T14:35:00.000Z',
  };
  const P1 = {
    TRIAGE: '2026-03-02T15:00:00.000Z',
    FIRST_RESPONSE: '2026-03-02T16:00:00.000Z',
    RESOLUTION: '2026-03-02T22:00:00.000Z',
    USER_UPDATE: '2026-03-02T18:05:00.000Z',
  };
  // 48 business hours from Monday 09:05 EST: six working days, to the next Tuesday 09:05 (EDT by then).
  const P2 = {
    TRIAGE: '2026-03-02T15:00:00.000Z',
    FIRST_RESPONSE: '2026-03-02T18:00:00.000Z',
    RESOLUTION: '2026-03-04T14:00:00.000Z',
    USER_UPDATE: '2026-03-10T13:05:00.000Z',
  };
  // "<24 hours" is one business day: 8 business hours, Monday until 17:00. SOCIAL promises 4 h for every priority.
  const P3 = {
    TRIAGE: '2026-03-02T15:00:00.000Z',
    FIRST_RESPONSE: '2026-03-02T22:00:00.000Z',
    RESOLUTION: '2026-03-16T14:00:00.000Z',
    USER_UPDATE: '2026-03-10T13:05:00.000Z',
  };
  const expected: Record<string, Record<string, typeof P0>> = {};
  for (const channel of ['EMAIL', 'GITHUB', 'SOCIAL', 'COMMUNITY', 'WEB']) {
    expected[channel] = { P0, P1, P2, P3: channel === 'SOCIAL' ? { ...P3, FIRST_RESPONSE: '2026-03-02T18:00:00.000Z' } : P3 };
  }

  it.each(Object.entries(expected).flatMap(([channel, byPriority]) => Object.keys(byPriority).map((priority) => [channel, priority])))(
    '%s %s',
    async (channel, priority) => {
      clock.set(MONDAY_9AM);
      const want = expected[channel]![priority]!;
      const ticket = await createTicket(server, { channel: channel as CreateTicketInput['channel'], priority: priority as CreateTicketInput['priority'] });
      const got = await clocks(ticket.id);
      expect(Object.keys(got)).toEqual(['TRIAGE', 'FIRST_RESPONSE', 'RESOLUTION']);
      for (const kind of ['TRIAGE', 'FIRST_RESPONSE', 'RESOLUTION'] as const) {
        expect({ kind, dueAt: got[kind]!.dueAt, state: got[kind]!.state }).toEqual({ kind, dueAt: want[kind], state: 'RUNNING' });
      }
      // The user-update clock starts with the first response and is re-armed by every update.
      clock.set('2026-03-02T14:05:00Z');
      const row = await server.app.rt.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
      await transact(server.app.rt, (tx, emit) => recordOutbound(tx, emit, server.app.rt, row));
      const after = await clocks(ticket.id);
      expect(after.FIRST_RESPONSE!.state).toBe('MET');
      expect(after.USER_UPDATE).toMatchObject({
        state: 'RUNNING',
        basis: priority === 'P0' || priority === 'P1' ? 'CALENDAR' : 'BUSINESS',
        dueAt: want.USER_UPDATE,
      });
    },
  );

  it('lists the policy matrix and lets a manager edit a target', async () => {
    const list = await server.gql(
      graphql(`
        {
          slaPolicies {
            id
            channel
            priority
            firstResponseMinutes
            firstResponseBasis
          }
        }
      `),
    );
    expect(list.data!.slaPolicies).toHaveLength(20);
    const webP3 = list.data!.slaPolicies.find((p) => p.channel === 'WEB' && p.priority === 'P3')!;
    expect(webP3).toMatchObject({ firstResponseMinutes: 480, firstResponseBasis: 'BUSINESS' });

    const MUTATION = graphql(`
      mutation ($id: ID!, $input: UpdateSlaPolicyInput!) {
        updateSlaPolicy(id: $id, input: $input) {
          firstResponseMinutes
        }
      }
    `);
    const bad = await server.gql(MUTATION, { id: webP3.id, input: { firstResponseMinutes: 0 } });
    expect(bad.errors?.[0]?.extensions?.fieldErrors).toEqual([{ field: 'input.firstResponseMinutes', message: 'must be at least 1 minute' }]);
    const empty = await server.gql(MUTATION, { id: webP3.id, input: {} });
    expect(empty.errors?.[0]?.message).toContain('nothing to change');
    const ok = await server.gql(MUTATION, { id: webP3.id, input: { firstResponseMinutes: 720 } });
    expect(ok.data).toEqual({ updateSlaPolicy: { firstResponseMinutes: 720 } });
    await server.gql(MUTATION, { id: webP3.id, input: { firstResponseMinutes: 480 } });
  });
});

describe('pause and resume', () => {
  it('stops counting while the ticket waits on the user and keeps the minutes used', async () => {
    clock.set(MONDAY_9AM);
    const ticket = await createTicket(server, { channel: 'EMAIL', priority: 'P2' });
    // One business hour later the team asks the user for details.
    clock.set('2026-03-02T15:00:00Z');
    await update(ticket.id, { status: 'WAITING_ON_USER', ...triage });
    const paused = await clocks(ticket.id);
    expect(paused.FIRST_RESPONSE).toMatchObject({ state: 'PAUSED', dueAt: null, elapsedMinutes: 60, timeLeftMinutesWhenPaused: 180, timeLeftSeconds: null });
    expect(paused.RESOLUTION).toMatchObject({ state: 'PAUSED', elapsedMinutes: 60, timeLeftMinutesWhenPaused: 2820 });

    // Nothing is due while paused, however long the user takes.
    clock.set('2026-03-10T15:00:00Z');
    await runSlaSweep(server.app.rt);
    expect(await slaEvents(ticket.id)).toEqual([]);

    // The user answers on Tuesday 10:00 EDT (after the switch to daylight saving time).
    clock.set('2026-03-10T14:00:00Z');
    await update(ticket.id, { status: 'IN_PROGRESS' });
    const resumed = await clocks(ticket.id);
    // 180 business minutes left → 13:00 EDT; 47 calendar hours left → Thursday 13:00 EDT.
    expect(resumed.FIRST_RESPONSE).toMatchObject({ state: 'RUNNING', dueAt: '2026-03-10T17:00:00.000Z', timeLeftSeconds: 3 * 3600 });
    expect(resumed.RESOLUTION).toMatchObject({ state: 'RUNNING', dueAt: '2026-03-12T13:00:00.000Z' });
    expect(resumed.TRIAGE!.state).toBe('MET');
  });
});

describe('the sweep', () => {
  it('emits SLA_AT_RISK at 75 % and SLA_BREACHED at the target, each once', async () => {
    clock.set(MONDAY_9AM);
    const ticket = await createTicket(server, { channel: 'WEB', priority: 'P1' });
    await update(ticket.id, { status: 'TRIAGED', ...triage });

    clock.set('2026-03-02T15:29:00Z'); // 89 of 120 business minutes
    await runSlaSweep(server.app.rt);
    expect(await slaEvents(ticket.id)).toEqual([]);

    clock.set('2026-03-02T15:30:00Z');
    expect(await runSlaSweep(server.app.rt)).toMatchObject({ ran: true });
    await runSlaSweep(server.app.rt);
    expect(await slaEvents(ticket.id)).toEqual(['SLA_AT_RISK FIRST_RESPONSE']);
    expect((await clocks(ticket.id)).FIRST_RESPONSE!.state).toBe('AT_RISK');

    const countedBefore = await breachesCounted('FIRST_RESPONSE', 'P1');
    clock.set('2026-03-02T16:00:00Z');
    await runSlaSweep(server.app.rt);
    await runSlaSweep(server.app.rt);
    expect(await slaEvents(ticket.id)).toEqual(['SLA_AT_RISK FIRST_RESPONSE', 'SLA_BREACHED FIRST_RESPONSE']);
    // The breach is counted once on the Prometheus endpoint, as it is emitted once.
    expect(await breachesCounted('FIRST_RESPONSE', 'P1')).toBe(countedBefore + 1);
    const breached = await clocks(ticket.id);
    expect(breached.FIRST_RESPONSE).toMatchObject({ state: 'BREACHED', timeLeftSeconds: 0 });

    const event = await server.app.rt.prisma.event.findFirstOrThrow({ where: { type: 'SLA_BREACHED', entityType: 'SlaClock' }, orderBy: { id: 'desc' } });
    expect(event.payload).toMatchObject({
      ticketId: ticket.id,
      ticketNumber: ticket.number,
      kind: 'FIRST_RESPONSE',
      priority: 'P1',
      dueAt: '2026-03-02T16:00:00.000Z',
    });
  });

  it('re-checks on every ticket change without waiting for the sweep', async () => {
    clock.set(MONDAY_9AM);
    const ticket = await createTicket(server, { channel: 'EMAIL', priority: 'P0' });
    clock.set('2026-03-02T14:16:00Z');
    await update(ticket.id, { title: 'Production site returning 500 errors' });
    expect(await slaEvents(ticket.id)).toEqual(['SLA_AT_RISK TRIAGE', 'SLA_AT_RISK FIRST_RESPONSE', 'SLA_BREACHED TRIAGE', 'SLA_BREACHED FIRST_RESPONSE']);
    await runSlaSweep(server.app.rt);
    expect(await slaEvents(ticket.id)).toHaveLength(4);
  });

  it('shows clocks at risk, breached and due next on the wallboard', async () => {
    clock.set('2026-03-02T14:00:00Z');
    const ticket = await createTicket(server, { channel: 'SOCIAL', priority: 'P0' });
    clock.set('2026-03-02T14:12:00Z'); // TRIAGE and FIRST_RESPONSE at risk (11.25 of 15 minutes)
    await runSlaSweep(server.app.rt);
    const result = await server.gql(
      graphql(`
        {
          wallboard {
            sla {
              atRisk
              breached
              soonest {
                ticketNumber
                kind
                state
                dueAt
              }
            }
          }
        }
      `),
    );
    const sla = result.data!.wallboard.sla;
    const open = await server.app.rt.prisma.slaClock.groupBy({
      by: ['state'],
      where: { ticket: { status: { in: ['NEW', 'TRIAGED', 'IN_PROGRESS', 'WAITING_ON_USER'] } } },
      _count: { _all: true },
    });
    expect(sla.atRisk).toBe(open.find((o) => o.state === 'AT_RISK')?._count._all);
    expect(sla.breached).toBe(open.find((o) => o.state === 'BREACHED')?._count._all ?? 0);
    expect(sla.soonest.filter((c) => c.ticketNumber === ticket.number)).toEqual([
      { ticketNumber: ticket.number, kind: 'TRIAGE', state: 'AT_RISK', dueAt: '2026-03-02T14:15:00.000Z' },
      { ticketNumber: ticket.number, kind: 'FIRST_RESPONSE', state: 'AT_RISK', dueAt: '2026-03-02T14:15:00.000Z' },
      { ticketNumber: ticket.number, kind: 'RESOLUTION', state: 'RUNNING', dueAt: '2026-03-02T18:00:00.000Z' },
    ]);
  });
});

describe.skipIf(!process.env.OPSBOARD_TEST_POSTGRES_URL)('two sweeping servers on PostgreSQL', () => {
  let db: TestDatabase;
  let a: TestServer;
  let b: TestServer;
  const shared = new ManualClock(MONDAY_9AM);
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

  it('emits each breach once', async () => {
    const tickets = [];
    for (let i = 0; i < 5; i++) tickets.push(await createTicket(a, { channel: 'EMAIL', priority: 'P0' }));
    shared.set('2026-03-02T14:20:00Z');
    for (let round = 0; round < 3; round++) {
      await Promise.all([runSlaSweep(a.app.rt), runSlaSweep(b.app.rt), runSlaSweep(a.app.rt), runSlaSweep(b.app.rt)]);
    }
    const events = await a.app.rt.prisma.event.findMany({ where: { type: 'SLA_BREACHED' } });
    const perClock = new Map<string, number>();
    for (const e of events) perClock.set(e.entityId!, (perClock.get(e.entityId!) ?? 0) + 1);
    expect(events).toHaveLength(10); // TRIAGE and FIRST_RESPONSE of five P0 tickets
    expect([...perClock.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(events.map((e) => (e.payload as { ticketId: string }).ticketId))).toEqual(new Set(tickets.map((t) => t.id)));
  });
});
