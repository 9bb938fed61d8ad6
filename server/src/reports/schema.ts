// Reports for managers: report(period, start), trends(months), the tickets behind a number, and the
// CSAT answer on a ticket. Metric definitions: docs/metrics.md.
import { ReportPeriod } from '@opsboard/db';
import { builder } from '../graphql/builder.ts';
import type { Attainment as AttainmentShape, Metrics as MetricsShape, Stats as StatsShape } from './metrics.ts';
import { DRILL_SETS, drillWhere, type Report as ReportShape, report, type TrendPoint as TrendPointShape, trends } from './service.ts';
import { ChannelEnum, PriorityEnum } from '../graphql/enums.ts';
import { SlaClockKindEnum } from '../sla/schema.ts';
import { Ticket } from '../tickets/schema.ts';

export const ReportPeriodEnum = builder.enumType(ReportPeriod, {
  name: 'ReportPeriod',
  description: 'DAY from midnight, WEEK from Monday, MONTH from the 1st, in OPSBOARD_TIME_ZONE',
});
const ReportTicketSetEnum = builder.enumType('ReportTicketSet', {
  values: DRILL_SETS,
  description:
    'Which tickets of a range a number counted: CREATED, RESOLVED, CLOSED (closed in the range, not reopened since), REOPENED (resolved, reopened before), ESCALATED, SLA_BREACHED, CSAT_ANSWERED, CSAT_UNSATISFIED (1–3), ISSUE (a topIssues key)',
});

builder.prismaObject('CsatResponse', {
  authScopes: { reader: true },
  description: 'The satisfaction survey of a ticket: sent on resolution, answered once (1–5 and a comment).',
  fields: (t) => ({
    id: t.exposeID('id'),
    sentAt: t.expose('sentAt', { type: 'DateTime' }),
    rating: t.exposeInt('rating', { nullable: true, description: '1 (very dissatisfied) … 5 (very satisfied); null until answered' }),
    comment: t.exposeString('comment', { nullable: true }),
    answeredAt: t.expose('answeredAt', { type: 'DateTime', nullable: true }),
  }),
});

builder.prismaObjectField('Ticket', 'csat', (t) => t.relation('csat', { nullable: true, description: 'The CSAT survey, once the ticket was resolved' }));

const Stats = builder.objectRef<StatsShape>('MetricStats').implement({
  description: 'A duration distribution in minutes: count, mean, p50 and p90 (nearest rank)',
  fields: (t) => ({
    count: t.exposeInt('count'),
    mean: t.exposeFloat('mean', { nullable: true }),
    p50: t.exposeFloat('p50', { nullable: true }),
    p90: t.exposeFloat('p90', { nullable: true }),
  }),
});

const ChannelCount = builder.objectRef<{ channel: MetricsShape['volume']['byChannel'][number]['channel']; count: number }>('ChannelCount').implement({
  fields: (t) => ({ channel: t.field({ type: ChannelEnum, resolve: (c) => c.channel }), count: t.exposeInt('count') }),
});
const MetricPriorityCount = builder
  .objectRef<{ priority: MetricsShape['volume']['byPriority'][number]['priority']; count: number }>('MetricPriorityCount')
  .implement({
    fields: (t) => ({
      priority: t.field({ type: PriorityEnum, nullable: true, description: 'Null: not triaged', resolve: (c) => c.priority }),
      count: t.exposeInt('count'),
    }),
  });

const Attainment = builder.objectRef<AttainmentShape>('SlaAttainment').implement({
  description: 'Clocks MET and BREACHED; attainment = met / (met + breached)',
  fields: (t) => ({
    kind: t.field({ type: SlaClockKindEnum, nullable: true, description: 'Null: every clock', resolve: (a) => a.kind }),
    priority: t.field({ type: PriorityEnum, nullable: true, description: 'Null: every priority', resolve: (a) => a.priority }),
    met: t.exposeInt('met'),
    breached: t.exposeInt('breached'),
    attainment: t.exposeFloat('attainment', { nullable: true }),
  }),
});

