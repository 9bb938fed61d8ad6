import { ImprovementKind, ImprovementStatus, ProcessReviewSection } from '@opsboard/db';
import { builder } from '../graphql/builder.ts';
import {
  addProcessReviewNote,
  createImprovementAction,
  type FeedbackAnalysis,
  feedbackAnalysis,
  findReview,
  monthlyReports,
  monthOf,
  updateImprovementAction,
} from './improvement.ts';
import { Ticket } from '../tickets/schema.ts';
import { reread } from '../graphql/reread.ts';

const ProcessReviewSectionEnum = builder.enumType(ProcessReviewSection, {
  name: 'ProcessReviewSection',
  description: "The review's questions: what's working well, what's not working, what should we change, what tools do we need",
});
const ImprovementKindEnum = builder.enumType(ImprovementKind, {
  name: 'ImprovementKind',
  description: 'Bug fixes to prioritise, documentation to improve, features to consider, UX improvements, process changes',
});
const ImprovementStatusEnum = builder.enumType(ImprovementStatus, { name: 'ImprovementStatus' });

builder.prismaObject('ProcessReviewNote', {
  authScopes: { reader: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    section: t.expose('section', { type: ProcessReviewSectionEnum }),
    body: t.exposeString('body'),
    author: t.relation('author', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.prismaObject('ImprovementAction', {
  authScopes: { reader: true },
  description: 'An action item with an owner, a due date and a status, linked to tickets.',
  fields: (t) => ({
    id: t.exposeID('id'),
    title: t.exposeString('title'),
    kind: t.expose('kind', { type: ImprovementKindEnum }),
    status: t.expose('status', { type: ImprovementStatusEnum }),
    owner: t.relation('owner'),
    dueDate: t.string({ description: 'YYYY-MM-DD', select: { dueDate: true }, resolve: (a) => a.dueDate.toISOString().slice(0, 10) }),
    overdue: t.boolean({
      select: { dueDate: true, status: true },
      resolve: (a, _args, ctx) => a.status !== 'DONE' && a.dueDate.toISOString().slice(0, 10) < ctx.rt.clock.now().toISOString().slice(0, 10),
    }),
    tickets: t.field({
      type: [Ticket],
      select: { ticketIds: true },
      resolve: (a, _args, ctx) => ctx.rt.prisma.ticket.findMany({ where: { id: { in: a.ticketIds } }, orderBy: { number: 'asc' } }),
    }),
    doneAt: t.expose('doneAt', { type: 'DateTime', nullable: true }),
  }),
});

type Snapshot = Awaited<ReturnType<typeof monthlyReports>>[number];
// A plain object type (not a prismaObject), so the reports' own MetricSnapshot type can exist beside it.
const MonthlyReportSnapshot = builder.objectRef<Snapshot>('MonthlyReportSnapshot').implement({
  description: 'A stored monthly report (computed by the reports job), shown with the review.',
  fields: (t) => ({
    kind: t.exposeString('kind'),
    periodStart: t.field({ type: 'DateTime', resolve: (s) => s.periodStart }),
    computedAt: t.field({ type: 'DateTime', resolve: (s) => s.computedAt }),
    data: t.field({ type: 'JSON', resolve: (s) => s.data }),
  }),
});

builder.prismaObject('ProcessReview', {
  authScopes: { reader: true },
  description: "The monthly process review (the guide's Continuous Improvement).",
  fields: (t) => ({
    id: t.exposeID('id'),
    month: t.string({ description: 'YYYY-MM', select: { month: true }, resolve: (r) => r.month.toISOString().slice(0, 7) }),
    notes: t.relation('notes', { query: { orderBy: [{ section: 'asc' }, { createdAt: 'asc' }] } }),
    actions: t.relation('actions', { query: { orderBy: [{ status: 'asc' }, { dueDate: 'asc' }] } }),
    monthlyReports: t.field({
      type: [MonthlyReportSnapshot],
      description: 'The monthly metrics report(s) for this month, when the reports job has stored them (MetricSnapshot, period MONTH)',
      select: { month: true },
      resolve: (r, _args, ctx) => monthlyReports(ctx.rt, r),
    }),
  }),
});

const FeedbackItemRef = builder.objectRef<FeedbackAnalysis['themes'][number]['examples'][number]>('FeedbackItem').implement({
  fields: (t) => ({
    source: t.exposeString('source', { description: 'CSAT or COMPLAINT' }),
    text: t.exposeString('text'),
    rating: t.exposeInt('rating', { nullable: true }),
    ticketNumber: t.exposeString('ticketNumber'),
    at: t.field({ type: 'DateTime', resolve: (i) => i.at }),
  }),
});

const FeedbackTheme = builder.objectRef<FeedbackAnalysis['themes'][number]>('FeedbackTheme').implement({
  fields: (t) => ({
    key: t.exposeString('key', { description: 'LOVE, FRUSTRATION, FEATURE_WISH or CONFUSION' }),
    question: t.exposeString('question'),
    count: t.exposeInt('count'),
    examples: t.field({ type: [FeedbackItemRef], resolve: (th) => th.examples }),
  }),
});

const Keyword = builder.objectRef<FeedbackAnalysis['keywords'][number]>('FeedbackKeyword').implement({
  fields: (t) => ({ word: t.exposeString('word'), count: t.exposeInt('count') }),
});

const FeedbackAnalysisRef = builder.objectRef<FeedbackAnalysis>('FeedbackAnalysis').implement({
  description: "The guide's User Feedback Analysis: themes from the month's CSAT comments and complaints.",
  fields: (t) => ({
    month: t.exposeString('month'),
    responses: t.exposeInt('responses', { description: 'CSAT answers this month' }),
    averageRating: t.exposeFloat('averageRating', { nullable: true }),
    complaints: t.exposeInt('complaints'),
    themes: t.field({ type: [FeedbackTheme], resolve: (f) => f.themes }),
    keywords: t.field({ type: [Keyword], description: 'Words that come up more than once', resolve: (f) => f.keywords }),
  }),
});

builder.queryField('processReview', (t) =>
  t.prismaField({
    type: 'ProcessReview',
    nullable: true,
    authScopes: { reader: true },
    description: 'The review of a month (YYYY-MM; default the current month in OPSBOARD_TIME_ZONE); null until someone adds to it.',
    args: { month: t.arg.string() },
    resolve: async (query, _root, args, ctx) => {
      const review = await findReview(ctx.rt, args.month ?? monthOf(ctx.rt));
      return review ? ctx.rt.prisma.processReview.findUnique({ ...query, where: { id: review.id } }) : null;
    },
  }),
);

builder.queryField('feedbackAnalysis', (t) =>
  t.field({
    type: FeedbackAnalysisRef,
    authScopes: { reader: true },
    args: { month: t.arg.string() },
    resolve: (_root, args, ctx) => feedbackAnalysis(ctx.rt, args.month ?? monthOf(ctx.rt)),
  }),
);

builder.queryField('improvementActions', (t) =>
  t.prismaField({
    type: ['ImprovementAction'],
    authScopes: { reader: true },
    description: 'Action items, open ones first, by due date.',
    args: { status: t.arg({ type: ImprovementStatusEnum }) },
    resolve: (query, _root, args, ctx) =>
      ctx.rt.prisma.improvementAction.findMany({
        ...query,
        where: args.status ? { status: args.status } : {},
        orderBy: [{ status: 'asc' }, { dueDate: 'asc' }],
        take: 200,
      }),
  }),
);

const NoteInput = builder.inputType('ProcessReviewNoteInput', {
  fields: (t) => ({
    month: t.string({ required: true, description: 'YYYY-MM' }),
    section: t.field({ type: ProcessReviewSectionEnum, required: true }),
    body: t.string({ required: true }),
  }),
});

const ActionInput = builder.inputType('ImprovementActionInput', {
  fields: (t) => ({
    month: t.string({ description: 'The review (YYYY-MM) the item comes from' }),
    title: t.string({ required: true }),
    kind: t.field({ type: ImprovementKindEnum, required: true }),
    ownerId: t.id({ required: true }),
    dueDate: t.string({ required: true, description: 'YYYY-MM-DD' }),
    tickets: t.stringList({ description: 'Ticket numbers (PM-12) or ids' }),
  }),
});

const UpdateActionInput = builder.inputType('UpdateImprovementActionInput', {
  fields: (t) => ({
    title: t.string(),
    kind: t.field({ type: ImprovementKindEnum }),
    ownerId: t.id(),
    dueDate: t.string(),
    status: t.field({ type: ImprovementStatusEnum }),
    tickets: t.stringList(),
  }),
});

builder.mutationField('addProcessReviewNote', (t) =>
  t.prismaField({
    type: 'ProcessReview',
    authScopes: { agent: true },
    args: { input: t.arg({ type: NoteInput, required: true }) },
    resolve: (query, _root, args, ctx) => reread(ctx.rt.prisma.processReview, query, addProcessReviewNote(ctx.rt, ctx.actor, args.input)),
  }),
);

builder.mutationField('createImprovementAction', (t) =>
  t.prismaField({
    type: 'ImprovementAction',
    authScopes: { agent: true },
    args: { input: t.arg({ type: ActionInput, required: true }) },
    resolve: (query, _root, args, ctx) =>
      reread(ctx.rt.prisma.improvementAction, query, createImprovementAction(ctx.rt, ctx.actor, { ...args.input, ownerId: String(args.input.ownerId) })),
  }),
);

builder.mutationField('updateImprovementAction', (t) =>
  t.prismaField({
    type: 'ImprovementAction',
    authScopes: { agent: true },
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateActionInput, required: true }) },
    resolve: (query, _root, args, ctx) =>
      reread(
        ctx.rt.prisma.improvementAction,
        query,
        updateImprovementAction(ctx.rt, ctx.actor, String(args.id), { ...args.input, ownerId: args.input.ownerId ? String(args.input.ownerId) : null }),
      ),
  }),
);
