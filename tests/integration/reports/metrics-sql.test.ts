// The metrics aggregated in SQL (loadMetrics, what reports, trends and snapshots use) against the same
// rows computed by computeMetrics in TypeScript (the definition the hand-computed fixtures check), on a
// few hundred varied tickets: business hours across weekends, a DST change and a holiday, spam, test and
// merged tickets, owners, tags, reopens, escalations, closes (some at 48 h and at 48 h 1 min), SLA clocks,
// CSAT answers and incidents.
import { ManualClock } from '@opsboard/server/platform/clock.ts';
import { periodRange } from '@opsboard/server/reports/metrics.ts';
import { loadMetrics, loadMetricsFromRows } from '@opsboard/server/reports/metrics-sql.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../../support/server.ts';

const clock = new ManualClock('2026-05-02T14:00:00Z');
const MINUTE = 60_000;
let server: TestServer;

beforeAll(async () => {
  server = await startServer({ clock });
  const p = server.app.rt.prisma;
  const calendar = await p.businessCalendar.findFirstOrThrow({ where: { isDefault: true } });
  await p.holiday.upsert({
    where: { calendarId_date: { calendarId: calendar.id, date: new Date('2026-04-03T00:00:00Z') } },
    create: { calendarId: calendar.id, date: new Date('2026-04-03T00:00:00Z'), name: 'Spring holiday' },
    update: {},
  });
  const owners = await Promise.all(
    ['Ana', 'Bo', 'Cy'].map((name) => p.user.create({ data: { email: `${name.toLowerCase()}.metrics@opsboard.example`, name, role: 'AGENT' } })),
  );
  let seed = 11;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
  const from = Date.UTC(2026, 1, 1);
  const titles = [
    'Login fails after reset',
    'PM-12: Export to CSV broken',
    'Invoice #42 missing',
    'Slow dashboard!!',
    'Help',
    'Dark mode please',
    'Login fails',
  ];
  const tickets = [];
  for (let i = 0; i < 320; i++) {
    // Whole minutes, so means are exact in both implementations.
    const createdAt = new Date(from + Math.floor(random() * 88 * 1440) * MINUTE);
    const answered = random() < 0.85;
    const resolved = random() < 0.8;
    const resolvedAfter = resolved ? Math.floor(random() * 9000) : null;
    // Most resolved tickets are closed: some exactly at the 48-hour target, some a minute past it, the rest later.
    const closedAfter =
      resolvedAfter !== null && random() < 0.75 ? Math.max(resolvedAfter, pick([2880, 2881, resolvedAfter + Math.floor(random() * 6000)])) : null;
    tickets.push({
      title: pick(titles),
      description: 'metrics',
      channel: pick(['EMAIL', 'GITHUB', 'SOCIAL', 'COMMUNITY', 'WEB'] as const),
      type: pick(['BUG', 'QUESTION', null] as const),
      priority: pick(['P0', 'P1', 'P2', 'P3', null] as const),
      tags: pick([[], [], ['Billing'], ['billing', 'x'], ['']]),
      isSpam: random() < 0.05,
      isTest: random() < 0.03,
      ownerId: random() < 0.8 ? pick(owners).id : null,
      reopenCount: random() < 0.1 ? 1 : 0,
      escalationLevel: random() < 0.1 ? ('L2' as const) : ('L1' as const),
      createdAt,
      firstRespondedAt: answered ? new Date(createdAt.getTime() + Math.floor(random() * 4000) * MINUTE) : null,
      resolvedAt: resolvedAfter === null ? null : new Date(createdAt.getTime() + resolvedAfter * MINUTE),
      closedAt: closedAfter === null ? null : new Date(createdAt.getTime() + closedAfter * MINUTE),
    });
  }
  await p.ticket.createMany({ data: tickets });
  const rows = await p.ticket.findMany({
    where: { description: 'metrics' },
    select: { id: true, createdAt: true, resolvedAt: true },
    orderBy: { number: 'asc' },
  });
  await p.ticket.updateMany({ where: { id: { in: rows.slice(0, 4).map((r) => r.id) } }, data: { mergedIntoId: rows[10]!.id } });
  await p.slaClock.createMany({
    data: rows.flatMap((r, i) =>
      (['FIRST_RESPONSE', 'RESOLUTION'] as const).map((kind, k) => ({
        ticketId: r.id,
        kind,
        state: (['MET', 'BREACHED', 'RUNNING', 'MET', 'CANCELLED'] as const)[(i + k) % 5]!,
        basis: 'CALENDAR' as const,
        targetMinutes: 240,
        startedAt: r.createdAt,
      })),
    ),
  });
  await p.csatResponse.createMany({
    data: rows
      .filter((r) => r.resolvedAt)
      .slice(0, 150)
      .map((r, i) => ({
        ticketId: r.id,
        tokenHash: `metrics-${r.id}`,
        sentAt: r.resolvedAt!,
        rating: i % 7 === 0 ? null : 1 + (i % 5),
        answeredAt: new Date(r.resolvedAt!.getTime() + 3 * 3_600_000),
      })),
  });
  for (let i = 0; i < 6; i++) {
    const declaredAt = new Date(from + i * 13 * 86_400_000);
    await p.incident.create({
      data: {
        title: `Incident ${i}`,
        severity: 'P1',
        declaredAt,
        acknowledgedAt: new Date(declaredAt.getTime() + (5 + i) * MINUTE),
        resolvedAt: i % 3 ? new Date(declaredAt.getTime() + (90 + 30 * i) * MINUTE) : null,
      },
    });
  }
});
afterAll(async () => server?.stop());

describe('metrics aggregated in SQL', () => {
  it('equal the metrics computed from the rows, for months, weeks, a day and a custom range', async () => {
    const { prisma, config } = server.app.rt;
    const tz = config.timeZone;
    const ranges = [
      ...['2026-02-10', '2026-03-10', '2026-04-10'].map((d) => periodRange('MONTH', new Date(`${d}T12:00:00Z`), tz)),
      periodRange('WEEK', new Date('2026-03-09T12:00:00Z'), tz),
      periodRange('DAY', new Date('2026-03-03T12:00:00Z'), tz),
      { start: new Date('2026-02-15T00:00:00Z'), end: new Date('2026-04-20T00:00:00Z') },
      // Nothing in it.
      periodRange('MONTH', new Date('2025-06-10T12:00:00Z'), tz),
    ];
    let compared = 0;
    for (const r of ranges) {
      const [sql, rows] = await Promise.all([loadMetrics(prisma, tz, r.start, r.end), loadMetricsFromRows(prisma, tz, r.start, r.end)]);
      expect(sql).toEqual(rows);
      compared += sql.volume.total + sql.resolvedCount + (sql.resolutionToClose?.calendar.count ?? 0);
    }
    // The fixture is not empty: the comparison covered real numbers.
    expect(compared).toBeGreaterThan(700);
    const march = await loadMetrics(prisma, tz, ranges[1]!.start, ranges[1]!.end);
    expect(march.firstResponse.business.count).toBeGreaterThan(50);
    // Closes both within and past 48 hours: the share is neither 0 nor 1.
    expect(march.resolutionToClose?.calendar.count).toBeGreaterThan(40);
    expect(march.resolutionToClose?.withinTarget).toBeGreaterThan(0);
    expect(march.resolutionToClose?.withinTarget).toBeLessThan(1);
    expect(march.topIssues.length).toBe(5);
    expect(march.team.length).toBe(3);
  });
});
