// The SLA sweep changes due clocks a batch at a time in one statement: many clocks due at once,
// over several batches, each pass their thresholds once with one event each, and two instances
// sweeping the same PostgreSQL database at the same moment (even past the job's lock) never
// change a clock or write its event twice.
import { ManualClock } from '@opsboard/server/platform/clock.ts';
import { transact } from '@opsboard/server/platform/db.ts';
import { runSlaSweep, sweepClocks } from '@opsboard/server/sla/service.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';
import { createTicket } from '../../support/factories/tickets.ts';
import { graphql } from '../../support/graphql.ts';
import { startServer, type TestServer } from '../../support/server.ts';
import { subscribe } from '../../support/stream.ts';

// Monday 2 March 2026, 09:00 in New York. A P0 ticket's TRIAGE and FIRST_RESPONSE are due after 15
// minutes and its RESOLUTION after 4 hours (at risk after 3), all on the calendar clock.
const OPENED = '2026-03-02T14:00:00Z';
/** TRIAGE and FIRST_RESPONSE past due (and so past at risk too), RESOLUTION at risk only. */
const LATER = '2026-03-02T17:30:00Z';
const TICKETS = 100; // × 3 clocks
const BATCH = 64; // five batches of clocks

const CLOCKS = graphql(`
  query ($id: ID!) {
    ticket(id: $id) {
      slaClocks {
        kind
        state
      }
    }
  }
`);
const EVENTS = graphql(`
  subscription ($after: ID, $topics: [String!]) {
    events(after: $after, topics: $topics) {
      id
      type
      entityId
      payload
    }
  }
`);

async function openTickets(server: TestServer): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < TICKETS; i++) ids.push((await createTicket(server, { channel: 'EMAIL', priority: 'P0' })).id);
  return ids;
}

/** Each ticket's clocks as the API shows them, as "KIND STATE", sorted. */
async function clockStates(server: TestServer, ids: string[]): Promise<string[][]> {
  return Promise.all(
    ids.map(async (id) => {
      const result = await server.gql(CLOCKS, { id });
      expect(result.errors).toBeUndefined();
      return result.data!.ticket!.slaClocks.map((c) => `${c.kind} ${c.state}`).sort();
    }),
  );
}

const EXPECTED_CLOCKS = ['FIRST_RESPONSE BREACHED', 'RESOLUTION AT_RISK', 'TRIAGE BREACHED'];

/**
 * Every SLA event of `ids`, replayed through the event stream, checked against the table: one
 * SLA_AT_RISK per clock, one SLA_BREACHED per due clock, and nothing else.
 */
async function expectOneEventPerThreshold(server: TestServer, ids: string[]): Promise<void> {
  const tickets = new Set(ids);
  const written = await server.app.rt.prisma.event.count({ where: { topic: 'sla', type: { in: ['SLA_AT_RISK', 'SLA_BREACHED'] } } });
  expect(written).toBe(TICKETS * 3 + TICKETS * 2);
  const stream = subscribe(server.ws(), EVENTS, { after: '0', topics: ['sla'] });
  const received = await stream.waitFor(written, 30_000);
  stream.dispose();
  const ours = received
    .map((r) => r.events)
    .filter((e) => tickets.has((e.payload as { ticketId: string }).ticketId) && (e.type === 'SLA_AT_RISK' || e.type === 'SLA_BREACHED'));
  const perClock = new Map<string, string[]>();
  for (const e of ours) perClock.set(e.entityId!, [...(perClock.get(e.entityId!) ?? []), `${e.type} ${(e.payload as { kind: string }).kind}`]);
  expect(perClock.size).toBe(TICKETS * 3);
  const shapes = new Map<string, number>();
  for (const events of perClock.values()) shapes.set(events.join(', '), (shapes.get(events.join(', ')) ?? 0) + 1);
  // A clock past both thresholds warns, then breaches, in that order, once each.
  expect(Object.fromEntries(shapes)).toEqual({
    'SLA_AT_RISK TRIAGE, SLA_BREACHED TRIAGE': TICKETS,
    'SLA_AT_RISK FIRST_RESPONSE, SLA_BREACHED FIRST_RESPONSE': TICKETS,
    'SLA_AT_RISK RESOLUTION': TICKETS,
  });
}

describe('a sweep of many due clocks', () => {
  const clock = new ManualClock(OPENED);
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ clock });
  });
  afterAll(async () => server?.stop());

  it('changes each clock once, over several batches, with one event per threshold passed', async () => {
    const ids = await openTickets(server);
    clock.set(LATER);
    expect(await runSlaSweep(server.app.rt, { batch: BATCH })).toEqual({ ran: true, atRisk: TICKETS * 3, breached: TICKETS * 2 });
    // Nothing is left for the next sweep.
    expect(await runSlaSweep(server.app.rt, { batch: BATCH })).toEqual({ ran: true, atRisk: 0, breached: 0 });
    expect(new Set((await clockStates(server, ids)).map((c) => c.join(', ')))).toEqual(new Set([EXPECTED_CLOCKS.join(', ')]));
    await expectOneEventPerThreshold(server, ids);
  });
});

describe.skipIf(!process.env.OPSBOARD_TEST_POSTGRES_URL)('two instances sweeping one PostgreSQL database', () => {
  const clock = new ManualClock(OPENED);
  let db: TestDatabase;
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    db = await createTestDatabase();
    a = await startServer({ db, clock });
    b = await startServer({ db, clock });
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await db?.drop();
  });

  it('change each clock once and write each event once, even when both sweep the same clocks at the same moment', async () => {
    const ids = await openTickets(a);
    clock.set(LATER);
    // Past the job's advisory lock: each instance runs the sweep statement itself, batch after
    // batch, in its own transactions, at the same time as the other, until neither finds a clock.
    const sweeper = (server: TestServer) => async () => {
      const done = { atRisk: 0, breached: 0 };
      for (;;) {
        const result = await transact(server.app.rt, (tx, emit) => sweepClocks(tx, emit, server.app.rt, clock.now(), undefined, BATCH));
        done.atRisk += result.atRisk;
        done.breached += result.breached;
        if (!result.clocks) return done;
      }
    };
    const runs = await Promise.all([sweeper(a)(), sweeper(b)(), sweeper(a)(), sweeper(b)()]);
    expect(runs.reduce((n, r) => n + r.atRisk, 0)).toBe(TICKETS * 3);
    expect(runs.reduce((n, r) => n + r.breached, 0)).toBe(TICKETS * 2);
    // And the scheduled job on both at once finds nothing left.
    const jobs = await Promise.all([runSlaSweep(a.app.rt, { batch: BATCH }), runSlaSweep(b.app.rt, { batch: BATCH })]);
    expect(jobs.map((j) => j.atRisk + j.breached)).toEqual([0, 0]);
    expect(new Set((await clockStates(b, ids)).map((c) => c.join(', ')))).toEqual(new Set([EXPECTED_CLOCKS.join(', ')]));
    await expectOneEventPerThreshold(b, ids);
  });
});
