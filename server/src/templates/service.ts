// Response templates (the guide's seven, plus the auto-acknowledgement and the escalation): stored
// and editable, rendered with a ticket's data; a text with an unfilled {{placeholder}} is refused.
import type { ResponseTemplate, SlaPolicy, Ticket } from '@opsboard/db';
import { z } from 'zod';
import type { Tx } from '../platform/events.ts';
import { fieldError, inputError, notFound, parseInput } from '../platform/errors.ts';
import { type Deps, transact } from '../platform/db.ts';
import { describeTarget, renderTemplate } from '../seed/reference.ts';
import type { Actor } from '../auth/service.ts';
import { enqueueNotifications } from '../notifications/service.ts';
import { loadPolicy, policyTarget, recordOutbound } from '../sla/service.ts';
import { formatTicketNumber, ticketSnapshot, updateTicketIn } from '../tickets/service.ts';

export { renderTemplate };

export const SELF_HELP_LINKS = [
  '- User guide: https://help.opsboard.example/guide',
  '- FAQ: https://help.opsboard.example/faq',
  '- System status: https://status.opsboard.example',
].join('\n');

/** Names of the {{placeholders}} still in a text, each once, in order. */
export function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!))];
}

/** Refuses a text that still has placeholders, naming them. */
export function assertFilled(text: string, field: string): void {
  const left = placeholders(text);
  if (left.length) {
    const names = left.map((n) => `{{${n}}}`).join(', ');
    throw inputError(`${field}: fill in ${names} before sending`, [{ field, message: `unfilled placeholders: ${names}` }]);
  }
}

/** "4 business hours", "15 minutes": the first-response promise of the ticket's policy. */
export function expectedResponseTime(policy: SlaPolicy): string {
  const target = policyTarget(policy, 'FIRST_RESPONSE');
  return describeTarget(target.minutes, target.basis);
}

/** Values every template can use, from the ticket, its requester, its owner and its SLA policy. */
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
    expected_response_time: expectedResponseTime(policy ?? (await loadPolicy(tx, ticket.channel, ticket.priority ?? 'P2')).policy),
    self_help_links: SELF_HELP_LINKS,
    ...(requester?.email ? { requesterEmail: requester.email } : {}),
  };
}

/**
 * The guide's Step 1 auto-responder: recorded on the ticket as an AUTO_ACKNOWLEDGEMENT message and,
 * when the requester has an e-mail address, queued in the outbox in the same transaction (it is part
 * of TICKET_CREATED, so it has no event of its own).
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

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

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
    emit({ topic: 'tickets', type: 'RESPONSE_TEMPLATE_UPDATED', entityType: 'ResponseTemplate', entityId: template.id, payload: { key, changed: Object.keys(data) } });
    return template;
  });
}

export const RespondInput = z
  .object({
    templateKey: text(100).optional().nullable(),
    body: text(20_000).optional().nullable(),
    /** Values for the template's own placeholders ({{feature}}, {{questions}}, …). */
    values: z.record(z.string().regex(/^\w{1,50}$/, 'placeholder names are letters, digits and _'), z.string().max(5_000)).optional().nullable(),
    kind: z.enum(['RESPONSE', 'USER_UPDATE', 'RESOLUTION_NOTICE']).optional().nullable(),
    status: z.enum(['IN_PROGRESS', 'WAITING_ON_USER', 'RESOLVED']).optional().nullable(),
  })
  .refine((v) => v.templateKey || v.body, { message: 'give a templateKey or a body', path: ['body'] });
export type RespondInput = z.input<typeof RespondInput>;

/**
 * A message to the requester (the guide's Steps 3–5): rendered with the ticket's data, refused while
 * a {{placeholder}} is unfilled, recorded, queued for e-mail, and counted by the SLA clocks.
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
    assertFilled(body, 'input.body');
    const subject = renderTemplate(template?.subject ?? 'Re: {{ticket_title}} [{{ticket_number}}]', values);
    assertFilled(subject, 'input.subject');
    const now = deps.clock.now();
    const kind = input.kind ?? (input.status === 'RESOLVED' ? 'RESOLUTION_NOTICE' : ticket.firstRespondedAt ? 'USER_UPDATE' : 'RESPONSE');
    const message = await tx.ticketMessage.create({
      data: { ticketId: id, direction: 'OUTBOUND', kind, body, authorId: actor?.userId ?? null, templateKey: template?.key ?? null, createdAt: now },
    });
    if (values.requesterEmail) {
      await enqueueNotifications(tx, now, [
        { idempotencyKey: `message:${message.id}`, channel: 'EMAIL', recipient: values.requesterEmail, template: template?.key ?? 'response', subject, body, ticketId: id },
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
      payload: { ticket: ticketSnapshot(deps, updated), message: { id: message.id, direction: 'OUTBOUND', kind, templateKey: template?.key ?? null, createdAt: now.toISOString() } },
    });
    await recordOutbound(tx, emit, deps, updated);
    const status = input.status ?? (updated.status === 'NEW' || updated.status === 'TRIAGED' ? 'IN_PROGRESS' : undefined);
    if (status && status !== updated.status) updated = await updateTicketIn(tx, emit, deps, actor, id, { status });
    return updated;
  });
}
