// Resolution Time as the guide's metrics table defines it, "time from ticket to close", beside the
// resolution to the fix that the 48-hour goal reads: over GraphQL, the tickets behind it, the CSV
// export, the SQL and row-by-row computations, and snapshots stored before it was measured.
import { ManualClock } from '@opsboard/server/platform/clock.ts';
import { periodRange } from '@opsboard/server/reports/metrics.ts';
import { loadMetrics, loadMetricsFromRows } from '@opsboard/server/reports/metrics-sql.ts';
import { backfillSnapshots } from '@opsboard/server/reports/service.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIRM_RESOLUTION, createTicket, TRIAGE_TICKET, UPDATE_TICKET } from '../../support/factories/tickets.ts';
import { graphql } from '../../support/graphql.ts';
import { ADMIN, login, startServer, type TestServer } from '../../support/server.ts';

// Monday 2 March 2026, 09:00 in New York (the default time zone).
const T0 = Date.parse('2026-03-02T14:00:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const at = (ms: number) => new Date(T0 + ms);
const clock = new ManualClock(at(0));
// Closed on 1 April, the next month, 30 days and 1 hour after T0.
const APRIL_CLOSE = new Date('2026-04-01T15:00:00Z');
let server: TestServer;
let adminId: string;
/** Signed in again after the clock jumps a month (sessions expire). */
let token: string | undefined;
const numbers: Record<string, string> = {};

const REPORT = graphql(`
  query ($start: DateTime!) {
    report(period: MONTH, start: $start) {
      fromSnapshot
      metrics {
        resolvedCount
        resolution {
          calendar {
            count
            mean
            p50
            p90
          }
          withinTarget
        }
        resolutionToClose {
          calendar {
            count
            mean
            p50
            p90
          }
          withinTarget
        }
      }
      goals {
        name
        actual
      }
      comparison {
        metric
        current
        previous
      }
      closing {
        closed
      }
    }
  }
`);
const TRENDS = graphql(`
  query ($months: Int!) {
    trends(months: $months) {
      label
      fromSnapshot
      metrics {
        resolutionToClose {
          calendar {
            p50
          }
          withinTarget
        }
      }
    }
  }
`);
const DRILL = graphql(`
  query ($start: DateTime!, $end: DateTime!) {
    reportTickets(start: $start, end: $end, set: CLOSED) {
      totalCount
      tickets {
        number
      }
    }
  }
`);

const ok = async (result: Promise<{ errors?: unknown }>) => expect((await result).errors).toBeUndefined();
async function open(name: string): Promise<string> {
  const t = await createTicket(server, { title: `Close time ${name}`, requesterEmail: `close.${name.toLowerCase()}@example.com` }, token);
  numbers[name] = t.number;
  // A ticket leaves NEW only with type, priority and owner.
  await ok(server.gql(TRIAGE_TICKET, { id: t.id, input: { type: 'BUG', priority: 'P2', ownerId: adminId } }, token));
  return t.id;
}
const setStatus = (id: string, status: 'RESOLVED' | 'IN_PROGRESS') => ok(server.gql(UPDATE_TICKET, { id, input: { status } }, token));
const closeWithReason = (id: string) =>
  ok(server.gql(UPDATE_TICKET, { id, input: { status: 'CLOSED', closeReason: 'Fixed; the user stopped answering' } }, token));
const confirm = (id: string) => ok(server.gql(CONFIRM_RESOLUTION, { id, how: 'PHONE' }, token));
const csv = async (query: string) => {
  const res = await fetch(`${server.url}/reports/export.csv?${query}`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return res.text();
};

beforeAll(async () => {
  server = await startServer({ clock });
  adminId = (await server.app.rt.prisma.user.findFirstOrThrow({ where: { email: ADMIN.email } })).id;

  // Created at T0 (C an hour later). Resolved (R) and closed (X) at, from T0:
  //   A  R 1 h   X 48 h 00 min, the user confirmed     → to close 2 880 min: within 48 h, the boundary
  //   B  R 2 h   X 48 h 01 min, an agent's reason      → 2 881: past 48 h by a minute
  //   C  R 3 h   X 10 h, an agent's reason             → 540 (created at 1 h)
  //   D  R 5 h   X 24 h, the user confirmed            → 1 440
  //   E  R 4 h   never closed                          → in resolution only
  //   F  R 6 h   X 1 April                             → April's close, March's resolution
  //   G  R 1 h, X 2 h, reopened 3 h, R again 7 h       → a reopen clears the close: resolution only
  const [a, b, d, e, f, g] = [await open('A'), await open('B'), await open('D'), await open('E'), await open('F'), await open('G')];
  clock.set(at(HOUR));
  const c = await open('C');
  await setStatus(a, 'RESOLVED');
  await setStatus(g, 'RESOLVED');
  clock.set(at(2 * HOUR));
  await setStatus(b, 'RESOLVED');
  await closeWithReason(g);
  clock.set(at(3 * HOUR));
  await setStatus(c, 'RESOLVED');
  await setStatus(g, 'IN_PROGRESS');
  clock.set(at(4 * HOUR));
  await setStatus(e, 'RESOLVED');
  clock.set(at(5 * HOUR));
  await setStatus(d, 'RESOLVED');
  clock.set(at(6 * HOUR));
  await setStatus(f, 'RESOLVED');
  clock.set(at(7 * HOUR));
  await setStatus(g, 'RESOLVED');
  clock.set(at(10 * HOUR));
  await closeWithReason(c);
  clock.set(at(24 * HOUR));
  await confirm(d);
  clock.set(at(48 * HOUR));
  await confirm(a);
  clock.set(at(48 * HOUR + MINUTE));
  await closeWithReason(b);

  clock.set(APRIL_CLOSE);
  token = await login(server, ADMIN.email, ADMIN.password);
  await closeWithReason(f);
});
afterAll(async () => server?.stop());

describe('resolution to the close', () => {
  it('measures March from creation to the close, beside the resolution to the fix', async () => {
    const march = await server.gql(REPORT, { start: at(0).toISOString() }, token);
    expect(march.errors).toBeUndefined();
    const r = march.data!.report;
    // To the fix: A 60, B 120, C 120, E 240, D 300, F 360, G 420 (its latest resolution): all within 48 h.
    expect(r.metrics.resolvedCount).toBe(7);
    expect(r.metrics.resolution).toEqual({ calendar: { count: 7, mean: 231.43, p50: 240, p90: 420 }, withinTarget: 1 });
    // To the close: C 540, D 1 440, A 2 880, B 2 881. Nearest rank: p50 the 2nd, p90 the 4th.
    // 48 h exactly counts, 48 h 1 min does not: 3 of 4. E (not closed), F (April) and G (reopened) are not in it.
    expect(r.metrics.resolutionToClose).toEqual({ calendar: { count: 4, mean: 1935.25, p50: 1440, p90: 2881 }, withinTarget: 0.75 });
    // The same tickets the monthly review counts as closed.
    expect(r.closing.closed).toBe(4);
    // The goal keeps reading the fix.
    expect(r.goals.find((g) => g.name === 'Resolve 80 % of issues within 48 hours')?.actual).toBe(100);
    const row = (metric: string) => r.comparison.find((c) => c.metric === metric);
    expect(row('Resolution to close p50 (hours)')).toEqual({ metric: 'Resolution to close p50 (hours)', current: 24, previous: null });
    expect(row('Resolution to close p90 (hours)')?.current).toBe(48.02);
    expect(row('Closed within 48 hours (%)')?.current).toBe(75);

    const drill = await server.gql(DRILL, { start: '2026-03-01T05:00:00Z', end: '2026-04-01T04:00:00Z' }, token);
    expect(drill.data?.reportTickets.totalCount).toBe(4);
    expect(drill.data?.reportTickets.tickets.map((t) => t.number).sort()).toEqual(['A', 'B', 'C', 'D'].map((n) => numbers[n]).sort());
  });

  it('counts the close in the month it happened: F in April, not March', async () => {
    const april = await server.gql(REPORT, { start: APRIL_CLOSE.toISOString() }, token);
    expect(april.errors).toBeUndefined();
    const m = april.data!.report.metrics;
    // F: 30 days and 1 hour from creation to the close (43 260 min); nothing was resolved in April.
    expect(m.resolutionToClose).toEqual({ calendar: { count: 1, mean: 43260, p50: 43260, p90: 43260 }, withinTarget: 0 });
    expect(m.resolution).toEqual({ calendar: { count: 0, mean: null, p50: null, p90: null }, withinTarget: null });
  });

  it('gives the same numbers from SQL and from the rows', async () => {
    const { prisma, config } = server.app.rt;
    for (const at of [new Date(T0), APRIL_CLOSE]) {
      const { start, end } = periodRange('MONTH', at, config.timeZone);
      const [sql, rows] = await Promise.all([loadMetrics(prisma, config.timeZone, start, end), loadMetricsFromRows(prisma, config.timeZone, start, end)]);
      expect(sql).toEqual(rows);
      expect(sql.resolutionToClose?.calendar.count).toBeGreaterThan(0);
    }
  });

  it('sends both measures in the CSV export', async () => {
    const start = `period=MONTH&start=${at(0).toISOString()}`;
    expect(await csv(`table=resolution&${start}`)).toBe(
      'measured_to,tickets,p50_hours,p90_hours,within_48h_percent\r\nfix (resolved),7,4,7,100\r\nclose (closed),4,24,48.02,75\r\n',
    );
    expect((await csv(`table=response-times&${start}`)).split('\r\n')).toContain('resolution to close (calendar hours),4,32.25,24,48.02');
    expect(await csv('table=trend-resolution-to-close&months=2')).toBe(
      'month,p50_hours,p90_hours,within_48h_percent\r\n2026-03,24,48.02,75\r\n2026-04,721,721,0\r\n',
    );
  });

  it('still reads a snapshot stored before the close was measured: null, not an error; a rebuild adds it', async () => {
    const p = server.app.rt.prisma;
    const tz = server.app.rt.config.timeZone;
    await backfillSnapshots(p, tz, clock.now(), { months: 2, weeks: false });
    // March's snapshot as one stored before this metric: without its key.
    const marchStart = new Date('2026-03-01T05:00:00Z');
    expect(await p.$executeRaw`UPDATE "MetricSnapshot" SET data = data - 'resolutionToClose' WHERE period = 'MONTH' AND "periodStart" = ${marchStart}`).toBe(1);

    const old = await server.gql(REPORT, { start: at(0).toISOString() }, token);
    expect(old.errors).toBeUndefined();
    expect(old.data?.report.fromSnapshot).toBe(true);
    expect(old.data?.report.metrics.resolutionToClose).toBeNull();
    expect(old.data?.report.metrics.resolution.calendar.p50).toBe(240);
    expect(old.data?.report.comparison.find((c) => c.metric === 'Resolution to close p50 (hours)')?.current).toBeNull();
    const trends = await server.gql(TRENDS, { months: 2 }, token);
    expect(trends.errors).toBeUndefined();
    expect(trends.data?.trends).toEqual([
      { label: '2026-03', fromSnapshot: true, metrics: { resolutionToClose: null } },
      { label: '2026-04', fromSnapshot: false, metrics: { resolutionToClose: { calendar: { p50: 43260 }, withinTarget: 0 } } },
    ]);
    const start = `period=MONTH&start=${at(0).toISOString()}`;
    expect((await csv(`table=resolution&${start}`)).split('\r\n')[2]).toBe('close (closed),,,,');
    expect((await csv(`table=response-times&${start}`)).split('\r\n')).toContain('resolution to close (calendar hours),,,,');
    expect(await csv('table=trend-resolution-to-close&months=2')).toBe('month,p50_hours,p90_hours,within_48h_percent\r\n2026-03,,,\r\n2026-04,721,721,0\r\n');

    await backfillSnapshots(p, tz, clock.now(), { months: 2, weeks: false });
    const rebuilt = await server.gql(REPORT, { start: at(0).toISOString() }, token);
    expect(rebuilt.data?.report.fromSnapshot).toBe(true);
    expect(rebuilt.data?.report.metrics.resolutionToClose).toEqual({ calendar: { count: 4, mean: 1935.25, p50: 1440, p90: 2881 }, withinTarget: 0.75 });
  });
});
