import { randomUUID } from 'node:crypto';
import { Channel, EscalationLevel, EscalationReason, type HoursBasis, Priority, TicketStatus, TicketType } from '@opsboard/db';
import { CSAT_COMMENTS, EMAIL_DOMAINS, FIRST_NAMES, LAST_NAMES } from './demo-catalog.ts';
import type { Scenario } from './demo-scenarios.ts';
import type { Random } from './random.ts';
import { slaTargets, type TemplateKey } from './reference.ts';
import { addMinutes, addTarget, HOUR, isWorkingDay, localParts, type LocalParts, minutesBetween, type WorkCalendar } from './time.ts';

export interface Staff {
  id: string;
  name: string;
}

export interface SeedContext {
  rng: Random;
  now: Date;
  cal: WorkCalendar;
  l1: readonly Staff[];
  l2: readonly Staff[];
  l3: readonly Staff[];
  lead: Staff;
  manager: Staff;
  nameOf: (userId: string) => string;
  /** GitHub issue and discussion numbers share one sequence. */
  nextIssueNumber: () => number;
  /** 0 (a year ago) to 1 (today): how settled the team's triage and response times were then. */
  maturity: (at: Date) => number;
}

export interface RequesterPlan {
  id: string;
  email: string | null;
  name: string | null;
  handle: string | null;
  channel: Channel;
}

export interface EscalationPlan {
  at: Date;
  from: EscalationLevel;
  to: EscalationLevel;
  reason: EscalationReason;
  automatic: boolean;
  byId: string | null;
  toId: string;
}

export interface TicketPlan {
  id: string;
  scenario: Scenario;
  title: string;
  description: string;
  channel: Channel;
  type: TicketType | null;
  priority: Priority | null;
  status: TicketStatus;
  tags: string[];
  usersImpacted: number | null;
  externalRef: string | null;
  requester: RequesterPlan;
  ownerId: string | null;
  triagerId: string | null;
  escalations: EscalationPlan[];
  createdAt: Date;
  acknowledgedAt: Date;
  triagedAt: Date | null;
  firstRespondedAt: Date | null;
  responseTemplate: TemplateKey;
  userReplyAt: Date | null;
  userUpdates: Date[];
  firstResolvedAt: Date | null;
  reopenedAt: Date | null;
  resolvedAt: Date | null;
  confirmedAt: Date | null;
  closedAt: Date | null;
  csat: { sentAt: Date; answeredAt: Date | null; rating: number | null; comment: string | null } | null;
}

export type OpenStatus = 'NEW' | 'TRIAGED' | 'IN_PROGRESS' | 'WAITING_ON_USER';

export interface TicketSpec {
  createdAt: Date;
  channel: Channel;
  scenario: Scenario;
  title?: string;
  description?: string;
  /** Keep the ticket open in this status; otherwise it is resolved once its times have passed. */
  openAs?: OpenStatus;
  ownerId?: string;
  usersImpacted?: number;
  /** Minutes after creation, for tickets whose story is scripted (incidents). */
  triageAfter?: number;
  respondAfter?: number;
  resolvedAt?: Date;
}

const id = (): string => randomUUID();
const later = (a: Date, b: Date): Date => (a > b ? a : b);
const between = (rng: Random, a: Date, b: Date, lo = 0, hi = 1): Date => new Date(a.getTime() + (b.getTime() - a.getTime()) * rng.between(lo, hi));

/**
 * createdAt values from `start` to two hours before `now`, weighted to business hours on working days
 * and by `season` (at most `seasonMax`): how busy that day of the year is.
 */
export function sampleCreatedTimes(
  rng: Random,
  now: Date,
  count: number,
  cal: WorkCalendar,
  start: Date,
  season: (at: Date, local: LocalParts) => number,
  seasonMax: number,
): Date[] {
  const span = now.getTime() - 2 * HOUR - start.getTime();
  const out: Date[] = [];
  while (out.length < count) {
    const t = new Date(start.getTime() + rng.next() * span);
    const p = localParts(t, cal.timeZone);
    const hour = p.minuteOfDay / 60;
    const weight = isWorkingDay(p, cal) ? (hour >= 9 && hour < 17 ? 1 : hour >= 7 && hour < 21 ? 0.35 : 0.07) : hour >= 9 && hour < 21 ? 0.16 : 0.04;
    if (rng.next() * seasonMax < weight * season(t, p)) out.push(t);
  }
  return out.sort((a, b) => a.getTime() - b.getTime());
}

