// The guide's "Support Process Checklist — For Every Ticket": ticked automatically where the
// system knows (from the ticket, its SLA clocks, its messages and its history), by hand otherwise.
import type { Priority, SlaClockState, TicketStatus } from '@opsboard/db';
import { z } from 'zod';
import { fieldError, notFound, parseInput } from '../platform/errors.ts';
import { type Deps, transact } from '../platform/db.ts';
import type { Actor } from '../auth/service.ts';
import { formatTicketNumber, ticketSnapshot } from './model.ts';

/** "User kept updated (every 24-48h)": the longest gap between updates that still counts. */
export const UPDATE_GAP_MS = 48 * 3_600_000;

export const TICKET_CHECKLIST = [
  { key: 'auto_responder_sent', label: 'Auto-responder sent (email)', manual: false },
  { key: 'ticket_logged', label: 'Ticket logged and numbered', manual: false },
  { key: 'priority_assigned', label: 'Priority assigned (P0/P1/P2/P3)', manual: false },
  { key: 'owner_assigned', label: 'Owner assigned', manual: false },
  { key: 'first_response_in_time', label: 'First response sent within target time', manual: false },
  { key: 'issue_investigated', label: 'Issue investigated and documented', manual: true },
  { key: 'user_kept_updated', label: 'User kept updated (every 24-48h)', manual: false },
  { key: 'solution_tested', label: 'Solution implemented and tested', manual: true },
  { key: 'resolution_notified', label: 'User notified of resolution', manual: false },
  { key: 'user_confirmed', label: 'User confirmed fix works', manual: false },
  { key: 'closed_with_documentation', label: 'Ticket closed with documentation', manual: false },
  { key: 'added_to_faq_kb', label: 'Added to FAQ/KB if applicable', manual: true },
  { key: 'metrics_logged', label: 'Metrics logged', manual: false },
] as const;
export type ChecklistKey = (typeof TICKET_CHECKLIST)[number]['key'];
export const MANUAL_KEYS = TICKET_CHECKLIST.filter((i) => i.manual).map((i) => i.key);

/** What the system knows about a ticket, as loaded for the checklist (one query with the ticket). */
export interface ChecklistFacts {
  createdAt: Date;
  acknowledgedAt: Date | null;
  priority: Priority | null;
  ownerId: string | null;
  status: TicketStatus;
  firstRespondedAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  /** The FIRST_RESPONSE clock (every ticket gets one on arrival; a ticket from before that rule may have none). */
  firstResponseClock: { state: SlaClockState; metAt: Date | null } | null;
  /** Outbound messages to the user (responses, updates, resolution notices), oldest first. */
  outbound: { kind: string; createdAt: Date }[];
  /** When the user confirmed the fix (a reply, or an agent recording it). */
  confirmedAt: Date | null;
  /** Earliest knowledge-base article linked to the ticket, if any. */
  kbLinked: boolean;
  /** Ticks by hand. */
  ticks: { key: string; checkedAt: Date | null; checkedById: string | null; checkedByName: string | null }[];
}

export interface ChecklistEntry {
  key: string;
  label: string;
  done: boolean;
  doneAt: Date | null;
  /** Ticked by the system (true) or to be ticked by hand (false). */
  automatic: boolean;
  doneById: string | null;
  doneByName: string | null;
}

/** Whether no gap between updates (and since the last one, while open) exceeded 48 h. */
export function keptUpdated(f: Pick<ChecklistFacts, 'firstRespondedAt' | 'outbound' | 'resolvedAt' | 'status'>, now: Date): { done: boolean; at: Date | null } {
  if (!f.firstRespondedAt || !f.outbound.length) return { done: false, at: null };
  const times = f.outbound.map((m) => m.createdAt.getTime());
  const end = f.resolvedAt?.getTime() ?? (f.status === 'CLOSED' ? times.at(-1)! : now.getTime());
  const points = [...times, end];
  for (let i = 1; i < points.length; i++) if (points[i]! - points[i - 1]! > UPDATE_GAP_MS) return { done: false, at: null };
  return { done: true, at: new Date(times.at(-1)!) };
}

export function checklistOf(f: ChecklistFacts, now: Date): ChecklistEntry[] {
  const notice = f.outbound.find((m) => m.kind === 'RESOLUTION_NOTICE') ?? null;
  const clock = f.firstResponseClock;
  const answeredInTime = clock ? clock.state === 'MET' : !!f.firstRespondedAt;
  const updated = keptUpdated(f, now);
  const auto: Record<string, { done: boolean; at: Date | null }> = {
    auto_responder_sent: { done: !!f.acknowledgedAt, at: f.acknowledgedAt },
    ticket_logged: { done: true, at: f.createdAt },
    priority_assigned: { done: !!f.priority, at: null },
    owner_assigned: { done: !!f.ownerId, at: null },
    first_response_in_time: { done: answeredInTime, at: answeredInTime ? (clock?.metAt ?? f.firstRespondedAt) : null },
    user_kept_updated: updated,
    resolution_notified: { done: !!notice, at: notice?.createdAt ?? null },
    user_confirmed: { done: !!f.confirmedAt, at: f.confirmedAt },
    closed_with_documentation: { done: f.status === 'CLOSED', at: f.status === 'CLOSED' ? f.closedAt : null },
    // Response and resolution times are recorded from the ticket's own timestamps once it is closed.
    metrics_logged: { done: f.status === 'CLOSED', at: f.status === 'CLOSED' ? f.closedAt : null },
  };
  return TICKET_CHECKLIST.map((item) => {
    const tick = f.ticks.find((t) => t.key === item.key && t.checkedAt);
    if (item.manual) {
      if (tick)
        return {
          key: item.key,
          label: item.label,
          done: true,
          doneAt: tick.checkedAt,
          automatic: false,
          doneById: tick.checkedById,
          doneByName: tick.checkedByName,
        };
      // A linked knowledge-base article is the FAQ/KB entry.
      const kb = item.key === 'added_to_faq_kb' && f.kbLinked;
      return { key: item.key, label: item.label, done: kb, doneAt: null, automatic: kb, doneById: null, doneByName: null };
    }
    const a = auto[item.key]!;
    return { key: item.key, label: item.label, done: a.done, doneAt: a.done ? a.at : null, automatic: true, doneById: null, doneByName: null };
  });
}

