import { graphql, readFragment, type FragmentOf } from '../../graphql';
import { KbCandidates } from '../kb/KbCandidates';
import { hours, percent, type Cell, type Drill, type Metrics } from './metrics';
import { ReportTable } from './ReportTable';

export const ReportViewFragment = graphql(`
  fragment ReportView_report on Report {
    start
    end
    comparison {
      metric
      current
      previous
      change
    }
    goals {
      name
      target
      actual
      met
    }
    goalsForNextMonth
    closing {
      closed
      confirmed
      withoutConfirmation
      byAgent
      autoClosed
    }
    backlog {
      open
      overdueResponses
      byAge {
        label
        count
      }
      byPriority {
        priority
        count
      }
    }
  }
`);

interface Props {
  data: FragmentOf<typeof ReportViewFragment>;
  /** The period's metrics: read by the page too, so fetched once beside this fragment (the server limits query depth). */
  metrics: Metrics;
  csvBase: string;
  onDrill: (d: Drill) => void;
}

/** One period in detail: every table of the report, each with its CSV and its tickets. */
export function ReportView({ data, metrics: m, csvBase, onDrill }: Props) {
  const report = readFragment(ReportViewFragment, data);
  const range = { start: report.start, end: report.end };
  const q = (table: string) => `table=${table}&${csvBase}`;
  const change = (c: (typeof report.comparison)[number]) => (c.change == null ? null : `${c.change > 0 ? '+' : ''}${c.change}`);
  return (
    <div className="report-grid">
      <ReportTable
        title="Summary and change from the previous period"
        csv={q('summary')}
        columns={['metric', 'current', 'previous', 'change']}
        rows={report.comparison.map((c) => [c.metric, c.current, c.previous, change(c)])}
      />
      <ReportTable
        title="Goals"
        csv={q('goals')}
        columns={['goal', 'target', 'actual', 'met']}
        rows={report.goals.map((g) => [g.name, g.target, g.actual, g.met == null ? null : g.met ? 'yes' : 'no'])}
      />
      <ReportTable title="Goals for next month" csv={q('goals-next-month')} columns={['goal']} rows={report.goalsForNextMonth.map((g) => [g])} />
      <ReportTable
        title="Tickets closed, with and without the user’s confirmation"
        csv={q('closing')}
        columns={['closed', 'confirmed', 'without confirmation', 'by an agent', 'by the quiet period']}
        rows={[[report.closing.closed, report.closing.confirmed, report.closing.withoutConfirmation, report.closing.byAgent, report.closing.autoClosed]]}
      />
      <ReportTable
        title="Open tickets by age (now)"
        csv={q('open-by-age')}
        columns={['age', 'tickets']}
        rows={[
          ...report.backlog.byAge.map((b): Cell[] => [b.label, b.count]),
          ['overdue responses', report.backlog.overdueResponses],
          ['open', report.backlog.open],
        ]}
      />
      <ReportTable
        title="Open tickets by priority (now)"
        csv={q('open-by-priority')}
        columns={['priority', 'tickets']}
        rows={report.backlog.byPriority.map((b) => [b.priority ?? 'untriaged', b.count])}
      />
      <ReportTable
        title="Tickets by channel"
        csv={q('volume-by-channel')}
        columns={['channel', 'tickets']}
        rows={m.volume.byChannel.map((c) => [c.channel, c.count])}
        onRow={(i) =>
          onDrill({ title: `created · ${m.volume.byChannel[i]!.channel.toLowerCase()}`, ...range, set: 'CREATED', channel: m.volume.byChannel[i]!.channel })
        }
      />
      <ReportTable
        title="Response and resolution times (hours)"
        csv={q('response-times')}
        columns={['measure', 'count', 'mean', 'p50', 'p90']}
        rows={(
          [
            ['first response (business hours)', m.firstResponse.business],
            ['first response (calendar hours)', m.firstResponse.calendar],
            ['resolution (calendar hours)', m.resolution.calendar],
            ['resolution to close (calendar hours)', m.resolutionToClose?.calendar],
            ['incident MTTA (hours)', m.incidents.mtta],
            ['incident MTTR (hours)', m.incidents.mttr],
          ] as const
        )
          // A snapshot stored before resolution to the close was measured has none: its cells stay empty.
          .map(([name, s]): Cell[] => (s ? [name, s.count, hours(s.mean), hours(s.p50), hours(s.p90)] : [name, null, null, null, null]))}
      />
      <ReportTable
        title="Resolution time: to the fix (the 48-hour goal) and to the close (the metrics table)"
        csv={q('resolution')}
        columns={['measured to', 'tickets', 'p50 (hours)', 'p90 (hours)', 'within 48 h %']}
        rows={[
          [
            'fix (resolved)',
            m.resolution.calendar.count,
            hours(m.resolution.calendar.p50),
            hours(m.resolution.calendar.p90),
            percent(m.resolution.withinTarget),
          ],
          [
            'close (closed)',
            m.resolutionToClose?.calendar.count ?? null,
            hours(m.resolutionToClose?.calendar.p50),
            hours(m.resolutionToClose?.calendar.p90),
            percent(m.resolutionToClose?.withinTarget),
          ],
        ]}
        onRow={(i) => onDrill({ title: i === 0 ? 'resolved' : 'closed', ...range, set: i === 0 ? 'RESOLVED' : 'CLOSED' })}
      />
      <ReportTable
        title="SLA attainment by clock"
        csv={q('sla-attainment')}
        columns={['clock', 'met', 'breached', 'attainment %']}
        rows={m.sla.byKind.map((a) => [a.kind ?? 'all', a.met, a.breached, percent(a.attainment)])}
      />
      <ReportTable
        title="Top issues"
        csv={q('top-issues')}
        columns={['issue', 'type', 'tickets']}
        rows={m.topIssues.map((i) => [i.label, i.type, i.count])}
        onRow={(i) => onDrill({ title: `issue “${m.topIssues[i]!.label}”`, ...range, set: 'ISSUE', issueKey: m.topIssues[i]!.key })}
      />
      <ReportTable
        title="Team performance"
        csv={q('team')}
        columns={['owner', 'resolved', 'resolution p50 (hours)']}
        rows={m.team.map((t) => [t.ownerName, t.resolved, hours(t.resolutionP50)])}
      />
      <ReportTable
        title="Quality checks on responses"
        csv={q('quality')}
        columns={['reviewed', 'passed all', 'passed all %']}
        rows={[[m.quality.reviewed, m.quality.passedAll, percent(m.quality.share)]]}
      />
      <KbCandidates />
    </div>
  );
}
