// SLA clocks: the clocks of one ticket (TRIAGE, FIRST_RESPONSE, USER_UPDATE, RESOLUTION) on its policy
// and business calendar, and the sweep that emits SLA_AT_RISK and SLA_BREACHED once per clock.
import { Prisma, type Priority, type SlaClock, SlaClockKind, SlaClockState, type Ticket } from '@opsboard/db';
import type { Emit, Tx } from '../platform/events.ts';
import { runExclusive } from '../platform/jobs.ts';
import type { Deps } from '../platform/db.ts';
import { ticketUrl } from '../notifications/service.ts';
import { notifyUsersEach, RECIPIENT_SELECT } from '../notifications/preferences.ts';
import { OPEN_STATUSES } from '../tickets/model.ts';
import { addTarget, dayKey, localDay, minutesBetween, type WorkCalendar } from './calendar.ts';
import { type ClockTarget, type LoadedPolicy, loadPolicy, policyTarget, ticketPolicy, UNTRIAGED_PRIORITY } from './policies.ts';

/** A clock warns when this share of its target is used. */
export const AT_RISK_SHARE = 0.75;

// ──────────────────────────────── clocks of a ticket ────────────────────────────────

const ACTIVE: readonly SlaClockState[] = [SlaClockState.RUNNING, SlaClockState.AT_RISK, SlaClockState.PAUSED];
const isActive = (c: SlaClock) => ACTIVE.includes(c.state);

/** Due and at-risk times of a clock with `used` of its target minutes already spent, running from `from`. */
function schedule(from: Date, target: ClockTarget, used: number, cal: WorkCalendar): { dueAt: Date; atRiskAt: Date } {
  const left = target.minutes - used;
  const riskLeft = target.minutes * AT_RISK_SHARE - used;
  return {
    dueAt: left > 0 ? addTarget(from, left, target.basis, cal) : from,
    atRiskAt: riskLeft > 0 ? addTarget(from, riskLeft, target.basis, cal) : from,
  };
}

/** Target minutes a running clock has used by `now` (more than the target once it is overdue). */
function usedMinutes(clock: SlaClock, now: Date, cal: WorkCalendar): number {
  if (clock.state === SlaClockState.PAUSED || !clock.dueAt) return clock.elapsedMinutes;
  return clock.targetMinutes - minutesBetween(now, clock.dueAt, clock.basis, cal);
}

/** Time left in the clock's own basis (business or calendar minutes); null once it stopped. */
export function remainingMinutes(clock: SlaClock, now: Date, cal: WorkCalendar): number | null {
  if (!isActive(clock) && clock.state !== SlaClockState.BREACHED) return null;
  if (clock.state === SlaClockState.BREACHED && clock.metAt) return null;
  return clock.targetMinutes - usedMinutes(clock, now, cal);
}

function armData(ticketId: string, kind: SlaClockKind, from: Date, target: ClockTarget, cal: WorkCalendar, now: Date) {
  const { dueAt, atRiskAt } = schedule(from, target, 0, cal);
  return {
    ticketId,
    kind,
    state: SlaClockState.RUNNING,
    basis: target.basis,
    targetMinutes: target.minutes,
    startedAt: from,
    dueAt,
    atRiskAt,
    pausedAt: null,
    elapsedMinutes: 0,
    atRiskEmittedAt: null,
    breachedAt: null,
    metAt: null,
    updatedAt: now,
  };
}

/** Starts (or restarts) a clock from `from` with the full target. */
async function arm(tx: Tx, ticketId: string, kind: SlaClockKind, from: Date, lp: LoadedPolicy, now: Date): Promise<SlaClock> {
  const data = armData(ticketId, kind, from, policyTarget(lp.policy, kind), lp.cal, now);
  return tx.slaClock.upsert({ where: { ticketId_kind: { ticketId, kind } }, create: data, update: data });
}

/** Stops a clock: MET if it was still running, and the time it was met on a breached one. */
function meet(clock: SlaClock, now: Date): Prisma.SlaClockUpdateInput | null {
  if (clock.state === SlaClockState.BREACHED && !clock.metAt) return { metAt: now, updatedAt: now };
  if (!isActive(clock)) return null;
  return { state: SlaClockState.MET, metAt: now, pausedAt: null, updatedAt: now };
}

