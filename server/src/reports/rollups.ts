// Daily rollups of the report metrics (docs/metrics.md, "Daily rollups"): per local day, the counts, sums
// and log-spaced histogram buckets of every ticket metric, so a month reads a few thousand rollup rows
// instead of its tickets. Days that are not rolled up (today, days touched by a pending change, days the
// job has not reached) are aggregated from the rows with the same SQL, so counts, sums and means are
// exact and percentiles are within the stated bound. The minute job folds the changes in.
import { TZDate } from '@date-fns/tz';
import { type Channel, type Priority, Prisma, type SlaClockKind } from '@opsboard/db';
import { format } from 'date-fns';
import type { Deps } from '../platform/db.ts';
import type { Tx } from '../platform/events.ts';
import { runExclusive } from '../platform/jobs.ts';
import type { WorkCalendar } from '../sla/calendar.ts';
import { BUSINESS_MINUTES, businessArrays, CALENDAR_MINUTES, COUNTED, defaultCalendar, epochMs, loadMetrics, loadQuality, ticketSpans } from './metrics-sql.ts';
import { CHANNELS, computeMetrics, type Metrics, periodRange, PRIORITIES, round, share, type Stats, TARGETS, topIssueCounts } from './metrics.ts';

type Db = Deps['prisma'] | Tx;

// ─────────────────────────────────── histogram buckets ───────────────────────────────────

/** Ratio between consecutive bucket bounds from 1 minute up. */
export const BUCKET_RATIO = 1.02;
/**
 * A percentile read from the buckets is the middle of its bucket: from 1 minute up the geometric middle,
 * at most √1.02 − 1 ≈ 0.995 % from the exact nearest-rank value; under 1 minute buckets are 0.01 minute
 * wide and the middle is at most 0.005 minute off. (Then rounded to 0.01 minute, as every metric.)
 */
export const PERCENTILE_RELATIVE_ERROR = Math.sqrt(BUCKET_RATIO) - 1;
export const PERCENTILE_ABSOLUTE_ERROR_UNDER_ONE_MINUTE = 0.005;
const LINEAR = 100;

/** The bucket of a minutes value (SQL): 0–99 under 1 minute, then one per factor 1.02; negative values mirror below −1. */
export const bucketSql = (v: Prisma.Sql) =>
  Prisma.sql`(CASE WHEN ${v} < 0 THEN -1 - (CASE WHEN -${v} < 1 THEN floor(-${v} * ${LINEAR}) ELSE ${LINEAR} + floor(ln(-${v}) / ln(${BUCKET_RATIO}::float8)) END)
                   ELSE (CASE WHEN ${v} < 1 THEN floor(${v} * ${LINEAR}) ELSE ${LINEAR} + floor(ln(${v}) / ln(${BUCKET_RATIO}::float8)) END) END)::int`;

/** The value a bucket stands for: the middle of its range. */
export function bucketValue(bucket: number): number {
  const m = bucket >= 0 ? bucket : -1 - bucket;
  const v = m < LINEAR ? (m + 0.5) / LINEAR : BUCKET_RATIO ** (m - LINEAR + 0.5);
  return bucket >= 0 ? v : -v;
}

/** Nearest-rank percentile over bucket counts: the middle of the bucket holding the rank. */
export function bucketPercentile(buckets: ReadonlyMap<number, number>, p: number): number | null {
  const total = [...buckets.values()].reduce((a, b) => a + b, 0);
  if (!total) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (const b of [...buckets.keys()].sort((x, y) => x - y)) {
    seen += buckets.get(b)!;
    if (seen >= rank) return bucketValue(b);
  }
  return null;
}

// ─────────────────────────────────── the aggregates ───────────────────────────────────

/** One row of counts: `n` items of `measure` (and `key`) on `day`, with sums and the counts within target or flagged. */
interface CountRow {
  measure: string;
  key: string;
  n: number;
  calSum: number;
  busSum: number;
  within: number;
  flagged: number;
}
interface BucketRow {
  measure: string;
  key: string;
  bucket: number;
  n: number;
}

