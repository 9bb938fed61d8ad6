import { useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../graphql';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { REPORT_PERIODS, reportPeriodNames, type ReportPeriod } from '../ui/enums';
import { errorText } from '../ui/errorText';
import { CHARTS } from '../components/reports/charts';
import { DrillDown } from '../components/reports/DrillDown';
import { hours, MetricsFields, percent, show, type Drill } from '../components/reports/metrics';
import { ReportTable } from '../components/reports/ReportTable';
import { ReportView, ReportViewFragment } from '../components/reports/ReportView';
import { TrendChart } from '../components/reports/TrendChart';
import { MttaTable } from '../components/paging/MttaTable';
import '../ui/desk.css';
import './reports.css';

// Managers' reports (docs/metrics.md): the daily check, weekly report and monthly review, 12-month
// trends, the tickets behind any bar or point, CSV of every table and chart, printable.

const ReportQuery = graphql(
  `
    query Report($period: ReportPeriod!, $start: DateTime!) {
      report(period: $period, start: $start) {
        period
        title
        partial
        metrics {
          ...MetricsFields
        }
        backlog {
          open
        }
        ...ReportView_report
      }
    }
  `,
  [MetricsFields, ReportViewFragment],
);

const TrendsQuery = graphql(
  `
    query Trends($months: Int!) {
      trends(months: $months) {
        label
        partial
        metrics {
          ...MetricsFields
        }
        goals {
          name
          actual
          met
        }
      }
    }
  `,
  [MetricsFields],
);

const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/** /reports: for managers. */
export default function Reports() {
  useDocumentTitle('Reports');
  const [period, setPeriod] = useState<ReportPeriod>('MONTH');
  const [day, setDay] = useState(today);
  const [drill, setDrill] = useState<Drill | null>(null);
  const start = new Date(`${day}T12:00:00`).toISOString();
  const [report] = useQuery({ query: ReportQuery, variables: { period, start } });
  const [trends] = useQuery({ query: TrendsQuery, variables: { months: 12 } });
  const r = report.data?.report;
  const points = trends.data?.trends ?? [];
  const label = reportPeriodNames[period];

  return (
    <main id="main" className="desk reports">
      <header className="desk__header">
        <h1>Reports</h1>
      </header>
      <div className="desk__toolbar no-print">
        <div role="group" aria-label="Report" className="segmented">
          {REPORT_PERIODS.map((p) => (
            <button key={p} type="button" aria-pressed={period === p} onClick={() => setPeriod(p)}>
              {reportPeriodNames[p]}
            </button>
          ))}
        </div>
        <label htmlFor="report-day">Includes</label>
        <input id="report-day" type="date" value={day} max={today()} onChange={(e) => e.target.value && setDay(e.target.value)} />
        <button type="button" onClick={() => window.print()}>
          Print
        </button>
        {(report.fetching || trends.fetching) && <span aria-live="polite">Loading…</span>}
      </div>
      {report.error && <p role="alert">{errorText(report.error)}</p>}
      {drill && <DrillDown drill={drill} onClose={() => setDrill(null)} />}
      {r && (
        <>
          <h2 id="report-title">
            {label}: {r.title}
            {r.partial ? ' (so far)' : ''}
          </h2>
          <p className="desk__muted">
            {r.metrics.volume.total} created · {r.metrics.resolvedCount} resolved · {r.backlog.open} open now · first response p50{' '}
            {show(hours(r.metrics.firstResponse.business.p50), ' business h')} · CSAT {show(percent(r.metrics.csat.score), ' %')} · reopened{' '}
            {show(percent(r.metrics.reopen.rate), ' %')} · SLA attained {show(percent(r.metrics.sla.overall.attainment), ' %')}. Definitions: docs/metrics.md.
          </p>
        </>
      )}
      <section aria-labelledby="trends-title" className="report-trends">
        <h2 id="trends-title">Trends, last 12 months</h2>
        {trends.error && <p role="alert">{trends.error.message}</p>}
        <p className="desk__muted no-print">Click a bar or point (or a month in a table) to see the tickets behind it.</p>
        <div className="report-grid report-grid--charts">
          {points.length > 0 && CHARTS.map((chart) => <TrendChart key={chart.name} chart={chart} points={points} onDrill={setDrill} />)}
        </div>
        {points.length > 0 && (
          <ReportTable
            title="Goals month by month"
            csv={`table=trend-goals&months=12`}
            columns={['month', ...(points[0]?.goals.slice(0, 3).map((g) => g.name) ?? [])]}
            rows={points.map((p) => [p.label, ...p.goals.slice(0, 3).map((g) => (g.actual == null ? null : `${g.actual} % ${g.met ? '(met)' : '(missed)'}`))])}
          />
        )}
      </section>
      {r && (
        <section aria-labelledby="details-title">
          <h2 id="details-title">{label} in detail</h2>
          <ReportView data={r} metrics={r.metrics} csvBase={`period=${period}&start=${encodeURIComponent(start)}`} onDrill={setDrill} />
        </section>
      )}
      <MttaTable />
    </main>
  );
}
