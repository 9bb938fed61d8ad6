// The demo's year of history: thirteen calendar months of tickets, so the 12-month trends on /reports
// are full from the first look. The volume follows the seasons of a school platform (quiet weekends and
// nights, a busy launch month, a quiet holiday season, steady growth), the team answers a little faster
// month by month, and now and then an outage becomes a P0 incident with a published post-mortem.
import { randomUUID } from 'node:crypto';
import { Channel, IncidentRoleKind, IncidentStatus, PostmortemStatus, ResolutionKind, TicketType, TimelineEntryKind, type Prisma } from '@opsboard/db';
import type { Scenario } from './demo-scenarios.ts';
import { planTicket, type RequesterPool, type SeedContext, type Staff, type TicketPlan } from './demo-tickets.ts';
import { addMinutes, DAY, localParts, type LocalParts, plusDays, zonedTime } from './time.ts';

type Tx = Prisma.TransactionClient;

/** Months of history before the current one. */
export const HISTORY_MONTHS = 12;
/** The launch of the new results dashboard, this many months before the current one: the busiest month. */
const LAUNCH_MONTHS_AGO = 3;
/** The last quarter looks the way the team works today; before it, responses were slower. */
const SETTLED_DAYS = 90;

/** Midnight of the first day of the month `HISTORY_MONTHS` before the one containing `now`. */
export function historyStart(now: Date, timeZone: string): Date {
  const p = localParts(now, timeZone);
  const months = p.year * 12 + p.month - 1 - HISTORY_MONTHS;
  return zonedTime({ year: Math.floor(months / 12), month: (months % 12) + 1, day: 1 }, 0, timeZone);
}

function monthsBefore(now: LocalParts, at: LocalParts): number {
  return now.year * 12 + now.month - (at.year * 12 + at.month);
}

/** The highest value `season` returns, so that it can weight a rejection sample. */
export const SEASON_MAX = 1.8;

/**
 * How busy a day is compared to an ordinary one of today: growing from 70 % a year ago, 1.8 times in
 * the launch month, a third of it over the winter holidays and about four fifths in the summer break.
 */
export function season(now: Date, timeZone: string, start: Date): (at: Date, local: LocalParts) => number {
  const today = localParts(now, timeZone);
  const span = now.getTime() - start.getTime();
  return (at, local) => {
    const growth = 0.7 + 0.3 * ((at.getTime() - start.getTime()) / span);
    const winter = (local.month === 12 && local.day >= 21) || (local.month === 1 && local.day <= 3);
    const summer = local.month === 7 || local.month === 8;
    const launch = monthsBefore(today, local) === LAUNCH_MONTHS_AGO;
    return growth * (launch ? 1.8 : winter ? 0.35 : summer ? 0.8 : 1);
  };
}

/** 0 at the start of the history, 1 from the last quarter on: how settled the team's response times are. */
export function maturity(now: Date, start: Date): (at: Date) => number {
  const settled = now.getTime() - SETTLED_DAYS * DAY;
  return (at) => Math.min(1, Math.max(0, (at.getTime() - start.getTime()) / (settled - start.getTime())));
}

interface Outage {
  title: string;
  publicTitle: string;
  report: string;
  follow: string;
  cause: string;
  fix: string;
  action: string;
  kind: ResolutionKind;
  impacted: number;
  channel: Channel;
}

