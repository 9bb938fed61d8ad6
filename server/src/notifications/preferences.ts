// Who hears about what: per-user channel preferences and quiet hours. Urgent messages (P0, on-call
// pages) ignore quiet hours; everything else waits for them to end.
import { TZDate } from '@date-fns/tz';
import { addDays } from 'date-fns';
import type { NotificationChannel, Prisma, Role } from '@opsboard/db';
import { z } from 'zod';
import type { Tx } from '../platform/events.ts';
import { fieldError, parseInput } from '../platform/errors.ts';
import type { Deps } from '../platform/db.ts';
import type { Actor } from '../auth/service.ts';
import { enqueueNotifications, type NewNotification } from './service.ts';

export interface Recipient {
  id: string;
  email: string;
  timeZone: string;
  quietHoursStart: number | null;
  quietHoursEnd: number | null;
}

/** The columns notifyUsers needs of a user. */
export const RECIPIENT_SELECT = { id: true, email: true, timeZone: true, quietHoursStart: true, quietHoursEnd: true } as const;

/** Active team members matching `where` (viewers never receive team notifications). */
export function findRecipients(tx: Tx, where: Prisma.UserWhereInput): Promise<(Recipient & { name: string; role: Role })[]> {
  return tx.user.findMany({
    where: { AND: [where, { active: true, role: { not: 'VIEWER' } }] },
    select: { ...RECIPIENT_SELECT, name: true, role: true },
    orderBy: { email: 'asc' },
  });
}

/** Each user once (first occurrence wins), leaving out `except` (the person who made the change). */
export function uniqueRecipients<T extends { id: string }>(users: (T | null | undefined)[], except?: string | null): T[] {
  const seen = new Set<string>(except ? [except] : []);
  return users.filter((u): u is T => !!u && !seen.has(u.id) && !!seen.add(u.id));
}

/** Minutes from local midnight at `at` in `timeZone`. */
function localMinutes(at: Date, timeZone: string): number {
  const local = new TZDate(at, timeZone);
  return local.getHours() * 60 + local.getMinutes();
}

/** When quiet hours end if `at` falls inside them (they may span midnight), else null. */
export function quietUntil(at: Date, recipient: Pick<Recipient, 'timeZone' | 'quietHoursStart' | 'quietHoursEnd'>): Date | null {
  const { quietHoursStart: start, quietHoursEnd: end, timeZone } = recipient;
  if (start === null || end === null || start === end) return null;
  const now = localMinutes(at, timeZone);
  const inside = start < end ? now >= start && now < end : now >= start || now < end;
  if (!inside) return null;
  const local = new TZDate(at, timeZone);
  const endDay = start < end || now < end ? local : addDays(local, 1);
  return new Date(new TZDate(endDay.getFullYear(), endDay.getMonth(), endDay.getDate(), Math.floor(end / 60), end % 60, 0, timeZone).getTime());
}

export interface UserMessage extends Omit<NewNotification, 'recipient' | 'userId' | 'idempotencyKey'> {
  /** The event type users choose by, e.g. ESCALATION or SLA_BREACHED. */
  eventType: string;
  /** P0 and on-call pages go out even in quiet hours. */
  urgent: boolean;
  /** Unique per change; the user's id is appended. */
  key: string;
}

/** Queues `message` for each user who has not turned this event off on this channel, respecting quiet hours. */
export async function notifyUsers(tx: Tx, at: Date, users: Recipient[], message: UserMessage): Promise<void> {
  await notifyUsersEach(tx, at, [{ users, message }]);
}

/**
 * `notifyUsers` for many messages at once (e.g. one per clock a sweep changed): one read of the
 * preferences and one insert, however many messages.
 */
export async function notifyUsersEach(tx: Tx, at: Date, items: { users: Recipient[]; message: UserMessage }[]): Promise<void> {
  const wanted = items.filter((i) => i.users.length);
  if (!wanted.length) return;
  const pairs = new Map(wanted.map(({ message: m }) => [`${m.eventType}:${m.channel}`, { eventType: m.eventType, channel: m.channel }]));
  const off = await tx.notificationPreference.findMany({
    where: { userId: { in: [...new Set(wanted.flatMap((i) => i.users.map((u) => u.id)))] }, OR: [...pairs.values()], enabled: false },
    select: { userId: true, eventType: true, channel: true },
  });
  const muted = new Set(off.map((p) => `${p.userId}:${p.eventType}:${p.channel}`));
  await enqueueNotifications(
    tx,
    at,
    wanted.flatMap(({ users, message }) => {
      const { eventType, urgent, key, ...rest } = message;
      return users
        .filter((user) => !muted.has(`${user.id}:${eventType}:${message.channel}`))
        .map((user) => ({
          ...rest,
          idempotencyKey: `${key}:${user.id}`,
          userId: user.id,
          recipient: user.email,
          notBefore: urgent ? null : quietUntil(at, user),
        }));
    }),
  );
}

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time like 22:00');
const QuietHoursInput = z
  .object({ start: HHMM.nullable(), end: HHMM.nullable() })
  .refine((v) => (v.start === null) === (v.end === null), { message: 'give both start and end, or neither', path: ['end'] });
const toMinutes = (hhmm: string | null) => (hhmm === null ? null : Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)));

export async function setQuietHours(deps: Deps, actor: Actor, raw: { start: string | null; end: string | null }) {
  if (!actor.userId) throw fieldError('token', 'a display has no preferences');
  const input = parseInput(QuietHoursInput, raw);
  return deps.prisma.user.update({ where: { id: actor.userId }, data: { quietHoursStart: toMinutes(input.start), quietHoursEnd: toMinutes(input.end) } });
}

const PreferenceInput = z.object({
  eventType: z.string().regex(/^[A-Z][A-Z0-9_]{1,60}$/, 'must be an event type such as ESCALATION'),
  channel: z.enum(['EMAIL', 'CHAT', 'IN_APP']),
  enabled: z.boolean(),
});

export async function setNotificationPreference(deps: Deps, actor: Actor, raw: { eventType: string; channel: NotificationChannel; enabled: boolean }) {
  if (!actor.userId) throw fieldError('token', 'a display has no preferences');
  const input = parseInput(PreferenceInput, raw);
  return deps.prisma.notificationPreference.upsert({
    where: { userId_eventType_channel: { userId: actor.userId, eventType: input.eventType, channel: input.channel } },
    create: { userId: actor.userId, ...input },
    update: { enabled: input.enabled },
  });
}
