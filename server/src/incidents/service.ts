// The P0 war room: declare, page on call, roles (one incident commander at a time), the status
// path INVESTIGATING → IDENTIFIED → MONITORING → RESOLVED, linked tickets. Every change is a
// timeline entry as well as an event, in the same transaction.
import { type Incident, IncidentRoleKind, IncidentStatus, Priority, ResolutionKind, type TimelineEntryKind } from '@opsboard/db';
import { z } from 'zod';
import { fieldError, parseInput } from '../platform/errors.ts';
import { type Deps, transact } from '../platform/db.ts';
import type { Actor } from '../auth/service.ts';
import { chatNotification, enqueueNotifications, incidentUrl } from '../notifications/service.ts';
import { findRecipients, notifyUsers } from '../notifications/preferences.ts';
import {
  addEntry,
  authorOf,
  CHECKLIST,
  cadenceLimits,
  checkCadence,
  incidentSnapshot,
  loadIncident,
  MINUTE_MS,
  MONITORING_MINUTES,
  STATUS_WORDS,
  staffMember,
  tickChecklist,
} from './model.ts';
import { getOnCall } from '../oncall/service.ts';
import { resolvePages, triggerPage } from '../paging/service.ts';
import { createPostmortemIn, notifyRequestersIn } from './postmortems.ts';
import { formatTicketNumber } from '../tickets/model.ts';
import { text } from '../platform/validation.ts';

const id = (what: string) => z.uuid(`must be ${what} id`);

export const DeclareIncidentInput = z.object({
  ticketId: id('a ticket').optional().nullable(),
  title: text(200),
  publicTitle: text(200).optional().nullable(),
  severity: z.enum(Priority),
  summary: text(5000).optional().nullable(),
  incidentCommanderId: id('a user').optional().nullable(),
  internalUpdateMinutes: z.number().int().optional().nullable(),
  statusPageUpdateMinutes: z.number().int().optional().nullable(),
});
export type DeclareIncidentInput = z.input<typeof DeclareIncidentInput>;

