// The guide's Triage Meeting Schedule: the daily triage (09:30, 15 minutes: every new ticket,
// prioritise, assign) and the weekly review (Fridays 14:00, 30 minutes: open tickets, trends,
// improvements), in the team's time zone. A job builds each agenda from live data when the meeting
// starts — once across instances and idempotently — and the meeting mode records decisions on the
// tickets through the triage service and marks the meeting done.
import { TZDate } from '@date-fns/tz';
import { type EscalationAgenda, Priority, type Prisma, type Role, type Ticket, TicketType, type TriageMeeting, type TriageMeetingKind } from '@opsboard/db';
import { z } from 'zod';
import type { Emit, Tx } from '../platform/events.ts';
import { runExclusive } from '../platform/jobs.ts';
import { fieldError, notFound, parseInput } from '../platform/errors.ts';
import { type Deps, transact } from '../platform/db.ts';
import type { Actor } from '../auth/service.ts';
import { agendaWhere } from '../escalations/rules.ts';
import { toWorkCalendar } from '../sla/calendar.ts';
import { formatTicketNumber, OPEN_STATUSES } from '../tickets/model.ts';
import { triageTicketIn } from './service.ts';
import { suggestPriority, suggestRouting, type Team } from './rules.ts';

const DAY_MS = 86_400_000;
const MAX_ITEMS = 200;

export interface MeetingRule {
  /** Local start, in the team's time zone. */
  hour: number;
  minute: number;
  durationMinutes: number;
  /** ISO weekdays (1 = Monday … 7 = Sunday). */
  weekdays: readonly number[];
  title: string;
  /** No meeting on a holiday of the default business calendar. */
  skipsHolidays: boolean;
  /** The escalation list the meeting goes through (the guide's send-to rules: P2 → daily stand-up, P3 → weekly review). */
  escalations: EscalationAgenda;
}

export const MEETINGS: Record<TriageMeetingKind, MeetingRule> = {
  DAILY: { hour: 9, minute: 30, durationMinutes: 15, weekdays: [1, 2, 3, 4, 5], title: 'Daily triage', skipsHolidays: true, escalations: 'DAILY_STANDUP' },
  WEEKLY: { hour: 14, minute: 0, durationMinutes: 30, weekdays: [5], title: 'Weekly review', skipsHolidays: false, escalations: 'WEEKLY_REVIEW' },
};
const KINDS: TriageMeetingKind[] = ['DAILY', 'WEEKLY'];
const NO_HOLIDAYS: ReadonlySet<string> = new Set();

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The start of the `kind` meeting on the local day of `at` in `timeZone`, or null when there is none
 * that day (not one of its weekdays, or a holiday — local dates YYYY-MM-DD — for a meeting that skips them).
 */
export function meetingStartOn(kind: TriageMeetingKind, at: Date, timeZone: string, holidays: ReadonlySet<string> = NO_HOLIDAYS): Date | null {
  const rule = MEETINGS[kind];
  const local = new TZDate(at, timeZone);
  const isoDay = local.getDay() === 0 ? 7 : local.getDay();
  if (!rule.weekdays.includes(isoDay)) return null;
  if (rule.skipsHolidays && holidays.has(`${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}`)) return null;
  return new Date(new TZDate(local.getFullYear(), local.getMonth(), local.getDate(), rule.hour, rule.minute, 0, timeZone).getTime());
}

/** The latest start of a `kind` meeting strictly before `before` (looks back up to two weeks). */
export function previousMeetingStart(kind: TriageMeetingKind, before: Date, timeZone: string, holidays: ReadonlySet<string> = NO_HOLIDAYS): Date {
  for (let days = 0; days <= 14; days += 1) {
    const start = meetingStartOn(kind, new Date(before.getTime() - days * DAY_MS), timeZone, holidays);
    if (start && start < before) return start;
  }
  return new Date(before.getTime() - 7 * DAY_MS);
}

