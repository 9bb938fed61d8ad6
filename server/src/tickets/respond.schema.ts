// A ticket's messages and the respondToTicket mutation (the guide's Steps 3–5).
import { MessageDirection, MessageKind } from '@opsboard/db';
import { builder } from '../graphql/builder.ts';
import { reread } from '../graphql/reread.ts';
import { requireId } from '../platform/validation.ts';
import { respondToTicket } from './respond.ts';
import './schema.ts';

const MessageDirectionEnum = builder.enumType(MessageDirection, { name: 'MessageDirection' });
const MessageKindEnum = builder.enumType(MessageKind, { name: 'MessageKind' });

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

builder.prismaObjectField('Ticket', 'messages', (t) => t.relation('messages', { query: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] } }));

const RespondInput = builder.inputType('RespondInput', {
  fields: (t) => ({
    templateKey: t.string(),
    body: t.string({ description: 'The text; {{placeholders}} are filled from the ticket and `values`' }),
    values: t.field({ type: 'JSON', description: 'Values for the template placeholders, e.g. { "feature": "PDF export" }' }),
    kind: t.field({ type: MessageKindEnum, description: 'RESPONSE, USER_UPDATE or RESOLUTION_NOTICE; chosen from the ticket when left out' }),
    status: t.string({ description: 'Move the ticket on: IN_PROGRESS, WAITING_ON_USER or RESOLVED' }),
  }),
});

builder.mutationFields((t) => ({
  respondToTicket: t.prismaField({
    type: 'Ticket',
    authScopes: { agent: true },
    description: 'Sends a response or update to the requester; refused while a {{placeholder}} is unfilled.',
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: RespondInput, required: true }) },
    resolve: (query, _root, args, ctx) =>
      reread(ctx.rt.prisma.ticket, query, respondToTicket(ctx.rt, ctx.actor, requireId(args.id, 'Ticket'), args.input as never)),
  }),
}));
