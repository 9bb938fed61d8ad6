// Reports through the public API: report(period, start) and trends(months) over GraphQL, the tickets
// behind a number, GET /reports/export.csv, the CSAT survey page, and the report snapshots.
import { hashPassword } from '@opsboard/server/auth/service.ts';
import { ManualClock } from '@opsboard/server/platform/clock.ts';
import { backfillSnapshots, runDailyCheck } from '@opsboard/server/reports/service.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTicket } from '../../support/factories/tickets.ts';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';
import { login, startServer, type TestServer } from '../../support/server.ts';
import { graphql } from '../../support/graphql.ts';

// Monday 2 March 2026, 09:00 in New York (the default time zone).
const clock = new ManualClock('2026-03-02T14:00:00Z');
const HOUR = 3_600_000;
let server: TestServer;
let agentToken: string;

const RESPOND = graphql(`
  mutation ($id: ID!, $input: RespondInput!) {
    respondToTicket(id: $id, input: $input) {
      id
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
const REPORT = graphql(`
  query ($period: ReportPeriod!, $start: DateTime!, $end: DateTime) {
    report(period: $period, start: $start, end: $end) {
      period
      start
      end
      partial
      metrics {
        volume {
          total
          byChannel {
            channel
            count
          }
        }
        resolvedCount
        firstResponse {
          business {
            count
            p50
          }
          calendar {
            p50
          }
        }
        resolution {
          calendar {
            p50
          }
        }
        csat {
          responses
          satisfied
          score
        }
        reopen {
          rate
        }
        topIssues {
          key
          label
          count
        }
      }
      previous {
        volume {
          total
        }
      }
      comparison {
        metric
        current
        previous
        change
      }
      backlog {
        open
        overdueResponses
        byAge {
          label
          count
        }
      }
    }
  }
`);

let a: { id: string; number: string };
let c: { id: string; number: string };
let surveyToken: string;

beforeAll(async () => {
  server = await startServer({ clock });
  const p = server.app.rt.prisma;
  await p.user.create({
    data: {
      email: 'agent.reports@opsboard.example',
      name: 'Ada Agent',
      role: 'AGENT',
      passwordHash: await hashPassword('agent-password-1', server.app.rt.config.scryptCost),
    },
  });
  agentToken = await login(server, 'agent.reports@opsboard.example', 'agent-password-1');

  // A: e-mail, answered after 2 h, resolved after 6 h. B: spam (never counts). C: open, unanswered.
  a = await createTicket(server, { title: 'Export to CSV fails', requesterEmail: 'lin@example.com', requesterName: 'Lin Chen', priority: 'P2', type: 'BUG' });
  const b = await createTicket(server, { title: 'Cheap watches', channel: 'SOCIAL' });
  await p.ticket.update({ where: { id: b.id }, data: { isSpam: true } });
  c = await createTicket(server, { title: 'Export to CSV fails again', channel: 'WEB', type: 'BUG' });
  clock.advance(2 * HOUR);
  expect((await server.gql(RESPOND, { id: a.id, input: { body: 'We are looking into it.' } })).errors).toBeUndefined();
  clock.advance(4 * HOUR);
  const admin = await p.user.findFirstOrThrow({ where: { email: 'admin@opsboard.example' } });
  // Its owner set on the way: a ticket leaves NEW only with type, priority and owner.
  expect((await server.gql(UPDATE, { id: a.id, input: { status: 'RESOLVED', ownerId: admin.id } })).data?.updateTicket.status).toBe('RESOLVED');
  const mail = await p.notification.findFirstOrThrow({ where: { template: 'csat_survey', ticketId: a.id } });
  surveyToken = /\/csat\/([A-Za-z0-9_-]+)/.exec(mail.body)![1]!;
  expect(mail.recipient).toBe('lin@example.com');
  expect(mail.body).toContain(`${server.app.rt.config.publicUrl}/csat/${surveyToken}`);
});
afterAll(async () => server?.stop());

describe('the CSAT survey', () => {
  const page = (token: string, init?: RequestInit) => fetch(`${server.url}/csat/${token}`, init);
  const answer = (token: string, form: Record<string, string>) =>
    page(token, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });

  it('shows the form, refuses a bad rating without writing, takes one answer and refuses the second', async () => {
    const form = await page(surveyToken);
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain(a.number);
    expect(html).toContain('name="rating" value="5"');

    const bad = await answer(surveyToken, { rating: '9' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('rating: must be from 1 to 5');
    expect((await server.app.rt.prisma.csatResponse.findUniqueOrThrow({ where: { ticketId: a.id } })).answeredAt).toBeNull();

    const ok = await answer(surveyToken, { rating: '5', comment: 'Quick and clear.' });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('Thank you');

    const again = await answer(surveyToken, { rating: '1' });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('this survey was already answered on 2026-03-02; each link works once');
    expect((await page(surveyToken)).status).toBe(409);

    const ticket = await server.gql(
      graphql(`
        query ($id: ID!) {
          ticket(id: $id) {
            csat {
              rating
              comment
              answeredAt
            }
          }
        }
      `),
      { id: a.id },
    );
    expect(ticket.data?.ticket?.csat).toEqual({ rating: 5, comment: 'Quick and clear.', answeredAt: '2026-03-02T20:00:00.000Z' });
  });

  it('answers an unknown link with 404', async () => {
    const unknown = await answer('AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', { rating: '4' });
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('Survey link (unknown or mistyped; use the link from the e-mail) not found');
  });

  it('asks once per ticket, even when it is resolved again after a reopen', async () => {
    await server.gql(UPDATE, { id: a.id, input: { status: 'IN_PROGRESS' } });
    await server.gql(UPDATE, { id: a.id, input: { status: 'RESOLVED' } });
    expect(await server.app.rt.prisma.notification.count({ where: { template: 'csat_survey', ticketId: a.id } })).toBe(1);
  });
});

describe('report and trends', () => {
  it('computes the month: spam left out, business-hour first response, resolution, CSAT, backlog', async () => {
    const result = await server.gql(REPORT, { period: 'MONTH', start: '2026-03-15T00:00:00Z' });
    expect(result.errors).toBeUndefined();
    const r = result.data!.report;
    expect([r.period, r.start, r.end, r.partial]).toEqual(['MONTH', '2026-03-01T05:00:00.000Z', '2026-04-01T04:00:00.000Z', true]);
    expect(r.metrics.volume.total).toBe(2);
    expect(r.metrics.volume.byChannel.filter((x: { count: number }) => x.count)).toEqual([
      { channel: 'EMAIL', count: 1 },
      { channel: 'WEB', count: 1 },
    ]);
    expect(r.metrics.resolvedCount).toBe(1);
    expect(r.metrics.firstResponse).toEqual({ business: { count: 1, p50: 120 }, calendar: { p50: 120 } });
    expect(r.metrics.resolution.calendar.p50).toBe(360);
    expect(r.metrics.csat).toEqual({ responses: 1, satisfied: 1, score: 1 });
    // A was reopened and resolved again: reopened once among one resolved ticket.
    expect(r.metrics.reopen.rate).toBe(1);
    expect(r.metrics.topIssues).toEqual([{ key: 'BUG|export csv fails', label: 'export csv fails', count: 2 }]);
    expect(r.previous.volume.total).toBe(0);
    expect(r.comparison[0]).toEqual({ metric: 'Tickets created', current: 2, previous: 0, change: 2 });
    expect(r.backlog.open).toBe(1);
  });

  it('lists the tickets behind a number', async () => {
    const drill = graphql(`
      query ($set: ReportTicketSet!, $key: String) {
        reportTickets(start: "2026-03-01T05:00:00Z", end: "2026-04-01T04:00:00Z", set: $set, issueKey: $key) {
          totalCount
          tickets {
            number
          }
        }
      }
    `);
    expect((await server.gql(drill, { set: 'CREATED' })).data?.reportTickets).toEqual({ totalCount: 2, tickets: [{ number: c.number }, { number: a.number }] });
    expect((await server.gql(drill, { set: 'RESOLVED' })).data?.reportTickets.tickets).toEqual([{ number: a.number }]);
    expect((await server.gql(drill, { set: 'ISSUE', key: 'BUG|export csv fails' })).data?.reportTickets.totalCount).toBe(2);
    expect((await server.gql(drill, { set: 'CSAT_ANSWERED' })).data?.reportTickets.tickets).toEqual([{ number: a.number }]);
  });

  it('refuses a range that ends before it starts, bad months, and non-managers', async () => {
    const backwards = await server.gql(REPORT, { period: 'DAY', start: '2026-03-10T00:00:00Z', end: '2026-03-01T00:00:00Z' });
    expect(backwards.errors?.[0]?.message).toBe('Invalid input — end: must be after start (2026-03-10T00:00:00.000Z); the range ends before it starts');
    expect(backwards.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    for (const months of [0, 37]) {
      const bad = await server.gql(
        graphql(`
          query ($m: Int!) {
            trends(months: $m) {
              label
            }
          }
        `),
        { m: months },
      );
      expect(bad.errors?.[0]?.message).toBe(`months: must be a whole number from 1 to 36, got ${months}`);
    }
    const agent = await server.gql(REPORT, { period: 'DAY', start: '2026-03-02T14:00:00Z' }, agentToken);
    expect(agent.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('gives 12 months of trends, this month last', async () => {
    const result = await server.gql(
      graphql(`
        {
          trends(months: 12) {
            label
            partial
            metrics {
              volume {
                total
              }
              csat {
                score
              }
            }
          }
        }
      `),
    );
    const points = result.data!.trends;
    expect(points).toHaveLength(12);
    expect(points[0]!.label).toBe('2025-04');
    expect(points.at(-1)).toEqual({ label: '2026-03', partial: true, metrics: { volume: { total: 2 }, csat: { score: 1 } } });
  });
});

describe('GET /reports/export.csv', () => {
  const csv = (query: string, token: string | null = server.adminToken) =>
    fetch(`${server.url}/reports/export.csv?${query}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('sends a report table and a trend chart as CSV', async () => {
    const volume = await csv('table=volume-by-channel&period=MONTH&start=2026-03-02T14:00:00Z');
    expect(volume.status).toBe(200);
    expect(volume.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(volume.headers.get('content-disposition')).toBe('attachment; filename="opsboard-volume-by-channel-month-2026-03-01.csv"');
    expect(await volume.text()).toBe('channel,tickets\r\nEMAIL,1\r\nGITHUB,0\r\nSOCIAL,0\r\nCOMMUNITY,0\r\nWEB,1\r\n');

    const trend = await (await csv('table=trend-resolution&months=2')).text();
    expect(trend).toBe('month,p50_hours,p90_hours\r\n2026-02,,\r\n2026-03,6,6\r\n');
  });

  it('needs a manager token, a known table and a valid range', async () => {
    expect((await csv('table=summary&period=MONTH&start=2026-03-02T14:00:00Z', null)).status).toBe(401);
    expect((await csv('table=summary&period=MONTH&start=2026-03-02T14:00:00Z', agentToken)).status).toBe(403);
    const unknown = await csv('table=nope&period=MONTH&start=2026-03-02T14:00:00Z');
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: string }).error).toMatch(/^table: unknown table "nope"; one of summary, goals/);
    const backwards = await csv('table=summary&period=DAY&start=2026-03-10T00:00:00Z&end=2026-03-01T00:00:00Z');
    expect(backwards.status).toBe(400);
    expect(((await backwards.json()) as { error: string }).error).toContain('end: must be after start');
  });
});