/** The meeting due to be built at `now`: started, not over yet. */
export function dueMeetings(now: Date, timeZone: string, holidays: ReadonlySet<string> = NO_HOLIDAYS): { kind: TriageMeetingKind; startsAt: Date }[] {
  return KINDS.flatMap((kind) => {
    const startsAt = meetingStartOn(kind, now, timeZone, holidays);
    if (!startsAt) return [];
    const endsAt = startsAt.getTime() + MEETINGS[kind].durationMinutes * 60_000;
    return now >= startsAt && now.getTime() < endsAt ? [{ kind, startsAt }] : [];
  });
}

export const TRIAGE_AGENDAS_JOB = 'triage-agendas';

/**
 * The job (every minute): builds the agenda of a meeting that has started and has none yet. Runs
 * once across instances (advisory lock) and is idempotent (one meeting per kind and start).
 */
export async function runTriageAgendas(deps: Deps): Promise<{ ran: boolean; built: TriageMeetingKind[] }> {
  const now = deps.clock.now();
  // Only on a meeting's weekday at its time is the calendar worth a look.
  if (!dueMeetings(now, deps.config.timeZone).length) return { ran: true, built: [] };
  const holidays = await holidaysAround(deps.prisma, now);
  const due = dueMeetings(now, deps.config.timeZone, holidays);
  if (!due.length) return { ran: true, built: [] };
  const outcome = await runExclusive(deps, TRIAGE_AGENDAS_JOB, async (tx, emit) => {
    const built: TriageMeetingKind[] = [];
    for (const { kind, startsAt } of due) {
      if (await tx.triageMeeting.findUnique({ where: { kind_startsAt: { kind, startsAt } }, select: { id: true } })) continue;
      await buildAgenda(tx, emit, deps, kind, startsAt, holidays);
      built.push(kind);
    }
    return built;
  });
  return outcome.ran ? { ran: true, built: outcome.result } : { ran: false, built: [] };
}

/**
 * The holidays (local dates, YYYY-MM-DD) of the default business calendar — the one the SLA clocks
 * count business hours in — from two weeks before `at` to a day after it.
 */
export async function holidaysAround(db: Pick<Tx, 'businessCalendar'>, at: Date): Promise<ReadonlySet<string>> {
  const from = new Date(at.getTime() - 15 * DAY_MS);
  const to = new Date(at.getTime() + 2 * DAY_MS);
  const calendar = await db.businessCalendar.findFirst({
    where: { isDefault: true },
    include: { holidays: { where: { date: { gte: from, lte: to } }, select: { date: true } } },
  });
  return calendar ? toWorkCalendar(calendar).holidays : NO_HOLIDAYS;
}

const TEAM_ROLES: Record<Team, Role[]> = {
  ENGINEERING: ['ENGINEER'],
  SUPPORT: ['AGENT'],
  PRODUCT: ['MANAGER'],
  SUPPORT_LEAD: ['LEAD', 'MANAGER'],
};

/** Suggests an owner: the ticket's own, else the active member of the routed team with the fewest open tickets. */
async function ownerSuggester(tx: Tx): Promise<(ticket: Ticket, team: Team) => string | null> {
  const people = await tx.user.findMany({
    where: { active: true, role: { in: ['AGENT', 'ENGINEER', 'LEAD', 'MANAGER'] } },
    select: { id: true, role: true, name: true },
  });
  const load = await tx.ticket.groupBy({ by: ['ownerId'], where: { status: { in: [...OPEN_STATUSES] }, ownerId: { not: null } }, _count: { _all: true } });
  const open = new Map(load.map((row) => [row.ownerId, row._count._all]));
  return (ticket, team) => {
    if (ticket.ownerId) return ticket.ownerId;
    const candidates = people.filter((p) => TEAM_ROLES[team].includes(p.role));
    const pool = candidates.length ? candidates : people;
    const best = [...pool].sort((a, b) => (open.get(a.id) ?? 0) - (open.get(b.id) ?? 0) || a.name.localeCompare(b.name))[0];
    if (!best) return null;
    open.set(best.id, (open.get(best.id) ?? 0) + 1); // spread suggestions within one agenda
    return best.id;
  };
}

