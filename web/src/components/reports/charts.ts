import { CHANNELS, type Channel, type ReportTicketSet } from '../../ui/enums';
import { hours, percent, type Cell, type Metrics } from './metrics';

export interface Chart {
  name: string;
  title: string;
  columns: string[];
  row: (m: Metrics) => Cell[];
  drill?: ReportTicketSet;
  kind: 'bar' | 'line';
  series: { key: string; label: string; color: string }[];
}

// Chart colours: recharts draws SVG attributes, which do not read the stylesheet's custom properties.
const COLORS: Record<Channel, string> = { EMAIL: '#60a5fa', GITHUB: '#a78bfa', SOCIAL: '#f472b6', COMMUNITY: '#34d399', WEB: '#fbbf24' };
export const CHART_GRID = '#243041';
export const CHART_AXIS = '#b8c4d4';
export const CHART_TOOLTIP = { background: '#111823', border: '1px solid #3a4a60' };

/** "2026-03" → "Mar"; January shows its year instead ("2026"). */
export function monthTick(label: string): string {
  const [year, month] = label.split('-').map(Number) as [number, number];
  return month === 1 ? String(year) : new Date(Date.UTC(year, month - 1, 15)).toLocaleString('en', { month: 'short', timeZone: 'UTC' });
}

/** The trend charts; names and columns match the server's TREND_CHARTS (GET /reports/export.csv). */
export const CHARTS: Chart[] = [
  {
    name: 'trend-volume',
    title: 'Volume by channel',
    kind: 'bar',
    drill: 'CREATED',
    columns: [...CHANNELS.map((c) => c.toLowerCase()), 'total'],
    row: (m) => [...CHANNELS.map((c) => m.volume.byChannel.find((x) => x.channel === c)?.count ?? 0), m.volume.total],
    series: CHANNELS.map((c) => ({ key: c.toLowerCase(), label: c.toLowerCase(), color: COLORS[c] })),
  },
  {
    name: 'trend-first-response',
    title: 'First response, business hours',
    kind: 'line',
    drill: 'CREATED',
    columns: ['p50_hours', 'p90_hours'],
    row: (m) => [hours(m.firstResponse.business.p50), hours(m.firstResponse.business.p90)],
    series: [
      { key: 'p50_hours', label: 'p50', color: '#60a5fa' },
      { key: 'p90_hours', label: 'p90', color: '#f472b6' },
    ],
  },
  {
    name: 'trend-resolution',
    title: 'Resolution, hours',
    kind: 'line',
    drill: 'RESOLVED',
    columns: ['p50_hours', 'p90_hours'],
    row: (m) => [hours(m.resolution.calendar.p50), hours(m.resolution.calendar.p90)],
    series: [
      { key: 'p50_hours', label: 'p50', color: '#34d399' },
      { key: 'p90_hours', label: 'p90', color: '#fbbf24' },
    ],
  },
  {
    // The guide's metrics table's Resolution Time, "from ticket to close"; the chart above is to the fix.
    name: 'trend-resolution-to-close',
    title: 'Resolution to close, hours (target < 48 h)',
    kind: 'line',
    drill: 'CLOSED',
    columns: ['p50_hours', 'p90_hours', 'within_48h_percent'],
    row: (m) => [hours(m.resolutionToClose?.calendar.p50), hours(m.resolutionToClose?.calendar.p90), percent(m.resolutionToClose?.withinTarget)],
    series: [
      { key: 'p50_hours', label: 'p50', color: '#60a5fa' },
      { key: 'p90_hours', label: 'p90', color: '#f472b6' },
    ],
  },
  {
    name: 'trend-csat',
    title: 'CSAT, share of 4–5 (target > 90 %)',
    kind: 'line',
    drill: 'CSAT_ANSWERED',
    columns: ['csat_percent', 'responses'],
    row: (m) => [percent(m.csat.score), m.csat.responses],
    series: [{ key: 'csat_percent', label: 'CSAT %', color: '#34d399' }],
  },
  {
    name: 'trend-reopen',
    title: 'Reopen rate (target < 5 %)',
    kind: 'line',
    drill: 'REOPENED',
    columns: ['reopen_percent', 'reopened', 'resolved'],
    row: (m) => [percent(m.reopen.rate), m.reopen.reopened, m.reopen.resolved],
    series: [{ key: 'reopen_percent', label: 'reopened %', color: '#f87171' }],
  },
  {
    name: 'trend-sla',
    title: 'SLA attainment',
    kind: 'line',
    drill: 'SLA_BREACHED',
    columns: ['attainment_percent', 'met', 'breached'],
    row: (m) => [percent(m.sla.overall.attainment), m.sla.overall.met, m.sla.overall.breached],
    series: [{ key: 'attainment_percent', label: 'attainment %', color: '#60a5fa' }],
  },
  {
    name: 'trend-escalations',
    title: 'Escalations',
    kind: 'bar',
    drill: 'ESCALATED',
    columns: ['escalated', 'escalation_percent'],
    row: (m) => [m.escalation.escalated, percent(m.escalation.rate)],
    series: [{ key: 'escalated', label: 'escalated', color: '#fbbf24' }],
  },
  {
    name: 'trend-incidents',
    title: 'Incidents and MTTR (hours)',
    kind: 'bar',
    columns: ['incidents', 'mttr_hours'],
    row: (m) => [m.incidents.declared, hours(m.incidents.mttr.mean)],
    series: [
      { key: 'incidents', label: 'incidents', color: '#f87171' },
      { key: 'mttr_hours', label: 'MTTR h', color: '#a78bfa' },
    ],
  },
];
