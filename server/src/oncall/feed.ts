// iCal feeds of a rotation and of one person in it, each behind its own secret URL. Times are
// written in UTC, which every calendar shows in its own zone (no VTIMEZONE block needed).
import ical from 'ical-generator';
import type { Deps } from '../platform/db.ts';
import { findRotation, getSchedule } from './service.ts';

/** Past weeks kept in a feed, so a calendar still shows last month's shifts. */
const PAST_WEEKS = 4;
const FUTURE_WEEKS = 8;

/** The iCal text for a rotation or participant feed secret; null when the secret matches nothing. */
export async function onCallFeed(deps: Deps, secret: string): Promise<string | null> {
  const rotationHit = await deps.prisma.onCallRotation.findUnique({ where: { feedSecret: secret }, select: { id: true } });
  const participant = rotationHit
    ? null
    : await deps.prisma.rotationParticipant.findUnique({ where: { feedSecret: secret }, select: { rotationId: true, userId: true } });
  const rotationId = rotationHit?.id ?? participant?.rotationId;
  if (!rotationId) return null;
  const rotation = await findRotation(deps.prisma, rotationId);
  if (!rotation) return null;
  const shifts = (await getSchedule(deps, rotationId, PAST_WEEKS + FUTURE_WEEKS, -7 * PAST_WEEKS)).filter(
    (s) => !participant || s.userId === participant.userId,
  );
  const person = participant ? rotation.participants.find((p) => p.userId === participant.userId)?.user.name : undefined;
  const calendar = ical({
    name: person ? `On call: ${person} (${rotation.name})` : `On call: ${rotation.name}`,
    prodId: { company: 'opsboard', product: 'on-call' },
  });
  for (const s of shifts) {
    calendar.createEvent({
      id: `${rotation.id}-${s.startsAt.getTime()}@opsboard`,
      start: s.startsAt,
      end: s.endsAt,
      summary: `On call: ${s.user.name}${s.source === 'OVERRIDE' ? ' (override)' : ''}`,
      description: `${rotation.name}: ${s.user.name} <${s.user.email}> is on call.`,
      stamp: deps.clock.now(),
    });
  }
  return calendar.toString();
}

/**
 * The feed address to show a signed-in person: their own shifts when they are in the rotation,
 * otherwise the whole rotation. Display tokens get none (a TV has no calendar).
 */
export async function calendarFeedUrl(deps: Deps, rotationId: string, actor: { userId: string | null } | null): Promise<string | null> {
  if (!actor?.userId) return null;
  const participant = await deps.prisma.rotationParticipant.findFirst({ where: { rotationId, userId: actor.userId }, select: { feedSecret: true } });
  const secret =
    participant?.feedSecret ?? (await deps.prisma.onCallRotation.findUnique({ where: { id: rotationId }, select: { feedSecret: true } }))?.feedSecret;
  return secret ? `${deps.config.publicUrl}/oncall/${secret}.ics` : null;
}
