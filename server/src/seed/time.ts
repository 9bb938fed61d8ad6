import type { WorkCalendar } from '../sla/calendar.ts';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export const addMinutes = (date: Date, minutes: number): Date => new Date(date.getTime() + minutes * MINUTE);

// The demo data keeps SLA targets with the same business-hours arithmetic as the live clocks.
export { addBusinessMinutes, addTarget, minutesBetween, type WorkCalendar } from '../sla/calendar.ts';

export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

export interface LocalParts extends LocalDate {
  isoWeekday: number;
  /** Minutes since local midnight, with seconds as a fraction. */
  minuteOfDay: number;
  dateKey: string;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const formatters = new Map<string, Intl.DateTimeFormat>();

export function localParts(date: Date, timeZone: string): LocalParts {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  const parts: Record<string, string> = {};
  for (const part of format.formatToParts(date)) parts[part.type] = part.value;
  const year = Number(parts.year);
  const month = Number(parts.month);
  const day = Number(parts.day);
  return {
    year,
    month,
    day,
    isoWeekday: WEEKDAYS[parts.weekday ?? ''] ?? 1,
    minuteOfDay: Number(parts.hour) * 60 + Number(parts.minute) + Number(parts.second) / 60,
    dateKey: `${parts.year}-${parts.month}-${parts.day}`,
  };
}

export function plusDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** The instant when the wall clock in `timeZone` shows `minuteOfDay` on the given local date. */
export function zonedTime(date: LocalDate, minuteOfDay: number, timeZone: string): Date {
  const wall = Date.UTC(date.year, date.month - 1, date.day, 0, minuteOfDay);
  const offsetAt = (instant: number): number => {
    const p = localParts(new Date(instant), timeZone);
    return Date.UTC(p.year, p.month - 1, p.day, 0, 0) + Math.round(p.minuteOfDay * 60) * 1000 - Math.floor(instant / 1000) * 1000;
  };
  const first = wall - offsetAt(wall);
  // A second pass settles instants on the other side of a DST change.
  return new Date(wall - offsetAt(first));
}

export function isWorkingDay(p: LocalParts, cal: WorkCalendar): boolean {
  return cal.workdays.includes(p.isoWeekday) && !cal.holidays.has(p.dateKey);
}
