// Continuous improvement (the guide's "Regular Reviews" and "Action Items"): the monthly process
// review (what works, what does not, what to change, tools needed), the user-feedback analysis
// (themes from CSAT comments and complaints) and action items with an owner, a due date and a
// status, linked to tickets. The monthly metrics report is computed elsewhere (MetricSnapshot,
// period MONTH); `monthlyReports` only reads it, so the review page can show it next to the review.
import { TZDate } from '@date-fns/tz';
import type { ImprovementAction, ImprovementKind, ImprovementStatus, ProcessReview, ProcessReviewSection } from '@opsboard/db';
import { z } from 'zod';
import type { Tx } from '../platform/events.ts';
import { fieldError, notFound, parseInput } from '../platform/errors.ts';
import { type Deps, transact } from '../platform/db.ts';
import type { Actor } from '../auth/service.ts';
import { formatTicketNumber, parseTicketNumber } from '../tickets/model.ts';
import { isUuid, text } from '../platform/validation.ts';

const DAY_MS = 86_400_000;
const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month like 2026-03');
const daySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-03-31')
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), 'is not a real date');

/** 2026-03 → the first day (as a DATE value) and the local month range in the team's time zone. */
export function monthRange(month: string, timeZone: string): { day: Date; from: Date; to: Date } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return {
    day: new Date(Date.UTC(y, m - 1, 1)),
    from: new Date(new TZDate(y, m - 1, 1, 0, 0, 0, timeZone).getTime()),
    to: new Date(new TZDate(y, m, 1, 0, 0, 0, timeZone).getTime()),
  };
}

export const monthOf = (deps: Deps, at: Date = deps.clock.now()): string => {
  const local = new TZDate(at, deps.config.timeZone);
  return `${local.getFullYear()}-${String(local.getMonth() + 1).padStart(2, '0')}`;
};

async function reviewFor(tx: Tx, deps: Deps, actor: Actor | null, month: string): Promise<ProcessReview> {
  const { day } = monthRange(month, deps.config.timeZone);
  return tx.processReview.upsert({
    where: { month: day },
    create: { month: day, createdById: actor?.userId ?? null, createdAt: deps.clock.now() },
    update: {},
  });
}

export async function findReview(deps: Deps, month: string): Promise<ProcessReview | null> {
  const m = parseInput(monthSchema, month, 'month');
  return deps.prisma.processReview.findUnique({ where: { month: monthRange(m, deps.config.timeZone).day } });
}

export const NoteInput = z.object({
  month: monthSchema,
  section: z.enum(['WORKING_WELL', 'NOT_WORKING', 'CHANGE', 'TOOLS_NEEDED']),
  body: text(2_000),
});
export type NoteInput = z.input<typeof NoteInput>;

/** A team member's answer to one of the review's four questions (opens the month's review if needed). */
export async function addProcessReviewNote(deps: Deps, actor: Actor | null, raw: NoteInput): Promise<ProcessReview> {
  const input = parseInput(NoteInput, raw);
  return transact(deps, async (tx, emit) => {
    const review = await reviewFor(tx, deps, actor, input.month);
    await tx.processReviewNote.create({
      data: {
        reviewId: review.id,
        section: input.section as ProcessReviewSection,
        body: input.body,
        authorId: actor?.userId ?? null,
        createdAt: deps.clock.now(),
      },
    });
    emit({
      topic: 'system',
      type: 'PROCESS_REVIEW_NOTE_ADDED',
      entityType: 'ProcessReview',
      entityId: review.id,
      payload: { month: input.month, section: input.section },
    });
    return review;
  });
}

const KINDS = ['BUG_FIX', 'DOCUMENTATION', 'FEATURE', 'UX', 'PROCESS'] as const;
const STATUSES = ['OPEN', 'IN_PROGRESS', 'DONE'] as const;

export const ActionInput = z.object({
  month: monthSchema.optional().nullable(),
  title: text(300),
  kind: z.enum(KINDS),
  ownerId: z.uuid('must be a user id'),
  dueDate: daySchema,
  /** Ticket numbers (PM-12) or ids. */
  tickets: z.array(z.string().trim().min(1).max(60)).max(50, 'at most 50 tickets').optional().nullable(),
});
export type ActionInput = z.input<typeof ActionInput>;

export const UpdateActionInput = z
  .object({
    title: text(300).optional().nullable(),
    kind: z.enum(KINDS).optional().nullable(),
    ownerId: z.uuid('must be a user id').optional().nullable(),
    dueDate: daySchema.optional().nullable(),
    status: z.enum(STATUSES).optional().nullable(),
    tickets: z.array(z.string().trim().min(1).max(60)).max(50, 'at most 50 tickets').optional().nullable(),
  })
  .refine((v) => Object.values(v).some((x) => x != null), { message: 'nothing to change' });
