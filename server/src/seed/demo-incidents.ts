import {
  Channel, IncidentRoleKind, IncidentStatus, PostmortemStatus, ResolutionKind, TicketType, TimelineEntryKind, type Prisma,
} from '@opsboard/db';
import type { Scenario } from './demo-catalog.ts';
import { planTicket, type RequesterPool, type SeedContext, type Staff, type TicketPlan, type TicketSpec } from './demo-tickets.ts';
import { addMinutes, DAY, localParts, plusDays, zonedTime } from './time.ts';

type Tx = Prisma.TransactionClient;

/** The guide's immediate actions for a P0. */
export const P0_CHECKLIST = [
  'alert_all_hands', 'assign_incident_commander', 'open_war_room', 'start_status_page_updates', 'begin_investigation',
] as const;

export interface IncidentsPlan {
  tickets: TicketPlan[];
  /** Writes the incidents once their tickets exist; returns how many. */
  write(tx: Tx, numbers: ReadonlyMap<string, number>): Promise<number>;
}

const outage = (title: string, description: string, tags: string[], priority: Scenario['priority'] = 'P0'): Scenario => ({
  type: TicketType.BUG, priority, titles: [title], description, tags, feature: 'the platform',
  fix: 'Restored service and verified the fix in production', verify: 'reloading the page',
});