/** The relations the checklist reads, for the GraphQL select (loaded with the ticket, no N+1). */
export const CHECKLIST_SELECT = {
  createdAt: true,
  acknowledgedAt: true,
  priority: true,
  ownerId: true,
  status: true,
  firstRespondedAt: true,
  resolvedAt: true,
  closedAt: true,
  slaClocks: { where: { kind: 'FIRST_RESPONSE' }, select: { state: true, metAt: true } },
  messages: {
    where: { direction: 'OUTBOUND', kind: { in: ['RESPONSE', 'USER_UPDATE', 'RESOLUTION_NOTICE'] } },
    orderBy: { createdAt: 'asc' },
    select: { kind: true, createdAt: true },
  },
  activities: { where: { action: 'user_confirmed' }, orderBy: { createdAt: 'desc' }, take: 1, select: { createdAt: true } },
  kbArticles: { take: 1, select: { articleId: true } },
  checklist: { select: { key: true, checkedAt: true, checkedById: true, checkedBy: { select: { name: true } } } },
} as const;

type Loaded = {
  createdAt: Date;
  acknowledgedAt: Date | null;
  priority: Priority | null;
  ownerId: string | null;
  status: TicketStatus;
  firstRespondedAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  slaClocks: { state: SlaClockState; metAt: Date | null }[];
  messages: { kind: string; createdAt: Date }[];
  activities: { createdAt: Date }[];
  kbArticles: { articleId: string }[];
  checklist: { key: string; checkedAt: Date | null; checkedById: string | null; checkedBy: { name: string } | null }[];
};

export function factsOf(t: Loaded): ChecklistFacts {
  return {
    createdAt: t.createdAt,
    acknowledgedAt: t.acknowledgedAt,
    priority: t.priority,
    ownerId: t.ownerId,
    status: t.status,
    firstRespondedAt: t.firstRespondedAt,
    resolvedAt: t.resolvedAt,
    closedAt: t.closedAt,
    firstResponseClock: t.slaClocks[0] ?? null,
    outbound: t.messages,
    confirmedAt: t.activities[0]?.createdAt ?? null,
    kbLinked: t.kbArticles.length > 0,
    ticks: t.checklist.map((c) => ({ key: c.key, checkedAt: c.checkedAt, checkedById: c.checkedById, checkedByName: c.checkedBy?.name ?? null })),
  };
}

export const ChecklistTickInput = z.object({
  key: z.string().trim().min(1, 'must not be empty').max(60, 'must be at most 60 characters'),
  done: z.boolean(),
});

/** Ticks (or unticks) a line the system cannot know by itself. */
export async function setTicketChecklistItem(deps: Deps, actor: Actor | null, ticketId: string, raw: z.input<typeof ChecklistTickInput>) {
  const input = parseInput(ChecklistTickInput, raw, '');
  const item = TICKET_CHECKLIST.find((i) => i.key === input.key);
  if (!item) throw fieldError('key', `unknown checklist item "${input.key}" (ticked by hand: ${MANUAL_KEYS.join(', ')})`);
  if (!item.manual) throw fieldError('key', `"${item.label}" is ticked automatically; by hand: ${MANUAL_KEYS.join(', ')}`);
  return transact(deps, async (tx, emit) => {
    const ticket = await tx.ticket.findUnique({ where: { id: ticketId } });
    if (!ticket) throw notFound(`Ticket ${ticketId}`);
    const now = deps.clock.now();
    const data = input.done ? { checkedAt: now, checkedById: actor?.userId ?? null } : { checkedAt: null, checkedById: null };
    await tx.ticketChecklistItem.upsert({
      where: { ticketId_key: { ticketId, key: item.key } },
      create: { ticketId, key: item.key, automatic: false, ...data },
      update: data,
    });
    await tx.ticketActivity.create({
      data: {
        ticketId,
        actorId: actor?.userId ?? null,
        action: input.done ? 'checklist_ticked' : 'checklist_unticked',
        field: item.key,
        toValue: String(input.done),
        createdAt: now,
      },
    });
    const updated = await tx.ticket.update({ where: { id: ticketId }, data: { updatedAt: now } });
    emit({
      topic: 'tickets',
      type: 'TICKET_CHECKLIST_UPDATED',
      entityType: 'Ticket',
      entityId: ticketId,
      payload: {
        ticket: ticketSnapshot(deps, updated),
        item: { key: item.key, done: input.done },
        number: formatTicketNumber(deps.config.ticketPrefix, ticket.number),
      },
    });
    return updated;
  });
}