type M = MetricsShape;
const Volume = builder.objectRef<M['volume']>('MetricVolume').implement({
  fields: (t) => ({
    total: t.exposeInt('total'),
    byChannel: t.field({ type: [ChannelCount], resolve: (v) => v.byChannel }),
    byPriority: t.field({ type: [MetricPriorityCount], resolve: (v) => v.byPriority }),
  }),
});
const FirstResponse = builder.objectRef<M['firstResponse']>('FirstResponseMetric').implement({
  fields: (t) => ({
    business: t.field({ type: Stats, description: 'Business minutes (default calendar)', resolve: (f) => f.business }),
    calendar: t.field({ type: Stats, resolve: (f) => f.calendar }),
    withinTarget: t.exposeFloat('withinTarget', { nullable: true, description: 'Share answered within 4 business hours' }),
  }),
});
const Resolution = builder.objectRef<M['resolution']>('ResolutionMetric').implement({
  description:
    "Resolution measured to the fix: from creation to the ticket's latest resolvedAt, of tickets resolved in the range. The goal \"Resolve 80 % of issues within 48 hours\" reads this: the fix is the team's, while the close waits for the user's confirmation (see resolutionToClose)",
  fields: (t) => ({
    calendar: t.field({ type: Stats, resolve: (f) => f.calendar }),
    business: t.field({ type: Stats, resolve: (f) => f.business }),
    withinTarget: t.exposeFloat('withinTarget', { nullable: true, description: 'Share resolved within 48 hours' }),
  }),
});
const ResolutionToClose = builder.objectRef<NonNullable<M['resolutionToClose']>>('ResolutionToCloseMetric').implement({
  description:
    "Resolution Time as the guide's metrics table defines it: from the ticket to its close. Calendar minutes from creation to closedAt, of tickets closed in the range (a ticket reopened since is not closed). Closing waits for the user's confirmation, an agent's reason, or the quiet period (OPSBOARD_AUTO_CLOSE_DAYS), so this is at least the time to the fix",
  fields: (t) => ({
    calendar: t.field({
      type: Stats,
      description: 'Calendar minutes from creation to the close; count: tickets closed in the range',
      resolve: (f) => f.calendar,
    }),
    withinTarget: t.exposeFloat('withinTarget', {
      nullable: true,
      description: 'Share closed within 48 hours of creation (48 h exactly counts); null when none was closed',
    }),
  }),
});
const Csat = builder.objectRef<M['csat']>('CsatMetric').implement({
  fields: (t) => ({
    responses: t.exposeInt('responses'),
    satisfied: t.exposeInt('satisfied', { description: 'Answers of 4 or 5' }),
    score: t.exposeFloat('score', { nullable: true, description: 'satisfied / responses (target > 0.9)' }),
    average: t.exposeFloat('average', { nullable: true }),
    distribution: t.exposeIntList('distribution', { description: 'Answers of 1, 2, 3, 4 and 5' }),
  }),
});
const Reopen = builder.objectRef<M['reopen']>('ReopenMetric').implement({
  fields: (t) => ({
    resolved: t.exposeInt('resolved'),
    reopened: t.exposeInt('reopened'),
    rate: t.exposeFloat('rate', { nullable: true, description: 'target < 0.05' }),
  }),
});
const Sla = builder.objectRef<M['sla']>('SlaMetric').implement({
  fields: (t) => ({
    overall: t.field({ type: Attainment, resolve: (s) => s.overall }),
    byKind: t.field({ type: [Attainment], resolve: (s) => s.byKind }),
    byKindAndPriority: t.field({ type: [Attainment], resolve: (s) => s.byKindAndPriority }),
  }),
});
const Escalation = builder.objectRef<M['escalation']>('EscalationMetric').implement({
  fields: (t) => ({ escalated: t.exposeInt('escalated'), rate: t.exposeFloat('rate', { nullable: true }) }),
});
const IssueCount = builder.objectRef<M['topIssues'][number]>('IssueCount').implement({
  fields: (t) => ({
    key: t.exposeString('key', { description: 'Pass to reportTickets(set: ISSUE, issueKey:)' }),
    type: t.exposeString('type'),
    label: t.exposeString('label'),
    count: t.exposeInt('count'),
  }),
});
const IncidentMetric = builder.objectRef<M['incidents']>('IncidentMetric').implement({
  fields: (t) => ({
    declared: t.exposeInt('declared'),
    resolved: t.exposeInt('resolved'),
    mtta: t.field({ type: Stats, description: 'Minutes from declared to acknowledged', resolve: (i) => i.mtta }),
    mttr: t.field({ type: Stats, description: 'Minutes from declared to resolved', resolve: (i) => i.mttr }),
  }),
});
const TeamMember = builder.objectRef<M['team'][number]>('TeamPerformance').implement({
  fields: (t) => ({
    ownerName: t.exposeString('ownerName'),
    resolved: t.exposeInt('resolved'),
    resolutionP50: t.exposeFloat('resolutionP50', { nullable: true }),
  }),
});

