// The ticket lifecycle of the guide's Steps 1–6: create, update, confirm and close.
import { type Channel, type Closure, type Prisma, type Ticket, type TicketStatus } from '@opsboard/db';
import { type z } from 'zod';
import type { Emit, Tx } from '../platform/events.ts';
import { runExclusive } from '../platform/jobs.ts';
import { fieldError, inputError, notFound, parseInput } from '../platform/errors.ts';
import { type Deps, transact } from '../platform/db.ts';
import type { Actor } from '../auth/service.ts';
import { escalateOnChange } from '../escalations/service.ts';
import { syncTicketClocks } from '../sla/service.ts';
import { autoAcknowledge } from '../templates/service.ts';
import { sendCsatSurvey } from '../csat/service.ts';
import { pageOnTicketChange } from '../paging/triggers.ts';
import { replyRoute } from '../notifications/reply-route.ts';
import { enqueueNotifications } from '../notifications/service.ts';
import { ConfirmInput, CreateTicketInput, formatTicketNumber, isConfirmation, OPEN_STATUSES, ticketSnapshot, UpdateTicketInput } from './model.ts';

/** The ticket lifecycle: which status may follow which (reopening counts). */
const NEXT_STATUS: Record<TicketStatus, readonly TicketStatus[]> = {
  NEW: ['TRIAGED', 'IN_PROGRESS', 'WAITING_ON_USER', 'RESOLVED'],
  TRIAGED: ['IN_PROGRESS', 'WAITING_ON_USER', 'RESOLVED'],
  IN_PROGRESS: ['WAITING_ON_USER', 'RESOLVED'],
  WAITING_ON_USER: ['IN_PROGRESS', 'RESOLVED'],
  RESOLVED: ['CLOSED', 'IN_PROGRESS'],
  CLOSED: ['IN_PROGRESS'],
};
export async function createTicket(deps: Deps, actor: Actor | null, raw: CreateTicketInput): Promise<Ticket> {
  const input = parseInput(CreateTicketInput, raw);
  return transact(deps, (tx, emit) => createTicketIn(tx, emit, deps, actor, input));
}

/** `noAutoReply`: why the requester must get no automatic acknowledgement (the intake's finding), if so. */
export async function createTicketIn(
  tx: Tx,
  emit: Emit,
  deps: Deps,
  actor: Actor | null,
  input: z.output<typeof CreateTicketInput>,
  noAutoReply?: string | null,
): Promise<Ticket> {
  const now = deps.clock.now();
  const requester = await findOrCreateRequester(tx, input.channel, input.requesterEmail, input.requesterName, input.requesterHandle, now);
  const ticket = await tx.ticket.create({
    data: {
      title: input.title,
      description: input.description,
      channel: input.channel,
      type: input.type ?? null,
      priority: input.priority ?? null,
      usersImpacted: input.usersImpacted ?? null,
      externalRef: input.externalRef ?? null,
      tags: input.tags ?? [],
      requesterId: requester?.id ?? null,
      createdAt: now,
      updatedAt: now,
      lastProgressAt: now,
    },
  });
  await tx.ticketMessage.create({
    data: {
      ticketId: ticket.id,
      direction: 'INBOUND',
      kind: 'MESSAGE',
      body: input.description,
      requesterId: requester?.id ?? null,
      externalId: input.sourceMessageId ?? null,
      createdAt: now,
    },
  });
  await tx.ticketActivity.create({
    data: { ticketId: ticket.id, actorId: actor?.userId ?? null, action: 'created', toValue: input.channel, createdAt: now },
  });
  emit({ topic: 'tickets', type: 'TICKET_CREATED', entityType: 'Ticket', entityId: ticket.id, payload: { ticket: ticketSnapshot(deps, ticket) } });
  const { policy } = await syncTicketClocks(tx, emit, deps, null, ticket);
  await pageOnTicketChange(tx, emit, deps, actor?.userId ?? null, null, ticket);
  const acknowledged = await autoAcknowledge(tx, deps, ticket, policy, noAutoReply);
  return escalateOnChange(tx, emit, deps, null, acknowledged);
}

