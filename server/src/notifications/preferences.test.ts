import { describe, expect, it } from 'vitest';
import { quietUntil } from './preferences.ts';

const berlin = (start: string | null, end: string | null) => ({
  timeZone: 'Europe/Berlin',
  quietHoursStart: start === null ? null : Number(start.slice(0, 2)) * 60 + Number(start.slice(3)),
  quietHoursEnd: end === null ? null : Number(end.slice(0, 2)) * 60 + Number(end.slice(3)),
});

describe('quietUntil', () => {
  it('holds a message sent at night until quiet hours end the next morning, in the user’s zone', () => {
    // 23:30 in Berlin (UTC+1 in winter) → 07:00 local next day = 06:00 UTC.
    expect(quietUntil(new Date('2026-01-14T22:30:00Z'), berlin('22:00', '07:00'))?.toISOString()).toBe('2026-01-15T06:00:00.000Z');
    // 03:00 local, same night after midnight.
    expect(quietUntil(new Date('2026-01-15T02:00:00Z'), berlin('22:00', '07:00'))?.toISOString()).toBe('2026-01-15T06:00:00.000Z');
  });

  it('lets messages through outside quiet hours, or when none are set', () => {
    expect(quietUntil(new Date('2026-01-15T12:00:00Z'), berlin('22:00', '07:00'))).toBeNull();
    expect(quietUntil(new Date('2026-01-15T02:00:00Z'), berlin(null, null))).toBeNull();
  });

  it('handles quiet hours within one day and the summer-time change', () => {
    // 13:30 local in summer (UTC+2), quiet 12:00–14:00 → 14:00 local = 12:00 UTC.
    expect(quietUntil(new Date('2026-07-01T11:30:00Z'), berlin('12:00', '14:00'))?.toISOString()).toBe('2026-07-01T12:00:00.000Z');
    // The night clocks go forward (29 March 2026): 23:00 local (UTC+1) → 07:00 local (UTC+2) = 05:00 UTC.
    expect(quietUntil(new Date('2026-03-28T22:00:00Z'), berlin('22:00', '07:00'))?.toISOString()).toBe('2026-03-29T05:00:00.000Z');
  });
});