/** Requesters, reused now and then the way regular customers write again. */
export class RequesterPool {
  private readonly byKind = new Map<string, RequesterPlan[]>();
  private readonly used = new Set<string>();
  constructor(private readonly rng: Random) {}

  get(channel: Channel): RequesterPlan {
    const kind = channel === Channel.EMAIL || channel === Channel.WEB ? 'email' : channel;
    const known = this.byKind.get(kind) ?? [];
    this.byKind.set(kind, known);
    if (known.length > 5 && this.rng.chance(0.22)) return this.rng.pick(known);
    const first = this.rng.pick(FIRST_NAMES);
    const last = this.rng.pick(LAST_NAMES);
    let base: string;
    if (kind === 'email') base = `${first}.${last}@${this.rng.pick(EMAIL_DOMAINS)}`.toLowerCase();
    else if (channel === Channel.SOCIAL) base = `@${first}_${last.slice(0, 1)}`.toLowerCase();
    else if (channel === Channel.GITHUB) base = `${first.slice(0, 1)}${last}`.toLowerCase();
    else base = `${first}-${last}`.toLowerCase();
    let key = base;
    for (let n = 2; this.used.has(key); n++) key = kind === 'email' ? base.replace('@', `${n}@`) : `${base}${n}`;
    this.used.add(key);
    const plan: RequesterPlan = {
      id: id(),
      email: kind === 'email' ? key : null,
      name: kind === 'email' || this.rng.chance(0.5) ? `${first} ${last}` : null,
      handle: kind === 'email' ? null : key,
      channel,
    };
    known.push(plan);
    return plan;
  }
}

function externalRef(ctx: SeedContext, channel: Channel, requester: RequesterPlan): string | null {
  const { rng } = ctx;
  switch (channel) {
    case Channel.EMAIL:
      return `<${rng.hex(12)}@mail.${requester.email?.split('@')[1] ?? 'example.com'}>`;
    case Channel.GITHUB:
      return `https://github.com/opsboard-example/platform/issues/${ctx.nextIssueNumber()}`;
    case Channel.COMMUNITY:
      return `https://github.com/opsboard-example/platform/discussions/${ctx.nextIssueNumber()}`;
    case Channel.SOCIAL:
      return `https://x.com/${requester.handle?.slice(1) ?? 'user'}/status/18${rng.hex(8).replace(/\D/g, '7').padEnd(16, '3')}`;
    default:
      return null;
  }
}

function ownerFor(ctx: SeedContext, type: TicketType, priority: Priority): Staff {
  const { rng } = ctx;
  switch (type) {
    case TicketType.BUG:
      return priority === Priority.P1 && rng.chance(0.2) ? rng.pick(ctx.l3) : rng.pick(ctx.l2);
    case TicketType.FEATURE_REQUEST:
      return ctx.lead; // the tech lead carries feature requests to the product team
    case TicketType.COMPLAINT:
      return ctx.manager;
    default:
      return rng.pick(ctx.l1);
  }
}

function responseTemplate(rng: Random, type: TicketType, priority: Priority, open?: OpenStatus): TemplateKey {
  if (open === 'WAITING_ON_USER') return rng.chance(0.7) ? 'more_information_needed' : 'cannot_reproduce';
  switch (type) {
    case TicketType.FEATURE_REQUEST:
      return 'feature_request_response';
    case TicketType.QUESTION:
    case TicketType.FEEDBACK:
      return 'question_answer';
    case TicketType.BUG:
      if (priority === Priority.P0) return 'technical_issue_acknowledgement';
      if (priority === Priority.P1) {
        return rng.chance(0.6) ? 'technical_issue_acknowledgement' : 'bug_report_confirmation';
      }
      return rng.weighted([
        ['bug_report_confirmation', 50],
        ['technical_issue_acknowledgement', 20],
        ['cannot_reproduce', 12],
        ['more_information_needed', 18],
      ] as const);
    case TicketType.ACCOUNT_ACCESS:
      return rng.chance(0.7) ? 'technical_issue_acknowledgement' : 'more_information_needed';
    default:
      return 'technical_issue_acknowledgement';
  }
}

