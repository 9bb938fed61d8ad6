// The guide's escalation rules as data: the path L1 → L2 → L3 → MANAGEMENT, when to escalate
// (automatically or by hand) and the "send to" rules. No database; the service applies them.
import { EscalationAgenda, EscalationLevel, type EscalationReason, Priority, type Prisma } from '@opsboard/db';
import { OPEN_STATUSES } from '../tickets/model.ts';

export const LEVELS: readonly EscalationLevel[] = Object.values(EscalationLevel);
export const LEVEL_WORDS: Record<EscalationLevel, string> = {
  L1: 'L1 support team',
  L2: 'L2 engineering team',
  L3: 'L3 senior engineer / tech lead',
  MANAGEMENT: 'management',
};
export const LEVEL_PATH = 'L1 → L2 → L3 → MANAGEMENT';

/** The guide's escalation path: who each level is and what it handles (the reference card prints this). */
export const ESCALATION_PATH: readonly { level: EscalationLevel; team: string; handles: string }[] = [
  { level: 'L1', team: 'Support team', handles: 'First response, basic troubleshooting' },
  { level: 'L2', team: 'Engineering team', handles: 'Technical issues, bug fixes' },
  { level: 'L3', team: 'Senior engineer / tech lead', handles: 'Complex issues, architecture decisions' },
  { level: 'MANAGEMENT', team: 'Management', handles: 'Business impact, major incidents, legal' },
];

/** "Impacts multiple users (>10)". */
export const USERS_IMPACTED_THRESHOLD = 10;
/** "You've been working on it for 4+ hours without progress." */
export const NO_PROGRESS_MS = 4 * 60 * 60_000;
const NO_PROGRESS_HOURS = NO_PROGRESS_MS / 3_600_000;
/**
 * Priorities the no-progress sweep escalates: every one. The guide's "Escalate immediately if" list
 * names no priority; P3's "Escalation: Not required" means a P3 is not escalated for its priority alone.
 */
export const NO_PROGRESS_PRIORITIES: readonly Priority[] = ['P0', 'P1', 'P2', 'P3'];
/** Statuses in which a ticket counts as stalled (waiting on the user is not stalled by us). */
export const NO_PROGRESS_STATUSES = ['TRIAGED', 'IN_PROGRESS'] as const;

export type AutomaticReason = 'P0' | 'USERS_IMPACTED' | 'NO_PROGRESS';

/**
 * The automatic escalations as data, with their thresholds and where they take a ticket: what
 * escalateOnChange and runEscalationSweep do, and what the reference card prints.
 */
export const AUTOMATIC_ESCALATIONS: readonly { reason: AutomaticReason; when: string; threshold: string; effect: string }[] = [
  { reason: 'P0', when: 'The ticket becomes P0 (critical)', threshold: 'priority P0', effect: 'L3 at least, once' },
  {
    reason: 'USERS_IMPACTED',
    when: `It impacts more than ${USERS_IMPACTED_THRESHOLD} users`,
    threshold: `users impacted > ${USERS_IMPACTED_THRESHOLD}`,
    effect: 'L2 at least, once',
  },
  {
    reason: 'NO_PROGRESS',
    when: `${NO_PROGRESS_HOURS}+ hours without progress`,
    threshold: `${NO_PROGRESS_HOURS} h without progress (${NO_PROGRESS_PRIORITIES.join('/')}, ${NO_PROGRESS_STATUSES.map((s) => s.toLowerCase().replace('_', ' ')).join(' or ')})`,
    effect: 'one level up, once per stall',
  },
];

/** The escalations a new ticket's words trigger at once, any priority, any hour (the words are in triage/rules.ts). */
export const ARRIVAL_ESCALATIONS: readonly { reason: EscalationReason; when: string; threshold: string; effect: string }[] = [
  {
    reason: 'SECURITY',
    when: 'A new ticket raises a security or privacy concern',
    threshold: 'words such as vulnerability, breach, leaked, hacked, GDPR',
    effect: 'MANAGEMENT at once; managers, tech leads, on call',
  },
  {
    reason: 'UPSET_USER',
    when: 'A new ticket threatens legal action',
    threshold: 'words such as lawyer, attorney, legal action, lawsuit',
    effect: 'MANAGEMENT at once; managers',
  },
  {
    reason: 'PRESS',
    when: 'A new ticket is a media or press inquiry',
    threshold: 'words such as journalist, reporter, the press, press inquiry',
    effect: 'MANAGEMENT at once; managers',
  },
];

