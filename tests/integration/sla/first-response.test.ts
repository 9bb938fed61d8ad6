// The first-response clock keeps the auto-acknowledgement's promise: it starts on arrival with the
// target the acknowledgement names, a reply before triage meets it, triage re-targets it; and which
// clock counts: P0/P1 first response and user updates on calendar time, P2/P3 on business hours.
import { ManualClock } from '@opsboard/server/platform/clock.ts';
import { runSlaSweep } from '@opsboard/server/sla/service.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crlf, postEmail } from '../../support/factories/intake.ts';
import { createTicket, type CreateTicketInput } from '../../support/factories/tickets.ts';
import { graphql, type ResultOf } from '../../support/graphql.ts';
import { startServer, type TestServer } from '../../support/server.ts';

// Monday 2 March 2026, 09:00 in New York (EST).
const MONDAY_9AM = '2026-03-02T14:00:00Z';
// Friday 13 March 2026, 16:30 in New York (EDT, UTC−4): half an hour before the weekend.
const FRIDAY_1630 = '2026-03-13T20:30:00Z';
const clock = new ManualClock(MONDAY_9AM);
let server: TestServer;
let adminId: string;

beforeAll(async () => {
  server = await startServer({ clock });
  adminId = (await server.app.rt.prisma.user.findFirstOrThrow({ where: { email: 'admin@opsboard.example' } })).id;
});
afterAll(async () => server?.stop());

const TICKET = graphql(`
  query ($id: ID!) {
    ticket(id: $id) {
      createdAt
      status
      priority
      firstRespondedAt
      slaClocks {
        kind
        state
        basis
        targetMinutes
        startedAt
        dueAt
        metAt
      }
      messages {
        kind
        body
      }
    }
  }
`);
const RESPOND = graphql(`
  mutation ($id: ID!, $input: RespondInput!) {
    respondToTicket(id: $id, input: $input) {
      id
    }
  }
`);
const TRIAGE = graphql(`
  mutation ($id: ID!, $input: TriageInput!) {
    triageTicket(id: $id, input: $input) {
      id
    }
  }
`);
const POLICIES = graphql(`
  {
    slaPolicies {
      id
      channel
      priority
      firstResponseMinutes
      firstResponseBasis
      userUpdateMinutes
      userUpdateBasis
    }
  }
`);
const UPDATE_POLICY = graphql(`
  mutation ($id: ID!, $input: UpdateSlaPolicyInput!) {
    updateSlaPolicy(id: $id, input: $input) {
      id
    }
  }
`);

type Ticket = NonNullable<ResultOf<typeof TICKET>['ticket']>;
type Clock = Ticket['slaClocks'][number];

async function ticket(id: string): Promise<Ticket> {
  const result = await server.gql(TICKET, { id });
  expect(result.errors).toBeUndefined();
  return result.data!.ticket!;
}

function clockOf(t: Ticket, kind: Clock['kind']): Clock {
  const found = t.slaClocks.find((c) => c.kind === kind);
  if (!found) throw new Error(`no ${kind} clock (has ${t.slaClocks.map((c) => c.kind).join(', ')})`);
  return found;
}

/** The response time the auto-acknowledgement promised, as its text says it. */
function promised(t: Ticket): string {
  const ack = t.messages.find((m) => m.kind === 'AUTO_ACKNOWLEDGEMENT');
  const match = ack && /reply within (.+?)\. /.exec(ack.body);
  if (!match) throw new Error('no promise in the auto-acknowledgement');
  return match[1]!;
}

/** A clock's target in the acknowledgement's words. */
const inWords = (c: Clock) => `${c.targetMinutes / 60} ${c.basis === 'BUSINESS' ? 'business ' : ''}hours`;

async function respond(id: string) {
  const result = await server.gql(RESPOND, { id, input: { body: 'Thanks for the report, we are looking into it.' } });
  expect(result.errors).toBeUndefined();
}

async function policy(channel: string, priority: string) {
  const list = await server.gql(POLICIES);
  return list.data!.slaPolicies.find((p) => p.channel === channel && p.priority === priority)!;
}

let mail = 0;
async function mailIn(): Promise<string> {
  mail += 1;
  const response = await postEmail(
    server,
    crlf(`From: Ada Lovelace <ada@example.com>
To: support@opsboard.example
Subject: Results page does not load
Message-ID: <first-response-${mail}@mail.example.com>

The results page spins forever.
`),
  );
  expect(response.status).toBe(201);
  return ((await response.json()) as { ticketId: string }).ticketId;
}

