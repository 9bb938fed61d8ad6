// The demo data as a manager first sees it on /reports: thirteen months of history behind the
// 12-month trends (volume, CSAT, escalations and incidents in every month, stored as snapshots), with
// the seasons of a school year, weekends quieter than weekdays and first responses getting faster.
import { ManualClock } from '@opsboard/server/platform/clock.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../../support/server.ts';
import { graphql } from '../../support/graphql.ts';

// Friday 4 December 2026, 10:00 in New York (the default time zone).
const NOW = '2026-12-04T15:00:00Z';
let server: TestServer;

const TRENDS = graphql(`
  query ($months: Int!) {
    trends(months: $months) {
      label
      partial
      fromSnapshot
      metrics {
        volume {
          total
        }
        firstResponse {
          business {
            p50
          }
        }
        csat {
          responses
          score
        }
        escalation {
          escalated
        }
        incidents {
          declared
          resolved
        }
      }
    }
  }
`);

const CREATED = graphql(`
  query ($start: DateTime!, $end: DateTime!) {
    reportTickets(start: $start, end: $end, set: CREATED, first: 500) {
      totalCount
      tickets {
        createdAt
      }
    }
  }
`);

type Point = { label: string; partial: boolean; fromSnapshot: boolean; metrics: { volume: { total: number } } };

async function trends(months: number) {
  const result = await server.gql(TRENDS, { months });
  expect(result.errors).toBeUndefined();
  return result.data?.trends ?? [];
}

const volumeOf = (points: readonly Point[], label: string): number => points.find((p) => p.label === label)?.metrics.volume.total ?? -1;
const mean = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

describe('the demo year', () => {
  beforeAll(async () => {
    server = await startServer({ clock: new ManualClock(NOW), demoData: true });
  }, 120_000);
  afterAll(async () => server?.stop());

  it('fills all 12 months of the trends: tickets, CSAT answers and escalations every month, incidents across the year', async () => {
    const points = await trends(12);
    expect(points.map((p) => p.label)).toEqual(Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`));
    for (const p of points) {
      expect(p.metrics.volume.total, p.label).toBeGreaterThan(0);
      expect(p.metrics.csat.responses, p.label).toBeGreaterThan(0);
      expect(p.metrics.csat.score, p.label).not.toBeNull();
      expect(p.metrics.escalation.escalated, p.label).toBeGreaterThan(0);
    }
    // The eleven completed months come from their snapshots, as the monthly review job would have left them.
    expect(points.map((p) => [p.partial, p.fromSnapshot])).toEqual([...Array.from({ length: 11 }, () => [false, true]), [true, false]]);
    const withIncidents = points.filter((p) => p.metrics.incidents.declared > 0);
    expect(withIncidents.length).toBeGreaterThanOrEqual(5);
    expect(points.reduce((n, p) => n + p.metrics.incidents.resolved, 0)).toBeGreaterThanOrEqual(8);
  });

  it('reaches back thirteen months, to the first day of last December', async () => {
    const points = await trends(14);
    expect(points[0]).toMatchObject({ label: '2025-11', metrics: { volume: { total: 0 } } });
    expect(points[1]?.label).toBe('2025-12');
    expect(points[1]?.metrics.volume.total).toBeGreaterThan(0);
  });

  it('follows the seasons: the launch month is the busiest, the winter holidays and the summer break are quiet', async () => {
    const points = await trends(13);
    const completed = points.filter((p) => !p.partial);
    const launch = volumeOf(points, '2026-09');
    expect(launch).toBe(Math.max(...completed.map((p) => p.metrics.volume.total)));
    expect(launch).toBeGreaterThan(1.4 * volumeOf(points, '2026-10'));
    // Last December's second half is quiet; it takes fewer tickets than the months around it.
    expect(volumeOf(points, '2025-12')).toBeLessThan(volumeOf(points, '2026-02'));
    expect(volumeOf(points, '2026-07')).toBeLessThan(volumeOf(points, '2026-06'));
    expect(volumeOf(points, '2026-08')).toBeLessThan(volumeOf(points, '2026-10'));
    // And the year grows: the last quarter takes more tickets than the first.
    expect(mean(['2026-10', '2026-11'].map((l) => volumeOf(points, l)))).toBeGreaterThan(mean(['2026-02', '2026-03'].map((l) => volumeOf(points, l))));
  });

  it('answers faster as the year goes on: the median first response of the last quarter is below the first one', async () => {
    const points = await trends(12);
    const p50 = (labels: string[]) => mean(labels.map((l) => points.find((p) => p.label === l)?.metrics.firstResponse.business.p50 ?? Number.NaN));
    const early = p50(['2026-01', '2026-02', '2026-03']);
    const late = p50(['2026-09', '2026-10', '2026-11']);
    expect(Number.isFinite(early) && Number.isFinite(late)).toBe(true);
    expect(late).toBeLessThan(0.8 * early);
  });

  it('is quiet at weekends: a weekend day takes under a third of the tickets of a weekday', async () => {
    const result = await server.gql(CREATED, { start: '2026-10-01T04:00:00Z', end: '2026-11-01T04:00:00Z' });
    expect(result.errors).toBeUndefined();
    const tickets = result.data?.reportTickets.tickets ?? [];
    expect(tickets.length).toBe(result.data?.reportTickets.totalCount);
    const weekday = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', weekday: 'short' });
    const weekend = tickets.filter((t) => ['Sat', 'Sun'].includes(weekday.format(new Date(t.createdAt as string)))).length;
    // October 2026 has 22 weekdays (a holiday among them only lowers their average) and 9 weekend days.
    const perWeekendDay = weekend / 9;
    const perWeekday = (tickets.length - weekend) / 22;
    expect(perWeekday).toBeGreaterThan(0);
    expect(perWeekendDay).toBeLessThan(perWeekday / 3);
  });
});
