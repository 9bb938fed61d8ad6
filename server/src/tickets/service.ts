// Tickets: intake, the lifecycle of the guide's Steps 1–6, and the queries the desk and wallboard use.
import { Channel, Priority, type Prisma, type Ticket, TicketStatus, TicketType } from '@opsboard/db';
import { z } from 'zod';
import type { Emit, Tx } from '../platform/events.ts';
import { runExclusive } from '../platform/jobs.ts';
import { fieldError, notFound, parseInput } from '../platform/errors.ts';
import { type Deps, transact } from '../platform/db.ts';
import type { Actor } from '../auth/service.ts';
import { escalateOnChange } from '../escalations/service.ts';
import { syncTicketClocks } from '../sla/service.ts';
import { autoAcknowledge } from '../templates/service.ts';
import { sendCsatSurvey } from '../csat/service.ts';

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

export const CreateTicketInput = z.object({
  title: text(200),
  description: text(20_000),
  channel: z.enum(Channel),
  requesterEmail: z.email('must be an e-mail address').max(254).optional().nullable(),
  requesterName: text(200).optional().nullable(),
  /** GitHub login or social handle; intake only. */
  requesterHandle: text(200).optional().nullable(),
  /** E-mail Message-ID or comment id of the first message, for threading and de-duplication; intake only. */
  sourceMessageId: text(500).optional().nullable(),
  type: z.enum(TicketType).optional().nullable(),
  priority: z.enum(Priority).optional().nullable(),
  usersImpacted: z.number().int().min(0).max(100_000_000).optional().nullable(),
  externalRef: text(500).optional().nullable(),
  tags: z.array(text(50)).max(20).optional().nullable(),
});
export type CreateTicketInput = z.input<typeof CreateTicketInput>;

export const UpdateTicketInput = z
  .object({
    title: text(200).optional().nullable(),
    status: z.enum(TicketStatus).optional().nullable(),
    priority: z.enum(Priority).optional().nullable(),
    type: z.enum(TicketType).optional().nullable(),
    ownerId: z.uuid('must be a user id').optional().nullable(),
    usersImpacted: z.number().int().min(0).max(100_000_000).optional().nullable(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: 'nothing to change' });
export type UpdateTicketInput = z.input<typeof UpdateTicketInput>;

/** The ticket lifecycle: which status may follow which (reopening counts). */
const NEXT_STATUS: Record<TicketStatus, readonly TicketStatus[]> = {
  NEW: ['TRIAGED', 'IN_PROGRESS', 'WAITING_ON_USER', 'RESOLVED'],
  TRIAGED: ['IN_PROGRESS', 'WAITING_ON_USER', 'RESOLVED'],
  IN_PROGRESS: ['WAITING_ON_USER', 'RESOLVED'],
  WAITING_ON_USER: ['IN_PROGRESS', 'RESOLVED'],
  RESOLVED: ['CLOSED', 'IN_PROGRESS'],
  CLOSED: ['IN_PROGRESS'],
};
export const OPEN_STATUSES: readonly TicketStatus[] = ['NEW', 'TRIAGED', 'IN_PROGRESS', 'WAITING_ON_USER'];

export function formatTicketNumber(prefix: string, number: number): string {
  return `${prefix}-${number}`;
}

/** Accepts `PM-1042`, `pm-1042`, `#1042` or `1042`. */
export function parseTicketNumber(value: string): number | undefined {
  const match = /^\s*(?:[A-Za-z]{1,6}-|#)?(\d{1,9})\s*$/.exec(value);
  return match ? Number(match[1]) : undefined;
}

/** What an event carries about a ticket: its scalar fields as they are after the change. */
export function ticketSnapshot(deps: Deps, t: Ticket): Prisma.InputJsonObject {
  return {
    id: t.id,
    number: formatTicketNumber(deps.config.ticketPrefix, t.number),
    title: t.title,
    channel: t.channel,
    type: t.type,
    priority: t.priority,
    status: t.status,
    ownerId: t.ownerId,
    escalationLevel: t.escalationLevel,
    reopenCount: t.reopenCount,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}

export async function createTicket(deps: Deps, actor: Actor | null, raw: CreateTicketInput): Promise<Ticket> {
  const input = parseInput(CreateTicketInput, raw);
  return transact(deps, (tx, emit) => createTicketIn(tx, emit, deps, actor, input));
}

export async function createTicketIn(
  tx: Tx,
  emit: Emit,
  deps: Deps,
  actor: Actor | null,
  input: z.output<typeof CreateTicketInput>,
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
      ticketId: ticket.id, direction: 'INBOUND', kind: 'MESSAGE', body: input.description, requesterId: requester?.id ?? null,
      externalId: input.sourceMessageId ?? null, createdAt: now,
    },
  });
  await tx.ticketActivity.create({
    data: { ticketId: ticket.id, actorId: actor?.userId ?? null, action: 'created', toValue: input.channel, createdAt: now },
  });
  emit({ topic: 'tickets', type: 'TICKET_CREATED', entityType: 'Ticket', entityId: ticket.id, payload: { ticket: ticketSnapshot(deps, ticket) } });
  const { policy } = await syncTicketClocks(tx, emit, deps, null, ticket);
  const acknowledged = await autoAcknowledge(tx, deps, ticket, policy);
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
  return escalateOnChange(tx, emit, deps, current, ticket);
}