export type UpdateActionInput = z.input<typeof UpdateActionInput>;

async function checkOwner(tx: Tx, ownerId: string): Promise<void> {
  const owner = await tx.user.findUnique({ where: { id: ownerId }, select: { active: true, role: true } });
  if (!owner || !owner.active) throw fieldError('input.ownerId', 'no active user with that id');
  if (owner.role === 'VIEWER') throw fieldError('input.ownerId', 'a viewer cannot own an action item');
}

/** Resolves ticket numbers or ids; names every one that does not exist. */
async function resolveTickets(tx: Tx, deps: Deps, refs: string[]): Promise<string[]> {
  const ids: string[] = [];
  const missing: string[] = [];
  for (const ref of refs) {
    const byId = isUuid(ref) ? await tx.ticket.findUnique({ where: { id: ref }, select: { id: true } }) : null;
    const number = byId ? undefined : parseTicketNumber(ref);
    const found = byId ?? (number !== undefined ? await tx.ticket.findUnique({ where: { number }, select: { id: true } }) : null);
    if (found) ids.push(found.id);
    else missing.push(number !== undefined ? formatTicketNumber(deps.config.ticketPrefix, number) : ref.slice(0, 40));
  }
  if (missing.length) throw fieldError('input.tickets', `no ticket ${missing.join(', ')}`);
  return [...new Set(ids)];
}

export async function createImprovementAction(deps: Deps, actor: Actor | null, raw: ActionInput): Promise<ImprovementAction> {
  const input = parseInput(ActionInput, raw);
  return transact(deps, async (tx, emit) => {
    await checkOwner(tx, input.ownerId);
    const ticketIds = await resolveTickets(tx, deps, input.tickets ?? []);
    const review = input.month ? await reviewFor(tx, deps, actor, input.month) : null;
    const now = deps.clock.now();
    const action = await tx.improvementAction.create({
      data: {
        reviewId: review?.id ?? null,
        title: input.title,
        kind: input.kind as ImprovementKind,
        ownerId: input.ownerId,
        dueDate: new Date(`${input.dueDate}T00:00:00Z`),
        ticketIds,
        createdById: actor?.userId ?? null,
        createdAt: now,
        updatedAt: now,
      },
    });
    emit({
      topic: 'system',
      type: 'IMPROVEMENT_ACTION_CREATED',
      entityType: 'ImprovementAction',
      entityId: action.id,
      payload: { title: action.title, ownerId: action.ownerId, ticketIds },
    });
    return action;
  });
}

export async function updateImprovementAction(deps: Deps, _actor: Actor | null, id: string, raw: UpdateActionInput): Promise<ImprovementAction> {
  const input = parseInput(UpdateActionInput, raw);
  return transact(deps, async (tx, emit) => {
    const current = isUuid(id) ? await tx.improvementAction.findUnique({ where: { id } }) : null;
    if (!current) throw notFound(`Action item ${id.slice(0, 40)}`);
    if (input.ownerId) await checkOwner(tx, input.ownerId);
    const now = deps.clock.now();
    const data: Parameters<typeof tx.improvementAction.update>[0]['data'] = { updatedAt: now };
    if (input.title) data.title = input.title;
    if (input.kind) data.kind = input.kind as ImprovementKind;
    if (input.ownerId) data.ownerId = input.ownerId;
    if (input.dueDate) data.dueDate = new Date(`${input.dueDate}T00:00:00Z`);
    if (input.tickets) data.ticketIds = await resolveTickets(tx, deps, input.tickets);
    if (input.status && input.status !== current.status) {
      data.status = input.status as ImprovementStatus;
      data.doneAt = input.status === 'DONE' ? now : null;
    }
    const action = await tx.improvementAction.update({ where: { id: current.id }, data });
    emit({
      topic: 'system',
      type: 'IMPROVEMENT_ACTION_UPDATED',
      entityType: 'ImprovementAction',
      entityId: action.id,
      payload: { status: action.status, ownerId: action.ownerId },
    });
    return action;
  });
}

