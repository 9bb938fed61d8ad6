// Responding to a ticket (the guide's Steps 3–5): a message to the requester from a response
// template or free text, recorded, queued on the request's channel and counted by the SLA clocks.
import type { Ticket } from '@opsboard/db';
import { z } from 'zod';
import type { Actor } from '../auth/service.ts';
import { replyRoute } from '../notifications/reply-route.ts';
import { enqueueNotifications } from '../notifications/service.ts';
import { type Deps, transact } from '../platform/db.ts';
import { fieldError, notFound, parseInput } from '../platform/errors.ts';
import { text } from '../platform/validation.ts';
import { recordOutbound } from '../sla/service.ts';
import { assertFilled, ticketValues } from '../templates/service.ts';
import { renderTemplate } from '../templates/placeholders.ts';
import { ticketSnapshot } from './model.ts';
import { updateTicketIn } from './service.ts';

export const RespondInput = z
  .object({
    templateKey: text(100).optional().nullable(),
    body: text(20_000).optional().nullable(),
    /** Values for the template's own placeholders ({{feature}}, {{questions}}, …). */
    values: z
      .record(z.string().regex(/^\w{1,50}$/, 'placeholder names are letters, digits and _'), z.string().max(5_000))
      .optional()
      .nullable(),
    kind: z.enum(['RESPONSE', 'USER_UPDATE', 'RESOLUTION_NOTICE']).optional().nullable(),
    status: z.enum(['IN_PROGRESS', 'WAITING_ON_USER', 'RESOLVED']).optional().nullable(),
  })
  .refine((v) => v.templateKey || v.body, { message: 'give a templateKey or a body', path: ['body'] });
export type RespondInput = z.input<typeof RespondInput>;

/**
 * A message to the requester (the guide's Steps 3–5): rendered with the ticket's data, refused while
 * a {{placeholder}} is unfilled, recorded, queued on the request's channel, and counted by the SLA clocks.
 */
export async function respondToTicket(deps: Deps, actor: Actor | null, id: string, raw: RespondInput): Promise<Ticket> {
  const input = parseInput(RespondInput, raw);
  return transact(deps, async (tx, emit) => {
    const ticket = await tx.ticket.findUnique({ where: { id } });
    if (!ticket) throw notFound(`Ticket ${id}`);
    if (ticket.status === 'CLOSED') throw fieldError('id', 'the ticket is closed; reopen it first');
    const template = input.templateKey ? await tx.responseTemplate.findUnique({ where: { key: input.templateKey } }) : null;
    if (input.templateKey && !template) throw fieldError('input.templateKey', `no template "${input.templateKey}"`);
    const author = actor?.userId ? await tx.user.findUnique({ where: { id: actor.userId }, select: { name: true } }) : null;
    const values = { ...(await ticketValues(tx, deps, ticket)), ...(author ? { agent_name: author.name } : {}), ...(input.values ?? {}) };
    const body = renderTemplate(input.body ?? template?.body ?? '', values);
    assertFilled(body, 'input.body', values);
    const subject = renderTemplate(template?.subject ?? 'Re: {{ticket_title}} [{{ticket_number}}]', values);
    assertFilled(subject, 'input.subject', values);
    const now = deps.clock.now();
    const kind = input.kind ?? (input.status === 'RESOLVED' ? 'RESOLUTION_NOTICE' : ticket.firstRespondedAt ? 'USER_UPDATE' : 'RESPONSE');
    const message = await tx.ticketMessage.create({
      data: { ticketId: id, direction: 'OUTBOUND', kind, body, authorId: actor?.userId ?? null, templateKey: template?.key ?? null, createdAt: now },
    });
    // Back on the channel the request came from: a comment on the GitHub issue, an e-mail otherwise.
    const route = replyRoute(deps, ticket, values.requesterEmail);
    if (route.channel) {
      await enqueueNotifications(tx, now, [
        {
          idempotencyKey: `message:${message.id}`,
          channel: route.channel,
          recipient: route.recipient,
          template: template?.key ?? 'response',
          subject,
          body,
          ticketId: id,
        },
      ]);
    }
    let updated = await tx.ticket.update({
      where: { id },
      data: { firstRespondedAt: ticket.firstRespondedAt ?? now, lastUserUpdateAt: now, lastProgressAt: now, updatedAt: now },
    });
    emit({
      topic: 'tickets',
      type: 'TICKET_MESSAGE_ADDED',
      entityType: 'Ticket',
      entityId: id,
      payload: {
        ticket: ticketSnapshot(deps, updated),
        message: { id: message.id, direction: 'OUTBOUND', kind, templateKey: template?.key ?? null, createdAt: now.toISOString() },
      },
    });
    await recordOutbound(tx, emit, deps, updated);
    // A reply moves a triaged ticket to IN_PROGRESS; a NEW one stays NEW until it is triaged (an
    // explicit status is refused there, naming what triage still lacks).
    const status = input.status ?? (updated.status === 'TRIAGED' ? 'IN_PROGRESS' : undefined);
    if (status && status !== updated.status) updated = await updateTicketIn(tx, emit, deps, actor, id, { status });
    // A resolution notice asks the user whether the fix works: the quiet period counts from it.
    if (kind === 'RESOLUTION_NOTICE' && updated.status === 'RESOLVED') {
      updated = await tx.ticket.update({ where: { id }, data: { confirmationAskedAt: now, confirmationRemindedAt: null } });
    }
    return updated;
  });
}