/**
 * The SELECTs of the rollups of [start, end) grouped by local day, in the column order of ReportRollupCount
 * and ReportRollupBucket. Each measure is keyed by the date its metric reads: created (volume, escalation,
 * first response, top issues, SLA clocks), resolved (resolution, reopens, team), closed (resolution to the
 * close), answered (CSAT).
 */
function rollupSelects(timeZone: string, start: Date, end: Date, arrays: { opens: string; closes: string; before: string }) {
  const day = (col: string) => Prisma.raw(`(t."${col}" AT TIME ZONE `);
  const dayOf = (col: string) => Prisma.sql`${day(col)}${timeZone})::date`;
  const inRange = (col: string) => Prisma.sql`t.${Prisma.raw(`"${col}"`)} >= ${start} AND t.${Prisma.raw(`"${col}"`)} < ${end} AND ${COUNTED}`;
  const frt = Prisma.sql`SELECT ${dayOf('createdAt')} AS day, ${CALENDAR_MINUTES} AS cal, ${BUSINESS_MINUTES} AS bus
      FROM ${ticketSpans('createdAt', 'firstRespondedAt', arrays)} WHERE ${inRange('createdAt')} AND t."firstRespondedAt" IS NOT NULL`;
  const res = Prisma.sql`SELECT ${dayOf('resolvedAt')} AS day, ${CALENDAR_MINUTES} AS cal, ${BUSINESS_MINUTES} AS bus, t."reopenCount" > 0 AS reopened
      FROM ${ticketSpans('createdAt', 'resolvedAt', arrays)} WHERE ${inRange('resolvedAt')}`;
  const closedCal = Prisma.sql`(${epochMs('closedAt')} - ${epochMs('createdAt')}) / 60000`;
  const resCal = Prisma.sql`(${epochMs('resolvedAt')} - ${epochMs('createdAt')}) / 60000`;
  const counts = [
    Prisma.sql`SELECT ${dayOf('createdAt')}, 'created', json_build_array(t.channel, t.priority)::text, count(*)::int, 0, 0, 0,
        count(*) FILTER (WHERE t."escalationLevel" <> 'L1' OR EXISTS (SELECT 1 FROM "Escalation" e WHERE e."ticketId" = t.id))::int
      FROM "Ticket" t WHERE ${inRange('createdAt')} GROUP BY 1, 3`,
    Prisma.sql`SELECT ${dayOf('createdAt')}, 'issue',
        json_build_array(t.type, t.tags[1], CASE WHEN t.tags[1] IS NULL OR t.tags[1] = '' THEN t.title END)::text, count(*)::int, 0, 0, 0, 0
      FROM "Ticket" t WHERE ${inRange('createdAt')} GROUP BY 1, 3`,
    Prisma.sql`SELECT f.day, 'firstResponse', '', count(*)::int, sum(f.cal), sum(f.bus),
        count(*) FILTER (WHERE f.bus <= ${TARGETS.firstResponseMinutes})::int, 0 FROM (${frt}) f GROUP BY 1`,
    Prisma.sql`SELECT r.day, 'resolution', '', count(*)::int, sum(r.cal), sum(r.bus),
        count(*) FILTER (WHERE r.cal <= ${TARGETS.resolutionMinutes})::int, count(*) FILTER (WHERE r.reopened)::int FROM (${res}) r GROUP BY 1`,
    Prisma.sql`SELECT c.day, 'closed', '', count(*)::int, sum(c.cal), 0, count(*) FILTER (WHERE c.cal <= ${TARGETS.resolutionMinutes})::int, 0
      FROM (SELECT ${dayOf('closedAt')} AS day, ${closedCal} AS cal FROM "Ticket" t WHERE ${inRange('closedAt')}) c GROUP BY 1`,
    Prisma.sql`SELECT ${dayOf('resolvedAt')}, 'team', t."ownerId"::text, count(*)::int, 0, 0, 0, 0
      FROM "Ticket" t WHERE ${inRange('resolvedAt')} AND t."ownerId" IS NOT NULL GROUP BY 1, 3`,
    Prisma.sql`SELECT ${dayOf('createdAt')}, 'clock', json_build_array(c.kind, t.priority, c.state)::text, count(*)::int, 0, 0, 0, 0
      FROM "SlaClock" c JOIN "Ticket" t ON t.id = c."ticketId" WHERE ${inRange('createdAt')} AND c.state IN ('MET', 'BREACHED') GROUP BY 1, 3`,
    Prisma.sql`SELECT ${dayOf('answeredAt')}, 'csat', r.rating::text, count(*)::int, 0, 0, 0, 0
      FROM "CsatResponse" r JOIN "Ticket" tk ON tk.id = r."ticketId"
      CROSS JOIN LATERAL (SELECT r."answeredAt", tk."isSpam", tk."isTest", tk."mergedIntoId") t
     WHERE ${inRange('answeredAt')} AND r.rating IS NOT NULL GROUP BY 1, 3`,
  ];
  const buckets = [
    Prisma.sql`SELECT f.day, 'firstResponse.calendar', '', ${bucketSql(Prisma.sql`f.cal`)}, count(*)::int FROM (${frt}) f GROUP BY 1, 4`,
    Prisma.sql`SELECT f.day, 'firstResponse.business', '', ${bucketSql(Prisma.sql`f.bus`)}, count(*)::int FROM (${frt}) f GROUP BY 1, 4`,
    Prisma.sql`SELECT r.day, 'resolution.calendar', '', ${bucketSql(Prisma.sql`r.cal`)}, count(*)::int FROM (${res}) r GROUP BY 1, 4`,
    Prisma.sql`SELECT r.day, 'resolution.business', '', ${bucketSql(Prisma.sql`r.bus`)}, count(*)::int FROM (${res}) r GROUP BY 1, 4`,
    Prisma.sql`SELECT c.day, 'closed.calendar', '', ${bucketSql(Prisma.sql`c.cal`)}, count(*)::int
      FROM (SELECT ${dayOf('closedAt')} AS day, ${closedCal} AS cal FROM "Ticket" t WHERE ${inRange('closedAt')}) c GROUP BY 1, 4`,
    Prisma.sql`SELECT o.day, 'team', o.owner, ${bucketSql(Prisma.sql`o.cal`)}, count(*)::int
      FROM (SELECT ${dayOf('resolvedAt')} AS day, t."ownerId"::text AS owner, ${resCal} AS cal
              FROM "Ticket" t WHERE ${inRange('resolvedAt')} AND t."ownerId" IS NOT NULL) o GROUP BY 1, 3, 4`,
  ];
  return { counts, buckets };
}

