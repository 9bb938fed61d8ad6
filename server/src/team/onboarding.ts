// Training and onboarding: the guide's four-week checklist for a new support team member. Items the
// system can see tick themselves from real activity (derived when read, so they are never out of
// date); the others are ticked by hand. Leads see everyone's progress, members their own.
import type { OnboardingPlan, OnboardingTick } from '@opsboard/db';
import { z } from 'zod';
import type { Tx } from '../platform/events.ts';
import { authError, fieldError, notFound, parseInput } from '../platform/errors.ts';
import { type Deps, transact } from '../platform/db.ts';
import type { Actor } from '../auth/service.ts';
import { isUuid } from '../platform/validation.ts';

const DAY_MS = 86_400_000;
/** Shadowing counts the mentor's responses in the first two weeks. */
const SHADOW_DAYS = 14;
export const SHADOW_TARGET = 5;

type AutoRule = 'shadowed' | 'templates' | 'triage' | 'independent' | 'escalated' | 'documented' | 'process_feedback';

export interface ChecklistItem {
  key: string;
  week: 1 | 2 | 3 | 4;
  title: string;
  /** Set for items that tick themselves; says what counts. */
  auto?: { rule: AutoRule; counts: string };
}

// The guide's "New Support Team Member Checklist", week by week.
export const ONBOARDING_CHECKLIST: readonly ChecklistItem[] = [
  { key: 'w1_access', week: 1, title: 'Access to all support channels' },
  { key: 'w1_read_docs', week: 1, title: 'Read all documentation' },
  {
    key: 'w1_shadow',
    week: 1,
    title: 'Shadow 5+ support interactions',
    auto: { rule: 'shadowed', counts: `responses sent by your mentor in your first ${SHADOW_DAYS} days (${SHADOW_TARGET} needed)` },
  },
  { key: 'w1_common_issues', week: 1, title: 'Review common issues' },
  { key: 'w1_escalation', week: 1, title: 'Learn escalation procedures' },
  { key: 'w2_simple_inquiries', week: 2, title: 'Handle simple inquiries with oversight' },
  { key: 'w2_templates', week: 2, title: 'Practice using templates', auto: { rule: 'templates', counts: 'a response you sent from a response template' } },
  { key: 'w2_technical_basics', week: 2, title: 'Learn technical basics' },
  {
    key: 'w2_triage_meeting',
    week: 2,
    title: 'Participate in triage meeting',
    auto: { rule: 'triage', counts: 'a triage meeting marked done with you among the attendees' },
  },
  {
    key: 'w3_independent',
    week: 3,
    title: 'Handle inquiries independently',
    auto: { rule: 'independent', counts: 'a first response you sent on a ticket you own' },
  },
  { key: 'w3_escalate', week: 3, title: 'Escalate when appropriate', auto: { rule: 'escalated', counts: 'an escalation you raised' } },
  { key: 'w3_document', week: 3, title: 'Document solutions', auto: { rule: 'documented', counts: 'a knowledge-base article you wrote' } },
  {
    key: 'w3_process_feedback',
    week: 3,
    title: 'Provide feedback on process',
    auto: { rule: 'process_feedback', counts: 'a note you added to a monthly process review' },
  },
  { key: 'w4_full_responsibility', week: 4, title: 'Full responsibility' },
  { key: 'w4_performance_review', week: 4, title: 'Performance review' },
  { key: 'w4_improvement_areas', week: 4, title: 'Identify areas for improvement' },
  { key: 'w4_personal_goals', week: 4, title: 'Set personal goals' },
];

export interface ItemProgress extends ChecklistItem {
  done: boolean;
  doneAt: Date | null;
  /** What ticked it: "5 of 5 responses", "ticked by Ana Lima" … */
  evidence: string | null;
  /** AUTO when activity ticked it, MANUAL when a person did. */
  source: 'AUTO' | 'MANUAL' | null;
}

