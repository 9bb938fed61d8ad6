// Metrics of the guide's "Metrics and Reporting", defined in docs/metrics.md: pure functions over
// rows, unit-tested against a hand-computed fixture (the loader is metrics-sql.ts).
// Which tickets count: not spam, not test, not merged into another ticket (see `COUNTED`).
import { TZDate } from '@date-fns/tz';
import { Channel, Priority, SlaClockKind, type TicketType } from '@opsboard/db';
import { addDays, addMonths, addWeeks, startOfDay, startOfMonth, startOfWeek } from 'date-fns';
import { businessMinutesBetween, localDay, nextDay, type WorkCalendar, workingWindow } from '../sla/calendar.ts';

export type Period = 'DAY' | 'WEEK' | 'MONTH';

/** The guide's targets (docs/metrics.md). */
export const TARGETS = {
  firstResponseMinutes: 4 * 60,
  /** "Resolution Time: <48 hours", read against the fix (resolution) and against the close (resolutionToClose). */
  resolutionMinutes: 48 * 60,
  /** Share of 4–5 answers. */
  csat: 0.9,
  /** Share of resolved tickets that had been reopened. */
  reopenRate: 0.05,
  slaAttainment: 0.95,
} as const;

/**
 * The guide's Support Goals as shares: "resolve 80 % of issues within 48 hours", "respond to all
 * inquiries within 4 hours (business hours)" (all = 100 % of first responses), "maintain 90 %+
 * customer satisfaction" (90 % or more answering 4–5).
 */
export const GOAL_SHARES = { resolvedWithin48h: 0.8, respondedWithin4h: 1, csat: 0.9 } as const;

export const CHANNELS: readonly Channel[] = Object.values(Channel);
export const PRIORITIES: readonly Priority[] = Object.values(Priority);
export const CLOCK_KINDS: readonly SlaClockKind[] = Object.values(SlaClockKind);

// ─────────────────────────────────── statistics ───────────────────────────────────