/** The guide's "Escalate immediately if", each with the reason recorded and whether opsboard does it by itself. */
export const ESCALATE_WHEN: readonly { reason: EscalationReason; when: string; automatic: boolean }[] = [
  { reason: 'P0', when: 'The issue is P0 (critical)', automatic: true },
  { reason: 'UPSET_USER', when: 'The user is extremely upset or threatens legal action', automatic: true },
  { reason: 'EXPERTISE', when: 'It needs expertise beyond your knowledge', automatic: false },
  { reason: 'USERS_IMPACTED', when: `It impacts more than ${USERS_IMPACTED_THRESHOLD} users`, automatic: true },
  { reason: 'PRESS', when: 'Media or press inquiry', automatic: true },
  { reason: 'SECURITY', when: 'Security or privacy concern', automatic: true },
  { reason: 'NO_PROGRESS', when: `${NO_PROGRESS_HOURS}+ hours of work without progress`, automatic: true },
];

export const levelRank = (level: EscalationLevel): number => LEVELS.indexOf(level);

export function nextLevel(level: EscalationLevel): EscalationLevel | null {
  return LEVELS[levelRank(level) + 1] ?? null;
}

/**
 * Where an automatic escalation takes a ticket at `current`, or null when it does not move it:
 * P0 goes at least to L3 (the guide: "automatic to senior engineering + management"; management is
 * told by the send-to rules), more than 10 users impacted at least to L2 (engineering; a ticket
 * already there stays), no progress one level up. Nothing goes past MANAGEMENT.
 */
export function autoEscalationTarget(reason: AutomaticReason, current: EscalationLevel): EscalationLevel | null {
  const next = nextLevel(current);
  if (reason === 'P0') return levelRank(current) < levelRank('L3') ? 'L3' : next;
  if (reason === 'USERS_IMPACTED') return levelRank(current) < levelRank('L2') ? 'L2' : null;
  return next;
}

export interface SendTo {
  /**
   * Who is e-mailed: every tech lead and manager and the on-call engineer (P0, security), the managers
   * (legal threat, press), the tech lead (P1, expertise needed), the assignee or owner (P2, P3).
   */
  people: 'LEADS_AND_MANAGEMENT' | 'MANAGEMENT' | 'TECH_LEAD' | 'ASSIGNEE_OR_OWNER';
  /** P0: a chat message to the whole channel (@channel); otherwise a chat message naming each person told. */
  chat: 'CHANNEL' | 'DIRECT' | null;
  /** P0 and the sensitive triggers reach people in their quiet hours. */
  urgent: boolean;
  /** P2: mentioned in the daily stand-up; P3: noted in the weekly review. */
  agenda: EscalationAgenda | null;
  /** How people are reached for P2/P3: in the app (the ticket tag), not by mail. */
  channel: 'EMAIL' | 'IN_APP';
}

/** Reasons that go to management at once, whatever the priority ("escalate immediately"). */
export const SENSITIVE_REASONS: readonly EscalationReason[] = ['SECURITY', 'UPSET_USER', 'PRESS'];
export const isSensitive = (reason: EscalationReason): boolean => SENSITIVE_REASONS.includes(reason);

/** Where a reason takes a ticket when the escalation names no level: sensitive triggers to MANAGEMENT, expertise to L3. */
export function defaultLevelFor(reason: EscalationReason, current: EscalationLevel): EscalationLevel | null {
  if (isSensitive(reason)) return current === 'MANAGEMENT' ? null : 'MANAGEMENT';
  if (reason === 'EXPERTISE' && levelRank(current) < levelRank('L3')) return 'L3';
  return nextLevel(current);
}

/**
 * The guide's "Send to" for a priority, widened by the reason: a security or privacy concern goes
 * to every manager and tech lead and the on-call engineer, a legal threat or a press inquiry to the
 * managers, both by e-mail and chat through quiet hours at any priority; expertise needed goes to
 * the tech lead (L3) by e-mail and chat. P2/P3 keep their stand-up / weekly-review mention.
 */
export function sendToRules(priority: Priority, reason?: EscalationReason): SendTo {
  const base = sendToForPriority(priority);
  const chat = base.chat === 'CHANNEL' ? 'CHANNEL' : 'DIRECT';
  if (reason === 'SECURITY') return { ...base, people: 'LEADS_AND_MANAGEMENT', chat, urgent: true, channel: 'EMAIL' };
  if (reason === 'UPSET_USER' || reason === 'PRESS') {
    return { ...base, people: base.people === 'LEADS_AND_MANAGEMENT' ? base.people : 'MANAGEMENT', chat, urgent: true, channel: 'EMAIL' };
  }
  if (reason === 'EXPERTISE' && base.people === 'ASSIGNEE_OR_OWNER') return { ...base, people: 'TECH_LEAD', chat, channel: 'EMAIL' };
  return base;
}

