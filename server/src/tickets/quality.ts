// The guide's "Quality Checks" for every response: the seven checks, ticked on an outbound response
// (a response, a user update or a resolution notice) by its responder or by a reviewer. One review
// per response: the latest replaces the one before; each is kept as an activity on the ticket.
import type { QualityCheck, ResponseReview } from '@opsboard/db';
import { type Deps, transact } from '../platform/db.ts';
import { fieldError } from '../platform/errors.ts';
import { isUuid } from '../platform/validation.ts';
import type { Actor } from '../auth/service.ts';
import { formatTicketNumber, ticketSnapshot } from './model.ts';

/** The seven checks in the guide's order, with the guide's wording. */
export const QUALITY_CHECKS: readonly { key: QualityCheck; label: string }[] = [
  { key: 'CLEAR_AND_HELPFUL', label: 'Response is clear and helpful' },
  { key: 'FRIENDLY_PROFESSIONAL_TONE', label: 'Tone is friendly and professional' },
  { key: 'ALL_QUESTIONS_ANSWERED', label: 'All questions answered' },
  { key: 'NEXT_STEPS', label: 'Next steps provided' },
  { key: 'TIMELINE_SET', label: 'Timeline set' },
  { key: 'FOLLOW_UP_SCHEDULED', label: 'Follow-up scheduled' },
  { key: 'WAY_TO_CONTACT_US', label: 'User has way to contact us again' },
];
export const QUALITY_KEYS: readonly QualityCheck[] = QUALITY_CHECKS.map((c) => c.key);

/** The outbound messages a person wrote to the user; the automatic acknowledgement is not reviewed. */
export const REVIEWED_KINDS = ['RESPONSE', 'USER_UPDATE', 'RESOLUTION_NOTICE'] as const;

/** Whether a review passed every one of the seven checks. */
export const passedAll = (passed: readonly QualityCheck[]): boolean => QUALITY_KEYS.every((k) => passed.includes(k));

/** The passed checks in the guide's order. */
export const inGuideOrder = (passed: readonly QualityCheck[]): QualityCheck[] => QUALITY_KEYS.filter((k) => passed.includes(k));

/**
 * Records the Quality Checks of one outbound response: `passed` are the checks it passed, the others
 * it did not. A second review replaces the first (the latest wins); each leaves an activity row.
 */
export async function reviewResponse(deps: Deps, actor: Actor | null, messageId: string, passed: readonly string[]): Promise<ResponseReview> {
  if (!isUuid(messageId)) throw fieldError('messageId', `no message "${String(messageId).slice(0, 40)}"`);
  const unknown = passed.filter((p) => !QUALITY_KEYS.includes(p as QualityCheck));
  if (unknown.length)
    throw fieldError('passed', `unknown quality check ${unknown.map((u) => `"${u.slice(0, 40)}"`).join(', ')} (known: ${QUALITY_KEYS.join(', ')})`);
  const duplicates = [...new Set(passed.filter((p, i) => passed.indexOf(p) !== i))];
  if (duplicates.length) throw fieldError('passed', `each check at most once; ${duplicates.join(', ')} given twice`);
  const checks = inGuideOrder(passed as QualityCheck[]);
  return transact(deps, async (tx, emit) => {
    const message = await tx.ticketMessage.findUnique({ where: { id: messageId }, include: { ticket: true } });
    if (!message) throw fieldError('messageId', `no message ${messageId}`);
    if (message.direction !== 'OUTBOUND')
      throw fieldError('messageId', `only a response to the user is reviewed; this message is ${message.direction.toLowerCase()}`);
    if (!(REVIEWED_KINDS as readonly string[]).includes(message.kind))
      throw fieldError(
        'messageId',
        message.kind === 'AUTO_ACKNOWLEDGEMENT'
          ? 'the automatic acknowledgement is not reviewed; review a response, user update or resolution notice'
          : `only a response, user update or resolution notice is reviewed, not a ${message.kind.toLowerCase().replace(/_/g, ' ')}`,
      );
    const now = deps.clock.now();
    const reviewerId = actor?.userId ?? null;
    const before = await tx.responseReview.findUnique({ where: { messageId }, select: { passed: true } });
    const review = await tx.responseReview.upsert({
      where: { messageId },
      create: { messageId, reviewerId, passed: checks, reviewedAt: now },
      update: { reviewerId, passed: checks, reviewedAt: now },
    });
    const all = passedAll(checks);
    await tx.ticketActivity.create({
      data: {
        ticketId: message.ticketId,
        actorId: reviewerId,
        action: 'response_reviewed',
        field: 'quality_checks',
        fromValue: before ? `${before.passed.length}/${QUALITY_KEYS.length}` : null,
        toValue: `${checks.length}/${QUALITY_KEYS.length}`,
        data: { messageId, kind: message.kind, passed: checks, passedAll: all },
        createdAt: now,
      },
    });
    const ticket = await tx.ticket.update({ where: { id: message.ticketId }, data: { updatedAt: now } });
    emit({
      topic: 'tickets',
      type: 'TICKET_RESPONSE_REVIEWED',
      entityType: 'Ticket',
      entityId: ticket.id,
      payload: {
        ticket: ticketSnapshot(deps, ticket),
        review: { messageId, passed: checks, passedAll: all, reviewerId, reviewedAt: now.toISOString() },
        number: formatTicketNumber(deps.config.ticketPrefix, ticket.number),
      },
    });
    return review;
  });
}
