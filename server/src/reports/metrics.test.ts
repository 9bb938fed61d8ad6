// Every metric of docs/metrics.md against a fixture computed by hand (New York business hours,
// Mon–Fri 09:00–17:00; daylight saving time starts on Sunday 8 March 2026; 25 May 2026 is a holiday).
import { describe, expect, it } from 'vitest';
import { BusinessWindows, computeMetrics, issueKey, type MetricTicket, normalizeSubject, percentile, periodRange, previousPeriod, stats } from './metrics.ts';
import { businessMinutesBetween, type WorkCalendar } from '../sla/calendar.ts';

const cal: WorkCalendar = { timeZone: 'America/New_York', workdays: [1, 2, 3, 4, 5], startMinute: 540, endMinute: 1020, holidays: new Set(['2026-05-25']) };
const at = (iso: string) => new Date(iso);

function ticket(partial: Partial<MetricTicket> & Pick<MetricTicket, 'id' | 'createdAt'>): MetricTicket {
  return {
    number: Number(partial.id.replace(/\D/g, '')) || 1,
    title: 'Something',
    channel: 'EMAIL',
    type: 'BUG',
    priority: 'P2',
    tags: [],
    ownerName: null,
    firstRespondedAt: null,
    resolvedAt: null,
    closedAt: null,
    reopenCount: 0,
    escalated: false,
    ...partial,
  };
}

// T1: Mon 2 Mar 09:00 EST, answered 11:00, resolved 15:00 the same day.
const t1 = ticket({
  id: 't1',
  title: 'Login page returns 500 error',
  channel: 'EMAIL',
  priority: 'P1',
  ownerName: 'Ana',
  createdAt: at('2026-03-02T14:00:00Z'),
  firstRespondedAt: at('2026-03-02T16:00:00Z'),
  resolvedAt: at('2026-03-02T20:00:00Z'),
  // Closed 48 h after creation exactly: within the target.
  closedAt: at('2026-03-04T14:00:00Z'),
});
// T2: Fri 6 Mar 16:00 EST, answered Mon 9 Mar 10:00 EDT (1 h Friday + 1 h Monday), resolved Tue 10 Mar 10:00 EDT; reopened once, escalated.
const t2 = ticket({
  id: 't2',
  title: 'Login page returns 500 error again',
  channel: 'GITHUB',
  priority: 'P2',
  ownerName: 'Ana',
  reopenCount: 1,
  escalated: true,
  createdAt: at('2026-03-06T21:00:00Z'),
  firstRespondedAt: at('2026-03-09T14:00:00Z'),
  resolvedAt: at('2026-03-10T14:00:00Z'),
  // Closed Thu 12 Mar 10:00 EDT: 137 h after creation.
  closedAt: at('2026-03-12T14:00:00Z'),
});
// T3: Saturday, answered an hour later: 0 business minutes, 60 calendar minutes. Open.
const t3 = ticket({
  id: 't3',
  title: 'Invoice question',
  type: 'QUESTION',
  priority: 'P3',
  tags: ['billing'],
  createdAt: at('2026-03-07T15:00:00Z'),
  firstRespondedAt: at('2026-03-07T16:00:00Z'),
});
// T4: untriaged web form ticket, never answered.
const t4 = ticket({ id: 't4', title: 'How do I export data?', channel: 'WEB', type: null, priority: null, createdAt: at('2026-03-03T13:00:00Z') });
// T6: created and resolved in February, closed in March 48 h and 1 minute after creation: not within the target.
const t6 = ticket({
  id: 't6',
  createdAt: at('2026-02-27T15:00:00Z'),
  firstRespondedAt: at('2026-02-27T16:00:00Z'),
  resolvedAt: at('2026-02-27T18:00:00Z'),
  closedAt: at('2026-03-01T15:01:00Z'),
});

const metrics = computeMetrics({
  start: at('2026-03-01T05:00:00Z'),
  end: at('2026-04-01T04:00:00Z'),
  created: [t1, t2, t3, t4],
  resolved: [t1, t2],
  closed: [t1, t2, t6],
  clocks: [
    { kind: 'FIRST_RESPONSE', priority: 'P1', state: 'MET', count: 3 },
    { kind: 'FIRST_RESPONSE', priority: 'P1', state: 'BREACHED', count: 1 },
    { kind: 'RESOLUTION', priority: 'P2', state: 'MET', count: 1 },
    { kind: 'RESOLUTION', priority: 'P2', state: 'BREACHED', count: 1 },
  ],
  ratings: [5, 4, 3, 5, 1],
  incidentsDeclared: [
    { declaredAt: at('2026-03-04T10:00:00Z'), acknowledgedAt: at('2026-03-04T10:05:00Z'), resolvedAt: at('2026-03-04T12:00:00Z') },
    { declaredAt: at('2026-03-20T10:00:00Z'), acknowledgedAt: at('2026-03-20T10:15:00Z'), resolvedAt: null },
  ],
  incidentsResolved: [{ declaredAt: at('2026-03-04T10:00:00Z'), acknowledgedAt: at('2026-03-04T10:05:00Z'), resolvedAt: at('2026-03-04T12:00:00Z') }],
  // Three reviewed responses, two of them passing all seven Quality Checks.
  reviews: [true, false, true],
  cal,
});