const COUNT_COLUMNS = Prisma.raw(`("day", "measure", "key", "n", "calSum", "busSum", "within", "flagged")`);
const BUCKET_COLUMNS = Prisma.raw(`("day", "measure", "key", "bucket", "n")`);

/** The aggregates of [start, end) straight from the rows (days not rolled up). */
async function aggregateRows(db: Db, cal: WorkCalendar, timeZone: string, start: Date, end: Date): Promise<{ counts: CountRow[]; buckets: BucketRow[] }> {
  const arrays = await businessArrays(db, cal, start, end);
  const { counts, buckets } = rollupSelects(timeZone, start, end, arrays);
  const [c, b] = await Promise.all([
    Promise.all(
      counts.map(
        (q) =>
          db.$queryRaw<CountRow[]>`SELECT x.measure, x.key, x.n, x."calSum", x."busSum", x.within, x.flagged
          FROM (${q}) AS x(day, measure, key, n, "calSum", "busSum", within, flagged)`,
      ),
    ),
    Promise.all(buckets.map((q) => db.$queryRaw<BucketRow[]>`SELECT x.measure, x.key, x.bucket, x.n FROM (${q}) AS x(day, measure, key, bucket, n)`)),
  ]);
  return { counts: c.flat(), buckets: b.flat() };
}

