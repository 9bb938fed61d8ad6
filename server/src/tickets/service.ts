// The ticket lifecycle of the guide's Steps 1–6: create, update, confirm and close.
import { type Channel, type Prisma, type Ticket, type TicketStatus } from '@opsboard/db';
import { type z } from 'zod';
import type { Emit, Tx } from '../platform/events.ts';
import { runExclusive } from '../platform/jobs.ts';
import { fieldError, notFound, parseInput } from '../platform/errors.ts';
import { type Deps, transact } from '../platform/db.ts';
import type { Actor } from '../auth/service.ts';
import { escalateOnChange } from '../escalations/service.ts';
import { syncTicketClocks } from '../sla/service.ts';
import { autoAcknowledge } from '../templates/service.ts';
import { sendCsatSurvey } from '../csat/service.ts';
import { pageOnTicketChange } from '../paging/triggers.ts';
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

export async function updateTicketIn(
  tx: Tx,
  emit: Emit,
  deps: Deps,
  actor: Actor | null,
  id: string,
  input: z.output<typeof UpdateTicketInput>,
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
    const priority = input.priority ?? current.priority;
    if (input.status === 'TRIAGED' && !priority) {
      throw fieldError('input.priority', 'required to triage');
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
    return closeConfirmed(tx, emit, deps, null, ticket, { via: 'reply', messageId });
  }
  return updateTicketIn(tx, emit, deps, null, ticket.id, { status: 'IN_PROGRESS' });
}

async function closeConfirmed(tx: Tx, emit: Emit, deps: Deps, actor: Actor | null, ticket: Ticket, data: Prisma.InputJsonObject): Promise<Ticket> {
  await tx.ticketActivity.create({
    data: { ticketId: ticket.id, actorId: actor?.userId ?? null, action: 'user_confirmed', data, createdAt: deps.clock.now() },
  });
  return updateTicketIn(tx, emit, deps, actor, ticket.id, { status: 'CLOSED' });
}

/** An agent records that the user confirmed the fix (by phone, chat, …): a RESOLVED ticket closes. */
export async function confirmTicketResolution(deps: Deps, actor: Actor | null, id: string, raw: z.input<typeof ConfirmInput>): Promise<Ticket> {
  const input = parseInput(ConfirmInput, raw);
  return transact(deps, async (tx, emit) => {
    const ticket = await tx.ticket.findUnique({ where: { id } });
    if (!ticket) throw notFound(`Ticket ${id}`);
    if (ticket.status !== 'RESOLVED') {
      throw fieldError(
        'id',
        `${formatTicketNumber(deps.config.ticketPrefix, ticket.number)} is ${ticket.status}: only a RESOLVED ticket can be confirmed by its user`,
      );
    }
    return closeConfirmed(tx, emit, deps, actor, ticket, { via: 'agent', note: input.note ?? null });
  });
}

const AUTO_CLOSE_BATCH = 500;

export const AUTO_CLOSE_JOB = 'ticket-auto-close';

/** The job: RESOLVED tickets whose user has not answered for OPSBOARD_AUTO_CLOSE_DAYS close ("quiet period"). */
export async function runAutoClose(deps: Deps): Promise<{ closed: number; ran: boolean }> {
  const result = await runExclusive(deps, AUTO_CLOSE_JOB, async (tx, emit) => {
    const now = deps.clock.now();
    const due = await tx.ticket.findMany({
      where: { status: 'RESOLVED', resolvedAt: { lte: new Date(now.getTime() - deps.config.autoCloseDays * 86_400_000) } },
      orderBy: { resolvedAt: 'asc' },
      take: AUTO_CLOSE_BATCH,
      select: { id: true, resolvedAt: true },
    });
    for (const t of due) {
      await tx.ticketActivity.create({
        data: {
          ticketId: t.id,
          action: 'auto_closed',
          data: { quietDays: deps.config.autoCloseDays, resolvedAt: t.resolvedAt!.toISOString() },
          createdAt: now,
        },
      });
      await updateTicketIn(tx, emit, deps, null, t.id, { status: 'CLOSED' });
    }
    return due.length;
  });
  return result.ran ? { closed: result.result, ran: true } : { closed: 0, ran: false };
}