/** Declares an incident, from a P0 ticket or directly; pages the on-call engineer. */
export async function declareIncident(deps: Deps, actor: Actor | null, raw: DeclareIncidentInput): Promise<Incident> {
  const input = parseInput(DeclareIncidentInput, raw);
  const limits = cadenceLimits(input.severity);
  const internal = checkCadence(input.severity, 'input.internalUpdateMinutes', input.internalUpdateMinutes ?? limits.internal);
  const statusPage = checkCadence(input.severity, 'input.statusPageUpdateMinutes', input.statusPageUpdateMinutes ?? limits.statusPage, true);
  return transact(deps, async (tx, emit) => {
    const now = deps.clock.now();
    const ticket = input.ticketId
      ? await tx.ticket.findUnique({
          where: { id: input.ticketId },
          include: { incidents: { include: { incident: { select: { number: true, status: true } } } } },
        })
      : null;
    if (input.ticketId && !ticket) throw fieldError('input.ticketId', 'no ticket with that id');
    const ticketNumber = ticket ? formatTicketNumber(deps.config.ticketPrefix, ticket.number) : null;
    if (ticket && ticket.priority !== 'P0') {
      throw fieldError(
        'input.ticketId',
        `${ticketNumber} is ${ticket.priority ?? 'not triaged'}: an incident is declared from a P0 ticket (or without a ticket)`,
      );
    }
    const active = ticket?.incidents.find((link) => link.incident.status !== 'RESOLVED');
    if (active) throw fieldError('input.ticketId', `${ticketNumber} is already part of the active incident #${active.incident.number}`);

    const declarer = await authorOf(tx, actor?.userId);
    const pager = (await getOnCall(deps, null, tx))?.now?.user ?? null;
    const commander = input.incidentCommanderId ? await staffMember(tx, input.incidentCommanderId, 'input.incidentCommanderId') : (declarer ?? pager);
    const incident = await tx.incident.create({
      data: {
        title: input.title,
        publicTitle: input.publicTitle ?? null,
        severity: input.severity,
        summary: input.summary ?? null,
        sourceTicketId: ticket?.id ?? null,
        declaredById: declarer?.id ?? null,
        incidentCommanderId: commander?.id ?? null,
        usersImpacted: ticket ? (ticket.usersImpacted ?? 1) : null,
        internalUpdateMinutes: internal,
        statusPageUpdateMinutes: statusPage,
        nextInternalUpdateDueAt: new Date(now.getTime() + internal * MINUTE_MS),
        nextStatusPageUpdateDueAt: new Date(now.getTime() + statusPage * MINUTE_MS),
        declaredAt: now,
        createdAt: now,
        updatedAt: now,
        checklist: {
          create: CHECKLIST.map(({ key }) => ({
            key,
            ...(key === 'assign_incident_commander' && commander ? { doneAt: now, doneById: declarer?.id ?? null } : {}),
          })),
        },
      },
    });
    await addEntry(
      tx,
      emit,
      deps,
      incident,
      'STATUS_CHANGE',
      `Incident declared${ticketNumber ? ` from ${ticketNumber}` : ''}. Severity ${input.severity}, status Investigating.`,
      declarer,
    );
    if (commander) await addEntry(tx, emit, deps, incident, 'ROLE_CHANGE', `${commander.name} is incident commander.`, declarer);
    if (ticket) {
      await tx.incidentTicket.create({ data: { incidentId: incident.id, ticketId: ticket.id, linkedAt: now } });
      await addEntry(tx, emit, deps, incident, 'LINKED_TICKET', `${ticketNumber} linked: ${ticket.title}`, declarer);
    }
    const warRoom = incidentUrl(deps.config.publicUrl, incident.id);
    const subject = `${input.severity} incident #${incident.number}: ${input.title}`;
    if (pager) {
      await tx.incidentRole.create({ data: { incidentId: incident.id, userId: pager.id, role: 'RESPONDER', assignedAt: now } });
      await addEntry(tx, emit, deps, incident, 'ROLE_CHANGE', `On-call engineer ${pager.name} added as responder.`, declarer);
    }
    // The on-call engineer and the commander are paged (not the declarer: they are at it already).
    await triggerPage(tx, emit, deps, {
      incident: { id: incident.id, number: incident.number, title: incident.title, severity: incident.severity },
      reason: `${input.severity} incident #${incident.number} declared${ticketNumber ? ` from ${ticketNumber}` : ''}: ${input.title}`,
      alsoAsk: [commander?.id],
      actorId: declarer?.id ?? null,
    });
    await alertTeam(tx, deps, incident, { subject, warRoom, ticketNumber, exceptIds: [pager?.id ?? null, declarer?.id ?? null] });
    emit({
      topic: 'incidents',
      type: 'INCIDENT_DECLARED',
      entityType: 'Incident',
      entityId: incident.id,
      payload: { incident: incidentSnapshot(incident), pagedUserId: pager?.id ?? null },
    });
    return incident;
  });
}

/**
 * The guide's send-to rules for a declared incident: P0 alerts all hands (@channel in chat, every
 * tech lead and manager by e-mail, through quiet hours); P1 tells the tech leads. P2/P3 incidents
 * page on call only.
 */
async function alertTeam(
  tx: Parameters<typeof addEntry>[0],
  deps: Deps,
  incident: Incident,
  m: { subject: string; warRoom: string; ticketNumber: string | null; exceptIds: (string | null)[] },
): Promise<void> {
  if (incident.severity !== 'P0' && incident.severity !== 'P1') return;
  const now = deps.clock.now();
  const p0 = incident.severity === 'P0';
  const skip = new Set(m.exceptIds.filter(Boolean));
  const people = (await findRecipients(tx, { role: { in: p0 ? ['LEAD', 'MANAGER'] : ['LEAD'] } })).filter((u) => !skip.has(u.id));
  const from = m.ticketNumber ? ` (from ${m.ticketNumber})` : '';
  await notifyUsers(tx, now, people, {
    key: `incident:${incident.id}:declared`,
    eventType: 'INCIDENT_DECLARED',
    channel: 'EMAIL',
    urgent: p0,
    template: 'incident_declared',
    subject: m.subject,
    body: `${incident.severity} incident #${incident.number} "${incident.title}" was declared${from}. War room: ${m.warRoom}`,
    incidentId: incident.id,
  });
  const text = `${p0 ? '<!channel> ' : ''}${m.subject}${from} — status Investigating.\nWar room: ${m.warRoom}`;
  const chat = chatNotification(deps.config.chatWebhookUrl, {
    idempotencyKey: `incident:${incident.id}:declared:chat`,
    template: 'incident_declared',
    text,
    incidentId: incident.id,
  });
  if (chat) await enqueueNotifications(tx, now, [chat]);
}

