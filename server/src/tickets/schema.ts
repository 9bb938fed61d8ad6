import { queryFromInfo } from '@pothos/plugin-prisma';
import { builder } from '../graphql/builder.ts';
import { fieldError } from '../platform/errors.ts';
import { CHECKLIST_SELECT, type ChecklistEntry as ChecklistEntryRow, checklistOf, factsOf, MANUAL_KEYS, setTicketChecklistItem } from './checklist.ts';
import { confirmTicketResolution, createTicket, updateTicket } from './service.ts';
import { formatTicketNumber, parseTicketNumber, ticketCursor, ticketPage, ticketWhere } from './model.ts';
import { ChannelEnum, ClosureEnum, ConfirmationMethodEnum, EscalationLevelEnum, PriorityEnum, TicketStatusEnum, TicketTypeEnum } from '../graphql/enums.ts';
import { requireId, isUuid } from '../platform/validation.ts';
import { reread } from '../graphql/reread.ts';

export const Ticket = builder.prismaObject('Ticket', {
  authScopes: { reader: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    number: t.string({
      description: 'The human ticket number, e.g. PM-1042',
      select: { number: true },
      resolve: (ticket, _args, ctx) => formatTicketNumber(ctx.rt.config.ticketPrefix, ticket.number),
    }),
    title: t.exposeString('title'),
    description: t.exposeString('description'),
    channel: t.expose('channel', { type: ChannelEnum }),
    type: t.expose('type', { type: TicketTypeEnum, nullable: true }),
    priority: t.expose('priority', { type: PriorityEnum, nullable: true, description: 'Null until triaged' }),
    status: t.expose('status', { type: TicketStatusEnum }),
    reopenCount: t.exposeInt('reopenCount'),
    escalationLevel: t.expose('escalationLevel', { type: EscalationLevelEnum }),
    usersImpacted: t.exposeInt('usersImpacted', { nullable: true }),
    externalRef: t.exposeString('externalRef', { nullable: true }),
    tags: t.exposeStringList('tags'),
    owner: t.relation('owner', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    acknowledgedAt: t.expose('acknowledgedAt', { type: 'DateTime', nullable: true }),
    triagedAt: t.expose('triagedAt', { type: 'DateTime', nullable: true }),
    firstRespondedAt: t.expose('firstRespondedAt', { type: 'DateTime', nullable: true }),
    resolvedAt: t.expose('resolvedAt', { type: 'DateTime', nullable: true }),
    closedAt: t.expose('closedAt', { type: 'DateTime', nullable: true }),
    closure: t.expose('closure', { type: ClosureEnum, nullable: true, description: 'How it was closed; null while not closed' }),
    closeReason: t.exposeString('closeReason', {
      nullable: true,
      description: "Why it was closed without the user's confirmation (an agent's reason, or the quiet period's)",
    }),
    confirmationAskedAt: t.expose('confirmationAskedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When the user was asked whether the fix works (the resolution notice, or the quiet-period job)',
    }),
    confirmationRemindedAt: t.expose('confirmationRemindedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'The one reminder before the quiet period closes it',
    }),
    slaClocks: t.relation('slaClocks', {
      description: 'TRIAGE, FIRST_RESPONSE, USER_UPDATE and RESOLUTION, in that order',
      query: { orderBy: { kind: 'asc' } },
    }),
  }),
});

const PageInfo = builder.objectRef<{ hasNextPage: boolean; endCursor: string | null }>('PageInfo').implement({
  fields: (t) => ({
    hasNextPage: t.exposeBoolean('hasNextPage'),
    endCursor: t.exposeString('endCursor', { nullable: true }),
  }),
});

type TicketRow = { number: number };
const TicketEdge = builder.objectRef<{ cursor: string; node: TicketRow }>('TicketEdge').implement({
  fields: (t) => ({
    cursor: t.exposeString('cursor'),
    node: t.field({ type: Ticket, resolve: (edge) => edge.node as never }),
  }),
});