export function planIncidents(ctx: SeedContext, requesters: RequesterPool, onCallAt: (at: Date) => Staff): IncidentsPlan {
  const { now, cal } = ctx;
  const ago = (minutes: number) => addMinutes(now, -minutes);
  const ticket = (spec: TicketSpec) => planTicket(ctx, spec, requesters);
  /** A weekday `days` ago at a local time, so past incidents fall in working hours. */
  const weekdayAt = (days: number, minute: number): Date => {
    const p = localParts(new Date(now.getTime() - days * DAY), cal.timeZone);
    return zonedTime(plusDays(p, -Math.max(0, p.isoWeekday - 5)), minute, cal.timeZone);
  };
  const [responderA, responderB] = ctx.l2;
  const [scribeA, scribeB] = ctx.l1;
  const tomasz = ctx.l3.find((s) => s.id !== ctx.lead.id) ?? ctx.lead;
  if (!responderA || !responderB || !scribeA || !scribeB) throw new Error('demo team is missing people');

  // ── the live P0 ──
  const liveCommander = ctx.lead;
  const onCall = onCallAt(now);
  const live = ticket({
    createdAt: ago(50), channel: Channel.EMAIL, openAs: 'IN_PROGRESS', triageAfter: 3, respondAfter: 9,
    ownerId: onCall.id, usersImpacted: 1800,
    scenario: outage('Production site returning 500 errors',
      'Every page of the platform returns "500 Internal Server Error" for our whole organisation. Learners are in the middle of timed assessments and cannot continue.',
      ['outage', '500-errors']),
  });
  const liveLinked = [
    ticket({ createdAt: ago(46), channel: Channel.WEB, openAs: 'IN_PROGRESS', triageAfter: 6, respondAfter: 16,
      scenario: outage('Error 500 when submitting my assessment', 'I pressed Submit and got "500 Internal Server Error". Did my answers save?', ['outage', 'assessments'], 'P1') }),
    ticket({ createdAt: ago(44), channel: Channel.GITHUB, openAs: 'IN_PROGRESS', triageAfter: 4, respondAfter: 12, usersImpacted: 300,
      scenario: outage('Every page returns HTTP 500', 'Since a few minutes ago every request to the app and the API returns HTTP 500.\n\nEnvironment: Chrome 131 / macOS 15', ['outage', 'api']) }),
    ticket({ createdAt: ago(39), channel: Channel.EMAIL, openAs: 'TRIAGED', triageAfter: 5,
      scenario: outage('API returning 500 for /api/v1/results', 'Our nightly integration is failing: GET /api/v1/results returns 500 for every call.', ['outage', 'api'], 'P1') }),
    ticket({ createdAt: ago(31), channel: Channel.SOCIAL, openAs: 'NEW',
      scenario: outage('Is the site down?', '@opsboard_help is the site down? Getting 500 errors everywhere', ['outage'], 'P1') }),
  ];

  // ── a resolved P0 with a published post-mortem ──
  const dbStart = weekdayAt(41, 14 * 60 + 5);
  const dbResolved = addMinutes(dbStart, 220);
  const dbCommander = tomasz;
  const db = ticket({
    createdAt: dbStart, channel: Channel.EMAIL, triageAfter: 2, respondAfter: 8, ownerId: onCallAt(dbStart).id,
    usersImpacted: 2600, resolvedAt: addMinutes(dbResolved, 10),
    scenario: outage("Database inaccessible - can't sign in", 'Sign-in fails with "Service unavailable" and dashboards show "Could not reach the database".', ['outage', 'login']),
  });
  const dbLinked = [
    ticket({ createdAt: addMinutes(dbStart, 3), channel: Channel.GITHUB, triageAfter: 4, respondAfter: 10, resolvedAt: addMinutes(dbResolved, 15),
      scenario: outage("Dashboards fail with 'database unavailable'", 'All dashboards show "database unavailable". Status page is still green.', ['outage']) }),
    ticket({ createdAt: addMinutes(dbStart, 9), channel: Channel.SOCIAL, triageAfter: 5, respondAfter: 14, resolvedAt: addMinutes(dbResolved, 20),
      scenario: outage("Can't log in", "@opsboard_help can't log in, is something down?", ['outage', 'login'], 'P1') }),
  ];

  // ── a resolved P0 whose post-mortem is still a draft, past its 48 h due date ──
  const resultsStart = weekdayAt(9, 10 * 60 + 20);
  const resultsResolved = addMinutes(resultsStart, 152);
  const results = ticket({
    createdAt: resultsStart, channel: Channel.WEB, triageAfter: 3, respondAfter: 11, ownerId: onCallAt(resultsStart).id,
    usersImpacted: 640, resolvedAt: addMinutes(resultsResolved, 8),
    scenario: outage('Results page shows 500 Internal Server Error', 'Opening any results page gives "500 Internal Server Error" since this morning.', ['outage', 'results']),
  });
  const resultsLinked = [
    ticket({ createdAt: addMinutes(resultsStart, 7), channel: Channel.EMAIL, triageAfter: 6, respondAfter: 15, resolvedAt: addMinutes(resultsResolved, 12),
      scenario: outage('Results not loading for my class', 'None of my learners can see their results today.', ['results'], 'P1') }),
    ticket({ createdAt: addMinutes(resultsStart, 12), channel: Channel.GITHUB, triageAfter: 8, respondAfter: 30, resolvedAt: addMinutes(resultsResolved, 25),
      scenario: outage('GET /results/:id returns 500', 'Calling GET /results/:id for archived classes returns 500.\n\nEnvironment: API client, Node 20', ['results', 'api'], 'P2') }),
  ];

  const tickets = [live, ...liveLinked, db, ...dbLinked, results, ...resultsLinked];

  return {
    tickets,
    async write(tx, numbers) {
      const pm = (p: TicketPlan) => `PM-${numbers.get(p.id) ?? '?'}`;
      const linkRows = (source: TicketPlan, declaredAt: Date, linked: TicketPlan[], at: (i: number) => Date) => [
        { ticketId: source.id, linkedAt: declaredAt },
        ...linked.map((t, i) => ({ ticketId: t.id, linkedAt: at(i) })),
      ];

      // Database outage, fixed forward.
      const dbDeclarer = onCallAt(dbStart);
      const t0 = (m: number) => addMinutes(dbStart, m);
      await tx.incident.create({
        data: {
          title: 'Database inaccessible: sign-in and dashboards failing', severity: 'P0', status: IncidentStatus.RESOLVED,
          summary: 'The primary database ran out of disk space and stopped accepting connections; sign-in and dashboards failed for all users until we failed over to the standby.',
          sourceTicketId: db.id, declaredById: dbDeclarer.id, incidentCommanderId: dbCommander.id, usersImpacted: 2600,
          declaredAt: t0(6), createdAt: t0(6), acknowledgedAt: t0(7), identifiedAt: t0(35), monitoringAt: t0(100),
          monitoringUntil: dbResolved, resolvedAt: dbResolved, resolutionKind: ResolutionKind.FIX,
          resolutionNote: 'Failed over to the standby database and freed disk space on the primary; verified in production and monitored for 2 hours.',
          lastInternalUpdateAt: t0(215), lastStatusPageUpdateAt: dbResolved,
          roles: { create: [
            { userId: scribeB.id, role: IncidentRoleKind.SCRIBE, assignedAt: t0(9), endedAt: dbResolved },
            { userId: ctx.manager.id, role: IncidentRoleKind.COMMUNICATIONS_LEAD, assignedAt: t0(9), endedAt: dbResolved },
            { userId: responderA.id, role: IncidentRoleKind.RESPONDER, assignedAt: t0(10), endedAt: dbResolved },
            { userId: responderB.id, role: IncidentRoleKind.RESPONDER, assignedAt: t0(10), endedAt: dbResolved },
          ] },
          checklist: { create: P0_CHECKLIST.map((key, i) => ({ key, doneAt: t0(7 + i * 2), doneById: dbDeclarer.id })) },
          timeline: { create: [
            { kind: TimelineEntryKind.STATUS_CHANGE, authorId: dbDeclarer.id, createdAt: t0(6), body: `Incident declared from ${pm(db)}. Severity P0, status Investigating.` },
            { kind: TimelineEntryKind.ROLE_CHANGE, authorId: dbDeclarer.id, createdAt: t0(8), body: `${dbCommander.name} is incident commander.` },
            { kind: TimelineEntryKind.STATUS_PAGE_UPDATE, authorId: ctx.manager.id, createdAt: t0(14), body: 'Investigating: sign-in and dashboards are failing. We are investigating and will update every 30 minutes.' },
            { kind: TimelineEntryKind.LINKED_TICKET, authorId: scribeB.id, createdAt: t0(16), body: `Linked ${dbLinked.map(pm).join(', ')}.` },
            { kind: TimelineEntryKind.STATUS_CHANGE, authorId: dbCommander.id, createdAt: t0(35), body: 'Investigating → Identified. Primary database disk is full (WAL archive not pruned); it refuses new connections.' },
            { kind: TimelineEntryKind.ACTION, authorId: responderA.id, createdAt: t0(70), body: 'Promoted the standby to primary; the application is reconnecting.' },
            { kind: TimelineEntryKind.STATUS_CHANGE, authorId: dbCommander.id, createdAt: t0(100), body: 'Identified → Monitoring. Fix verified in production; monitoring for 2 hours.' },
            { kind: TimelineEntryKind.STATUS_CHANGE, authorId: dbCommander.id, createdAt: dbResolved, body: 'Monitoring → Resolved. No errors for 2 hours. Post-mortem due within 48 hours.' },
          ] },
          tickets: { create: linkRows(db, t0(6), dbLinked, (i) => t0(16 + i)) },
          postmortem: { create: {
            status: PostmortemStatus.PUBLISHED, dueAt: addMinutes(dbResolved, 48 * 60), createdAt: addMinutes(dbResolved, 120),
            publishedAt: addMinutes(dbResolved, 31 * 60),
            summary: 'For 3 h 40 min users could not sign in or load dashboards because the primary database ran out of disk space.',
            impact: 'About 2,600 users could not sign in; no data was lost. 3 support tickets.',
            timeline: `${t0(0).toISOString()} first report (${pm(db)}); +6 min incident declared; +35 min cause identified; +100 min fix verified; +220 min resolved after 2 h monitoring.`,
            rootCause: 'WAL archiving failed silently for 9 days, so old WAL files were never pruned and filled the disk. Disk usage was not alerted on.',
            wentWell: 'Incident declared within 6 minutes; the standby was healthy and promotion worked first time.',
            wentBadly: 'The status page stayed green for 14 minutes. Nobody was alerted on disk usage.',
            actionItems: { create: [
              { description: 'Alert on database disk usage above 80 %', ownerId: dbCommander.id, dueAt: addMinutes(dbResolved, 7 * 24 * 60), doneAt: addMinutes(dbResolved, 5 * 24 * 60) },
              { description: 'Alert when WAL archiving fails', ownerId: responderA.id, dueAt: addMinutes(dbResolved, 14 * 24 * 60), doneAt: addMinutes(dbResolved, 12 * 24 * 60) },
              { description: 'Status page template for database incidents', ownerId: ctx.manager.id, dueAt: addMinutes(dbResolved, 21 * 24 * 60) },
            ] },
          } },
        },
      });

      // Results page broken by a release, rolled back; the post-mortem is overdue.
      const rDeclarer = onCallAt(resultsStart);
      const r0 = (m: number) => addMinutes(resultsStart, m);
      await tx.incident.create({
        data: {
          title: 'Results page returning 500 errors after release', severity: 'P0', status: IncidentStatus.RESOLVED,
          summary: 'A release changed the results query; results of archived classes made the page fail with 500 for most users.',
          sourceTicketId: results.id, declaredById: rDeclarer.id, incidentCommanderId: ctx.lead.id, usersImpacted: 640,
          declaredAt: r0(5), createdAt: r0(5), acknowledgedAt: r0(6), identifiedAt: r0(18), monitoringAt: r0(32),
          monitoringUntil: resultsResolved, resolvedAt: resultsResolved, resolutionKind: ResolutionKind.ROLLBACK,
          resolutionNote: 'Rolled back to the previous release; verified in production and monitored for 2 hours.',
          lastInternalUpdateAt: r0(150), lastStatusPageUpdateAt: resultsResolved,
          roles: { create: [
            { userId: scribeA.id, role: IncidentRoleKind.SCRIBE, assignedAt: r0(7), endedAt: resultsResolved },
            { userId: ctx.manager.id, role: IncidentRoleKind.COMMUNICATIONS_LEAD, assignedAt: r0(7), endedAt: resultsResolved },
            { userId: responderB.id, role: IncidentRoleKind.RESPONDER, assignedAt: r0(8), endedAt: resultsResolved },
          ] },
          checklist: { create: P0_CHECKLIST.map((key, i) => ({ key, doneAt: r0(6 + i), doneById: rDeclarer.id })) },
          timeline: { create: [
            { kind: TimelineEntryKind.STATUS_CHANGE, authorId: rDeclarer.id, createdAt: r0(5), body: `Incident declared from ${pm(results)}. Severity P0, status Investigating.` },
            { kind: TimelineEntryKind.NOTE, authorId: responderB.id, createdAt: r0(12), body: 'Errors started 4 minutes after this morning\'s release. Only results pages are affected.' },
            { kind: TimelineEntryKind.STATUS_CHANGE, authorId: ctx.lead.id, createdAt: r0(18), body: 'Investigating → Identified. New results query fails for archived classes. Decision: roll back.' },
            { kind: TimelineEntryKind.ACTION, authorId: responderB.id, createdAt: r0(25), body: 'Rollback to the previous release started.' },
            { kind: TimelineEntryKind.STATUS_CHANGE, authorId: ctx.lead.id, createdAt: r0(32), body: 'Identified → Monitoring. Rollback complete, error rate back to normal.' },
            { kind: TimelineEntryKind.STATUS_CHANGE, authorId: ctx.lead.id, createdAt: resultsResolved, body: 'Monitoring → Resolved.' },
          ] },
          tickets: { create: linkRows(results, r0(5), resultsLinked, (i) => r0(14 + i * 3)) },
          postmortem: { create: {
            status: PostmortemStatus.DRAFT, dueAt: addMinutes(resultsResolved, 48 * 60), createdAt: addMinutes(resultsResolved, 60),
            summary: 'For about 30 minutes the results page returned 500 errors after a release; we rolled back.',
            impact: 'Around 640 users could not open results. 3 support tickets.',
            actionItems: { create: [
              { description: 'Integration test for results of archived classes', ownerId: responderB.id, dueAt: addMinutes(resultsResolved, 10 * 24 * 60) },
            ] },
          } },
        },
      });

      // The live incident: identified, rolling back, updates every 30 minutes.
      const declarer = onCall;
      const [r1, r2] = ctx.l2.filter((s) => s.id !== declarer.id);
      const lastUpdate = ago(20);
      await tx.incident.create({
        data: {
          title: 'Production site returning 500 errors', severity: 'P0', status: IncidentStatus.IDENTIFIED,
          summary: 'Web and API requests fail with 500 errors for most users. The latest release opens a database connection per request and exhausts the pool; rolling back.',
          sourceTicketId: live.id, declaredById: declarer.id, incidentCommanderId: liveCommander.id, usersImpacted: 1800,
          declaredAt: ago(45), createdAt: ago(45), acknowledgedAt: ago(44), identifiedAt: ago(22),
          internalUpdateMinutes: 30, lastInternalUpdateAt: lastUpdate, nextInternalUpdateDueAt: addMinutes(lastUpdate, 30),
          statusPageUpdateMinutes: 30, lastStatusPageUpdateAt: ago(19), nextStatusPageUpdateDueAt: addMinutes(ago(19), 30),
          roles: { create: [
            { userId: scribeA.id, role: IncidentRoleKind.SCRIBE, assignedAt: ago(42) },
            { userId: ctx.manager.id, role: IncidentRoleKind.COMMUNICATIONS_LEAD, assignedAt: ago(42) },
            { userId: (r1 ?? responderA).id, role: IncidentRoleKind.RESPONDER, assignedAt: ago(41) },
            { userId: (r2 ?? responderB).id, role: IncidentRoleKind.RESPONDER, assignedAt: ago(41) },
          ] },
          // The war room is still pending: the team is coordinating in the support channel.
          checklist: { create: [
            { key: 'alert_all_hands', doneAt: ago(44), doneById: declarer.id },
            { key: 'assign_incident_commander', doneAt: ago(43), doneById: declarer.id },
            { key: 'open_war_room' },
            { key: 'start_status_page_updates', doneAt: ago(38), doneById: ctx.manager.id },
            { key: 'begin_investigation', doneAt: ago(44), doneById: declarer.id },
          ] },
          timeline: { create: [
            { kind: TimelineEntryKind.STATUS_CHANGE, authorId: declarer.id, createdAt: ago(45), body: `Incident declared from ${pm(live)}. Severity P0, status Investigating.` },
            { kind: TimelineEntryKind.ACTION, authorId: declarer.id, createdAt: ago(44), body: 'Alerted all hands in #general with @channel and emailed all tech leads.' },
            { kind: TimelineEntryKind.ROLE_CHANGE, authorId: declarer.id, createdAt: ago(43), body: `${liveCommander.name} is incident commander.` },
            { kind: TimelineEntryKind.ROLE_CHANGE, authorId: liveCommander.id, createdAt: ago(42), body: `${scribeA.name} is scribe, ${ctx.manager.name} communications lead; ${(r1 ?? responderA).name} and ${(r2 ?? responderB).name} responders.` },
            { kind: TimelineEntryKind.STATUS_PAGE_UPDATE, authorId: ctx.manager.id, createdAt: ago(38), body: 'Investigating: we are seeing errors across the site and API and are investigating. Next update in 30 minutes.' },
            { kind: TimelineEntryKind.NOTE, authorId: (r1 ?? responderA).id, createdAt: ago(33), body: 'Error rate 41 % on web and API since the last deploy. Database connections at the pool limit; p95 latency 9 s.' },
            { kind: TimelineEntryKind.LINKED_TICKET, authorId: scribeA.id, createdAt: ago(30), body: `Linked ${liveLinked.map(pm).join(', ')}: the same 500 errors reported by users.` },
            { kind: TimelineEntryKind.STATUS_CHANGE, authorId: liveCommander.id, createdAt: ago(22), body: 'Investigating → Identified. The latest release opens a database connection per request and exhausts the pool.' },
            { kind: TimelineEntryKind.INTERNAL_UPDATE, authorId: liveCommander.id, createdAt: lastUpdate, body: 'Cause identified: connection pool exhaustion from the latest release. Decision: roll back rather than hotfix. Next internal update in 30 minutes.' },
            { kind: TimelineEntryKind.STATUS_PAGE_UPDATE, authorId: ctx.manager.id, createdAt: ago(19), body: 'Identified: we have found the cause of the errors and are rolling back a recent change. Next update in 30 minutes.' },
            { kind: TimelineEntryKind.ACTION, authorId: (r2 ?? responderB).id, createdAt: ago(12), body: 'Rollback to the previous release started.' },
          ] },
          tickets: { create: linkRows(live, ago(45), liveLinked, () => ago(30)) },
        },
      });
      return 3;
    },
  };
}