const OUTAGES: Outage[] = [
  {
    title: 'Sign-in failing after certificate renewal',
    publicTitle: 'Sign-in unavailable',
    report: 'Nobody at our school can sign in: the login page says "secure connection failed".',
    follow: 'Login page shows a certificate error',
    cause: 'The renewed TLS certificate was installed without its intermediate chain; older browsers and the SSO callback rejected it.',
    fix: 'Installed the full certificate chain',
    action: 'Check the certificate chain automatically after every renewal',
    kind: ResolutionKind.FIX,
    impacted: 3100,
    channel: Channel.EMAIL,
  },
  {
    title: 'Assessments not saving answers',
    publicTitle: 'Answers not saving in assessments',
    report: 'Learners press Next and their answers disappear; the timer keeps running.',
    follow: 'Answers lost during a timed test',
    cause: 'A cache node ran out of memory and dropped the answer buffer before it reached the database.',
    fix: 'Moved the answer buffer to the database and replaced the cache node',
    action: 'Alert on cache memory above 85 %',
    kind: ResolutionKind.FIX,
    impacted: 1200,
    channel: Channel.WEB,
  },
  {
    title: 'Dashboards empty after the launch release',
    publicTitle: 'Dashboards not loading',
    report: 'The new results dashboard shows no classes at all since this morning.',
    follow: 'New dashboard is blank for every class',
    cause: 'The launch release read class memberships from a table the migration had not filled yet.',
    fix: 'Rolled back to the previous release, ran the migration, released again',
    action: 'Release checklist: migrations finished before the switch',
    kind: ResolutionKind.ROLLBACK,
    impacted: 4200,
    channel: Channel.EMAIL,
  },
  {
    title: 'API timeouts under launch load',
    publicTitle: 'Slow responses and timeouts',
    report: 'Every API call times out after 30 s; our nightly sync failed.',
    follow: 'Integration sync times out',
    cause: 'Launch traffic tripled the report queries and a missing index made each one scan the results table.',
    fix: 'Added the missing index and raised the API pool',
    action: 'Load test new reports at three times the usual traffic',
    kind: ResolutionKind.FIX,
    impacted: 900,
    channel: Channel.GITHUB,
  },
  {
    title: 'E-mail notifications not delivered',
    publicTitle: 'Delayed e-mail notifications',
    report: 'None of our teachers received the password reset or results e-mails today.',
    follow: 'Password reset e-mail never arrives',
    cause: 'The mail provider suspended the sending domain after its SPF record was edited by mistake.',
    fix: 'Restored the SPF record and had the domain reinstated',
    action: 'Monitor mail delivery rate and DNS records',
    kind: ResolutionKind.FIX,
    impacted: 1500,
    channel: Channel.EMAIL,
  },
  {
    title: 'Whole platform down during the network provider outage',
    publicTitle: 'Platform unavailable',
    report: 'The site does not load at all, neither for us nor for the learners.',
    follow: 'Site unreachable',
    cause: "The hosting provider's network in our region failed; we had no second region ready.",
    fix: 'Moved the traffic to the standby region',
    action: 'Run a region failover drill every quarter',
    kind: ResolutionKind.FIX,
    impacted: 5200,
    channel: Channel.SOCIAL,
  },
  {
    title: 'PDF exports failing for every school',
    publicTitle: 'PDF exports failing',
    report: 'Exporting any report to PDF fails with "Export failed, try again later".',
    follow: 'Cannot export results for the parents evening',
    cause: 'The export workers could not start after a base image update removed a font library.',
    fix: 'Pinned the base image and added the library back',
    action: 'Smoke test exports in the release pipeline',
    kind: ResolutionKind.FIX,
    impacted: 700,
    channel: Channel.WEB,
  },
];

const outageScenario = (o: Outage, title: string, description: string, priority: Scenario['priority']): Scenario => ({
  type: TicketType.BUG,
  priority,
  titles: [title],
  description,
  tags: ['outage'],
  feature: 'the platform',
  fix: o.fix,
  verify: 'the same steps again',
});

interface PastIncident {
  outage: Outage;
  start: Date;
  resolved: Date;
  source: TicketPlan;
  linked: TicketPlan[];
  declarer: Staff;
  commander: Staff;
  scribe: Staff;
}

export interface PastIncidentsPlan {
  tickets: TicketPlan[];
  /** Writes the incidents once their tickets exist (before the recent ones, so they keep the lower numbers). */
  write(tx: Tx, numbers: ReadonlyMap<string, number>): Promise<number>;
}

