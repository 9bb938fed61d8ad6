// On-call rotation: who is on call now and next, the schedule, overrides, fairness counts, and the
// handoff job that records each shift once and announces it on the 'oncall' topic.
import { randomBytes } from 'node:crypto';
import type { Prisma, PrismaClient } from '@opsboard/db';
import { z } from 'zod';
import type { Tx } from '../platform/events.ts';
import { runExclusive } from '../platform/jobs.ts';
import { fieldError, notFound, parseInput } from '../platform/errors.ts';
import { type Deps, transact } from '../platform/db.ts';
import type { Actor } from '../auth/service.ts';
import { findRecipients, notifyUsers } from '../notifications/preferences.ts';
import { LOOKAHEAD_MS, onCallAt, type OverrideRange, type RotationRule, schedule, type Shift } from './rules.ts';
import { isTimeZone } from '../platform/validation.ts';

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
const MAX_OVERRIDE_DAYS = 90;
/** An override "from now" may arrive a little after the moment it was meant for. */
const PAST_GRACE_MS = 5 * 60_000;

export interface Person {
  id: string;
  name: string;
  email: string;
}

export interface ScheduledShift extends Shift {
  user: Person;
}

export interface OnCallStatus {
  rotation: { id: string; name: string; timeZone: string };
  now: ScheduledShift | null;
  next: ScheduledShift | null;
  nextHandoffAt: Date | null;
}

const rotationInclude = {
  participants: { orderBy: { position: 'asc' }, include: { user: { select: { id: true, name: true, email: true } } } },
} as const satisfies Prisma.OnCallRotationInclude;
type RotationRow = Prisma.OnCallRotationGetPayload<{ include: typeof rotationInclude }>;

export const newFeedSecret = (): string => randomBytes(24).toString('hex');

export async function findRotation(db: PrismaClient | Tx, rotationId?: string | null): Promise<RotationRow | null> {
  if (rotationId) {
    if (!z.uuid().safeParse(rotationId).success) return null;
    return db.onCallRotation.findUnique({ where: { id: rotationId }, include: rotationInclude });
  }
  return db.onCallRotation.findFirst({ orderBy: [{ isDefault: 'desc' }, { createdAt: 'asc' }], include: rotationInclude });
}

const ruleOf = (r: RotationRow): RotationRule => ({
  startsAt: r.startsAt,
  timeZone: r.timeZone,
  handoffWeekday: r.handoffWeekday,
  handoffMinute: r.handoffMinute,
  participants: r.participants.map((p) => p.userId),
});

async function overridesBetween(db: PrismaClient | Tx, rotationId: string, from: Date, to: Date): Promise<OverrideRange[]> {
  return db.onCallOverride.findMany({
    where: { rotationId, endsAt: { gt: from }, startsAt: { lt: to } },
    select: { id: true, userId: true, startsAt: true, endsAt: true },
  });
}

/** Resolves the people of shifts; overrides may name someone outside the rotation. */
async function withPeople(db: PrismaClient | Tx, rotation: RotationRow, shifts: Shift[]): Promise<ScheduledShift[]> {
  const known = new Map(rotation.participants.map((p) => [p.userId, p.user]));
  const missing = [...new Set(shifts.map((s) => s.userId).filter((id) => !known.has(id)))];
  if (missing.length) {
    for (const u of await db.user.findMany({ where: { id: { in: missing } }, select: { id: true, name: true, email: true } })) known.set(u.id, u);
  }
  return shifts.map((s) => ({ ...s, user: known.get(s.userId) ?? { id: s.userId, name: 'unknown', email: '' } }));
}

/** On call now, next, and when the handoff to next happens. */
export async function getOnCall(deps: Deps, rotationId?: string | null, db: PrismaClient | Tx = deps.prisma): Promise<OnCallStatus | null> {
  const rotation = await findRotation(db, rotationId);
  if (!rotation) return null;
  const now = deps.clock.now();
  const overrides = await overridesBetween(db, rotation.id, new Date(now.getTime() - LOOKAHEAD_MS), new Date(now.getTime() + 2 * LOOKAHEAD_MS));
  const at = onCallAt(ruleOf(rotation), overrides, now);
  const people = await withPeople(
    db,
    rotation,
    [at.current, at.next].filter((s): s is Shift => s !== null),
  );
  return {
    rotation: { id: rotation.id, name: rotation.name, timeZone: rotation.timeZone },
    now: at.current ? (people.shift() ?? null) : null,
    next: at.next ? (people.shift() ?? null) : null,
    nextHandoffAt: at.nextHandoffAt,
  };
}

