// The public status page: current incidents with their latest public update, and the last 14 days.
// Only public titles and STATUS_PAGE_UPDATE entries are ever read here, so nothing internal can leak.
import type { IncidentStatus, Priority } from '@opsboard/db';
import type { Deps } from '../platform/db.ts';
import { healthSummary } from '../healthchecks/service.ts';
import { publicTitleOf } from '../incidents/model.ts';

const HISTORY_DAYS = 14;

export interface PublicUpdate {
  body: string;
  postedAt: string;
}

export interface PublicIncident {
  number: number;
  title: string;
  impact: string;
  status: IncidentStatus;
  statusText: string;
  startedAt: string;
  resolvedAt: string | null;
  latestUpdate: PublicUpdate | null;
  updates: PublicUpdate[];
}

/** A monitored service (a health check shown on the status page). */
export interface PublicComponent {
  name: string;
  status: 'operational' | 'degraded' | 'outage' | 'unknown';
  statusText: string;
  /** Percentage of successful checks in the last 24 hours, null before the first. */
  uptime24h: number | null;
}

const COMPONENT_STATUS = {
  UP: ['operational', 'Operational'],
  DEGRADED: ['degraded', 'Degraded performance'],
  DOWN: ['outage', 'Outage'],
  UNKNOWN: ['unknown', 'Not checked yet'],
} as const;

export interface StatusPage {
  generatedAt: string;
  /** One line for the top of the page. */
  summary: string;
  current: PublicIncident[];
  history: PublicIncident[];
  /** Services watched by health checks. */
  components: PublicComponent[];
}

const IMPACT: Record<Priority, string> = { P0: 'Major outage', P1: 'Partial outage', P2: 'Degraded service', P3: 'Minor issue' };
const STATUS_TEXT: Record<IncidentStatus, string> = {
  INVESTIGATING: 'We are looking into it.',
  IDENTIFIED: 'We have found the cause and are working on a fix.',
  MONITORING: 'A fix is in place and we are watching to make sure it holds.',
  RESOLVED: 'Resolved.',
};

export async function statusPage(deps: Deps): Promise<StatusPage> {
  const now = deps.clock.now();
  const since = new Date(now.getTime() - HISTORY_DAYS * 86_400_000);
  const incidents = await deps.prisma.incident.findMany({
    where: { OR: [{ status: { not: 'RESOLVED' } }, { resolvedAt: { gte: since } }] },
    orderBy: { declaredAt: 'desc' },
    take: 100,
    select: {
      number: true,
      publicTitle: true,
      severity: true,
      status: true,
      declaredAt: true,
      resolvedAt: true,
      timeline: { where: { kind: 'STATUS_PAGE_UPDATE' }, orderBy: [{ createdAt: 'desc' }, { seq: 'desc' }], select: { body: true, createdAt: true } },
    },
  });
  const shape = (i: (typeof incidents)[number]): PublicIncident => {
    const updates = i.timeline.map((u) => ({ body: u.body, postedAt: u.createdAt.toISOString() }));
    return {
      number: i.number,
      title: publicTitleOf(i),
      impact: IMPACT[i.severity],
      status: i.status,
      statusText: STATUS_TEXT[i.status],
      startedAt: i.declaredAt.toISOString(),
      resolvedAt: i.resolvedAt?.toISOString() ?? null,
      latestUpdate: updates[0] ?? null,
      updates,
    };
  };
  const current = incidents.filter((i) => i.status !== 'RESOLVED').map(shape);
  const components: PublicComponent[] = (await healthSummary(deps))
    .filter((c) => c.showOnStatusPage)
    .map((c) => ({ name: c.name, status: COMPONENT_STATUS[c.status][0], statusText: COMPONENT_STATUS[c.status][1], uptime24h: c.uptime24h }));
  const down = components.filter((c) => c.status === 'outage').length;
  const summary = current.length
    ? `${current.length} ongoing incident${current.length > 1 ? 's' : ''}`
    : down
      ? `${down} service${down > 1 ? 's' : ''} down`
      : 'All systems operational';
  return {
    generatedAt: now.toISOString(),
    summary,
    components,
    current,
    history: incidents.filter((i) => i.status === 'RESOLVED').map(shape),
  };
}
