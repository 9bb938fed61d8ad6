// Post-mortem within 48 hours of resolution, prefilled from the incident; and, at resolution, the
// resolution notice to everyone whose ticket is linked to the incident.
import type { Incident, Postmortem } from '@opsboard/db';
import { z } from 'zod';
import type { Emit, Tx } from '../platform/events.ts';
import { fieldError, parseInput } from '../platform/errors.ts';
import { type Deps, transact } from '../platform/db.ts';
import type { Actor } from '../auth/service.ts';
import { renderTemplate } from '../templates/placeholders.ts';
import { formatDuration, loadIncident, POSTMORTEM_DUE_HOURS, STATUS_WORDS } from './model.ts';
import { enqueueNotifications } from '../notifications/service.ts';
import { formatTicketNumber } from '../tickets/model.ts';

const KIND_WORDS: Record<string, string> = {
  NOTE: 'note',
  ACTION: 'action',
  INTERNAL_UPDATE: 'internal update',
  STATUS_PAGE_UPDATE: 'status page',
  ROLE_CHANGE: 'role',
  STATUS_CHANGE: 'status',
  LINKED_TICKET: 'ticket',
};

/** The template's sections, filled from what the incident recorded. */
export async function prefill(
  tx: Tx,
  deps: Deps,
  incident: Incident,
): Promise<Pick<Postmortem, 'summary' | 'impact' | 'timeline' | 'rootCause' | 'wentWell' | 'wentBadly'>> {
  // One after the other: a transaction is one connection, where concurrent queries only queue (and pg deprecates them).
  const entries = await tx.incidentTimelineEntry.findMany({
    where: { incidentId: incident.id },
    orderBy: [{ createdAt: 'asc' }, { seq: 'asc' }],
    include: { author: { select: { name: true } } },
  });
  const tickets = await tx.ticket.findMany({
    where: { incidents: { some: { incidentId: incident.id } } },
    select: { number: true, requesterId: true },
    orderBy: { number: 'asc' },
  });
  const reminders = await tx.event.count({ where: { entityType: 'Incident', entityId: incident.id, type: 'INCIDENT_UPDATE_OVERDUE' } });
  const resolvedAt = incident.resolvedAt ?? deps.clock.now();
  const how = incident.resolutionKind === 'ROLLBACK' ? 'a rollback' : 'a fix';
  const requesters = new Set(tickets.map((t) => t.requesterId).filter(Boolean)).size;
  const identified = entries.find((e) => e.kind === 'STATUS_CHANGE' && e.body.includes(`→ ${STATUS_WORDS.IDENTIFIED}:`));
  const updates = entries.filter((e) => e.kind === 'INTERNAL_UPDATE').length;
  return {
    summary: `${incident.title}. ${incident.severity} incident #${incident.number}, resolved by ${how}${incident.resolutionNote ? `: ${incident.resolutionNote}` : '.'}`,
    impact: [
      `Duration: ${formatDuration(resolvedAt.getTime() - incident.declaredAt.getTime())} (declared ${incident.declaredAt.toISOString()}, resolved ${resolvedAt.toISOString()}).`,
      `Users affected: ${incident.usersImpacted ?? 'unknown'}.`,
      `Tickets affected: ${tickets.length}${tickets.length ? ` (${tickets.map((t) => formatTicketNumber(deps.config.ticketPrefix, t.number)).join(', ')})` : ''}, from ${requesters} requesters.`,
    ].join('\n'),
    timeline: entries.map((e) => `${e.createdAt.toISOString()} [${KIND_WORDS[e.kind]}] ${e.author?.name ?? 'system'}: ${e.body}`).join('\n'),
    rootCause: identified ? identified.body.slice(identified.body.indexOf(':') + 1).trim() : '',
    wentWell: '',
    wentBadly: reminders ? `Internal updates posted: ${updates}; overdue-update reminders: ${reminders}.` : '',
  };
}

export async function createPostmortemIn(tx: Tx, emit: Emit, deps: Deps, incident: Incident): Promise<Postmortem> {
  const now = deps.clock.now();
  const postmortem = await tx.postmortem.create({
    data: {
      incidentId: incident.id,
      dueAt: new Date(now.getTime() + POSTMORTEM_DUE_HOURS * 3_600_000),
      ...(await prefill(tx, deps, incident)),
      createdAt: now,
      updatedAt: now,
    },
  });
  emit({
    topic: 'incidents',
    type: 'POSTMORTEM_CREATED',
    entityType: 'Incident',
    entityId: incident.id,
    payload: { incidentId: incident.id, number: incident.number, dueAt: postmortem.dueAt.toISOString() },
  });
  return postmortem;
}

