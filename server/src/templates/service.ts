// Response templates (the guide's seven, plus the auto-acknowledgement and the escalation): stored
// and editable, rendered with a ticket's data; a text with an unfilled {{placeholder}} is refused.
import type { ResponseTemplate, SlaPolicy, Ticket } from '@opsboard/db';
import { z } from 'zod';
import type { Tx } from '../platform/events.ts';
import { inputError, notFound, parseInput } from '../platform/errors.ts';
import { type Deps, transact } from '../platform/db.ts';
import { renderTemplate, unfilledPlaceholders } from './placeholders.ts';
import type { Actor } from '../auth/service.ts';
import { enqueueNotifications } from '../notifications/service.ts';
import { expectedResponseTime, ticketPolicy } from '../sla/policies.ts';
import { formatTicketNumber } from '../tickets/model.ts';
import { text } from '../platform/validation.ts';

export const SELF_HELP_LINKS = [
  '- User guide: https://help.opsboard.example/guide',
  '- FAQ: https://help.opsboard.example/faq',
  '- System status: https://status.opsboard.example',
].join('\n');

/** Refuses a rendered text that still has placeholders, naming them; `verbatim` is the data it was filled with (see unfilledPlaceholders). */
export function assertFilled(text: string, field: string, verbatim: Record<string, string>): void {
  const left = unfilledPlaceholders(text, Object.values(verbatim));
  if (left.length) {
    const names = left.map((n) => `{{${n}}}`).join(', ');
    throw inputError(`${field}: fill in ${names} before sending`, [{ field, message: `unfilled placeholders: ${names}` }]);
  }
}

/**
 * Values every template can use, from the ticket, its requester, its owner and its SLA policy (the
 * one its clocks run on: `policy` when the caller has it, else the ticket's priority's or, untriaged,
 * the stand-in's).
 */
export async function ticketValues(tx: Tx, deps: Deps, ticket: Ticket, policy?: SlaPolicy): Promise<Record<string, string> & { requesterEmail?: string }> {
  const [requester, owner] = await Promise.all([
    ticket.requesterId ? tx.requester.findUnique({ where: { id: ticket.requesterId } }) : null,
    ticket.ownerId ? tx.user.findUnique({ where: { id: ticket.ownerId }, select: { name: true } }) : null,
  ]);
  return {
    requester_name: requester?.name?.split(' ')[0] ?? requester?.handle ?? 'there',
    requester_contact: requester?.email ?? requester?.handle ?? 'unknown',
    ticket_number: formatTicketNumber(deps.config.ticketPrefix, ticket.number),
    ticket_title: ticket.title,
    priority: ticket.priority ?? 'untriaged',
    agent_name: owner?.name ?? 'Support team',
    expected_response_time: expectedResponseTime(policy ?? (await ticketPolicy(tx, ticket)).policy),
    self_help_links: SELF_HELP_LINKS,
    ...(requester?.email ? { requesterEmail: requester.email } : {}),
  };
}

/**
 * The guide's Step 1 auto-responder: recorded on the ticket as an AUTO_ACKNOWLEDGEMENT message and,
 * when the requester has an e-mail address, queued in the outbox in the same transaction (it is part
 * of TICKET_CREATED, so it has no event of its own). `policy` is the one the new ticket's clocks were
 * armed on (`syncTicketClocks`), so the response time it promises is the FIRST_RESPONSE clock's target.
 */
export async function autoAcknowledge(tx: Tx, deps: Deps, ticket: Ticket, policy: SlaPolicy): Promise<Ticket> {
  const now = deps.clock.now();
  const template = await tx.responseTemplate.findUnique({ where: { key: 'auto_acknowledgement' } });
  if (!template) return ticket;
  const values = await ticketValues(tx, deps, ticket, policy);
  const subject = renderTemplate(template.subject, values);
  const body = renderTemplate(template.body, values);
  // Its own Message-ID, so a reply to the acknowledgement threads into the ticket.
  const messageId = `<${ticket.id}.ack@opsboard>`;
  await tx.ticketMessage.create({
    data: { ticketId: ticket.id, direction: 'OUTBOUND', kind: 'AUTO_ACKNOWLEDGEMENT', body, templateKey: template.key, externalId: messageId, createdAt: now },
  });
  if (values.requesterEmail) {
    await enqueueNotifications(tx, now, [
      {
        idempotencyKey: `auto_acknowledgement:${ticket.id}`,
        channel: 'EMAIL',
        recipient: values.requesterEmail,
        template: template.key,
        subject,
        body,
        payload: { messageId, ticketNumber: values.ticket_number ?? '', expectedResponseTime: values.expected_response_time ?? '' },
        ticketId: ticket.id,
      },
    ]);
  }
  return tx.ticket.update({ where: { id: ticket.id }, data: { acknowledgedAt: now } });
}

export const UpdateTemplateInput = z
  .object({ name: text(200).optional().nullable(), subject: text(500).optional().nullable(), body: text(20_000).optional().nullable() })
  .refine((v) => Object.values(v).some((x) => x != null), { message: 'nothing to change' });
export type UpdateTemplateInput = z.input<typeof UpdateTemplateInput>;

export async function updateResponseTemplate(deps: Deps, actor: Actor | null, key: string, raw: UpdateTemplateInput): Promise<ResponseTemplate> {
  const input = parseInput(UpdateTemplateInput, raw);
  return transact(deps, async (tx, emit) => {
    const current = await tx.responseTemplate.findUnique({ where: { key } });
    if (!current) throw notFound(`Response template ${key.slice(0, 60)}`);
    const data = Object.fromEntries(Object.entries(input).filter(([, v]) => v != null));
    const template = await tx.responseTemplate.update({ where: { key }, data: { ...data, updatedById: actor?.userId ?? null, updatedAt: deps.clock.now() } });
    emit({
      topic: 'tickets',
      type: 'RESPONSE_TEMPLATE_UPDATED',
      entityType: 'ResponseTemplate',
      entityId: template.id,
      payload: { key, changed: Object.keys(data) },
    });
    return template;
  });
}
