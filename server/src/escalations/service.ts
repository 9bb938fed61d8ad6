// Escalation (the guide's "Escalation Procedures"): the path L1 support → L2 engineering → L3 senior
// engineer / tech lead → MANAGEMENT, by hand with the guide's escalation template, automatically on
// P0, on more than 10 users impacted and after 4 hours without progress; and the guide's "send to"
// rules, which decide who hears about an escalation and how.
import { type Escalation, EscalationAgenda, EscalationLevel, type EscalationReason, Prisma, Priority, type Ticket } from '@opsboard/db';
import { z } from 'zod';
import type { Emit, Tx } from '../platform/events.ts';
import { runExclusive } from '../platform/jobs.ts';
import { fieldError, notFound, parseInput } from '../platform/errors.ts';
import { type Deps, transact } from '../platform/db.ts';
import { renderTemplate } from '../seed/reference.ts';
import type { Actor } from '../auth/service.ts';
import { chatNotification, enqueueNotifications, ticketUrl } from '../notifications/service.ts';
import { getOnCall } from '../oncall/service.ts';
import { findRecipients, notifyUsers, type Recipient, uniqueRecipients } from '../notifications/preferences.ts';
import { assertFilled } from '../templates/service.ts';
import { formatTicketNumber, OPEN_STATUSES, ticketSnapshot } from '../tickets/service.ts';
import { suggestPriority } from '../triage/service.ts';

export const LEVELS: readonly EscalationLevel[] = ['L1', 'L2', 'L3', 'MANAGEMENT'];
export const LEVEL_WORDS: Record<EscalationLevel, string> = {
  L1: 'L1 support team',
  L2: 'L2 engineering team',
  L3: 'L3 senior engineer / tech lead',
  MANAGEMENT: 'management',
};
const PATH = 'L1 → L2 → L3 → MANAGEMENT';

/** The guide's escalation path: who each level is and what it handles (the reference card prints this). */
export const ESCALATION_PATH: readonly { level: EscalationLevel; team: string; handles: string }[] = [
  { level: 'L1', team: 'Support team', handles: 'First response, basic troubleshooting' },
  { level: 'L2', team: 'Engineering team', handles: 'Technical issues, bug fixes' },
  { level: 'L3', team: 'Senior engineer / tech lead', handles: 'Complex issues, architecture decisions' },
  { level: 'MANAGEMENT', team: 'Management', handles: 'Business impact, major incidents, legal' },
];

/** "Impacts multiple users (>10)". */
export const USERS_IMPACTED_THRESHOLD = 10;
/** "You've been working on it for 4+ hours without progress." */
export const NO_PROGRESS_MS = 4 * 60 * 60_000;
const NO_PROGRESS_HOURS = NO_PROGRESS_MS / 3_600_000;
/** Priorities the no-progress sweep escalates (P3: "Escalation: Not required"). */
export const NO_PROGRESS_PRIORITIES: readonly Priority[] = ['P0', 'P1', 'P2'];
/** Statuses in which a ticket counts as stalled (waiting on the user is not stalled by us). */
export const NO_PROGRESS_STATUSES = ['TRIAGED', 'IN_PROGRESS'] as const;

export type AutomaticReason = 'P0' | 'USERS_IMPACTED' | 'NO_PROGRESS';

/**
 * The automatic escalations as data, with their thresholds and where they take a ticket: what
 * escalateOnChange and runEscalationSweep do, and what the reference card prints.
 */
export const AUTOMATIC_ESCALATIONS: readonly { reason: AutomaticReason; when: string; threshold: string; effect: string }[] = [
  { reason: 'P0', when: 'The ticket becomes P0 (critical)', threshold: 'priority P0', effect: 'L3 at least, once' },
  { reason: 'USERS_IMPACTED', when: `It impacts more than ${USERS_IMPACTED_THRESHOLD} users`, threshold: `users impacted > ${USERS_IMPACTED_THRESHOLD}`, effect: 'L2 at least, once' },
  {
    reason: 'NO_PROGRESS',
    when: `${NO_PROGRESS_HOURS}+ hours without progress`,
    threshold: `${NO_PROGRESS_HOURS} h without progress (${NO_PROGRESS_PRIORITIES.join('/')}, ${NO_PROGRESS_STATUSES.map((s) => s.toLowerCase().replace('_', ' ')).join(' or ')})`,
    effect: 'one level up, once per stall',
  },
];