/** When a ticket gets resolved: counted from creation, or from the first response for plain answers. */
function resolutionTime(ctx: SeedContext, s: Scenario, created: Date, responded: Date): Date {
  const { rng } = ctx;
  const m = (lo: number, hi: number, from = created) => addMinutes(from, rng.between(lo, hi));
  if (s.priority === 'P0') return m(90, 230);
  if (s.type === TicketType.QUESTION || s.type === TicketType.FEEDBACK) return m(0, 360, responded);
  if (s.priority === 'P1') return rng.chance(0.88) ? m(120, 470) : m(500, 1400);
  if (s.type === TicketType.ACCOUNT_ACCESS) return m(30, 1200, responded);
  if (s.type === TicketType.FEATURE_REQUEST) return m(24 * 60, 4 * 24 * 60);
  if (s.priority === 'P2') return rng.chance(0.8) ? m(240, 2800) : m(2900, 7000);
  return rng.chance(0.9) ? m(24 * 60, 12 * 24 * 60) : m(14.5 * 24 * 60, 22 * 24 * 60);
}

export function planTicket(ctx: SeedContext, spec: TicketSpec, requesters: RequesterPool): TicketPlan {
  const { rng, now, cal } = ctx;
  const s = spec.scenario;
  const created = spec.createdAt;
  const isNew = spec.openAs === 'NEW';
  const priority: Priority | null = isNew ? null : s.priority;
  const targets = slaTargets(spec.channel, priority ?? Priority.P2);
  // A year ago the team used more of each target and missed it more often.
  const slack = 1 - ctx.maturity(created);
  const fraction = (late: number) => (rng.chance(late + 0.1 * slack) ? rng.between(1.1, 1.9) : rng.between(0.12 + 0.45 * slack, 0.9 + 0.1 * slack));
  // Scripted or random times; anything an open ticket did must lie before now.
  const past = (t: Date, from: Date): Date => (t < now ? t : between(rng, from, now, 0.3, 0.8));
  const requester = requesters.get(spec.channel);

  const plan: TicketPlan = {
    id: id(),
    scenario: s,
    title: spec.title ?? rng.pick(s.titles),
    description: spec.description ?? inboundText(rng, spec.channel, s),
    channel: spec.channel,
    type: isNew ? null : s.type,
    priority,
    status: TicketStatus.NEW,
    tags: isNew ? [] : [...s.tags],
    usersImpacted: spec.usersImpacted ?? (s.impacted && (priority === Priority.P1 || rng.chance(0.3)) ? rng.int(...s.impacted) : null),
    externalRef: externalRef(ctx, spec.channel, requester),
    requester,
    ownerId: null,
    triagerId: null,
    escalations: [],
    createdAt: created,
    acknowledgedAt: new Date(created.getTime() + rng.int(3, 40) * 1000),
    triagedAt: null,
    firstRespondedAt: null,
    responseTemplate: 'technical_issue_acknowledgement',
    userReplyAt: null,
    userUpdates: [],
    firstResolvedAt: null,
    reopenedAt: null,
    resolvedAt: null,
    confirmedAt: null,
    closedAt: null,
    csat: null,
  };
  if (isNew || !priority) return plan;

  const owner = spec.ownerId ?? ownerFor(ctx, s.type, priority).id;
  plan.ownerId = owner;
  plan.triagerId = priority === Priority.P0 ? owner : rng.pick(ctx.l1).id;
  plan.triagedAt = past(
    spec.triageAfter !== undefined
      ? addMinutes(created, spec.triageAfter)
      : addTarget(created, targets.triageMinutes * fraction(0.05), targets.triageBasis, cal),
    created,
  );
  plan.status = TicketStatus.TRIAGED;
  plan.responseTemplate = responseTemplate(rng, s.type, priority, spec.openAs);
  if (spec.openAs === 'TRIAGED') return withEscalations(ctx, plan, now);

  // Answered at a share of the first-response clock as triage left it (see firstResponseClock).
  const frc = firstResponseClock(cal, spec.channel, priority, created, plan.triagedAt);
  const nominalResponse =
    spec.respondAfter !== undefined ? addMinutes(created, spec.respondAfter) : addTarget(frc.from, frc.left * fraction(0.065), frc.basis, cal);
  const responded = past(later(nominalResponse, addMinutes(plan.triagedAt, rng.int(2, 25))), plan.triagedAt);
  plan.firstRespondedAt = responded;
  plan.status = spec.openAs === 'WAITING_ON_USER' ? TicketStatus.WAITING_ON_USER : TicketStatus.IN_PROGRESS;

  let resolved: Date | null = null;
  if (!spec.openAs) {
    resolved = later(spec.resolvedAt ?? resolutionTime(ctx, s, created, responded), addMinutes(responded, rng.int(10, 90)));
    if (!spec.resolvedAt && rng.chance(0.08) && s.type === TicketType.BUG) {
      const reopened = addMinutes(resolved, rng.between(6 * 60, 3 * 24 * 60));
      if (reopened < now) {
        plan.firstResolvedAt = resolved;
        plan.reopenedAt = reopened;
        resolved = addMinutes(reopened, rng.between(2 * 60, 2 * 24 * 60));
      }
    }
    if (resolved > addMinutes(now, -5)) resolved = null; // still being worked on
  }
  const end = resolved ?? now;
  const asksUser = plan.responseTemplate === 'cannot_reproduce' || plan.responseTemplate === 'more_information_needed';
  if (asksUser && plan.status !== TicketStatus.WAITING_ON_USER) {
    plan.userReplyAt = between(rng, responded, plan.firstResolvedAt ?? end, 0.1, 0.5);
  }
  // Progress updates are for problems being worked on, not for answers or planned features.
  const worked = s.type === TicketType.BUG || s.type === TicketType.ACCOUNT_ACCESS || s.type === TicketType.COMPLAINT;
  let last = responded;
  for (let i = 0; i < 8 && worked && plan.status !== TicketStatus.WAITING_ON_USER; i++) {
    const share = rng.chance(0.08) ? rng.between(1.05, 1.4) : rng.between(0.55, 0.95);
    const next = addTarget(last, targets.userUpdateMinutes * share, targets.userUpdateBasis, cal);
    if (next >= end) break;
    plan.userUpdates.push(next);
    last = next;
  }

  if (resolved) {
    plan.resolvedAt = resolved;
    plan.status = TicketStatus.RESOLVED;
    // Closed once the user confirmed, or after a few quiet days.
    const closed = addMinutes(resolved, rng.between(24 * 60, 6 * 24 * 60));
    if (closed < now) {
      plan.status = TicketStatus.CLOSED;
      plan.closedAt = closed;
      if (rng.chance(0.6)) plan.confirmedAt = between(rng, resolved, closed, 0.05, 0.6);
    }
    if (rng.chance(0.6)) plan.csat = csat(ctx, resolved, plan);
  }
  return withEscalations(ctx, plan, end);
}