/** One resolution notice (outbox row) per linked ticket whose requester has an e-mail address. */
export async function notifyRequestersIn(tx: Tx, deps: Deps, incident: Incident, author: { name: string } | null): Promise<number> {
  const tickets = await tx.ticket.findMany({ where: { incidents: { some: { incidentId: incident.id } } }, include: { requester: true } });
  const template = await tx.responseTemplate.findUnique({ where: { key: 'resolution_notification' } });
  const subject = template?.subject ?? 'Resolved: {{ticket_title}} [{{ticket_number}}]';
  const text = template?.body ?? 'Hi {{requester_name}},\n\nWe have resolved the issue with {{feature}}: {{fix_description}}\n\nBest regards,\n{{agent_name}}';
  let count = 0;
  for (const ticket of tickets) {
    const email = ticket.requester?.email;
    if (!email) continue;
    const values = {
      requester_name: ticket.requester?.name ?? 'there',
      ticket_title: ticket.title,
      ticket_number: formatTicketNumber(deps.config.ticketPrefix, ticket.number),
      // Customers read the public title (or their own ticket's), never the internal one.
      feature: incident.publicTitle ?? ticket.title,
      fix_description: incident.resolutionNote ?? (incident.resolutionKind === 'ROLLBACK' ? 'We rolled back the change that caused it.' : 'We deployed a fix.'),
      verify_steps: 'what you were doing when it failed',
      agent_name: author?.name ?? 'The support team',
    };
    await enqueueNotifications(tx, deps.clock.now(), [
      {
        idempotencyKey: `incident:${incident.id}:resolved:${ticket.id}`,
        channel: 'EMAIL',
        recipient: email,
        template: 'resolution_notification',
        subject: renderTemplate(subject, values),
        body: renderTemplate(text, values),
        ticketId: ticket.id,
        incidentId: incident.id,
        payload: { incidentNumber: incident.number },
      },
    ]);
    count += 1;
  }
  return count;
}

const section = z.string().trim().max(20_000, 'must be at most 20000 characters');
export const PostmortemInput = z.object({
  incidentId: z.uuid('must be an incident id'),
  summary: section.optional().nullable(),
  impact: section.optional().nullable(),
  timeline: section.optional().nullable(),
  rootCause: section.optional().nullable(),
  wentWell: section.optional().nullable(),
  wentBadly: section.optional().nullable(),
  actionItems: z
    .array(
      z.object({
        description: z.string().trim().min(1, 'must not be empty').max(1000),
        ownerId: z.uuid('must be a user id'),
        dueAt: z.date().optional().nullable(),
      }),
    )
    .max(50)
    .optional()
    .nullable(),
  publish: z.boolean().optional().nullable(),
});
export type PostmortemInput = z.input<typeof PostmortemInput>;

/** Writes the post-mortem; it exists only once the incident is resolved. Action items are replaced as given. */
export async function updatePostmortem(deps: Deps, _actor: Actor | null, raw: PostmortemInput): Promise<Postmortem> {
  const input = parseInput(PostmortemInput, raw);
  return transact(deps, async (tx, emit) => {
    const incident = await loadIncident(tx, input.incidentId);
    const current = await tx.postmortem.findUnique({ where: { incidentId: incident.id }, include: { actionItems: true } });
    if (incident.status !== 'RESOLVED' || !current) {
      throw fieldError('input.incidentId', `incident #${incident.number} is ${incident.status}: the post-mortem starts when it is resolved`);
    }
    if (current.status === 'PUBLISHED') throw fieldError('input.incidentId', `the post-mortem of incident #${incident.number} is published`);
    const now = deps.clock.now();
    if (input.actionItems) {
      const owners = new Set(input.actionItems.map((a) => a.ownerId));
      if ((await tx.user.count({ where: { id: { in: [...owners] }, active: true } })) !== owners.size) {
        throw fieldError('input.actionItems', 'every action item needs an owner who is an active user');
      }
      await tx.postmortemActionItem.deleteMany({ where: { postmortemId: current.id } });
      await tx.postmortemActionItem.createMany({
        data: input.actionItems.map((a) => ({ postmortemId: current.id, description: a.description, ownerId: a.ownerId, dueAt: a.dueAt ?? null })),
      });
    }
    const { incidentId: _id, actionItems: _items, publish, ...sections } = input;
    const changes = Object.fromEntries(Object.entries(sections).filter(([, v]) => v !== undefined && v !== null));
    if (publish) {
      const rootCause = (changes.rootCause as string | undefined) ?? current.rootCause;
      if (!rootCause.trim()) throw fieldError('input.rootCause', 'a post-mortem is published with its root cause');
      const items = input.actionItems?.length ?? current.actionItems.length;
      if (!items) throw fieldError('input.actionItems', 'a post-mortem is published with at least one action item with an owner');
    }
    const postmortem = await tx.postmortem.update({
      where: { id: current.id },
      data: { ...changes, updatedAt: now, ...(publish ? { status: 'PUBLISHED', publishedAt: now } : {}) },
    });
    emit({
      topic: 'incidents',
      type: publish ? 'POSTMORTEM_PUBLISHED' : 'POSTMORTEM_UPDATED',
      entityType: 'Incident',
      entityId: incident.id,
      payload: { incidentId: incident.id, number: incident.number, status: postmortem.status, dueAt: postmortem.dueAt.toISOString() },
    });
    return postmortem;
  });
}
