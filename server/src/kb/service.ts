// The knowledge base (the guide's "Documentation" and "Continuous Improvement"): an issue that came
// up more than 3 times (same type and similar subject or tag, as top issues group them) becomes a
// candidate; an article is written from its tickets and links them; published articles make the
// public FAQ (/faq); a ticket can be answered with an article's link.
import type { KbArticle, Ticket } from '@opsboard/db';
import { z } from 'zod';
import { fieldError, notFound, parseInput } from '../platform/errors.ts';
import { type Deps, transact } from '../platform/db.ts';
import type { Actor } from '../auth/service.ts';
import { topIssues } from '../reports/metrics.ts';
import { loadTickets } from '../reports/metrics-sql.ts';
import { respondToTicket } from '../tickets/respond.ts';
import { isUuid, text } from '../platform/validation.ts';

/** An issue becomes a KB candidate when it came up more than this many times. */
export const CANDIDATE_THRESHOLD = 3;
const DAY_MS = 86_400_000;

export interface KbCandidate {
  key: string;
  type: string;
  label: string;
  count: number;
  ticketIds: string[];
  /** An article already written from one of these tickets. */
  article: KbArticle | null;
}

/** Issues seen more than 3 times among the counted tickets of the last `days` days, most frequent first. */
export async function kbCandidates(deps: Deps, days = 90): Promise<KbCandidate[]> {
  if (!Number.isInteger(days) || days < 1 || days > 730) throw fieldError('days', `must be a whole number from 1 to 730, got ${days}`);
  const now = deps.clock.now();
  const tickets = await loadTickets(deps.prisma, 'createdAt', new Date(now.getTime() - days * DAY_MS), new Date(now.getTime() + 1));
  const groups = topIssues(tickets, 100, CANDIDATE_THRESHOLD + 1);
  const links = await deps.prisma.kbArticleTicket.findMany({ where: { ticketId: { in: groups.flatMap((g) => g.ticketIds) } }, include: { article: true } });
  return groups.map((g) => ({ ...g, article: links.find((l) => g.ticketIds.includes(l.ticketId))?.article ?? null }));
}

export const CreateKbArticleInput = z.object({
  title: text(200),
  /** Without a body, a draft is written from the tickets: the question and the answer that resolved it. */
  body: text(50_000).optional().nullable(),
  tags: z.array(text(50)).max(20).optional().nullable(),
  ticketIds: z.array(z.uuid('must be ticket ids')).min(1, 'link at least one ticket').max(200),
});
export type CreateKbArticleInput = z.input<typeof CreateKbArticleInput>;

export function slugify(title: string): string {
  return (
    title
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^\w\s-]/g, '')
      .trim()
      .replace(/[\s_-]+/g, '-')
      .slice(0, 80)
      .replace(/-+$/, '') || 'article'
  );
}

