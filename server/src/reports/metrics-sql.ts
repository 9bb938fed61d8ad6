// The loader of the metrics: aggregates in SQL over a range (counts, nearest-rank percentiles,
// business minutes from the calendar's windows), and the row-by-row reference it is checked against.
import { type Channel, type Priority, Prisma, type SlaClockKind } from '@opsboard/db';
import type { Tx } from '../platform/events.ts';
import type { Deps } from '../platform/db.ts';
import { toWorkCalendar, type WorkCalendar } from '../sla/calendar.ts';
import { formatTicketNumber } from '../tickets/model.ts';
import { QUALITY_KEYS, REVIEWED_KINDS } from '../tickets/quality.ts';
import {
  BusinessWindows,
  CHANNELS,
  type ClockCount,
  computeMetrics,
  type Metrics,
  type MetricTicket,
  PRIORITIES,
  round,
  share,
  type Stats,
  TARGETS,
  topIssueCounts,
  type QualityMetric,
  qualityMetric,
} from './metrics.ts';

/** The tickets metrics count: not spam, not test, not merged into another ticket. */
export const COUNTED = Prisma.sql`NOT t."isSpam" AND NOT t."isTest" AND t."mergedIntoId" IS NULL`;
/** The same rule for Prisma queries (drill-downs). */
export const COUNTED_WHERE = { isSpam: false, isTest: false, mergedIntoId: null } satisfies Prisma.TicketWhereInput;

type Db = Deps['prisma'] | Tx;

export async function defaultCalendar(db: Db, timeZone: string): Promise<WorkCalendar> {
  const row = await db.businessCalendar.findFirst({ where: { isDefault: true }, include: { holidays: { select: { date: true } } } });
  return row ? toWorkCalendar(row) : { timeZone, workdays: [1, 2, 3, 4, 5], startMinute: 540, endMinute: 1020, holidays: new Set() };
}

/**
 * The Quality Checks of [start, end): outbound responses (responses, user updates, resolution notices)
 * of counted tickets sent in the range that have a review, and how many of those passed all seven.
 */
export async function loadQuality(db: Db, start: Date, end: Date): Promise<QualityMetric> {
  const all = Prisma.sql`ARRAY[${Prisma.join(QUALITY_KEYS.map((k) => Prisma.sql`${k}`))}]::"QualityCheck"[]`;
  const kinds = Prisma.join(REVIEWED_KINDS.map((k) => Prisma.sql`${k}::"MessageKind"`));
  const [row] = await db.$queryRaw<{ reviewed: number; passedAll: number }[]>`
    SELECT count(*)::int AS reviewed, count(*) FILTER (WHERE r.passed @> ${all})::int AS "passedAll"
      FROM "ResponseReview" r JOIN "TicketMessage" m ON m.id = r."messageId" JOIN "Ticket" t ON t.id = m."ticketId"
     WHERE m."createdAt" >= ${start} AND m."createdAt" < ${end} AND m.direction = 'OUTBOUND' AND m.kind IN (${kinds}) AND ${COUNTED}`;
  return qualityMetric(Number(row?.reviewed ?? 0), Number(row?.passedAll ?? 0));
}

/** A ticket row as the report queries read it: the same shape the metrics take. */
type RawTicket = MetricTicket;

function ticketRows(db: Db, column: 'createdAt' | 'resolvedAt' | 'closedAt', start: Date, end: Date): Promise<RawTicket[]> {
  const col = Prisma.raw(`t."${column}"`);
  return db.$queryRaw<RawTicket[]>`
    SELECT t.id, t.number, t.title, t.channel::text AS channel, t.type::text AS type, t.priority::text AS priority, t.tags,
           u.name AS "ownerName", t."createdAt", t."firstRespondedAt", t."resolvedAt", t."closedAt", t."reopenCount",
           (t."escalationLevel" <> 'L1' OR EXISTS (SELECT 1 FROM "Escalation" e WHERE e."ticketId" = t.id)) AS escalated
      FROM "Ticket" t LEFT JOIN "User" u ON u.id = t."ownerId"
     WHERE ${col} >= ${start} AND ${col} < ${end} AND ${COUNTED}`;
}