/** The requester by e-mail address, else by handle on the channel; created on first contact. */
export async function findOrCreateRequester(
  tx: Tx,
  channel: Channel,
  email: string | null | undefined,
  name: string | null | undefined,
  handle: string | null | undefined,
  now: Date,
): Promise<{ id: string } | null> {
  if (email) {
    return tx.requester.upsert({
      where: { email: email.toLowerCase() },
      create: { email: email.toLowerCase(), name: name ?? null, handle: handle ?? null, channel, createdAt: now },
      update: {},
      select: { id: true },
    });
  }
  if (!handle) return null;
  const known = await tx.requester.findFirst({ where: { channel, handle }, select: { id: true } });
  return known ?? tx.requester.create({ data: { channel, handle, name: name ?? null, createdAt: now }, select: { id: true } });
}

export async function updateTicket(deps: Deps, actor: Actor | null, id: string, raw: UpdateTicketInput): Promise<Ticket> {
  const input = parseInput(UpdateTicketInput, raw);
  return transact(deps, (tx, emit) => updateTicketIn(tx, emit, deps, actor, id, input));
}

/**
 * What only the system may do while changing a ticket: close it on a confirmation or after the quiet
 * period (`closure`), or move an untriaged ticket on because its user did (a GitHub issue closed by
 * its author: `untriagedExit`).
 */
export interface SystemChange {
  closure?: Exclude<Closure, 'WITHOUT_CONFIRMATION'>;
  closeReason?: string;
  untriagedExit?: boolean;
}

/** Why a NEW ticket may not leave NEW yet: the triage fields it lacks, as field errors. */
function untriagedFields(t: Pick<Ticket, 'type' | 'priority' | 'ownerId'>): { field: string; message: string }[] {
  const missing: { field: string; message: string }[] = [];
  if (!t.type) missing.push({ field: 'input.type', message: 'required to leave NEW (triage sets type, priority and owner)' });
  if (!t.priority) missing.push({ field: 'input.priority', message: 'required to leave NEW (triage sets type, priority and owner)' });
  if (!t.ownerId) missing.push({ field: 'input.ownerId', message: 'required to leave NEW (triage sets type, priority and owner)' });
  return missing;
}