/** The shifts of the coming `weeks` weeks from now (the current one included, whole). */
export async function getSchedule(deps: Deps, rotationId: string, weeks = 8, fromOffsetDays = 0): Promise<ScheduledShift[]> {
  if (!Number.isInteger(weeks) || weeks < 1 || weeks > 52) throw fieldError('weeks', 'must be between 1 and 52');
  const rotation = await findRotation(deps.prisma, rotationId);
  if (!rotation) throw notFound(`Rotation ${rotationId}`);
  const from = new Date(deps.clock.now().getTime() + fromOffsetDays * DAY_MS);
  const to = new Date(from.getTime() + weeks * WEEK_MS);
  const overrides = await overridesBetween(deps.prisma, rotation.id, new Date(from.getTime() - LOOKAHEAD_MS), new Date(to.getTime() + LOOKAHEAD_MS));
  return withPeople(deps.prisma, rotation, schedule(ruleOf(rotation), overrides, from, to));
}

export interface ShiftCount {
  user: Person;
  shifts: number;
  hours: number;
  /** Pages that asked this person in the window, and those of them outside business hours. */
  pages: number;
  afterHoursPages: number;
}

/** Fairness: shifts each participant actually held (recorded at handoff) and the pages that asked them, in the last `days` days. */
export async function shiftCounts(deps: Deps, rotationId: string, days = 90): Promise<ShiftCount[]> {
  if (!Number.isInteger(days) || days < 1 || days > 366) throw fieldError('days', 'must be between 1 and 366');
  const rotation = await findRotation(deps.prisma, rotationId);
  if (!rotation) throw notFound(`Rotation ${rotationId}`);
  const now = deps.clock.now();
  const since = new Date(now.getTime() - days * DAY_MS);
  const rows = await deps.prisma.onCallShift.findMany({
    where: { rotationId: rotation.id, startsAt: { gte: since, lte: now } },
    select: { userId: true, startsAt: true, endsAt: true, user: { select: { id: true, name: true, email: true } } },
  });
  const counts = new Map<string, ShiftCount>(rotation.participants.map((p) => [p.userId, { user: p.user, shifts: 0, hours: 0, pages: 0, afterHoursPages: 0 }]));
  for (const row of rows) {
    const c = counts.get(row.userId) ?? { user: row.user, shifts: 0, hours: 0, pages: 0, afterHoursPages: 0 };
    c.shifts += 1;
    const end = row.endsAt < now ? row.endsAt : now;
    c.hours += Math.max(0, end.getTime() - row.startsAt.getTime()) / 3_600_000;
    counts.set(row.userId, c);
  }
  const paged = await deps.prisma.pageRecipient.findMany({
    where: { userId: { in: [...counts.keys()] }, notifiedAt: { gte: since, lte: now } },
    select: { userId: true, page: { select: { afterHours: true } } },
  });
  for (const row of paged) {
    const c = counts.get(row.userId)!;
    c.pages += 1;
    if (row.page.afterHours) c.afterHoursPages += 1;
  }
  return [...counts.values()].map((c) => ({ ...c, hours: Math.round(c.hours * 10) / 10 }));
}

export const CreateRotationInput = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(100),
  timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin'),
  handoffWeekday: z.number().int().min(1, 'must be 1 (Monday) to 7 (Sunday)').max(7, 'must be 1 (Monday) to 7 (Sunday)'),
  handoffMinute: z.number().int().min(0).max(1439, 'must be minutes from midnight (0–1439)'),
  startsAt: z.date(),
  participantIds: z
    .array(z.uuid('must be user ids'))
    .min(1, 'needs at least one person')
    .max(52)
    .refine((ids) => new Set(ids).size === ids.length, 'names someone twice'),
  isDefault: z.boolean().optional().nullable(),
});
export type CreateRotationInput = z.input<typeof CreateRotationInput>;

