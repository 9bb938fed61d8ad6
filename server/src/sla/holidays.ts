// Holidays of a business calendar, edited by managers: one at a time or imported from an iCalendar
// (.ics) file. Every change re-targets the running business-hours clocks that use the calendar, in
// the same transaction.
import { type BusinessCalendar, type Holiday } from '@opsboard/db';
import ical, { type VEvent } from 'node-ical';
import { z } from 'zod';
import type { Actor } from '../auth/service.ts';
import { type Deps, transact } from '../platform/db.ts';
import { fieldError, parseInput } from '../platform/errors.ts';
import type { Emit, Tx } from '../platform/events.ts';
import { cleanText, isUuid, text } from '../platform/validation.ts';
import { dayKey, localDay, type LocalDay, nextDay, toWorkCalendar, type WorkCalendar } from './calendar.ts';
import { retargetCalendarClocks } from './service.ts';

/** Characters of an .ics file `importHolidays` accepts (1 MB; the GraphQL input limits say the same). */
export const ICS_MAX_CHARS = 1_000_000;
/** Recurring (RRULE) holidays are laid out this many years ahead of today. */
export const RECURRENCE_YEARS = 2;
/** Dates one import may name (added and skipped together). */
export const IMPORT_MAX_DAYS = 2_000;
/** Days one event may span (a longer "all-day event" is not a holiday). */
const EVENT_MAX_DAYS = 366;
const NAME_MAX = 200;