/** The guide's "Escalate immediately if", each with the reason recorded and whether opsboard does it by itself. */
export const ESCALATE_WHEN: readonly { reason: EscalationReason; when: string; automatic: boolean }[] = [
  { reason: 'P0', when: 'The issue is P0 (critical)', automatic: true },
  { reason: 'UPSET_USER', when: 'The user is extremely upset or threatens legal action', automatic: false },
  { reason: 'EXPERTISE', when: 'It needs expertise beyond your knowledge', automatic: false },
  { reason: 'USERS_IMPACTED', when: `It impacts more than ${USERS_IMPACTED_THRESHOLD} users`, automatic: true },
  { reason: 'PRESS', when: 'Media or press inquiry', automatic: false },
  { reason: 'SECURITY', when: 'Security or privacy concern', automatic: false },
  { reason: 'NO_PROGRESS', when: `${NO_PROGRESS_HOURS}+ hours of work without progress`, automatic: true },
];

const rank = (level: EscalationLevel) => LEVELS.indexOf(level);

export function nextLevel(level: EscalationLevel): EscalationLevel | null {
  return LEVELS[rank(level) + 1] ?? null;
}

/**
 * Where an automatic escalation takes a ticket at `current`, or null when it does not move it:
 * P0 goes at least to L3 (the guide: "automatic to senior engineering + management"; management is
 * told by the send-to rules), more than 10 users impacted at least to L2 (engineering; a ticket
 * already there stays), no progress one level up. Nothing goes past MANAGEMENT.
 */
export function autoEscalationTarget(reason: AutomaticReason, current: EscalationLevel): EscalationLevel | null {
  const next = nextLevel(current);
  if (reason === 'P0') return rank(current) < rank('L3') ? 'L3' : next;
  if (reason === 'USERS_IMPACTED') return rank(current) < rank('L2') ? 'L2' : null;
  return next;
}

export interface SendTo {
  /** Who is e-mailed: every tech lead and manager (P0), the tech lead (P1), the assignee or owner (P2, P3). */
  people: 'LEADS_AND_MANAGEMENT' | 'TECH_LEAD' | 'ASSIGNEE_OR_OWNER';
  /** P0: a chat message to the whole channel (@channel); P1: a chat message naming the tech lead. */
  chat: 'CHANNEL' | 'DIRECT' | null;
  /** P0 reaches people in their quiet hours. */
  urgent: boolean;
  /** P2: mentioned in the daily stand-up; P3: noted in the weekly review. */
  agenda: EscalationAgenda | null;
  /** How people are reached for P2/P3: in the app (the ticket tag), not by mail. */
  channel: 'EMAIL' | 'IN_APP';
}

/** The guide's "Send to": P0 @channel + all tech leads; P1 the tech lead; P2 the ticket + daily stand-up; P3 the weekly review. */
export function sendToRules(priority: Priority): SendTo {
  switch (priority) {
    case 'P0':
      return { people: 'LEADS_AND_MANAGEMENT', chat: 'CHANNEL', urgent: true, agenda: null, channel: 'EMAIL' };
    case 'P1':
      return { people: 'TECH_LEAD', chat: 'DIRECT', urgent: false, agenda: null, channel: 'EMAIL' };
    case 'P2':
      return { people: 'ASSIGNEE_OR_OWNER', chat: null, urgent: false, agenda: EscalationAgenda.DAILY_STANDUP, channel: 'IN_APP' };
    default:
      return { people: 'ASSIGNEE_OR_OWNER', chat: null, urgent: false, agenda: EscalationAgenda.WEEKLY_REVIEW, channel: 'IN_APP' };
  }
}

export const SEND_TO_PRIORITIES: readonly Priority[] = ['P0', 'P1', 'P2', 'P3'];

const AGENDA_WORDS: Record<EscalationAgenda, string> = {
  DAILY_STANDUP: 'daily stand-up list',
  WEEKLY_REVIEW: 'weekly review list',
};

/** A send-to rule in words, generated from the rule itself (the reference card prints this). */
export function describeSendTo(rules: SendTo): string {
  const parts: string[] = [];
  if (rules.chat === 'CHANNEL') parts.push('@channel in chat');
  const people = {
    LEADS_AND_MANAGEMENT: 'e-mail all tech leads, managers, on call',
    TECH_LEAD: 'e-mail the tech lead',
    ASSIGNEE_OR_OWNER: rules.channel === 'IN_APP' ? 'tag owner in the ticket' : 'e-mail the owner',
  }[rules.people];
  parts.push(people);
  if (rules.chat === 'DIRECT') parts.push('chat DM');
  if (rules.agenda) parts.push(AGENDA_WORDS[rules.agenda]);
  return `${parts.join(' + ')}${rules.urgent ? ' (through quiet hours)' : ''}`;
}

/** Every priority's send-to rule, as data and in words. */
export function sendToTable(): { priority: Priority; rules: SendTo; sendTo: string }[] {
  return SEND_TO_PRIORITIES.map((priority) => {
    const rules = sendToRules(priority);
    return { priority, rules, sendTo: describeSendTo(rules) };
  });
}