/** About one outage every month and a half over the year before the last six weeks, two of them in the launch month. */
export function planPastIncidents(ctx: SeedContext, requesters: RequesterPool, onCallAt: (at: Date) => Staff): PastIncidentsPlan {
  const { now, cal, rng } = ctx;
  const today = localParts(now, cal.timeZone);
  const launchMonth = (today.year * 12 + today.month - 1 - LAUNCH_MONTHS_AGO) % 12;
  const launchYear = Math.floor((today.year * 12 + today.month - 1 - LAUNCH_MONTHS_AGO) / 12);
  /** A working weekday at or before the date, at a local time. */
  const weekday = (date: { year: number; month: number; day: number }, minute: number): Date => {
    let d = date;
    for (let i = 0; i < 7; i++) {
      const p = localParts(zonedTime(d, 720, cal.timeZone), cal.timeZone);
      if (p.isoWeekday <= 5 && !cal.holidays.has(p.dateKey)) break;
      d = plusDays(d, -1);
    }
    return zonedTime(d, minute, cal.timeZone);
  };
  const daysAgo = (days: number) => localParts(new Date(now.getTime() - days * DAY), cal.timeZone);
  const starts = [
    weekday(daysAgo(350), 10 * 60 + 40),
    weekday(daysAgo(298), 13 * 60 + 15),
    weekday({ year: launchYear, month: launchMonth + 1, day: 8 }, 9 * 60 + 20),
    weekday({ year: launchYear, month: launchMonth + 1, day: 22 }, 15 * 60 + 5),
    weekday(daysAgo(236), 11 * 60 + 50),
    weekday(daysAgo(190), 8 * 60 + 35),
    weekday(daysAgo(150), 14 * 60 + 30),
  ];
  const planned: PastIncident[] = [];
  starts.forEach((start, i) => {
    // OUTAGES lines up with the start times: the third and fourth are the launch month's.
    const outage = OUTAGES[i];
    if (!outage) return;
    const resolved = addMinutes(start, rng.int(70, 260));
    const declarer = onCallAt(start);
    const source = planTicket(
      ctx,
      {
        createdAt: start,
        channel: outage.channel,
        triageAfter: rng.int(2, 6),
        respondAfter: rng.int(8, 16),
        ownerId: declarer.id,
        usersImpacted: outage.impacted,
        resolvedAt: addMinutes(resolved, 10),
        scenario: outageScenario(outage, outage.title, outage.report, 'P0'),
      },
      requesters,
    );
    const linked = [
      planTicket(
        ctx,
        {
          createdAt: addMinutes(start, rng.int(4, 15)),
          channel: rng.pick([Channel.EMAIL, Channel.WEB, Channel.SOCIAL]),
          triageAfter: rng.int(3, 9),
          respondAfter: rng.int(10, 30),
          resolvedAt: addMinutes(resolved, 20),
          scenario: outageScenario(outage, outage.follow, `${outage.report.split('.')[0] ?? outage.follow}. Is this known?`, 'P1'),
        },
        requesters,
      ),
    ];
    planned.push({
      outage,
      start,
      resolved,
      source,
      linked,
      declarer,
      commander: i % 2 === 0 ? ctx.lead : rng.pick(ctx.l3),
      scribe: rng.pick(ctx.l1),
    });
  });
  planned.sort((a, b) => a.start.getTime() - b.start.getTime());
  return {
    tickets: planned.flatMap((p) => [p.source, ...p.linked]),
    write: (tx, numbers) => writePastIncidents(tx, ctx, numbers, planned),
  };
}