/** The guide's "Send to": P0 @channel + all tech leads; P1 the tech lead; P2 the ticket + daily stand-up; P3 the weekly review. */
function sendToForPriority(priority: Priority): SendTo {
  switch (priority) {
    case 'P0':
      return { people: 'LEADS_AND_MANAGEMENT', chat: 'CHANNEL', urgent: true, agenda: null, channel: 'EMAIL' };
    case 'P1':
      return { people: 'TECH_LEAD', chat: 'DIRECT', urgent: false, agenda: null, channel: 'EMAIL' };
    case 'P2':
      return { people: 'ASSIGNEE_OR_OWNER', chat: null, urgent: false, agenda: EscalationAgenda.DAILY_STANDUP, channel: 'IN_APP' };
    default:
      return { people: 'ASSIGNEE_OR_OWNER', chat: null, urgent: false, agenda: EscalationAgenda.WEEKLY_REVIEW, channel: 'IN_APP' };
  }
}

export const SEND_TO_PRIORITIES: readonly Priority[] = Object.values(Priority);

const AGENDA_WORDS: Record<EscalationAgenda, string> = {
  DAILY_STANDUP: 'daily stand-up list',
  WEEKLY_REVIEW: 'weekly review list',
};

/** A send-to rule in words, generated from the rule itself (the reference card prints this). */
export function describeSendTo(rules: SendTo): string {
  const parts: string[] = [];
  if (rules.chat === 'CHANNEL') parts.push('@channel in chat');
  const people = {
    LEADS_AND_MANAGEMENT: 'e-mail all tech leads, managers, on call',
    MANAGEMENT: 'e-mail the managers',
    TECH_LEAD: 'e-mail the tech lead',
    ASSIGNEE_OR_OWNER: rules.channel === 'IN_APP' ? 'tag owner in the ticket' : 'e-mail the owner',
  }[rules.people];
  parts.push(people);
  if (rules.chat === 'DIRECT') parts.push(rules.people === 'TECH_LEAD' ? 'chat DM' : 'chat DM each');
  if (rules.agenda) parts.push(AGENDA_WORDS[rules.agenda]);
  return `${parts.join(' + ')}${rules.urgent ? ' (through quiet hours)' : ''}`;
}

/** Every priority's send-to rule, as data and in words. */
export function sendToTable(): { priority: Priority; rules: SendTo; sendTo: string }[] {
  return SEND_TO_PRIORITIES.map((priority) => {
    const rules = sendToRules(priority);
    return { priority, rules, sendTo: describeSendTo(rules) };
  });
}

/** The sensitive triggers and expertise with whom they reach at any priority (the reference card prints this, P3 as the example). */
export function reasonSendToTable(): { reason: EscalationReason; toLevel: EscalationLevel; automatic: boolean; sendTo: string }[] {
  return (['SECURITY', 'UPSET_USER', 'PRESS', 'EXPERTISE'] as const).map((reason) => ({
    reason,
    toLevel: defaultLevelFor(reason, 'L1') ?? 'MANAGEMENT',
    automatic: isSensitive(reason),
    sendTo: describeSendTo(sendToRules('P3', reason)),
  }));
}

/** The template's Timeline line for an automatic escalation. */
export function urgencyOf(priority: Priority): string {
  return { P0: 'Immediate', P1: 'Today (resolution target 8 hours)', P2: 'Within 48 hours', P3: 'Next sprint' }[priority];
}

export function reasonWords(reason: EscalationReason): string {
  return {
    MANUAL: 'escalated by hand',
    P0: 'P0: critical',
    USERS_IMPACTED: `more than ${USERS_IMPACTED_THRESHOLD} users impacted`,
    NO_PROGRESS: `${NO_PROGRESS_HOURS}+ hours without progress`,
    UPSET_USER: 'user extremely upset',
    SECURITY: 'security or privacy concern',
    PRESS: 'media or press inquiry',
    EXPERTISE: 'needs expertise beyond L1',
  }[reason];
}

/** Escalations waiting for the daily stand-up (P2) or the weekly review (P3), oldest first. */
export function agendaWhere(agenda: EscalationAgenda): Prisma.EscalationWhereInput {
  return { agenda, discussedAt: null, ticket: { status: { in: [...OPEN_STATUSES] } } };
}
