// Weekly rotation maths in the rotation's own time zone: handoffs fall on a local weekday and
// minute, so a week that crosses a DST change is 167 or 169 hours long. Overrides cut shifts.
import { TZDate } from '@date-fns/tz';

export interface RotationRule {
  /** The first handoff; participant 0 takes the first week from here. */
  startsAt: Date;
  timeZone: string;
  /** ISO weekday 1 = Monday … 7 = Sunday, and local minutes from midnight. */
  handoffWeekday: number;
  handoffMinute: number;
  /** User ids in rotation order. */
  participants: readonly string[];
}

export interface OverrideRange {
  id: string;
  userId: string;
  startsAt: Date;
  endsAt: Date;
}

export interface Shift {
  userId: string;
  startsAt: Date;
  endsAt: Date;
  source: 'ROTATION' | 'OVERRIDE';
  overrideId: string | null;
}

const DAY_MS = 86_400_000;

interface LocalDate {
  y: number;
  m: number;
  d: number;
}

function localDate(at: Date, timeZone: string): LocalDate {
  const local = new TZDate(at.getTime(), timeZone);
  return { y: local.getFullYear(), m: local.getMonth(), d: local.getDate() };
}

function plusDays(date: LocalDate, days: number): LocalDate {
  const u = new Date(Date.UTC(date.y, date.m, date.d + days));
  return { y: u.getUTCFullYear(), m: u.getUTCMonth(), d: u.getUTCDate() };
}

const dayNumber = (date: LocalDate) => Math.round(Date.UTC(date.y, date.m, date.d) / DAY_MS);

/** The instant of the handoff minute on a local date of the rotation's zone. */
function handoffOn(rule: RotationRule, date: LocalDate): Date {
  const at = new TZDate(date.y, date.m, date.d, Math.floor(rule.handoffMinute / 60), rule.handoffMinute % 60, rule.timeZone);
  return new Date(at.getTime());
}

/** The local date of the latest weekly handoff at or before `at`. */
function handoffDateOnOrBefore(rule: RotationRule, at: Date): LocalDate {
  const today = localDate(at, rule.timeZone);
  const isoWeekday = ((new Date(Date.UTC(today.y, today.m, today.d)).getUTCDay() + 6) % 7) + 1;
  let date = plusDays(today, -((isoWeekday - rule.handoffWeekday + 7) % 7));
  if (handoffOn(rule, date) > at) date = plusDays(date, -7);
  return date;
}

/** The rotation's own shifts (no overrides) that overlap [from, to). */
export function rotationShifts(rule: RotationRule, from: Date, to: Date): Shift[] {
  const people = rule.participants.length;
  if (!people || to <= rule.startsAt) return [];
  const anchor = dayNumber(handoffDateOnOrBefore(rule, rule.startsAt));
  const firstDate = handoffDateOnOrBefore(rule, from < rule.startsAt ? rule.startsAt : from);
  let week = Math.round((dayNumber(firstDate) - anchor) / 7);
  const shifts: Shift[] = [];
  for (let date = firstDate; ; date = plusDays(date, 7), week++) {
    const startsAt = week === 0 ? rule.startsAt : handoffOn(rule, date);
    if (startsAt >= to) break;
    const endsAt = handoffOn(rule, plusDays(date, 7));
    if (endsAt <= startsAt) continue;
    shifts.push({ userId: rule.participants[week % people] as string, startsAt, endsAt, source: 'ROTATION', overrideId: null });
  }
  return shifts;
}

/** Cuts the overrides into the rotation's shifts; overrides do not overlap each other. */
export function applyOverrides(shifts: readonly Shift[], overrides: readonly OverrideRange[]): Shift[] {
  const sorted = [...overrides].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  const out: Shift[] = sorted.map((o) => ({ userId: o.userId, startsAt: o.startsAt, endsAt: o.endsAt, source: 'OVERRIDE', overrideId: o.id }));
  for (const shift of shifts) {
    let cursor = shift.startsAt;
    for (const o of sorted) {
      if (o.endsAt <= cursor || o.startsAt >= shift.endsAt) continue;
      if (o.startsAt > cursor) out.push({ ...shift, startsAt: cursor, endsAt: o.startsAt });
      cursor = o.endsAt > cursor ? o.endsAt : cursor;
    }
    if (cursor < shift.endsAt) out.push({ ...shift, startsAt: cursor });
  }
  return out.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

/** Every shift, overrides applied, that overlaps [from, to), whole (not clipped). */
export function schedule(rule: RotationRule, overrides: readonly OverrideRange[], from: Date, to: Date): Shift[] {
  const base = rotationShifts(rule, from, to);
  return applyOverrides(base, overrides).filter((s) => s.endsAt > from && s.startsAt < to);
}

export interface OnCallNow {
  current: Shift | null;
  /** The next shift of a different person, and when it starts. */
  next: Shift | null;
  nextHandoffAt: Date | null;
}

/** Looks ahead this far for the next person (longer than any override we accept). */
export const LOOKAHEAD_MS = 120 * DAY_MS;

export function onCallAt(rule: RotationRule, overrides: readonly OverrideRange[], at: Date): OnCallNow {
  const shifts = schedule(rule, overrides, at, new Date(at.getTime() + LOOKAHEAD_MS));
  const current = shifts.find((s) => s.startsAt <= at && at < s.endsAt) ?? null;
  const next = shifts.find((s) => s.startsAt > at && s.userId !== current?.userId) ?? null;
  return { current, next, nextHandoffAt: next?.startsAt ?? null };
}