export async function updateTicketIn(
  tx: Tx,
  emit: Emit,
  deps: Deps,
  actor: Actor | null,
  id: string,
  input: z.output<typeof UpdateTicketInput>,
  system: SystemChange = {},
): Promise<Ticket> {
  const current = await tx.ticket.findUnique({ where: { id } });
  if (!current) throw notFound(`Ticket ${id}`);
  const now = deps.clock.now();
  const data: Prisma.TicketUncheckedUpdateInput = { updatedAt: now };
  const changes: Record<string, { from: string | number | null; to: string | number | null }> = {};
  const change = <K extends keyof Ticket>(field: K, to: Ticket[K] & (string | number | null)) => {
    if (current[field] === to) return;
    changes[field] = { from: current[field] as string | number | null, to };
    (data as Record<string, unknown>)[field] = to;
  };

  if (input.title != null) change('title', input.title);
  if (input.type != null) change('type', input.type);
  if (input.priority != null) change('priority', input.priority);
  if (input.usersImpacted != null) change('usersImpacted', input.usersImpacted);
  if (input.ownerId !== undefined) {
    if (input.ownerId !== null) {
      const owner = await tx.user.findUnique({ where: { id: input.ownerId }, select: { active: true, role: true } });
      if (!owner || !owner.active) throw fieldError('input.ownerId', 'no active user with that id');
      if (owner.role === 'VIEWER') throw fieldError('input.ownerId', 'a viewer cannot own tickets');
    }
    change('ownerId', input.ownerId);
  }
  if (input.status != null && input.status !== current.status) {
    if (!NEXT_STATUS[current.status].includes(input.status)) {
      const allowed = NEXT_STATUS[current.status].join(', ');
      throw fieldError('input.status', `a ${current.status} ticket cannot become ${input.status} (allowed: ${allowed})`);
    }
    // "No way around triage": a ticket leaves NEW only with its type, priority and owner set.
    if (current.status === 'NEW' && !system.untriagedExit) {
      const missing = untriagedFields({
        type: input.type ?? current.type,
        priority: input.priority ?? current.priority,
        ownerId: input.ownerId !== undefined ? input.ownerId : current.ownerId,
      });
      if (missing.length) {
        throw inputError(`A NEW ticket cannot become ${input.status} before triage — ${missing.map((m) => `${m.field}: ${m.message}`).join('; ')}`, missing);
      }
    }
    // "Close ticket after confirmation": without one, an agent says why.
    if (input.status === 'CLOSED') {
      if (system.closure) {
        data.closure = system.closure;
        data.closeReason = system.closeReason ?? null;
      } else if (input.closeReason) {
        data.closure = 'WITHOUT_CONFIRMATION';
        data.closeReason = input.closeReason;
      } else {
        throw fieldError(
          'input.status',
          "closing needs the user's confirmation: record how they confirmed with confirmTicketResolution, or give input.closeReason to close without it",
        );
      }
    }
    change('status', input.status);
    if (input.status === 'TRIAGED' && !current.triagedAt) data.triagedAt = now;
    if (input.status === 'RESOLVED') data.resolvedAt = now;
    if (input.status === 'CLOSED') data.closedAt = now;
    const reopening = (current.status === 'RESOLVED' || current.status === 'CLOSED') && OPEN_STATUSES.includes(input.status);
    if (reopening) {
      data.reopenCount = current.reopenCount + 1;
      data.resolvedAt = null;
      data.closedAt = null;
      data.closure = null;
      data.closeReason = null;
      data.confirmationAskedAt = null;
      data.confirmationRemindedAt = null;
    }
  }
  if (Object.keys(changes).length === 0) return current;
  data.lastProgressAt = now;

  const ticket = await tx.ticket.update({ where: { id }, data });
  // The CSAT survey goes out once per ticket, on its (first) resolution.
  if (changes.status?.to === 'RESOLVED') await sendCsatSurvey(tx, deps, ticket);
  await tx.ticketActivity.createMany({
    data: Object.entries(changes).map(([field, c]) => ({
      ticketId: id,
      actorId: actor?.userId ?? null,
      action: field === 'status' && data.reopenCount !== undefined ? 'reopened' : `${field}_changed`,
      field,
      fromValue: c.from === null ? null : String(c.from),
      toValue: c.to === null ? null : String(c.to),
      ...(field === 'status' && ticket.closure && c.to === 'CLOSED' ? { data: { closure: ticket.closure, closeReason: ticket.closeReason } } : {}),
      createdAt: now,
    })),
  });
  emit({
    topic: 'tickets',
    type: 'TICKET_UPDATED',
    entityType: 'Ticket',
    entityId: id,
    payload: { ticket: ticketSnapshot(deps, ticket), changes },
  });
  await syncTicketClocks(tx, emit, deps, current, ticket);
  await pageOnTicketChange(tx, emit, deps, actor?.userId ?? null, current, ticket);
  return escalateOnChange(tx, emit, deps, current, ticket);
}

/**
 * A message from the ticket's user on a RESOLVED or CLOSED ticket (called by intake): a confirmation
 * closes a resolved ticket (Step 5, "close ticket after confirmation"); anything else reopens it,
 * counting the reopen.
 */
export async function userRepliedAfterResolution(tx: Tx, emit: Emit, deps: Deps, ticket: Ticket, body: string, messageId: string): Promise<Ticket> {
  if (ticket.status !== 'RESOLVED' && ticket.status !== 'CLOSED') return ticket;
  if (isConfirmation(body)) {
    if (ticket.status === 'CLOSED') return ticket;
    return closeConfirmed(tx, emit, deps, null, ticket, { via: 'reply', how: 'REPLY', messageId });
  }
  return updateTicketIn(tx, emit, deps, null, ticket.id, { status: 'IN_PROGRESS' });
}