function pause(clock: SlaClock, now: Date, cal: WorkCalendar): Prisma.SlaClockUpdateInput | null {
  if (clock.state !== SlaClockState.RUNNING && clock.state !== SlaClockState.AT_RISK) return null;
  return {
    state: SlaClockState.PAUSED,
    pausedAt: now,
    elapsedMinutes: Math.round(usedMinutes(clock, now, cal)),
    dueAt: null,
    atRiskAt: null,
    updatedAt: now,
  };
}

function resume(clock: SlaClock, now: Date, cal: WorkCalendar): Prisma.SlaClockUpdateInput | null {
  if (clock.state !== SlaClockState.PAUSED) return null;
  const target = { minutes: clock.targetMinutes, basis: clock.basis };
  return {
    ...schedule(now, target, clock.elapsedMinutes, cal),
    state: clock.atRiskEmittedAt ? SlaClockState.AT_RISK : SlaClockState.RUNNING,
    pausedAt: null,
    updatedAt: now,
  };
}

/** A new target for a running or paused clock (the priority changed); minutes already used carry over. */
function retarget(clock: SlaClock, target: ClockTarget, now: Date, cal: WorkCalendar): Prisma.SlaClockUpdateInput | null {
  if (!isActive(clock) || (clock.targetMinutes === target.minutes && clock.basis === target.basis)) return null;
  const used = usedMinutes(clock, now, cal);
  const base = { targetMinutes: target.minutes, basis: target.basis, updatedAt: now };
  if (clock.state === SlaClockState.PAUSED) return { ...base, elapsedMinutes: Math.round(used) };
  const riskPassed = used >= target.minutes * AT_RISK_SHARE;
  return {
    ...base,
    ...schedule(now, target, used, cal),
    // A clock that was not yet at risk under the old target warns again under the new one.
    ...(riskPassed ? {} : { state: SlaClockState.RUNNING, atRiskEmittedAt: null }),
  };
}

/**
 * Brings the clocks of a ticket in line with its state after a change (called in the change's
 * transaction). A new ticket gets TRIAGE and FIRST_RESPONSE at once, on its priority's policy or,
 * untriaged, on the stand-in's (`ticketPolicy`): FIRST_RESPONSE then runs on exactly the target the
 * auto-acknowledgement promises, and triage re-targets it. RESOLUTION starts once the priority is
 * known; all three count from the ticket's creation. Then meets, pauses, resumes and re-targets,
 * and re-checks.
 */
export async function syncTicketClocks(tx: Tx, emit: Emit, deps: Deps, before: Ticket | null, ticket: Ticket): Promise<LoadedPolicy> {
  const now = deps.clock.now();
  const lp = await ticketPolicy(tx, ticket);
  if (!before) {
    // A new ticket: nothing to meet, pause or re-check yet, and every target lies ahead.
    const kinds: SlaClockKind[] = ticket.priority ? ['TRIAGE', 'FIRST_RESPONSE', 'RESOLUTION'] : ['TRIAGE', 'FIRST_RESPONSE'];
    await tx.slaClock.createMany({ data: kinds.map((kind) => armData(ticket.id, kind, ticket.createdAt, policyTarget(lp.policy, kind), lp.cal, now)) });
    return lp;
  }
  const clocks = new Map((await tx.slaClock.findMany({ where: { ticketId: ticket.id } })).map((c) => [c.kind, c]));
  const open = OPEN_STATUSES.includes(ticket.status);
  const waiting = ticket.status === 'WAITING_ON_USER';
  // Each step sees the clock as the previous step left it (e.g. armed, re-targeted, then paused).
  const apply = async (clock: SlaClock | undefined, change: (c: SlaClock) => Prisma.SlaClockUpdateInput | null) => {
    const data = clock && change(clock);
    if (clock && data) clocks.set(clock.kind, await tx.slaClock.update({ where: { id: clock.id }, data }));
  };
  const armFromCreation = async (kind: SlaClockKind) => clocks.set(kind, await arm(tx, ticket.id, kind, ticket.createdAt, lp, now));

  if (!clocks.has('TRIAGE') && ticket.status === 'NEW') await armFromCreation('TRIAGE');
  // Tickets from before every ticket had a FIRST_RESPONSE clock get theirs on their next change.
  if (open && !clocks.has('FIRST_RESPONSE') && !ticket.firstRespondedAt) await armFromCreation('FIRST_RESPONSE');
  if (open && ticket.priority && !clocks.has('RESOLUTION')) await armFromCreation('RESOLUTION');
  if (before && before.priority !== ticket.priority && ticket.priority) {
    for (const c of [...clocks.values()]) await apply(c, (x) => retarget(x, policyTarget(lp.policy, x.kind), now, lp.cal));
  }
  if (before && before.status !== ticket.status) {
    if (ticket.status !== 'NEW') await apply(clocks.get('TRIAGE'), (c) => meet(c, now));
    const wasWaiting = before.status === 'WAITING_ON_USER';
    for (const c of [...clocks.values()]) {
      if (ticket.status === 'RESOLVED') {
        await apply(c, (x) => (x.kind === 'RESOLUTION' || x.kind === 'USER_UPDATE' ? meet(x, now) : cancel(x, now)));
      } else if (ticket.status === 'CLOSED') {
        await apply(c, (x) => cancel(x, now));
      } else if (waiting && !wasWaiting) {
        await apply(c, (x) => pause(x, now, lp.cal));
      } else if (wasWaiting && !waiting) {
        await apply(c, (x) => resume(x, now, lp.cal));
      }
    }
    const reopened = !OPEN_STATUSES.includes(before.status) && open;
    if (reopened && ticket.priority) await arm(tx, ticket.id, 'RESOLUTION', now, lp, now);
  }
  await sweepClocks(tx, emit, deps, now, ticket.id);
  return lp;
}