export const TicketFilter = z.object({
  channel: z.enum(Channel).optional().nullable(),
  status: z.array(z.enum(TicketStatus)).max(6).optional().nullable(),
  priority: z.array(z.enum(Priority)).max(4).optional().nullable(),
  ownerId: z.uuid('must be a user id').optional().nullable(),
  search: z.string().trim().max(200, 'must be at most 200 characters').optional().nullable(),
  open: z.boolean().optional().nullable(),
});
export type TicketFilter = z.input<typeof TicketFilter>;

export function ticketWhere(raw: TicketFilter | null | undefined): Prisma.TicketWhereInput {
  const f = parseInput(TicketFilter, raw ?? {}, 'filter');
  const where: Prisma.TicketWhereInput = {};
  if (f.channel) where.channel = f.channel;
  if (f.status?.length) where.status = { in: f.status };
  else if (f.open) where.status = { in: [...OPEN_STATUSES] };
  if (f.priority?.length) where.priority = { in: f.priority };
  if (f.ownerId) where.ownerId = f.ownerId;
  if (f.search) {
    const number = parseTicketNumber(f.search);
    where.OR = [
      { title: { contains: f.search, mode: 'insensitive' } },
      { description: { contains: f.search, mode: 'insensitive' } },
      ...(number !== undefined ? [{ number }] : []),
    ];
  }
  return where;
}

export interface Page {
  first?: number | null | undefined;
  after?: string | null | undefined;
}

/** Newest first, paged by an opaque cursor over the ticket number. */
export function ticketPage(page: Page): { take: number; cursorNumber: number | undefined } {
  const take = page.first ?? 25;
  if (!Number.isInteger(take) || take < 1 || take > 100) {
    throw fieldError('first', 'must be between 1 and 100');
  }
  let cursorNumber: number | undefined;
  if (page.after) {
    const decoded = Buffer.from(page.after, 'base64url').toString();
    const match = /^ticket:(\d{1,9})$/.exec(decoded);
    if (!match) throw fieldError('after', 'not a cursor from this list');
    cursorNumber = Number(match[1]);
  }
  return { take, cursorNumber };
}

export function ticketCursor(number: number): string {
  return Buffer.from(`ticket:${number}`).toString('base64url');
}

// ───────────────────────── Steps 5–6: confirmation and closing ─────────────────────────

/** The user's own words in a reply: quoted text (">" lines, "On … wrote:" and what follows) left out. */
export function replyText(body: string): string {
  const cut = body.search(/^(On .{1,200}wrote:|-{2,} ?Original Message ?-{2,}|From: .+)$/im);
  return (cut >= 0 ? body.slice(0, cut) : body)
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('>'))
    .join('\n')
    .trim();
}

const NEGATIVE = /\b(not|no longer|still|again|back|broken|fail\w*|errors?|crash\w*|doesn'?t|isn'?t|won'?t|can'?t|cannot|didn'?t|wasn'?t|aren'?t|reopen\w*|worse|same (problem|issue|error))\b/i;
const POSITIVE = /\b(works?|working|fixed|solved|resolved|confirm(ed|s)?|all good|looks good|thanks?|thank you|perfect|great|answers it|sorted)\b/i;

/**
 * Whether a user's reply to a resolved ticket confirms the fix ("Confirmed, it's working now.
 * Thanks!") rather than reporting it again ("The problem is back"). Anything that is not clearly a
 * confirmation counts as "not fixed": reopening wrongly costs a look, closing wrongly loses a user.
 */
export function isConfirmation(body: string): boolean {
  const own = replyText(body);
  return POSITIVE.test(own) && !NEGATIVE.test(own);
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
  await tx.ticketActivity.create({ data: { ticketId: ticket.id, actorId: actor?.userId ?? null, action: 'user_confirmed', data, createdAt: deps.clock.now() } });
  return updateTicketIn(tx, emit, deps, actor, ticket.id, { status: 'CLOSED' });
}

export const ConfirmInput = z.object({ note: text(2_000).optional().nullable() });

/** An agent records that the user confirmed the fix (by phone, chat, …): a RESOLVED ticket closes. */
export async function confirmTicketResolution(deps: Deps, actor: Actor | null, id: string, raw: z.input<typeof ConfirmInput>): Promise<Ticket> {
  const input = parseInput(ConfirmInput, raw);
  return transact(deps, async (tx, emit) => {
    const ticket = await tx.ticket.findUnique({ where: { id } });
    if (!ticket) throw notFound(`Ticket ${id}`);
    if (ticket.status !== 'RESOLVED') {
      throw fieldError('id', `${formatTicketNumber(deps.config.ticketPrefix, ticket.number)} is ${ticket.status}: only a RESOLVED ticket can be confirmed by its user`);
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
      await tx.ticketActivity.create({ data: { ticketId: t.id, action: 'auto_closed', data: { quietDays: deps.config.autoCloseDays, resolvedAt: t.resolvedAt!.toISOString() }, createdAt: now } });
      await updateTicketIn(tx, emit, deps, null, t.id, { status: 'CLOSED' });
    }
    return due.length;
  });
  return result.ran ? { closed: result.result, ran: true } : { closed: 0, ran: false };
}