export interface OnboardingProgress {
  plan: OnboardingPlan;
  user: { id: string; name: string; email: string };
  mentor: { id: string; name: string } | null;
  /** 1–4 while onboarding, 5 after the fourth week. */
  week: number;
  done: number;
  total: number;
  items: ItemProgress[];
}

const MANAGING_ROLES = ['LEAD', 'MANAGER', 'ADMIN'];
export const isLead = (actor: Actor | null): boolean => !!actor && !actor.readOnly && MANAGING_ROLES.includes(actor.role);

type Found = { at: Date; evidence: string } | null;

/** When each automatic item was first satisfied, from the member's real activity. */
async function autoTicks(db: Deps['prisma'] | Tx, plan: OnboardingPlan): Promise<Record<AutoRule, Found>> {
  const userId = plan.userId;
  const since = plan.startedAt;
  const shadowUntil = new Date(since.getTime() + SHADOW_DAYS * DAY_MS);
  const outbound = { direction: 'OUTBOUND' as const, kind: { in: ['RESPONSE' as const, 'USER_UPDATE' as const, 'RESOLUTION_NOTICE' as const] } };
  const [mentorResponses, templated, meeting, independent, escalation, article, note] = await Promise.all([
    plan.mentorId
      ? db.ticketMessage.findMany({
          where: { ...outbound, authorId: plan.mentorId, createdAt: { gte: since, lt: shadowUntil } },
          orderBy: { createdAt: 'asc' },
          take: SHADOW_TARGET,
          select: { createdAt: true },
        })
      : Promise.resolve([]),
    db.ticketMessage.findFirst({
      where: { ...outbound, authorId: userId, templateKey: { not: null }, createdAt: { gte: since } },
      orderBy: { createdAt: 'asc' },
      select: { createdAt: true, templateKey: true },
    }),
    db.triageMeeting.findFirst({
      where: { status: 'DONE', attendeeIds: { has: userId }, startsAt: { gte: since } },
      orderBy: { doneAt: 'asc' },
      select: { doneAt: true, kind: true, startsAt: true },
    }),
    db.ticketMessage.findFirst({
      where: { direction: 'OUTBOUND', kind: 'RESPONSE', authorId: userId, createdAt: { gte: since }, ticket: { ownerId: userId } },
      orderBy: { createdAt: 'asc' },
      select: { createdAt: true, ticket: { select: { number: true } } },
    }),
    db.escalation.findFirst({ where: { escalatedById: userId, createdAt: { gte: since } }, orderBy: { createdAt: 'asc' }, select: { createdAt: true } }),
    db.kbArticle.findFirst({ where: { authorId: userId, createdAt: { gte: since } }, orderBy: { createdAt: 'asc' }, select: { createdAt: true, title: true } }),
    db.processReviewNote.findFirst({ where: { authorId: userId, createdAt: { gte: since } }, orderBy: { createdAt: 'asc' }, select: { createdAt: true } }),
  ]);
  return {
    shadowed:
      mentorResponses.length >= SHADOW_TARGET
        ? { at: mentorResponses[SHADOW_TARGET - 1]!.createdAt, evidence: `${SHADOW_TARGET} responses by the mentor shadowed` }
        : null,
    templates: templated ? { at: templated.createdAt, evidence: `sent a response from the ${templated.templateKey} template` } : null,
    triage: meeting
      ? {
          at: meeting.doneAt ?? meeting.startsAt,
          evidence: `attended the ${meeting.kind === 'DAILY' ? 'daily triage' : 'weekly review'} of ${meeting.startsAt.toISOString().slice(0, 10)}`,
        }
      : null,
    independent: independent ? { at: independent.createdAt, evidence: `first response on own ticket #${independent.ticket.number}` } : null,
    escalated: escalation ? { at: escalation.createdAt, evidence: 'raised an escalation' } : null,
    documented: article ? { at: article.createdAt, evidence: `wrote "${article.title}"` } : null,
    process_feedback: note ? { at: note.createdAt, evidence: 'added a note to a process review' } : null,
  };
}

