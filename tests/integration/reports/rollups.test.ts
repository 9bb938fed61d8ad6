// The metrics from the daily rollups (loadMetricsRolled, what reports and trends read) against the same
// rows computed by computeMetrics in TypeScript, on the fixture of metrics-sql.test.ts (business hours
// across weekends, a DST change, a holiday and month ends; spam, test and merged tickets; owners, tags,
// reopens, escalations, closes, SLA clocks, CSAT answers, incidents): counts, shares and means equal,
// percentiles within the documented bound; then after a re-triage, a reopen, a reassignment, an escalation
// and a late CSAT answer, before the job folds them in (those days read from the rows) and after.
import { ManualClock } from '@opsboard/server/platform/clock.ts';
import { periodRange } from '@opsboard/server/reports/metrics.ts';
import { loadMetricsFromRows } from '@opsboard/server/reports/metrics-sql.ts';
import {
  buildRollups,
  loadMetricsRolled,
  PERCENTILE_ABSOLUTE_ERROR_UNDER_ONE_MINUTE,
  PERCENTILE_RELATIVE_ERROR,
  runRollups,
} from '@opsboard/server/reports/rollups.ts';
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

const PERCENTILES = new Set(['p50', 'p90', 'resolutionP50']);

/** Equal, except percentiles: within the bound (plus the 0.01-minute rounding of every metric). */
function expectWithinBound(actual: unknown, expected: unknown, path = ''): void {
  if (actual && expected && typeof actual === 'object' && typeof expected === 'object') {
    expect(Object.keys(actual).sort(), path).toEqual(Object.keys(expected).sort());
    for (const [k, v] of Object.entries(expected)) {
      const a = (actual as Record<string, unknown>)[k];
      if (PERCENTILES.has(k) && typeof v === 'number' && typeof a === 'number') {
        const bound = Math.max(Math.abs(v) * PERCENTILE_RELATIVE_ERROR, PERCENTILE_ABSOLUTE_ERROR_UNDER_ONE_MINUTE) + 0.01;
        expect(Math.abs(a - v), `${path}.${k}: ${a} against ${v}`).toBeLessThanOrEqual(bound);
      } else expectWithinBound(a, v, `${path}.${k}`);
    }
    return;
  }
  expect(actual, path).toEqual(expected);
}

describe('metrics from the daily rollups', () => {
  it('equal the metrics computed from the rows (percentiles within the bound), before and after changes are folded in', async () => {
    const { prisma, config } = server.app.rt;
    const tz = config.timeZone;
    const ranges = [
      ...['2026-02-10', '2026-03-10', '2026-04-10'].map((d) => periodRange('MONTH', new Date(`${d}T12:00:00Z`), tz)),
      periodRange('WEEK', new Date('2026-03-09T12:00:00Z'), tz),
      periodRange('WEEK', new Date('2026-03-30T12:00:00Z'), tz),
      periodRange('DAY', new Date('2026-03-03T12:00:00Z'), tz),
      // The month still running: its last day is not rolled up.
      periodRange('MONTH', new Date('2026-05-01T12:00:00Z'), tz),
      // Not whole days: from the rows.
      { start: new Date('2026-02-15T07:00:00Z'), end: new Date('2026-04-20T00:00:00Z') },
    ];
    const check = async () => {
      let compared = 0;
      for (const r of ranges) {
        const [rolled, rows] = await Promise.all([loadMetricsRolled(prisma, tz, r.start, r.end), loadMetricsFromRows(prisma, tz, r.start, r.end)]);
        expectWithinBound(rolled, rows, `${r.start.toISOString()}–${r.end.toISOString()}`);
        compared += rows.volume.total + rows.resolvedCount;
      }
      expect(compared).toBeGreaterThan(600);
    };

    const days = await buildRollups(prisma, tz, new Date('2026-01-25T00:00:00Z'), clock.now());
    expect(days).toBeGreaterThan(90);
    expect(await prisma.reportRollupDay.count()).toBe(days);
    await prisma.reportRollupChange.deleteMany({});
    await check();

    // Changes to rolled-up days: each appends the hours it touches, and those days read from the rows.
    const tickets = await prisma.ticket.findMany({
      where: { description: 'metrics', isSpam: false, isTest: false, mergedIntoId: null, resolvedAt: { not: null } },
      orderBy: { number: 'asc' },
      take: 8,
      include: { csat: true },
    });
    const other = await prisma.user.findFirstOrThrow({ where: { email: 'cy.metrics@opsboard.example' } });
    await prisma.ticket.update({ where: { id: tickets[0]!.id }, data: { priority: tickets[0]!.priority === 'P0' ? 'P3' : 'P0' } });
    await prisma.ticket.update({ where: { id: tickets[1]!.id }, data: { resolvedAt: null, closedAt: null, reopenCount: { increment: 1 } } });
    await prisma.ticket.update({ where: { id: tickets[2]!.id }, data: { ownerId: other.id } });
    await prisma.ticket.update({ where: { id: tickets[3]!.id }, data: { isSpam: true } });
    await prisma.escalation.create({
      data: { ticketId: tickets[4]!.id, fromLevel: 'L1', toLevel: 'L2', reason: 'MANUAL', template: {} },
    });
    const late = tickets.find((t) => !t.csat) ?? tickets[5]!;
    await prisma.csatResponse.upsert({
      where: { ticketId: late.id },
      create: { ticketId: late.id, tokenHash: `late-${late.id}`, sentAt: late.resolvedAt!, rating: 2, answeredAt: new Date('2026-04-28T10:00:00Z') },
      update: { rating: 2, answeredAt: new Date('2026-04-28T10:00:00Z') },
    });
    await prisma.slaClock.updateMany({ where: { ticketId: tickets[6]!.id }, data: { state: 'BREACHED' } });
    expect(await prisma.reportRollupChange.count()).toBeGreaterThan(5);
    await check();

    // The job folds them in: the touched days are rebuilt, nothing is pending.
    const run = await runRollups(server.app.rt);
    expect(run.ran).toBe(true);
    expect(run.built).toBeGreaterThan(0);
    expect(await prisma.reportRollupChange.count()).toBe(0);
    await check();
  });
});