/** Epoch milliseconds of a timestamptz column, as float8 (exact: timestamps are stored to the ms). */
export const epochMs = (col: string) => Prisma.raw(`round(date_part('epoch', t."${col}") * 1000)`);

/**
 * Tickets `t` with e.x, e.y (epoch ms of two of their timestamps) and e.kx, e.ky (the last business window
 * of `w` opening at or before each; see BusinessWindows.sqlArrays). Each OFFSET 0 keeps a value computed
 * once: inlined, the array casts and binary searches would run again at every use.
 */
export function ticketSpans(from: string, to: string, arrays: { opens: string; closes: string; before: string }): Prisma.Sql {
  return Prisma.sql`"Ticket" t
    CROSS JOIN (SELECT ${arrays.opens}::float8[] AS o, ${arrays.closes}::float8[] AS c, ${arrays.before}::float8[] AS b OFFSET 0) w
    CROSS JOIN LATERAL (SELECT x, y, width_bucket(x, w.o) AS kx, width_bucket(y, w.o) AS ky
                          FROM (SELECT ${epochMs(from)} AS x, ${epochMs(to)} AS y OFFSET 0) e0 OFFSET 0) e`;
}

/** Business ms from the start of the windows to an instant: the windows before its last one, plus the part of that one. */
const businessMs = (x: string, k: string) => Prisma.raw(`coalesce(w.b[${k}] + least(${x} - w.o[${k}], w.c[${k}] - w.o[${k}]), 0)`);
/** Calendar and business minutes between e.x and e.y. */
export const CALENDAR_MINUTES = Prisma.sql`((e.y - e.x) / 60000)`;
export const BUSINESS_MINUTES = Prisma.sql`((${businessMs('e.y', 'e.ky')} - ${businessMs('e.x', 'e.kx')}) / 60000)`;

/** Count, mean and nearest-rank p50/p90 (`percentile_disc` is nearest rank) of a float8 expression, as s_count, s_mean, s_p50, s_p90. */
function statsSql(prefix: string, v: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`count(${v})::int AS ${Prisma.raw(`"${prefix}_count"`)}, avg(${v}) AS ${Prisma.raw(`"${prefix}_mean"`)},
    percentile_disc(0.5) WITHIN GROUP (ORDER BY ${v}) AS ${Prisma.raw(`"${prefix}_p50"`)},
    percentile_disc(0.9) WITHIN GROUP (ORDER BY ${v}) AS ${Prisma.raw(`"${prefix}_p90"`)}`;
}

function statsOf(row: Record<string, unknown>, prefix: string): Stats {
  const count = Number(row[`${prefix}_count`] ?? 0);
  if (!count) return { count: 0, mean: null, p50: null, p90: null };
  const num = (k: string) => round(Number(row[`${prefix}_${k}`]));
  return { count, mean: num('mean'), p50: num('p50'), p90: num('p90') };
}

/**
 * The default calendar's working windows over the span the metrics of [start, end) need, as SQL arrays: the
 * range, the creation of tickets resolved in it, the answers after it. Every ticket (counted or not) widens
 * it, so the indexes on (resolvedAt, createdAt) and (createdAt, firstRespondedAt) answer alone;
 * `+ interval '0'` keeps PostgreSQL from walking the whole createdAt index for the minimum.
 */
