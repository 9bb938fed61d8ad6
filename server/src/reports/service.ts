// Reports for managers (the guide's daily check, weekly report and monthly review), 12-month trends,
// drill-downs to the tickets behind a number, and the snapshots the scheduled jobs keep.
import { TZDate } from '@date-fns/tz';
import { Channel, Priority, Prisma, type PrismaClient, ReportPeriod } from '@opsboard/db';
import { addMonths, format, startOfMonth } from 'date-fns';
import { z } from 'zod';
import type { Emit, Tx } from '../platform/events.ts';
import { runExclusive } from '../platform/jobs.ts';
import { fieldError, parseInput } from '../platform/errors.ts';
import type { Deps } from '../platform/db.ts';
import { GOAL_SHARES, issueKey, type Metrics, type Period, periodRange, PRIORITIES, previousPeriod, TARGETS } from './metrics.ts';
import { COUNTED, COUNTED_WHERE, loadMetrics, loadQuality, loadTickets } from './metrics-sql.ts';
import { loadMetricsRolled } from './rollups.ts';
import { OPEN_STATUSES } from '../tickets/model.ts';

const DAY_MS = 86_400_000;
/** A custom range is at most this long. */
const MAX_RANGE_DAYS = 400;
export const MAX_TREND_MONTHS = 36;
/** Snapshots hold the metrics of one period under this kind. */
export const SNAPSHOT_KIND = 'metrics';

export interface Backlog {
  asOf: Date;
  open: number;
  byAge: { label: string; count: number }[];
  byPriority: { priority: Priority | null; count: number }[];
  /** Open tickets whose first response or user update is overdue (clock BREACHED, not met since). */
  overdueResponses: number;
}

export interface Comparison {
  metric: string;
  current: number | null;
  previous: number | null;
  change: number | null;
}

export interface Goal {
  name: string;
  target: string;
  actual: number | null;
  met: boolean | null;
}

export interface Report {
  period: Period | 'CUSTOM';
  /** The range in words, in OPSBOARD_TIME_ZONE. */
  title: string;
  start: Date;
  end: Date;
  /** The range has not ended yet: the numbers are so far. */
  partial: boolean;
  /** The metrics come from the period's snapshot (taken after it ended), not computed now. */
  fromSnapshot: boolean;
  computedAt: Date;
  metrics: Metrics;
  previous: Metrics;
  comparison: Comparison[];
  goals: Goal[];
  /** The monthly review's "goals for next month", from `goals`. */
  goalsForNextMonth: string[];
  backlog: Backlog;
  /** Tickets closed in the range, by how: the guide closes after the user's confirmation. */
  closing: Closing;
}

export interface Closing {
  closed: number;
  /** The user confirmed the fix (a reply, or an agent recording how). */
  confirmed: number;
  /** Closed without the user's confirmation: by an agent with a reason, or by the quiet period. */
  withoutConfirmation: number;
  byAgent: number;
  autoClosed: number;
}

/** "Closed without confirmation": tickets CLOSED in [start, end), by closure (reopened ones are not closed). */
export async function closing(deps: Deps, start: Date, end: Date): Promise<Closing> {
  const rows = await deps.prisma.ticket.groupBy({
    by: ['closure'],
    where: { status: 'CLOSED', closedAt: { gte: start, lt: end }, isSpam: false, isTest: false, mergedIntoId: null },
    _count: { _all: true },
  });
  const count = (c: string | null) => rows.find((r) => r.closure === c)?._count._all ?? 0;
  const byAgent = count('WITHOUT_CONFIRMATION') + count(null);
  const autoClosed = count('AUTO_CLOSED');
  const confirmed = count('USER_CONFIRMED');
  return { closed: confirmed + byAgent + autoClosed, confirmed, withoutConfirmation: byAgent + autoClosed, byAgent, autoClosed };
}

export const ReportInput = z
  .object({
    period: z.enum(ReportPeriod),
    start: z.date('must be a date-time'),
    end: z.date('must be a date-time').optional().nullable(),
  })
  .superRefine((v, ctx) => {
    if (v.end && v.end <= v.start)
      ctx.addIssue({ code: 'custom', path: ['end'], message: `must be after start (${v.start.toISOString()}); the range ends before it starts` });
    else if (v.end && v.end.getTime() - v.start.getTime() > MAX_RANGE_DAYS * DAY_MS)
      ctx.addIssue({ code: 'custom', path: ['end'], message: `the range may be at most ${MAX_RANGE_DAYS} days` });
  });