/** Nearest-rank percentile: the smallest value with at least p % of the values at or below it. */
export function percentile(values: readonly number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export interface Stats {
  count: number;
  mean: number | null;
  p50: number | null;
  p90: number | null;
}

export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

export function stats(values: readonly number[]): Stats {
  if (!values.length) return { count: 0, mean: null, p50: null, p90: null };
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return { count: values.length, mean: round(mean), p50: round(percentile(values, 50)!), p90: round(percentile(values, 90)!) };
}

/** `part / whole` as a share 0–1, or null when nothing counts. */
export const share = (part: number, whole: number): number | null => (whole ? round(part / whole, 4) : null);

// ──────────────────────────────── business minutes in bulk ────────────────────────────────

/**
 * The calendar's working windows over a span, for many businessMinutesBetween questions: each answer
 * is two binary searches over the windows and a prefix sum, with the SLA engine's day rules
 * (weekdays, holidays, DST). Outside the span it asks businessMinutesBetween itself.
 */
export class BusinessWindows {
  readonly #opens: number[] = [];
  readonly #closes: number[] = [];
  /** #prefix[i]: working ms of the windows before i. */
  readonly #prefix: number[] = [0];
  readonly #from: number;
  readonly #to: number;

  constructor(
    private readonly cal: WorkCalendar,
    from: Date,
    to: Date,
  ) {
    const DAY = 86_400_000;
    this.#from = from.getTime() - DAY;
    this.#to = to.getTime() + DAY;
    const last = localDay(this.#to, cal.timeZone);
    let day = localDay(this.#from, cal.timeZone);
    for (let i = 0; i < 20_000; i++, day = nextDay(day)) {
      const w = workingWindow(day, cal);
      if (w) {
        this.#opens.push(w.open);
        this.#closes.push(w.close);
        this.#prefix.push(this.#prefix.at(-1)! + (w.close - w.open));
      }
      if (day.year === last.year && day.month === last.month && day.day === last.day) break;
    }
  }

  /** First index whose value is > x (values ascending). */
  static #above(values: number[], x: number): number {
    let lo = 0;
    let hi = values.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (values[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /**
   * The windows as PostgreSQL float8[] literals (epoch ms): opening instants, closing instants and the
   * working ms before each window, for `businessMsSql` (the same prefix-sum answer, in SQL).
   */
  sqlArrays(): { opens: string; closes: string; before: string } {
    const literal = (values: readonly number[]) => `{${values.join(',')}}`;
    return { opens: literal(this.#opens), closes: literal(this.#closes), before: literal(this.#prefix.slice(0, -1)) };
  }

  minutesBetween(from: Date, to: Date): number {
    const a = from.getTime();
    const b = to.getTime();
    if (b < a) return -this.minutesBetween(to, from);
    if (a < this.#from || b > this.#to) return businessMinutesBetween(from, to, this.cal);
    const i = BusinessWindows.#above(this.#closes, a); // first window closing after a
    const j = BusinessWindows.#above(this.#opens, b - 1) - 1; // last window opening before b
    if (j < i) return 0;
    const ms = this.#prefix[j + 1]! - this.#prefix[i]! - Math.max(0, a - this.#opens[i]!) - Math.max(0, this.#closes[j]! - b);
    return ms / 60_000;
  }
}

// ──────────────────────────────────── top issues ────────────────────────────────────

const STOPWORDS = new Set(
  'a an the and or but of to in on at for with from by is are was were be been it its this that my our your i we you me us can cant cannot does doesnt do dont not no when after before while please help issue problem'.split(
    ' ',
  ),
);

/** A subject reduced to its words: lower case, no ticket numbers, digits, punctuation or filler words; the first three. */
export function normalizeSubject(title: string): string {
  const words = title
    .toLowerCase()
    .replace(/\b[a-z]{1,6}-\d+\b|#\d+/g, ' ')
    .replace(/['’]/g, '')
    .split(/[^a-z]+/)
    .filter((w) => w.length > 1 && !STOPWORDS.has(w));
  return words.slice(0, 3).join(' ');
}

/** What makes two tickets "the same issue": the type and the first tag, else the type and the normalized subject. */
export function issueKey(t: { type: string | null; tags: readonly string[]; title: string }): { key: string; type: string; label: string } {
  const type = t.type ?? 'UNTYPED';
  const tag = t.tags[0]?.toLowerCase();
  const label = tag ? `#${tag}` : normalizeSubject(t.title) || t.title.toLowerCase().slice(0, 40);
  return { key: `${type}|${label}`, type, label };
}

export interface IssueCount {
  key: string;
  type: string;
  label: string;
  count: number;
  ticketIds: string[];
}

export function topIssues(tickets: readonly MetricTicket[], limit = 5, minCount = 1): IssueCount[] {
  const groups = new Map<string, IssueCount>();
  for (const t of tickets) {
    const k = issueKey(t);
    const g = groups.get(k.key) ?? { ...k, count: 0, ticketIds: [] };
    g.count += 1;
    g.ticketIds.push(t.id);
    groups.set(k.key, g);
  }
  return rankIssues([...groups.values()], limit, minCount);
}

/** The biggest groups first (ties by key). */
function rankIssues<T extends { key: string; count: number }>(groups: T[], limit: number, minCount: number): T[] {
  return groups
    .filter((g) => g.count >= minCount)
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key))
    .slice(0, limit);
}

/** topIssues over rows already counted by (type, first tag, subject): the same keys and order. */
export function topIssueCounts(
  rows: readonly { type: string | null; tag: string | null; title: string | null; count: number }[],
  limit = 5,
): { key: string; type: string; label: string; count: number }[] {
  const groups = new Map<string, { key: string; type: string; label: string; count: number }>();
  for (const r of rows) {
    const k = issueKey({ type: r.type, tags: r.tag ? [r.tag] : [], title: r.title ?? '' });
    const g = groups.get(k.key) ?? { ...k, count: 0 };
    g.count += r.count;
    groups.set(k.key, g);
  }
  return rankIssues([...groups.values()], limit, 1);
}

// ─────────────────────────────────── the metrics ───────────────────────────────────

export interface MetricTicket {
  id: string;
  number: number;
  title: string;
  channel: Channel;
  type: TicketType | null;
  priority: Priority | null;
  tags: string[];
  ownerName: string | null;
  createdAt: Date;
  firstRespondedAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  reopenCount: number;
  escalated: boolean;
}

export interface ClockCount {
  kind: SlaClockKind;
  priority: Priority | null;
  state: 'MET' | 'BREACHED';
  count: number;
}

export interface MetricIncident {
  declaredAt: Date;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
}

export interface MetricInput {
  start: Date;
  end: Date;
  /** Counted tickets created in the range. */
  created: MetricTicket[];
  /** Counted tickets resolved in the range (their latest resolution). */
  resolved: MetricTicket[];
  /** Counted tickets closed in the range (closed now: a reopen clears the close). */
  closed: MetricTicket[];
  /** Final states of SLA clocks of the tickets created in the range. */
  clocks: ClockCount[];
  /** Ratings (1–5) answered in the range. */
  ratings: number[];
  /** Incidents declared in the range. */
  incidentsDeclared: MetricIncident[];
  /** Incidents resolved in the range. */
  incidentsResolved: MetricIncident[];
  /** Reviewed responses sent in the range: whether each passed all seven Quality Checks. */
  reviews: boolean[];
  cal: WorkCalendar;
}

export interface Attainment {
  kind: SlaClockKind | null;
  priority: Priority | null;
  met: number;
  breached: number;
  attainment: number | null;
}

export interface Metrics {
  start: string;
  end: string;
  volume: { total: number; byChannel: { channel: Channel; count: number }[]; byPriority: { priority: Priority | null; count: number }[] };
  resolvedCount: number;
  /** Minutes from creation to the first response to the user. */
  firstResponse: { business: Stats; calendar: Stats; withinTarget: number | null };
  /** Minutes from creation to resolution (the fix), of tickets resolved in the range: the 48-hour goal reads this. */
  resolution: { calendar: Stats; business: Stats; withinTarget: number | null };
  /**
   * The guide's metrics table's Resolution Time, "time from ticket to close": calendar minutes from
   * creation to the close, of tickets closed in the range. Null in a snapshot stored before it existed.
   */
  resolutionToClose: ResolutionToClose | null;
  csat: { responses: number; satisfied: number; score: number | null; average: number | null; distribution: number[] };
  reopen: { resolved: number; reopened: number; rate: number | null };
  sla: { overall: Attainment; byKind: Attainment[]; byKindAndPriority: Attainment[] };
  escalation: { escalated: number; rate: number | null };
  topIssues: { key: string; type: string; label: string; count: number }[];
  incidents: { declared: number; resolved: number; mtta: Stats; mttr: Stats };
  team: { ownerName: string; resolved: number; resolutionP50: number | null }[];
  /** The guide's Quality Checks on the responses sent in the range (see QualityMetric). */
  quality: QualityMetric;
}

/** Calendar minutes from creation to the close, and the share closed within 48 hours (48 h exactly counts). */
export interface ResolutionToClose {
  calendar: Stats;
  withinTarget: number | null;
}

/** Responses sent in the range that have a review, how many of those passed all seven checks, and the share. */
export interface QualityMetric {
  reviewed: number;
  passedAll: number;
  /** passedAll / reviewed; null when none was reviewed. */
  share: number | null;
}

export const qualityMetric = (reviewed: number, passedAll: number): QualityMetric => ({ reviewed, passedAll, share: share(passedAll, reviewed) });

const minutes = (from: Date, to: Date) => (to.getTime() - from.getTime()) / 60_000;

function attainment(rows: readonly ClockCount[], kind: SlaClockKind | null, priority: Priority | null | undefined): Attainment {
  const pick = rows.filter((r) => (kind === null || r.kind === kind) && (priority === undefined || r.priority === priority));
  const met = pick.filter((r) => r.state === 'MET').reduce((s, r) => s + r.count, 0);
  const breached = pick.filter((r) => r.state === 'BREACHED').reduce((s, r) => s + r.count, 0);
  return { kind, priority: priority ?? null, met, breached, attainment: share(met, met + breached) };
}

/** Every metric of docs/metrics.md from the rows of one range. */
export function computeMetrics(input: MetricInput): Metrics {
  const { created, resolved, cal } = input;
  const responded = created.filter((t) => t.firstRespondedAt);
  let first = input.start.getTime();
  let last = input.end.getTime();
  for (const t of [...created, ...resolved]) {
    first = Math.min(first, t.createdAt.getTime());
    last = Math.max(last, t.firstRespondedAt?.getTime() ?? 0, t.resolvedAt?.getTime() ?? 0);
  }
  const business = new BusinessWindows(cal, new Date(first), new Date(last));
  const frtBusiness = responded.map((t) => business.minutesBetween(t.createdAt, t.firstRespondedAt!));
  const frtCalendar = responded.map((t) => minutes(t.createdAt, t.firstRespondedAt!));
  const resCalendar = resolved.map((t) => minutes(t.createdAt, t.resolvedAt!));
  const resBusiness = resolved.map((t) => business.minutesBetween(t.createdAt, t.resolvedAt!));
  // Calendar minutes, as the 48-hour target reads: the close waits on the user's confirmation, not on business hours.
  const toClose = input.closed.map((t) => minutes(t.createdAt, t.closedAt!));
  const ratings = input.ratings.filter((r) => r >= 1 && r <= 5);
  const satisfied = ratings.filter((r) => r >= 4).length;
  const reopened = resolved.filter((t) => t.reopenCount > 0).length;
  const escalated = created.filter((t) => t.escalated).length;
  const byOwner = new Map<string, number[]>();
  for (const t of resolved) {
    if (!t.ownerName) continue;
    byOwner.set(t.ownerName, [...(byOwner.get(t.ownerName) ?? []), minutes(t.createdAt, t.resolvedAt!)]);
  }
  const priorities: (Priority | null)[] = [...PRIORITIES, null];
  return {
    start: input.start.toISOString(),
    end: input.end.toISOString(),
    volume: {
      total: created.length,
      byChannel: CHANNELS.map((channel) => ({ channel, count: created.filter((t) => t.channel === channel).length })),
      byPriority: priorities.map((priority) => ({ priority, count: created.filter((t) => t.priority === priority).length })),
    },
    resolvedCount: resolved.length,
    firstResponse: {
      business: stats(frtBusiness),
      calendar: stats(frtCalendar),
      withinTarget: share(frtBusiness.filter((m) => m <= TARGETS.firstResponseMinutes).length, frtBusiness.length),
    },
    resolution: {
      calendar: stats(resCalendar),
      business: stats(resBusiness),
      withinTarget: share(resCalendar.filter((m) => m <= TARGETS.resolutionMinutes).length, resCalendar.length),
    },
    resolutionToClose: {
      calendar: stats(toClose),
      withinTarget: share(toClose.filter((m) => m <= TARGETS.resolutionMinutes).length, toClose.length),
    },
    csat: {
      responses: ratings.length,
      satisfied,
      score: share(satisfied, ratings.length),
      average: ratings.length ? round(ratings.reduce((a, b) => a + b, 0) / ratings.length) : null,
      distribution: [1, 2, 3, 4, 5].map((r) => ratings.filter((x) => x === r).length),
    },
    reopen: { resolved: resolved.length, reopened, rate: share(reopened, resolved.length) },
    sla: {
      overall: attainment(input.clocks, null, undefined),
      byKind: CLOCK_KINDS.map((kind) => attainment(input.clocks, kind, undefined)),
      byKindAndPriority: CLOCK_KINDS.flatMap((kind) => PRIORITIES.map((priority) => attainment(input.clocks, kind, priority))),
    },
    escalation: { escalated, rate: share(escalated, created.length) },
    topIssues: topIssues(created, 5).map(({ ticketIds: _ids, ...rest }) => rest),
    incidents: {
      declared: input.incidentsDeclared.length,
      resolved: input.incidentsResolved.length,
      mtta: stats(input.incidentsDeclared.filter((i) => i.acknowledgedAt).map((i) => minutes(i.declaredAt, i.acknowledgedAt!))),
      mttr: stats(input.incidentsResolved.filter((i) => i.resolvedAt).map((i) => minutes(i.declaredAt, i.resolvedAt!))),
    },
    team: [...byOwner.entries()]
      .map(([ownerName, values]) => ({ ownerName, resolved: values.length, resolutionP50: stats(values).p50 }))
      .sort((a, b) => b.resolved - a.resolved || a.ownerName.localeCompare(b.ownerName)),
    quality: qualityMetric(input.reviews.length, input.reviews.filter(Boolean).length),
  };
}

// ──────────────────────────────────── periods ────────────────────────────────────

/** The period containing `at`, in the time zone: days from midnight, weeks from Monday, months from the 1st. */
export function periodRange(period: Period, at: Date, timeZone: string): { start: Date; end: Date } {
  const local = new TZDate(at.getTime(), timeZone);
  const start = period === 'DAY' ? startOfDay(local) : period === 'WEEK' ? startOfWeek(local, { weekStartsOn: 1 }) : startOfMonth(local);
  const end = period === 'DAY' ? addDays(start, 1) : period === 'WEEK' ? addWeeks(start, 1) : addMonths(start, 1);
  return { start: new Date(start.getTime()), end: new Date(end.getTime()) };
}

/** The period before the one starting at `start`. */
export function previousPeriod(period: Period, start: Date, timeZone: string): { start: Date; end: Date } {
  const local = new TZDate(start.getTime(), timeZone);
  const before = period === 'DAY' ? addDays(local, -1) : period === 'WEEK' ? addWeeks(local, -1) : addMonths(local, -1);
  return periodRange(period, new Date(before.getTime()), timeZone);
}
