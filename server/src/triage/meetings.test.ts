import { describe, expect, it } from 'vitest';
import { dueMeetings, meetingStartOn, previousMeetingStart } from './meetings.ts';

const NY = 'America/New_York';
const iso = (d: Date | null) => d?.toISOString() ?? null;

describe('triage meeting times', () => {
  it('puts the daily triage at 09:30 local on the local day, across the DST change', () => {
    // 03:00 UTC on Friday is still Thursday evening in New York.
    expect(iso(meetingStartOn('DAILY', new Date('2026-03-06T03:00:00Z'), NY))).toBe('2026-03-05T14:30:00.000Z');
    expect(iso(meetingStartOn('DAILY', new Date('2026-03-06T12:00:00Z'), NY))).toBe('2026-03-06T14:30:00.000Z'); // EST
    expect(iso(meetingStartOn('DAILY', new Date('2026-03-09T12:00:00Z'), NY))).toBe('2026-03-09T13:30:00.000Z'); // EDT
    expect(meetingStartOn('DAILY', new Date('2026-03-07T15:00:00Z'), NY)).toBeNull(); // Saturday
    expect(iso(meetingStartOn('DAILY', new Date('2026-03-09T12:00:00Z'), 'Europe/Berlin'))).toBe('2026-03-09T08:30:00.000Z');
  });

  it('puts the weekly review on Fridays at 14:00 local only', () => {
    expect(iso(meetingStartOn('WEEKLY', new Date('2026-03-13T12:00:00Z'), NY))).toBe('2026-03-13T18:00:00.000Z');
    expect(meetingStartOn('WEEKLY', new Date('2026-03-12T12:00:00Z'), NY)).toBeNull();
  });

  it('is due from its start until it ends', () => {
    expect(dueMeetings(new Date('2026-03-09T13:29:59Z'), NY)).toEqual([]);
    expect(dueMeetings(new Date('2026-03-09T13:30:00Z'), NY)).toEqual([{ kind: 'DAILY', startsAt: new Date('2026-03-09T13:30:00Z') }]);
    expect(dueMeetings(new Date('2026-03-09T13:44:59Z'), NY)).toHaveLength(1);
    expect(dueMeetings(new Date('2026-03-09T13:45:00Z'), NY)).toEqual([]);
  });

  it('finds the previous meeting over a weekend', () => {
    expect(iso(previousMeetingStart('DAILY', new Date('2026-03-09T13:30:00Z'), NY))).toBe('2026-03-06T14:30:00.000Z');
  });

  it('skips the daily triage on a holiday of the business calendar (local date), but keeps the weekly review', () => {
    const holidays = new Set(['2026-05-25', '2026-11-27']); // Memorial Day (Monday), the day after Thanksgiving (Friday)
    expect(meetingStartOn('DAILY', new Date('2026-05-25T13:30:00Z'), NY, holidays)).toBeNull();
    expect(dueMeetings(new Date('2026-05-25T13:30:00Z'), NY, holidays)).toEqual([]);
    // 02:00 UTC on Tuesday is still Memorial Day evening in New York; Tuesday itself has its triage.
    expect(meetingStartOn('DAILY', new Date('2026-05-26T02:00:00Z'), NY, holidays)).toBeNull();
    expect(iso(meetingStartOn('DAILY', new Date('2026-05-26T12:00:00Z'), NY, holidays))).toBe('2026-05-26T13:30:00.000Z');
    expect(meetingStartOn('DAILY', new Date('2026-11-27T15:00:00Z'), NY, holidays)).toBeNull();
    expect(iso(meetingStartOn('WEEKLY', new Date('2026-11-27T15:00:00Z'), NY, holidays))).toBe('2026-11-27T19:00:00.000Z');
    // The previous daily triage before Tuesday is Friday's, not the holiday Monday's.
    expect(iso(previousMeetingStart('DAILY', new Date('2026-05-26T13:30:00Z'), NY, holidays))).toBe('2026-05-22T13:30:00.000Z');
  });
});
