// Escalation (the guide's "Escalation Procedures"): the path L1 support → L2 engineering → L3 senior
// engineer / tech lead → MANAGEMENT, by hand with the guide's escalation template, automatically on
// P0, on more than 10 users impacted and after 4 hours without progress; and the guide's "send to"
// rules, which decide who hears about an escalation and how.
import { type Escalation, EscalationLevel, type EscalationReason, Prisma, Priority, type Ticket } from '@opsboard/db';
import { z } from 'zod';
import type { Emit, Tx } from '../platform/events.ts';
import { runExclusive } from '../platform/jobs.ts';
import { fieldError, notFound, parseInput } from '../platform/errors.ts';
import { type Deps, transact } from '../platform/db.ts';
import { renderTemplate } from '../templates/placeholders.ts';
import type { Actor } from '../auth/service.ts';
import { chatNotification, enqueueNotifications, ticketUrl } from '../notifications/service.ts';
import { getOnCall } from '../oncall/service.ts';
import { findRecipients, notifyUsers, type Recipient, uniqueRecipients } from '../notifications/preferences.ts';
import { assertFilled } from '../templates/service.ts';
import { formatTicketNumber, OPEN_STATUSES, ticketSnapshot } from '../tickets/model.ts';
import { type SensitiveFlag, type SensitiveReason, sensitiveFlags, suggestPriority } from '../triage/rules.ts';
import { text } from '../platform/validation.ts';
import {
  autoEscalationTarget,
  defaultLevelFor,
  isSensitive,
  LEVEL_PATH,
  levelRank,
  type AutomaticReason,
  LEVEL_WORDS,
  NO_PROGRESS_MS,
  NO_PROGRESS_PRIORITIES,
  NO_PROGRESS_STATUSES,
  reasonWords,
  type SendTo,
  sendToRules,
  urgencyOf,
  USERS_IMPACTED_THRESHOLD,
} from './rules.ts';

/** The guide's escalation template; `ticket` is the ticket escalated and `user` defaults to its requester. */
export const EscalateInput = z.object({
  priority: z.enum(Priority).optional().nullable(),
  user: text(300).optional().nullable(),
  issue: text(5_000),
  impact: text(1_000),
  attempted: text(5_000),
  needed: text(2_000),
  timeline: text(300),
  /** Logs, screenshots, user messages. */
  details: text(20_000).optional().nullable(),
  /** The subject's brief description; the ticket title when left out. */
  summary: text(200).optional().nullable(),
  reason: z.enum(['MANUAL', 'UPSET_USER', 'SECURITY', 'PRESS', 'EXPERTISE'], 'must be MANUAL, UPSET_USER, SECURITY, PRESS or EXPERTISE').optional().nullable(),
  /** The next level when left out; a level may be skipped (e.g. legal → MANAGEMENT). */
  toLevel: z.enum(EscalationLevel).optional().nullable(),
  assigneeId: z.uuid('must be a user id').optional().nullable(),
});
export type EscalateInput = z.input<typeof EscalateInput>;

export interface EscalationFields {
  priority: Priority;
  user: string | null;
  issue: string;
  impact: string;
  attempted: string;
  needed: string;
  timeline: string;
  details: string | null;
  summary: string | null;
}

interface EscalateOptions {
  reason: EscalationReason;
  automatic: boolean;
  toLevel: EscalationLevel;
  fields: EscalationFields;
  assigneeId: string | null;
}

