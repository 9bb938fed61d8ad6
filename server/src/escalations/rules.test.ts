import { describe, expect, it } from 'vitest';
import {
  ARRIVAL_ESCALATIONS,
  defaultLevelFor,
  autoEscalationTarget,
  AUTOMATIC_ESCALATIONS,
  describeSendTo,
  ESCALATE_WHEN,
  ESCALATION_PATH,
  nextLevel,
  NO_PROGRESS_MS,
  sendToRules,
  sendToTable,
  urgencyOf,
  USERS_IMPACTED_THRESHOLD,
} from './rules.ts';

const LEVEL_LIST = ['L1', 'L2', 'L3', 'MANAGEMENT'] as const;

describe('the escalation path', () => {
  it('goes L1 → L2 → L3 → MANAGEMENT and no further', () => {
    expect([nextLevel('L1'), nextLevel('L2'), nextLevel('L3'), nextLevel('MANAGEMENT')]).toEqual(['L2', 'L3', 'MANAGEMENT', null]);
  });

  it('sends a P0 at least to senior engineering, more than 10 users at least to engineering, no progress one level up', () => {
    expect(LEVEL_LIST.map((l) => autoEscalationTarget('P0', l))).toEqual(['L3', 'L3', 'MANAGEMENT', null]);
    expect(LEVEL_LIST.map((l) => autoEscalationTarget('USERS_IMPACTED', l))).toEqual(['L2', null, null, null]);
    expect(LEVEL_LIST.map((l) => autoEscalationTarget('NO_PROGRESS', l))).toEqual(['L2', 'L3', 'MANAGEMENT', null]);
  });
});

describe("the guide's send-to rules", () => {
  it('P0: @channel and every tech lead (and management), through quiet hours', () => {
    expect(sendToRules('P0')).toEqual({ people: 'LEADS_AND_MANAGEMENT', chat: 'CHANNEL', urgent: true, agenda: null, channel: 'EMAIL' });
  });
  it('P1: the tech lead, by mail and a chat message naming them', () => {
    expect(sendToRules('P1')).toEqual({ people: 'TECH_LEAD', chat: 'DIRECT', urgent: false, agenda: null, channel: 'EMAIL' });
  });
  it('P2: tagged on the ticket and the daily stand-up; P3: the weekly review', () => {
    expect(sendToRules('P2')).toMatchObject({ people: 'ASSIGNEE_OR_OWNER', chat: null, agenda: 'DAILY_STANDUP', channel: 'IN_APP' });
    expect(sendToRules('P3')).toMatchObject({ people: 'ASSIGNEE_OR_OWNER', chat: null, agenda: 'WEEKLY_REVIEW', channel: 'IN_APP' });
  });
  it('sensitive reasons reach management through quiet hours at any priority; expertise reaches the tech lead', () => {
    expect(sendToRules('P3', 'UPSET_USER')).toEqual({ people: 'MANAGEMENT', chat: 'DIRECT', urgent: true, agenda: 'WEEKLY_REVIEW', channel: 'EMAIL' });
    expect(sendToRules('P2', 'SECURITY')).toMatchObject({ people: 'LEADS_AND_MANAGEMENT', chat: 'DIRECT', urgent: true, channel: 'EMAIL' });
    expect(sendToRules('P0', 'PRESS')).toMatchObject({ people: 'LEADS_AND_MANAGEMENT', chat: 'CHANNEL', urgent: true });
    expect(sendToRules('P3', 'EXPERTISE')).toMatchObject({ people: 'TECH_LEAD', chat: 'DIRECT', urgent: false, channel: 'EMAIL' });
    expect(sendToRules('P3', 'MANUAL')).toEqual(sendToRules('P3'));
    expect(LEVEL_LIST.map((l) => defaultLevelFor('PRESS', l))).toEqual(['MANAGEMENT', 'MANAGEMENT', 'MANAGEMENT', null]);
    expect(LEVEL_LIST.map((l) => defaultLevelFor('EXPERTISE', l))).toEqual(['L3', 'L3', 'MANAGEMENT', null]);
  });
  it('fills the template timeline from the priority', () => {
    expect(urgencyOf('P0')).toBe('Immediate');
    expect(urgencyOf('P3')).toBe('Next sprint');
  });
});

describe('the rules as data (what the reference card prints)', () => {
  it('describes each priority from its send-to rule', () => {
    expect(sendToTable().map((r) => [r.priority, r.sendTo])).toEqual([
      ['P0', '@channel in chat + e-mail all tech leads, managers, on call (through quiet hours)'],
      ['P1', 'e-mail the tech lead + chat DM'],
      ['P2', 'tag owner in the ticket + daily stand-up list'],
      ['P3', 'tag owner in the ticket + weekly review list'],
    ]);
    expect(describeSendTo({ ...sendToRules('P2'), agenda: null })).toBe('tag owner in the ticket');
  });

  it('covers the levels and every automatic reason, with thresholds from the constants', () => {
    expect(ESCALATION_PATH.map((l) => l.level)).toEqual(['L1', 'L2', 'L3', 'MANAGEMENT']);
    expect(AUTOMATIC_ESCALATIONS.map((a) => a.reason)).toEqual(['P0', 'USERS_IMPACTED', 'NO_PROGRESS']);
    expect(AUTOMATIC_ESCALATIONS[1]!.threshold).toBe(`users impacted > ${USERS_IMPACTED_THRESHOLD}`);
    expect(AUTOMATIC_ESCALATIONS[2]!.threshold).toBe(`${NO_PROGRESS_MS / 3_600_000} h without progress (P0/P1/P2/P3, triaged or in progress)`);
    expect(
      ESCALATE_WHEN.filter((w) => w.automatic)
        .map((w) => w.reason)
        .sort(),
    ).toEqual([...AUTOMATIC_ESCALATIONS, ...ARRIVAL_ESCALATIONS].map((a) => a.reason).sort());
  });
});