export async function createRotation(deps: Deps, _actor: Actor | null, raw: CreateRotationInput): Promise<{ id: string }> {
  const input = parseInput(CreateRotationInput, raw);
  return transact(deps, async (tx, emit) => {
    if (await tx.onCallRotation.findUnique({ where: { name: input.name } })) throw fieldError('input.name', 'a rotation of that name exists');
    const users = await tx.user.count({ where: { id: { in: input.participantIds }, active: true } });
    if (users !== input.participantIds.length) throw fieldError('input.participantIds', 'every participant must be an active user');
    if (input.isDefault) await tx.onCallRotation.updateMany({ where: { isDefault: true }, data: { isDefault: false } });
    const rotation = await tx.onCallRotation.create({
      data: {
        name: input.name,
        timeZone: input.timeZone,
        handoffWeekday: input.handoffWeekday,
        handoffMinute: input.handoffMinute,
        startsAt: input.startsAt,
        feedSecret: newFeedSecret(),
        isDefault: input.isDefault ?? false,
        createdAt: deps.clock.now(),
        participants: { create: input.participantIds.map((userId, position) => ({ userId, position, feedSecret: newFeedSecret() })) },
      },
    });
    emit({
      topic: 'oncall',
      type: 'ONCALL_ROTATION_CREATED',
      entityType: 'OnCallRotation',
      entityId: rotation.id,
      payload: { id: rotation.id, name: rotation.name },
    });
    return { id: rotation.id };
  });
}

export const CreateOverrideInput = z
  .object({
    rotationId: z.uuid('must be a rotation id'),
    userId: z.uuid('must be a user id'),
    startsAt: z.date(),
    endsAt: z.date(),
    reason: z.string().trim().max(500).optional().nullable(),
  })
  .refine((v) => v.endsAt > v.startsAt, { path: ['endsAt'], message: 'must be after startsAt' })
  .refine((v) => v.endsAt.getTime() - v.startsAt.getTime() <= MAX_OVERRIDE_DAYS * DAY_MS, {
    path: ['endsAt'],
    message: `an override lasts at most ${MAX_OVERRIDE_DAYS} days`,
  });
export type CreateOverrideInput = z.input<typeof CreateOverrideInput>;

const overridePayload = (o: { id: string; rotationId: string; userId: string; startsAt: Date; endsAt: Date; reason: string | null }) => ({
  id: o.id,
  rotationId: o.rotationId,
  userId: o.userId,
  startsAt: o.startsAt.toISOString(),
  endsAt: o.endsAt.toISOString(),
  reason: o.reason,
});

/** Someone in the rotation covers [startsAt, endsAt): partial days are fine; overrides may not overlap. */
export async function createOverride(deps: Deps, actor: Actor | null, raw: CreateOverrideInput): Promise<{ id: string }> {
  const input = parseInput(CreateOverrideInput, raw);
  return transact(deps, async (tx, emit) => {
    const now = deps.clock.now();
    if (input.endsAt <= now) throw fieldError('input.endsAt', 'must be in the future');
    // Shifts already begun are recorded history; an override may start now, not before.
    if (input.startsAt.getTime() < now.getTime() - PAST_GRACE_MS)
      throw fieldError('input.startsAt', 'must not be in the past: shifts already begun stay as they were');
    const member = await tx.rotationParticipant.findUnique({ where: { rotationId_userId: { rotationId: input.rotationId, userId: input.userId } } });
    if (!member) {
      if (!(await tx.onCallRotation.findUnique({ where: { id: input.rotationId } }))) throw notFound(`Rotation ${input.rotationId}`);
      throw fieldError('input.userId', 'is not a participant of this rotation');
    }
    const clash = await tx.onCallOverride.findFirst({
      where: { rotationId: input.rotationId, startsAt: { lt: input.endsAt }, endsAt: { gt: input.startsAt } },
    });
    if (clash) throw fieldError('input.startsAt', `overlaps the override ${clash.startsAt.toISOString()} – ${clash.endsAt.toISOString()}`);
    const override = await tx.onCallOverride.create({
      data: { ...input, reason: input.reason ?? null, createdById: actor?.userId ?? null, createdAt: now },
    });
    emit({ topic: 'oncall', type: 'ONCALL_OVERRIDE_CREATED', entityType: 'OnCallRotation', entityId: input.rotationId, payload: overridePayload(override) });
    return { id: override.id };
  });
}

export async function removeOverride(deps: Deps, _actor: Actor | null, id: string): Promise<void> {
  await transact(deps, async (tx, emit) => {
    const override = z.uuid().safeParse(id).success ? await tx.onCallOverride.findUnique({ where: { id } }) : null;
    if (!override) throw notFound(`Override ${id.slice(0, 40)}`);
    if (override.endsAt <= deps.clock.now()) throw fieldError('id', 'this override is over; past shifts stay as they were');
    await tx.onCallOverride.delete({ where: { id } });
    emit({ topic: 'oncall', type: 'ONCALL_OVERRIDE_REMOVED', entityType: 'OnCallRotation', entityId: override.rotationId, payload: overridePayload(override) });
  });
}