async function socialPost(): Promise<string> {
  mail += 1;
  const response = await fetch(`${server.url}/webhooks/intake`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      channel: 'SOCIAL',
      author: 'Grace Hopper',
      handle: '@grace',
      url: `https://x.com/grace/status/${mail}`,
      text: 'Results page is blank.',
    }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { ticketId: string }).ticketId;
}

describe('FIRST_RESPONSE from arrival', () => {
  it.each([
    ['EMAIL', mailIn],
    ['SOCIAL', socialPost],
  ])('runs for a new untriaged %s ticket on the target its auto-acknowledgement promised', async (_channel, arrive) => {
    clock.set(MONDAY_9AM);
    const t = await ticket(await arrive());
    expect(t.priority).toBeNull();
    expect(t.slaClocks.map((c) => c.kind)).toEqual(['TRIAGE', 'FIRST_RESPONSE']);
    const first = clockOf(t, 'FIRST_RESPONSE');
    expect(first).toMatchObject({ state: 'RUNNING', startedAt: t.createdAt, targetMinutes: 240, basis: 'BUSINESS', dueAt: '2026-03-02T18:00:00.000Z' });
    expect(promised(t)).toBe('4 business hours');
    expect(inWords(first)).toBe(promised(t));
  });

  it('takes the promise and the target from the same policy: an edited untriaged row changes both', async () => {
    const row = await policy('SOCIAL', 'P2');
    expect((await server.gql(UPDATE_POLICY, { id: row.id, input: { firstResponseMinutes: 120 } })).errors).toBeUndefined();
    try {
      clock.set(MONDAY_9AM);
      const t = await ticket(await socialPost());
      expect(promised(t)).toBe('2 business hours');
      expect(clockOf(t, 'FIRST_RESPONSE')).toMatchObject({ targetMinutes: 120, basis: 'BUSINESS', dueAt: '2026-03-02T16:00:00.000Z' });
    } finally {
      await server.gql(UPDATE_POLICY, { id: row.id, input: { firstResponseMinutes: 240 } });
    }
  });

  it('is met by a reply sent before triage, and triage leaves it met', async () => {
    clock.set(MONDAY_9AM);
    const id = await mailIn();
    clock.set('2026-03-02T15:10:00Z'); // 10:10 EST
    await respond(id);
    const answered = await ticket(id);
    expect(answered.priority).toBeNull();
    expect(answered.firstRespondedAt).toBe('2026-03-02T15:10:00.000Z');
    expect(clockOf(answered, 'FIRST_RESPONSE')).toMatchObject({ state: 'MET', metAt: '2026-03-02T15:10:00.000Z' });

    clock.set('2026-03-02T15:30:00Z');
    expect((await server.gql(TRIAGE, { id, input: { priority: 'P1', type: 'BUG', ownerId: adminId } })).errors).toBeUndefined();
    const triaged = await ticket(id);
    expect(clockOf(triaged, 'FIRST_RESPONSE')).toMatchObject({ state: 'MET', metAt: '2026-03-02T15:10:00.000Z', targetMinutes: 240, basis: 'BUSINESS' });
    expect(clockOf(triaged, 'RESOLUTION').state).toBe('RUNNING');
    await runSlaSweep(server.app.rt);
    expect(clockOf(await ticket(id), 'FIRST_RESPONSE').state).toBe('MET');
  });

  it('is re-targeted to calendar time when triage sets P1, keeping the business minutes used before it', async () => {
    clock.set(FRIDAY_1630);
    const id = await mailIn();
    expect(clockOf(await ticket(id), 'FIRST_RESPONSE')).toMatchObject({ basis: 'BUSINESS', dueAt: '2026-03-16T16:30:00.000Z' });
    // Monday 09:15 EDT: 30 business minutes on Friday and 15 this morning are used; 75 of P1's 120 are left.
    clock.set('2026-03-16T13:15:00Z');
    expect((await server.gql(TRIAGE, { id, input: { priority: 'P1', type: 'BUG', ownerId: adminId } })).errors).toBeUndefined();
    const t = await ticket(id);
    expect(clockOf(t, 'FIRST_RESPONSE')).toMatchObject({
      state: 'RUNNING',
      startedAt: t.createdAt,
      targetMinutes: 120,
      basis: 'CALENDAR',
      dueAt: '2026-03-16T14:30:00.000Z',
    });
    expect(clockOf(t, 'TRIAGE').state).toBe('MET');
  });

  it('breaches for an untriaged ticket with an event that names the broken promise', async () => {
    clock.set(MONDAY_9AM);
    const id = await mailIn();
    const number = (await server.app.rt.prisma.ticket.findUniqueOrThrow({ where: { id } })).number;
    clock.set('2026-03-02T18:00:00Z'); // 13:00 EST: four business hours without a reply
    await runSlaSweep(server.app.rt);
    const t = await ticket(id);
    expect(clockOf(t, 'FIRST_RESPONSE').state).toBe('BREACHED');
    const events = await server.app.rt.prisma.event.findMany({ where: { type: 'SLA_BREACHED' }, orderBy: { id: 'asc' } });
    const mine = events.map((e) => e.payload as Record<string, unknown>).filter((p) => p.ticketId === id);
    // TRIAGE (1 business hour) and FIRST_RESPONSE; no priority yet, and the due time is the promised one.
    expect(mine).toEqual([
      expect.objectContaining({ kind: 'TRIAGE', priority: null, ticketNumber: `${server.app.rt.config.ticketPrefix}-${number}` }),
      expect.objectContaining({ kind: 'FIRST_RESPONSE', priority: null, dueAt: '2026-03-02T18:00:00.000Z' }),
    ]);
    // Only user-update clocks remind an owner; an untriaged breach is for the queue and the wallboard.
    expect(await server.app.rt.prisma.notification.count({ where: { ticketId: id, template: 'user_update_reminder' } })).toBe(0);
    // A late reply still records when the promise was kept.
    clock.set('2026-03-02T18:30:00Z');
    await respond(id);
    expect(clockOf(await ticket(id), 'FIRST_RESPONSE')).toMatchObject({ state: 'BREACHED', metAt: '2026-03-02T18:30:00.000Z' });
  });
});