// ─────────────────────────────────── days ───────────────────────────────────

export interface LocalDay {
  /** YYYY-MM-DD in the time zone. */
  day: string;
  start: Date;
  end: Date;
}

/** The local days exactly covering [start, end), or null when the range does not start and end at midnight. */
export function localDays(start: Date, end: Date, timeZone: string): LocalDay[] | null {
  const days: LocalDay[] = [];
  for (let at = start; at < end;) {
    const r = periodRange('DAY', at, timeZone);
    if (r.start.getTime() !== at.getTime() || r.end > end) return null;
    days.push({ day: format(new TZDate(r.start.getTime(), timeZone), 'yyyy-MM-dd'), ...r });
    at = r.end;
  }
  return days;
}

/** Consecutive days as maximal runs. */
function runsOf(days: readonly LocalDay[]): LocalDay[][] {
  const runs: LocalDay[][] = [];
  for (const d of [...days].sort((a, b) => a.start.getTime() - b.start.getTime())) {
    const last = runs.at(-1);
    if (last && last.at(-1)!.end.getTime() === d.start.getTime()) last.push(d);
    else runs.push([d]);
  }
  return runs;
}

/** What the business minutes of a rollup were computed with: a changed calendar makes its days rebuild. */
export function calendarKey(cal: WorkCalendar): string {
  return JSON.stringify([cal.timeZone, cal.workdays, cal.startMinute, cal.endMinute, [...cal.holidays].sort()]);
}

/** The days of `days` rolled up for this time zone and calendar that no pending change touches. */
async function cleanDays(db: Db, timeZone: string, key: string, days: readonly LocalDay[]): Promise<Set<string>> {
  if (!days.length) return new Set();
  const rows = await db.$queryRaw<{ day: string }[]>`
    SELECT to_char(d.day, 'YYYY-MM-DD') AS day FROM "ReportRollupDay" d
     WHERE d.day >= ${days[0]!.day}::date AND d.day <= ${days.at(-1)!.day}::date AND d."timeZone" = ${timeZone} AND d."calendarKey" = ${key}
       AND NOT EXISTS (SELECT 1 FROM "ReportRollupChange" c WHERE c.hour < d."endsAt" AND c.hour > d."startsAt" - interval '1 hour')`;
  return new Set(rows.map((r) => r.day));
}

/** Recomputes the rollups of these (ended) days from the rows, one run of consecutive days per statement set. */
export async function rebuildDays(db: Db, timeZone: string, cal: WorkCalendar, days: readonly LocalDay[]): Promise<void> {
  const key = calendarKey(cal);
  for (const run of runsOf(days)) {
    const start = run[0]!.start;
    const end = run.at(-1)!.end;
    const first = run[0]!.day;
    const last = run.at(-1)!.day;
    const arrays = await businessArrays(db, cal, start, end);
    const { counts, buckets } = rollupSelects(timeZone, start, end, arrays);
    await db.$executeRaw`DELETE FROM "ReportRollupCount" WHERE day >= ${first}::date AND day <= ${last}::date`;
    await db.$executeRaw`DELETE FROM "ReportRollupBucket" WHERE day >= ${first}::date AND day <= ${last}::date`;
    for (const q of counts) await db.$executeRaw`INSERT INTO "ReportRollupCount" ${COUNT_COLUMNS} ${q}`;
    for (const q of buckets) await db.$executeRaw`INSERT INTO "ReportRollupBucket" ${BUCKET_COLUMNS} ${q}`;
    await db.$executeRaw`
      INSERT INTO "ReportRollupDay" (day, "timeZone", "startsAt", "endsAt", "calendarKey", "builtAt")
      SELECT d.day::date, ${timeZone}, d.s::timestamptz, d.e::timestamptz, ${key}, now()
        FROM jsonb_to_recordset(${JSON.stringify(run.map((d) => ({ day: d.day, s: d.start.toISOString(), e: d.end.toISOString() })))}::jsonb)
             AS d(day text, s text, e text)
      ON CONFLICT (day) DO UPDATE SET "timeZone" = excluded."timeZone", "startsAt" = excluded."startsAt", "endsAt" = excluded."endsAt",
        "calendarKey" = excluded."calendarKey", "builtAt" = excluded."builtAt"`;
  }
}

