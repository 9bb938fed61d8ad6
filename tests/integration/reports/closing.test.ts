// The monthly review's "closed without confirmation": tickets closed in the month, by how they closed
// (the user confirmed, an agent gave a reason, the quiet period), over GraphQL and the CSV export.
import { ManualClock } from '@opsboard/server/platform/clock.ts';
import { runAutoClose } from '@opsboard/server/tickets/service.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIRM_RESOLUTION, createTicket, TRIAGE_TICKET, UPDATE_TICKET } from '../../support/factories/tickets.ts';
import { graphql } from '../../support/graphql.ts';
import { ADMIN, login, startServer, type TestServer } from '../../support/server.ts';

// Monday 2 March 2026, 09:00 in New York (the default time zone).
const T0 = Date.parse('2026-03-02T14:00:00Z');
const DAY = 86_400_000;
const at = (ms: number) => new Date(T0 + ms);
const clock = new ManualClock(at(0));
let server: TestServer;
let adminId: string;
/** Signed in again after the clock jumps a month (sessions expire). */
let token: string | undefined;

beforeAll(async () => {
  server = await startServer({ clock, env: { OPSBOARD_AUTO_CLOSE_DAYS: '2' } });
  adminId = (await server.app.rt.prisma.user.findFirstOrThrow({ where: { email: 'admin@opsboard.example' } })).id;
});
afterAll(async () => server?.stop());

const REPORT = graphql(`
  query ($start: DateTime!) {
    report(period: MONTH, start: $start) {
      closing {
        closed
        confirmed
        withoutConfirmation
        byAgent
        autoClosed
      }
    }
  }
`);

async function resolved(): Promise<string> {
  const t = await createTicket(server, { requesterEmail: `user${Math.random().toString(36).slice(2, 8)}@example.com` }, token);
  expect((await server.gql(TRIAGE_TICKET, { id: t.id, input: { type: 'BUG', priority: 'P3', ownerId: adminId } }, token)).errors).toBeUndefined();
  expect((await server.gql(UPDATE_TICKET, { id: t.id, input: { status: 'RESOLVED' } }, token)).errors).toBeUndefined();
  return t.id;
}
const close = async (id: string, closeReason: string) =>
  expect((await server.gql(UPDATE_TICKET, { id, input: { status: 'CLOSED', closeReason } }, token)).errors).toBeUndefined();

describe('closed without confirmation, in the monthly review', () => {
  it('counts March closes by how they closed; reopened and April closes are not March’s', async () => {
    clock.set(at(DAY));
    const confirmed = [await resolved(), await resolved()];
    for (const id of confirmed) expect((await server.gql(CONFIRM_RESOLUTION, { id, how: 'CHAT' })).data?.confirmTicketResolution.status).toBe('CLOSED');
    const byAgent = [await resolved(), await resolved(), await resolved()];
    for (const id of byAgent) await close(id, 'Duplicate of an older ticket');
    // One agent close is undone: reopened, it is not closed any more.
    await server.gql(UPDATE_TICKET, { id: byAgent[2]!, input: { status: 'IN_PROGRESS' } });

    // The quiet period (2 days): asked now, reminded after one day, closed after two.
    const quiet = await resolved();
    await runAutoClose(server.app.rt);
    clock.set(at(2 * DAY));
    await runAutoClose(server.app.rt);
    clock.set(at(3 * DAY));
    expect((await runAutoClose(server.app.rt)).closed).toBe(1);
    expect((await server.app.rt.prisma.ticket.findUniqueOrThrow({ where: { id: quiet } })).closure).toBe('AUTO_CLOSED');

    // Closed in April: the next month's.
    clock.set(new Date('2026-04-01T15:00:00Z'));
    token = await login(server, ADMIN.email, ADMIN.password);
    await close(await resolved(), 'No longer relevant');

    const march = await server.gql(REPORT, { start: at(0).toISOString() }, token);
    expect(march.errors).toBeUndefined();
    expect(march.data?.report.closing).toEqual({ closed: 5, confirmed: 2, withoutConfirmation: 3, byAgent: 2, autoClosed: 1 });
    const april = await server.gql(REPORT, { start: '2026-04-02T14:00:00Z' }, token);
    expect(april.data?.report.closing).toEqual({ closed: 1, confirmed: 0, withoutConfirmation: 1, byAgent: 1, autoClosed: 0 });

    const csv = await fetch(`${server.url}/reports/export.csv?table=closing&period=MONTH&start=2026-03-02T14:00:00Z`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(csv.status).toBe(200);
    expect(await csv.text()).toBe('closed,confirmed,without_confirmation,by_agent,auto_closed\r\n5,2,3,2,1\r\n');
  });
});