describe('calendar time for P0 and P1, business hours for P2 and P3, across a weekend', () => {
  // Created Friday 16:30 EDT with the priority known (the acknowledgement promises that priority's
  // first response); answered ten minutes later.
  const expected = {
    P0: { promise: '15 minutes', basis: 'CALENDAR', firstResponse: '2026-03-13T20:45:00.000Z', userUpdate: '2026-03-13T21:10:00.000Z' },
    P1: { promise: '2 hours', basis: 'CALENDAR', firstResponse: '2026-03-13T22:30:00.000Z', userUpdate: '2026-03-14T00:40:00.000Z' },
    // 4 business hours: 30 minutes on Friday, Monday 09:00–12:30.
    P2: { promise: '4 business hours', basis: 'BUSINESS', firstResponse: '2026-03-16T16:30:00.000Z', userUpdate: '2026-03-23T20:40:00.000Z' },
    // "<24 hours" is one business day, 8 business hours: Friday 30 minutes, Monday until 16:30. Updates: 48
    // business hours from Friday 16:40, i.e. 20 minutes, the next week Monday to Friday, and Monday until 16:40.
    P3: { promise: '8 business hours', basis: 'BUSINESS', firstResponse: '2026-03-16T20:30:00.000Z', userUpdate: '2026-03-23T20:40:00.000Z' },
  } as const;

  // One requester per priority: one address gets at most 3 acknowledgements an hour.
  it.each(Object.keys(expected) as (keyof typeof expected)[])('%s', async (priority) => {
    const want = expected[priority];
    clock.set(FRIDAY_1630);
    const created = await createTicket(server, {
      channel: 'EMAIL',
      priority: priority as CreateTicketInput['priority'],
      requesterEmail: `lin.${priority.toLowerCase()}@example.com`,
    });
    const t = await ticket(created.id);
    expect(clockOf(t, 'FIRST_RESPONSE')).toMatchObject({ state: 'RUNNING', basis: want.basis, dueAt: want.firstResponse });
    expect(promised(t)).toBe(want.promise);

    clock.set('2026-03-13T20:40:00Z');
    await respond(created.id);
    const answered = await ticket(created.id);
    expect(clockOf(answered, 'FIRST_RESPONSE').state).toBe('MET');
    expect(clockOf(answered, 'USER_UPDATE')).toMatchObject({
      state: 'RUNNING',
      basis: want.basis,
      startedAt: '2026-03-13T20:40:00.000Z',
      dueAt: want.userUpdate,
    });
  });

  it('seeds every channel that way', async () => {
    const list = await server.gql(POLICIES);
    for (const p of list.data!.slaPolicies) {
      const basis = p.priority === 'P0' || p.priority === 'P1' ? 'CALENDAR' : 'BUSINESS';
      expect({ channel: p.channel, priority: p.priority, first: p.firstResponseBasis, update: p.userUpdateBasis }).toEqual({
        channel: p.channel,
        priority: p.priority,
        first: basis,
        update: basis,
      });
    }
    expect(list.data!.slaPolicies).toHaveLength(20);
  });
});