const TicketConnection = builder
  .objectRef<{ totalCount: () => Promise<number>; edges: { cursor: string; node: TicketRow }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }>(
    'TicketConnection',
  )
  .implement({
    fields: (t) => ({
      totalCount: t.int({ resolve: (c) => c.totalCount() }),
      edges: t.field({ type: [TicketEdge], resolve: (c) => c.edges }),
      pageInfo: t.field({ type: PageInfo, resolve: (c) => c.pageInfo }),
    }),
  });

const TicketFilter = builder.inputType('TicketFilter', {
  fields: (t) => ({
    channel: t.field({ type: ChannelEnum }),
    status: t.field({ type: [TicketStatusEnum], description: 'Any of these statuses (a single value works too)' }),
    priority: t.field({ type: [PriorityEnum] }),
    ownerId: t.id(),
    open: t.boolean({ description: 'Only NEW, TRIAGED, IN_PROGRESS and WAITING_ON_USER tickets' }),
    search: t.string({ description: 'Text in the title or description, or a ticket number' }),
  }),
});

const CreateTicketInput = builder.inputType('CreateTicketInput', {
  fields: (t) => ({
    title: t.string({ required: true }),
    description: t.string({ required: true }),
    channel: t.field({ type: ChannelEnum, required: true }),
    requesterEmail: t.string(),
    requesterName: t.string(),
    type: t.field({ type: TicketTypeEnum }),
    priority: t.field({ type: PriorityEnum }),
    usersImpacted: t.int(),
    externalRef: t.string(),
    tags: t.stringList(),
  }),
});

const UpdateTicketInput = builder.inputType('UpdateTicketInput', {
  fields: (t) => ({
    title: t.string(),
    status: t.field({ type: TicketStatusEnum }),
    priority: t.field({ type: PriorityEnum }),
    type: t.field({ type: TicketTypeEnum }),
    ownerId: t.id({ description: 'null unassigns' }),
    usersImpacted: t.int(),
    closeReason: t.string({
      description:
        "Closing (status: CLOSED) without the user's confirmation: why. Kept on the ticket and counted in the monthly review; without it a close needs confirmTicketResolution.",
    }),
  }),
});

builder.queryFields((t) => ({
  ticket: t.prismaField({
    type: 'Ticket',
    nullable: true,
    authScopes: { reader: true },
    description: 'One ticket by id or by number (PM-1042).',
    args: { id: t.arg.id(), number: t.arg.string() },
    resolve: (query, _root, args, ctx) => {
      if (!args.id === !args.number) throw fieldError('id', 'give exactly one of id or number');
      if (args.number) {
        const number = parseTicketNumber(args.number);
        if (number === undefined) throw fieldError('number', `"${args.number.slice(0, 40)}" is not a ticket number like PM-1042`);
        return ctx.rt.prisma.ticket.findUnique({ ...query, where: { number } });
      }
      const id = String(args.id);
      return isUuid(id) ? ctx.rt.prisma.ticket.findUnique({ ...query, where: { id } }) : null;
    },
  }),
  tickets: t.field({
    type: TicketConnection,
    authScopes: { reader: true },
    description: 'Tickets, newest first.',
    args: { filter: t.arg({ type: TicketFilter }), first: t.arg.int(), after: t.arg.string() },
    resolve: async (_root, args, ctx, info) => {
      const where = ticketWhere(args.filter);
      const { take, cursorNumber } = ticketPage(args);
      const query = queryFromInfo({ context: ctx, info, path: ['edges', 'node'], typeName: 'Ticket' });
      const rows = (await ctx.rt.prisma.ticket.findMany({
        ...(query as object),
        where: cursorNumber === undefined ? where : { AND: [where, { number: { lt: cursorNumber } }] },
        orderBy: { number: 'desc' },
        take: take + 1,
      })) as unknown as TicketRow[];
      const page = rows.slice(0, take);
      const last = page.at(-1);
      return {
        totalCount: () => ctx.rt.prisma.ticket.count({ where }),
        edges: page.map((node) => ({ cursor: ticketCursor(node.number), node })),
        pageInfo: { hasNextPage: rows.length > take, endCursor: last ? ticketCursor(last.number) : null },
      };
    },
  }),
}));