export const RoleInput = z.object({
  incidentId: id('an incident'),
  userId: id('a user'),
  role: z.enum(['INCIDENT_COMMANDER', ...Object.values(IncidentRoleKind)] as [string, ...string[]]),
});
export type RoleInput = z.input<typeof RoleInput>;
const ROLE_WORDS: Record<string, string> = {
  INCIDENT_COMMANDER: 'incident commander',
  SCRIBE: 'scribe',
  COMMUNICATIONS_LEAD: 'communications lead',
  RESPONDER: 'responder',
};

/** Gives someone a role. There is exactly one incident commander: a second one is refused (hand over instead). */
export async function assignIncidentRole(deps: Deps, actor: Actor | null, raw: RoleInput): Promise<Incident> {
  const input = parseInput(RoleInput, raw);
  return transact(deps, async (tx, emit) => {
    const incident = await loadIncident(tx, input.incidentId, 'roles are closed');
    const user = await staffMember(tx, input.userId, 'input.userId');
    const author = await authorOf(tx, actor?.userId);
    const now = deps.clock.now();
    if (input.role === 'INCIDENT_COMMANDER') {
      if (incident.incidentCommanderId) {
        const current = await authorOf(tx, incident.incidentCommanderId);
        throw fieldError('input.role', `${current?.name ?? 'someone'} is already the incident commander; there is one at a time: hand over command instead`);
      }
      return setCommander(tx, emit, deps, incident, user, author, `${user.name} is incident commander.`);
    }
    const role = input.role as IncidentRoleKind;
    const holders = await tx.incidentRole.findMany({ where: { incidentId: incident.id, role, endedAt: null }, include: { user: { select: { name: true } } } });
    if (holders.some((h) => h.userId === user.id)) throw fieldError('input.userId', `${user.name} is already ${ROLE_WORDS[role]}`);
    let body = `${user.name} is ${ROLE_WORDS[role]}.`;
    if (role !== 'RESPONDER' && holders.length) {
      await tx.incidentRole.updateMany({ where: { id: { in: holders.map((h) => h.id) } }, data: { endedAt: now } });
      body = `${user.name} takes over as ${ROLE_WORDS[role]} from ${holders.map((h) => h.user.name).join(', ')}.`;
    }
    await tx.incidentRole.create({ data: { incidentId: incident.id, userId: user.id, role, assignedAt: now } });
    await addEntry(tx, emit, deps, incident, 'ROLE_CHANGE', body, author);
    const updated = await tx.incident.update({ where: { id: incident.id }, data: { updatedAt: now } });
    emit({
      topic: 'incidents',
      type: 'INCIDENT_ROLE_ASSIGNED',
      entityType: 'Incident',
      entityId: incident.id,
      payload: { incident: incidentSnapshot(updated), userId: user.id, role },
    });
    return updated;
  });
}

export const HandOverInput = z.object({ incidentId: id('an incident'), userId: id('a user'), note: text(1000).optional().nullable() });
export type HandOverInput = z.input<typeof HandOverInput>;

/** Hands incident command to someone else; the timeline records the handover. */
export async function handOverIncidentCommand(deps: Deps, actor: Actor | null, raw: HandOverInput): Promise<Incident> {
  const input = parseInput(HandOverInput, raw);
  return transact(deps, async (tx, emit) => {
    const incident = await loadIncident(tx, input.incidentId, 'command is closed');
    const user = await staffMember(tx, input.userId, 'input.userId');
    if (incident.incidentCommanderId === user.id) throw fieldError('input.userId', `${user.name} is already the incident commander`);
    const previous = await authorOf(tx, incident.incidentCommanderId);
    const author = await authorOf(tx, actor?.userId);
    const body = previous ? `${previous.name} hands incident command to ${user.name}.` : `${user.name} is incident commander.`;
    return setCommander(tx, emit, deps, incident, user, author, input.note ? `${body} ${input.note}` : body);
  });
}

async function setCommander(
  tx: Parameters<typeof addEntry>[0],
  emit: Parameters<typeof addEntry>[1],
  deps: Deps,
  incident: Incident,
  user: { id: string; name: string },
  author: { id: string; name: string } | null,
  body: string,
): Promise<Incident> {
  const now = deps.clock.now();
  const updated = await tx.incident.update({ where: { id: incident.id }, data: { incidentCommanderId: user.id, updatedAt: now } });
  await tickChecklist(tx, incident.id, 'assign_incident_commander', author?.id ?? null, now);
  await addEntry(tx, emit, deps, incident, 'ROLE_CHANGE', body, author);
  emit({
    topic: 'incidents',
    type: 'INCIDENT_COMMANDER_CHANGED',
    entityType: 'Incident',
    entityId: incident.id,
    payload: { incident: incidentSnapshot(updated), fromUserId: incident.incidentCommanderId, toUserId: user.id },
  });
  return updated;
}

