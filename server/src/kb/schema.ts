// The knowledge base: candidates from repeated issues, articles written from tickets, the FAQ, and
// answering a ticket with an article's link.
import { KbArticleStatus } from '@opsboard/db';
import { builder } from '../graphql/builder.ts';
import { Ticket } from '../tickets/schema.ts';
import {
  answerWithKbArticle,
  articleUrl,
  CANDIDATE_THRESHOLD,
  createKbArticle,
  type KbCandidate as KbCandidateShape,
  kbCandidates,
  publishKbArticle,
} from './service.ts';
import { requireId } from '../platform/validation.ts';
import { reread } from '../graphql/reread.ts';

const KbArticleStatusEnum = builder.enumType(KbArticleStatus, { name: 'KbArticleStatus' });

builder.prismaObject('KbArticle', {
  authScopes: { reader: true },
  description: 'A knowledge base article; PUBLISHED ones are on the public FAQ (/faq).',
  fields: (t) => ({
    id: t.exposeID('id'),
    slug: t.exposeString('slug'),
    title: t.exposeString('title'),
    body: t.exposeString('body'),
    status: t.expose('status', { type: KbArticleStatusEnum }),
    tags: t.exposeStringList('tags'),
    url: t.string({
      description: 'Its public FAQ address (works once published)',
      select: { slug: true },
      resolve: (a, _args, ctx) => articleUrl(ctx.rt, a.slug),
    }),
    author: t.relation('author', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    publishedAt: t.expose('publishedAt', { type: 'DateTime', nullable: true }),
    tickets: t.field({
      type: [Ticket],
      description: 'The tickets it was written from or answered',
      select: { tickets: { select: { ticket: true }, orderBy: { ticket: { number: 'asc' } } } },
      resolve: (a) => a.tickets.map((l) => l.ticket) as never,
    }),
  }),
});

const KbCandidate = builder.objectRef<KbCandidateShape>('KbCandidate').implement({
  description: `An issue that came up more than ${CANDIDATE_THRESHOLD} times (same type and similar subject or tag)`,
  fields: (t) => ({
    key: t.exposeString('key'),
    type: t.exposeString('type'),
    label: t.exposeString('label'),
    count: t.exposeInt('count'),
    tickets: t.prismaField({
      type: ['Ticket'],
      resolve: (query, c, _args, ctx) => ctx.rt.prisma.ticket.findMany({ ...query, where: { id: { in: c.ticketIds } }, orderBy: { number: 'asc' } }),
    }),
    article: t.prismaField({
      type: 'KbArticle',
      nullable: true,
      description: 'An article already written from one of these tickets',
      resolve: (query, c, _args, ctx) => (c.article ? ctx.rt.prisma.kbArticle.findUnique({ ...query, where: { id: c.article.id } }) : null),
    }),
  }),
});

const CreateKbArticleInput = builder.inputType('CreateKbArticleInput', {
  fields: (t) => ({
    title: t.string({ required: true }),
    body: t.string({ description: 'Without it, a draft is written from the tickets (the question and the answer that resolved it)' }),
    tags: t.stringList(),
    ticketIds: t.idList({ required: true }),
  }),
});

builder.queryFields((t) => ({
  kbCandidates: t.field({
    type: [KbCandidate],
    authScopes: { agent: true },
    description: `Issues seen more than ${CANDIDATE_THRESHOLD} times in the last \`days\` days (default 90), most frequent first.`,
    args: { days: t.arg.int({ defaultValue: 90 }) },
    resolve: (_root, args, ctx) => kbCandidates(ctx.rt, args.days ?? 90),
  }),
  kbArticles: t.prismaField({
    type: ['KbArticle'],
    authScopes: { reader: true },
    args: { status: t.arg({ type: KbArticleStatusEnum }) },
    resolve: (query, _root, args, ctx) =>
      ctx.rt.prisma.kbArticle.findMany({ ...query, where: args.status ? { status: args.status } : {}, orderBy: [{ updatedAt: 'desc' }, { title: 'asc' }] }),
  }),
}));

builder.mutationFields((t) => ({
  createKbArticle: t.prismaField({
    type: 'KbArticle',
    authScopes: { agent: true },
    description: 'A draft article written from tickets, linking them.',
    args: { input: t.arg({ type: CreateKbArticleInput, required: true }) },
    resolve: (query, _root, args, ctx) =>
      reread(ctx.rt.prisma.kbArticle, query, createKbArticle(ctx.rt, ctx.actor, { ...args.input, ticketIds: args.input.ticketIds.map(String) })),
  }),
  publishKbArticle: t.prismaField({
    type: 'KbArticle',
    authScopes: { agent: true },
    description: 'Puts the article on the public FAQ.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, args, ctx) => reread(ctx.rt.prisma.kbArticle, query, publishKbArticle(ctx.rt, ctx.actor, requireId(args.id, 'KB article'))),
  }),
  answerWithKbArticle: t.prismaField({
    type: 'Ticket',
    authScopes: { agent: true },
    description: "Answers the ticket with a published article's link (a response like respondToTicket) and links the two.",
    args: {
      ticketId: t.arg.id({ required: true }),
      articleId: t.arg.id({ required: true }),
      status: t.arg.string({ description: 'IN_PROGRESS, WAITING_ON_USER or RESOLVED after the answer' }),
    },
    resolve: (query, _root, args, ctx) => {
      const status = args.status as 'IN_PROGRESS' | 'WAITING_ON_USER' | 'RESOLVED' | null | undefined;
      return reread(
        ctx.rt.prisma.ticket,
        query,
        answerWithKbArticle(ctx.rt, ctx.actor, requireId(args.ticketId, 'Ticket'), { articleId: String(args.articleId), status: status ?? null }),
      );
    },
  }),
}));