async function closeConfirmed(tx: Tx, emit: Emit, deps: Deps, actor: Actor | null, ticket: Ticket, data: Prisma.InputJsonObject): Promise<Ticket> {
  await tx.ticketActivity.create({
    data: { ticketId: ticket.id, actorId: actor?.userId ?? null, action: 'user_confirmed', data, createdAt: deps.clock.now() },
  });
  return updateTicketIn(tx, emit, deps, actor, ticket.id, { status: 'CLOSED' }, { closure: 'USER_CONFIRMED' });
}

/** An agent records how the user confirmed the fix (by phone, chat, …): a RESOLVED ticket closes. */
export async function confirmTicketResolution(deps: Deps, actor: Actor | null, id: string, raw: z.input<typeof ConfirmInput>): Promise<Ticket> {
  const input = parseInput(ConfirmInput, raw, '');
  return transact(deps, async (tx, emit) => {
    const ticket = await tx.ticket.findUnique({ where: { id } });
    if (!ticket) throw notFound(`Ticket ${id}`);
    if (ticket.status !== 'RESOLVED') {
      throw fieldError(
        'id',
        `${formatTicketNumber(deps.config.ticketPrefix, ticket.number)} is ${ticket.status}: only a RESOLVED ticket can be confirmed by its user`,
      );
    }
    return closeConfirmed(tx, emit, deps, actor, ticket, { via: 'agent', how: input.how, note: input.note ?? null });
  });
}

const AUTO_CLOSE_BATCH = 500;

export const AUTO_CLOSE_JOB = 'ticket-auto-close';

/** "Did this fix it?" and its one reminder, as the quiet-period job sends them. */
function confirmationRequest(number: string, title: string, reminder: boolean, closeOn: Date, timeZone: string): { subject: string; body: string } {
  const day = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'long', day: 'numeric', month: 'long' }).format(closeOn);
  return {
    subject: `${reminder ? 'Reminder: did' : 'Did'} this fix it? [${number}]`,
    body: [
      'Hi,',
      '',
      `We resolved your ticket ${number} "${title}". Did this fix it for you?`,
      'Reply "yes, it works" to confirm, or tell us what is still wrong and we will reopen it.',
      '',
      reminder
        ? `This is our one reminder: without an answer we will close the ticket on ${day}. A reply after that reopens it.`
        : `Without an answer we will remind you once, then close the ticket on ${day}. A reply after that reopens it.`,
      '',
      'opsboard support',
    ].join('\n'),
  };
}

async function askForConfirmation(tx: Tx, emit: Emit, deps: Deps, ticket: Ticket, reminder: boolean, closeOn: Date): Promise<void> {
  const now = deps.clock.now();
  const number = formatTicketNumber(deps.config.ticketPrefix, ticket.number);
  const { subject, body } = confirmationRequest(number, ticket.title, reminder, closeOn, deps.config.timeZone);
  const message = await tx.ticketMessage.create({
    data: { ticketId: ticket.id, direction: 'OUTBOUND', kind: 'CONFIRMATION_REQUEST', body, templateKey: null, createdAt: now },
  });
  const requester = ticket.requesterId ? await tx.requester.findUnique({ where: { id: ticket.requesterId }, select: { email: true } }) : null;
  const route = replyRoute(deps, ticket, requester?.email);
  if (route.channel) {
    await enqueueNotifications(tx, now, [
      {
        idempotencyKey: `message:${message.id}`,
        channel: route.channel,
        recipient: route.recipient,
        template: reminder ? 'confirmation_reminder' : 'confirmation_request',
        subject,
        body,
        ticketId: ticket.id,
      },
    ]);
  }
  const updated = await tx.ticket.update({
    where: { id: ticket.id },
    data: reminder ? { confirmationRemindedAt: now, updatedAt: now } : { confirmationAskedAt: now, updatedAt: now },
  });
  await tx.ticketActivity.create({
    data: {
      ticketId: ticket.id,
      action: reminder ? 'confirmation_reminded' : 'confirmation_requested',
      data: { closeOn: closeOn.toISOString() },
      createdAt: now,
    },
  });
  emit({
    topic: 'tickets',
    type: 'TICKET_MESSAGE_ADDED',
    entityType: 'Ticket',
    entityId: ticket.id,
    payload: {
      ticket: ticketSnapshot(deps, updated),
      message: { id: message.id, direction: 'OUTBOUND', kind: 'CONFIRMATION_REQUEST', templateKey: null, createdAt: now.toISOString() },
    },
  });
}