export async function businessArrays(db: Db, cal: WorkCalendar, start: Date, end: Date): Promise<{ opens: string; closes: string; before: string }> {
  const [span] = await db.$queryRaw<{ first: Date | null; last: Date | null }[]>`
    SELECT (SELECT min(t."createdAt" + interval '0') FROM "Ticket" t WHERE t."resolvedAt" >= ${start} AND t."resolvedAt" < ${end}) AS first,
           (SELECT max(t."firstRespondedAt" + interval '0') FROM "Ticket" t WHERE t."createdAt" >= ${start} AND t."createdAt" < ${end}) AS last`;
  const first = Math.min(start.getTime(), span?.first?.getTime() ?? Infinity);
  const last = Math.max(end.getTime(), span?.last?.getTime() ?? 0);
  return new BusinessWindows(cal, new Date(first), new Date(last)).sqlArrays();
}

/**
 * The metrics of [start, end), aggregated in SQL (counts, calendar and business-hour means and
 * nearest-rank percentiles, groups): only aggregates and small groups leave the database. Business
 * minutes use the default calendar's working windows (BusinessWindows, the SLA engine's day rules)
 * passed as arrays. Same definitions as `computeMetrics` (docs/metrics.md).
 */
export async function loadMetrics(db: Db, timeZone: string, start: Date, end: Date): Promise<Metrics> {
  const inCreated = Prisma.sql`t."createdAt" >= ${start} AND t."createdAt" < ${end} AND ${COUNTED}`;
  const inResolved = Prisma.sql`t."resolvedAt" >= ${start} AND t."resolvedAt" < ${end} AND ${COUNTED}`;
  // A reopen clears closedAt: a ticket closed in the range and reopened since is not closed.
  const inClosed = Prisma.sql`t."closedAt" >= ${start} AND t."closedAt" < ${end} AND ${COUNTED}`;
  const cal = await defaultCalendar(db, timeZone);
  const arrays = await businessArrays(db, cal, start, end);
  // OFFSET 0 keeps the arrays one row, parsed once: inlined, the casts would run for every ticket.
  type Row = Record<string, unknown>;
  const [volume, [frt], [res], [closed], team, issues, clocks, ratings, declared, incidentsResolved, quality] = await Promise.all([
    db.$queryRaw<{ channel: Channel; priority: Priority | null; count: number; escalated: number }[]>`
      SELECT t.channel::text AS channel, t.priority::text AS priority, count(*)::int AS count,
             count(*) FILTER (WHERE t."escalationLevel" <> 'L1' OR EXISTS (SELECT 1 FROM "Escalation" e WHERE e."ticketId" = t.id))::int AS escalated
        FROM "Ticket" t WHERE ${inCreated} GROUP BY 1, 2`,
    db.$queryRaw<Row[]>`
      SELECT ${statsSql('cal', Prisma.sql`f.cal`)}, ${statsSql('bus', Prisma.sql`f.bus`)},
             count(*) FILTER (WHERE f.bus <= ${TARGETS.firstResponseMinutes})::int AS within
        FROM (SELECT ${CALENDAR_MINUTES} AS cal, ${BUSINESS_MINUTES} AS bus
                FROM ${ticketSpans('createdAt', 'firstRespondedAt', arrays)}
               WHERE ${inCreated} AND t."firstRespondedAt" IS NOT NULL) f`,
    db.$queryRaw<Row[]>`
      SELECT ${statsSql('cal', Prisma.sql`r.cal`)}, ${statsSql('bus', Prisma.sql`r.bus`)},
             count(*) FILTER (WHERE r.cal <= ${TARGETS.resolutionMinutes})::int AS within,
             count(*) FILTER (WHERE r.reopened)::int AS reopened
        FROM (SELECT ${CALENDAR_MINUTES} AS cal, ${BUSINESS_MINUTES} AS bus, t."reopenCount" > 0 AS reopened
                FROM ${ticketSpans('createdAt', 'resolvedAt', arrays)}
               WHERE ${inResolved}) r`,
    db.$queryRaw<Row[]>`
      SELECT ${statsSql('cal', Prisma.sql`c.cal`)}, count(*) FILTER (WHERE c.cal <= ${TARGETS.resolutionMinutes})::int AS within
        FROM (SELECT (${epochMs('closedAt')} - ${epochMs('createdAt')}) / 60000 AS cal FROM "Ticket" t WHERE ${inClosed}) c`,
    db.$queryRaw<{ ownerName: string; resolved: number; p50: number }[]>`
      SELECT u.name AS "ownerName", count(*)::int AS resolved,
             percentile_disc(0.5) WITHIN GROUP (ORDER BY (${epochMs('resolvedAt')} - ${epochMs('createdAt')}) / 60000) AS p50
        FROM "Ticket" t JOIN "User" u ON u.id = t."ownerId"
       WHERE ${inResolved} AND u.name IS NOT NULL
       GROUP BY 1`,
    db.$queryRaw<{ type: string | null; tag: string | null; title: string | null; count: number }[]>`
      SELECT t.type::text AS type, t.tags[1] AS tag,
             CASE WHEN t.tags[1] IS NULL OR t.tags[1] = '' THEN t.title END AS title, count(*)::int AS count
        FROM "Ticket" t WHERE ${inCreated} GROUP BY 1, 2, 3`,
    db.$queryRaw<ClockCount[]>`
      SELECT c.kind::text AS kind, t.priority::text AS priority, c.state::text AS state, count(*)::int AS count
        FROM "SlaClock" c JOIN "Ticket" t ON t.id = c."ticketId"
       WHERE ${inCreated} AND c.state IN ('MET', 'BREACHED')
       GROUP BY 1, 2, 3`,
    db.$queryRaw<{ rating: number; count: number }[]>`
      SELECT r.rating, count(*)::int AS count FROM "CsatResponse" r JOIN "Ticket" t ON t.id = r."ticketId"
       WHERE r."answeredAt" >= ${start} AND r."answeredAt" < ${end} AND r.rating IS NOT NULL AND ${COUNTED}
       GROUP BY 1`,
    db.incident.findMany({ where: { declaredAt: { gte: start, lt: end } }, select: { declaredAt: true, acknowledgedAt: true, resolvedAt: true } }),
    db.incident.findMany({ where: { resolvedAt: { gte: start, lt: end } }, select: { declaredAt: true, acknowledgedAt: true, resolvedAt: true } }),
    loadQuality(db, start, end),
  ]);

  // Everything not about tickets (CSAT, SLA clocks, incidents) as computeMetrics defines it.
  const rest = computeMetrics({
    start,
    end,
    created: [],
    resolved: [],
    closed: [],
    cal,
    clocks: clocks.map((c) => ({ ...c, count: Number(c.count) })),
    ratings: ratings.flatMap((r) => Array<number>(Number(r.count)).fill(r.rating)),
    incidentsDeclared: declared,
    incidentsResolved,
    reviews: [],
  });
  const sum = (pick: (r: (typeof volume)[number]) => boolean, field: 'count' | 'escalated' = 'count') =>
    volume.filter(pick).reduce((n, r) => n + Number(r[field]), 0);
  const total = sum(() => true);
  const escalated = sum(() => true, 'escalated');
  const frtBusiness = statsOf(frt ?? {}, 'bus');
  const resolvedCount = Number(res?.cal_count ?? 0);
  const reopened = Number(res?.reopened ?? 0);
  const toClose = statsOf(closed ?? {}, 'cal');
  return {
    ...rest,
    volume: {
      total,
      byChannel: CHANNELS.map((channel) => ({ channel, count: sum((r) => r.channel === channel) })),
      byPriority: [...PRIORITIES, null].map((priority) => ({ priority, count: sum((r) => r.priority === priority) })),
    },
    resolvedCount,
    firstResponse: {
      business: frtBusiness,
      calendar: statsOf(frt ?? {}, 'cal'),
      withinTarget: share(Number(frt?.within ?? 0), frtBusiness.count),
    },
    resolution: {
      calendar: statsOf(res ?? {}, 'cal'),
      business: statsOf(res ?? {}, 'bus'),
      withinTarget: share(Number(res?.within ?? 0), resolvedCount),
    },
    resolutionToClose: { calendar: toClose, withinTarget: share(Number(closed?.within ?? 0), toClose.count) },
    reopen: { resolved: resolvedCount, reopened, rate: share(reopened, resolvedCount) },
    escalation: { escalated, rate: share(escalated, total) },
    topIssues: topIssueCounts(
      issues.map((r) => ({ ...r, count: Number(r.count) })),
      5,
    ),
    team: team
      .map((r) => ({ ownerName: r.ownerName, resolved: Number(r.resolved), resolutionP50: round(Number(r.p50)) }))
      .sort((a, b) => b.resolved - a.resolved || a.ownerName.localeCompare(b.ownerName)),
    quality,
  };
}