/** The plan with every item's state; `partial` shadow progress is shown in the evidence. */
async function progressOf(deps: Deps, plan: OnboardingPlan & { ticks: OnboardingTick[] }): Promise<OnboardingProgress> {
  const [auto, people] = await Promise.all([
    autoTicks(deps.prisma, plan),
    deps.prisma.user.findMany({
      where: { id: { in: [plan.userId, ...(plan.mentorId ? [plan.mentorId] : []), ...plan.ticks.flatMap((t) => (t.doneById ? [t.doneById] : []))] } },
      select: { id: true, name: true, email: true },
    }),
  ]);
  const name = (id: string | null) => people.find((p) => p.id === id)?.name ?? null;
  let shadowCount = 0;
  if (plan.mentorId && !auto.shadowed) {
    shadowCount = await deps.prisma.ticketMessage.count({
      where: {
        direction: 'OUTBOUND',
        kind: { in: ['RESPONSE', 'USER_UPDATE', 'RESOLUTION_NOTICE'] },
        authorId: plan.mentorId,
        createdAt: { gte: plan.startedAt, lt: new Date(plan.startedAt.getTime() + SHADOW_DAYS * DAY_MS) },
      },
    });
  }
  const items: ItemProgress[] = ONBOARDING_CHECKLIST.map((item) => {
    const tick = plan.ticks.find((t) => t.key === item.key);
    if (item.auto) {
      const found = auto[item.auto.rule];
      if (found) return { ...item, done: true, doneAt: found.at, evidence: found.evidence, source: 'AUTO' };
      const partial =
        item.auto.rule === 'shadowed' ? (plan.mentorId ? `${shadowCount} of ${SHADOW_TARGET} so far` : 'no mentor set: choose one to count shadowing') : null;
      return { ...item, done: false, doneAt: null, evidence: partial, source: null };
    }
    if (tick)
      return {
        ...item,
        done: true,
        doneAt: tick.doneAt,
        evidence: tick.note ?? (name(tick.doneById) ? `ticked by ${name(tick.doneById)}` : null),
        source: 'MANUAL',
      };
    return { ...item, done: false, doneAt: null, evidence: null, source: null };
  });
  const user = people.find((p) => p.id === plan.userId) ?? { id: plan.userId, name: 'unknown', email: '' };
  const mentor = plan.mentorId ? { id: plan.mentorId, name: name(plan.mentorId) ?? 'unknown' } : null;
  const week = Math.min(5, Math.floor((deps.clock.now().getTime() - plan.startedAt.getTime()) / (7 * DAY_MS)) + 1);
  return { plan, user, mentor, week: Math.max(1, week), done: items.filter((i) => i.done).length, total: items.length, items };
}

export async function onboardingFor(deps: Deps, actor: Actor | null, userId: string): Promise<OnboardingProgress | null> {
  if (!isLead(actor) && actor?.userId !== userId) throw authError('Only leads and managers see other people’s onboarding', 'FORBIDDEN');
  if (!isUuid(userId)) return null;
  const plan = await deps.prisma.onboardingPlan.findUnique({ where: { userId }, include: { ticks: true } });
  return plan ? progressOf(deps, plan) : null;
}

/** Everyone's progress (leads and managers). */
export async function allOnboarding(deps: Deps, actor: Actor | null): Promise<OnboardingProgress[]> {
  if (!isLead(actor)) throw authError('Only leads and managers see everyone’s onboarding', 'FORBIDDEN');
  const plans = await deps.prisma.onboardingPlan.findMany({ orderBy: { startedAt: 'desc' }, take: 100, include: { ticks: true } });
  return Promise.all(plans.map((plan) => progressOf(deps, plan)));
}

