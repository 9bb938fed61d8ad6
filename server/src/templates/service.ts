// Response templates (the guide's seven, plus the auto-acknowledgement and the escalation): stored
// and editable, rendered with a ticket's data; a text with an unfilled {{placeholder}} is refused.
import type { ResponseTemplate, SlaPolicy, Ticket } from '@opsboard/db';
import { z } from 'zod';
import type { Tx } from '../platform/events.ts';
import { inputError, notFound, parseInput } from '../platform/errors.ts';
import { type Deps, transact } from '../platform/db.ts';
import { renderTemplate, unfilledPlaceholders } from './placeholders.ts';
import type { Actor } from '../auth/service.ts';
import { replyRoute } from '../notifications/reply-route.ts';
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
  // One after the other: a transaction is one connection, where concurrent queries only queue (and pg deprecates them).
  const requester = ticket.requesterId ? await tx.requester.findUnique({ where: { id: ticket.requesterId } }) : null;
  const owner = ticket.ownerId ? await tx.user.findUnique({ where: { id: ticket.ownerId }, select: { name: true } }) : null;
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

/** Automatic acknowledgements one address gets at most in ACK_WINDOW_MS: a loop or a flood of mail stops there. */
export const ACKS_PER_RECIPIENT = 3;
const ACK_WINDOW_MS = 3_600_000;

/** Mailboxes nobody reads (RFC 3834 §2: never answer them automatically), with or without a +tag. */
const UNANSWERED_SENDER = /^(no-?reply|do-?not-?reply|mailer-daemon|postmaster|bounces?)(\+.*)?$/i;

/** The address in OPSBOARD_MAIL_FROM ("name <address>" or a bare address), lower case. */
const ownAddress = (mailFrom: string) => (/<([^>]+)>/.exec(mailFrom)?.[1] ?? mailFrom).trim().toLowerCase();

/**
 * Why the acknowledgement e-mail must not go to `recipient`, or null: an address nobody reads, our
 * own address (a loop), or one that already got ACKS_PER_RECIPIENT acknowledgements within the hour.
 */
async function acknowledgementBlocked(tx: Tx, deps: Deps, recipient: string, now: Date): Promise<string | null> {
  const address = recipient.toLowerCase();
  if (UNANSWERED_SENDER.test(address.split('@')[0] ?? '')) return 'the sender does not take replies';
  if (address === ownAddress(deps.config.mailFrom)) return 'the sender is this opsboard';
  const recent = await tx.notification.count({
    where: {
      template: 'auto_acknowledgement',
      recipient: { equals: address, mode: 'insensitive' },
      createdAt: { gt: new Date(now.getTime() - ACK_WINDOW_MS) },
    },
  });
  return recent >= ACKS_PER_RECIPIENT ? `${ACKS_PER_RECIPIENT} acknowledgements to this address within the hour` : null;
}

/**
 * The guide's Step 1 auto-responder, on the channel the request came from: recorded on the ticket as
 * an AUTO_ACKNOWLEDGEMENT message and queued in the outbox in the same transaction (it is part of
 * TICKET_CREATED, so it has no event of its own): an e-mail for e-mail and the web form, a comment on
 * the issue for GitHub (with GITHUB_TOKEN). A social or community post gets none: the guide's
 * auto-responder is for e-mail, and a public post is answered by a person. `policy` is the one the
 * new ticket's clocks were armed on (`syncTicketClocks`), so the response time it promises is the
 * FIRST_RESPONSE clock's target. Nothing goes out when `noAutoReply` (the intake's reason: a bulk or
 * automatic message) or the recipient's checks say so; the ticket's history then tells why, and the
 * ticket stays unacknowledged.
 */
export async function autoAcknowledge(tx: Tx, deps: Deps, ticket: Ticket, policy: SlaPolicy, noAutoReply?: string | null): Promise<Ticket> {
  const now = deps.clock.now();
  const template = await tx.responseTemplate.findUnique({ where: { key: 'auto_acknowledgement' } });
  if (!template) return ticket;
  const values = await ticketValues(tx, deps, ticket, policy);
  const route = ticket.channel === 'SOCIAL' || ticket.channel === 'COMMUNITY' ? null : replyRoute(deps, ticket, values.requesterEmail);
  if (route?.channel) {
    const skipped = noAutoReply ?? (route.channel === 'EMAIL' ? await acknowledgementBlocked(tx, deps, route.recipient, now) : null);
    if (skipped) {
      await tx.ticketActivity.create({ data: { ticketId: ticket.id, action: 'auto_acknowledgement_skipped', toValue: skipped, createdAt: now } });
      return ticket;
    }
  }
  const subject = renderTemplate(template.subject, values);
  const body = renderTemplate(template.body, values);
  // Its own Message-ID, so a reply to the acknowledgement threads into the ticket.
  const messageId = `<${ticket.id}.ack@opsboard>`;
  await tx.ticketMessage.create({
    data: { ticketId: ticket.id, direction: 'OUTBOUND', kind: 'AUTO_ACKNOWLEDGEMENT', body, templateKey: template.key, externalId: messageId, createdAt: now },
  });
  if (route?.channel) {
    await enqueueNotifications(tx, now, [
      {
        idempotencyKey: `auto_acknowledgement:${ticket.id}`,
        channel: route.channel,
        recipient: route.recipient,
        template: template.key,
        subject,
        body,
        payload: { messageId, ticketNumber: values.ticket_number ?? '', expectedResponseTime: values.expected_response_time ?? '' },
        ticketId: ticket.id,
      },
    ]);
  } else if (ticket.channel !== 'EMAIL' && ticket.channel !== 'WEB') {
    // A ticket an agent opened without an address needs no word; a request whose channel gets no reply does.
    const why = route ? route.why : `the auto-responder answers e-mail; a ${ticket.channel.toLowerCase()} post is answered by a person`;
    await tx.ticketActivity.create({ data: { ticketId: ticket.id, action: 'auto_acknowledgement_recorded_only', toValue: why, createdAt: now } });
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