/** Why `v` is not a holiday date, or undefined when it is one. */
function badDay(v: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return 'must be a date like 2026-12-25';
  const parsed = new Date(`${v}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== v) return 'is not a real date';
  if (v < '1970-01-01') return 'must be in 1970 or later';
  return undefined;
}
const day = z
  .string()
  .trim()
  .superRefine((v, ctx) => {
    const message = badDay(v);
    if (message) ctx.addIssue({ code: 'custom', message });
  });

const AddHolidayInput = z.object({ date: day, name: text(NAME_MAX) });
const ImportInput = z.object({ ics: z.string().max(ICS_MAX_CHARS, `must be at most ${ICS_MAX_CHARS} characters`) });

export interface HolidayChange {
  calendarId: string;
  added: number;
  skipped: number;
  removed: number;
  /** Events with a time of day (not all-day), left out of an import. */
  timedEventsIgnored: number;
  /** Running SLA clocks whose due time moved. */
  retargetedClocks: number;
}

const toDate = (key: string) => new Date(`${key}T00:00:00Z`);

/** Locks the calendar's row (holiday edits of one calendar run one after another) and reads it. */
async function lockCalendar(tx: Tx, calendarId: string): Promise<BusinessCalendar & { holidays: Holiday[] }> {
  if (!isUuid(calendarId)) throw fieldError('calendarId', 'no business calendar with this id');
  const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "BusinessCalendar" WHERE id = ${calendarId}::uuid FOR UPDATE`;
  if (!locked.length) throw fieldError('calendarId', 'no business calendar with this id');
  return tx.businessCalendar.findUniqueOrThrow({ where: { id: calendarId }, include: { holidays: true } });
}

/** Re-targets the clocks and records the change (HOLIDAYS_CHANGED on the `sla` topic). */
async function afterChange(
  tx: Tx,
  emit: Emit,
  deps: Deps,
  actor: Actor | null,
  calendar: BusinessCalendar,
  before: WorkCalendar,
  change: { added: { date: string; name: string }[]; removed: { date: string; name: string }[] },
): Promise<number> {
  const holidays = new Set(before.holidays);
  for (const h of change.added) holidays.add(h.date);
  for (const h of change.removed) holidays.delete(h.date);
  const after: WorkCalendar = { ...before, holidays };
  const changedDays = [...change.added, ...change.removed].map((h) => h.date);
  const retargeted = await retargetCalendarClocks(tx, emit, deps, calendar, before, after, changedDays);
  if (changedDays.length) {
    emit({
      topic: 'sla',
      type: 'HOLIDAYS_CHANGED',
      entityType: 'BusinessCalendar',
      entityId: calendar.id,
      payload: {
        calendarId: calendar.id,
        calendar: calendar.name,
        added: change.added,
        removed: change.removed,
        retargetedClocks: retargeted,
        changedBy: actor?.userId ?? null,
      },
    });
  }
  return retargeted;
}

/** Adds one holiday (a local date of the calendar); a date it already has is a field error. */
export async function addHoliday(deps: Deps, actor: Actor | null, calendarId: string, raw: { date: string; name: string }): Promise<HolidayChange> {
  const input = parseInput(AddHolidayInput, raw, '');
  return transact(deps, async (tx, emit) => {
    const calendar = await lockCalendar(tx, calendarId);
    const existing = calendar.holidays.find((h) => dayKey(utcDay(h.date)) === input.date);
    if (existing) throw fieldError('date', `is already a holiday (${existing.name})`);
    await tx.holiday.create({ data: { calendarId, date: toDate(input.date), name: input.name } });
    const before = toWorkCalendar(calendar);
    const retargetedClocks = await afterChange(tx, emit, deps, actor, calendar, before, { added: [{ date: input.date, name: input.name }], removed: [] });
    return { calendarId, added: 1, skipped: 0, removed: 0, timedEventsIgnored: 0, retargetedClocks };
  });
}

/** Removes one holiday by id. */
export async function removeHoliday(deps: Deps, actor: Actor | null, id: string): Promise<HolidayChange> {
  if (!isUuid(id)) throw fieldError('id', 'no holiday with this id');
  return transact(deps, async (tx, emit) => {
    const found = await tx.holiday.findUnique({ where: { id }, select: { calendarId: true } });
    if (!found) throw fieldError('id', 'no holiday with this id');
    const calendar = await lockCalendar(tx, found.calendarId);
    const holiday = calendar.holidays.find((h) => h.id === id);
    if (!holiday) throw fieldError('id', 'no holiday with this id'); // removed meanwhile
    await tx.holiday.delete({ where: { id } });
    const before = toWorkCalendar(calendar);
    const removed = [{ date: dayKey(utcDay(holiday.date)), name: holiday.name }];
    const retargetedClocks = await afterChange(tx, emit, deps, actor, calendar, before, { added: [], removed });
    return { calendarId: calendar.id, added: 0, skipped: 0, removed: 1, timedEventsIgnored: 0, retargetedClocks };
  });
}

/**
 * Imports the all-day events of an iCalendar file as holidays, skipping dates the calendar already
 * has (and a date named twice in the file). See `holidaysFromIcs` for what counts.
 */
export async function importHolidays(deps: Deps, actor: Actor | null, calendarId: string, raw: { ics: string }): Promise<HolidayChange> {
  const { ics } = parseInput(ImportInput, raw, '');
  return transact(deps, async (tx, emit) => {
    const calendar = await lockCalendar(tx, calendarId);
    const parsed = holidaysFromIcs(ics, localDay(deps.clock.now().getTime(), calendar.timeZone));
    const before = toWorkCalendar(calendar);
    const added = [...parsed.days].filter(([date]) => !before.holidays.has(date)).map(([date, name]) => ({ date, name }));
    if (added.length) await tx.holiday.createMany({ data: added.map((h) => ({ calendarId, date: toDate(h.date), name: h.name })) });
    const retargetedClocks = await afterChange(tx, emit, deps, actor, calendar, before, { added, removed: [] });
    return {
      calendarId,
      added: added.length,
      skipped: parsed.named - added.length,
      removed: 0,
      timedEventsIgnored: parsed.timedEvents,
      retargetedClocks,
    };
  });
}

/** A DATE column's value (midnight UTC) as a local day. */
function utcDay(date: Date): LocalDay {
  return { year: date.getUTCFullYear(), month: date.getUTCMonth(), day: date.getUTCDate() };
}

/** node-ical gives an all-day date as midnight of this process's zone: its wall-clock date is the day. */
function processDay(date: Date): LocalDay {
  return { year: date.getFullYear(), month: date.getMonth(), day: date.getDate() };
}

function summaryOf(event: VEvent): string {
  const raw: unknown = event.summary;
  const value = typeof raw === 'string' ? raw : raw && typeof raw === 'object' && 'val' in raw ? String((raw as { val: unknown }).val) : '';
  const name = cleanText(value).replace(/\s+/g, ' ').trim().slice(0, NAME_MAX);
  return name || 'Holiday';
}

export interface IcsHolidays {
  /** Local date (YYYY-MM-DD) → the first name the file gives it. */
  days: Map<string, string>;
  /** Dates named, counting a date named twice twice. */
  named: number;
  timedEvents: number;
}

/**
 * The holidays of an iCalendar file: every all-day VEVENT, each day of a multi-day one (DTEND is
 * exclusive), and a recurring one (RRULE, e.g. yearly) on each of its dates from `today` to
 * RECURRENCE_YEARS ahead. Events with a time of day are counted and left out; cancelled events are
 * left out. Anything that is not an iCalendar file, or an event without a valid date, is a field error on `ics`.
 */
export function holidaysFromIcs(ics: string, today: LocalDay): IcsHolidays {
  if (!/^\s*BEGIN:VCALENDAR\b/i.test(ics) || !/END:VCALENDAR\s*$/i.test(ics)) {
    throw fieldError('ics', 'is not an iCalendar file (BEGIN:VCALENDAR … END:VCALENDAR)');
  }
  let parsed: ReturnType<typeof ical.sync.parseICS>;
  try {
    parsed = ical.sync.parseICS(ics);
  } catch (error) {
    throw fieldError('ics', `cannot be read: ${error instanceof Error ? error.message.slice(0, 200) : 'unknown error'}`);
  }
  const events = Object.values(parsed).filter((c): c is VEvent => c?.type === 'VEVENT');
  if (!events.length) throw fieldError('ics', 'has no events (VEVENT)');
  const from = new Date(today.year, today.month, today.day);
  const to = new Date(today.year + RECURRENCE_YEARS, today.month, today.day);
  const days = new Map<string, string>();
  let named = 0;
  let timedEvents = 0;
  for (const event of events) {
    const name = summaryOf(event);
    if (!(event.start instanceof Date) || Number.isNaN(event.start.getTime())) throw fieldError('ics', `the event "${name}" has no valid start date`);
    if (event.status === 'CANCELLED') continue;
    if (event.datetype !== 'date') {
      timedEvents += 1;
      continue;
    }
    const spans = event.rrule
      ? ical.expandRecurringEvent(event, { from, to }).map((i) => ({ start: i.start, end: i.end }))
      : [{ start: event.start, end: event.end }];
    for (const span of spans) {
      let d = processDay(span.start);
      const end = span.end instanceof Date && !Number.isNaN(span.end.getTime()) ? dayKey(processDay(span.end)) : dayKey(nextDay(d));
      for (let n = 0; n === 0 || dayKey(d) < end; n++, d = nextDay(d)) {
        if (n >= EVENT_MAX_DAYS) throw fieldError('ics', `the event "${name}" spans more than ${EVENT_MAX_DAYS} days`);
        named += 1;
        if (named > IMPORT_MAX_DAYS) throw fieldError('ics', `names more than ${IMPORT_MAX_DAYS} dates; split the file`);
        const key = dayKey(d);
        if (!days.has(key)) days.set(key, name);
      }
    }
  }
  return { days, named, timedEvents };
}