/** The template's Timeline line for an automatic escalation. */
export function urgencyOf(priority: Priority): string {
  return { P0: 'Immediate', P1: 'Today (resolution target 8 hours)', P2: 'Within 48 hours', P3: 'Next sprint' }[priority];
}

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

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
    const next = nextLevel(ticket.escalationLevel);
    if (!next) throw fieldError('id', `${number} is already at MANAGEMENT, the top of the escalation path (${PATH}): there is no one left to escalate to`);
    const toLevel = input.toLevel ?? next;
    if (rank(toLevel) <= rank(ticket.escalationLevel)) {
      throw fieldError('input.toLevel', `must be above ${number}'s current level ${ticket.escalationLevel} (${PATH})`);
    }
    const priority = input.priority ?? ticket.priority;
    if (!priority) throw fieldError('input.priority', `required: ${number} has no priority yet (P0, P1, P2 or P3)`);
    if (input.assigneeId) {
      const assignee = await tx.user.findUnique({ where: { id: input.assigneeId }, select: { active: true, role: true } });
      if (!assignee?.active) throw fieldError('input.assigneeId', 'no active user with that id');
      if (assignee.role === 'VIEWER') throw fieldError('input.assigneeId', 'a viewer cannot take an escalation');
    }
    const fields: EscalationFields = {
      priority, user: input.user ?? null, issue: input.issue, impact: input.impact, attempted: input.attempted,
      needed: input.needed, timeline: input.timeline, details: input.details ?? null, summary: input.summary ?? null,
    };
    return escalateIn(tx, emit, deps, actor, ticket, { reason: input.reason ?? 'MANUAL', automatic: false, toLevel, fields, assigneeId: input.assigneeId ?? null });
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
    assertFilled(subject, 'input.summary');
    assertFilled(body, 'input.details');
  }
  const rules = sendToRules(o.fields.priority);
  const user = o.fields.user ?? `${requester.name} / ${requester.contact}`;
  const escalation = await tx.escalation.create({
    data: {
      ticketId: ticket.id, fromLevel: ticket.escalationLevel, toLevel: o.toLevel, reason: o.reason, automatic: o.automatic,
      template: {
        priority: o.fields.priority, ticket: number, user, issue: o.fields.issue, impact: o.fields.impact, attempted: o.fields.attempted,
        needed: o.fields.needed, timeline: o.fields.timeline, details: o.fields.details, subject, body,
      },
      escalatedById: actor?.userId ?? null, assignedToId: o.assigneeId, agenda: rules.agenda, createdAt: now,
    },
  });
  const updated = await tx.ticket.update({ where: { id: ticket.id }, data: { escalationLevel: o.toLevel, updatedAt: now } });
  await tx.ticketActivity.create({
    data: {
      ticketId: ticket.id, actorId: actor?.userId ?? null, action: 'escalated', field: 'escalationLevel', fromValue: ticket.escalationLevel, toValue: o.toLevel,
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
        id: escalation.id, fromLevel: escalation.fromLevel, toLevel: escalation.toLevel, reason: escalation.reason, automatic: escalation.automatic,
        priority: o.fields.priority, agenda: rules.agenda, assignedToId: o.assigneeId, createdAt: now.toISOString(),
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
  let told: Recipient[] = [];

  if (m.rules.people === 'LEADS_AND_MANAGEMENT') {
    const onCallNow = (await getOnCall(deps, null, tx))?.now?.user;
    const [team, onCall] = await Promise.all([
      findRecipients(tx, { role: { in: ['LEAD', 'MANAGER'] } }),
      onCallNow ? findRecipients(tx, { id: onCallNow.id }) : [],
    ]);
    told = uniqueRecipients([...assignee, ...team, ...onCall], actor?.userId);
    await notifyUsers(tx, now, told, { ...common, channel: 'EMAIL', body: mail, urgent: true, key: `${key}:email` });
  } else if (m.rules.people === 'TECH_LEAD') {
    const leads = assignee.length ? assignee : await findRecipients(tx, { role: 'LEAD' });
    told = uniqueRecipients(leads, actor?.userId);
    await notifyUsers(tx, now, told, { ...common, channel: 'EMAIL', body: mail, urgent: false, key: `${key}:email` });
    if (deps.config.chatWebhookUrl) {
      for (const lead of leads.filter((l) => told.includes(l))) {
        const text = `@${lead.name}: ${m.subject} (escalated to ${LEVEL_WORDS[escalation.toLevel]})\n${link}`;
        await notifyUsers(tx, now, [lead], { ...common, channel: 'CHAT', body: text, payload: { text }, urgent: false, key: `${key}:chat` });
      }
    }
  } else {
    const owner = ticket.ownerId ? await findRecipients(tx, { id: ticket.ownerId }) : [];
    told = uniqueRecipients(assignee.length ? assignee : owner, actor?.userId);
    await notifyUsers(tx, now, told, { ...common, channel: 'IN_APP', body: mail, urgent: false, key: `${key}:in-app` });
  }

  if (m.rules.chat === 'CHANNEL') {
    const text = `<!channel> ${m.subject}\n${number} escalated ${escalation.fromLevel} → ${escalation.toLevel} (${reasonWords(escalation.reason)}).\n${link}`;
    const chat = chatNotification(deps.config.chatWebhookUrl, { idempotencyKey: `${key}:channel`, template: 'escalation', text, ticketId: ticket.id });
    if (chat) await enqueueNotifications(tx, now, [chat]);
  }
  return told.map((u) => u.id);
}

export function reasonWords(reason: EscalationReason): string {
  return {
    MANUAL: 'escalated by hand',
    P0: 'P0: critical',
    USERS_IMPACTED: `more than ${USERS_IMPACTED_THRESHOLD} users impacted`,
    NO_PROGRESS: `${NO_PROGRESS_HOURS}+ hours without progress`,
    UPSET_USER: 'user extremely upset',
    SECURITY: 'security or privacy concern',
    PRESS: 'media or press inquiry',
    EXPERTISE: 'needs expertise beyond L1',
  }[reason];
}

const NEEDED: Record<AutomaticReason, string> = {
  P0: 'All hands: senior engineering and management, a fix or a rollback',
  USERS_IMPACTED: 'Engineering to take over the investigation',
  NO_PROGRESS: 'Help to move this forward',
};

/** The template an automatic escalation fills in from the ticket. */
function automaticFields(ticket: Ticket, reason: AutomaticReason, now: Date): EscalationFields {
  const priority = ticket.priority ?? suggestPriority(ticket).priority;
  const hours = ticket.lastProgressAt ? Math.floor((now.getTime() - ticket.lastProgressAt.getTime()) / 3_600_000) : 0;
  return {
    priority,
    user: null,
    issue: (ticket.description.split('\n').map((l) => l.trim()).find(Boolean) ?? ticket.title).slice(0, 1000),
    impact: ticket.usersImpacted ? `${ticket.usersImpacted} users impacted` : 'Number of users impacted not known yet',
    attempted: reason === 'NO_PROGRESS' ? `Worked on since ${ticket.createdAt.toISOString()}; no progress for ${hours} hours` : 'Automatic escalation: see the ticket history',
    needed: NEEDED[reason],
    timeline: urgencyOf(priority),
    details: `Escalated automatically: ${reasonWords(reason)}.`,
    summary: null,
  };
}

async function autoEscalate(tx: Tx, emit: Emit, deps: Deps, ticket: Ticket, reason: AutomaticReason): Promise<Ticket> {
  const toLevel = autoEscalationTarget(reason, ticket.escalationLevel);
  if (!toLevel) return ticket;
  await escalateIn(tx, emit, deps, null, ticket, { reason, automatic: true, toLevel, fields: automaticFields(ticket, reason, deps.clock.now()), assigneeId: null });
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
  if (!becameP0 && !becameMany) return ticket;
  const done = new Set(
    (await tx.escalation.findMany({ where: { ticketId: ticket.id, automatic: true, reason: { in: ['P0', 'USERS_IMPACTED'] } }, select: { reason: true } })).map((e) => e.reason),
  );
  let current = ticket;
  if (becameP0 && !done.has('P0')) current = await autoEscalate(tx, emit, deps, current, 'P0');
  if (becameMany && !done.has('USERS_IMPACTED')) current = await autoEscalate(tx, emit, deps, current, 'USERS_IMPACTED');
  return current;
}

/** At most this many tickets per run of the job; the rest wait a minute. */
const NO_PROGRESS_BATCH = 200;

export const ESCALATION_SWEEP_JOB = 'ticket-escalations';

/**
 * The minute job: a triaged or in-progress P0–P2 ticket with no progress for 4 hours escalates one
 * level, once per stall (progress since the last NO_PROGRESS escalation starts a new count). P3 is not
 * escalated ("Escalation: Not required"), a ticket waiting on its user is not stalled by us.
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

/** Escalations waiting for the daily stand-up (P2) or the weekly review (P3), oldest first. */
export function agendaWhere(agenda: EscalationAgenda): Prisma.EscalationWhereInput {
  return { agenda, discussedAt: null, ticket: { status: { in: [...OPEN_STATUSES] } } };
}