/** The escalation mutation: validates the template, moves the ticket up a level, tells the people the send-to rules name. */
export async function escalateTicket(deps: Deps, actor: Actor | null, id: string, raw: EscalateInput): Promise<Escalation> {
  const input = parseInput(EscalateInput, raw);
  return transact(deps, async (tx, emit) => {
    const ticket = await tx.ticket.findUnique({ where: { id } });
    if (!ticket) throw notFound(`Ticket ${id}`);
    const number = formatTicketNumber(deps.config.ticketPrefix, ticket.number);
    if (!OPEN_STATUSES.includes(ticket.status)) throw fieldError('id', `${number} is ${ticket.status}: reopen it before escalating`);
    const next = defaultLevelFor(input.reason ?? 'MANUAL', ticket.escalationLevel);
    if (!next)
      throw fieldError('id', `${number} is already at MANAGEMENT, the top of the escalation path (${LEVEL_PATH}): there is no one left to escalate to`);
    const toLevel = input.toLevel ?? next;
    if (levelRank(toLevel) <= levelRank(ticket.escalationLevel)) {
      throw fieldError('input.toLevel', `must be above ${number}'s current level ${ticket.escalationLevel} (${LEVEL_PATH})`);
    }
    const priority = input.priority ?? ticket.priority;
    if (!priority) throw fieldError('input.priority', `required: ${number} has no priority yet (P0, P1, P2 or P3)`);
    if (input.assigneeId) {
      const assignee = await tx.user.findUnique({ where: { id: input.assigneeId }, select: { active: true, role: true } });
      if (!assignee?.active) throw fieldError('input.assigneeId', 'no active user with that id');
      if (assignee.role === 'VIEWER') throw fieldError('input.assigneeId', 'a viewer cannot take an escalation');
    }
    const fields: EscalationFields = {
      priority,
      user: input.user ?? null,
      issue: input.issue,
      impact: input.impact,
      attempted: input.attempted,
      needed: input.needed,
      timeline: input.timeline,
      details: input.details ?? null,
      summary: input.summary ?? null,
    };
    return escalateIn(tx, emit, deps, actor, ticket, {
      reason: input.reason ?? 'MANUAL',
      automatic: false,
      toLevel,
      fields,
      assigneeId: input.assigneeId ?? null,
    });
  });
}

async function requesterLine(tx: Tx, ticket: Ticket): Promise<{ name: string; contact: string }> {
  const r = ticket.requesterId ? await tx.requester.findUnique({ where: { id: ticket.requesterId } }) : null;
  return { name: r?.name ?? r?.handle ?? 'Unknown', contact: r?.email ?? r?.handle ?? 'no contact details' };
}

/** Records one escalation in the caller's transaction: the row, the ticket's new level, its history, the send-to notifications, the event. */
export async function escalateIn(tx: Tx, emit: Emit, deps: Deps, actor: Actor | null, ticket: Ticket, o: EscalateOptions): Promise<Escalation> {
  const now = deps.clock.now();
  const number = formatTicketNumber(deps.config.ticketPrefix, ticket.number);
  const requester = await requesterLine(tx, ticket);
  const template = await tx.responseTemplate.findUnique({ where: { key: 'escalation' } });
  const values: Record<string, string> = {
    priority: o.fields.priority,
    brief_description: o.fields.summary ?? ticket.title,
    ticket_number: number,
    ticket_title: ticket.title,
    requester_name: o.fields.user ?? requester.name,
    requester_contact: o.fields.user ? '' : requester.contact,
    issue: o.fields.issue,
    impact: o.fields.impact,
    attempted: o.fields.attempted,
    needed: o.fields.needed,
    timeline: o.fields.timeline,
    details: o.fields.details ?? '',
  };
  const subject = renderTemplate(template?.subject ?? 'ESCALATION: {{priority}} - {{brief_description}}', values);
  const body = renderTemplate(template?.body ?? 'Priority: {{priority}}\nTicket: {{ticket_number}}\nIssue: {{issue}}\nNeeded: {{needed}}', values)
    .replace(/ \/ $/m, '')
    .trimEnd();
  if (!o.automatic) {
    assertFilled(subject, 'input.summary', values);
    assertFilled(body, 'input.details', values);
  }
  const rules = sendToRules(o.fields.priority, o.reason);
  const user = o.fields.user ?? `${requester.name} / ${requester.contact}`;
  const escalation = await tx.escalation.create({
    data: {
      ticketId: ticket.id,
      fromLevel: ticket.escalationLevel,
      toLevel: o.toLevel,
      reason: o.reason,
      automatic: o.automatic,
      template: {
        priority: o.fields.priority,
        ticket: number,
        user,
        issue: o.fields.issue,
        impact: o.fields.impact,
        attempted: o.fields.attempted,
        needed: o.fields.needed,
        timeline: o.fields.timeline,
        details: o.fields.details,
        subject,
        body,
      },
      escalatedById: actor?.userId ?? null,
      assignedToId: o.assigneeId,
      agenda: rules.agenda,
      createdAt: now,
    },
  });
  const updated = await tx.ticket.update({ where: { id: ticket.id }, data: { escalationLevel: o.toLevel, updatedAt: now } });
  await tx.ticketActivity.create({
    data: {
      ticketId: ticket.id,
      actorId: actor?.userId ?? null,
      action: 'escalated',
      field: 'escalationLevel',
      fromValue: ticket.escalationLevel,
      toValue: o.toLevel,
      data: { escalationId: escalation.id, reason: o.reason, automatic: o.automatic, priority: o.fields.priority, agenda: rules.agenda },
      createdAt: now,
    },
  });
  const notified = await notifySendTo(tx, deps, actor, updated, escalation, { subject, body, rules });
  emit({
    topic: 'escalations',
    type: 'TICKET_ESCALATED',
    entityType: 'Ticket',
    entityId: ticket.id,
    payload: {
      ticket: ticketSnapshot(deps, updated),
      escalation: {
        id: escalation.id,
        fromLevel: escalation.fromLevel,
        toLevel: escalation.toLevel,
        reason: escalation.reason,
        automatic: escalation.automatic,
        priority: o.fields.priority,
        agenda: rules.agenda,
        assignedToId: o.assigneeId,
        createdAt: now.toISOString(),
      },
      notifiedUserIds: notified,
    },
  });
  return escalation;
}