/** The status path; MONITORING needs the fix or rollback, RESOLVED needs the 2 h of monitoring behind it. */
const NEXT_STATUS: Record<IncidentStatus, readonly IncidentStatus[]> = {
  INVESTIGATING: ['IDENTIFIED', 'MONITORING'],
  IDENTIFIED: ['INVESTIGATING', 'MONITORING'],
  MONITORING: ['INVESTIGATING', 'RESOLVED'],
  RESOLVED: [],
};

export const StatusInput = z.object({
  incidentId: id('an incident'),
  status: z.enum(IncidentStatus),
  note: text(5000).optional().nullable(),
  resolution: z.enum(ResolutionKind).optional().nullable(),
  notifyRequesters: z.boolean().optional().nullable(),
});
export type StatusInput = z.input<typeof StatusInput>;

export async function setIncidentStatus(deps: Deps, actor: Actor | null, raw: StatusInput): Promise<Incident> {
  const input = parseInput(StatusInput, raw);
  return transact(deps, async (tx, emit) => {
    const incident = await loadIncident(tx, input.incidentId, 'its status cannot change any more');
    const now = deps.clock.now();
    if (input.status === incident.status) throw fieldError('input.status', `incident #${incident.number} is already ${incident.status}`);
    if (!NEXT_STATUS[incident.status].includes(input.status)) {
      throw fieldError('input.status', `a ${incident.status} incident cannot become ${input.status} (allowed: ${NEXT_STATUS[incident.status].join(', ')})`);
    }
    const data: Parameters<typeof tx.incident.update>[0]['data'] = { status: input.status, updatedAt: now };
    let body = `Status ${STATUS_WORDS[incident.status]} → ${STATUS_WORDS[input.status]}`;
    if (input.status === 'IDENTIFIED' && !incident.identifiedAt) data.identifiedAt = now;
    if (input.status === 'MONITORING') {
      if (!input.resolution) throw fieldError('input.resolution', 'say whether a FIX or a ROLLBACK went out before monitoring');
      if (!input.note) throw fieldError('input.note', 'describe the fix or rollback');
      Object.assign(data, {
        resolutionKind: input.resolution,
        resolutionNote: input.note,
        monitoringAt: now,
        monitoringUntil: new Date(now.getTime() + MONITORING_MINUTES * MINUTE_MS),
      });
      body += ` after a ${input.resolution === 'ROLLBACK' ? 'rollback' : 'fix'}; monitoring for 2 hours`;
    }
    if (input.status === 'INVESTIGATING') Object.assign(data, { monitoringAt: null, monitoringUntil: null });
    if (input.status === 'RESOLVED') {
      if (incident.monitoringUntil && now < incident.monitoringUntil) {
        const left = Math.ceil((incident.monitoringUntil.getTime() - now.getTime()) / MINUTE_MS);
        throw fieldError(
          'input.status',
          `monitoring runs until ${incident.monitoringUntil.toISOString()} (${left} min left): resolve after 2 hours without trouble`,
        );
      }
      Object.assign(data, { resolvedAt: now, nextInternalUpdateDueAt: null, nextStatusPageUpdateDueAt: null });
    }
    const updated = await tx.incident.update({ where: { id: incident.id }, data });
    const author = await authorOf(tx, actor?.userId);
    await addEntry(tx, emit, deps, updated, 'STATUS_CHANGE', input.note ? `${body}: ${input.note}` : `${body}.`, author);
    emit({
      topic: 'incidents',
      type: 'INCIDENT_STATUS_CHANGED',
      entityType: 'Incident',
      entityId: incident.id,
      payload: { incident: incidentSnapshot(updated), from: incident.status, to: input.status },
    });
    if (input.status === 'RESOLVED') {
      await resolvePages(tx, emit, deps, { incidentId: incident.id });
      await createPostmortemIn(tx, emit, deps, updated);
      const notified = input.notifyRequesters === false ? 0 : await notifyRequestersIn(tx, deps, updated, author);
      emit({
        topic: 'incidents',
        type: 'INCIDENT_RESOLVED',
        entityType: 'Incident',
        entityId: incident.id,
        payload: { incident: incidentSnapshot(updated), requestersNotified: notified },
      });
    }
    return updated;
  });
}