/**
 * The quiet-period job, every 5 minutes, for RESOLVED tickets: the user is asked "did this fix it?"
 * (unless the resolution notice asked it), reminded once halfway through OPSBOARD_AUTO_CLOSE_DAYS
 * counted from the question, and the ticket closes at its end, counted as closed without confirmation.
 */
export async function runAutoClose(deps: Deps): Promise<{ closed: number; asked: number; reminded: number; ran: boolean }> {
  const result = await runExclusive(deps, AUTO_CLOSE_JOB, async (tx, emit) => {
    const now = deps.clock.now();
    const periodMs = deps.config.autoCloseDays * 86_400_000;
    const closeOn = (askedAt: Date) => new Date(askedAt.getTime() + periodMs);
    let asked = 0;
    let reminded = 0;
    let closed = 0;
    // Resolved without the question (a status change, a GitHub issue closed upstream): ask now.
    const unasked = await tx.ticket.findMany({
      where: { status: 'RESOLVED', confirmationAskedAt: null },
      orderBy: { resolvedAt: 'asc' },
      take: AUTO_CLOSE_BATCH,
    });
    for (const t of unasked) {
      await askForConfirmation(tx, emit, deps, t, false, closeOn(now));
      asked += 1;
    }
    const remind = await tx.ticket.findMany({
      where: { status: 'RESOLVED', confirmationRemindedAt: null, confirmationAskedAt: { lte: new Date(now.getTime() - periodMs / 2) } },
      orderBy: { confirmationAskedAt: 'asc' },
      take: AUTO_CLOSE_BATCH,
    });
    for (const t of remind) {
      await askForConfirmation(tx, emit, deps, t, true, closeOn(t.confirmationAskedAt!));
      reminded += 1;
    }
    const due = await tx.ticket.findMany({
      where: { status: 'RESOLVED', confirmationRemindedAt: { not: null }, confirmationAskedAt: { lte: new Date(now.getTime() - periodMs) } },
      orderBy: { confirmationAskedAt: 'asc' },
      take: AUTO_CLOSE_BATCH,
      select: { id: true, resolvedAt: true, confirmationAskedAt: true, confirmationRemindedAt: true },
    });
    for (const t of due) {
      await tx.ticketActivity.create({
        data: {
          ticketId: t.id,
          action: 'auto_closed',
          data: {
            quietDays: deps.config.autoCloseDays,
            resolvedAt: t.resolvedAt!.toISOString(),
            askedAt: t.confirmationAskedAt!.toISOString(),
            remindedAt: t.confirmationRemindedAt!.toISOString(),
          },
          createdAt: now,
        },
      });
      const reason = `No answer ${deps.config.autoCloseDays} days after the user was asked whether the fix works, and reminded once`;
      await updateTicketIn(tx, emit, deps, null, t.id, { status: 'CLOSED' }, { closure: 'AUTO_CLOSED', closeReason: reason });
      closed += 1;
    }
    return { closed, asked, reminded };
  });
  return result.ran ? { ...result.result, ran: true } : { closed: 0, asked: 0, reminded: 0, ran: false };
}