/**
 * Reads the rows of [start, end) and computes its metrics in TypeScript (`computeMetrics`): the reference
 * the SQL of `loadMetrics` is checked against (tests/integration/metrics-sql.test.ts).
 */
export async function loadMetricsFromRows(db: Db, timeZone: string, start: Date, end: Date): Promise<Metrics> {
  const [cal, created, resolved, closed, clocks, ratings, declared, incidentsResolved, reviews] = await Promise.all([
    defaultCalendar(db, timeZone),
    ticketRows(db, 'createdAt', start, end),
    ticketRows(db, 'resolvedAt', start, end),
    ticketRows(db, 'closedAt', start, end),
    db.$queryRaw<{ kind: SlaClockKind; priority: Priority | null; state: 'MET' | 'BREACHED'; count: bigint }[]>`
      SELECT c.kind::text AS kind, t.priority::text AS priority, c.state::text AS state, count(*) AS count
        FROM "SlaClock" c JOIN "Ticket" t ON t.id = c."ticketId"
       WHERE t."createdAt" >= ${start} AND t."createdAt" < ${end} AND ${COUNTED} AND c.state IN ('MET', 'BREACHED')
       GROUP BY 1, 2, 3`,
    db.$queryRaw<{ rating: number; count: bigint }[]>`
      SELECT r.rating, count(*) AS count FROM "CsatResponse" r JOIN "Ticket" t ON t.id = r."ticketId"
       WHERE r."answeredAt" >= ${start} AND r."answeredAt" < ${end} AND r.rating IS NOT NULL AND ${COUNTED}
       GROUP BY 1`,
    db.incident.findMany({ where: { declaredAt: { gte: start, lt: end } }, select: { declaredAt: true, acknowledgedAt: true, resolvedAt: true } }),
    db.incident.findMany({ where: { resolvedAt: { gte: start, lt: end } }, select: { declaredAt: true, acknowledgedAt: true, resolvedAt: true } }),
    db.responseReview.findMany({
      where: {
        message: { createdAt: { gte: start, lt: end }, direction: 'OUTBOUND', kind: { in: [...REVIEWED_KINDS] }, ticket: COUNTED_WHERE },
      },
      select: { passed: true },
    }),
  ]);
  return computeMetrics({
    start,
    end,
    created,
    resolved,
    closed,
    clocks: clocks.map((c) => ({ ...c, count: Number(c.count) })),
    ratings: ratings.flatMap((r) => Array<number>(Number(r.count)).fill(r.rating)),
    incidentsDeclared: declared,
    incidentsResolved,
    reviews: reviews.map((r) => QUALITY_KEYS.every((k) => r.passed.includes(k))),
    cal,
  });
}

/** Counted tickets of a range, for drill-downs and KB candidates. */
export async function loadTickets(db: Db, column: 'createdAt' | 'resolvedAt', start: Date, end: Date): Promise<MetricTicket[]> {
  return ticketRows(db, column, start, end);
}

export const ticketLabel = (deps: Deps, n: number) => formatTicketNumber(deps.config.ticketPrefix, n);
