// "No way around triage": a ticket leaves NEW only with its type, priority and owner, a reply does
// not move it out of NEW, and a reply sent before triage counts against the first-response clock —
// in time or late, as the checklist's "First response sent within target time" then says.
import { ManualClock } from '@opsboard/server/platform/clock.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, createTicket } from '../../support/factories/tickets.ts';
import { graphql } from '../../support/graphql.ts';
import { startServer, type TestServer } from '../../support/server.ts';

// Monday 2 March 2026, 09:00 in New York (EST): an untriaged ticket's first response is due at 13:00
// (the channel's P2 row stands in before triage: 4 business hours).
const MONDAY_9AM = Date.parse('2026-03-02T14:00:00Z');
const at = (minutes: number) => new Date(MONDAY_9AM + minutes * 60_000);
const clock = new ManualClock(at(0));
let server: TestServer;
let adminId: string;

beforeAll(async () => {
  server = await startServer({ clock });
  adminId = (await server.app.rt.prisma.user.findFirstOrThrow({ where: { email: 'admin@opsboard.example' } })).id;
});
afterAll(async () => server?.stop());

const RESPOND = graphql(`
  mutation ($id: ID!, $input: RespondInput!) {
    respondToTicket(id: $id, input: $input) {
      status
    }
  }
`);
const TRIAGE = graphql(`
  mutation ($id: ID!, $input: TriageInput!) {
    triageTicket(id: $id, input: $input) {
      status
    }
  }
`);
const TICKET = graphql(`
  query ($id: ID!) {
    ticket(id: $id) {
      status
      firstRespondedAt
      slaClocks {
        kind
        state
        dueAt
        metAt
      }
      checklist {
        key
        done
        doneAt
      }
    }
  }
`);

async function view(id: string) {
  const result = await server.gql(TICKET, { id });
  expect(result.errors).toBeUndefined();
  const t = result.data!.ticket!;
  return {
    status: t.status,
    firstRespondedAt: t.firstRespondedAt,
    firstResponse: t.slaClocks.find((c) => c.kind === 'FIRST_RESPONSE')!,
    inTime: t.checklist.find((c) => c.key === 'first_response_in_time')!,
  };
}

const reply = (id: string, status?: 'IN_PROGRESS' | 'WAITING_ON_USER' | 'RESOLVED') =>
  server.gql(RESPOND, { id, input: { body: 'Thanks, we are looking into it.', ...(status ? { status } : {}) } });

describe('a reply before triage', () => {
  it('leaves the ticket NEW, meets the first-response clock and ticks "responded in time"', async () => {
    clock.set(at(0));
    const ticket = await createTicket(server, { requesterEmail: 'ada@example.com' });
    clock.set(at(70));
    const answered = await reply(ticket.id);
    expect(answered.errors).toBeUndefined();
    expect(answered.data?.respondToTicket.status).toBe('NEW');
    const t = await view(ticket.id);
    expect(t.status).toBe('NEW');
    expect(t.firstResponse).toMatchObject({ state: 'MET', dueAt: at(240).toISOString(), metAt: at(70).toISOString() });
    expect(t.inTime).toMatchObject({ done: true, doneAt: at(70).toISOString() });

    // Triage then moves it on; a reply after triage moves a TRIAGED ticket to IN_PROGRESS.
    expect((await server.gql(TRIAGE, { id: ticket.id, input: { type: 'BUG', priority: 'P2', ownerId: adminId } })).data?.triageTicket.status).toBe('TRIAGED');
    expect((await reply(ticket.id)).data?.respondToTicket.status).toBe('IN_PROGRESS');
    expect((await view(ticket.id)).firstResponse).toMatchObject({ state: 'MET', metAt: at(70).toISOString() });
  });

  it('with a status is refused, naming what triage lacks, and writes nothing', async () => {
    clock.set(at(0));
    const ticket = await createTicket(server, { requesterEmail: 'grace@example.com' });
    const before = await countRows(server);
    for (const status of ['IN_PROGRESS', 'WAITING_ON_USER', 'RESOLVED'] as const) {
      const refused = await reply(ticket.id, status);
      expect(refused.errors?.[0]?.extensions?.fieldErrors).toEqual([
        { field: 'input.type', message: 'required to leave NEW (triage sets type, priority and owner)' },
        { field: 'input.priority', message: 'required to leave NEW (triage sets type, priority and owner)' },
        { field: 'input.ownerId', message: 'required to leave NEW (triage sets type, priority and owner)' },
      ]);
    }
    expect(await countRows(server)).toEqual(before);
    const t = await view(ticket.id);
    expect(t).toMatchObject({ status: 'NEW', firstRespondedAt: null });
    expect(t.firstResponse.state).toBe('RUNNING');
  });

  it('at the due minute is in time; a minute later it is late: breached at send time, "responded in time" unticked', async () => {
    clock.set(at(0));
    const onTime = await createTicket(server, { requesterEmail: 'lin@example.com' });
    const late = await createTicket(server, { requesterEmail: 'noor@example.com' });

    clock.set(at(240)); // 13:00, the due time: "< 4 hours" is met at 4 h 00 min
    await reply(onTime.id);
    expect((await view(onTime.id)).firstResponse).toMatchObject({ state: 'MET', metAt: at(240).toISOString() });
    expect((await view(onTime.id)).inTime.done).toBe(true);

    // No sweep ran in between: the reply itself finds the clock overdue.
    clock.set(at(241));
    await reply(late.id);
    const t = await view(late.id);
    expect(t.status).toBe('NEW');
    expect(t.firstRespondedAt).toBe(at(241).toISOString());
    expect(t.firstResponse).toMatchObject({ state: 'BREACHED', dueAt: at(240).toISOString(), metAt: at(241).toISOString() });
    expect(t.inTime).toMatchObject({ done: false, doneAt: null });
    const breaches = await server.app.rt.prisma.event.findMany({ where: { type: 'SLA_BREACHED' } });
    const mine = breaches.map((e) => e.payload as { ticketId: string; kind: string }).filter((p) => p.ticketId === late.id);
    // Its triage clock (1 business hour) was overdue as well.
    expect(mine.map((p) => p.kind)).toEqual(['TRIAGE', 'FIRST_RESPONSE']);
    const onTimeKinds = breaches.map((e) => e.payload as { ticketId: string; kind: string }).filter((p) => p.ticketId === onTime.id);
    expect(onTimeKinds.map((p) => p.kind)).toEqual(['TRIAGE']);
  });
});
