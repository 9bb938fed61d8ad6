import { PageState, PageStep } from '@opsboard/db';
import { builder } from '../graphql/builder.ts';
import { reread } from '../graphql/reread.ts';
import { requireId } from '../platform/validation.ts';
import { acknowledgePage, pagesWhere } from './service.ts';
import { type PageLoadWeek, pageLoad, type PageMttaMonth, pageMtta } from './load.ts';

export const PageStateEnum = builder.enumType(PageState, { name: 'PageState' });
export const PageStepEnum = builder.enumType(PageStep, {
  name: 'PageStep',
  description: 'The chain an unacknowledged page climbs: ON_CALL → SECONDARY (the next person of the rotation) → TECH_LEADS → MANAGERS',
});

builder.prismaObject('PageRecipient', {
  authScopes: { reader: true },
  fields: (t) => ({
    user: t.relation('user'),
    step: t.expose('step', { type: PageStepEnum }),
    notifiedAt: t.expose('notifiedAt', { type: 'DateTime' }),
  }),
});

builder.prismaObject('Page', {
  authScopes: { reader: true },
  description: 'A page asks one person to take a ticket or an incident now; unacknowledged, it escalates one step at a time.',
  fields: (t) => ({
    id: t.exposeID('id'),
    state: t.expose('state', { type: PageStateEnum }),
    step: t.expose('step', { type: PageStepEnum }),
    reason: t.exposeString('reason'),
    suggested: t.exposeBoolean('suggested', { description: 'Raised by the triage suggestion of an untriaged ticket, not a confirmed priority' }),
    afterHours: t.exposeBoolean('afterHours', { description: 'Raised outside the business hours of the team calendar' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    acknowledgedAt: t.expose('acknowledgedAt', { type: 'DateTime', nullable: true }),
    resolvedAt: t.expose('resolvedAt', { type: 'DateTime', nullable: true }),
    nextEscalationAt: t.expose('nextEscalationAt', { type: 'DateTime', nullable: true, description: 'When it moves one step up if nobody acknowledges' }),
    target: t.relation('target', { nullable: true, description: 'The person asked at the current step (the first, when a step asks several)' }),
    acknowledgedBy: t.relation('acknowledgedBy', { nullable: true }),
    ticket: t.relation('ticket', { nullable: true }),
    incident: t.relation('incident', { nullable: true }),
    recipients: t.relation('recipients', { description: 'Everyone the page asked, step by step', query: { orderBy: { notifiedAt: 'asc' } } }),
    mine: t.boolean({
      description: 'The page asked the signed-in person',
      select: (_args, ctx) => ({ recipients: { where: { userId: ctx.actor?.userId ?? '00000000-0000-0000-0000-000000000000' }, select: { id: true } } }),
      resolve: (page) => page.recipients.length > 0,
    }),
  }),
});

builder.queryField('pages', (t) =>
  t.prismaField({
    type: ['Page'],
    authScopes: { reader: true },
    description: 'Pages, newest first (the latest 200); mine: only those that asked the signed-in person.',
    args: { state: t.arg({ type: PageStateEnum }), mine: t.arg.boolean() },
    resolve: (query, _root, args, ctx) =>
      ctx.rt.prisma.page.findMany({ ...query, where: pagesWhere(ctx.actor, args), orderBy: { createdAt: 'desc' }, take: 200 }),
  }),
);

builder.mutationField('acknowledgePage', (t) =>
  t.prismaField({
    type: 'Page',
    authScopes: { agent: true },
    description: 'Takes a page: stops its escalation and records who and when. Yours, or anyone’s for a lead, manager or admin; idempotent.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, args, ctx) => reread(ctx.rt.prisma.page, query, acknowledgePage(ctx.rt, ctx.actor!, requireId(args.id, 'Page'))),
  }),
);

const PageLoadWeekRef = builder.objectRef<PageLoadWeek>('PageLoadWeek').implement({
  description: 'How often one person was paged in one week (Monday first, team time zone)',
  fields: (t) => ({
    weekStart: t.exposeString('weekStart', { description: 'The Monday, YYYY-MM-DD' }),
    userId: t.exposeID('userId'),
    name: t.exposeString('name'),
    pages: t.exposeInt('pages'),
    afterHoursPages: t.exposeInt('afterHoursPages', { description: 'Of those, pages outside business hours' }),
  }),
});

const PageMttaMonthRef = builder.objectRef<PageMttaMonth>('PageMttaMonth').implement({
  description: 'Time to acknowledge pages in one month (team time zone)',
  fields: (t) => ({
    month: t.exposeString('month', { description: 'YYYY-MM' }),
    pages: t.exposeInt('pages'),
    acknowledged: t.exposeInt('acknowledged'),
    p50Seconds: t.exposeInt('p50Seconds', { nullable: true }),
    p90Seconds: t.exposeInt('p90Seconds', { nullable: true }),
  }),
});

builder.queryFields((t) => ({
  pageLoad: t.field({
    type: [PageLoadWeekRef],
    authScopes: { reader: true },
    description: 'Pages per person per week over the last `weeks` weeks (8 by default), newest week first',
    args: { weeks: t.arg.int({ defaultValue: 8 }) },
    resolve: (_root, args, ctx) => pageLoad(ctx.rt, args.weeks ?? 8),
  }),
  pageMtta: t.field({
    type: [PageMttaMonthRef],
    authScopes: { reader: true },
    description: 'MTTA (time to acknowledge) p50 and p90 per month over the last `months` months (12 by default), oldest first',
    args: { months: t.arg.int({ defaultValue: 12 }) },
    resolve: (_root, args, ctx) => pageMtta(ctx.rt, args.months ?? 12),
  }),
}));