/** The guide's "send to" rules as outbox rows (people through their preferences and quiet hours). Returns who was told. */
async function notifySendTo(
  tx: Tx,
  deps: Deps,
  actor: Actor | null,
  ticket: Ticket,
  escalation: Escalation,
  m: { subject: string; body: string; rules: SendTo },
): Promise<string[]> {
  const now = deps.clock.now();
  const number = formatTicketNumber(deps.config.ticketPrefix, ticket.number);
  const link = ticketUrl(deps.config.publicUrl, number);
  const key = `escalation:${escalation.id}`;
  const assignee = escalation.assignedToId ? await findRecipients(tx, { id: escalation.assignedToId }) : [];
  const common = { template: 'escalation', subject: m.subject, ticketId: ticket.id, eventType: 'ESCALATION' };
  const mail = `${m.body}\n\nOpen the ticket: ${link}`;
  let told: (Recipient & { name: string })[];

  const urgent = m.rules.urgent;
  if (m.rules.people === 'LEADS_AND_MANAGEMENT' || m.rules.people === 'MANAGEMENT') {
    const wide = m.rules.people === 'LEADS_AND_MANAGEMENT';
    const onCallNow = wide ? (await getOnCall(deps, null, tx))?.now?.user : null;
    const team = await findRecipients(tx, { role: { in: wide ? ['LEAD', 'MANAGER'] : ['MANAGER'] } });
    const onCall = onCallNow ? await findRecipients(tx, { id: onCallNow.id }) : [];
    told = uniqueRecipients([...assignee, ...team, ...onCall], actor?.userId);
    await notifyUsers(tx, now, told, { ...common, channel: 'EMAIL', body: mail, urgent, key: `${key}:email` });
  } else if (m.rules.people === 'TECH_LEAD') {
    const leads = assignee.length ? assignee : await findRecipients(tx, { role: 'LEAD' });
    told = uniqueRecipients(leads, actor?.userId);
    await notifyUsers(tx, now, told, { ...common, channel: 'EMAIL', body: mail, urgent, key: `${key}:email` });
  } else {
    const owner = ticket.ownerId ? await findRecipients(tx, { id: ticket.ownerId }) : [];
    told = uniqueRecipients(assignee.length ? assignee : owner, actor?.userId);
    await notifyUsers(tx, now, told, { ...common, channel: 'IN_APP', body: mail, urgent, key: `${key}:in-app` });
  }

  // A chat message naming each person told; a sensitive escalation carries the whole template.
  if (m.rules.chat === 'DIRECT' && deps.config.chatWebhookUrl) {
    const template = isSensitive(escalation.reason) ? `${m.body}\n` : '';
    for (const person of told) {
      const text = `@${person.name}: ${m.subject} (escalated to ${LEVEL_WORDS[escalation.toLevel]})\n${template}${link}`;
      await notifyUsers(tx, now, [person], { ...common, channel: 'CHAT', body: text, payload: { text }, urgent, key: `${key}:chat` });
    }
  }

  if (m.rules.chat === 'CHANNEL') {
    const text = `<!channel> ${m.subject}\n${number} escalated ${escalation.fromLevel} → ${escalation.toLevel} (${reasonWords(escalation.reason)}).\n${link}`;
    const chat = chatNotification(deps.config.chatWebhookUrl, { idempotencyKey: `${key}:channel`, template: 'escalation', text, ticketId: ticket.id });
    if (chat) await enqueueNotifications(tx, now, [chat]);
  }
  return told.map((u) => u.id);
}

