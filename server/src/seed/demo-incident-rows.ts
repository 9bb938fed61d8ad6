// The demo's incidents written once their tickets exist: a live P0, a resolved one with a published
// post-mortem, and one whose post-mortem is overdue.
import { IncidentRoleKind, IncidentStatus, PostmortemStatus, ResolutionKind, TimelineEntryKind, type Prisma } from '@opsboard/db';
import { type IncidentTickets, planIncidentTickets } from './demo-incidents.ts';
import type { RequesterPool, SeedContext, Staff, TicketPlan } from './demo-tickets.ts';
import { addMinutes } from './time.ts';

type Tx = Prisma.TransactionClient;

/** The guide's immediate actions for a P0. */
export const P0_CHECKLIST = ['alert_all_hands', 'assign_incident_commander', 'open_war_room', 'start_status_page_updates', 'begin_investigation'] as const;

export interface IncidentsPlan {
  tickets: TicketPlan[];
  /** Writes the incidents once their tickets exist; returns how many. */
  write(tx: Tx, numbers: ReadonlyMap<string, number>): Promise<number>;
}

export function planIncidents(ctx: SeedContext, requesters: RequesterPool, onCallAt: (at: Date) => Staff): IncidentsPlan {
  const planned = planIncidentTickets(ctx, requesters, onCallAt);
  return { tickets: planned.tickets, write: (tx, numbers) => writeIncidents(tx, numbers, planned) };
}