async function writePastIncidents(tx: Tx, ctx: SeedContext, numbers: ReadonlyMap<string, number>, planned: readonly PastIncident[]): Promise<number> {
  const incidents: Prisma.IncidentCreateManyInput[] = [];
  const roles: Prisma.IncidentRoleCreateManyInput[] = [];
  const checklist: Prisma.IncidentChecklistItemCreateManyInput[] = [];
  const timeline: Prisma.IncidentTimelineEntryCreateManyInput[] = [];
  const links: Prisma.IncidentTicketCreateManyInput[] = [];
  const postmortems: Prisma.PostmortemCreateManyInput[] = [];
  const actions: Prisma.PostmortemActionItemCreateManyInput[] = [];
  const pm = (p: TicketPlan) => `PM-${numbers.get(p.id) ?? '?'}`;
  const keys = ['alert_all_hands', 'assign_incident_commander', 'open_war_room', 'start_status_page_updates', 'begin_investigation'];

  for (const p of planned) {
    const incidentId = randomUUID();
    const at = (m: number) => addMinutes(p.start, m);
    const minutes = Math.round((p.resolved.getTime() - p.start.getTime()) / 60_000);
    const identified = Math.round(minutes * 0.3);
    const monitoring = Math.max(identified + 5, minutes - 60);
    incidents.push({
      id: incidentId,
      title: p.outage.title,
      publicTitle: p.outage.publicTitle,
      severity: 'P0',
      status: IncidentStatus.RESOLVED,
      summary: p.outage.cause,
      sourceTicketId: p.source.id,
      declaredById: p.declarer.id,
      incidentCommanderId: p.commander.id,
      usersImpacted: p.outage.impacted,
      declaredAt: at(5),
      createdAt: at(5),
      acknowledgedAt: at(5 + ctx.rng.int(1, 4)),
      identifiedAt: at(identified),
      monitoringAt: at(monitoring),
      monitoringUntil: p.resolved,
      resolvedAt: p.resolved,
      resolutionKind: p.outage.kind,
      resolutionNote: `${p.outage.fix}; verified in production and monitored until resolved.`,
      lastInternalUpdateAt: at(minutes - 10),
      lastStatusPageUpdateAt: p.resolved,
      updatedAt: addMinutes(p.resolved, 30 * 60),
    });
    roles.push(
      { incidentId, userId: p.scribe.id, role: IncidentRoleKind.SCRIBE, assignedAt: at(8), endedAt: p.resolved },
      { incidentId, userId: ctx.manager.id, role: IncidentRoleKind.COMMUNICATIONS_LEAD, assignedAt: at(8), endedAt: p.resolved },
    );
    checklist.push(...keys.map((key, i) => ({ incidentId, key, doneAt: at(6 + i * 2), doneById: p.declarer.id })));
    timeline.push(
      {
        incidentId,
        kind: TimelineEntryKind.STATUS_CHANGE,
        authorId: p.declarer.id,
        createdAt: at(5),
        body: `Incident declared from ${pm(p.source)}. Severity P0, status Investigating.`,
      },
      { incidentId, kind: TimelineEntryKind.ROLE_CHANGE, authorId: p.declarer.id, createdAt: at(7), body: `${p.commander.name} is incident commander.` },
      {
        incidentId,
        kind: TimelineEntryKind.STATUS_PAGE_UPDATE,
        authorId: ctx.manager.id,
        createdAt: at(12),
        body: `Investigating: ${p.outage.publicTitle.toLowerCase()}. We are investigating and will update every 30 minutes.`,
      },
      { incidentId, kind: TimelineEntryKind.LINKED_TICKET, authorId: p.scribe.id, createdAt: at(15), body: `Linked ${p.linked.map(pm).join(', ')}.` },
      {
        incidentId,
        kind: TimelineEntryKind.STATUS_CHANGE,
        authorId: p.commander.id,
        createdAt: at(identified),
        body: `Investigating → Identified. ${p.outage.cause}`,
      },
      {
        incidentId,
        kind: TimelineEntryKind.STATUS_CHANGE,
        authorId: p.commander.id,
        createdAt: at(monitoring),
        body: `Identified → Monitoring. ${p.outage.fix}.`,
      },
      { incidentId, kind: TimelineEntryKind.STATUS_CHANGE, authorId: p.commander.id, createdAt: p.resolved, body: 'Monitoring → Resolved.' },
    );
    links.push({ incidentId, ticketId: p.source.id, linkedAt: at(5) }, ...p.linked.map((t) => ({ incidentId, ticketId: t.id, linkedAt: at(15) })));
    const postmortemId = randomUUID();
    const published = addMinutes(p.resolved, ctx.rng.int(20, 44) * 60);
    postmortems.push({
      id: postmortemId,
      incidentId,
      status: PostmortemStatus.PUBLISHED,
      dueAt: addMinutes(p.resolved, 48 * 60),
      createdAt: addMinutes(p.resolved, 90),
      updatedAt: published,
      publishedAt: published,
      summary: `For ${Math.floor(minutes / 60)} h ${minutes % 60} min: ${p.outage.publicTitle.toLowerCase()}.`,
      impact: `About ${p.outage.impacted.toLocaleString('en-US')} users affected. ${1 + p.linked.length} support tickets.`,
      timeline: `${p.start.toISOString()} first report (${pm(p.source)}); +5 min incident declared; +${identified} min cause identified; +${minutes} min resolved.`,
      rootCause: p.outage.cause,
      wentWell: 'Incident declared within minutes; the status page went up before most users wrote in.',
      wentBadly: 'Nothing alerted us before the first user report.',
    });
    actions.push({
      postmortemId,
      description: p.outage.action,
      ownerId: p.commander.id,
      dueAt: addMinutes(p.resolved, 14 * 24 * 60),
      doneAt: addMinutes(p.resolved, ctx.rng.int(3, 13) * 24 * 60),
    });
  }
  await tx.incident.createMany({ data: incidents });
  await tx.incidentRole.createMany({ data: roles });
  await tx.incidentChecklistItem.createMany({ data: checklist });
  await tx.incidentTimelineEntry.createMany({ data: timeline });
  await tx.incidentTicket.createMany({ data: links });
  await tx.postmortem.createMany({ data: postmortems });
  await tx.postmortemActionItem.createMany({ data: actions });
  return incidents.length;
}