function inboundText(rng: Random, channel: Channel, s: Scenario): string {
  if (channel === Channel.SOCIAL) return `@opsboard_help ${s.description.split('. ')[0]?.replace(/\.$/, '')}. Any idea?`;
  const platformSpecific = s.tags.includes('browser') || s.tags.includes('mobile');
  if ((channel === Channel.GITHUB || channel === Channel.WEB) && s.type === TicketType.BUG && !platformSpecific) {
    const env = rng.pick(['Chrome 131 / macOS 15', 'Edge 131 / Windows 11', 'Firefox 128 ESR / Windows 10', 'Safari 18 / iPadOS 18']);
    return `${s.description}\n\nEnvironment: ${env}`;
  }
  return s.description;
}

function csat(ctx: SeedContext, resolved: Date, plan: TicketPlan): NonNullable<TicketPlan['csat']> {
  const { rng, now } = ctx;
  const sentAt = addMinutes(resolved, 5);
  const answeredAt = addMinutes(sentAt, rng.between(20, 30 * 60));
  if (answeredAt >= now) return { sentAt, answeredAt: null, rating: null, comment: null };
  const rough = plan.reopenedAt !== null || respondedLate(ctx, plan);
  const rating = rng.weighted<number>(
    rough
      ? [
          [1, 12],
          [2, 16],
          [3, 27],
          [4, 28],
          [5, 17],
        ]
      : [
          [1, 2],
          [2, 4],
          [3, 8],
          [4, 28],
          [5, 58],
        ],
  );
  const comment = rng.chance(0.5) ? rng.pick(CSAT_COMMENTS[rating] ?? ['Thanks.']) : null;
  return { sentAt, answeredAt, rating, comment };
}