export const StartOnboardingInput = z.object({
  userId: z.uuid('must be a user id'),
  mentorId: z.uuid('must be a user id').optional().nullable(),
  startedAt: z.date().optional().nullable(),
});
export type StartOnboardingInput = z.input<typeof StartOnboardingInput>;

export async function startOnboarding(deps: Deps, actor: Actor | null, raw: StartOnboardingInput): Promise<OnboardingPlan> {
  if (!isLead(actor)) throw authError('Only leads and managers start an onboarding', 'FORBIDDEN');
  const input = parseInput(StartOnboardingInput, raw);
  return transact(deps, async (tx, emit) => {
    const user = await tx.user.findUnique({ where: { id: input.userId }, select: { active: true, role: true, name: true } });
    if (!user || !user.active) throw fieldError('input.userId', 'no active user with that id');
    if (user.role === 'VIEWER') throw fieldError('input.userId', 'a viewer does not work tickets: give them a team role first');
    if (input.mentorId) {
      if (input.mentorId === input.userId) throw fieldError('input.mentorId', 'the mentor must be someone else');
      const mentor = await tx.user.findUnique({ where: { id: input.mentorId }, select: { active: true, role: true } });
      if (!mentor || !mentor.active || mentor.role === 'VIEWER') throw fieldError('input.mentorId', 'no active team member with that id');
    }
    if (await tx.onboardingPlan.findUnique({ where: { userId: input.userId }, select: { id: true } }))
      throw fieldError('input.userId', `${user.name} already has an onboarding plan`);
    const now = deps.clock.now();
    const plan = await tx.onboardingPlan.create({
      data: { userId: input.userId, mentorId: input.mentorId ?? null, startedAt: input.startedAt ?? now, createdById: actor?.userId ?? null, createdAt: now },
    });
    emit({
      topic: 'system',
      type: 'ONBOARDING_STARTED',
      entityType: 'OnboardingPlan',
      entityId: plan.id,
      payload: { userId: plan.userId, mentorId: plan.mentorId },
    });
    return plan;
  });
}

export const TickInput = z.object({
  userId: z.uuid('must be a user id'),
  key: z.string().max(60),
  done: z.boolean(),
  note: z.string().trim().max(500, 'must be at most 500 characters').optional().nullable(),
});
export type TickInput = z.input<typeof TickInput>;

/** Ticks (or unticks) a checklist item by hand; the member themselves or a lead. */
export async function tickOnboardingItem(deps: Deps, actor: Actor | null, raw: TickInput): Promise<OnboardingPlan> {
  const input = parseInput(TickInput, raw);
  if (!isLead(actor) && actor?.userId !== input.userId) throw authError('Only the new member or a lead ticks this checklist', 'FORBIDDEN');
  const item = ONBOARDING_CHECKLIST.find((i) => i.key === input.key);
  if (!item) throw fieldError('input.key', `no checklist item "${input.key.slice(0, 60)}"`);
  if (item.auto) throw fieldError('input.key', `"${item.title}" ticks itself from activity (${item.auto.counts})`);
  return transact(deps, async (tx, emit) => {
    const plan = await tx.onboardingPlan.findUnique({ where: { userId: input.userId } });
    if (!plan) throw notFound(`Onboarding plan of user ${input.userId}`);
    if (input.done) {
      await tx.onboardingTick.upsert({
        where: { planId_key: { planId: plan.id, key: item.key } },
        create: { planId: plan.id, key: item.key, doneAt: deps.clock.now(), doneById: actor?.userId ?? null, note: input.note ?? null },
        update: { note: input.note ?? undefined },
      });
    } else {
      await tx.onboardingTick.deleteMany({ where: { planId: plan.id, key: item.key } });
    }
    emit({
      topic: 'system',
      type: 'ONBOARDING_ITEM_TICKED',
      entityType: 'OnboardingPlan',
      entityId: plan.id,
      payload: { userId: plan.userId, key: item.key, done: input.done },
    });
    return plan;
  });
}
