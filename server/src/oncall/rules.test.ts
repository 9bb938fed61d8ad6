import { describe, expect, it } from 'vitest';
import { onCallAt, type RotationRule, rotationShifts, schedule } from './rules.ts';

const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;
// Handoff Monday 09:00 New York; Mon 2026-03-02 09:00 EST is 14:00Z. DST starts Sun 2026-03-08.
const rule: RotationRule = {
  startsAt: new Date('2026-03-02T14:00:00Z'),
  timeZone: 'America/New_York',
  handoffWeekday: 1,
  handoffMinute: 540,
  participants: ['ana', 'ben', 'cho'],
};

describe('rotation maths', () => {
  it('keeps the handoff at 09:00 local across the spring DST change (a 167 h week)', () => {
    const [first, second] = rotationShifts(rule, new Date('2026-03-03T00:00:00Z'), new Date('2026-03-10T00:00:00Z'));
    expect(first).toMatchObject({ userId: 'ana', source: 'ROTATION' });
    expect(iso(first?.startsAt)).toBe('2026-03-02T14:00:00.000Z');
    expect(iso(first?.endsAt)).toBe('2026-03-09T13:00:00.000Z');
    expect(((first?.endsAt.getTime() ?? 0) - (first?.startsAt.getTime() ?? 0)) / 3_600_000).toBe(167);
    expect(second?.userId).toBe('ben');
  });

  it('keeps it at 09:00 local across the autumn change (a 169 h week) and cycles the participants', () => {
    // Week 34 from the start covers Mon 2026-10-26 → Mon 2026-11-02 (DST ends Sun 2026-11-01).
    const at = new Date('2026-10-30T12:00:00Z');
    const now = onCallAt(rule, [], at);
    expect(iso(now.current?.startsAt)).toBe('2026-10-26T13:00:00.000Z');
    expect(iso(now.current?.endsAt)).toBe('2026-11-02T14:00:00.000Z');
    expect(now.current?.userId).toBe(['ana', 'ben', 'cho'][34 % 3]);
    expect(iso(now.nextHandoffAt)).toBe('2026-11-02T14:00:00.000Z');
    expect(now.next?.userId).toBe(['ana', 'ben', 'cho'][35 % 3]);
  });

  it('hands off at the boundary instant exactly', () => {
    expect(onCallAt(rule, [], new Date('2026-03-09T12:59:59.999Z')).current?.userId).toBe('ana');
    expect(onCallAt(rule, [], new Date('2026-03-09T13:00:00Z')).current?.userId).toBe('ben');
    expect(onCallAt(rule, [], new Date('2026-03-01T00:00:00Z')).current).toBeNull();
    expect(iso(onCallAt(rule, [], new Date('2026-03-01T00:00:00Z')).nextHandoffAt)).toBe('2026-03-02T14:00:00.000Z');
  });

  it('lets an override of part of a day split a shift in three', () => {
    const override = { id: 'o1', userId: 'cho', startsAt: new Date('2026-03-04T17:00:00Z'), endsAt: new Date('2026-03-05T01:30:00Z') };
    const shifts = schedule(rule, [override], new Date('2026-03-02T14:00:00Z'), new Date('2026-03-09T13:00:00Z'));
    expect(shifts.map((s) => [s.userId, iso(s.startsAt), iso(s.endsAt), s.source])).toEqual([
      ['ana', '2026-03-02T14:00:00.000Z', '2026-03-04T17:00:00.000Z', 'ROTATION'],
      ['cho', '2026-03-04T17:00:00.000Z', '2026-03-05T01:30:00.000Z', 'OVERRIDE'],
      ['ana', '2026-03-05T01:30:00.000Z', '2026-03-09T13:00:00.000Z', 'ROTATION'],
    ]);
    const during = onCallAt(rule, [override], new Date('2026-03-04T18:00:00Z'));
    expect([during.current?.userId, during.next?.userId, iso(during.nextHandoffAt)]).toEqual(['cho', 'ana', '2026-03-05T01:30:00.000Z']);
  });

  it('lets an override span a handoff', () => {
    const override = { id: 'o2', userId: 'cho', startsAt: new Date('2026-03-08T12:00:00Z'), endsAt: new Date('2026-03-10T12:00:00Z') };
    const shifts = schedule(rule, [override], new Date('2026-03-02T14:00:00Z'), new Date('2026-03-16T00:00:00Z'));
    expect(shifts.map((s) => [s.userId, iso(s.startsAt), iso(s.endsAt)])).toEqual([
      ['ana', '2026-03-02T14:00:00.000Z', '2026-03-08T12:00:00.000Z'],
      ['cho', '2026-03-08T12:00:00.000Z', '2026-03-10T12:00:00.000Z'],
      ['ben', '2026-03-10T12:00:00.000Z', '2026-03-16T13:00:00.000Z'],
    ]);
  });

  it('gives the 8-week schedule as 8 or 9 whole weeks, in order, without gaps', () => {
    const from = new Date('2026-03-04T00:00:00Z');
    const shifts = schedule(rule, [], from, new Date(from.getTime() + 8 * 7 * 86_400_000));
    expect(shifts).toHaveLength(9);
    expect(shifts.map((s) => s.userId)).toEqual(['ana', 'ben', 'cho', 'ana', 'ben', 'cho', 'ana', 'ben', 'cho']);
    for (let i = 1; i < shifts.length; i++) expect(shifts[i]?.startsAt).toEqual(shifts[i - 1]?.endsAt);
    expect(iso(shifts.at(-1)?.startsAt)).toBe('2026-04-27T13:00:00.000Z');
  });

  it('respects another zone and weekday (Berlin, Friday 17:30; DST there starts 2026-03-29)', () => {
    const berlin: RotationRule = {
      ...rule,
      timeZone: 'Europe/Berlin',
      handoffWeekday: 5,
      handoffMinute: 17 * 60 + 30,
      startsAt: new Date('2026-03-27T16:30:00Z'),
    };
    const [a, b] = rotationShifts(berlin, new Date('2026-03-28T00:00:00Z'), new Date('2026-04-04T00:00:00Z'));
    expect([iso(a?.startsAt), iso(a?.endsAt), iso(b?.endsAt)]).toEqual(['2026-03-27T16:30:00.000Z', '2026-04-03T15:30:00.000Z', '2026-04-10T15:30:00.000Z']);
  });
});