function respondedLate(ctx: SeedContext, plan: TicketPlan): boolean {
  if (!plan.priority || !plan.firstRespondedAt) return false;
  return plan.firstRespondedAt > firstResponseClock(ctx.cal, plan.channel, plan.priority, plan.createdAt, plan.triagedAt).dueAt;
}

export interface FirstResponseClock {
  minutes: number;
  basis: HoursBasis;
  /** Running on this target from `from` with `left` of its minutes to go. */
  from: Date;
  left: number;
  dueAt: Date;
  atRiskAt: Date;
}

/**
 * The FIRST_RESPONSE clock as the live rules leave it: from arrival on the channel's untriaged
 * (P2) target, which the auto-acknowledgement promises; triage re-targets it to the priority's,
 * keeping the minutes already used (unless it was overdue by then: a breached clock keeps its target).
 */
export function firstResponseClock(
  cal: WorkCalendar,
  channel: Channel,
  priority: Priority | null,
  createdAt: Date,
  triagedAt: Date | null,
): FirstResponseClock {
  const untriaged = slaTargets(channel, Priority.P2);
  const used = triagedAt ? minutesBetween(createdAt, triagedAt, untriaged.firstResponseBasis, cal) : 0;
  const retargeted = triagedAt !== null && priority !== null && used < untriaged.firstResponseMinutes;
  const t = retargeted ? slaTargets(channel, priority) : untriaged;
  const target = { minutes: t.firstResponseMinutes, basis: t.firstResponseBasis };
  const from = retargeted ? triagedAt : createdAt;
  const spent = retargeted ? used : 0;
  const at = (minutes: number) => (minutes > 0 ? addTarget(from, minutes, target.basis, cal) : from);
  return { ...target, from, left: Math.max(0, target.minutes - spent), dueAt: at(target.minutes - spent), atRiskAt: at(target.minutes * 0.75 - spent) };
}

function withEscalations(ctx: SeedContext, plan: TicketPlan, end: Date): TicketPlan {
  const { rng } = ctx;
  const triaged = plan.triagedAt;
  if (!triaged || !plan.priority) return plan;
  const at = () => between(rng, triaged, later(end, triaged), 0.1, 0.6);
  const { L1, L2, L3, MANAGEMENT } = EscalationLevel;
  const push = (e: Omit<EscalationPlan, 'at'>, when = at()) => plan.escalations.push({ ...e, at: when });
  const impacted = (plan.usersImpacted ?? 0) > 10;
  const s = plan.scenario;

  if (plan.priority === Priority.P0) {
    // The guide: P0 escalates automatically to senior engineering and management.
    push({ from: L1, to: L3, reason: EscalationReason.P0, automatic: true, byId: null, toId: ctx.lead.id }, triaged);
    push({ from: L3, to: MANAGEMENT, reason: EscalationReason.P0, automatic: true, byId: null, toId: ctx.manager.id }, new Date(triaged.getTime() + 1000));
  } else if (s.tags.includes('security')) {
    push({ from: L1, to: L3, reason: EscalationReason.SECURITY, automatic: false, byId: plan.triagerId, toId: rng.pick(ctx.l3).id }, triaged);
  } else if (plan.type === TicketType.BUG && plan.priority === Priority.P1 && (impacted || rng.chance(0.4))) {
    const first = impacted
      ? { reason: EscalationReason.USERS_IMPACTED, automatic: true, byId: null }
      : { reason: EscalationReason.EXPERTISE, automatic: false, byId: plan.triagerId };
    push({ from: L1, to: L2, ...first, toId: plan.ownerId ?? rng.pick(ctx.l2).id });
    if (rng.chance(0.2)) {
      push({ from: L2, to: L3, reason: EscalationReason.EXPERTISE, automatic: false, byId: plan.ownerId, toId: rng.pick(ctx.l3).id });
    }
  } else if (plan.type === TicketType.BUG && plan.priority === Priority.P2 && rng.chance(0.08)) {
    push({ from: L1, to: L2, reason: EscalationReason.NO_PROGRESS, automatic: true, byId: null, toId: rng.pick(ctx.l2).id });
  } else if (plan.type === TicketType.COMPLAINT && rng.chance(0.25)) {
    push({ from: L1, to: MANAGEMENT, reason: EscalationReason.UPSET_USER, automatic: false, byId: plan.triagerId, toId: ctx.manager.id });
  }
  plan.escalations.sort((a, b) => a.at.getTime() - b.at.getTime());
  return plan;
}