function cancel(clock: SlaClock, now: Date): Prisma.SlaClockUpdateInput | null {
  return isActive(clock) ? { state: SlaClockState.CANCELLED, pausedAt: null, updatedAt: now } : null;
}

/**
 * An outbound message to the requester: meets FIRST_RESPONSE and (re)arms USER_UPDATE from now, so
 * the next update is due one interval later.
 */
export async function recordOutbound(tx: Tx, emit: Emit, deps: Deps, ticket: Ticket): Promise<void> {
  const now = deps.clock.now();
  const findFirst = () => tx.slaClock.findUnique({ where: { ticketId_kind: { ticketId: ticket.id, kind: 'FIRST_RESPONSE' } } });
  let first = await findFirst();
  if (first?.dueAt && isActive(first) && now.getTime() > first.dueAt.getTime()) {
    // Late, and the sweep has not got to it yet: it breaches the clock first (with its event), so the
    // response is recorded as late, whatever the ticket's status (a reply before triage counts too).
    await sweepClocks(tx, emit, deps, now, ticket.id);
    first = await findFirst();
  }
  const met = first && meet(first, now);
  if (first && met) await tx.slaClock.update({ where: { id: first.id }, data: met });
  if (ticket.priority && OPEN_STATUSES.includes(ticket.status)) {
    const lp = await loadPolicy(tx, ticket.channel, ticket.priority);
    await arm(tx, ticket.id, 'USER_UPDATE', now, lp, now);
    if (ticket.status === 'WAITING_ON_USER') {
      const clock = await tx.slaClock.findUniqueOrThrow({ where: { ticketId_kind: { ticketId: ticket.id, kind: 'USER_UPDATE' } } });
      await tx.slaClock.update({ where: { id: clock.id }, data: pause(clock, now, lp.cal) ?? {} });
    }
  }
  await sweepClocks(tx, emit, deps, now, ticket.id);
}

// ─────────────────────────────── calendar changes ───────────────────────────────

/**
 * The holidays of a business calendar changed (`before` → `after`, the local dates in `changedDays`):
 * every running business-hours clock of an open ticket whose policy uses that calendar (its own, or
 * the default one for a policy without) is due again on the new calendar. Time already counted stays
 * counted: the business minutes the clock had left at `now` on the old calendar are laid out again
 * from `now` on the new one, so a holiday added ahead moves the due time past it and a holiday
 * removed brings it back. Only clocks whose span from today to their due day holds a changed day
 * move. Paused clocks pick the new calendar up when they resume; met, breached and cancelled clocks,
 * and running ones already due (the sweep's), stay as they are. One SLA_CLOCKS_RETARGETED event per
 * ticket (entity: the ticket) tells the queue, the ticket page and the wallboard. Returns the clocks moved.
 */