const NEEDED: Record<AutomaticReason | SensitiveReason, string> = {
  P0: 'All hands: senior engineering and management, a fix or a rollback',
  USERS_IMPACTED: 'Engineering to take over the investigation',
  NO_PROGRESS: 'Help to move this forward',
  SECURITY: 'Management, the tech leads and the on-call engineer to assess the security or privacy concern now',
  UPSET_USER: 'Management to decide how to answer a user threatening legal action',
  PRESS: 'Management to decide who answers the media or press inquiry',
};

/** The template an automatic escalation fills in from the ticket. */
function automaticFields(ticket: Ticket, reason: AutomaticReason | SensitiveReason, now: Date, flags: SensitiveFlag[] = []): EscalationFields {
  const priority = ticket.priority ?? suggestPriority(ticket).priority;
  const hours = ticket.lastProgressAt ? Math.floor((now.getTime() - ticket.lastProgressAt.getTime()) / 3_600_000) : 0;
  return {
    priority,
    user: null,
    issue: (
      ticket.description
        .split('\n')
        .map((l) => l.trim())
        .find(Boolean) ?? ticket.title
    ).slice(0, 1000),
    impact: ticket.usersImpacted ? `${ticket.usersImpacted} users impacted` : 'Number of users impacted not known yet',
    attempted:
      reason === 'NO_PROGRESS'
        ? `Worked on since ${ticket.createdAt.toISOString()}; no progress for ${hours} hours`
        : flags.length
          ? 'Nothing yet: escalated on arrival'
          : 'Automatic escalation: see the ticket history',
    needed: NEEDED[reason],
    timeline: flags.length ? 'Immediate' : urgencyOf(priority),
    details: flags.length
      ? `Escalated automatically on arrival: ${flags.map((f) => `${f.trigger} (${f.words.map((w) => `"${w}"`).join(', ')})`).join('; ')}.`
      : `Escalated automatically: ${reasonWords(reason)}.`,
    summary: null,
  };
}

async function autoEscalate(tx: Tx, emit: Emit, deps: Deps, ticket: Ticket, reason: AutomaticReason): Promise<Ticket> {
  const toLevel = autoEscalationTarget(reason, ticket.escalationLevel);
  if (!toLevel) return ticket;
  await escalateIn(tx, emit, deps, null, ticket, {
    reason,
    automatic: true,
    toLevel,
    fields: automaticFields(ticket, reason, deps.clock.now()),
    assigneeId: null,
  });
  return tx.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
}

/**
 * The automatic escalations a change triggers (called in the transaction of every ticket change):
 * the ticket became P0, or its users impacted went above 10. Each happens once per ticket.
 */
