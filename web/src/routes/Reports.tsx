import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useMutation, useQuery } from 'urql';
import { authorizationHeader } from '../auth';
import { graphql, type ResultOf } from '../graphql';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { Link } from '../router';
import '../components/desk/desk.css';
import './reports.css';

// Managers' reports (docs/metrics.md): the daily check, weekly report and monthly review, 12-month
// trends, the tickets behind any bar or point, CSV of every table and chart, printable.

const StatsFields = graphql(`
  fragment StatsFields on MetricStats @_unmask {
    count
    mean
    p50
    p90
  }
`);

const MetricsFields = graphql(
  `
  fragment MetricsFields on Metrics @_unmask {
    start
    end
    volume { total byChannel { channel count } byPriority { priority count } }
    resolvedCount
    firstResponse { business { ...StatsFields } calendar { ...StatsFields } withinTarget }
    resolution { calendar { ...StatsFields } withinTarget }
    csat { responses satisfied score average }
    reopen { resolved reopened rate }
    sla { overall { met breached attainment } byKind { kind met breached attainment } }
    escalation { escalated rate }
    topIssues { key type label count }
    incidents { declared resolved mtta { ...StatsFields } mttr { ...StatsFields } }
    team { ownerName resolved resolutionP50 }
  }
`,
  [StatsFields],
);

const ReportQuery = graphql(
  `
  query Report($period: ReportPeriod!, $start: DateTime!) {
    report(period: $period, start: $start) {
      period
      title
      start
      end
      partial
      metrics { ...MetricsFields }
      comparison { metric current previous change }
      goals { name target actual met }
      backlog { open overdueResponses byAge { label count } byPriority { priority count } }
    }
  }
`,
  [MetricsFields],
);

const TrendsQuery = graphql(
  `
  query Trends($months: Int!) {
    trends(months: $months) {
      label
      partial
      metrics { ...MetricsFields }
    }
  }
`,
  [MetricsFields],
);

const DrillQuery = graphql(`
  query ReportTickets($start: DateTime!, $end: DateTime!, $set: ReportTicketSet!, $channel: Channel, $issueKey: String) {
    reportTickets(start: $start, end: $end, set: $set, channel: $channel, issueKey: $issueKey, first: 200) {
      totalCount
      tickets { id number title status priority channel createdAt }
    }
  }
`);

const KbCandidatesQuery = graphql(`
  query KbCandidates {
    kbCandidates(days: 90) {
      key
      type
      label
      count
      tickets { id }
      article { id slug status url }
    }
  }
`);

const CreateArticle = graphql(`
  mutation CreateKbArticle($input: CreateKbArticleInput!) {
    createKbArticle(input: $input) { id slug status url }
  }
`);

const PublishArticle = graphql(`
  mutation PublishKbArticle($id: ID!) {
    publishKbArticle(id: $id) { id slug status url }
  }
`);