export async function retargetCalendarClocks(
  tx: Tx,
  emit: Emit,
  deps: Deps,
  calendar: { id: string; isDefault: boolean },
  before: WorkCalendar,
  after: WorkCalendar,
  changedDays: readonly string[],
): Promise<number> {
  if (!changedDays.length) return 0;
  const now = deps.clock.now();
  const policies = await tx.slaPolicy.findMany({
    where: calendar.isDefault ? { OR: [{ calendarId: calendar.id }, { calendarId: null }] } : { calendarId: calendar.id },
    select: { channel: true, priority: true },
  });
  if (!policies.length) return 0;
  // A ticket runs on its priority's policy, an untriaged one on the stand-in's (see ticketPolicy).
  const onPolicy: Prisma.TicketWhereInput[] = policies.flatMap((p) => [
    { channel: p.channel, priority: p.priority },
    ...(p.priority === UNTRIAGED_PRIORITY ? [{ channel: p.channel, priority: null }] : []),
  ]);
  const clocks = await tx.slaClock.findMany({
    where: {
      state: { in: [SlaClockState.RUNNING, SlaClockState.AT_RISK] },
      basis: 'BUSINESS',
      dueAt: { gt: now },
      ticket: { status: { in: [...OPEN_STATUSES] }, OR: onPolicy },
    },
    include: { ticket: { select: { number: true } } },
    orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
  });
  const today = dayKey(localDay(now.getTime(), after.timeZone));
  const moved = new Map<string, { number: number; clocks: { clockId: string; kind: SlaClockKind; dueAt: string; previousDueAt: string }[] }>();
  let count = 0;
  for (const clock of clocks) {
    const due = clock.dueAt as Date;
    const dueDay = dayKey(localDay(due.getTime(), after.timeZone));
    if (!changedDays.some((d) => d >= today && d <= dueDay)) continue;
    const left = minutesBetween(now, due, clock.basis, before);
    const target = { minutes: clock.targetMinutes, basis: clock.basis };
    const next = schedule(now, target, clock.targetMinutes - left, after);
    if (next.dueAt.getTime() === due.getTime()) continue;
    await tx.slaClock.update({
      where: { id: clock.id },
      // A clock that has warned keeps the time it warned at.
      data: { dueAt: next.dueAt, atRiskAt: clock.atRiskEmittedAt ? clock.atRiskAt : next.atRiskAt, updatedAt: now },
    });
    count += 1;
    const entry = moved.get(clock.ticketId) ?? { number: clock.ticket.number, clocks: [] };
    entry.clocks.push({ clockId: clock.id, kind: clock.kind, dueAt: next.dueAt.toISOString(), previousDueAt: due.toISOString() });
    moved.set(clock.ticketId, entry);
  }
  for (const [ticketId, { number, clocks: changed }] of moved) {
    emit({
      topic: 'sla',
      type: 'SLA_CLOCKS_RETARGETED',
      entityType: 'Ticket',
      entityId: ticketId,
      payload: { ticketId, ticketNumber: `${deps.config.ticketPrefix}-${number}`, calendarId: calendar.id, clocks: changed },
    });
  }
  return count;
}

// ─────────────────────────────────── the sweep ───────────────────────────────────

interface SweptClock {
  id: string;
  ticketId: string;
  kind: SlaClockKind;
  dueAt: Date;
  atRiskAt: Date;
  startedAt: Date;
  /** This sweep warned it (SLA_AT_RISK). */
  warned: boolean;
  /** This sweep breached it (SLA_BREACHED); a clock past both thresholds at once does both. */
  breached: boolean;
  number: number;
  title: string;
  priority: Priority | null;
}

/**
 * At most this many clocks change state per statement; a sweep repeats until none is left. Each
 * statement finds the due set through the indexes again, so fewer, larger batches cost less (at
 * 1 000 000 open tickets, 3 818 due clocks: two batches of 2 000 about 800 ms, one of 5 000 about
 * 600 ms); 5 000 clocks are held locked for about half a second.
 */
export const SWEEP_BATCH = 5_000;

export interface SweepResult {
  /** SLA_AT_RISK events emitted. */
  atRisk: number;
  /** SLA_BREACHED events emitted. */
  breached: number;
  /** Clocks changed (one that warned and breached counts once). */
  clocks: number;
}

