// Tickets as data: the inputs, ticket numbers, open statuses, event snapshots, filters and paging,
// and the reading of a user's reply. Rules only: no service of another domain is imported here.
import { Channel, ConfirmationMethod, Priority, type Prisma, type Ticket, TicketStatus, TicketType } from '@opsboard/db';
import { fieldError, parseInput } from '../platform/errors.ts';
import { z } from 'zod';
import type { Deps } from '../platform/db.ts';
import { text } from '../platform/validation.ts';

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
    /** Closing without the user's confirmation: why (kept on the ticket, counted in the monthly review). */
    closeReason: text(2_000).optional().nullable(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: 'nothing to change' })
  .refine((v) => !v.closeReason || v.status === 'CLOSED', { message: 'only when closing (status: CLOSED)', path: ['closeReason'] });
export type UpdateTicketInput = z.input<typeof UpdateTicketInput>;
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

const NEGATIVE =
  /\b(not|no longer|still|again|back|broken|fail\w*|errors?|crash\w*|doesn'?t|isn'?t|won'?t|can'?t|cannot|didn'?t|wasn'?t|aren'?t|reopen\w*|worse|same (problem|issue|error))\b/i;
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
export const ConfirmInput = z.object({ how: z.enum(ConfirmationMethod), note: text(2_000).optional().nullable() });