async function writeIncidents(tx: Tx, numbers: ReadonlyMap<string, number>, planned: IncidentTickets): Promise<number> {
  const {
    ago,
    ctx,
    db,
    dbCommander,
    dbLinked,
    dbResolved,
    dbStart,
    live,
    liveCommander,
    liveLinked,
    onCall,
    onCallAt,
    responderA,
    responderB,
    results,
    resultsLinked,
    resultsResolved,
    resultsStart,
    scribeA,
    scribeB,
  } = planned;
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
      title: 'Database inaccessible: sign-in and dashboards failing',
      publicTitle: 'Sign-in and dashboards unavailable',
      severity: 'P0',
      status: IncidentStatus.RESOLVED,
      summary:
        'The primary database ran out of disk space and stopped accepting connections; sign-in and dashboards failed for all users until we failed over to the standby.',
      sourceTicketId: db.id,
      declaredById: dbDeclarer.id,
      incidentCommanderId: dbCommander.id,
      usersImpacted: 2600,
      declaredAt: t0(6),
      createdAt: t0(6),
      acknowledgedAt: t0(7),
      identifiedAt: t0(35),
      monitoringAt: t0(100),
      monitoringUntil: dbResolved,
      resolvedAt: dbResolved,
      resolutionKind: ResolutionKind.FIX,
      resolutionNote: 'Failed over to the standby database and freed disk space on the primary; verified in production and monitored for 2 hours.',
      lastInternalUpdateAt: t0(215),
      lastStatusPageUpdateAt: dbResolved,
      roles: {
        create: [
          { userId: scribeB.id, role: IncidentRoleKind.SCRIBE, assignedAt: t0(9), endedAt: dbResolved },
          { userId: ctx.manager.id, role: IncidentRoleKind.COMMUNICATIONS_LEAD, assignedAt: t0(9), endedAt: dbResolved },
          { userId: responderA.id, role: IncidentRoleKind.RESPONDER, assignedAt: t0(10), endedAt: dbResolved },
          { userId: responderB.id, role: IncidentRoleKind.RESPONDER, assignedAt: t0(10), endedAt: dbResolved },
        ],
      },
      checklist: { create: P0_CHECKLIST.map((key, i) => ({ key, doneAt: t0(7 + i * 2), doneById: dbDeclarer.id })) },
      timeline: {
        create: [
          {
            kind: TimelineEntryKind.STATUS_CHANGE,
            authorId: dbDeclarer.id,
            createdAt: t0(6),
            body: `Incident declared from ${pm(db)}. Severity P0, status Investigating.`,
          },
          { kind: TimelineEntryKind.ROLE_CHANGE, authorId: dbDeclarer.id, createdAt: t0(8), body: `${dbCommander.name} is incident commander.` },
          {
            kind: TimelineEntryKind.STATUS_PAGE_UPDATE,
            authorId: ctx.manager.id,
            createdAt: t0(14),
            body: 'Investigating: sign-in and dashboards are failing. We are investigating and will update every 30 minutes.',
          },
          { kind: TimelineEntryKind.LINKED_TICKET, authorId: scribeB.id, createdAt: t0(16), body: `Linked ${dbLinked.map(pm).join(', ')}.` },
          {
            kind: TimelineEntryKind.STATUS_CHANGE,
            authorId: dbCommander.id,
            createdAt: t0(35),
            body: 'Investigating → Identified. Primary database disk is full (WAL archive not pruned); it refuses new connections.',
          },
          {
            kind: TimelineEntryKind.ACTION,
            authorId: responderA.id,
            createdAt: t0(70),
            body: 'Promoted the standby to primary; the application is reconnecting.',
          },
          {
            kind: TimelineEntryKind.STATUS_CHANGE,
            authorId: dbCommander.id,
            createdAt: t0(100),
            body: 'Identified → Monitoring. Fix verified in production; monitoring for 2 hours.',
          },
          {
            kind: TimelineEntryKind.STATUS_CHANGE,
            authorId: dbCommander.id,
            createdAt: dbResolved,
            body: 'Monitoring → Resolved. No errors for 2 hours. Post-mortem due within 48 hours.',
          },
        ],
      },
      tickets: { create: linkRows(db, t0(6), dbLinked, (i) => t0(16 + i)) },
      postmortem: {
        create: {
          status: PostmortemStatus.PUBLISHED,
          dueAt: addMinutes(dbResolved, 48 * 60),
          createdAt: addMinutes(dbResolved, 120),
          publishedAt: addMinutes(dbResolved, 31 * 60),
          summary: 'For 3 h 40 min users could not sign in or load dashboards because the primary database ran out of disk space.',
          impact: 'About 2,600 users could not sign in; no data was lost. 3 support tickets.',
          timeline: `${t0(0).toISOString()} first report (${pm(db)}); +6 min incident declared; +35 min cause identified; +100 min fix verified; +220 min resolved after 2 h monitoring.`,
          rootCause: 'WAL archiving failed silently for 9 days, so old WAL files were never pruned and filled the disk. Disk usage was not alerted on.',
          wentWell: 'Incident declared within 6 minutes; the standby was healthy and promotion worked first time.',
          wentBadly: 'The status page stayed green for 14 minutes. Nobody was alerted on disk usage.',
          actionItems: {
            create: [
              {
                description: 'Alert on database disk usage above 80 %',
                ownerId: dbCommander.id,
                dueAt: addMinutes(dbResolved, 7 * 24 * 60),
                doneAt: addMinutes(dbResolved, 5 * 24 * 60),
              },
              {
                description: 'Alert when WAL archiving fails',
                ownerId: responderA.id,
                dueAt: addMinutes(dbResolved, 14 * 24 * 60),
                doneAt: addMinutes(dbResolved, 12 * 24 * 60),
              },
              { description: 'Status page template for database incidents', ownerId: ctx.manager.id, dueAt: addMinutes(dbResolved, 21 * 24 * 60) },
            ],
          },
        },
      },
    },
  });

  // Results page broken by a release, rolled back; the post-mortem is overdue.
  const rDeclarer = onCallAt(resultsStart);
  const r0 = (m: number) => addMinutes(resultsStart, m);
  await tx.incident.create({
    data: {
      title: 'Results page returning 500 errors after release',
      publicTitle: 'Errors on the results page',
      severity: 'P0',
      status: IncidentStatus.RESOLVED,
      summary: 'A release changed the results query; results of archived classes made the page fail with 500 for most users.',
      sourceTicketId: results.id,
      declaredById: rDeclarer.id,
      incidentCommanderId: ctx.lead.id,
      usersImpacted: 640,
      declaredAt: r0(5),
      createdAt: r0(5),
      acknowledgedAt: r0(6),
      identifiedAt: r0(18),
      monitoringAt: r0(32),
      monitoringUntil: resultsResolved,
      resolvedAt: resultsResolved,
      resolutionKind: ResolutionKind.ROLLBACK,
      resolutionNote: 'Rolled back to the previous release; verified in production and monitored for 2 hours.',
      lastInternalUpdateAt: r0(150),
      lastStatusPageUpdateAt: resultsResolved,
      roles: {
        create: [
          { userId: scribeA.id, role: IncidentRoleKind.SCRIBE, assignedAt: r0(7), endedAt: resultsResolved },
          { userId: ctx.manager.id, role: IncidentRoleKind.COMMUNICATIONS_LEAD, assignedAt: r0(7), endedAt: resultsResolved },
          { userId: responderB.id, role: IncidentRoleKind.RESPONDER, assignedAt: r0(8), endedAt: resultsResolved },
        ],
      },
      checklist: { create: P0_CHECKLIST.map((key, i) => ({ key, doneAt: r0(6 + i), doneById: rDeclarer.id })) },
      timeline: {
        create: [
          {
            kind: TimelineEntryKind.STATUS_CHANGE,
            authorId: rDeclarer.id,
            createdAt: r0(5),
            body: `Incident declared from ${pm(results)}. Severity P0, status Investigating.`,
          },
          {
            kind: TimelineEntryKind.NOTE,
            authorId: responderB.id,
            createdAt: r0(12),
            body: "Errors started 4 minutes after this morning's release. Only results pages are affected.",
          },
          {
            kind: TimelineEntryKind.STATUS_CHANGE,
            authorId: ctx.lead.id,
            createdAt: r0(18),
            body: 'Investigating → Identified. New results query fails for archived classes. Decision: roll back.',
          },
          { kind: TimelineEntryKind.ACTION, authorId: responderB.id, createdAt: r0(25), body: 'Rollback to the previous release started.' },
          {
            kind: TimelineEntryKind.STATUS_CHANGE,
            authorId: ctx.lead.id,
            createdAt: r0(32),
            body: 'Identified → Monitoring. Rollback complete, error rate back to normal.',
          },
          { kind: TimelineEntryKind.STATUS_CHANGE, authorId: ctx.lead.id, createdAt: resultsResolved, body: 'Monitoring → Resolved.' },
        ],
      },
      tickets: { create: linkRows(results, r0(5), resultsLinked, (i) => r0(14 + i * 3)) },
      postmortem: {
        create: {
          status: PostmortemStatus.DRAFT,
          dueAt: addMinutes(resultsResolved, 48 * 60),
          createdAt: addMinutes(resultsResolved, 60),
          summary: 'For about 30 minutes the results page returned 500 errors after a release; we rolled back.',
          impact: 'Around 640 users could not open results. 3 support tickets.',
          actionItems: {
            create: [
              { description: 'Integration test for results of archived classes', ownerId: responderB.id, dueAt: addMinutes(resultsResolved, 10 * 24 * 60) },
            ],
          },
        },
      },
    },
  });

  // The live incident: identified, rolling back, updates every 30 minutes.
  const declarer = onCall;
  const [r1, r2] = ctx.l2.filter((s) => s.id !== declarer.id);
  const lastUpdate = ago(20);
  await tx.incident.create({
    data: {
      title: 'Production site returning 500 errors',
      publicTitle: 'Errors on the website',
      severity: 'P0',
      status: IncidentStatus.IDENTIFIED,
      summary:
        'Web and API requests fail with 500 errors for most users. The latest release opens a database connection per request and exhausts the pool; rolling back.',
      sourceTicketId: live.id,
      declaredById: declarer.id,
      incidentCommanderId: liveCommander.id,
      usersImpacted: 1800,
      declaredAt: ago(45),
      createdAt: ago(45),
      acknowledgedAt: ago(44),
      identifiedAt: ago(22),
      internalUpdateMinutes: 30,
      lastInternalUpdateAt: lastUpdate,
      nextInternalUpdateDueAt: addMinutes(lastUpdate, 30),
      statusPageUpdateMinutes: 30,
      lastStatusPageUpdateAt: ago(19),
      nextStatusPageUpdateDueAt: addMinutes(ago(19), 30),
      roles: {
        create: [
          { userId: scribeA.id, role: IncidentRoleKind.SCRIBE, assignedAt: ago(42) },
          { userId: ctx.manager.id, role: IncidentRoleKind.COMMUNICATIONS_LEAD, assignedAt: ago(42) },
          { userId: (r1 ?? responderA).id, role: IncidentRoleKind.RESPONDER, assignedAt: ago(41) },
          { userId: (r2 ?? responderB).id, role: IncidentRoleKind.RESPONDER, assignedAt: ago(41) },
        ],
      },
      // The war room is still pending: the team is coordinating in the support channel.
      checklist: {
        create: [
          { key: 'alert_all_hands', doneAt: ago(44), doneById: declarer.id },
          { key: 'assign_incident_commander', doneAt: ago(43), doneById: declarer.id },
          { key: 'open_war_room' },
          { key: 'start_status_page_updates', doneAt: ago(38), doneById: ctx.manager.id },
          { key: 'begin_investigation', doneAt: ago(44), doneById: declarer.id },
        ],
      },
      timeline: {
        create: [
          {
            kind: TimelineEntryKind.STATUS_CHANGE,
            authorId: declarer.id,
            createdAt: ago(45),
            body: `Incident declared from ${pm(live)}. Severity P0, status Investigating.`,
          },
          {
            kind: TimelineEntryKind.ACTION,
            authorId: declarer.id,
            createdAt: ago(44),
            body: 'Alerted all hands in #general with @channel and emailed all tech leads.',
          },
          { kind: TimelineEntryKind.ROLE_CHANGE, authorId: declarer.id, createdAt: ago(43), body: `${liveCommander.name} is incident commander.` },
          {
            kind: TimelineEntryKind.ROLE_CHANGE,
            authorId: liveCommander.id,
            createdAt: ago(42),
            body: `${scribeA.name} is scribe, ${ctx.manager.name} communications lead; ${(r1 ?? responderA).name} and ${(r2 ?? responderB).name} responders.`,
          },
          {
            kind: TimelineEntryKind.STATUS_PAGE_UPDATE,
            authorId: ctx.manager.id,
            createdAt: ago(38),
            body: 'Investigating: we are seeing errors across the site and API and are investigating. Next update in 30 minutes.',
          },
          {
            kind: TimelineEntryKind.NOTE,
            authorId: (r1 ?? responderA).id,
            createdAt: ago(33),
            body: 'Error rate 41 % on web and API since the last deploy. Database connections at the pool limit; p95 latency 9 s.',
          },
          {
            kind: TimelineEntryKind.LINKED_TICKET,
            authorId: scribeA.id,
            createdAt: ago(30),
            body: `Linked ${liveLinked.map(pm).join(', ')}: the same 500 errors reported by users.`,
          },
          {
            kind: TimelineEntryKind.STATUS_CHANGE,
            authorId: liveCommander.id,
            createdAt: ago(22),
            body: 'Investigating → Identified. The latest release opens a database connection per request and exhausts the pool.',
          },
          {
            kind: TimelineEntryKind.INTERNAL_UPDATE,
            authorId: liveCommander.id,
            createdAt: lastUpdate,
            body: 'Cause identified: connection pool exhaustion from the latest release. Decision: roll back rather than hotfix. Next internal update in 30 minutes.',
          },
          {
            kind: TimelineEntryKind.STATUS_PAGE_UPDATE,
            authorId: ctx.manager.id,
            createdAt: ago(19),
            body: 'Identified: we have found the cause of the errors and are rolling back a recent change. Next update in 30 minutes.',
          },
          { kind: TimelineEntryKind.ACTION, authorId: (r2 ?? responderB).id, createdAt: ago(12), body: 'Rollback to the previous release started.' },
        ],
      },
      tickets: { create: linkRows(live, ago(45), liveLinked, () => ago(30)) },
    },
  });
  return 3;
}