/** Builds the rollups of every day from `from`'s day up to the last day ended before `now` (bench, first deploy). */
export async function buildRollups(db: Db, timeZone: string, from: Date, now: Date): Promise<number> {
  const cal = await defaultCalendar(db, timeZone);
  const start = periodRange('DAY', from, timeZone).start;
  const end = periodRange('DAY', now, timeZone).start;
  const days = start < end ? localDays(start, end, timeZone)! : [];
  // A month per batch keeps each statement's windows and sorts small.
  for (let i = 0; i < days.length; i += 31) await rebuildDays(db, timeZone, cal, days.slice(i, i + 31));
  return days.length;
}

// ─────────────────────────────────── the job ───────────────────────────────────

export const ROLLUP_JOB = 'report-rollups';
/** Days (re)built per run at most: a month, a few seconds at 10 million tickets. */
export const ROLLUP_DAYS_PER_RUN = 31;
/** How far back the job keeps days rolled up: the longest trend (36 months) and the month before it. */
export const ROLLUP_HORIZON_MONTHS = 37;

/**
 * Every minute: folds the pending changes in (their rolled-up days are dropped, to be rebuilt), drops days
 * rolled up with another time zone or calendar, then rebuilds the most recent missing ended days, at most
 * ROLLUP_DAYS_PER_RUN. A change committed while it runs stays pending and is folded in by the next run.
 */
export async function runRollups(deps: Deps): Promise<{ ran: boolean; built?: number }> {
  const outcome = await runExclusive(deps, ROLLUP_JOB, async (tx: Tx) => {
    const tz = deps.config.timeZone;
    const now = deps.clock.now();
    const cal = await defaultCalendar(tx, tz);
    const key = calendarKey(cal);
    await tx.$executeRaw`
      WITH c AS (DELETE FROM "ReportRollupChange" RETURNING hour)
      DELETE FROM "ReportRollupDay" d USING (SELECT DISTINCT hour FROM c) h WHERE h.hour < d."endsAt" AND h.hour > d."startsAt" - interval '1 hour'`;
    await tx.$executeRaw`DELETE FROM "ReportRollupDay" WHERE "timeZone" <> ${tz} OR "calendarKey" <> ${key}`;
    const today = periodRange('DAY', now, tz).start;
    const from = periodRange('DAY', new Date(today.getTime() - ROLLUP_HORIZON_MONTHS * 31 * 86_400_000), tz).start;
    const days = localDays(from, today, tz) ?? [];
    const built = new Set(
      (
        await tx.$queryRaw<
          { day: string }[]
        >`SELECT to_char(day, 'YYYY-MM-DD') AS day FROM "ReportRollupDay" WHERE day >= ${days[0]?.day ?? '1970-01-01'}::date`
      ).map((r) => r.day),
    );
    const missing = days
      .filter((d) => !built.has(d.day))
      .reverse()
      .slice(0, ROLLUP_DAYS_PER_RUN);
    await rebuildDays(tx, tz, cal, missing);
    return missing.length;
  });
  return outcome.ran ? { ran: true, built: outcome.result } : { ran: false };
}

// ─────────────────────────────────── the metrics ───────────────────────────────────