// The guide's "User Feedback Analysis" questions, recognised in words (a rating decides when the words do not).
const THEMES = [
  { key: 'LOVE', question: 'What do users love?', pattern: /\b(love|great|awesome|excellent|thank(s| you)|helpful|fast|quick|amazing|perfect)\b/i },
  {
    key: 'FRUSTRATION',
    question: 'What frustrates users?',
    pattern: /\b(slow|broken|frustrat\w*|annoy\w*|crash\w*|error\w*|bug\w*|fail\w*|waited|waiting|still not|unacceptable|rude)\b/i,
  },
  {
    key: 'FEATURE_WISH',
    question: 'What features do they want?',
    pattern: /\b(wish|would like|would love|please add|feature|could you add|missing|support for|integrat\w*)\b/i,
  },
  {
    key: 'CONFUSION',
    question: "What's confusing?",
    pattern: /\b(confus\w*|unclear|how do i|can't find|cannot find|where is|don't understand|hard to find|not obvious)\b/i,
  },
] as const;
const STOP = new Set(
  'that this with have from your they them were there their what when which would could should about after again also been being because cannot does doing just more most much only other over same some such than then these those very will into very really still thing things please thanks thank ticket support team'.split(
    ' ',
  ),
);

export interface FeedbackItem {
  source: 'CSAT' | 'COMPLAINT';
  text: string;
  rating: number | null;
  ticketNumber: string;
  at: Date;
}

export interface FeedbackAnalysis {
  month: string;
  responses: number;
  averageRating: number | null;
  complaints: number;
  themes: { key: string; question: string; count: number; examples: FeedbackItem[] }[];
  keywords: { word: string; count: number }[];
}

/** Themes from the month's CSAT comments and complaint tickets. */
export async function feedbackAnalysis(deps: Deps, month: string): Promise<FeedbackAnalysis> {
  const m = parseInput(monthSchema, month, 'month');
  const { from, to } = monthRange(m, deps.config.timeZone);
  const [csat, complaints] = await Promise.all([
    deps.prisma.csatResponse.findMany({
      where: { answeredAt: { gte: from, lt: to } },
      select: { rating: true, comment: true, answeredAt: true, ticket: { select: { number: true } } },
    }),
    deps.prisma.ticket.findMany({
      where: { type: 'COMPLAINT', createdAt: { gte: from, lt: to }, isSpam: false },
      select: { number: true, title: true, description: true, createdAt: true },
    }),
  ]);
  const items: FeedbackItem[] = [
    ...csat
      .filter((c) => c.comment?.trim())
      .map((c) => ({
        source: 'CSAT' as const,
        text: c.comment!.trim(),
        rating: c.rating,
        ticketNumber: formatTicketNumber(deps.config.ticketPrefix, c.ticket.number),
        at: c.answeredAt!,
      })),
    ...complaints.map((t) => ({
      source: 'COMPLAINT' as const,
      text: `${t.title}. ${t.description}`.slice(0, 1_000),
      rating: null,
      ticketNumber: formatTicketNumber(deps.config.ticketPrefix, t.number),
      at: t.createdAt,
    })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());
  const themes = THEMES.map((theme) => {
    const matching = items.filter((i) => {
      if (theme.pattern.test(i.text)) return true;
      if (theme.key === 'LOVE') return i.rating !== null && i.rating >= 5 && !THEMES[1].pattern.test(i.text);
      if (theme.key === 'FRUSTRATION') return i.source === 'COMPLAINT' || (i.rating !== null && i.rating <= 2);
      return false;
    });
    return { key: theme.key, question: theme.question, count: matching.length, examples: matching.slice(0, 5) };
  });
  const counts = new Map<string, number>();
  for (const item of items) {
    for (const word of new Set(item.text.toLowerCase().match(/[a-z][a-z'-]{3,}/g) ?? [])) {
      if (!STOP.has(word)) counts.set(word, (counts.get(word) ?? 0) + 1);
    }
  }
  const rated = csat.filter((c) => c.rating !== null);
  return {
    month: m,
    responses: csat.length,
    averageRating: rated.length ? Math.round((rated.reduce((s, c) => s + c.rating!, 0) / rated.length) * 100) / 100 : null,
    complaints: complaints.length,
    themes,
    keywords: [...counts.entries()]
      .filter(([, n]) => n > 1)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 10)
      .map(([word, count]) => ({ word, count })),
  };
}

/**
 * The hook for the monthly metrics report: whatever MONTH snapshots the reports job has stored for
 * this month (any kind), newest first. Nothing is computed here.
 */
export async function monthlyReports(deps: Deps, review: Pick<ProcessReview, 'month'>) {
  const start = review.month;
  return deps.prisma.metricSnapshot.findMany({
    where: { period: 'MONTH', periodStart: { gte: new Date(start.getTime() - DAY_MS), lt: new Date(start.getTime() + DAY_MS) } },
    orderBy: { computedAt: 'desc' },
  });
}
