import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { CHANNELS, oneOf, type Channel } from '../../ui/enums';
import { CHART_AXIS, CHART_GRID, CHART_TOOLTIP, monthTick, type Chart } from './charts';
import { CsvButton } from './CsvButton';
import { show, type Cell, type Drill, type Metrics } from './metrics';

/** One trend chart over the last 12 months, with its numbers as a table; a bar or point opens its tickets. */
export function TrendChart({ chart, points, onDrill }: { chart: Chart; points: { label: string; metrics: Metrics }[]; onDrill: (d: Drill) => void }) {
  const data = points.map((p) => {
    const cells = chart.row(p.metrics);
    return { label: p.label, ...Object.fromEntries(chart.columns.map((c, i) => [c, cells[i]])) } as Record<string, Cell>;
  });
  const drillMonth = (label: unknown, channel?: Channel) => {
    const point = points.find((p) => p.label === label);
    if (!point || !chart.drill) return;
    onDrill({
      title: `${chart.title}${channel ? ` · ${channel.toLowerCase()}` : ''} · ${point.label}`,
      start: point.metrics.start,
      end: point.metrics.end,
      set: chart.drill,
      channel: channel ?? null,
    });
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
          <Chart
            data={data}
            margin={{ top: 8, right: 16, bottom: 0, left: 0 }}
            onClick={(state) => chart.name !== 'trend-volume' && drillMonth(state?.activeLabel)}
            style={{ cursor: chart.drill ? 'pointer' : 'default' }}
          >
            <CartesianGrid stroke={CHART_GRID} vertical={false} />
            <XAxis dataKey="label" stroke={CHART_AXIS} fontSize={12} interval={0} tickFormatter={monthTick} />
            <YAxis stroke={CHART_AXIS} fontSize={12} width={48} />
            <Tooltip contentStyle={CHART_TOOLTIP} />
            <Legend />
            {chart.series.map((s) =>
              chart.kind === 'bar' ? (
                <Bar
                  key={s.key}
                  dataKey={s.key}
                  name={s.label}
                  fill={s.color}
                  isAnimationActive={false}
                  {...(chart.name === 'trend-volume'
                    ? {
                        stackId: 'volume',
                        onClick: (item: { payload?: { label?: string } }) => drillMonth(item.payload?.label, oneOf(CHANNELS, s.key.toUpperCase())),
                      }
                    : {})}
                />
              ) : (
                <Line
                  key={s.key}
                  dataKey={s.key}
                  name={s.label}
                  stroke={s.color}
                  strokeWidth={2}
                  connectNulls
                  isAnimationActive={false}
                  dot={{ r: 3 }}
                  activeDot={{ r: 6 }}
                />
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
                <th key={c} scope="col">
                  {c}
                </th>
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
