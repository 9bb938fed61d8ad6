// Every report table and trend chart as rows and columns: what GET /reports/export.csv sends.
// Durations are in hours (two decimals), shares in per cent (one decimal), as the /reports page shows them.
import { inputError } from '../platform/errors.ts';
import { CHANNELS, type Metrics } from './metrics.ts';
import type { Report, TrendPoint } from './service.ts';

type Cell = string | number | null;
export interface Table {
  name: string;
  title: string;
  columns: string[];
  rows: Cell[][];
}

export const hours = (minutes: number | null | undefined): number | null => (minutes == null ? null : Math.round((minutes / 60) * 100) / 100);
export const percent = (value: number | null | undefined): number | null => (value == null ? null : Math.round(value * 1000) / 10);

export function reportTables(r: Report): Table[] {
  const m = r.metrics;
  return [
    {
      name: 'summary',
      title: 'Summary and change from the previous period',
      columns: ['metric', 'current', 'previous', 'change'],
      rows: r.comparison.map((c) => [c.metric, c.current, c.previous, c.change]),
    },
    {
      name: 'goals',
      title: 'Goals',
      columns: ['goal', 'target', 'actual', 'met'],
      rows: r.goals.map((g) => [g.name, g.target, g.actual, g.met === null ? null : g.met ? 'yes' : 'no']),
    },
    { name: 'goals-next-month', title: 'Goals for next month', columns: ['goal'], rows: r.goalsForNextMonth.map((g) => [g]) },
    {
      name: 'closing',
      title: "Tickets closed, with and without the user's confirmation",
      columns: ['closed', 'confirmed', 'without_confirmation', 'by_agent', 'auto_closed'],
      rows: [[r.closing.closed, r.closing.confirmed, r.closing.withoutConfirmation, r.closing.byAgent, r.closing.autoClosed]],
    },
    { name: 'volume-by-channel', title: 'Tickets by channel', columns: ['channel', 'tickets'], rows: m.volume.byChannel.map((c) => [c.channel, c.count]) },
    {
      name: 'volume-by-priority',
      title: 'Tickets by priority',
      columns: ['priority', 'tickets'],
      rows: m.volume.byPriority.map((p) => [p.priority ?? 'untriaged', p.count]),
    },
    {
      name: 'response-times',
      title: 'Response and resolution times (hours)',
      columns: ['measure', 'count', 'mean', 'p50', 'p90'],
      rows: (
        [
          ['first response (business hours)', m.firstResponse.business],
          ['first response (calendar hours)', m.firstResponse.calendar],
          ['resolution (calendar hours)', m.resolution.calendar],
          ['resolution (business hours)', m.resolution.business],
          ['resolution to close (calendar hours)', m.resolutionToClose?.calendar],
          ['incident MTTA (hours)', m.incidents.mtta],
          ['incident MTTR (hours)', m.incidents.mttr],
        ] as const
      )
        // A snapshot stored before resolution to the close was measured has none: its cells stay empty.
        .map(([name, s]): Cell[] => (s ? [name, s.count, hours(s.mean), hours(s.p50), hours(s.p90)] : [name, null, null, null, null])),
    },
    {
      name: 'resolution',
      title: 'Resolution time: to the fix (the 48-hour goal) and to the close (the metrics table)',
      columns: ['measured_to', 'tickets', 'p50_hours', 'p90_hours', 'within_48h_percent'],
      rows: [
        ['fix (resolved)', m.resolution.calendar.count, hours(m.resolution.calendar.p50), hours(m.resolution.calendar.p90), percent(m.resolution.withinTarget)],
        [
          'close (closed)',
          m.resolutionToClose?.calendar.count ?? null,
          hours(m.resolutionToClose?.calendar.p50),
          hours(m.resolutionToClose?.calendar.p90),
          percent(m.resolutionToClose?.withinTarget),
        ],
      ],
    },
    {
      name: 'sla-attainment',
      title: 'SLA attainment by clock and priority',
      columns: ['clock', 'priority', 'met', 'breached', 'attainment_percent'],
      rows: [...m.sla.byKind, ...m.sla.byKindAndPriority].map((a) => [a.kind, a.priority ?? 'all', a.met, a.breached, percent(a.attainment)]),
    },
    { name: 'top-issues', title: 'Top issues', columns: ['type', 'issue', 'tickets'], rows: m.topIssues.map((i) => [i.type, i.label, i.count]) },
    {
      name: 'team',
      title: 'Team performance',
      columns: ['owner', 'resolved', 'resolution_p50_hours'],
      rows: m.team.map((t) => [t.ownerName, t.resolved, hours(t.resolutionP50)]),
    },
    {
      name: 'quality',
      title: 'Quality checks on responses',
      columns: ['reviewed', 'passed_all', 'passed_all_percent'],
      rows: [[m.quality.reviewed, m.quality.passedAll, percent(m.quality.share)]],
    },
    { name: 'open-by-age', title: 'Open tickets by age', columns: ['age', 'tickets'], rows: r.backlog.byAge.map((b) => [b.label, b.count]) },
    {
      name: 'open-by-priority',
      title: 'Open tickets by priority',
      columns: ['priority', 'tickets'],
      rows: r.backlog.byPriority.map((b) => [b.priority ?? 'untriaged', b.count]),
    },
  ];
}

