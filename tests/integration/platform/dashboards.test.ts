// The operators' files in deploy/ name only what opsboard exposes: every metric the Grafana dashboard
// and the Prometheus alerting rules use is on GET /metrics, and every job they name is a real job.
// (`promtool check rules` and `promtool test rules` run in the deploy suite, tests/deploy.)
import { readFileSync } from 'node:fs';
import { jobs } from '@opsboard/server/app/jobs.ts';
import type { Transports } from '@opsboard/server/notifications/service.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createTicket } from '../../support/factories/tickets.ts';
import { startServer, type TestServer } from '../../support/server.ts';

const METRICS_TOKEN = 'metrics-token-for-dashboard-tests';
const root = new URL('../../../', import.meta.url);
const dashboard = JSON.parse(readFileSync(new URL('deploy/grafana/opsboard.json', root), 'utf8')) as Dashboard;
const rules = parse(readFileSync(new URL('deploy/prometheus/alerts.yml', root), 'utf8')) as RuleFile;

interface Dashboard {
  title: string;
  panels: { type: string; title: string; targets?: { expr: string }[] }[];
  templating: { list: { query: unknown }[] };
}
interface RuleFile {
  groups: { name: string; rules: { alert: string; expr: string; labels: Record<string, string>; annotations: Record<string, string> }[] }[];
}

/** The opsboard_* names a PromQL expression uses, histogram series (_bucket, _sum, _count) by their family's name. */
function metricNames(expr: string): string[] {
  return [...expr.matchAll(/\b(opsboard_[a-z0-9_]+)/g)].map((m) => m[1]!);
}
const family = (name: string, exposed: Set<string>) =>
  exposed.has(name)
    ? name
    : (['_bucket', '_sum', '_count'].map((s) => (name.endsWith(s) ? name.slice(0, -s.length) : '')).find((n) => n && exposed.has(n)) ?? name);

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ env: { OPSBOARD_METRICS_TOKEN: METRICS_TOKEN } });
});
afterAll(async () => server?.stop());

describe('deploy/ dashboards and alerts', () => {
  const expressions = [
    ...dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr)),
    ...dashboard.templating.list.map((v) => JSON.stringify(v.query)),
    ...rules.groups.flatMap((g) => g.rules.map((r) => r.expr)),
  ];

  it('have panels and rules with the expressions operators need', () => {
    expect(dashboard.title).toBe('opsboard');
    const titled = dashboard.panels.filter((p) => p.type !== 'row');
    expect(titled.length).toBeGreaterThanOrEqual(12);
    for (const panel of titled) expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
    const used = new Set(expressions.flatMap(metricNames));
    // requests, subscriptions, fan-out latency, outbox backlog, job runs, SLA breaches
    for (const needed of [
      'opsboard_http_request_duration_seconds_count',
      'opsboard_subscriptions',
      'opsboard_event_delivery_lag_seconds_bucket',
      'opsboard_outbox_pending',
      'opsboard_job_runs_total',
      'opsboard_sla_breaches_total',
    ])
      expect(used).toContain(needed);
    expect(rules.groups[0]!.rules.map((r) => r.alert)).toEqual([
      'OpsboardInstanceDown',
      'OpsboardOutboxBacklogGrowing',
      'OpsboardJobsNotRunning',
      'OpsboardJobsFailing',
      'OpsboardEventLag',
    ]);
  });

  it('name only metrics that GET /metrics exposes', async () => {
    await createTicket(server, { requesterEmail: 'waiting@example.com' }); // its acknowledgement waits in the outbox
    const response = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(response.status).toBe(200);
    const text = await response.text();
    const exposed = new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]!));
    const missing = [...new Set(expressions.flatMap(metricNames))].filter((name) => !exposed.has(family(name, exposed)));
    expect(missing).toEqual([]);
    expect(text).toMatch(/^opsboard_outbox_pending [1-9]\d*$/m);
    expect(text).toMatch(/^opsboard_outbox_oldest_pending_seconds \d+(\.\d+)?$/m);
  });

  it('name only jobs the server runs', () => {
    const names = new Set(jobs({} as Transports).map((j) => j.name));
    const named = rules.groups.flatMap((g) => g.rules.flatMap((r) => [...r.expr.matchAll(/job_name=~"([^"]+)"/g)].flatMap((m) => m[1]!.split('|'))));
    expect(named.length).toBeGreaterThan(3);
    expect(named.filter((n) => !names.has(n))).toEqual([]);
  });
});