describe('percentiles (nearest rank)', () => {
  it('takes the smallest value with at least p % at or below it', () => {
    expect(percentile([40, 10, 30, 20], 50)).toBe(20);
    expect(percentile([40, 10, 30, 20], 90)).toBe(40);
    expect(percentile([7], 90)).toBe(7);
    expect(percentile([], 50)).toBeNull();
    expect(stats([0, 120, 120])).toEqual({ count: 3, mean: 80, p50: 120, p90: 120 });
  });
});

describe('computeMetrics on the hand-computed fixture', () => {
  it('counts volume by channel and priority', () => {
    expect(metrics.volume.total).toBe(4);
    expect(metrics.volume.byChannel).toEqual([
      { channel: 'EMAIL', count: 2 },
      { channel: 'GITHUB', count: 1 },
      { channel: 'SOCIAL', count: 0 },
      { channel: 'COMMUNITY', count: 0 },
      { channel: 'WEB', count: 1 },
    ]);
    expect(metrics.volume.byPriority).toEqual([
      { priority: 'P0', count: 0 },
      { priority: 'P1', count: 1 },
      { priority: 'P2', count: 1 },
      { priority: 'P3', count: 1 },
      { priority: null, count: 1 },
    ]);
  });

  it('measures first response in business minutes (weekend and DST) and calendar minutes', () => {
    // business: 120, 120 (Fri 16–17 + Mon 9–10 across the DST change), 0 (Saturday)
    expect(metrics.firstResponse.business).toEqual({ count: 3, mean: 80, p50: 120, p90: 120 });
    // calendar: 120, 3 900 (65 h), 60
    expect(metrics.firstResponse.calendar).toEqual({ count: 3, mean: 1360, p50: 120, p90: 3900 });
    expect(metrics.firstResponse.withinTarget).toBe(1);
  });

  it('measures resolution of the tickets resolved in the range', () => {
    // calendar: 360 and 5 340 (89 h); business: 360 and 600 (Fri 1 h + Mon 8 h + Tue 1 h)
    expect(metrics.resolvedCount).toBe(2);
    expect(metrics.resolution.calendar).toEqual({ count: 2, mean: 2850, p50: 360, p90: 5340 });
    expect(metrics.resolution.business).toEqual({ count: 2, mean: 480, p50: 360, p90: 600 });
    expect(metrics.resolution.withinTarget).toBe(0.5);
  });

  it('measures resolution to the close of the tickets closed in the range, in calendar minutes', () => {
    // 2 880 (48 h exactly), 8 220 (137 h), 2 881 (48 h 1 min, created in February): mean 13 981 / 3
    expect(metrics.resolutionToClose).toEqual({ calendar: { count: 3, mean: 4660.33, p50: 2881, p90: 8220 }, withinTarget: 0.3333 });
  });

  it('scores CSAT as the share of 4–5 answers', () => {
    expect(metrics.csat).toEqual({ responses: 5, satisfied: 3, score: 0.6, average: 3.6, distribution: [1, 0, 1, 1, 2] });
  });

  it('computes reopen and escalation rates', () => {
    expect(metrics.reopen).toEqual({ resolved: 2, reopened: 1, rate: 0.5 });
    expect(metrics.escalation).toEqual({ escalated: 1, rate: 0.25 });
  });

  it('computes SLA attainment per clock and per clock and priority', () => {
    expect(metrics.sla.overall).toEqual({ kind: null, priority: null, met: 4, breached: 2, attainment: 0.6667 });
    expect(metrics.sla.byKind.find((a) => a.kind === 'FIRST_RESPONSE')).toMatchObject({ met: 3, breached: 1, attainment: 0.75 });
    expect(metrics.sla.byKind.find((a) => a.kind === 'TRIAGE')).toMatchObject({ met: 0, breached: 0, attainment: null });
    expect(metrics.sla.byKindAndPriority.find((a) => a.kind === 'RESOLUTION' && a.priority === 'P2')).toMatchObject({ met: 1, breached: 1, attainment: 0.5 });
    expect(metrics.sla.byKindAndPriority).toHaveLength(16);
  });

  it('computes incident MTTA and MTTR in minutes', () => {
    expect(metrics.incidents.declared).toBe(2);
    expect(metrics.incidents.mtta).toEqual({ count: 2, mean: 10, p50: 5, p90: 15 });
    expect(metrics.incidents.mttr).toEqual({ count: 1, mean: 120, p50: 120, p90: 120 });
  });

  it('groups top issues by type and similar subject or tag, and team performance by owner', () => {
    expect(metrics.topIssues).toEqual([
      { key: 'BUG|login page returns', type: 'BUG', label: 'login page returns', count: 2 },
      { key: 'QUESTION|#billing', type: 'QUESTION', label: '#billing', count: 1 },
      { key: 'UNTYPED|how export data', type: 'UNTYPED', label: 'how export data', count: 1 },
    ]);
    expect(metrics.team).toEqual([{ ownerName: 'Ana', resolved: 2, resolutionP50: 360 }]);
  });

  it('counts the reviewed responses and those passing all Quality Checks', () => {
    expect(metrics.quality).toEqual({ reviewed: 3, passedAll: 2, share: 0.6667 });
  });

  it('skips a holiday in business minutes', () => {
    // Fri 22 May 16:00 EDT → Tue 26 May 10:00 EDT with Memorial Day off: 60 + 60
    const m = computeMetrics({
      start: at('2026-05-01T04:00:00Z'),
      end: at('2026-06-01T04:00:00Z'),
      resolved: [],
      clocks: [],
      ratings: [],
      incidentsDeclared: [],
      incidentsResolved: [],
      reviews: [],
      closed: [],
      cal,
      created: [ticket({ id: 't5', createdAt: at('2026-05-22T20:00:00Z'), firstRespondedAt: at('2026-05-26T14:00:00Z') })],
    });
    expect(m.firstResponse.business.p50).toBe(120);
    expect(m.firstResponse.calendar.p50).toBe(5400);
  });

  it('has nothing to divide by in an empty range', () => {
    const m = computeMetrics({
      start: at('2026-05-01T04:00:00Z'),
      end: at('2026-06-01T04:00:00Z'),
      created: [],
      resolved: [],
      closed: [],
      clocks: [],
      ratings: [],
      incidentsDeclared: [],
      incidentsResolved: [],
      reviews: [],
      cal,
    });
    expect([
      m.csat.score,
      m.reopen.rate,
      m.escalation.rate,
      m.sla.overall.attainment,
      m.firstResponse.business.p50,
      m.quality.share,
      m.resolutionToClose?.calendar.p50,
      m.resolutionToClose?.withinTarget,
    ]).toEqual([null, null, null, null, null, null, null, null]);
  });
});