/**
 * The metrics of [start, end) from the daily rollups where a day is rolled up and untouched since, from the
 * rows for the other days (the same aggregates): counts, shares and means as `loadMetrics`; percentiles the
 * middle of their bucket (PERCENTILE_RELATIVE_ERROR). A range not made of whole local days, or with no
 * rolled-up day, is `loadMetrics` itself (exact).
 */
export async function loadMetricsRolled(db: Db, timeZone: string, start: Date, end: Date): Promise<Metrics> {
  const days = localDays(start, end, timeZone);
  if (!days?.length) return loadMetrics(db, timeZone, start, end);
  const cal = await defaultCalendar(db, timeZone);
  const clean = await cleanDays(db, timeZone, calendarKey(cal), days);
  if (!clean.size) return loadMetrics(db, timeZone, start, end);
  const rolled = days.filter((d) => clean.has(d.day)).map((d) => d.day);
  const inDays = Prisma.sql`day >= ${rolled[0]!}::date AND day <= ${rolled.at(-1)!}::date AND day IN (${Prisma.join(rolled.map((d) => Prisma.sql`${d}::date`))})`;
  const live = runsOf(days.filter((d) => !clean.has(d.day)));
  const [storedCounts, storedBuckets, liveParts, declared, incidentsResolved, quality] = await Promise.all([
    db.$queryRaw<CountRow[]>`
      SELECT measure, key, sum(n)::int AS n, sum("calSum") AS "calSum", sum("busSum") AS "busSum", sum(within)::int AS within, sum(flagged)::int AS flagged
        FROM "ReportRollupCount" WHERE ${inDays} GROUP BY 1, 2`,
    db.$queryRaw<BucketRow[]>`SELECT measure, key, bucket, sum(n)::int AS n FROM "ReportRollupBucket" WHERE ${inDays} GROUP BY 1, 2, 3`,
    Promise.all(live.map((run) => aggregateRows(db, cal, timeZone, run[0]!.start, run.at(-1)!.end))),
    db.incident.findMany({ where: { declaredAt: { gte: start, lt: end } }, select: { declaredAt: true, acknowledgedAt: true, resolvedAt: true } }),
    db.incident.findMany({ where: { resolvedAt: { gte: start, lt: end } }, select: { declaredAt: true, acknowledgedAt: true, resolvedAt: true } }),
    loadQuality(db, start, end),
  ]);

  // Merge the stored and live aggregates by (measure, key) and (measure, key, bucket).
  const counts = new Map<string, CountRow>();
  for (const r of [...storedCounts, ...liveParts.flatMap((p) => p.counts)]) {
    const k = `${r.measure}\u0000${r.key}`;
    const g = counts.get(k) ?? { measure: r.measure, key: r.key, n: 0, calSum: 0, busSum: 0, within: 0, flagged: 0 };
    g.n += Number(r.n);
    g.calSum += Number(r.calSum);
    g.busSum += Number(r.busSum);
    g.within += Number(r.within);
    g.flagged += Number(r.flagged);
    counts.set(k, g);
  }
  const histograms = new Map<string, Map<number, number>>();
  for (const r of [...storedBuckets, ...liveParts.flatMap((p) => p.buckets)]) {
    const k = `${r.measure}\u0000${r.key}`;
    const h = histograms.get(k) ?? new Map<number, number>();
    h.set(Number(r.bucket), (h.get(Number(r.bucket)) ?? 0) + Number(r.n));
    histograms.set(k, h);
  }
  const rows = (measure: string) => [...counts.values()].filter((r) => r.measure === measure);
  const one = (measure: string) => counts.get(`${measure}\u0000`) ?? { measure, key: '', n: 0, calSum: 0, busSum: 0, within: 0, flagged: 0 };
  const histogram = (measure: string, key = '') => histograms.get(`${measure}\u0000${key}`) ?? new Map<number, number>();
  const statsFrom = (n: number, sum: number, h: ReadonlyMap<number, number>): Stats =>
    n
      ? { count: n, mean: round(sum / n), p50: round(bucketPercentile(h, 50)!), p90: round(bucketPercentile(h, 90)!) }
      : { count: 0, mean: null, p50: null, p90: null };

  const volume = rows('created').map((r) => {
    const [channel, priority] = JSON.parse(r.key) as [Channel, Priority | null];
    return { channel, priority, count: r.n, escalated: r.flagged };
  });
  const clocks = rows('clock').map((r) => {
    const [kind, priority, state] = JSON.parse(r.key) as [SlaClockKind, Priority | null, 'MET' | 'BREACHED'];
    return { kind, priority, state, count: r.n };
  });
  const ratings = rows('csat').flatMap((r) => Array<number>(r.n).fill(Number(r.key)));
  const rest = computeMetrics({
    start,
    end,
    created: [],
    resolved: [],
    closed: [],
    cal,
    clocks,
    ratings,
    incidentsDeclared: declared,
    incidentsResolved,
    reviews: [],
  });
  const sum = (pick: (r: (typeof volume)[number]) => boolean, field: 'count' | 'escalated' = 'count') => volume.filter(pick).reduce((n, r) => n + r[field], 0);
  const total = sum(() => true);
  const escalated = sum(() => true, 'escalated');
  const frt = one('firstResponse');
  const res = one('resolution');
  const closed = one('closed');
  const frtBusiness = statsFrom(frt.n, frt.busSum, histogram('firstResponse.business'));
  const toClose = statsFrom(closed.n, closed.calSum, histogram('closed.calendar'));

  // Team: by owner id in the rollups, by name here (the name is read now, as the row query joins it).
  const owners = rows('team');
  const names = owners.length ? await db.user.findMany({ where: { id: { in: owners.map((r) => r.key) } }, select: { id: true, name: true } }) : [];
  const byName = new Map<string, { resolved: number; h: Map<number, number> }>();
  for (const o of owners) {
    const name = names.find((u) => u.id === o.key)?.name;
    if (!name) continue;
    const g = byName.get(name) ?? { resolved: 0, h: new Map<number, number>() };
    g.resolved += o.n;
    for (const [b, n] of histogram('team', o.key)) g.h.set(b, (g.h.get(b) ?? 0) + n);
    byName.set(name, g);
  }
  return {
    ...rest,
    volume: {
      total,
      byChannel: CHANNELS.map((channel) => ({ channel, count: sum((r) => r.channel === channel) })),
      byPriority: [...PRIORITIES, null].map((priority) => ({ priority, count: sum((r) => r.priority === priority) })),
    },
    resolvedCount: res.n,
    firstResponse: {
      business: frtBusiness,
      calendar: statsFrom(frt.n, frt.calSum, histogram('firstResponse.calendar')),
      withinTarget: share(frt.within, frt.n),
    },
    resolution: {
      calendar: statsFrom(res.n, res.calSum, histogram('resolution.calendar')),
      business: statsFrom(res.n, res.busSum, histogram('resolution.business')),
      withinTarget: share(res.within, res.n),
    },
    resolutionToClose: { calendar: toClose, withinTarget: share(closed.within, closed.n) },
    reopen: { resolved: res.n, reopened: res.flagged, rate: share(res.flagged, res.n) },
    escalation: { escalated, rate: share(escalated, total) },
    topIssues: topIssueCounts(
      rows('issue').map((r) => {
        const [type, tag, title] = JSON.parse(r.key) as [string | null, string | null, string | null];
        return { type, tag, title, count: r.n };
      }),
      5,
    ),
    team: [...byName.entries()]
      .map(([ownerName, g]) => ({ ownerName, resolved: g.resolved, resolutionP50: round(bucketPercentile(g.h, 50)!) }))
      .sort((a, b) => b.resolved - a.resolved || a.ownerName.localeCompare(b.ownerName)),
    quality,
  };
}