/** The trend charts of /reports, one table each, a row per month. */
export const TREND_CHARTS: { name: string; title: string; columns: string[]; row: (m: Metrics) => Cell[] }[] = [
  {
    name: 'trend-volume',
    title: 'Volume by channel',
    columns: [...CHANNELS.map((c) => c.toLowerCase()), 'total'],
    row: (m) => [...m.volume.byChannel.map((c) => c.count), m.volume.total],
  },
  {
    name: 'trend-first-response',
    title: 'First response, business hours',
    columns: ['p50_hours', 'p90_hours'],
    row: (m) => [hours(m.firstResponse.business.p50), hours(m.firstResponse.business.p90)],
  },
  {
    name: 'trend-resolution',
    title: 'Resolution, hours',
    columns: ['p50_hours', 'p90_hours'],
    row: (m) => [hours(m.resolution.calendar.p50), hours(m.resolution.calendar.p90)],
  },
  {
    name: 'trend-resolution-to-close',
    title: 'Resolution to close, hours',
    columns: ['p50_hours', 'p90_hours', 'within_48h_percent'],
    row: (m) => [hours(m.resolutionToClose?.calendar.p50), hours(m.resolutionToClose?.calendar.p90), percent(m.resolutionToClose?.withinTarget)],
  },
  { name: 'trend-csat', title: 'CSAT, share of 4–5', columns: ['csat_percent', 'responses'], row: (m) => [percent(m.csat.score), m.csat.responses] },
  {
    name: 'trend-reopen',
    title: 'Reopen rate',
    columns: ['reopen_percent', 'reopened', 'resolved'],
    row: (m) => [percent(m.reopen.rate), m.reopen.reopened, m.reopen.resolved],
  },
  {
    name: 'trend-sla',
    title: 'SLA attainment',
    columns: ['attainment_percent', 'met', 'breached'],
    row: (m) => [percent(m.sla.overall.attainment), m.sla.overall.met, m.sla.overall.breached],
  },
  {
    name: 'trend-escalations',
    title: 'Escalations',
    columns: ['escalated', 'escalation_percent'],
    row: (m) => [m.escalation.escalated, percent(m.escalation.rate)],
  },
  {
    name: 'trend-incidents',
    title: 'Incidents and MTTR',
    columns: ['incidents', 'mttr_hours'],
    row: (m) => [m.incidents.declared, hours(m.incidents.mttr.mean)],
  },
];

const yesNo = (met: boolean | null | undefined): Cell => (met == null ? null : met ? 'yes' : 'no');

/** The guide's three Support Goals month by month (the first three of goals()). */
export function goalTrendTable(points: TrendPoint[]): Table {
  return {
    name: 'trend-goals',
    title: 'Goals month by month',
    columns: ['month', 'resolved_within_48h_percent', 'met', 'first_responses_within_4h_percent', 'met', 'satisfied_percent', 'met'],
    rows: points.map((p) => [p.label, ...p.goals.slice(0, 3).flatMap((g): Cell[] => [g.actual, yesNo(g.met)])]),
  };
}

export function trendTables(points: TrendPoint[]): Table[] {
  return [
    ...TREND_CHARTS.map((c) => ({
      name: c.name,
      title: c.title,
      columns: ['month', ...c.columns],
      rows: points.map((p) => [p.label, ...c.row(p.metrics)]),
    })),
    goalTrendTable(points),
  ];
}

export const REPORT_TABLES = [
  'summary',
  'goals',
  'goals-next-month',
  'closing',
  'volume-by-channel',
  'volume-by-priority',
  'response-times',
  'resolution',
  'sla-attainment',
  'top-issues',
  'team',
  'quality',
  'open-by-age',
  'open-by-priority',
];
export const TREND_TABLES = [...TREND_CHARTS.map((c) => c.name), 'trend-goals'];

export function pickTable(tables: Table[], name: string): Table {
  const table = tables.find((t) => t.name === name);
  if (!table)
    throw inputError(`table: unknown table "${name.slice(0, 40)}"; one of ${[...REPORT_TABLES, ...TREND_TABLES].join(', ')}`, [
      { field: 'table', message: 'unknown' },
    ]);
  return table;
}

const cell = (v: Cell): string => {
  if (v === null) return '';
  const s = String(v);
  // Quote what needs it; neutralise spreadsheet formulas.
  const safe = /^[=+\-@]/.test(s) && typeof v === 'string' ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function toCsv(table: Table): string {
  return [table.columns, ...table.rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}