describe('BusinessWindows', () => {
  it('agrees with businessMinutesBetween across weekends, DST changes and holidays', () => {
    const windows = new BusinessWindows(cal, at('2026-01-01T00:00:00Z'), at('2026-12-31T00:00:00Z'));
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let i = 0; i < 400; i++) {
      const from = new Date(Date.UTC(2026, 0, 2) + random() * 360 * 86_400_000);
      const to = new Date(from.getTime() + random() * (i % 4 === 0 ? 20 : 3) * 86_400_000);
      expect(windows.minutesBetween(from, to)).toBeCloseTo(businessMinutesBetween(from, to, cal), 6);
    }
    expect(windows.minutesBetween(at('2026-05-22T20:00:00Z'), at('2026-05-26T14:00:00Z'))).toBe(120);
    // Outside the span it falls back to the SLA engine.
    expect(windows.minutesBetween(at('2027-03-01T14:00:00Z'), at('2027-03-01T16:00:00Z'))).toBe(120);
  });
});

describe('subjects and periods', () => {
  it('normalizes subjects', () => {
    expect(normalizeSubject('PM-12: Cannot log in after password reset!!')).toBe('log password reset');
    expect(issueKey({ type: 'BUG', tags: ['Checkout'], title: 'x' }).key).toBe('BUG|#checkout');
  });

  it('cuts days, weeks and months in the time zone', () => {
    const tz = 'America/New_York';
    expect(periodRange('MONTH', at('2026-03-15T12:00:00Z'), tz)).toEqual({ start: at('2026-03-01T05:00:00Z'), end: at('2026-04-01T04:00:00Z') });
    expect(periodRange('WEEK', at('2026-03-11T12:00:00Z'), tz)).toEqual({ start: at('2026-03-09T04:00:00Z'), end: at('2026-03-16T04:00:00Z') });
    expect(periodRange('DAY', at('2026-03-08T03:00:00Z'), tz)).toEqual({ start: at('2026-03-07T05:00:00Z'), end: at('2026-03-08T05:00:00Z') });
    expect(previousPeriod('MONTH', at('2026-03-01T05:00:00Z'), tz)).toEqual({ start: at('2026-02-01T05:00:00Z'), end: at('2026-03-01T05:00:00Z') });
  });
});