const Quality = builder.objectRef<M['quality']>('QualityMetric').implement({
  description: "The guide's Quality Checks on the responses (responses, user updates, resolution notices) sent in the range",
  fields: (t) => ({
    reviewed: t.exposeInt('reviewed', { description: 'Responses sent in the range that have a review' }),
    passedAll: t.exposeInt('passedAll', { description: 'Of those, how many passed all seven checks' }),
    share: t.exposeFloat('share', { nullable: true, description: 'passedAll / reviewed; null when none was reviewed' }),
  }),
});

const Metrics = builder.objectRef<M>('Metrics').implement({
  description: 'The metrics of one range, as defined in docs/metrics.md (durations in minutes, shares 0–1)',
  fields: (t) => ({
    start: t.field({ type: 'DateTime', resolve: (m) => m.start }),
    end: t.field({ type: 'DateTime', resolve: (m) => m.end }),
    volume: t.field({ type: Volume, resolve: (m) => m.volume }),
    resolvedCount: t.exposeInt('resolvedCount'),
    firstResponse: t.field({ type: FirstResponse, resolve: (m) => m.firstResponse }),
    resolution: t.field({
      type: Resolution,
      description: 'Resolution to the fix (resolvedAt): what the goal "Resolve 80 % of issues within 48 hours" reads',
      resolve: (m) => m.resolution,
    }),
    resolutionToClose: t.field({
      type: ResolutionToClose,
      nullable: true,
      description:
        "Resolution Time as the guide's metrics table defines it: from the ticket to its close (closedAt). Null for a period read from a snapshot stored before this was measured",
      resolve: (m) => m.resolutionToClose,
    }),
    csat: t.field({ type: Csat, resolve: (m) => m.csat }),
    reopen: t.field({ type: Reopen, resolve: (m) => m.reopen }),
    sla: t.field({ type: Sla, resolve: (m) => m.sla }),
    escalation: t.field({ type: Escalation, resolve: (m) => m.escalation }),
    topIssues: t.field({ type: [IssueCount], resolve: (m) => m.topIssues }),
    incidents: t.field({ type: IncidentMetric, resolve: (m) => m.incidents }),
    team: t.field({ type: [TeamMember], resolve: (m) => m.team }),
    quality: t.field({ type: Quality, resolve: (m) => m.quality }),
  }),
});

const Comparison = builder.objectRef<ReportShape['comparison'][number]>('MetricComparison').implement({
  fields: (t) => ({
    metric: t.exposeString('metric'),
    current: t.exposeFloat('current', { nullable: true }),
    previous: t.exposeFloat('previous', { nullable: true }),
    change: t.exposeFloat('change', { nullable: true }),
  }),
});
const Goal = builder.objectRef<ReportShape['goals'][number]>('ReportGoal').implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    target: t.exposeString('target'),
    actual: t.exposeFloat('actual', { nullable: true }),
    met: t.exposeBoolean('met', { nullable: true }),
  }),
});
const AgeCount = builder.objectRef<ReportShape['backlog']['byAge'][number]>('AgeCount').implement({
  fields: (t) => ({ label: t.exposeString('label'), count: t.exposeInt('count') }),
});
const Backlog = builder.objectRef<ReportShape['backlog']>('Backlog').implement({
  description: 'The daily check: open tickets now (not spam, test or merged)',
  fields: (t) => ({
    asOf: t.field({ type: 'DateTime', resolve: (b) => b.asOf }),
    open: t.exposeInt('open'),
    byAge: t.field({ type: [AgeCount], resolve: (b) => b.byAge }),
    byPriority: t.field({ type: [MetricPriorityCount], resolve: (b) => b.byPriority }),
    overdueResponses: t.exposeInt('overdueResponses', { description: 'Open tickets with a breached first-response or user-update clock' }),
  }),
});

const Closing = builder.objectRef<ReportShape['closing']>('ClosingMetric').implement({
  description: 'Tickets closed in the range, by how (the guide: "close ticket after confirmation")',
  fields: (t) => ({
    closed: t.exposeInt('closed'),
    confirmed: t.exposeInt('confirmed', { description: 'The user confirmed the fix: a reply, or an agent recorded how' }),
    withoutConfirmation: t.exposeInt('withoutConfirmation', { description: 'Closed without confirmation: byAgent + autoClosed' }),
    byAgent: t.exposeInt('byAgent', { description: 'An agent closed it giving a reason (closeReason)' }),
    autoClosed: t.exposeInt('autoClosed', { description: 'The quiet period closed it, after asking and one reminder' }),
  }),
});

