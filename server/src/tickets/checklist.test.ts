import { describe, expect, it } from 'vitest';
import { type ChecklistFacts, checklistOf, keptUpdated } from './checklist.ts';

const h = (hours: number) => new Date(Date.UTC(2026, 2, 2, 14) + hours * 3_600_000);
const base: ChecklistFacts = {
  createdAt: h(0),
  acknowledgedAt: h(0),
  priority: null,
  ownerId: null,
  status: 'NEW',
  firstRespondedAt: null,
  resolvedAt: null,
  closedAt: null,
  firstResponseClock: null,
  outbound: [],
  confirmedAt: null,
  kbLinked: false,
  ticks: [],
};
const done = (f: ChecklistFacts, now = h(1)) =>
  checklistOf(f, now)
    .filter((c) => c.done)
    .map((c) => c.key);

describe('the per-ticket checklist', () => {
  it('knows a new ticket was acknowledged and logged, nothing more', () => {
    expect(done(base)).toEqual(['auto_responder_sent', 'ticket_logged']);
  });

  it('ticks the first response only when its clock was met in time', () => {
    const answered = {
      ...base,
      priority: 'P2' as const,
      ownerId: 'u',
      status: 'IN_PROGRESS' as const,
      firstRespondedAt: h(2),
      outbound: [{ kind: 'RESPONSE', createdAt: h(2) }],
    };
    expect(done({ ...answered, firstResponseClock: { state: 'MET', metAt: h(2) } }, h(3))).toContain('first_response_in_time');
    expect(done({ ...answered, firstResponseClock: { state: 'BREACHED', metAt: h(9) } }, h(10))).not.toContain('first_response_in_time');
  });

  it('counts the user as kept updated while no gap exceeds 48 hours', () => {
    const f = {
      firstRespondedAt: h(1),
      status: 'IN_PROGRESS' as const,
      resolvedAt: null,
      outbound: [
        { kind: 'RESPONSE', createdAt: h(1) },
        { kind: 'USER_UPDATE', createdAt: h(40) },
      ],
    };
    expect(keptUpdated(f, h(88))).toEqual({ done: true, at: h(40) });
    expect(keptUpdated(f, h(88.5)).done).toBe(false);
    expect(
      keptUpdated(
        {
          ...f,
          outbound: [
            { kind: 'RESPONSE', createdAt: h(1) },
            { kind: 'USER_UPDATE', createdAt: h(50) },
          ],
        },
        h(51),
      ).done,
    ).toBe(false);
    expect(keptUpdated({ ...f, resolvedAt: h(60) }, h(500)).done).toBe(true);
  });

  it('ticks resolution, confirmation and closing, and takes manual ticks with who ticked them', () => {
    const closed: ChecklistFacts = {
      ...base,
      priority: 'P3',
      ownerId: 'u',
      status: 'CLOSED',
      firstRespondedAt: h(1),
      resolvedAt: h(5),
      closedAt: h(6),
      confirmedAt: h(6),
      outbound: [
        { kind: 'RESPONSE', createdAt: h(1) },
        { kind: 'RESOLUTION_NOTICE', createdAt: h(5) },
      ],
      kbLinked: true,
      ticks: [
        { key: 'solution_tested', checkedAt: h(4), checkedById: 'u', checkedByName: 'Olga' },
        { key: 'issue_investigated', checkedAt: null, checkedById: null, checkedByName: null },
      ],
    };
    const list = checklistOf(closed, h(100));
    expect(list.filter((c) => !c.done).map((c) => c.key)).toEqual(['issue_investigated']);
    expect(list.find((c) => c.key === 'solution_tested')).toMatchObject({ done: true, automatic: false, doneByName: 'Olga', doneAt: h(4) });
    expect(list.find((c) => c.key === 'added_to_faq_kb')).toMatchObject({ done: true, automatic: true });
  });
});
