import { builder } from '../graphql/builder.ts';
import { notFound } from '../platform/errors.ts';
import { ticketValues, updateResponseTemplate } from './service.ts';
import { placeholders, renderTemplate } from './placeholders.ts';
import { respondToTicket } from '../tickets/respond.ts';
import { triageTicket } from '../triage/service.ts';
import { suggestPriority, suggestRouting } from '../triage/rules.ts';
import { PriorityEnum, TicketTypeEnum } from '../graphql/enums.ts';
import '../tickets/schema.ts';
import { requireId } from '../platform/validation.ts';
import { reread } from '../graphql/reread.ts';


const MessageDirectionEnum = builder.enumType('MessageDirection', { values: ['INBOUND', 'OUTBOUND', 'INTERNAL'] as const });
const MessageKindEnum = builder.enumType('MessageKind', { values: ['MESSAGE', 'AUTO_ACKNOWLEDGEMENT', 'RESPONSE', 'USER_UPDATE', 'RESOLUTION_NOTICE', 'NOTE'] as const });
const TeamEnum = builder.enumType('Team', { values: ['ENGINEERING', 'SUPPORT', 'PRODUCT', 'SUPPORT_LEAD'] as const });

builder.prismaObject('TicketMessage', {
  authScopes: { reader: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    direction: t.expose('direction', { type: MessageDirectionEnum }),
    kind: t.expose('kind', { type: MessageKindEnum }),
    body: t.exposeString('body'),
    templateKey: t.exposeString('templateKey', { nullable: true }),
    author: t.relation('author', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.prismaObject('ResponseTemplate', {
  authScopes: { reader: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    key: t.exposeString('key'),
    name: t.exposeString('name'),
    subject: t.exposeString('subject'),
    body: t.exposeString('body'),
    placeholders: t.stringList({ select: { subject: true, body: true }, resolve: (r) => placeholders(`${r.subject}\n${r.body}`) }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const TriageSuggestion = builder.objectRef<{ priority: 'P0' | 'P1' | 'P2' | 'P3'; reason: string; team: 'ENGINEERING' | 'SUPPORT' | 'PRODUCT' | 'SUPPORT_LEAD'; teamReason: string }>('TriageSuggestion').implement({
  description: "The guide's priority definitions and routing rules applied to the ticket; a person confirms with triageTicket.",
  fields: (t) => ({
    priority: t.field({ type: PriorityEnum, resolve: (s) => s.priority }),
    reason: t.exposeString('reason'),
    team: t.field({ type: TeamEnum, resolve: (s) => s.team }),
    teamReason: t.exposeString('teamReason'),
  }),
});

builder.prismaObjectField('Ticket', 'messages', (t) => t.relation('messages', { query: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] } }));
builder.prismaObjectField('Ticket', 'triageSuggestion', (t) =>
  t.field({
    type: TriageSuggestion,
    select: { title: true, description: true, usersImpacted: true, type: true },
    resolve: (ticket) => {
      const p = suggestPriority(ticket);
      const r = suggestRouting(ticket.type);
      return { priority: p.priority, reason: p.reason, team: r.team, teamReason: r.reason };
    },
  }),
);

const RenderedTemplate = builder.objectRef<{ subject: string; body: string; missing: string[] }>('RenderedTemplate').implement({
  fields: (t) => ({
    subject: t.exposeString('subject'),
    body: t.exposeString('body'),
    missing: t.exposeStringList('missing', { description: 'Placeholders still to fill before respondToTicket accepts the text' }),
  }),
});

const TriageInput = builder.inputType('TriageInput', {
  fields: (t) => ({
    type: t.field({ type: TicketTypeEnum, required: true }),
    priority: t.field({ type: PriorityEnum, required: true }),
    ownerId: t.id({ required: true }),
  }),
});

const RespondInput = builder.inputType('RespondInput', {
  fields: (t) => ({
    templateKey: t.string(),
    body: t.string({ description: 'The text; {{placeholders}} are filled from the ticket and `values`' }),
    values: t.field({ type: 'JSON', description: 'Values for the template placeholders, e.g. { "feature": "PDF export" }' }),
    kind: t.field({ type: MessageKindEnum, description: 'RESPONSE, USER_UPDATE or RESOLUTION_NOTICE; chosen from the ticket when left out' }),
    status: t.string({ description: 'Move the ticket on: IN_PROGRESS, WAITING_ON_USER or RESOLVED' }),
  }),
});

const UpdateTemplateInput = builder.inputType('UpdateResponseTemplateInput', {
  fields: (t) => ({ name: t.string(), subject: t.string(), body: t.string() }),
});

builder.queryFields((t) => ({
  responseTemplates: t.prismaField({
    type: ['ResponseTemplate'],
    authScopes: { reader: true },
    resolve: (query, _root, _args, ctx) => ctx.rt.prisma.responseTemplate.findMany({ ...query, orderBy: { key: 'asc' } }),
  }),
  renderResponseTemplate: t.field({
    type: RenderedTemplate,
    authScopes: { reader: true },
    description: "A template filled with a ticket's data (and `values`), with the placeholders still missing.",
    args: { ticketId: t.arg.id({ required: true }), key: t.arg.string({ required: true }), values: t.arg({ type: 'JSON' }) },
    resolve: async (_root, args, ctx) => {
      const id = requireId(args.ticketId, 'Ticket');
      const [ticket, template] = await Promise.all([ctx.rt.prisma.ticket.findUnique({ where: { id } }), ctx.rt.prisma.responseTemplate.findUnique({ where: { key: args.key } })]);
      if (!ticket) throw notFound(`Ticket ${id}`);
      if (!template) throw notFound(`Response template ${args.key.slice(0, 60)}`);
      const extra = args.values && typeof args.values === 'object' ? Object.fromEntries(Object.entries(args.values).map(([k, v]) => [k, String(v)])) : {};
      const values = { ...(await ticketValues(ctx.rt.prisma, ctx.rt, ticket)), ...extra };
      const subject = renderTemplate(template.subject, values);
      const body = renderTemplate(template.body, values);
      return { subject, body, missing: placeholders(`${subject}\n${body}`) };
    },
  }),
}));

builder.mutationFields((t) => ({
  triageTicket: t.prismaField({
    type: 'Ticket',
    authScopes: { agent: true },
    description: 'Sets type, priority and owner (the guide\'s Step 2); a NEW ticket becomes TRIAGED.',
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: TriageInput, required: true }) },
    resolve: (query, _root, args, ctx) => reread(ctx.rt.prisma.ticket, query, triageTicket(ctx.rt, ctx.actor, requireId(args.id, 'Ticket'), { ...args.input, ownerId: String(args.input.ownerId) })),
  }),
  respondToTicket: t.prismaField({
    type: 'Ticket',
    authScopes: { agent: true },
    description: 'Sends a response or update to the requester; refused while a {{placeholder}} is unfilled.',
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: RespondInput, required: true }) },
    resolve: (query, _root, args, ctx) => reread(ctx.rt.prisma.ticket, query, respondToTicket(ctx.rt, ctx.actor, requireId(args.id, 'Ticket'), args.input as never)),
  }),
  updateResponseTemplate: t.prismaField({
    type: 'ResponseTemplate',
    authScopes: { manager: true },
    args: { key: t.arg.string({ required: true }), input: t.arg({ type: UpdateTemplateInput, required: true }) },
    resolve: (query, _root, args, ctx) => reread(ctx.rt.prisma.responseTemplate, query, updateResponseTemplate(ctx.rt, ctx.actor, args.key, args.input)),
  }),
}));
