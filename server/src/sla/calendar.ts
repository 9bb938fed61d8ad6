// Business-hours arithmetic on a calendar record (date-fns + @date-fns/tz for the zone maths):
// pure functions, no database.
import { TZDate } from '@date-fns/tz';
import { HoursBasis } from '@opsboard/db';
import { differenceInMilliseconds } from 'date-fns';

const MINUTE = 60_000;
// ───────────────────────────── business calendar ─────────────────────────────

/** Working hours of a business calendar; holidays are local dates (YYYY-MM-DD). */
export interface WorkCalendar {
  timeZone: string;
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  workdays: readonly number[];
  startMinute: number;
  endMinute: number;
  holidays: ReadonlySet<string>;
}

export interface LocalDay {
  year: number;
  /** 0-based, as Date uses it. */
  month: number;
  day: number;
}

const pad = (n: number) => String(n).padStart(2, '0');
/** A local date as YYYY-MM-DD (the form holidays are kept in). */
export const dayKey = (d: LocalDay) => `${d.year}-${pad(d.month + 1)}-${pad(d.day)}`;

export function localDay(instant: number, timeZone: string): LocalDay {
  const z = new TZDate(instant, timeZone);
  return { year: z.getFullYear(), month: z.getMonth(), day: z.getDate() };
}

export function nextDay(d: LocalDay): LocalDay {
  const u = new Date(Date.UTC(d.year, d.month, d.day + 1));
  return { year: u.getUTCFullYear(), month: u.getUTCMonth(), day: u.getUTCDate() };
}

/** The instant the wall clock in `timeZone` shows `minuteOfDay` on a local date. */
function wallTime(d: LocalDay, minuteOfDay: number, timeZone: string): number {
  return new TZDate(d.year, d.month, d.day, Math.floor(minuteOfDay / 60), minuteOfDay % 60, timeZone).getTime();
}

/** Opening and closing instant of a local date, or null when it is not a working day. */
export function workingWindow(d: LocalDay, cal: WorkCalendar): { open: number; close: number } | null {
  const isoWeekday = new Date(Date.UTC(d.year, d.month, d.day)).getUTCDay() || 7;
  if (!cal.workdays.includes(isoWeekday) || cal.holidays.has(dayKey(d))) return null;
  return { open: wallTime(d, cal.startMinute, cal.timeZone), close: wallTime(d, cal.endMinute, cal.timeZone) };
}

/** Is `at` inside the working hours of the calendar (a working day, not a holiday, between opening and closing)? */
export function isWorkingTime(at: Date, cal: WorkCalendar): boolean {
  const window = workingWindow(localDay(at.getTime(), cal.timeZone), cal);
  return !!window && at.getTime() >= window.open && at.getTime() < window.close;
}

/** Ten years of days: a calendar with no working hours at all fails instead of looping. */
const MAX_DAYS = 3_660;

function assertWorkable(cal: WorkCalendar): void {
  if (!cal.workdays.length || cal.endMinute <= cal.startMinute) throw new Error('business calendar has no working hours');
}

/** Adds working minutes of the calendar; from outside working hours it starts at the next opening. */
export function addBusinessMinutes(start: Date, minutes: number, cal: WorkCalendar): Date {
  assertWorkable(cal);
  let remaining = minutes * MINUTE;
  let t = start.getTime();
  let day = localDay(t, cal.timeZone);
  for (let i = 0; i < MAX_DAYS; i++, day = nextDay(day)) {
    const w = workingWindow(day, cal);
    if (!w) continue;
    const from = Math.max(t, w.open);
    if (from >= w.close) continue;
    if (from + remaining <= w.close) return new Date(from + remaining);
    remaining -= w.close - from;
    t = w.close;
  }
  throw new Error('business calendar has no working hours');
}

/** Working minutes of the calendar between two instants (negative when `to` is before `from`). */
export function businessMinutesBetween(from: Date, to: Date, cal: WorkCalendar): number {
  if (to < from) return -businessMinutesBetween(to, from, cal);
  assertWorkable(cal);
  const end = to.getTime();
  let ms = 0;
  let day = localDay(from.getTime(), cal.timeZone);
  const last = dayKey(localDay(end, cal.timeZone));
  for (let i = 0; i < MAX_DAYS * 10; i++, day = nextDay(day)) {
    const w = workingWindow(day, cal);
    if (w) ms += Math.max(0, Math.min(end, w.close) - Math.max(from.getTime(), w.open));
    if (dayKey(day) === last) break;
  }
  return ms / MINUTE;
}

export function addTarget(start: Date, minutes: number, basis: HoursBasis, cal: WorkCalendar): Date {
  return basis === HoursBasis.BUSINESS ? addBusinessMinutes(start, minutes, cal) : new Date(start.getTime() + minutes * MINUTE);
}

export function minutesBetween(from: Date, to: Date, basis: HoursBasis, cal: WorkCalendar): number {
  return basis === HoursBasis.BUSINESS ? businessMinutesBetween(from, to, cal) : differenceInMilliseconds(to, from) / MINUTE;
}

type CalendarRow = { timeZone: string; workdays: number[]; startMinute: number; endMinute: number; holidays: { date: Date }[] };

export function toWorkCalendar(c: CalendarRow): WorkCalendar {
  return {
    timeZone: c.timeZone,
    workdays: c.workdays,
    startMinute: c.startMinute,
    endMinute: c.endMinute,
    holidays: new Set(c.holidays.map((h) => h.date.toISOString().slice(0, 10))),
  };
}

// ─────────────────────────────────── policies ───────────────────────────────────

/** "15 minutes", "4 business hours", "14 days": a target as a requester reads it. */
export function describeTarget(minutes: number, basis: HoursBasis): string {
  const business = basis === HoursBasis.BUSINESS ? 'business ' : '';
  if (minutes < 60) return `${minutes} minutes`;
  if (basis === HoursBasis.CALENDAR && minutes % (24 * 60) === 0) return `${minutes / (24 * 60)} days`;
  const hours = minutes / 60;
  return `${hours} ${business}hour${hours === 1 ? '' : 's'}`;
}