export async function createKbArticle(deps: Deps, actor: Actor | null, raw: CreateKbArticleInput): Promise<KbArticle> {
  const input = parseInput(CreateKbArticleInput, raw);
  return transact(deps, async (tx, emit) => {
    const ids = [...new Set(input.ticketIds)];
    const tickets = await tx.ticket.findMany({
      where: { id: { in: ids } },
      include: {
        messages: { where: { direction: 'OUTBOUND', kind: { in: ['RESPONSE', 'USER_UPDATE', 'RESOLUTION_NOTICE'] } }, orderBy: { createdAt: 'desc' }, take: 1 },
      },
      orderBy: { number: 'asc' },
    });
    const missing = ids.filter((id) => !tickets.some((t) => t.id === id));
    if (missing.length) throw fieldError('input.ticketIds', `no ticket with id ${missing.join(', ')}`);
    const prefix = deps.config.ticketPrefix;
    const answer = tickets.find((t) => t.messages[0])?.messages[0]?.body;
    const body =
      input.body ??
      [
        `## The question`,
        tickets[0]!.description,
        '',
        `## The answer`,
        answer ?? '(write the answer here)',
        '',
        `Asked in ${tickets.map((t) => `${prefix}-${t.number}`).join(', ')}.`,
      ].join('\n');
    const base = slugify(input.title);
    const taken = new Set((await tx.kbArticle.findMany({ where: { slug: { startsWith: base } }, select: { slug: true } })).map((a) => a.slug));
    let slug = base;
    for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
    const now = deps.clock.now();
    const tags = input.tags ?? [...new Set(tickets.flatMap((t) => t.tags))].slice(0, 20);
    const article = await tx.kbArticle.create({
      data: {
        slug,
        title: input.title,
        body,
        tags,
        authorId: actor?.userId ?? null,
        createdAt: now,
        updatedAt: now,
        tickets: { create: ids.map((ticketId) => ({ ticketId })) },
      },
    });
    emit({
      topic: 'tickets',
      type: 'KB_ARTICLE_CREATED',
      entityType: 'KbArticle',
      entityId: article.id,
      payload: { id: article.id, slug, title: article.title, tickets: ids.length },
    });
    return article;
  });
}

export async function publishKbArticle(deps: Deps, _actor: Actor | null, id: string): Promise<KbArticle> {
  return transact(deps, async (tx, emit) => {
    const current = await tx.kbArticle.findUnique({ where: { id } });
    if (!current) throw notFound(`KB article ${id.slice(0, 40)}`);
    if (current.status === 'PUBLISHED') return current;
    const now = deps.clock.now();
    const article = await tx.kbArticle.update({ where: { id }, data: { status: 'PUBLISHED', publishedAt: now, updatedAt: now } });
    emit({ topic: 'tickets', type: 'KB_ARTICLE_PUBLISHED', entityType: 'KbArticle', entityId: id, payload: { id, slug: article.slug, title: article.title } });
    return article;
  });
}

export const articleUrl = (deps: Deps, slug: string): string => `${deps.config.publicUrl}/faq/${slug}`;

/**
 * Answers a ticket with a published article's link (a response through respondToTicket, so the
 * e-mail, the first-response clock and the status work as for any response), then links the
 * article and the ticket.
 */
export async function answerWithKbArticle(
  deps: Deps,
  actor: Actor | null,
  ticketId: string,
  raw: { articleId: string; status?: 'IN_PROGRESS' | 'WAITING_ON_USER' | 'RESOLVED' | null },
): Promise<Ticket> {
  const article = isUuid(raw.articleId) ? await deps.prisma.kbArticle.findUnique({ where: { id: raw.articleId } }) : null;
  if (!article) throw fieldError('articleId', 'no KB article with that id');
  if (article.status !== 'PUBLISHED') throw fieldError('articleId', `"${article.title}" is a draft; publish it before sending its link`);
  const body = [
    'Hi {{requester_name}},',
    '',
    `This article answers your question: ${article.title}`,
    articleUrl(deps, article.slug),
    '',
    'If it does not solve it, just reply to this message.',
    '',
    '{{agent_name}}',
  ].join('\n');
  const ticket = await respondToTicket(deps, actor, ticketId, { body, status: raw.status ?? null });
  await deps.prisma.kbArticleTicket.upsert({
    where: { articleId_ticketId: { articleId: article.id, ticketId } },
    create: { articleId: article.id, ticketId },
    update: {},
  });
  return ticket;
}

export async function publishedArticles(deps: Deps): Promise<KbArticle[]> {
  return deps.prisma.kbArticle.findMany({ where: { status: 'PUBLISHED' }, orderBy: [{ publishedAt: 'desc' }, { title: 'asc' }] });
}

export async function publishedArticle(deps: Deps, slug: string): Promise<KbArticle | null> {
  return deps.prisma.kbArticle.findFirst({ where: { slug, status: 'PUBLISHED' } });
}