builder.mutationFields((t) => ({
  createTicket: t.prismaField({
    type: 'Ticket',
    authScopes: { agent: true },
    args: { input: t.arg({ type: CreateTicketInput, required: true }) },
    resolve: (query, _root, args, ctx) => reread(ctx.rt.prisma.ticket, query, createTicket(ctx.rt, ctx.actor, args.input)),
  }),
  updateTicket: t.prismaField({
    type: 'Ticket',
    authScopes: { agent: true },
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateTicketInput, required: true }) },
    resolve: (query, _root, args, ctx) => reread(ctx.rt.prisma.ticket, query, updateTicket(ctx.rt, ctx.actor, requireId(args.id, 'Ticket'), args.input)),
  }),
}));

// ───────────────────────── lifecycle and the per-ticket checklist ─────────────────────────

const ChecklistEntry = builder.objectRef<ChecklistEntryRow>('TicketChecklistEntry').implement({
  description: 'One line of the guide\'s "For Every Ticket" checklist',
  fields: (t) => ({
    key: t.exposeString('key'),
    label: t.exposeString('label'),
    done: t.exposeBoolean('done'),
    doneAt: t.expose('doneAt', { type: 'DateTime', nullable: true }),
    automatic: t.exposeBoolean('automatic', { description: 'Ticked by the system; the others are ticked by hand with setTicketChecklistItem' }),
    doneById: t.exposeID('doneById', { nullable: true }),
    doneByName: t.exposeString('doneByName', { nullable: true }),
  }),
});

builder.prismaObjectField('Ticket', 'checklist', (t) =>
  t.field({
    type: [ChecklistEntry],
    select: CHECKLIST_SELECT as never,
    resolve: (ticket, _args, ctx) => checklistOf(factsOf(ticket as never), ctx.rt.clock.now()),
  }),
);

builder.mutationFields((t) => ({
  setTicketChecklistItem: t.prismaField({
    type: 'Ticket',
    authScopes: { agent: true },
    description: `Ticks (done: true) or unticks a checklist line the system cannot know: ${MANUAL_KEYS.join(', ')}.`,
    args: { ticketId: t.arg.id({ required: true }), key: t.arg.string({ required: true }), done: t.arg.boolean({ required: true }) },
    resolve: (query, _root, args, ctx) =>
      reread(ctx.rt.prisma.ticket, query, setTicketChecklistItem(ctx.rt, ctx.actor, requireId(args.ticketId, 'Ticket'), { key: args.key, done: args.done })),
  }),
  confirmTicketResolution: t.prismaField({
    type: 'Ticket',
    authScopes: { agent: true },
    description:
      'Records how the user confirmed the fix (by phone, chat, …): a RESOLVED ticket becomes CLOSED as confirmed. A reply by e-mail or GitHub does this by itself.',
    args: { id: t.arg.id({ required: true }), how: t.arg({ type: ConfirmationMethodEnum, required: true }), note: t.arg.string() },
    resolve: (query, _root, args, ctx) =>
      reread(ctx.rt.prisma.ticket, query, confirmTicketResolution(ctx.rt, ctx.actor, requireId(args.id, 'Ticket'), { how: args.how, note: args.note })),
  }),
}));

// ───────────────────────── the ticket's history (its activity rows) ─────────────────────────

builder.prismaObject('TicketActivity', {
  authScopes: { reader: true },
  description: 'One change on a ticket: created, a field changed, triaged, escalated, reopened, a checklist line ticked, …',
  fields: (t) => ({
    id: t.exposeID('id'),
    action: t.exposeString('action', {
      description: 'created, status_changed, priority_changed, owner_changed, triaged, escalated, reopened, checklist_ticked, user_confirmed, auto_closed, …',
    }),
    field: t.exposeString('field', { nullable: true }),
    fromValue: t.exposeString('fromValue', { nullable: true }),
    toValue: t.exposeString('toValue', { nullable: true }),
    data: t.expose('data', { type: 'JSON', nullable: true }),
    actor: t.relation('actor', { nullable: true, description: 'Null when the system did it' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.prismaObjectField('Ticket', 'activity', (t) =>
  t.relation('activities', {
    description: 'What happened to the ticket, oldest first',
    query: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
  }),
);
