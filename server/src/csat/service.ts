// The CSAT survey: on resolution the requester gets a link with a single-use token (only its hash is
// stored); the public page takes one answer per ticket, 1–5 and a comment.
import { createHash, randomBytes } from 'node:crypto';
import type { CsatResponse, Ticket } from '@opsboard/db';
import { z } from 'zod';
import type { Tx } from '../platform/events.ts';
import { inputError, notFound, parseInput } from '../platform/errors.ts';
import { type Deps, transact } from '../platform/db.ts';
import { enqueueNotifications } from '../notifications/service.ts';

export const hashSurveyToken = (token: string): string => createHash('sha256').update(token).digest('hex');
export const surveyUrl = (deps: Deps, token: string): string => `${deps.config.publicUrl}/csat/${token}`;

/**
 * Called in the transaction that resolves a ticket: opens the ticket's survey and queues the e-mail
 * with its link, once per ticket (a ticket resolved again after a reopen is not asked twice).
 * Spam, test and merged tickets and requesters without an e-mail address get none.
 */
export async function sendCsatSurvey(tx: Tx, deps: Deps, ticket: Ticket): Promise<string | null> {
  if (ticket.isSpam || ticket.isTest || ticket.mergedIntoId || !ticket.requesterId) return null;
  const requester = await tx.requester.findUnique({ where: { id: ticket.requesterId }, select: { email: true, name: true } });
  if (!requester?.email) return null;
  if (await tx.csatResponse.findUnique({ where: { ticketId: ticket.id }, select: { id: true } })) return null;
  const now = deps.clock.now();
  const token = randomBytes(24).toString('base64url');
  await tx.csatResponse.create({ data: { ticketId: ticket.id, tokenHash: hashSurveyToken(token), sentAt: now } });
  const number = `${deps.config.ticketPrefix}-${ticket.number}`;
  const link = surveyUrl(deps, token);
  await enqueueNotifications(tx, now, [
    {
      idempotencyKey: `csat:${ticket.id}`,
      channel: 'EMAIL',
      recipient: requester.email,
      template: 'csat_survey',
      subject: `How did we do? [${number}]`,
      body: [
        `Hi ${requester.name?.split(' ')[0] ?? 'there'},`,
        '',
        `Your ticket ${number} "${ticket.title}" has been resolved. How satisfied are you with the help you got?`,
        'One click, 1 (not at all) to 5 (very), and a comment if you like:',
        '',
        link,
        '',
        'The link works once.',
        '',
        'opsboard support',
      ].join('\n'),
      payload: { ticketNumber: number, surveyUrl: link },
      ticketId: ticket.id,
    },
  ]);
  return token;
}

export interface SurveyView {
  ticketNumber: string;
  title: string;
  answeredAt: Date | null;
}

async function findSurvey(db: Deps['prisma'] | Tx, token: string): Promise<(CsatResponse & { ticket: { number: number; title: string } }) | null> {
  if (!/^[A-Za-z0-9_-]{16,128}$/.test(token)) return null;
  return db.csatResponse.findUnique({ where: { tokenHash: hashSurveyToken(token) }, include: { ticket: { select: { number: true, title: true } } } });
}

const unknownSurvey = () => notFound('Survey link (unknown or mistyped; use the link from the e-mail)');
const alreadyAnswered = (at: Date) =>
  inputError(`token: this survey was already answered on ${at.toISOString().slice(0, 10)}; each link works once`, [
    { field: 'token', message: 'already used' },
  ]);

export async function viewSurvey(deps: Deps, token: string): Promise<SurveyView> {
  const survey = await findSurvey(deps.prisma, token);
  if (!survey) throw unknownSurvey();
  return { ticketNumber: `${deps.config.ticketPrefix}-${survey.ticket.number}`, title: survey.ticket.title, answeredAt: survey.answeredAt };
}

export const CsatAnswerInput = z.object({
  rating: z.coerce.number('must be a number from 1 to 5').int('must be a whole number from 1 to 5').min(1, 'must be from 1 to 5').max(5, 'must be from 1 to 5'),
  comment: z.string().trim().max(2_000, 'must be at most 2000 characters').optional().nullable(),
});
export type CsatAnswerInput = z.input<typeof CsatAnswerInput>;

/** Records the answer; a second answer with the same link, or an unknown link, is refused and changes nothing. */
export async function answerSurvey(deps: Deps, token: string, raw: CsatAnswerInput): Promise<CsatResponse> {
  const input = parseInput(CsatAnswerInput, raw);
  return transact(deps, async (tx, emit) => {
    const survey = await findSurvey(tx, token);
    if (!survey) throw unknownSurvey();
    if (survey.answeredAt) throw alreadyAnswered(survey.answeredAt);
    const now = deps.clock.now();
    // Conditional: of two answers racing, one wins.
    const won = await tx.csatResponse.updateMany({
      where: { id: survey.id, answeredAt: null },
      data: { rating: input.rating, comment: input.comment || null, answeredAt: now },
    });
    if (won.count !== 1) throw alreadyAnswered(now);
    emit({
      topic: 'tickets',
      type: 'CSAT_ANSWERED',
      entityType: 'Ticket',
      entityId: survey.ticketId,
      payload: { ticketId: survey.ticketId, number: `${deps.config.ticketPrefix}-${survey.ticket.number}`, rating: input.rating },
    });
    return tx.csatResponse.findUniqueOrThrow({ where: { id: survey.id } });
  });
}
