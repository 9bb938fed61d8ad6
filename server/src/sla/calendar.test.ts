import { describe, expect, it } from 'vitest';
import { addBusinessMinutes, addTarget, businessMinutesBetween, isWorkingTime, minutesBetween, type WorkCalendar } from './calendar.ts';

const newYork: WorkCalendar = {
  timeZone: 'America/New_York',
  workdays: [1, 2, 3, 4, 5],
  startMinute: 540,
  endMinute: 1020,
  holidays: new Set(['2026-05-25', '2026-11-26']),
};
const at = (iso: string) => new Date(iso);

describe('addBusinessMinutes', () => {
  it('adds inside one working day', () => {
    // Monday 2 March 2026, 09:00 EST
    expect(addBusinessMinutes(at('2026-03-02T14:00:00Z'), 60, newYork)).toEqual(at('2026-03-02T15:00:00Z'));
    expect(addBusinessMinutes(at('2026-03-02T14:00:00Z'), 480, newYork)).toEqual(at('2026-03-02T22:00:00Z'));
  });

  it('crosses a weekend and the switch to daylight saving time', () => {
    // Friday 6 March 16:00 EST + 2 h → Monday 9 March 10:00 EDT (clocks went forward on Sunday)
    expect(addBusinessMinutes(at('2026-03-06T21:00:00Z'), 120, newYork)).toEqual(at('2026-03-09T14:00:00Z'));
  });

  it('skips a holiday after the weekend', () => {
    // Friday 22 May 16:00 EDT + 2 h → Tuesday 26 May 10:00 EDT (Monday is Memorial Day)
    expect(addBusinessMinutes(at('2026-05-22T20:00:00Z'), 120, newYork)).toEqual(at('2026-05-26T14:00:00Z'));
  });

  it('starts at the next opening when the clock starts outside working hours', () => {
    // Saturday noon → Monday 09:30 EDT
    expect(addBusinessMinutes(at('2026-03-14T16:00:00Z'), 30, newYork)).toEqual(at('2026-03-16T13:30:00Z'));
    // Tuesday 07:00 EST → 09:15 the same day
    expect(addBusinessMinutes(at('2026-03-03T12:00:00Z'), 15, newYork)).toEqual(at('2026-03-03T14:15:00Z'));
    // Tuesday 18:00 EST → Wednesday 09:45
    expect(addBusinessMinutes(at('2026-03-03T23:00:00Z'), 45, newYork)).toEqual(at('2026-03-04T14:45:00Z'));
  });

  it('counts 24 business hours as three working days and keeps fractions of a minute', () => {
    expect(addBusinessMinutes(at('2026-03-02T14:00:00Z'), 24 * 60, newYork)).toEqual(at('2026-03-04T22:00:00Z'));
    expect(addBusinessMinutes(at('2026-03-02T14:00:00Z'), 11.25, newYork)).toEqual(at('2026-03-02T14:11:15Z'));
  });

  it('works in a zone with a half-hour offset', () => {
    const kolkata = { ...newYork, timeZone: 'Asia/Kolkata', holidays: new Set<string>() };
    // Monday 08:00Z = 13:30 IST; 4 h → 17:00 IST ends the day after 3.5 h, 30 min on Tuesday from 09:00 IST
    expect(addBusinessMinutes(at('2026-03-02T08:00:00Z'), 240, kolkata)).toEqual(at('2026-03-03T04:00:00Z'));
  });

  it('refuses a calendar without working hours', () => {
    expect(() => addBusinessMinutes(at('2026-03-02T14:00:00Z'), 60, { ...newYork, workdays: [] })).toThrow('no working hours');
  });
});

describe('businessMinutesBetween', () => {
  it('is the inverse of addBusinessMinutes across weekends, holidays and DST', () => {
    expect(businessMinutesBetween(at('2026-05-22T20:00:00Z'), at('2026-05-26T14:00:00Z'), newYork)).toBe(120);
    expect(businessMinutesBetween(at('2026-03-06T21:00:00Z'), at('2026-03-09T14:00:00Z'), newYork)).toBe(120);
    expect(businessMinutesBetween(at('2026-03-09T14:00:00Z'), at('2026-03-06T21:00:00Z'), newYork)).toBe(-120);
  });

  it('counts nothing outside working hours', () => {
    expect(businessMinutesBetween(at('2026-03-07T14:00:00Z'), at('2026-03-08T22:00:00Z'), newYork)).toBe(0);
    expect(businessMinutesBetween(at('2026-11-26T14:00:00Z'), at('2026-11-26T20:00:00Z'), newYork)).toBe(0);
    // A whole week (Monday 00:00 to Monday 00:00) is five days of eight hours
    expect(businessMinutesBetween(at('2026-03-02T05:00:00Z'), at('2026-03-09T04:00:00Z'), newYork)).toBe(5 * 480);
  });
});

describe('calendar basis', () => {
  it('counts real time, also across the end of daylight saving time', () => {
    // 1 November 2026: the wall clock goes back one hour; 24 calendar hours are still 24 real hours
    expect(addTarget(at('2026-10-31T16:00:00Z'), 24 * 60, 'CALENDAR', newYork)).toEqual(at('2026-11-01T16:00:00Z'));
    expect(minutesBetween(at('2026-10-31T16:00:00Z'), at('2026-11-01T16:00:00Z'), 'CALENDAR', newYork)).toBe(1440);
    expect(addTarget(at('2026-03-06T21:00:00Z'), 120, 'BUSINESS', newYork)).toEqual(at('2026-03-09T14:00:00Z'));
  });
});

describe('isWorkingTime', () => {
  it('is true from opening up to (not including) closing on a working day, false on weekends and holidays', () => {
    expect(isWorkingTime(at('2026-03-10T15:00:00Z'), newYork)).toBe(true); // Tuesday 11:00 EDT
    expect(isWorkingTime(at('2026-03-10T13:00:00Z'), newYork)).toBe(true); // Tuesday 09:00, opening
    expect(isWorkingTime(at('2026-03-10T21:00:00Z'), newYork)).toBe(false); // Tuesday 17:00, closing
    expect(isWorkingTime(at('2026-03-07T08:00:00Z'), newYork)).toBe(false); // Saturday 03:00 EST
    expect(isWorkingTime(at('2026-11-26T16:00:00Z'), newYork)).toBe(false); // Thanksgiving, 11:00
  });
});