export async function escalateOnChange(tx: Tx, emit: Emit, deps: Deps, before: Ticket | null, ticket: Ticket): Promise<Ticket> {
  if (!OPEN_STATUSES.includes(ticket.status)) return ticket;
  const becameP0 = ticket.priority === 'P0' && before?.priority !== 'P0';
  const many = (n: number | null | undefined) => (n ?? 0) > USERS_IMPACTED_THRESHOLD;
  const becameMany = many(ticket.usersImpacted) && !many(before?.usersImpacted);
  if (!becameP0 && !becameMany) return before ? ticket : escalateSensitiveArrival(tx, emit, deps, ticket);
  const done = new Set(
    (await tx.escalation.findMany({ where: { ticketId: ticket.id, automatic: true, reason: { in: ['P0', 'USERS_IMPACTED'] } }, select: { reason: true } })).map(
      (e) => e.reason,
    ),
  );
  let current = ticket;
  if (becameP0 && !done.has('P0')) current = await autoEscalate(tx, emit, deps, current, 'P0');
  if (becameMany && !done.has('USERS_IMPACTED')) current = await autoEscalate(tx, emit, deps, current, 'USERS_IMPACTED');
  if (!before) current = await escalateSensitiveArrival(tx, emit, deps, current);
  return current;
}

/**
 * "Escalate immediately": a new ticket whose words show a security or privacy concern, a legal threat
 * or a press inquiry goes to MANAGEMENT at once, whatever its priority and the hour, once, with the
 * first of those reasons (security, legal, press) and every trigger found in its details.
 */
async function escalateSensitiveArrival(tx: Tx, emit: Emit, deps: Deps, ticket: Ticket): Promise<Ticket> {
  if (ticket.isSpam || ticket.isTest || ticket.escalationLevel === 'MANAGEMENT') return ticket;
  const flags = sensitiveFlags(ticket);
  const first = flags[0];
  if (!first) return ticket;
  await escalateIn(tx, emit, deps, null, ticket, {
    reason: first.reason,
    automatic: true,
    toLevel: 'MANAGEMENT',
    fields: automaticFields(ticket, first.reason, deps.clock.now(), flags),
    assigneeId: null,
  });
  return tx.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
}

/** At most this many tickets per run of the job; the rest wait a minute. */
const NO_PROGRESS_BATCH = 200;

export const ESCALATION_SWEEP_JOB = 'ticket-escalations';

/**
 * The minute job: a triaged or in-progress ticket of any priority with no progress for 4 hours
 * escalates one level, once per stall (progress since the last NO_PROGRESS escalation starts a new
 * count). A ticket waiting on its user is not stalled by us.
 */
export async function runEscalationSweep(deps: Deps): Promise<{ escalated: number; ran: boolean }> {
  const result = await runExclusive(deps, ESCALATION_SWEEP_JOB, async (tx, emit) => {
    const now = deps.clock.now();
    const cutoff = new Date(now.getTime() - NO_PROGRESS_MS);
    // Stalled and not yet escalated for this stall: no NO_PROGRESS escalation since the last progress.
    const ids = await tx.$queryRaw<{ id: string }[]>`
      SELECT t.id FROM "Ticket" AS t
       WHERE t.status::text IN (${Prisma.join(NO_PROGRESS_STATUSES)}) AND t.priority::text IN (${Prisma.join(NO_PROGRESS_PRIORITIES)})
         AND t."escalationLevel" <> 'MANAGEMENT' AND t."lastProgressAt" <= ${cutoff}::timestamptz
         AND NOT EXISTS (SELECT 1 FROM "Escalation" AS e
                          WHERE e."ticketId" = t.id AND e.reason = 'NO_PROGRESS' AND e."createdAt" >= t."lastProgressAt")
       ORDER BY t."lastProgressAt", t.number
       LIMIT ${NO_PROGRESS_BATCH}`;
    if (!ids.length) return 0;
    const stalled = await tx.ticket.findMany({ where: { id: { in: ids.map((r) => r.id) } }, orderBy: [{ lastProgressAt: 'asc' }, { number: 'asc' }] });
    let escalated = 0;
    for (const ticket of stalled) {
      await autoEscalate(tx, emit, deps, ticket, 'NO_PROGRESS');
      escalated += 1;
    }
    return escalated;
  });
  return result.ran ? { escalated: result.result, ran: true } : { escalated: 0, ran: false };
}
