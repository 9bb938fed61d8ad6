// Response templates as GraphQL: the stored templates, a template rendered for a ticket, and editing.
import { builder } from '../graphql/builder.ts';
import { reread } from '../graphql/reread.ts';
import { notFound } from '../platform/errors.ts';
import { requireId } from '../platform/validation.ts';
import { placeholders, renderTemplate, unfilledPlaceholders } from './placeholders.ts';
import { ticketValues, updateResponseTemplate } from './service.ts';

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

const RenderedTemplate = builder.objectRef<{ subject: string; body: string; missing: string[]; verbatim: string[] }>('RenderedTemplate').implement({
  fields: (t) => ({
    subject: t.exposeString('subject'),
    body: t.exposeString('body'),
    missing: t.exposeStringList('missing', { description: 'Placeholders still to fill before respondToTicket accepts the text' }),
    verbatim: t.exposeStringList('verbatim', {
      description: "The ticket's data filled into the text that contains {{braces}} of its own (a customer's title, say): not placeholders",
    }),
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
      const [ticket, template] = await Promise.all([
        ctx.rt.prisma.ticket.findUnique({ where: { id } }),
        ctx.rt.prisma.responseTemplate.findUnique({ where: { key: args.key } }),
      ]);
      if (!ticket) throw notFound(`Ticket ${id}`);
      if (!template) throw notFound(`Response template ${args.key.slice(0, 60)}`);
      const extra = args.values && typeof args.values === 'object' ? Object.fromEntries(Object.entries(args.values).map(([k, v]) => [k, String(v)])) : {};
      const values = { ...(await ticketValues(ctx.rt.prisma, ctx.rt, ticket)), ...extra };
      const subject = renderTemplate(template.subject, values);
      const body = renderTemplate(template.body, values);
      const verbatim = Object.values(values).filter((value) => placeholders(value).length > 0);
      return { subject, body, missing: unfilledPlaceholders(`${subject}\n${body}`, verbatim), verbatim };
    },
  }),
}));

builder.mutationFields((t) => ({
  updateResponseTemplate: t.prismaField({
    type: 'ResponseTemplate',
    authScopes: { manager: true },
    args: { key: t.arg.string({ required: true }), input: t.arg({ type: UpdateTemplateInput, required: true }) },
    resolve: (query, _root, args, ctx) => reread(ctx.rt.prisma.responseTemplate, query, updateResponseTemplate(ctx.rt, ctx.actor, args.key, args.input)),
  }),
}));