export const LinkInput = z.object({ incidentId: id('an incident'), ticketId: id('a ticket') });
export type LinkInput = z.input<typeof LinkInput>;

/** Links a ticket (another user reporting the same outage); users impacted is the sum over linked tickets. */
export async function linkIncidentTicket(deps: Deps, actor: Actor | null, raw: LinkInput): Promise<Incident> {
  const input = parseInput(LinkInput, raw);
  return transact(deps, async (tx, emit) => {
    const incident = await loadIncident(tx, input.incidentId, 'link tickets to an active incident');
    const ticket = await tx.ticket.findUnique({ where: { id: input.ticketId } });
    if (!ticket) throw fieldError('input.ticketId', 'no ticket with that id');
    const number = formatTicketNumber(deps.config.ticketPrefix, ticket.number);
    if (await tx.incidentTicket.findUnique({ where: { incidentId_ticketId: { incidentId: incident.id, ticketId: ticket.id } } })) {
      throw fieldError('input.ticketId', `${number} is already linked to incident #${incident.number}`);
    }
    const now = deps.clock.now();
    await tx.incidentTicket.create({ data: { incidentId: incident.id, ticketId: ticket.id, linkedAt: now } });
    const linked = await tx.ticket.findMany({ where: { incidents: { some: { incidentId: incident.id } } }, select: { usersImpacted: true } });
    const usersImpacted = linked.reduce((sum, t) => sum + (t.usersImpacted ?? 1), 0);
    const updated = await tx.incident.update({ where: { id: incident.id }, data: { usersImpacted, updatedAt: now } });
    await addEntry(
      tx,
      emit,
      deps,
      incident,
      'LINKED_TICKET',
      `${number} linked: ${ticket.title} (${linked.length} tickets, ${usersImpacted} users impacted)`,
      await authorOf(tx, actor?.userId),
    );
    emit({
      topic: 'incidents',
      type: 'INCIDENT_TICKET_LINKED',
      entityType: 'Incident',
      entityId: incident.id,
      payload: { incident: incidentSnapshot(updated), ticketId: ticket.id },
    });
    return updated;
  });
}

export interface WallboardIncident {
  id: string;
  number: number;
  title: string;
  severity: Priority;
  status: IncidentStatus;
  commanderName: string | null;
  declaredAt: Date;
  /** The sooner of the next internal and the next status page update. */
  nextUpdateDueAt: Date | null;
  monitoringUntil: Date | null;
  lastEntries: { kind: TimelineEntryKind; body: string; authorName: string | null; createdAt: Date }[];
}

export interface WallboardPostmortem {
  incidentId: string;
  number: number;
  title: string;
  dueAt: Date;
}

/** The war rooms and overdue post-mortems for the wallboard (one call per snapshot). */
export async function wallboardIncidents(deps: Deps): Promise<{ activeIncidents: WallboardIncident[]; overduePostmortems: WallboardPostmortem[] }> {
  const [active, overdue] = await Promise.all([
    deps.prisma.incident.findMany({
      where: { status: { not: 'RESOLVED' } },
      orderBy: [{ severity: 'asc' }, { declaredAt: 'asc' }],
      take: 10,
      include: {
        incidentCommander: { select: { name: true } },
        timeline: { orderBy: [{ createdAt: 'desc' }, { seq: 'desc' }], take: 3, include: { author: { select: { name: true } } } },
      },
    }),
    deps.prisma.postmortem.findMany({
      where: { status: 'DRAFT', dueAt: { lte: deps.clock.now() } },
      orderBy: { dueAt: 'asc' },
      take: 10,
      include: { incident: { select: { number: true, title: true } } },
    }),
  ]);
  const sooner = (a: Date | null, b: Date | null) => (a && b ? (a < b ? a : b) : (a ?? b));
  return {
    activeIncidents: active.map((i) => ({
      id: i.id,
      number: i.number,
      title: i.title,
      severity: i.severity,
      status: i.status,
      commanderName: i.incidentCommander?.name ?? null,
      declaredAt: i.declaredAt,
      nextUpdateDueAt: sooner(i.nextInternalUpdateDueAt, i.nextStatusPageUpdateDueAt),
      monitoringUntil: i.monitoringUntil,
      lastEntries: i.timeline.reverse().map((e) => ({ kind: e.kind, body: e.body, authorName: e.author?.name ?? null, createdAt: e.createdAt })),
    })),
    overduePostmortems: overdue.map((p) => ({ incidentId: p.incidentId, number: p.incident.number, title: p.incident.title, dueAt: p.dueAt })),
  };
}