/**
 * Moves due clocks to AT_RISK and BREACHED and emits one event per threshold passed, each clock
 * passing each threshold once, whoever sweeps. One statement per batch claims the due clocks
 * through the (state, atRiskAt) and (state, dueAt) indexes in no particular order (sorting would read
 * and sort the whole due set again for every batch; a batch's events are sorted), locking them (SKIP LOCKED: clocks
 * another transaction holds are its to change, and the sweep never waits on a ticket change that
 * could in turn wait on it), decides each clock's transitions from the row it locked, updates each
 * clock once (a clock past both thresholds warns and breaches in one write, so no batch boundary can
 * split the two) and returns them with their tickets for the events, which the transaction writes
 * in one insert. With `ticketId`, only that ticket's clocks (the re-check on change).
 */
export async function sweepClocks(tx: Tx, emit: Emit, deps: Deps, now: Date, ticketId?: string, batch = SWEEP_BATCH): Promise<SweepResult> {
  const at = Prisma.sql`${now}::timestamptz`;
  const onlyTicket = ticketId ? Prisma.sql`AND "ticketId" = ${ticketId}::uuid` : Prisma.empty;
  const warns = Prisma.sql`(state = 'RUNNING'::"SlaClockState" AND "atRiskAt" <= ${at} AND "atRiskEmittedAt" IS NULL)`;
  const breaches = Prisma.sql`(state IN ('RUNNING'::"SlaClockState", 'AT_RISK'::"SlaClockState") AND "dueAt" <= ${at})`;
  // The update finds each locked row by its ctid (already in hand) rather than a second primary-key
  // lookup; the row is locked, so its ctid cannot change before the update, and the id is checked too.
  const swept = await tx.$queryRaw<SweptClock[]>`
    WITH due AS (
      SELECT ctid, id, ${warns} AS warned, ${breaches} AS breached FROM "SlaClock"
       WHERE (${warns} OR ${breaches}) ${onlyTicket}
       LIMIT ${batch} FOR UPDATE SKIP LOCKED
    ), changed AS (
      UPDATE "SlaClock" AS c
         SET state = CASE WHEN due.breached THEN 'BREACHED'::"SlaClockState" ELSE 'AT_RISK'::"SlaClockState" END,
             "atRiskEmittedAt" = CASE WHEN due.warned THEN ${at} ELSE c."atRiskEmittedAt" END,
             "breachedAt" = CASE WHEN due.breached THEN ${at} ELSE c."breachedAt" END,
             "updatedAt" = ${at}
        FROM due WHERE c.ctid = due.ctid AND c.id = due.id
      RETURNING c.id, c."ticketId", c.kind, c."dueAt", c."atRiskAt", c."startedAt", due.warned, due.breached
    )
    SELECT changed.*, t.number, t.title, t.priority FROM changed JOIN "Ticket" AS t ON t.id = changed."ticketId"`;
  // Warnings first, then breaches, each by due time, ticket and kind: the order a reader would see
  // had the thresholds been passed one sweep at a time.
  const order = Object.values(SlaClockKind);
  swept.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.number - b.number || order.indexOf(a.kind) - order.indexOf(b.kind));
  const announce = (type: 'SLA_AT_RISK' | 'SLA_BREACHED', rows: SweptClock[]) => {
    for (const c of rows) {
      emit({
        topic: 'sla',
        type,
        entityType: 'SlaClock',
        entityId: c.id,
        payload: {
          clockId: c.id,
          ticketId: c.ticketId,
          ticketNumber: `${deps.config.ticketPrefix}-${c.number}`,
          title: c.title,
          priority: c.priority,
          kind: c.kind,
          dueAt: c.dueAt.toISOString(),
          atRiskAt: c.atRiskAt.toISOString(),
        },
      });
    }
  };
  const atRisk = swept.filter((c) => c.warned);
  const breached = swept.filter((c) => c.breached);
  announce('SLA_AT_RISK', atRisk);
  announce('SLA_BREACHED', breached);
  await remindOwners(
    tx,
    deps,
    now,
    swept.filter((c) => c.kind === 'USER_UPDATE'),
  );
  return { atRisk: atRisk.length, breached: breached.length, clocks: swept.length };
}

/**
 * "Keep user updated (every 24-48h)": when a USER_UPDATE clock gets at risk (or, if the sweep only
 * sees it late, overdue), the ticket's owner is reminded — once per due period (the key holds the
 * clock's start, which every update re-arms), through their preferences and quiet hours (P0 ignores them).
 */