const isUntriaged = (t: Pick<Ticket, 'status' | 'priority'>) => t.status === 'NEW' || t.priority === null;

export async function buildAgenda(
  tx: Tx,
  emit: Emit,
  deps: Deps,
  kind: TriageMeetingKind,
  startsAt: Date,
  holidays?: ReadonlySet<string>,
): Promise<TriageMeeting> {
  const now = deps.clock.now();
  const base: Prisma.TicketWhereInput = { isSpam: false, isTest: false, mergedIntoId: null };
  let tickets: Ticket[];
  let summary: Prisma.InputJsonObject;
  if (kind === 'DAILY') {
    // Every ticket new since the last daily triage, plus anything still untriaged from before.
    const since =
      (await tx.triageMeeting.findFirst({ where: { kind, startsAt: { lt: startsAt } }, orderBy: { startsAt: 'desc' }, select: { startsAt: true } }))
        ?.startsAt ?? previousMeetingStart(kind, startsAt, deps.config.timeZone, holidays ?? (await holidaysAround(tx, startsAt)));
    tickets = await tx.ticket.findMany({
      where: { ...base, createdAt: { lte: now }, OR: [{ createdAt: { gte: since } }, { status: 'NEW' }] },
      orderBy: [{ createdAt: 'asc' }, { number: 'asc' }],
      take: MAX_ITEMS,
    });
    tickets.sort((a, b) => Number(isUntriaged(b)) - Number(isUntriaged(a)));
    summary = { since: since.toISOString(), newTickets: tickets.filter((t) => t.createdAt >= since).length, untriaged: tickets.filter(isUntriaged).length };
  } else {
    // Open tickets by age (oldest first), trends over the last two weeks, SLA misses of the week.
    tickets = await tx.ticket.findMany({
      where: { ...base, status: { in: [...OPEN_STATUSES] } },
      orderBy: [{ createdAt: 'asc' }, { number: 'asc' }],
      take: MAX_ITEMS,
    });
    summary = await weeklySummary(tx, deps, startsAt);
  }
  // The escalations the send-to rules put on this meeting's list and nobody has discussed yet.
  const escalations = await tx.escalation.findMany({
    where: { ...agendaWhere(MEETINGS[kind].escalations), createdAt: { lte: now } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: MAX_ITEMS,
    select: { id: true },
  });
  summary = { ...summary, escalations: escalations.length };
  const suggestOwner = await ownerSuggester(tx);
  const meeting = await tx.triageMeeting.create({
    data: {
      kind,
      startsAt,
      durationMinutes: MEETINGS[kind].durationMinutes,
      builtAt: now,
      summary,
      escalationIds: escalations.map((e) => e.id),
      items: {
        create: tickets.map((ticket, position) => {
          const priority = suggestPriority(ticket);
          const routing = suggestRouting(ticket.type);
          return {
            ticketId: ticket.id,
            position,
            suggestedPriority: priority.priority,
            suggestedReason: priority.reason,
            suggestedTeam: routing.team,
            suggestedOwnerId: suggestOwner(ticket, routing.team),
          };
        }),
      },
    },
  });
  emit({
    topic: 'triage',
    type: 'TRIAGE_AGENDA_BUILT',
    entityType: 'TriageMeeting',
    entityId: meeting.id,
    payload: { meetingId: meeting.id, kind, startsAt: startsAt.toISOString(), items: tickets.length, escalations: escalations.length },
  });
  return meeting;
}

const AGE_BUCKETS = [
  { label: '< 1 day', maxDays: 1 },
  { label: '1–3 days', maxDays: 3 },
  { label: '3–7 days', maxDays: 7 },
  { label: '1–2 weeks', maxDays: 14 },
  { label: '> 2 weeks', maxDays: null },
] as const;

async function weeklySummary(tx: Tx, deps: Deps, startsAt: Date): Promise<Prisma.InputJsonObject> {
  const weekAgo = new Date(startsAt.getTime() - 7 * DAY_MS);
  const twoWeeksAgo = new Date(startsAt.getTime() - 14 * DAY_MS);
  // One after the other: a transaction is one connection, where concurrent queries only queue (and pg deprecates them).
  const open = await tx.ticket.findMany({ where: { status: { in: [...OPEN_STATUSES] }, isSpam: false, isTest: false }, select: { createdAt: true } });
  const createdThis = await tx.ticket.count({ where: { createdAt: { gte: weekAgo, lt: startsAt } } });
  const createdPrev = await tx.ticket.count({ where: { createdAt: { gte: twoWeeksAgo, lt: weekAgo } } });
  const resolvedThis = await tx.ticket.count({ where: { resolvedAt: { gte: weekAgo, lt: startsAt } } });
  const resolvedPrev = await tx.ticket.count({ where: { resolvedAt: { gte: twoWeeksAgo, lt: weekAgo } } });
  const byChannel = await tx.ticket.groupBy({ by: ['channel'], where: { createdAt: { gte: weekAgo, lt: startsAt } }, _count: { _all: true } });
  const misses = await tx.slaClock.findMany({
    where: { breachedAt: { gte: weekAgo, lt: startsAt } },
    orderBy: { breachedAt: 'asc' },
    take: 100,
    select: { kind: true, breachedAt: true, ticket: { select: { id: true, number: true, title: true, priority: true } } },
  });
  const ageDays = (d: Date) => (startsAt.getTime() - d.getTime()) / DAY_MS;
  let lower = 0;
  const openByAge = AGE_BUCKETS.map((b) => {
    const count = open.filter((t) => ageDays(t.createdAt) >= lower && (b.maxDays === null || ageDays(t.createdAt) < b.maxDays)).length;
    lower = b.maxDays ?? lower;
    return { label: b.label, count };
  });
  const missesByKind: Record<string, number> = {};
  for (const m of misses) missesByKind[m.kind] = (missesByKind[m.kind] ?? 0) + 1;
  return {
    openTotal: open.length,
    openByAge,
    trends: {
      createdThisWeek: createdThis,
      createdLastWeek: createdPrev,
      resolvedThisWeek: resolvedThis,
      resolvedLastWeek: resolvedPrev,
      byChannel: byChannel.map((c) => ({ channel: c.channel, count: c._count._all })),
    },
    slaMisses: {
      total: misses.length,
      byKind: missesByKind,
      tickets: misses.slice(0, 20).map((m) => ({
        ticketId: m.ticket.id,
        number: formatTicketNumber(deps.config.ticketPrefix, m.ticket.number),
        title: m.ticket.title,
        priority: m.ticket.priority,
        kind: m.kind,
        breachedAt: m.breachedAt!.toISOString(),
      })),
    },
  };
}

export const DecisionInput = z.object({
  itemId: z.uuid('must be an agenda item id'),
  priority: z.enum(Priority),
  ownerId: z.uuid('must be a user id'),
  type: z.enum(TicketType).optional().nullable(),
});
export type DecisionInput = z.input<typeof DecisionInput>;

/** Records a meeting decision (priority, owner) on the ticket through the triage service, in one transaction. */
export async function decideTriageItem(deps: Deps, actor: Actor | null, raw: DecisionInput) {
  const input = parseInput(DecisionInput, raw);
  return transact(deps, async (tx, emit) => {
    const item = await tx.triageAgendaItem.findUnique({ where: { id: input.itemId }, include: { meeting: true } });
    if (!item) throw fieldError('input.itemId', 'no agenda item with that id');
    if (item.meeting.status === 'DONE')
      throw fieldError(
        'input.itemId',
        `the ${MEETINGS[item.meeting.kind].title.toLowerCase()} of ${item.meeting.startsAt.toISOString()} is done: decisions are closed`,
      );
    const ticket = await tx.ticket.findUnique({ where: { id: item.ticketId } });
    if (!ticket) throw fieldError('input.itemId', 'the ticket of this agenda item no longer exists');
    const number = formatTicketNumber(deps.config.ticketPrefix, ticket.number);
    if (ticket.status === 'CLOSED' || ticket.status === 'RESOLVED') {
      throw fieldError('input.itemId', `${number} is ${ticket.status}: a triage decision needs an open ticket (reopen it first)`);
    }
    const type: TicketType | null = input.type ?? ticket.type;
    if (!type) throw fieldError('input.type', `${number} has no type yet: say what it is (BUG, QUESTION, …)`);
    await triageTicketIn(tx, emit, deps, actor, ticket.id, { type, priority: input.priority as Priority, ownerId: input.ownerId });
    const now = deps.clock.now();
    const updated = await tx.triageAgendaItem.update({
      where: { id: item.id },
      data: { decidedPriority: input.priority as Priority, decidedOwnerId: input.ownerId, decidedById: actor?.userId ?? null, decidedAt: now },
    });
    emit({
      topic: 'triage',
      type: 'TRIAGE_DECISION_RECORDED',
      entityType: 'TriageMeeting',
      entityId: item.meetingId,
      payload: { meetingId: item.meetingId, itemId: item.id, ticketId: ticket.id, ticketNumber: number, priority: input.priority, ownerId: input.ownerId },
    });
    return updated;
  });
}

export const CompleteInput = z.object({
  meetingId: z.uuid('must be a meeting id'),
  attendeeIds: z.array(z.uuid('must be user ids')).max(100).optional().nullable(),
});
export type CompleteInput = z.input<typeof CompleteInput>;

/**
 * Marks the meeting done; attendees are the people named, the one closing it and everyone who decided
 * an item. The escalations it listed are marked discussed (`discussedAt`) in the same transaction.
 */
export async function completeTriageMeeting(deps: Deps, actor: Actor | null, raw: CompleteInput): Promise<TriageMeeting> {
  const input = parseInput(CompleteInput, raw);
  return transact(deps, async (tx, emit) => {
    const meeting = await tx.triageMeeting.findUnique({
      where: { id: input.meetingId },
      include: { items: { select: { decidedById: true, decidedAt: true } } },
    });
    if (!meeting) throw notFound(`Triage meeting ${input.meetingId}`);
    if (meeting.status === 'DONE') throw fieldError('input.meetingId', 'this meeting is already done');
    const named = input.attendeeIds ?? [];
    if (named.length) {
      const found = await tx.user.count({ where: { id: { in: named }, active: true } });
      if (found !== new Set(named).size) throw fieldError('input.attendeeIds', 'every attendee must be an active user');
    }
    const attendees = [
      ...new Set([...named, ...(actor?.userId ? [actor.userId] : []), ...meeting.items.flatMap((i) => (i.decidedById ? [i.decidedById] : []))]),
    ];
    const now = deps.clock.now();
    const done = await tx.triageMeeting.update({
      where: { id: meeting.id },
      data: { status: 'DONE', doneAt: now, doneById: actor?.userId ?? null, attendeeIds: attendees },
    });
    const discussed = meeting.escalationIds.length
      ? await tx.escalation.updateMany({ where: { id: { in: meeting.escalationIds }, discussedAt: null }, data: { discussedAt: now } })
      : { count: 0 };
    emit({
      topic: 'triage',
      type: 'TRIAGE_MEETING_DONE',
      entityType: 'TriageMeeting',
      entityId: meeting.id,
      payload: {
        meetingId: meeting.id,
        kind: meeting.kind,
        decided: meeting.items.filter((i) => i.decidedAt).length,
        items: meeting.items.length,
        attendeeIds: attendees,
        escalationsDiscussed: discussed.count,
      },
    });
    return done;
  });
}