/** Issues seen more than 3 times in 90 days: write an article from their tickets, publish it to the FAQ. */
function KbCandidates() {
  const [{ data, error }, refetch] = useQuery({ query: KbCandidatesQuery });
  const [created, create] = useMutation(CreateArticle);
  const [published, publish] = useMutation(PublishArticle);
  const rows = data?.kbCandidates ?? [];
  const title = (label: string) => {
    const text = label.replace(/^#/, '');
    return text.charAt(0).toUpperCase() + text.slice(1);
  };
  const after = () => refetch({ requestPolicy: 'network-only' });
  return (
    <section className="report-card" aria-labelledby="kb-title">
      <h3 id="kb-title">Knowledge base candidates (seen more than 3 times in 90 days)</h3>
      {error && <p role="alert">{error.message}</p>}
      {(created.error ?? published.error) && <p role="alert">{(created.error ?? published.error)!.message}</p>}
      {rows.length === 0 ? (
        <p className="desk__muted">None right now.</p>
      ) : (
        <table className="desk__table">
          <thead>
            <tr>
              <th scope="col">issue</th>
              <th scope="col">type</th>
              <th scope="col">tickets</th>
              <th scope="col">article</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr key={c.key}>
                <td>{c.label}</td>
                <td>{c.type.toLowerCase().replace(/_/g, ' ')}</td>
                <td>{c.count}</td>
                <td>
                  {!c.article && (
                    <button type="button" disabled={created.fetching} onClick={() => create({ input: { title: title(c.label), ticketIds: c.tickets.map((t) => t.id) } }).then(after)}>
                      Write article
                    </button>
                  )}
                  {c.article?.status === 'DRAFT' && (
                    <button type="button" disabled={published.fetching} onClick={() => publish({ id: c.article!.id }).then(after)}>
                      Publish draft
                    </button>
                  )}
                  {c.article?.status === 'PUBLISHED' && <a href={`/faq/${c.article.slug}`}>On the FAQ</a>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

type Metrics = NonNullable<ResultOf<typeof TrendsQuery>['trends']>[number]['metrics'];
type Report = NonNullable<ResultOf<typeof ReportQuery>['report']>;
type DrillSet = 'CREATED' | 'RESOLVED' | 'REOPENED' | 'ESCALATED' | 'SLA_BREACHED' | 'CSAT_ANSWERED' | 'ISSUE';
type Channel = 'EMAIL' | 'GITHUB' | 'SOCIAL' | 'COMMUNITY' | 'WEB';
interface Drill {
  title: string;
  start: string;
  end: string;
  set: DrillSet;
  channel?: Channel | null;
  issueKey?: string | null;
}

const PERIODS = [
  { value: 'DAY', label: 'Daily check' },
  { value: 'WEEK', label: 'Weekly report' },
  { value: 'MONTH', label: 'Monthly review' },
] as const;
type Period = (typeof PERIODS)[number]['value'];

const CHANNELS: Channel[] = ['EMAIL', 'GITHUB', 'SOCIAL', 'COMMUNITY', 'WEB'];
const COLORS: Record<Channel, string> = { EMAIL: '#60a5fa', GITHUB: '#a78bfa', SOCIAL: '#f472b6', COMMUNITY: '#34d399', WEB: '#fbbf24' };

// The same rounding as the server's CSV (services/report-tables.ts).
const hours = (m: number | null | undefined) => (m == null ? null : Math.round((m / 60) * 100) / 100);
const percent = (v: number | null | undefined) => (v == null ? null : Math.round(v * 1000) / 10);
const show = (v: number | string | null | undefined, unit = '') => (v == null ? '—' : `${v}${unit}`);

/** "2026-03" → "Mar"; January shows its year instead ("2026"). */
function monthTick(label: string): string {
  const [year, month] = label.split('-').map(Number) as [number, number];
  return month === 1 ? String(year) : new Date(Date.UTC(year, month - 1, 15)).toLocaleString('en', { month: 'short', timeZone: 'UTC' });
}

type Cell = string | number | null;
interface Chart {
  name: string;
  title: string;
  columns: string[];
  row: (m: Metrics) => Cell[];
  drill?: DrillSet;
  kind: 'bar' | 'line';
  series: { key: string; label: string; color: string }[];
}

/** The trend charts; names and columns match the server's TREND_CHARTS (GET /reports/export.csv). */
const CHARTS: Chart[] = [
  {
    name: 'trend-volume', title: 'Volume by channel', kind: 'bar', drill: 'CREATED',
    columns: [...CHANNELS.map((c) => c.toLowerCase()), 'total'],
    row: (m) => [...CHANNELS.map((c) => m.volume.byChannel.find((x) => x.channel === c)?.count ?? 0), m.volume.total],
    series: CHANNELS.map((c) => ({ key: c.toLowerCase(), label: c.toLowerCase(), color: COLORS[c] })),
  },
  {
    name: 'trend-first-response', title: 'First response, business hours', kind: 'line', drill: 'CREATED',
    columns: ['p50_hours', 'p90_hours'], row: (m) => [hours(m.firstResponse.business.p50), hours(m.firstResponse.business.p90)],
    series: [{ key: 'p50_hours', label: 'p50', color: '#60a5fa' }, { key: 'p90_hours', label: 'p90', color: '#f472b6' }],
  },
  {
    name: 'trend-resolution', title: 'Resolution, hours', kind: 'line', drill: 'RESOLVED',
    columns: ['p50_hours', 'p90_hours'], row: (m) => [hours(m.resolution.calendar.p50), hours(m.resolution.calendar.p90)],
    series: [{ key: 'p50_hours', label: 'p50', color: '#34d399' }, { key: 'p90_hours', label: 'p90', color: '#fbbf24' }],
  },
  {
    name: 'trend-csat', title: 'CSAT, share of 4–5 (target > 90 %)', kind: 'line', drill: 'CSAT_ANSWERED',
    columns: ['csat_percent', 'responses'], row: (m) => [percent(m.csat.score), m.csat.responses],
    series: [{ key: 'csat_percent', label: 'CSAT %', color: '#34d399' }],
  },
  {
    name: 'trend-reopen', title: 'Reopen rate (target < 5 %)', kind: 'line', drill: 'REOPENED',
    columns: ['reopen_percent', 'reopened', 'resolved'], row: (m) => [percent(m.reopen.rate), m.reopen.reopened, m.reopen.resolved],
    series: [{ key: 'reopen_percent', label: 'reopened %', color: '#f87171' }],
  },
  {
    name: 'trend-sla', title: 'SLA attainment', kind: 'line', drill: 'SLA_BREACHED',
    columns: ['attainment_percent', 'met', 'breached'], row: (m) => [percent(m.sla.overall.attainment), m.sla.overall.met, m.sla.overall.breached],
    series: [{ key: 'attainment_percent', label: 'attainment %', color: '#60a5fa' }],
  },
  {
    name: 'trend-escalations', title: 'Escalations', kind: 'bar', drill: 'ESCALATED',
    columns: ['escalated', 'escalation_percent'], row: (m) => [m.escalation.escalated, percent(m.escalation.rate)],
    series: [{ key: 'escalated', label: 'escalated', color: '#fbbf24' }],
  },
  {
    name: 'trend-incidents', title: 'Incidents and MTTR (hours)', kind: 'bar',
    columns: ['incidents', 'mttr_hours'], row: (m) => [m.incidents.declared, hours(m.incidents.mttr.mean)],
    series: [{ key: 'incidents', label: 'incidents', color: '#f87171' }, { key: 'mttr_hours', label: 'MTTR h', color: '#a78bfa' }],
  },
];

async function downloadCsv(query: string, fallbackName: string): Promise<void> {
  const response = await fetch(`/reports/export.csv?${query}`, { headers: authorizationHeader() });
  if (!response.ok) throw new Error(`Export failed (${response.status})`);
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function CsvButton({ query, label }: { query: string; label: string }) {
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button type="button" className="no-print" onClick={() => downloadCsv(query, 'report.csv').then(() => setError(null), (e: Error) => setError(e.message))} aria-label={`Download ${label} as CSV`}>
        CSV
      </button>
      {error && <span role="alert">{error}</span>}
    </>
  );
}

function Table({ title, csv, columns, rows, onRow }: { title: string; csv: string; columns: string[]; rows: Cell[][]; onRow?: (i: number) => void }) {
  return (
    <section className="report-card" aria-label={title}>
      <div className="report-card__head">
        <h3>{title}</h3>
        <CsvButton query={csv} label={title} />
      </div>
      <table className="desk__table">
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col">{c}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i}>
              {row.map((cell, j) => (
                <td key={j}>
                  {j === 0 && onRow ? (
                    <button type="button" className="link-button" onClick={() => onRow(i)}>
                      {show(cell)}
                    </button>
                  ) : (
                    show(cell)
                  )}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function TrendChart({ chart, points, onDrill }: { chart: Chart; points: { label: string; metrics: Metrics }[]; onDrill: (d: Drill) => void }) {
  const data = points.map((p) => {
    const cells = chart.row(p.metrics);
    return { label: p.label, ...Object.fromEntries(chart.columns.map((c, i) => [c, cells[i]])) } as Record<string, Cell>;
  });
  const drillMonth = (label: unknown, channel?: Channel) => {
    const point = points.find((p) => p.label === label);
    if (!point || !chart.drill) return;
    onDrill({ title: `${chart.title}${channel ? ` · ${channel.toLowerCase()}` : ''} · ${point.label}`, start: point.metrics.start, end: point.metrics.end, set: chart.drill, channel: channel ?? null });
  };
  const Chart = chart.kind === 'bar' ? BarChart : LineChart;
  return (
    <section className="report-card report-chart" aria-label={chart.title} data-chart={chart.name}>
      <div className="report-card__head">
        <h3>{chart.title}</h3>
        <CsvButton query={`table=${chart.name}&months=12`} label={chart.title} />
      </div>
      <div className="report-chart__plot" role="img" aria-label={`${chart.title}, last 12 months; the table below has the numbers`}>
        <ResponsiveContainer width="100%" height={200}>
          <Chart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }} onClick={(state) => chart.name !== 'trend-volume' && drillMonth(state?.activeLabel)} style={{ cursor: chart.drill ? 'pointer' : 'default' }}>
            <CartesianGrid stroke="#243041" vertical={false} />
            <XAxis dataKey="label" stroke="#b8c4d4" fontSize={12} interval={0} tickFormatter={monthTick} />
            <YAxis stroke="#b8c4d4" fontSize={12} width={48} />
            <Tooltip contentStyle={{ background: '#111823', border: '1px solid #3a4a60' }} />
            <Legend />
            {chart.series.map((s) =>
              chart.kind === 'bar' ? (
                <Bar
                  key={s.key}
                  dataKey={s.key}
                  name={s.label}
                  fill={s.color}
                  isAnimationActive={false}
                  {...(chart.name === 'trend-volume' ? { stackId: 'volume', onClick: (item: { payload?: { label?: string } }) => drillMonth(item.payload?.label, s.key.toUpperCase() as Channel) } : {})}
                />
              ) : (
                <Line key={s.key} dataKey={s.key} name={s.label} stroke={s.color} strokeWidth={2} connectNulls isAnimationActive={false} dot={{ r: 3 }} activeDot={{ r: 6 }} />
              ),
            )}
          </Chart>
        </ResponsiveContainer>
      </div>
      <details>
        <summary>Numbers</summary>
        <table className="desk__table" data-testid={`${chart.name}-table`}>
          <thead>
            <tr>
              <th scope="col">month</th>
              {chart.columns.map((c) => (
                <th key={c} scope="col">{c}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.map((row) => (
              <tr key={String(row.label)}>
                <th scope="row">
                  {chart.drill ? (
                    <button type="button" className="link-button" onClick={() => drillMonth(row.label)}>
                      {row.label}
                    </button>
                  ) : (
                    row.label
                  )}
                </th>
                {chart.columns.map((c) => (
                  <td key={c}>{show(row[c])}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}

function DrillDown({ drill, onClose }: { drill: Drill; onClose: () => void }) {
  const [{ data, error, fetching }] = useQuery({
    query: DrillQuery,
    variables: { start: drill.start, end: drill.end, set: drill.set, channel: drill.channel ?? null, issueKey: drill.issueKey ?? null },
  });
  const result = data?.reportTickets;
  return (
    <section className="report-drill" aria-labelledby="drill-title" data-testid="drill-down">
      <div className="report-card__head">
        <h2 id="drill-title">Tickets: {drill.title}</h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {fetching && <p aria-live="polite">Loading…</p>}
      {error && <p role="alert">{error.message}</p>}
      {result && (
        <>
          <p data-testid="drill-count">
            {result.totalCount} ticket{result.totalCount === 1 ? '' : 's'}
            {result.totalCount > result.tickets.length ? ` (the newest ${result.tickets.length} shown)` : ''}
          </p>
          <table className="desk__table">
            <thead>
              <tr>
                <th scope="col">Ticket</th>
                <th scope="col">Title</th>
                <th scope="col">Channel</th>
                <th scope="col">Priority</th>
                <th scope="col">Status</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {result.tickets.map((t) => (
                <tr key={t.id} data-testid="drill-ticket">
                  <td>
                    <Link href={`/tickets/${t.number}`}>{t.number}</Link>
                  </td>
                  <td>{t.title}</td>
                  <td>{t.channel.toLowerCase()}</td>
                  <td>{t.priority ?? '—'}</td>
                  <td>{t.status.toLowerCase().replace(/_/g, ' ')}</td>
                  <td>{new Date(t.createdAt).toLocaleDateString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function ReportView({ report, csvBase, onDrill }: { report: Report; csvBase: string; onDrill: (d: Drill) => void }) {
  const m = report.metrics;
  const range = { start: report.start, end: report.end };
  const q = (table: string) => `table=${table}&${csvBase}`;
  const change = (c: Report['comparison'][number]) => (c.change == null ? null : `${c.change > 0 ? '+' : ''}${c.change}`);
  return (
    <div className="report-grid">
      <Table
        title="Summary and change from the previous period"
        csv={q('summary')}
        columns={['metric', 'current', 'previous', 'change']}
        rows={report.comparison.map((c) => [c.metric, c.current, c.previous, change(c)])}
      />
      <Table title="Goals" csv={q('goals')} columns={['goal', 'target', 'actual', 'met']} rows={report.goals.map((g) => [g.name, g.target, g.actual, g.met == null ? null : g.met ? 'yes' : 'no'])} />
      <Table
        title="Open tickets by age (now)"
        csv={q('open-by-age')}
        columns={['age', 'tickets']}
        rows={[...report.backlog.byAge.map((b): Cell[] => [b.label, b.count]), ['overdue responses', report.backlog.overdueResponses], ['open', report.backlog.open]]}
      />
      <Table title="Open tickets by priority (now)" csv={q('open-by-priority')} columns={['priority', 'tickets']} rows={report.backlog.byPriority.map((b) => [b.priority ?? 'untriaged', b.count])} />
      <Table
        title="Tickets by channel"
        csv={q('volume-by-channel')}
        columns={['channel', 'tickets']}
        rows={m.volume.byChannel.map((c) => [c.channel, c.count])}
        onRow={(i) => onDrill({ title: `created · ${m.volume.byChannel[i]!.channel.toLowerCase()}`, ...range, set: 'CREATED', channel: m.volume.byChannel[i]!.channel as Channel })}
      />
      <Table
        title="Response and resolution times (hours)"
        csv={q('response-times')}
        columns={['measure', 'count', 'mean', 'p50', 'p90']}
        rows={(
          [
            ['first response (business hours)', m.firstResponse.business],
            ['first response (calendar hours)', m.firstResponse.calendar],
            ['resolution (calendar hours)', m.resolution.calendar],
            ['incident MTTA (hours)', m.incidents.mtta],
            ['incident MTTR (hours)', m.incidents.mttr],
          ] as const
        ).map(([name, s]) => [name, s.count, hours(s.mean), hours(s.p50), hours(s.p90)])}
      />
      <Table
        title="SLA attainment by clock"
        csv={q('sla-attainment')}
        columns={['clock', 'met', 'breached', 'attainment %']}
        rows={m.sla.byKind.map((a) => [a.kind ?? 'all', a.met, a.breached, percent(a.attainment)])}
      />
      <Table
        title="Top issues"
        csv={q('top-issues')}
        columns={['issue', 'type', 'tickets']}
        rows={m.topIssues.map((i) => [i.label, i.type, i.count])}
        onRow={(i) => onDrill({ title: `issue “${m.topIssues[i]!.label}”`, ...range, set: 'ISSUE', issueKey: m.topIssues[i]!.key })}
      />
      <Table title="Team performance" csv={q('team')} columns={['owner', 'resolved', 'resolution p50 (hours)']} rows={m.team.map((t) => [t.ownerName, t.resolved, hours(t.resolutionP50)])} />
      <KbCandidates />
    </div>
  );
}

const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/** /reports: for managers. */
export default function Reports() {
  useDocumentTitle('Reports');
  const [period, setPeriod] = useState<Period>('MONTH');
  const [day, setDay] = useState(today);
  const [drill, setDrill] = useState<Drill | null>(null);
  const start = new Date(`${day}T12:00:00`).toISOString();
  const [report] = useQuery({ query: ReportQuery, variables: { period, start } });
  const [trends] = useQuery({ query: TrendsQuery, variables: { months: 12 } });
  const r = report.data?.report;
  const points = trends.data?.trends ?? [];
  const label = PERIODS.find((p) => p.value === period)!.label;

  return (
    <main id="main" className="desk reports">
      <header className="desk__header">
        <h1>Reports</h1>
      </header>
      <div className="desk__toolbar no-print">
        <div role="group" aria-label="Report" className="segmented">
          {PERIODS.map((p) => (
            <button key={p.value} type="button" aria-pressed={period === p.value} onClick={() => setPeriod(p.value)}>
              {p.label}
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
      {report.error && <p role="alert">{report.error.graphQLErrors.map((e) => e.message).join(' ') || report.error.message}</p>}
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
      </section>
      {r && (
        <section aria-labelledby="details-title">
          <h2 id="details-title">{label} in detail</h2>
          <ReportView report={r} csvBase={`period=${period}&start=${encodeURIComponent(start)}`} onDrill={setDrill} />
        </section>
      )}
    </main>
  );
}