async function remindOwners(tx: Tx, deps: Deps, now: Date, clocks: SweptClock[]): Promise<void> {
  if (!clocks.length) return;
  const tickets = await tx.ticket.findMany({
    where: { id: { in: [...new Set(clocks.map((c) => c.ticketId))] }, owner: { active: true } },
    select: { id: true, owner: { select: { ...RECIPIENT_SELECT, name: true } } },
  });
  const owners = new Map(tickets.map((t) => [t.id, t.owner]));
  await notifyUsersEach(
    tx,
    now,
    clocks.flatMap((c) => {
      const owner = owners.get(c.ticketId);
      if (!owner) return [];
      const number = `${deps.config.ticketPrefix}-${c.number}`;
      const overdue = c.dueAt <= now;
      const body = overdue
        ? `${number} "${c.title}": the user has not been updated since ${c.startedAt.toISOString()} and an update was due at ${c.dueAt.toISOString()}. Send them an update now.`
        : `${number} "${c.title}": the user has not been updated since ${c.startedAt.toISOString()}; the next update is due by ${c.dueAt.toISOString()}.`;
      return [
        {
          users: [owner],
          message: {
            key: `user_update_reminder:${c.id}:${c.startedAt.toISOString()}`,
            eventType: 'USER_UPDATE_REMINDER',
            channel: 'EMAIL' as const,
            urgent: c.priority === 'P0',
            template: 'user_update_reminder',
            subject: `Update the user on ${number}`,
            body: `${body}\n\n${ticketUrl(deps.config.publicUrl, number)}`,
            ticketId: c.ticketId,
          },
        },
      ];
    }),
  );
}

export const SLA_SWEEP_JOB = 'sla-sweep';

/** The scheduled sweep: once across instances (advisory lock), in batches of `batch` clocks until nothing is due. */
export async function runSlaSweep(deps: Deps, { batch = SWEEP_BATCH }: { batch?: number } = {}): Promise<{ atRisk: number; breached: number; ran: boolean }> {
  const total = { atRisk: 0, breached: 0, ran: false };
  for (;;) {
    const run = await runExclusive(deps, SLA_SWEEP_JOB, (tx, emit) => sweepClocks(tx, emit, deps, deps.clock.now(), undefined, batch));
    if (!run.ran) return total;
    total.ran = true;
    total.atRisk += run.result.atRisk;
    total.breached += run.result.breached;
    if (run.result.clocks < batch) return total;
  }
}

// ─────────────────────────────── wallboard and API ───────────────────────────────

export interface SlaSoonest {
  clockId: string;
  ticketId: string;
  ticketNumber: string;
  title: string;
  priority: Priority | null;
  kind: SlaClockKind;
  state: SlaClockState;
  dueAt: Date;
}

export interface SlaSummary {
  atRisk: number;
  breached: number;
  soonest: SlaSoonest[];
}

const SOONEST = 8;

/** The wallboard's SLA section: clocks at risk and breached on open tickets, and the next ones due. */
export async function slaSummary(deps: Deps): Promise<SlaSummary> {
  const openTicket = { ticket: { status: { in: [...OPEN_STATUSES] } } };
  const [counts, soonest] = await Promise.all([
    deps.prisma.slaClock.groupBy({ by: ['state'], where: { state: { in: ['AT_RISK', 'BREACHED'] }, ...openTicket }, _count: { _all: true } }),
    deps.prisma.slaClock.findMany({
      where: { state: { in: ['RUNNING', 'AT_RISK'] }, dueAt: { not: null }, ...openTicket },
      orderBy: [{ dueAt: 'asc' }, { kind: 'asc' }, { id: 'asc' }],
      take: SOONEST,
      select: { id: true, kind: true, state: true, dueAt: true, ticket: { select: { id: true, number: true, title: true, priority: true } } },
    }),
  ]);
  const count = (s: SlaClockState) => counts.find((c) => c.state === s)?._count._all ?? 0;
  return {
    atRisk: count('AT_RISK'),
    breached: count('BREACHED'),
    soonest: soonest.map((c) => ({
      clockId: c.id,
      ticketId: c.ticket.id,
      ticketNumber: `${deps.config.ticketPrefix}-${c.ticket.number}`,
      title: c.ticket.title,
      priority: c.ticket.priority,
      kind: c.kind,
      state: c.state,
      dueAt: c.dueAt as Date,
    })),
  };
}