export const ONCALL_HANDOFF_JOB = 'oncall-handoff';

/** Records shifts that have begun (catching up a missed run) and announces the current one once. */
export async function runOnCallHandoff(deps: Deps): Promise<number> {
  const result = await runExclusive(deps, ONCALL_HANDOFF_JOB, async (tx, emit) => {
    const now = deps.clock.now();
    const rotations = await tx.onCallRotation.findMany({ include: rotationInclude });
    let handoffs = 0;
    for (const rotation of rotations) {
      const last = await tx.onCallShift.findFirst({ where: { rotationId: rotation.id }, orderBy: { startsAt: 'desc' } });
      const from = new Date(Math.max(last?.startsAt.getTime() ?? 0, rotation.startsAt.getTime(), now.getTime() - 90 * DAY_MS));
      const overrides = await overridesBetween(tx, rotation.id, new Date(from.getTime() - LOOKAHEAD_MS), new Date(now.getTime() + LOOKAHEAD_MS));
      const begun = schedule(ruleOf(rotation), overrides, from, new Date(now.getTime() + 1)).filter((s) => s.startsAt <= now);
      const current = begun.at(-1);
      if (!current) continue;
      const fresh = begun.filter((s) => !last || s.startsAt > last.startsAt);
      if (!fresh.length) continue;
      // An override created after a shift was recorded may have cut it short.
      if (last && last.endsAt > (fresh[0] as Shift).startsAt) {
        await tx.onCallShift.update({ where: { id: last.id }, data: { endsAt: (fresh[0] as Shift).startsAt } });
      }
      const written = await tx.onCallShift.createMany({
        data: fresh.map((s) => ({ rotationId: rotation.id, userId: s.userId, startsAt: s.startsAt, endsAt: s.endsAt, source: s.source })),
        skipDuplicates: true,
      });
      if (!written.count) continue;
      const previous = fresh.length > 1 ? fresh.at(-2)?.userId : last?.userId;
      handoffs += 1;
      emit({
        topic: 'oncall',
        type: 'ONCALL_HANDOFF',
        entityType: 'OnCallRotation',
        entityId: rotation.id,
        payload: {
          rotationId: rotation.id,
          rotation: rotation.name,
          fromUserId: previous ?? null,
          toUserId: current.userId,
          startsAt: current.startsAt.toISOString(),
          endsAt: current.endsAt.toISOString(),
          source: current.source,
        },
      });
      // The person taking over hears it (their preferences and quiet hours apply: a handoff is not a page).
      await notifyUsers(tx, now, await findRecipients(tx, { id: current.userId }), {
        key: `oncall-handoff:${rotation.id}:${current.startsAt.toISOString()}`,
        eventType: 'ONCALL_HANDOFF',
        channel: 'EMAIL',
        urgent: false,
        template: 'oncall_handoff',
        subject: `You are on call (${rotation.name})`,
        body: `Your on-call shift in ${rotation.name} started at ${current.startsAt.toISOString()} and runs until ${current.endsAt.toISOString()}.`,
      });
    }
    return handoffs;
  });
  return result.ran ? result.result : 0;
}

export interface WallboardOnCall {
  rotationName: string;
  now: Person | null;
  next: Person | null;
  nextHandoffAt: Date | null;
}

/** The default rotation for the wallboard (one call per snapshot). */
export async function wallboardOnCall(deps: Deps): Promise<WallboardOnCall | null> {
  const status = await getOnCall(deps);
  if (!status) return null;
  return { rotationName: status.rotation.name, now: status.now?.user ?? null, next: status.next?.user ?? null, nextHandoffAt: status.nextHandoffAt };
}

/**
 * The on-call engineer now and the secondary: the next person of the rotation (the next shift's,
 * or the participant after the current one when the next shift is theirs too).
 */
export async function onCallChain(deps: Deps, db: PrismaClient | Tx = deps.prisma): Promise<{ primary: Person | null; secondary: Person | null }> {
  const status = await getOnCall(deps, null, db);
  const primary = status?.now?.user ?? null;
  if (!status || !primary) return { primary, secondary: null };
  if (status.next && status.next.user.id !== primary.id) return { primary, secondary: status.next.user };
  const rotation = await findRotation(db, status.rotation.id);
  const people = rotation?.participants.map((p) => p.user) ?? [];
  const at = people.findIndex((p) => p.id === primary.id);
  const after = [...people.slice(at + 1), ...people.slice(0, Math.max(at, 0))];
  return { primary, secondary: after.find((p) => p.id !== primary.id) ?? null };
}