export type ReportInput = z.input<typeof ReportInput>;

/**
 * The metrics stored in a snapshot. A snapshot taken before responses were reviewed has no quality
 * numbers: those are counted now from the reviews (they are kept, so the count is the same). One
 * taken before resolution to the close was measured has none: null, not recomputed, as a later reopen
 * clears a close the period had (`pnpm backfill-snapshots` rebuilds the snapshot with it).
 */
async function snapshotMetrics(db: Db, data: unknown, start: Date, end: Date): Promise<Metrics> {
  const stored = data as Partial<Metrics> & Omit<Metrics, 'quality' | 'resolutionToClose'>;
  return {
    ...stored,
    quality: stored.quality ?? (await loadQuality(db, start, end)),
    resolutionToClose: stored.resolutionToClose ?? null,
  };
}

const AGE = [
  { label: '< 1 day', max: 1 },
  { label: '1–3 days', max: 3 },
  { label: '3–7 days', max: 7 },
  { label: '1–4 weeks', max: 28 },
  { label: '> 4 weeks', max: Infinity },
];

/** The daily check's "now" part: open tickets by age and priority, overdue responses (aggregated in SQL). */
export async function backlog(deps: Deps): Promise<Backlog> {
  const now = deps.clock.now();
  // The statuses as literals (constants), so the partial indexes of the open counted tickets and of the
  // overdue responses (migration report_backlog_indexes) match on every plan: both are read index-only.
  const open = Prisma.sql`t.status IN (${Prisma.raw(OPEN_STATUSES.map((s) => `'${s}'`).join(', '))}) AND ${COUNTED}`;
  const [rows, [overdue]] = await Promise.all([
    deps.prisma.$queryRaw<{ bucket: number; priority: Priority | null; count: bigint }[]>`
      SELECT CASE ${Prisma.join(
        AGE.slice(0, -1).map((b, i) => Prisma.sql`WHEN t."createdAt" > ${new Date(now.getTime() - b.max * DAY_MS)} THEN ${i}::int`),
        ' ',
      )} ELSE ${AGE.length - 1}::int END AS bucket,
             t.priority::text AS priority, count(*) AS count
        FROM "Ticket" t
       WHERE ${open}
       GROUP BY 1, 2`,
    deps.prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM "Ticket" t
       WHERE ${open}
         AND EXISTS (SELECT 1 FROM "SlaClock" c WHERE c."ticketId" = t.id AND c.state = 'BREACHED' AND c."metAt" IS NULL
                        AND c.kind IN ('FIRST_RESPONSE', 'USER_UPDATE'))`,
  ]);
  const sum = (pick: (r: (typeof rows)[number]) => boolean) => rows.filter(pick).reduce((n, r) => n + Number(r.count), 0);
  return {
    asOf: now,
    open: sum(() => true),
    byAge: AGE.map((b, i) => ({ label: b.label, count: sum((r) => Number(r.bucket) === i) })),
    byPriority: [...PRIORITIES, null].map((priority) => ({ priority, count: sum((r) => r.priority === priority) })),
    overdueResponses: overdue?.n ?? 0,
  };
}

const hoursOf = (minutes: number | null) => (minutes === null ? null : Math.round((minutes / 60) * 100) / 100);
const percentOf = (value: number | null) => (value === null ? null : Math.round(value * 1000) / 10);

/** The headline numbers, in the units the page shows (hours, per cent). */
const HEADLINES: { metric: string; pick: (m: Metrics) => number | null }[] = [
  { metric: 'Tickets created', pick: (m) => m.volume.total },
  { metric: 'Tickets resolved', pick: (m) => m.resolvedCount },
  { metric: 'First response p50 (business hours)', pick: (m) => hoursOf(m.firstResponse.business.p50) },
  { metric: 'First response p90 (business hours)', pick: (m) => hoursOf(m.firstResponse.business.p90) },
  { metric: 'Resolution p50 (hours)', pick: (m) => hoursOf(m.resolution.calendar.p50) },
  { metric: 'Resolution p90 (hours)', pick: (m) => hoursOf(m.resolution.calendar.p90) },
  // The guide's metrics table's Resolution Time: to the close, which waits for the user's confirmation.
  { metric: 'Resolution to close p50 (hours)', pick: (m) => hoursOf(m.resolutionToClose?.calendar.p50 ?? null) },
  { metric: 'Resolution to close p90 (hours)', pick: (m) => hoursOf(m.resolutionToClose?.calendar.p90 ?? null) },
  { metric: 'Closed within 48 hours (%)', pick: (m) => percentOf(m.resolutionToClose?.withinTarget ?? null) },
  { metric: 'CSAT (% answering 4–5)', pick: (m) => percentOf(m.csat.score) },
  { metric: 'Reopen rate (%)', pick: (m) => percentOf(m.reopen.rate) },
  { metric: 'SLA attainment (%)', pick: (m) => percentOf(m.sla.overall.attainment) },
  { metric: 'Escalation rate (%)', pick: (m) => percentOf(m.escalation.rate) },
  { metric: 'Incidents declared', pick: (m) => m.incidents.declared },
  { metric: 'MTTR (hours)', pick: (m) => hoursOf(m.incidents.mttr.mean) },
];

export function compare(current: Metrics, previous: Metrics): Comparison[] {
  return HEADLINES.map(({ metric, pick }) => {
    const a = pick(current);
    const b = pick(previous);
    return { metric, current: a, previous: b, change: a !== null && b !== null ? Math.round((a - b) * 100) / 100 : null };
  });
}

/**
 * The guide's Support Goals first (the share resolved within 48 hours, the share of first responses
 * within 4 business hours, satisfaction), then the metrics table's other targets; `actual` in per
 * cent. A goal with nothing to measure (no resolutions, no answers) has `met` null.
 */
export function goals(m: Metrics): Goal[] {
  const goal = (name: string, target: string, raw: number | null, ok: (v: number) => boolean): Goal => ({
    name,
    target,
    actual: percentOf(raw),
    met: raw === null ? null : ok(raw),
  });
  return [
    goal('Resolve 80 % of issues within 48 hours', '≥ 80 % resolved within 48 h', m.resolution.withinTarget, (v) => v >= GOAL_SHARES.resolvedWithin48h),
    goal(
      'Respond to all inquiries within 4 hours (business hours)',
      '100 % first responses within 4 business hours',
      m.firstResponse.withinTarget,
      (v) => v >= GOAL_SHARES.respondedWithin4h,
    ),
    goal('Maintain 90 %+ customer satisfaction', '≥ 90 % answering 4–5', m.csat.score, (v) => v >= GOAL_SHARES.csat),
    goal('Reopened tickets', '< 5 % of resolved', m.reopen.rate, (v) => v < TARGETS.reopenRate),
    goal('SLA attainment', '≥ 95 % of clocks met', m.sla.overall.attainment, (v) => v >= TARGETS.slaAttainment),
  ];
}

/** The monthly review's "goals for next month", one line per goal, from this month's results. */
export function goalsForNextMonth(list: readonly Goal[]): string[] {
  return list.map((g) =>
    g.met === null
      ? `${g.name}: nothing measured this month; measure it next month (${g.target})`
      : g.met
        ? `${g.name}: keep it (${g.actual} % this month; ${g.target})`
        : `${g.name}: get back on target (${g.actual} % this month; ${g.target})`,
  );
}

/** "November 2026", "Week of Mon 23 Nov 2026", "Sun 29 Nov 2026" or "1 Nov 2026 – 15 Nov 2026", in the time zone. */
export function rangeTitle(period: Period | 'CUSTOM', start: Date, end: Date, timeZone: string): string {
  const f = (d: Date, pattern: string) => format(new TZDate(d.getTime(), timeZone), pattern);
  if (period === 'MONTH') return f(start, 'MMMM yyyy');
  if (period === 'WEEK') return `Week of ${f(start, 'EEE d MMM yyyy')}`;
  if (period === 'DAY') return f(start, 'EEE d MMM yyyy');
  return `${f(start, 'd MMM yyyy HH:mm')} – ${f(end, 'd MMM yyyy HH:mm')}`;
}

/** `report(period, start, end?)`: the period containing `start` (or exactly [start, end)), with the one before it. */
export async function report(deps: Deps, raw: ReportInput): Promise<Report> {
  const input = parseInput(ReportInput, raw, '');
  const tz = deps.config.timeZone;
  const now = deps.clock.now();
  const range = input.end ? { start: input.start, end: input.end } : periodRange(input.period, input.start, tz);
  const prev = input.end
    ? { start: new Date(2 * range.start.getTime() - range.end.getTime()), end: range.start }
    : previousPeriod(input.period, range.start, tz);
  // One range at a time: each already runs its queries side by side, and a big database should not
  // have one report take the whole connection pool.
  // A completed DAY, WEEK or MONTH comes from its snapshot when one was taken after it ended.
  const stored = input.end
    ? []
    : await deps.prisma.metricSnapshot.findMany({ where: { period: input.period, kind: SNAPSHOT_KIND, periodStart: { in: [range.start, prev.start] } } });
  const metricsOf = async (r: { start: Date; end: Date }): Promise<{ metrics: Metrics; fromSnapshot: boolean }> => {
    const snap = stored.find((x) => x.periodStart.getTime() === r.start.getTime() && x.computedAt >= r.end && r.end <= now);
    return snap
      ? { metrics: await snapshotMetrics(deps.prisma, snap.data, r.start, r.end), fromSnapshot: true }
      : { metrics: await loadMetricsRolled(deps.prisma, tz, r.start, r.end), fromSnapshot: false };
  };
  const current = await metricsOf(range);
  const metrics = current.metrics;
  const { metrics: previous } = await metricsOf(prev);
  const log = await backlog(deps);
  const closed = await closing(deps, range.start, range.end);
  const period = input.end ? 'CUSTOM' : input.period;
  return {
    period,
    fromSnapshot: current.fromSnapshot,
    title: rangeTitle(period, range.start, range.end, tz),
    ...range,
    partial: range.end > now,
    computedAt: now,
    metrics,
    previous,
    comparison: compare(metrics, previous),
    goals: goals(metrics),
    goalsForNextMonth: goalsForNextMonth(goals(metrics)),
    backlog: log,
    closing: closed,
  };
}

/** The monthly review's numbers for the month containing `start` (for the monthly review meeting). */
export function monthlyReport(deps: Deps, start: Date): Promise<Report> {
  return report(deps, { period: 'MONTH', start });
}

// ──────────────────────────────────── trends ────────────────────────────────────

export interface TrendPoint {
  month: Date;
  /** YYYY-MM in the configured time zone. */
  label: string;
  partial: boolean;
  /** From a stored snapshot (a completed month) or computed now. */
  fromSnapshot: boolean;
  metrics: Metrics;
  /** The guide's goals for that month (see goals()). */
  goals: Goal[];
}

export function monthStarts(now: Date, months: number, timeZone: string): Date[] {
  const current = startOfMonth(new TZDate(now.getTime(), timeZone));
  return Array.from({ length: months }, (_, i) => new Date(addMonths(current, i - months + 1).getTime()));
}

/** The last `months` months (this one included), oldest first; completed months come from their snapshots. */
export async function trends(deps: Deps, months: number): Promise<TrendPoint[]> {
  if (!Number.isInteger(months) || months < 1 || months > MAX_TREND_MONTHS)
    throw fieldError('months', `must be a whole number from 1 to ${MAX_TREND_MONTHS}, got ${months}`);
  const tz = deps.config.timeZone;
  const now = deps.clock.now();
  const starts = monthStarts(now, months, tz);
  const snapshots = await deps.prisma.metricSnapshot.findMany({ where: { period: 'MONTH', kind: SNAPSHOT_KIND, periodStart: { in: starts } } });
  const points: TrendPoint[] = [];
  // Month by month (see report()); completed months are usually snapshots.
  for (const point of starts.map((start) => async (): Promise<TrendPoint> => {
    const { end } = periodRange('MONTH', start, tz);
    const local = new TZDate(start.getTime(), tz);
    const label = `${local.getFullYear()}-${String(local.getMonth() + 1).padStart(2, '0')}`;
    const snap = snapshots.find((s) => s.periodStart.getTime() === start.getTime());
    // A snapshot counts once it was taken after its month ended.
    if (snap && snap.computedAt >= end && end <= now) {
      const metrics = await snapshotMetrics(deps.prisma, snap.data, start, end);
      return { month: start, label, partial: false, fromSnapshot: true, metrics, goals: goals(metrics) };
    }
    const metrics = await loadMetricsRolled(deps.prisma, tz, start, end);
    return { month: start, label, partial: end > now, fromSnapshot: false, metrics, goals: goals(metrics) };
  })) {
    points.push(await point());
  }
  return points;
}

// ─────────────────────────────────── drill-down ───────────────────────────────────

export const DRILL_SETS = ['CREATED', 'RESOLVED', 'CLOSED', 'REOPENED', 'ESCALATED', 'SLA_BREACHED', 'CSAT_ANSWERED', 'CSAT_UNSATISFIED', 'ISSUE'] as const;
export type DrillSet = (typeof DRILL_SETS)[number];

export const DrillInput = z
  .object({
    start: z.date(),
    end: z.date(),
    set: z.enum(DRILL_SETS),
    channel: z.enum(Channel).optional().nullable(),
    priority: z.enum(Priority).optional().nullable(),
    issueKey: z.string().max(300).optional().nullable(),
  })
  .superRefine((v, ctx) => {
    if (v.end <= v.start)
      ctx.addIssue({ code: 'custom', path: ['end'], message: `must be after start (${v.start.toISOString()}); the range ends before it starts` });
    if (v.set === 'ISSUE' && !v.issueKey) ctx.addIssue({ code: 'custom', path: ['issueKey'], message: 'required for the ISSUE set (a key from topIssues)' });
  });
export type DrillInput = z.input<typeof DrillInput>;

/** The Prisma filter of a drill-down set: the same rows the metric counted. */
export async function drillWhere(deps: Deps, raw: DrillInput): Promise<Prisma.TicketWhereInput> {
  const v = parseInput(DrillInput, raw, '');
  const range = { gte: v.start, lt: v.end };
  const base: Prisma.TicketWhereInput = {
    ...COUNTED_WHERE,
    ...(v.channel ? { channel: v.channel as Channel } : {}),
    ...(v.priority ? { priority: v.priority } : {}),
  };
  switch (v.set) {
    case 'CREATED':
      return { ...base, createdAt: range };
    case 'RESOLVED':
      return { ...base, resolvedAt: range };
    case 'CLOSED':
      return { ...base, closedAt: range };
    case 'REOPENED':
      return { ...base, resolvedAt: range, reopenCount: { gt: 0 } };
    case 'ESCALATED':
      return { ...base, createdAt: range, OR: [{ escalationLevel: { not: 'L1' } }, { escalations: { some: {} } }] };
    case 'SLA_BREACHED':
      return { ...base, createdAt: range, slaClocks: { some: { state: 'BREACHED' } } };
    case 'CSAT_ANSWERED':
      return { ...base, csat: { is: { answeredAt: range, rating: { not: null } } } };
    case 'CSAT_UNSATISFIED':
      return { ...base, csat: { is: { answeredAt: range, rating: { lte: 3 } } } };
    case 'ISSUE': {
      const tickets = await loadTickets(deps.prisma, 'createdAt', v.start, v.end);
      return { ...base, id: { in: tickets.filter((t) => issueKey(t).key === v.issueKey).map((t) => t.id) } };
    }
  }
}

// ─────────────────────────────────── snapshots ───────────────────────────────────

type Db = PrismaClient | Tx;

/** Computes and stores the metrics of one period; a rerun replaces the row (unique period, start, kind). */
export async function writeSnapshot(db: Db, timeZone: string, period: ReportPeriod, at: Date, now: Date): Promise<{ start: Date; end: Date }> {
  const range = periodRange(period, at, timeZone);
  const metrics = await loadMetrics(db, timeZone, range.start, range.end);
  const data = metrics as unknown as Prisma.InputJsonObject;
  await db.metricSnapshot.upsert({
    where: { period_periodStart_kind: { period, periodStart: range.start, kind: SNAPSHOT_KIND } },
    create: { period, periodStart: range.start, kind: SNAPSHOT_KIND, data, computedAt: now },
    update: { data, computedAt: now },
  });
  return range;
}

/** A scheduled run already done by another instance within this window is not repeated. */
const RECENT_MS = 10 * 60_000;

async function doneRecently(tx: Tx, period: ReportPeriod, start: Date, now: Date): Promise<boolean> {
  const snap = await tx.metricSnapshot.findUnique({
    where: { period_periodStart_kind: { period, periodStart: start, kind: SNAPSHOT_KIND } },
    select: { computedAt: true },
  });
  return !!snap && now.getTime() - snap.computedAt.getTime() < RECENT_MS && snap.computedAt.getTime() <= now.getTime();
}

export const DAILY_CHECK_JOB = 'report-daily';
export const WEEKLY_REPORT_JOB = 'report-weekly';
export const MONTHLY_REVIEW_JOB = 'report-monthly';

async function scheduledReport(
  deps: Deps,
  job: string,
  type: string,
  period: ReportPeriod,
  at: Date,
  extra: ReportPeriod[] = [],
): Promise<{ ran: boolean; start?: Date }> {
  const outcome = await runExclusive(deps, job, async (tx: Tx, emit: Emit) => {
    const now = deps.clock.now();
    const { start } = periodRange(period, at, deps.config.timeZone);
    if (await doneRecently(tx, period, start, now)) return { start, skipped: true };
    const range = await writeSnapshot(tx, deps.config.timeZone, period, at, now);
    for (const p of extra) await writeSnapshot(tx, deps.config.timeZone, p, at, now);
    emit({ topic: 'metrics', type, entityType: 'MetricSnapshot', payload: { period, start: range.start.toISOString(), end: range.end.toISOString() } });
    return { start, skipped: false };
  });
  return outcome.ran && !outcome.result.skipped ? { ran: true, start: outcome.result.start } : { ran: false };
}

/** Daily at 09:00: yesterday's numbers (and the week and month containing yesterday, refreshed). */
export function runDailyCheck(deps: Deps): Promise<{ ran: boolean; start?: Date }> {
  const yesterday = new Date(deps.clock.now().getTime() - DAY_MS);
  return scheduledReport(deps, DAILY_CHECK_JOB, 'DAILY_CHECK_READY', 'DAY', yesterday, ['WEEK', 'MONTH']);
}

/** Fridays at 14:00: this week so far. */
export function runWeeklyReport(deps: Deps): Promise<{ ran: boolean; start?: Date }> {
  return scheduledReport(deps, WEEKLY_REPORT_JOB, 'WEEKLY_REPORT_READY', 'WEEK', deps.clock.now());
}

/** Mondays at 09:00, acting on the first Monday of the month: the month before, complete. */
export async function runMonthlyReview(deps: Deps): Promise<{ ran: boolean; start?: Date }> {
  const now = deps.clock.now();
  if (new TZDate(now.getTime(), deps.config.timeZone).getDate() > 7) return { ran: false };
  const lastMonth = previousPeriod('MONTH', periodRange('MONTH', now, deps.config.timeZone).start, deps.config.timeZone).start;
  return scheduledReport(deps, MONTHLY_REVIEW_JOB, 'MONTHLY_REVIEW_READY', 'MONTH', lastMonth);
}

/** Rebuilds the snapshots of the last `months` months (and their weeks; days too with `days`), replacing what is there. */
export async function backfillSnapshots(
  db: PrismaClient,
  timeZone: string,
  now: Date,
  options: { months: number; weeks?: boolean; days?: boolean },
): Promise<{ months: number; weeks: number; days: number }> {
  const starts = monthStarts(now, options.months, timeZone);
  const counts = { months: 0, weeks: 0, days: 0 };
  const first = starts[0]!;
  for (const start of starts) {
    await writeSnapshot(db, timeZone, 'MONTH', start, now);
    counts.months += 1;
  }
  for (
    let at = periodRange('WEEK', first, timeZone).start;
    options.weeks !== false && at < now;
    at = periodRange('WEEK', new Date(at.getTime() + 8 * DAY_MS), timeZone).start
  ) {
    await writeSnapshot(db, timeZone, 'WEEK', at, now);
    counts.weeks += 1;
  }
  if (options.days) {
    for (let at = first; at < now; at = periodRange('DAY', new Date(at.getTime() + 26 * 3_600_000), timeZone).start) {
      await writeSnapshot(db, timeZone, 'DAY', at, now);
      counts.days += 1;
    }
  }
  return counts;
}