const Report = builder.objectRef<ReportShape>('Report').implement({
  fields: (t) => ({
    period: t.exposeString('period', { description: 'DAY, WEEK, MONTH, or CUSTOM when an end was given' }),
    title: t.exposeString('title', { description: 'The range in words, in OPSBOARD_TIME_ZONE ("November 2026", "Week of Mon 23 Nov 2026")' }),
    start: t.field({ type: 'DateTime', resolve: (r) => r.start }),
    end: t.field({ type: 'DateTime', resolve: (r) => r.end }),
    partial: t.exposeBoolean('partial', { description: 'The range has not ended: numbers so far' }),
    fromSnapshot: t.exposeBoolean('fromSnapshot', { description: 'A completed period read from its snapshot (taken after it ended) rather than computed now' }),
    computedAt: t.field({ type: 'DateTime', resolve: (r) => r.computedAt }),
    metrics: t.field({ type: Metrics, resolve: (r) => r.metrics }),
    previous: t.field({ type: Metrics, description: 'The period before (month-over-month for MONTH)', resolve: (r) => r.previous }),
    comparison: t.field({
      type: [Comparison],
      description: 'Headline numbers now and in the previous period, in hours and per cent',
      resolve: (r) => r.comparison,
    }),
    goals: t.field({
      type: [Goal],
      description:
        "The guide's Support Goals (80 % resolved within 48 h, all first responses within 4 business hours, 90 %+ satisfied) and the metrics table's other targets, met or not (actual in per cent)",
      resolve: (r) => r.goals,
    }),
    goalsForNextMonth: t.exposeStringList('goalsForNextMonth', {
      description: "The monthly review's goals for next month, one per goal, from this period's results",
    }),
    backlog: t.field({ type: Backlog, resolve: (r) => r.backlog }),
    closing: t.field({ type: Closing, description: 'The monthly review\'s "closed without confirmation", with the confirmed ones', resolve: (r) => r.closing }),
  }),
});

const TrendPoint = builder.objectRef<TrendPointShape>('TrendPoint').implement({
  fields: (t) => ({
    month: t.field({ type: 'DateTime', resolve: (p) => p.month }),
    label: t.exposeString('label', { description: 'YYYY-MM' }),
    partial: t.exposeBoolean('partial'),
    fromSnapshot: t.exposeBoolean('fromSnapshot'),
    metrics: t.field({ type: Metrics, resolve: (p) => p.metrics }),
    goals: t.field({ type: [Goal], description: "The month's goals, as on the month's report", resolve: (p) => p.goals }),
  }),
});

const ReportTickets = builder.objectRef<{ totalCount: number; tickets: unknown[] }>('ReportTickets').implement({
  fields: (t) => ({
    totalCount: t.exposeInt('totalCount'),
    tickets: t.field({ type: [Ticket], description: 'Newest first, at most `first`', resolve: (r) => r.tickets as never }),
  }),
});

builder.queryFields((t) => ({
  report: t.field({
    type: Report,
    authScopes: { manager: true },
    description:
      'The report of the period containing `start` (DAY, WEEK or MONTH in OPSBOARD_TIME_ZONE), or of exactly [start, end) when `end` is given, with the period before.',
    args: { period: t.arg({ type: ReportPeriodEnum, required: true }), start: t.arg({ type: 'DateTime', required: true }), end: t.arg({ type: 'DateTime' }) },
    resolve: (_root, args, ctx) => report(ctx.rt, { period: args.period, start: args.start, end: args.end ?? null }),
  }),
  trends: t.field({
    type: [TrendPoint],
    authScopes: { manager: true },
    description: 'The last `months` months (1–36, this month included), oldest first. Completed months come from their snapshots.',
    args: { months: t.arg.int({ required: true }) },
    resolve: (_root, args, ctx) => trends(ctx.rt, args.months),
  }),
  reportTickets: t.field({
    type: ReportTickets,
    authScopes: { manager: true },
    description: 'The tickets behind a number of a report or trend (drill-down).',
    args: {
      start: t.arg({ type: 'DateTime', required: true }),
      end: t.arg({ type: 'DateTime', required: true }),
      set: t.arg({ type: ReportTicketSetEnum, required: true }),
      channel: t.arg({ type: ChannelEnum }),
      priority: t.arg({ type: PriorityEnum }),
      issueKey: t.arg.string(),
      first: t.arg.int({ defaultValue: 100 }),
    },
    resolve: async (_root, args, ctx) => {
      const where = await drillWhere(ctx.rt, { ...args, set: args.set });
      const take = Math.min(Math.max(args.first ?? 100, 1), 500);
      const [totalCount, tickets] = await Promise.all([
        ctx.rt.prisma.ticket.count({ where }),
        ctx.rt.prisma.ticket.findMany({ where, orderBy: { number: 'desc' }, take }),
      ]);
      return { totalCount, tickets };
    },
  }),
}));