describe('snapshots', () => {
  it('stores the daily check idempotently: a rerun replaces, never doubles', async () => {
    const p = server.app.rt.prisma;
    clock.set('2026-03-03T14:00:00Z'); // Tuesday 09:00 in New York
    const first = await runDailyCheck(server.app.rt);
    expect(first).toEqual({ ran: true, start: new Date('2026-03-02T05:00:00Z') });
    const day = await p.metricSnapshot.findUniqueOrThrow({
      where: { period_periodStart_kind: { period: 'DAY', periodStart: new Date('2026-03-02T05:00:00Z'), kind: 'metrics' } },
    });
    expect((day.data as { volume: { total: number } }).volume.total).toBe(2);
    expect(await p.metricSnapshot.count()).toBe(3); // the day, its week and its month

    // The same run again (another instance a moment later) is not repeated.
    expect(await runDailyCheck(server.app.rt)).toEqual({ ran: false });
    expect(await p.event.count({ where: { type: 'DAILY_CHECK_READY' } })).toBe(1);

    // The backfill rebuilds: same rows, replaced.
    clock.set('2026-04-01T10:00:00Z'); // within the 30-day session
    await backfillSnapshots(p, server.app.rt.config.timeZone, clock.now(), { months: 2 });
    const countAfter = await p.metricSnapshot.count();
    await backfillSnapshots(p, server.app.rt.config.timeZone, clock.now(), { months: 2 });
    expect(await p.metricSnapshot.count()).toBe(countAfter);
    const marchRows = await p.metricSnapshot.findMany({ where: { period: 'MONTH', periodStart: new Date('2026-03-01T05:00:00Z') } });
    expect(marchRows).toHaveLength(1);
    expect(marchRows[0]!.computedAt).toEqual(new Date('2026-04-01T10:00:00Z'));

    const march = await server.gql(
      graphql(`
        {
          report(period: MONTH, start: "2026-03-10T12:00:00Z") {
            fromSnapshot
            metrics {
              volume {
                total
              }
            }
          }
        }
      `),
    );
    expect(march.data?.report).toEqual({ fromSnapshot: true, metrics: { volume: { total: 2 } } });
    const trends = await server.gql(
      graphql(`
        {
          trends(months: 2) {
            label
            fromSnapshot
            metrics {
              volume {
                total
              }
            }
          }
        }
      `),
    );
    expect(trends.errors).toBeUndefined();
    expect(trends.data?.trends).toEqual([
      { label: '2026-03', fromSnapshot: true, metrics: { volume: { total: 2 } } },
      { label: '2026-04', fromSnapshot: false, metrics: { volume: { total: 0 } } },
    ]);
  });
});

describe.skipIf(!process.env.OPSBOARD_TEST_POSTGRES_URL)('snapshots with two server processes on PostgreSQL', () => {
  let db: TestDatabase;
  let one: TestServer;
  let two: TestServer;
  const shared = new ManualClock('2026-03-02T14:00:00Z');
  beforeAll(async () => {
    db = await createTestDatabase();
    one = await startServer({ db, clock: shared });
    two = await startServer({ db, clock: shared });
    await createTicket(one);
  });
  afterAll(async () => {
    await one?.stop();
    await two?.stop();
    await db?.drop();
  });

  it('runs the daily check once when both instances start it together', async () => {
    shared.set('2026-03-03T14:00:00Z');
    const outcomes = await Promise.all([runDailyCheck(one.app.rt), runDailyCheck(two.app.rt)]);
    expect(outcomes.filter((o) => o.ran)).toHaveLength(1);
    const p = one.app.rt.prisma;
    expect(await p.event.count({ where: { type: 'DAILY_CHECK_READY' } })).toBe(1);
    expect(await p.metricSnapshot.count({ where: { period: 'DAY' } })).toBe(1);
    expect(await runDailyCheck(two.app.rt)).toEqual({ ran: false });
  });
});
