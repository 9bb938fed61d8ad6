import { graphql, type ResultOf } from '../../graphql';
import type { Channel, ReportTicketSet } from '../../ui/enums';

// The metrics of one period (docs/metrics.md), read whole by the report tables and the trend charts.

const StatsFields = graphql(`
  fragment StatsFields on MetricStats @_unmask {
    count
    mean
    p50
    p90
  }
`);

export const MetricsFields = graphql(
  `
    fragment MetricsFields on Metrics @_unmask {
      start
      end
      volume {
        total
        byChannel {
          channel
          count
        }
        byPriority {
          priority
          count
        }
      }
      resolvedCount
      firstResponse {
        business {
          ...StatsFields
        }
        calendar {
          ...StatsFields
        }
        withinTarget
      }
      resolution {
        calendar {
          ...StatsFields
        }
        withinTarget
      }
      resolutionToClose {
        calendar {
          ...StatsFields
        }
        withinTarget
      }
      csat {
        responses
        satisfied
        score
        average
      }
      reopen {
        resolved
        reopened
        rate
      }
      sla {
        overall {
          met
          breached
          attainment
        }
        byKind {
          kind
          met
          breached
          attainment
        }
      }
      escalation {
        escalated
        rate
      }
      topIssues {
        key
        type
        label
        count
      }
      incidents {
        declared
        resolved
        mtta {
          ...StatsFields
        }
        mttr {
          ...StatsFields
        }
      }
      team {
        ownerName
        resolved
        resolutionP50
      }
      quality {
        reviewed
        passedAll
        share
      }
    }
  `,
  [StatsFields],
);

export type Metrics = ResultOf<typeof MetricsFields>;

/** The tickets behind a bar, point or table row. */
export interface Drill {
  title: string;
  start: string;
  end: string;
  set: ReportTicketSet;
  channel?: Channel | null;
  issueKey?: string | null;
}

export type Cell = string | number | null;

// The same rounding as the server's CSV (services/report-tables.ts).
export const hours = (m: number | null | undefined) => (m == null ? null : Math.round((m / 60) * 100) / 100);
export const percent = (v: number | null | undefined) => (v == null ? null : Math.round(v * 1000) / 10);
export const show = (v: number | string | null | undefined, unit = '') => (v == null ? '—' : `${v}${unit}`);
