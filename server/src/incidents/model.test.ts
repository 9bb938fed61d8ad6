import { describe, expect, it } from 'vitest';
import { checkCadence, formatDuration } from './model.ts';
import { reminderSlot } from './timeline.ts';

const at = (minutes: number) => new Date(Date.UTC(2026, 2, 4, 15, minutes));

describe('incident rules', () => {
  it('repeats an overdue reminder once per cadence step', () => {
    expect(reminderSlot(at(25), 15, at(24))).toBeNull();
    expect(reminderSlot(at(25), 15, at(25))).toEqual({ slot: at(25), reminder: 1 });
    expect(reminderSlot(at(25), 15, at(39))).toEqual({ slot: at(25), reminder: 1 });
    expect(reminderSlot(at(25), 15, at(40))).toEqual({ slot: at(40), reminder: 2 });
    expect(reminderSlot(at(25), 15, at(71))).toEqual({ slot: at(70), reminder: 4 });
  });

  it('holds a P0 to internal updates every 15–30 minutes', () => {
    expect(checkCadence('P0', 'f', 15)).toBe(15);
    expect(checkCadence('P0', 'f', 30)).toBe(30);
    expect(() => checkCadence('P0', 'f', 31)).toThrow('f: must be 15–30 minutes for a P0 incident');
    expect(() => checkCadence('P0', 'f', 14)).toThrow('f: must be 15–30 minutes for a P0 incident');
    expect(checkCadence('P0', 'f', 60, true)).toBe(60);
    expect(checkCadence('P1', 'f', 240)).toBe(240);
  });

  it('formats durations', () => {
    expect(formatDuration(3 * 3_600_000 + 7 * 60_000)).toBe('3 h 7 min');
    expect(formatDuration(59 * 60_000)).toBe('59 min');
  });
});
